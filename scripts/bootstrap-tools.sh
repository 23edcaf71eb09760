#!/usr/bin/env bash
# bootstrap-tools.sh — build/install the IaC toolchain for the Spark platform
# from package registries only (Go module proxy, PyPI), into a cache directory
# OUTSIDE the repo, then write "$PLATFORM_TOOLS_DIR/env.sh" for other scripts:
#
#     scripts/bootstrap-tools.sh && source "${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/env.sh"
#
# Idempotent: every step is skipped when its (versioned) output already exists,
# so a warm run takes seconds. Build logs: $PLATFORM_TOOLS_DIR/logs/*.log,
# timings: $PLATFORM_TOOLS_DIR/logs/timings.log. Every build prints an estimate
# (the last recorded build time on this machine, else a measured default) and
# its progress every minute.
#
# Tools already on PATH are used as they are when their version is exactly the
# pin below (terraform, tflint, actionlint): the checks must give the same
# answers here and in CI, and a different Terraform minor version validates and
# plans differently (the stack's required_version >= 1.10 is only the floor
# for S3 state locking). The AWS provider comes from registry.terraform.io
# (`terraform providers mirror`) when the registry is reachable; building it
# from the Go module proxy is the fallback.
#
# Env knobs:
#   PLATFORM_TOOLS_DIR     cache dir (default ~/.cache/spark-platform-tools)
#   PLATFORM_TOOLS_PYTHON  python for the venv (default python3.11)
#   PLATFORM_TOOLS_SKIP    space-separated step names to skip
#                          (terraform opentofu provider-aws tflint tflint-ruleset-aws venv actionlint)
#   PLATFORM_PROVIDER_REGISTRY  provider registry probed before building the
#                          provider (default https://registry.terraform.io; "none" = always build)
#   CI=true                any failed step makes the script exit non-zero
#                          (outside CI a failed step is reported and the rest continues;
#                          set BOOTSTRAP_STRICT=1 to get the CI behaviour locally)
#
# ---------------------------------------------------------------------------
# Pinned versions and WHY (read before bumping)
#
# Terraform CLI: Terraform >= 1.9 keeps its remote-state backends (s3, azure,
#   gcs, ...) and internal/legacy in nested Go modules wired up with
#   `replace => ./internal/...` directives. Nested modules are NOT part of the
#   module zip the proxy serves, so the tagged release cannot be built as-is.
#   The proxy serves those nested modules at exactly one pseudo-version
#   (TF_SUBMODULE_VERSION, a main-branch commit of 2025-04-09, shortly before
#   v1.12.0), except .../remote-state/oci which is not served at all. We take
#   the 1.12 line (closest release to that commit; 1.13.3 drifts further) and
#   build TF_VERSION with: the replaces dropped, the nested
#   modules required at TF_SUBMODULE_VERSION, and the "oci" state backend
#   removed from internal/backend/init/init.go (not used by this platform; we
#   use the s3 backend). If that build fails we fall back to OpenTofu
#   (single Go module, builds cleanly) at TOFU_VERSION — see logs/terraform.log.
#
# AWS provider: @cdktf/provider-aws 21.x pins hashicorp/aws 6.25.0. The
#   provider's go.mod has no /v6 suffix, so "v6.25.0" is not a valid Go module
#   version. The proxy serves only v1.60.0 (2019) and PROVIDER_AWS_MODULE_VERSION
#   below; other genuine pseudo-versions (e.g. v1.60.1-0.20250214214949-ddc7bceb2a7a)
#   are refused too, and the v6.25.0 tag's commit hash/time could not be found
#   offline to even try its pseudo-version.
#   We therefore BUILD main-branch commit 5f2286d6d836 (2026-06-02, its
#   version/VERSION says 6.47.1 / CHANGELOG "6.48.0 (Unreleased)"), stamp it
#   with version.ProviderVersion=6.25.0 and place it in the 6.25.0 mirror slot
#   so `terraform init` with `version = "6.25.0"` works offline. Same major
#   version, newer minor: resources/attributes of 6.25.0 are expected to be
#   present (minor releases only add/deprecate), so validation of 6.25.0-era
#   configs should pass; it is NOT the released 6.25.0 binary.
#   The build is TRIMMED to the service packages in scripts/provider-services.txt
#   (scripts/lib/trim_provider.py rewrites the two generated lists that import every service
#   package and every AWS SDK client): ~20 of ~260 services, so it compiles in minutes instead of
#   ~35 minutes on two cores, and the binary is ~150 MB instead of ~900 MB (every terraform init,
#   validate and plan loads a smaller schema). The kept services' code is unchanged; a type from a
#   left-out service is refused by `terraform validate`, and verify names the service to add
#   (scripts/lib/check_provider_services.py, from served-types.tsv written beside the build).
#   Consequence: .terraform.lock.hcl hashes differ from the public registry's
#   6.25.0 hashes — don't commit lock files produced against this mirror.
#   The CDK Terrain flavor (flavors/cdktn: @cdktn/provider-aws 25.7.0) pins
#   6.66.0: the SAME binary is hardlinked into the 6.66.0 slot too
#   (PROVIDER_AWS_FLAVOR_SLOTS), so both slots hold one 6.47-era build; verify
#   and test:flavors thus check both pins' configurations, not two releases.
# ---------------------------------------------------------------------------
set -euo pipefail
shopt -s inherit_errexit

TF_VERSION="${TF_VERSION:-v1.12.2}"
TF_SUBMODULE_VERSION="v0.0.0-20250409131005-35645b8fca68"
TOFU_VERSION="${TOFU_VERSION:-v1.10.6}"
PROVIDER_AWS_VERSION="6.25.0"
PROVIDER_AWS_MODULE_VERSION="v1.60.1-0.20260602190131-5f2286d6d836"
PROVIDER_AWS_FLAVOR_SLOTS="6.66.0" # flavors/cdktn pins it; same binary (see above)
TFLINT_VERSION="v0.61.0"
TFLINT_RULESET_AWS_VERSION="v0.36.0" # newest tflint-ruleset-aws the proxy serves (v0.37.0-v0.45.0 refused); keep .tflint.hcl in sync
ACTIONLINT_VERSION="v1.7.12"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}"
PYTHON="${PLATFORM_TOOLS_PYTHON:-python3.11}"
SKIP=" ${PLATFORM_TOOLS_SKIP:-} "
STRICT=0
if [[ "${CI:-}" == "true" || "${BOOTSTRAP_STRICT:-0}" == "1" ]]; then STRICT=1; fi

mkdir -p "$DIR"/{bin,opt,src,logs,mirror,tflint-plugins}
DIR="$(cd "$DIR" && pwd)"
LOGS="$DIR/logs"
TIMINGS="$LOGS/timings.log"
FAILED=()
T_START=$(date +%s)

log() { printf '[bootstrap] %s\n' "$*"; }
log "tools dir: $DIR"

# Build time estimates in seconds: a cold run (empty Go module and build caches) on a quiet 2-core,
# 24 GiB machine, 2026-12-02; the last successful build recorded in timings.log on this machine
# takes precedence.
declare -A DEFAULT_ESTIMATE=(
  [terraform]=396 [opentofu]=300 [provider-aws]=400 [tflint]=137
  [tflint-ruleset-aws]=167 [venv]=74 [actionlint]=18 [provider-aws-registry]=60
)
mmss() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
# estimate NAME -> "SECONDS SOURCE"
estimate() {
  local recorded
  recorded=$(awk -F'\t' -v n="$1" '$2 == n && $4 == "rc=0" { v = $3 } END { sub(/s$/, "", v); print v }' \
    "$TIMINGS" 2>/dev/null || true)
  if [[ -n "$recorded" ]]; then
    echo "$recorded last-build-here"
  else
    echo "${DEFAULT_ESTIMATE[$1]:-60} measured-default"
  fi
}

# path_tool NAME VERSION CMD...: true when NAME on PATH (outside this cache) reports exactly VERSION
# through CMD; the tool is then linked into the cache's bin/ instead of being built.
path_tool() {
  local name="$1" want="$2" found version
  shift 2
  found=$(PATH="${PATH//$DIR\/bin:/}" command -v "$name" 2>/dev/null) || return 1
  version=$("$found" "$@" 2>/dev/null | head -n1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true)
  if [[ "$version" == "${want#v}" ]]; then
    log "$name ${want#v} ... found on PATH ($found), used as it is"
    ln -sfn "$found" "$DIR/bin/$name"
    return 0
  fi
  log "$name on PATH ($found) is ${version:-of unknown version}, not the pinned ${want#v}: using the pinned build"
  return 1
}

# Go builds: be a good neighbour on a 2-core box, and one build at a time.
export GOMAXPROCS="${GOMAXPROCS:-2}"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
GO_P="${BOOTSTRAP_GO_P:-2}"

TIME_V=()
if [[ -x /usr/bin/time ]]; then TIME_V=(/usr/bin/time -v); fi

# step NAME OUTPUT FUNC: run FUNC in a subshell (output to logs/NAME.log) unless
# OUTPUT exists. Never returns non-zero itself (so `set -e` keeps working inside
# FUNC); the result is in STEP_OK (1/0) and failures are collected in FAILED.
STEP_OK=0
step() {
  local name="$1" output="$2" fn="$3" t0 rc dt rss
  STEP_OK=0
  if [[ "$SKIP" == *" $name "* ]]; then log "$name ... skipped (PLATFORM_TOOLS_SKIP)"; return 0; fi
  if [[ -e "$output" ]]; then log "$name ... cached ($output)"; STEP_OK=1; return 0; fi
  local est src pid next
  read -r est src < <(estimate "$name")
  log "$name ... building, estimate ~$(mmss "$est") ($src; log: $LOGS/$name.log)"
  t0=$(date +%s)
  set +e
  ( set -euo pipefail; "$fn" ) >"$LOGS/$name.log" 2>&1 &
  pid=$!
  next=$((t0 + 60))
  while kill -0 "$pid" 2>/dev/null; do
    sleep 2
    if (( $(date +%s) >= next )); then
      log "$name ... $(mmss $(( $(date +%s) - t0 ))) elapsed of ~$(mmss "$est") estimated"
      next=$((next + 60))
    fi
  done
  wait "$pid"
  rc=$?
  set -e
  dt=$(( $(date +%s) - t0 ))
  printf '%s\t%s\t%ss\trc=%s\n' "$(date -u +%FT%TZ)" "$name" "$dt" "$rc" >>"$TIMINGS"
  if [[ $rc -eq 0 && -e "$output" ]]; then
    rss=$(grep -h 'Maximum resident set size' "$LOGS/$name.log" 2>/dev/null | awk '{print $NF}' | sort -n | tail -1 || true)
    log "$name ... done in ${dt}s${rss:+ (peak RSS $((rss / 1024)) MiB)}"
    STEP_OK=1
  else
    log "$name ... FAILED after ${dt}s (rc=$rc) - last lines of $LOGS/$name.log:"
    tail -n 15 "$LOGS/$name.log" | sed 's/^/[bootstrap]   | /' || true
    FAILED+=("$name")
  fi
  return 0
}

# Download MODULE@VERSION through the proxy and make a writable copy in $DIR/src/NAME.
# Prints the copy's path.
fetch_module_copy() {
  local mod="$1" ver="$2" name="$3" src dir
  local json
  if ! json=$(go mod download -json "$mod@$ver" 2>&1); then
    printf 'go mod download %s@%s failed:\n%s\n' "$mod" "$ver" "$json" >&2
    return 1
  fi
  src=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [[ -n "$src" && -d "$src" ]] || { echo "go mod download $mod@$ver gave no Dir" >&2; return 1; }
  dir="$DIR/src/$name"
  rm -rf "$dir"
  cp -r "$src" "$dir"
  chmod -R u+w "$dir"
  printf '%s\n' "$dir"
}

# go_build SRC_DIR PKG OUT LDFLAGS: build inside SRC_DIR (GOFLAGS=-mod=mod so
# modules with replace directives work), write OUT atomically.
go_build() {
  local src="$1" pkg="$2" out="$3" ldflags="$4"
  mkdir -p "$(dirname "$out")"
  ( cd "$src" && GOFLAGS=-mod=mod "${TIME_V[@]}" go build -p "$GO_P" -trimpath \
      -ldflags "-s -w $ldflags" -o "$out.tmp" "$pkg" )
  mv -f "$out.tmp" "$out"
}

# --- 1. Terraform CLI (fallback: OpenTofu) ---------------------------------
TF_OUT="$DIR/opt/terraform-${TF_VERSION#v}/terraform"
TOFU_OUT="$DIR/opt/opentofu-${TOFU_VERSION#v}/tofu"

build_terraform() {
  local src m
  src=$(fetch_module_copy github.com/hashicorp/terraform "$TF_VERSION" "terraform-$TF_VERSION")
  cd "$src"
  while read -r m; do
    go mod edit -dropreplace="$m"
    if [[ "${m##*/}" == "oci" ]]; then
      go mod edit -droprequire="$m"   # not served by the proxy; drop the oci backend
    else
      go mod edit -require="$m@$TF_SUBMODULE_VERSION"
    fi
  done < <(awk '$1=="replace" && $2 ~ /^github.com\/hashicorp\/terraform\/internal\// {print $2}' go.mod)
  sed -i '/backendOCI/d' internal/backend/init/init.go
  echo "patched go.mod:"; grep -n 'hashicorp/terraform/internal' go.mod || true
  go_build "$src" . "$TF_OUT" "-X github.com/hashicorp/terraform/version.dev=no"
  "$TF_OUT" version
  rm -rf "$src"
}

build_opentofu() {
  local src
  src=$(fetch_module_copy github.com/opentofu/opentofu "$TOFU_VERSION" "opentofu-$TOFU_VERSION")
  go_build "$src" ./cmd/tofu "$TOFU_OUT" "-X github.com/opentofu/opentofu/version.dev=no"
  "$TOFU_OUT" version
  rm -rf "$src"
}

TF_IMPL=""
if [[ "$SKIP" == *" terraform "* ]]; then
  log "terraform ... skipped (PLATFORM_TOOLS_SKIP)"
elif path_tool terraform "$TF_VERSION" version; then
  TF_IMPL=path
elif [[ -x "$TF_OUT" ]]; then
  log "terraform ${TF_VERSION#v} ... cached ($TF_OUT)"; TF_IMPL=terraform
elif [[ -x "$TOFU_OUT" ]]; then
  log "opentofu ${TOFU_VERSION#v} ... cached ($TOFU_OUT) (Terraform build failed earlier: $LOGS/terraform.log)"; TF_IMPL=opentofu
else
  step terraform "$TF_OUT" build_terraform
  if (( STEP_OK )); then
    TF_IMPL=terraform
  else
    log "terraform: Terraform $TF_VERSION could not be built from the proxy (reason: $LOGS/terraform.log); falling back to OpenTofu $TOFU_VERSION"
    unset 'FAILED[${#FAILED[@]}-1]'  # handled by the fallback, if it works
    step opentofu "$TOFU_OUT" build_opentofu
    (( STEP_OK )) && TF_IMPL=opentofu
  fi
fi
if [[ "$TF_IMPL" == terraform ]]; then
  ln -sfn "$TF_OUT" "$DIR/bin/terraform"
elif [[ "$TF_IMPL" == opentofu ]]; then
  log "opentofu is linked as both 'tofu' and 'terraform'"
  ln -sfn "$TOFU_OUT" "$DIR/bin/tofu"
  ln -sfn "$TOFU_OUT" "$DIR/bin/terraform"
fi

# --- 2. AWS provider as an offline filesystem mirror -----------------------
# The build compiles only the service packages in scripts/provider-services.txt (see the header);
# its folder is named by a hash of that list and the trimming script, so changing either rebuilds.
PROVIDER_SERVICES="$REPO_ROOT/scripts/provider-services.txt"
PROVIDER_TRIM_ID=$(cat "$PROVIDER_SERVICES" "$REPO_ROOT/scripts/lib/trim_provider.py" | sha256sum | cut -c1-12)
PROVIDER_BUILD_DIR="$DIR/opt/terraform-provider-aws-${PROVIDER_AWS_MODULE_VERSION}-${PROVIDER_TRIM_ID}"
PROVIDER_BUILD="$PROVIDER_BUILD_DIR/terraform-provider-aws"
MIRROR_STAMP="$DIR/mirror/aws-build.txt" # which build (or "registry") the mirror slots hold
MIRROR_BIN="$DIR/mirror/registry.terraform.io/hashicorp/aws/$PROVIDER_AWS_VERSION/linux_amd64/terraform-provider-aws_v${PROVIDER_AWS_VERSION}_x5"

build_provider_aws() {
  local src
  src=$(fetch_module_copy github.com/hashicorp/terraform-provider-aws "$PROVIDER_AWS_MODULE_VERSION" "terraform-provider-aws")
  echo "building commit ${PROVIDER_AWS_MODULE_VERSION##*-} (version/VERSION: $(cat "$src/version/VERSION")) stamped as $PROVIDER_AWS_VERSION"
  mkdir -p "$PROVIDER_BUILD_DIR"
  (cd "$src" && GOFLAGS=-mod=mod python3 "$REPO_ROOT/scripts/lib/trim_provider.py" "$src" "$PROVIDER_SERVICES" \
    "$PROVIDER_BUILD_DIR/served-types.tsv")
  go_build "$src" . "$PROVIDER_BUILD" "-X github.com/hashicorp/terraform-provider-aws/version.ProviderVersion=$PROVIDER_AWS_VERSION"
  rm -rf "$src"
}
REGISTRY="${PLATFORM_PROVIDER_REGISTRY:-https://registry.terraform.io}"
# The released provider from the registry, laid out as the same filesystem mirror the build fills.
mirror_provider_from_registry() {
  local work
  work=$(mktemp -d)
  printf 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "%s" }\n  }\n}\n' \
    "$PROVIDER_AWS_VERSION" >"$work/main.tf"
  (cd "$work" && "$DIR/bin/terraform" providers mirror -platform=linux_amd64 "$work/packed")
  mkdir -p "$(dirname "$MIRROR_BIN")"
  python3 -m zipfile -e "$work/packed/registry.terraform.io/hashicorp/aws/terraform-provider-aws_${PROVIDER_AWS_VERSION}_linux_amd64.zip" "$(dirname "$MIRROR_BIN")"
  chmod +x "$MIRROR_BIN"
  rm -rf "$work"
}
registry_reachable() {
  [[ "$REGISTRY" != none && -x "$DIR/bin/terraform" ]] &&
    curl -fsS --max-time 5 "$REGISTRY/.well-known/terraform.json" >/dev/null 2>&1
}
if [[ "$SKIP" == *" provider-aws "* ]]; then
  log "provider-aws ... skipped (PLATFORM_TOOLS_SKIP)"
elif [[ -x "$MIRROR_BIN" ]] && grep -qxF -e registry -e "$PROVIDER_BUILD" "$MIRROR_STAMP" 2>/dev/null; then
  log "provider-aws ... cached ($MIRROR_BIN, $(cat "$MIRROR_STAMP"))"
else
  # another build (or none) in the mirror: clear its slots and Terraform's plugin cache of it
  rm -rf "$DIR"/mirror/registry.*/hashicorp/aws "$DIR/tf-plugin-cache" "$MIRROR_STAMP"
  STEP_OK=0
  if registry_reachable; then
    step provider-aws-registry "$MIRROR_BIN" mirror_provider_from_registry
    (( STEP_OK )) && echo registry >"$MIRROR_STAMP"
    (( STEP_OK )) || unset 'FAILED[${#FAILED[@]}-1]' # the build below is the fallback
  else
    log "provider-aws: $REGISTRY is not reachable: building hashicorp/aws from the Go module proxy instead"
  fi
fi
if [[ "$SKIP" != *" provider-aws "* && ! -x "$MIRROR_BIN" ]]; then
  step provider-aws "$PROVIDER_BUILD" build_provider_aws
  if (( STEP_OK )); then
    mkdir -p "$(dirname "$MIRROR_BIN")"
    # ~150 MB binary: hardlink instead of a second copy when possible
    ln -f "$PROVIDER_BUILD" "$MIRROR_BIN.tmp" 2>/dev/null || cp -f "$PROVIDER_BUILD" "$MIRROR_BIN.tmp"
    mv -f "$MIRROR_BIN.tmp" "$MIRROR_BIN"
    echo "$PROVIDER_BUILD" >"$MIRROR_STAMP"
    for other in "$DIR"/opt/terraform-provider-aws-*; do # older or untrimmed builds: 150-900 MB each
      [[ "$other" == "$PROVIDER_BUILD_DIR" ]] || rm -rf "$other"
    done
    log "provider-aws ... installed in mirror ($MIRROR_BIN)"
  fi
fi
# OpenTofu resolves "hashicorp/aws" to registry.opentofu.org: same binary, hardlinked
# (the mirror scan does not follow a symlinked hostname directory); likewise the flavor slots.
[[ -L "$DIR/mirror/registry.opentofu.org" ]] && rm -f "$DIR/mirror/registry.opentofu.org"
for slot in "$PROVIDER_AWS_VERSION" $PROVIDER_AWS_FLAVOR_SLOTS; do
  for host in registry.terraform.io registry.opentofu.org; do
    slot_bin="$DIR/mirror/$host/hashicorp/aws/$slot/linux_amd64/terraform-provider-aws_v${slot}_x5"
    if [[ -x "$MIRROR_BIN" && ! -x "$slot_bin" ]]; then
      mkdir -p "$(dirname "$slot_bin")"
      ln -f "$MIRROR_BIN" "$slot_bin" 2>/dev/null || cp -f "$MIRROR_BIN" "$slot_bin"
    fi
  done
done

cat >"$DIR/terraformrc.tmp" <<EOF
# Generated by scripts/bootstrap-tools.sh — offline provider installation.
disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path    = "$DIR/mirror"
    include = ["registry.terraform.io/hashicorp/*", "registry.opentofu.org/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*", "registry.opentofu.org/hashicorp/*"]
  }
}
EOF
mv -f "$DIR/terraformrc.tmp" "$DIR/terraformrc"

# --- 3. TFLint + tflint-ruleset-aws -----------------------------------------
TFLINT_OUT="$DIR/opt/tflint-${TFLINT_VERSION#v}/tflint"
RULESET_AWS_OUT="$DIR/tflint-plugins/github.com/terraform-linters/tflint-ruleset-aws/${TFLINT_RULESET_AWS_VERSION#v}/tflint-ruleset-aws"

build_tflint() {
  local src
  src=$(fetch_module_copy github.com/terraform-linters/tflint "$TFLINT_VERSION" "tflint-$TFLINT_VERSION")
  go_build "$src" . "$TFLINT_OUT" ""
  "$TFLINT_OUT" --version
  rm -rf "$src"
}
build_tflint_ruleset_aws() {
  local src
  src=$(fetch_module_copy github.com/terraform-linters/tflint-ruleset-aws "$TFLINT_RULESET_AWS_VERSION" "tflint-ruleset-aws-$TFLINT_RULESET_AWS_VERSION")
  go_build "$src" . "$RULESET_AWS_OUT" ""
  rm -rf "$src"
}
if [[ "$SKIP" == *" tflint "* ]]; then
  log "tflint ... skipped (PLATFORM_TOOLS_SKIP)"
elif ! path_tool tflint "$TFLINT_VERSION" --version; then
  step tflint "$TFLINT_OUT" build_tflint
  (( STEP_OK )) && ln -sfn "$TFLINT_OUT" "$DIR/bin/tflint"
fi
step tflint-ruleset-aws "$RULESET_AWS_OUT" build_tflint_ruleset_aws

# TFLint config: the repository's .tflint.hcl is the one source (plugins resolve from
# TFLINT_PLUGIN_DIR, so `tflint --init` is not needed). A copy in the cache lets tools_tflint run
# from anywhere; its ruleset version must be the one built above.
pinned=$(sed -n 's/^[[:space:]]*version[[:space:]]*=[[:space:]]*"\(.*\)"/\1/p' "$REPO_ROOT/.tflint.hcl" | head -n1)
if [[ "$pinned" != "${TFLINT_RULESET_AWS_VERSION#v}" ]]; then
  echo "[bootstrap] .tflint.hcl pins tflint-ruleset-aws $pinned but this script builds ${TFLINT_RULESET_AWS_VERSION#v}; make them equal" >&2
  exit 1
fi
cp -f "$REPO_ROOT/.tflint.hcl" "$DIR/tflint.hcl"

# --- 4. Python venv: checkov + moto[server] ---------------------------------
REQ="$REPO_ROOT/requirements/tools.txt"
VENV="$DIR/venv-tools"
REQ_HASH=$(sha256sum "$REQ" | cut -c1-16)
VENV_STAMP="$VENV/.installed-$REQ_HASH"
build_venv() {
  command -v "$PYTHON" >/dev/null || { echo "$PYTHON not found (set PLATFORM_TOOLS_PYTHON)"; return 1; }
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip
  "${TIME_V[@]}" "$VENV/bin/python" -m pip install --disable-pip-version-check -r "$REQ"
  "$VENV/bin/checkov" --version
  "$VENV/bin/python" -c 'import moto; print("moto", moto.__version__)'
  touch "$VENV_STAMP"
}
step venv "$VENV_STAMP" build_venv
if (( STEP_OK )); then
  # expose only the tools, not the venv's python, on PATH
  for t in checkov moto_server; do ln -sfn "$VENV/bin/$t" "$DIR/bin/$t"; done
fi

# --- 5. actionlint -----------------------------------------------------------
ACTIONLINT_OUT="$DIR/opt/actionlint-${ACTIONLINT_VERSION#v}/actionlint"
build_actionlint() {
  local src
  src=$(fetch_module_copy github.com/rhysd/actionlint "$ACTIONLINT_VERSION" "actionlint-$ACTIONLINT_VERSION")
  go_build "$src" ./cmd/actionlint "$ACTIONLINT_OUT" "-X github.com/rhysd/actionlint.version=${ACTIONLINT_VERSION#v}"
  "$ACTIONLINT_OUT" -version
  rm -rf "$src"
}
if [[ "$SKIP" == *" actionlint "* ]]; then
  log "actionlint ... skipped (PLATFORM_TOOLS_SKIP)"
elif ! path_tool actionlint "$ACTIONLINT_VERSION" -version; then
  step actionlint "$ACTIONLINT_OUT" build_actionlint
  (( STEP_OK )) && ln -sfn "$ACTIONLINT_OUT" "$DIR/bin/actionlint"
fi

# --- env.sh ------------------------------------------------------------------
if [[ "$TF_IMPL" == path ]]; then TF_IMPL=terraform; fi
if [[ -z "$TF_IMPL" ]]; then  # e.g. step skipped: describe what is installed
  if [[ -x "$TF_OUT" ]]; then TF_IMPL=terraform; elif [[ -x "$TOFU_OUT" ]]; then TF_IMPL=opentofu; fi
fi
cat >"$DIR/env.sh.tmp" <<EOF
# Generated by scripts/bootstrap-tools.sh — source me.
export PLATFORM_TOOLS_DIR="$DIR"
case ":\$PATH:" in *":$DIR/bin:"*) ;; *) export PATH="$DIR/bin:\$PATH" ;; esac
export TF_CLI_CONFIG_FILE="$DIR/terraformrc"
export CHECKPOINT_DISABLE=1
export TFLINT_PLUGIN_DIR="$DIR/tflint-plugins"
export PLATFORM_TFLINT_CONFIG="$DIR/tflint.hcl"
export PLATFORM_TOOLS_VENV="$VENV"
# checkov: no calls home (guidelines download / update check); also pass --skip-download
export BC_SKIP_MAPPING=TRUE
export CKV_SKIP_PACKAGE_UPDATE_CHECK=TRUE
export PLATFORM_TF_IMPL="${TF_IMPL:-none}"
export PLATFORM_PROVIDER_MIRROR="$DIR/mirror"
EOF
if grep -qxF "$PROVIDER_BUILD" "$MIRROR_STAMP" 2>/dev/null; then
  # the mirror holds the trimmed build: verify checks the stacks' types against what it serves
  echo "export PLATFORM_PROVIDER_SERVED_TYPES=\"$PROVIDER_BUILD_DIR/served-types.tsv\"" >>"$DIR/env.sh.tmp"
fi
if [[ "$TF_IMPL" == opentofu ]]; then
  echo "export TERRAFORM_BINARY_NAME=\"$DIR/bin/tofu\"   # cdktf: use OpenTofu" >>"$DIR/env.sh.tmp"
fi
mv -f "$DIR/env.sh.tmp" "$DIR/env.sh"

TOTAL=$(( $(date +%s) - T_START ))
log "env: source $DIR/env.sh"
if (( ${#FAILED[@]} )); then
  log "finished in ${TOTAL}s with FAILED steps: ${FAILED[*]} (logs in $LOGS)"
  if (( STRICT )); then exit 1; fi
  log "not failing (CI!=true); set BOOTSTRAP_STRICT=1 to fail"
else
  log "all done in ${TOTAL}s"
fi
