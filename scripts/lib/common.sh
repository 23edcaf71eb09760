# shellcheck shell=bash
# Shared helpers for scripts/verify.sh and scripts/deploy-local.sh. Source me; do not run me.
#
#   LOG_TAG=verify source scripts/lib/common.sh
#
# Provides: log/warn/die, load_tools (sources $PLATFORM_TOOLS_DIR/env.sh), require_tool (a missing
# tool fails the run under CI=true and is a visible skip otherwise), run_step (timed step that runs
# in a subshell with errexit really on, and records its status), print_step_summary, list_stacks.

# shellcheck disable=SC2034 # used by the scripts that source this file
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}"
LOG_TAG="${LOG_TAG:-platform}"
export CHECKPOINT_DISABLE=1 # no Terraform/cdktf version checks against the internet

is_ci() { [[ "${CI:-}" == "true" ]]; }
# Strict: a missing tool is an error. Always in CI; locally with VERIFY_STRICT=1.
is_strict() { is_ci || [[ "${VERIFY_STRICT:-0}" == "1" ]]; }

_ts() { date -u +%H:%M:%S; }
log() { printf '[%s %s] %s\n' "$LOG_TAG" "$(_ts)" "$*"; }
warn() { printf '[%s %s] WARNING: %s\n' "$LOG_TAG" "$(_ts)" "$*" >&2; }
die() {
  printf '[%s %s] ERROR: %s\n' "$LOG_TAG" "$(_ts)" "$*" >&2
  exit 1
}
hr() { printf '%s\n' "------------------------------------------------------------------------------"; }

# Sources the env.sh written by scripts/bootstrap-tools.sh (PATH, TF_CLI_CONFIG_FILE, TFLINT_PLUGIN_DIR...).
load_tools() {
  local env_file="$TOOLS_DIR/env.sh"
  if [[ -f "$env_file" ]]; then
    # shellcheck disable=SC1090
    source "$env_file"
    TOOLS_DIR="$PLATFORM_TOOLS_DIR"
    log "tools: $env_file (terraform impl: ${PLATFORM_TF_IMPL:-unknown})"
  elif [[ "${PLATFORM_TOOLS_FROM_PATH:-0}" == 1 ]]; then
    log "tools: from PATH (PLATFORM_TOOLS_FROM_PATH=1, e.g. GitHub Actions setup-* steps); providers from the registry"
  elif is_strict; then
    die "$env_file not found: the IaC tools are not bootstrapped. Run 'npm run bootstrap' (scripts/bootstrap-tools.sh) first."
  else
    warn "$env_file not found (run 'npm run bootstrap'); using tools from PATH only"
  fi
  # Providers are installed once into a shared cache and symlinked into each stack's .terraform/
  # (the AWS provider binary is ~700 MB; copying it per stack costs seconds and gigabytes).
  export TF_PLUGIN_CACHE_DIR="${TF_PLUGIN_CACHE_DIR:-$TOOLS_DIR/tf-plugin-cache}"
  mkdir -p "$TF_PLUGIN_CACHE_DIR"
  export TF_IN_AUTOMATION=1
}

# The terraform CLI to run: cdktf's TERRAFORM_BINARY_NAME (OpenTofu fallback), else `terraform`.
tf_bin() { printf '%s' "${TERRAFORM_BINARY_NAME:-terraform}"; }

# require_tool NAME HINT -> 0 if NAME is on PATH. Otherwise: strict -> exit 1 with HINT; else warn, 1.
MISSING_TOOLS=()
require_tool() {
  local name="$1" hint="$2"
  if command -v "$name" >/dev/null 2>&1; then return 0; fi
  if is_strict; then
    die "required tool '$name' not found on PATH. $hint"
  fi
  warn "'$name' not found on PATH: its checks are SKIPPED (this fails under CI=true). $hint"
  MISSING_TOOLS+=("$name")
  return 1
}

# run_step NAME CMD... : runs CMD in a subshell with `set -euo pipefail` in force (a function called
# from `if` would silently lose errexit), prints progress and duration, records the result.
# Returns CMD's exit status; the caller decides whether to go on.
STEP_NAMES=()
STEP_SECS=()
STEP_RESULTS=()
run_step() {
  local name="$1" t0 rc dt
  shift
  log ">>> $name"
  t0=$(date +%s)
  set +e
  (
    set -euo pipefail
    "$@"
  )
  rc=$?
  set -e
  dt=$(($(date +%s) - t0))
  STEP_NAMES+=("$name")
  STEP_SECS+=("$dt")
  if ((rc == 0)); then
    STEP_RESULTS+=("ok")
    log "<<< $name: ok (${dt}s)"
  else
    STEP_RESULTS+=("FAILED(rc=$rc)")
    log "<<< $name: FAILED (rc=$rc, ${dt}s)"
  fi
  return "$rc"
}

# skip_step NAME REASON: record a step that could not run (tool missing outside CI).
skip_step() {
  STEP_NAMES+=("$1")
  STEP_SECS+=("0")
  STEP_RESULTS+=("SKIPPED: $2")
  warn "--- $1: SKIPPED ($2)"
}

# not_run_step NAME REASON: record a step that could not run because an earlier one failed.
not_run_step() {
  STEP_NAMES+=("$1")
  STEP_SECS+=("0")
  STEP_RESULTS+=("FAILED: not run, $2")
}

# Prints the step table; returns 1 if any step failed.
print_step_summary() {
  local i failed=0 total=0
  hr
  printf '%-58s %7s  %s\n' "step" "seconds" "result"
  hr
  for i in "${!STEP_NAMES[@]}"; do
    printf '%-58s %7s  %s\n' "${STEP_NAMES[$i]}" "${STEP_SECS[$i]}" "${STEP_RESULTS[$i]}"
    total=$((total + STEP_SECS[i]))
    [[ "${STEP_RESULTS[$i]}" == FAILED* ]] && failed=$((failed + 1))
  done
  hr
  printf '%-58s %7s  %s\n' "total (sum of steps)" "$total" "$failed failed"
  ((failed == 0))
}

# list_stacks OUTDIR: stack names of a synthesized app (from OUTDIR/manifest.json), one a line.
list_stacks() {
  node -e '
    const m = JSON.parse(require("fs").readFileSync(process.argv[1] + "/manifest.json", "utf8"));
    for (const name of Object.keys(m.stacks)) console.log(name);
  ' "$1"
}

# throwaway_certs DIR ENV...: Client VPN test certificates (CA, server, client) per environment in
# DIR/<env>/, generated once and reused, for synthesizing with PLATFORM_CERTIFICATES_DIR=DIR: an
# environment without ACM certificate ARNs imports certificates/<env>/ with Terraform's file(),
# which validate, TFLint and the emulated deploy evaluate. Never touches certificates/.
throwaway_certs() {
  local dir="$1" env
  shift
  mkdir -p "$dir"
  for env in "$@"; do
    [[ -f "$dir/$env/server.crt" && -f "$dir/$env/ca.crt" ]] && continue
    if ! npx --no-install tsx "$REPO_ROOT/scripts/generate-certs.ts" --env "$env" --out "$dir/$env" \
      >"$dir/$env.log" 2>&1; then
      cat "$dir/$env.log"
      return 1
    fi
    echo "throwaway Client VPN certificates for $env: $dir/$env"
  done
}

# Environments shipped in environments/*.tfvars, one a line.
shipped_envs() {
  local f
  for f in "$REPO_ROOT"/environments/*.tfvars; do basename "$f" .tfvars; done
}

