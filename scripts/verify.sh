#!/usr/bin/env bash
# verify.sh — static verification of the synthesized Terraform (npm run verify).
#
#   1. synthesize every stack as JSON (cdktf.out) and as HCL (cdktf.out.hcl)
#   2. the HCL is checked AS WRITTEN: the app repairs cdktf's HCL rendering and writes the accepted
#      checkov findings as `#checkov:skip=` comments itself (src/lib/hcl-output.ts); this step
#      prints the skips table (scripts/lib/checkov_skips.py) and fails if that changed any file
#   2b. the CDK Terrain flavor (scripts/flavor.sh cdktn) synthesizes the same sources as JSON; steps
#      3 and 4 cover its stacks too, so the provider version each flavor pins (6.25.0 / 6.66.0) is
#      initialized, validated and linted (VERIFY_FLAVORS="cdktn" by default; "" skips)
#   3. per stack, both forms: terraform init -backend=false (offline, from the provider mirror
#      built by scripts/bootstrap-tools.sh) + terraform validate
#   4. per stack, both forms: TFLint with the terraform "recommended" preset and the AWS ruleset
#      (.tflint.hcl); any issue (error, warning or notice) fails
#   5. checkov on the HCL form: any failed check or parsing error fails
#   6. actionlint on .github/workflows
#
# Every check runs even if an earlier one failed; the run fails at the end if any did. Tools come
# from "${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/env.sh" (npm run bootstrap). With
# CI=true (or VERIFY_STRICT=1) a missing tool fails the run; otherwise its checks are skipped, loudly.
#
# PLATFORM_TOOLS_FROM_PATH=1 (GitHub Actions): take the tools from PATH instead of env.sh and let
# terraform init download the provider.
#
# Env: VERIFY_STACKS="a b" (default: all synthesized stacks), VERIFY_OUT_JSON (cdktf.out),
#      VERIFY_OUT_HCL (cdktf.out.hcl), VERIFY_LOG_DIR (cdktf.out.verify), TF_WARNINGS_FAIL=1.
set -euo pipefail
shopt -s inherit_errexit

LOG_TAG=verify
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

OUT_JSON="${VERIFY_OUT_JSON:-cdktf.out}"
OUT_HCL="${VERIFY_OUT_HCL:-cdktf.out.hcl}"
LOG_DIR="${VERIFY_LOG_DIR:-cdktf.out.verify}"
LIB="$REPO_ROOT/scripts/lib"
T_START=$(date +%s)
mkdir -p "$LOG_DIR"
LOG_DIR="$(cd "$LOG_DIR" && pwd)"
rm -rf "$LOG_DIR/checkov-skips.md" "$LOG_DIR/checkov-quiet.json" "$LOG_DIR/checkov-full"

log "verifying the synthesized Terraform (CI=${CI:-false}); logs: $LOG_DIR"
load_tools
# verify checks what ships to AWS, never the emulator variant
unset PLATFORM_EMULATOR_ENDPOINT PLATFORM_EMULATOR_SKIP
TF="$(tf_bin)"

# --- tools ---------------------------------------------------------------------------------------
BOOT="run 'npm run bootstrap' (scripts/bootstrap-tools.sh)"
command -v node >/dev/null || die "node not found: install Node.js >= 20.19 and run 'npm ci'"
command -v python3 >/dev/null || die "python3 not found (needed by scripts/lib/*.py)"
HAVE_TF=0 HAVE_TFLINT=0 HAVE_CHECKOV=0 HAVE_ACTIONLINT=0
if require_tool "$TF" "Terraform >= 1.10 (or OpenTofu): $BOOT"; then
  if [[ "${PLATFORM_TOOLS_FROM_PATH:-0}" == 1 ]]; then
    HAVE_TF=1 # terraform init installs the provider from the registry
  elif [[ -n "${TF_CLI_CONFIG_FILE:-}" && -f "${TF_CLI_CONFIG_FILE}" ]] &&
    compgen -G "${PLATFORM_PROVIDER_MIRROR:-/nonexistent}/registry.terraform.io/hashicorp/aws/*/*/terraform-provider-aws*" >/dev/null; then
    HAVE_TF=1
  elif is_strict; then
    die "the offline AWS provider mirror is missing (TF_CLI_CONFIG_FILE='${TF_CLI_CONFIG_FILE:-}', mirror '${PLATFORM_PROVIDER_MIRROR:-}'): $BOOT"
  else
    warn "the offline AWS provider mirror is missing: terraform init/validate are SKIPPED ($BOOT)"
    MISSING_TOOLS+=("aws-provider-mirror")
  fi
fi
if require_tool tflint "TFLint + tflint-ruleset-aws: $BOOT"; then
  ruleset_version=$(sed -n 's/^[[:space:]]*version[[:space:]]*=[[:space:]]*"\(.*\)"/\1/p' .tflint.hcl | head -n1)
  ruleset="${TFLINT_PLUGIN_DIR:-$HOME/.tflint.d/plugins}/github.com/terraform-linters/tflint-ruleset-aws/$ruleset_version/tflint-ruleset-aws"
  if [[ -x "$ruleset" ]]; then
    HAVE_TFLINT=1
  elif is_strict; then
    die "tflint-ruleset-aws $ruleset_version (pinned in .tflint.hcl) not found at $ruleset: $BOOT"
  else
    warn "tflint-ruleset-aws $ruleset_version not found at $ruleset: TFLint is SKIPPED ($BOOT)"
    MISSING_TOOLS+=("tflint-ruleset-aws")
  fi
fi
require_tool checkov "checkov (tools venv): $BOOT" && HAVE_CHECKOV=1
require_tool actionlint "actionlint: $BOOT" && HAVE_ACTIONLINT=1
{
  printf 'node %s\n' "$(node --version)"
  ((HAVE_TF)) && "$TF" version | head -n1
  ((HAVE_TFLINT)) && tflint --version | tr '\n' ' ' && echo
  ((HAVE_CHECKOV)) && printf 'checkov %s\n' "$(checkov --version)"
  ((HAVE_ACTIONLINT)) && printf 'actionlint %s\n' "$(actionlint -version | head -n1)"
} | sed 's/^/  tool: /' || true

# --- 1. synthesize -------------------------------------------------------------------------------
synth() { # synth LOGNAME ARGS...
  local name="$1"
  shift
  if ! npx --no-install cdktf synth "$@" >"$LOG_DIR/$name.log" 2>&1; then
    # without the CLI's spinner frames and colour codes
    sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$LOG_DIR/$name.log" | grep -Ev '^\S*\s*(Synthesizing|Processing|Starting)\s*$|^\s*$|^npm warn' |
      tail -n 40
    return 1
  fi
  grep -E 'Generated Terraform code' -A2 "$LOG_DIR/$name.log" | tr -s '\n' ' ' || true
  echo
}
# Environments that import Client VPN certificates from certificates/<env>/ need the files for
# validate and TFLint (file() is evaluated): use throwaway ones, never the developer's certificates/.
mapfile -t SHIPPED < <(shipped_envs)
run_step "client VPN test certificates" throwaway_certs "$LOG_DIR/certificates" "${SHIPPED[@]}" ||
  die "could not create the throwaway VPN certificates"
export PLATFORM_CERTIFICATES_DIR="$LOG_DIR/certificates"
run_step "synth json -> $OUT_JSON" synth synth-json --output "$OUT_JSON" ||
  {
    print_step_summary || true
    die "synthesis failed; nothing to verify"
  }
HCL_OK=1
run_step "synth hcl -> $OUT_HCL" synth synth-hcl --hcl --output "$OUT_HCL" || HCL_OK=0

# the other flavors' JSON (same sources), for the provider version each pins
read -r -a FLAVORS <<<"${VERIFY_FLAVORS-cdktn}"
FLAVOR_OK=()
for flavor in "${FLAVORS[@]}"; do
  tree="$LOG_DIR/flavor-$flavor"
  synth_flavor() {
    FLAVOR_TREE="$tree" bash scripts/flavor.sh "$flavor" synth >"$LOG_DIR/synth-$flavor.log" 2>&1 ||
      { tail -n 40 "$LOG_DIR/synth-$flavor.log"; return 1; }
  }
  if run_step "synth json, flavor $flavor -> $tree/cdktf.out" synth_flavor; then FLAVOR_OK+=("$flavor"); fi
done

# --- 1b. the local provider build serves every type the stacks use ---------------------------------
served_types() {
  local outdirs=("$OUT_JSON") flavor
  for flavor in "${FLAVOR_OK[@]}"; do outdirs+=("$LOG_DIR/flavor-$flavor/cdktf.out"); done
  python3 "$LIB/check_provider_services.py" "$PLATFORM_PROVIDER_SERVED_TYPES" "${outdirs[@]}"
}
if [[ -n "${PLATFORM_PROVIDER_SERVED_TYPES:-}" ]]; then
  run_step "provider build serves every resource type" served_types || true
fi

mapfile -t ALL_STACKS < <(list_stacks "$OUT_JSON")
read -r -a STACKS <<<"${VERIFY_STACKS:-${ALL_STACKS[*]}}"
log "stacks: ${STACKS[*]}"

# --- 2. HCL form as written: the skips table; the injection must find nothing to add ----------------
hcl_skips_table() {
  local before after
  before=$(cat "$OUT_HCL"/stacks/*/cdk.tf | sha256sum)
  python3 "$LIB/checkov_skips.py" inject "$OUT_JSON" "$OUT_HCL" --table "$LOG_DIR/checkov-skips.md"
  after=$(cat "$OUT_HCL"/stacks/*/cdk.tf | sha256sum)
  [[ "$before" == "$after" ]] ||
    { echo "the synthesized HCL lacked checkov skips that the JSON records (src/lib/hcl-output.ts)"; return 1; }
}
if ((HCL_OK)); then
  run_step "HCL as written: checkov skips table" hcl_skips_table || true
else
  not_run_step "HCL as written: checkov skips table" "HCL synth failed"
fi

# --- 3. terraform init + validate ----------------------------------------------------------------
tf_validate() { # tf_validate DIR LABEL
  local dir="$1" label="$2"
  cd "$dir"
  # a lock file or .terraform/ from an earlier run may pin another provider build than the mirror's
  rm -rf .terraform .terraform.lock.hcl
  if ! "$TF" init -backend=false -input=false -no-color >"$LOG_DIR/init-$label.log" 2>&1; then
    # init also parses the configuration; show each distinct problem once, lines cut to 200 chars
    awk '/^(Error|Warning): /{d=$0; next} /^  on /{print d " |" $0; d=""} END{if (d) print d}' \
      "$LOG_DIR/init-$label.log" | cut -c1-220 | sort | uniq -c | sort -rn | head -n 40
    echo "  $label: terraform init failed (full log: $LOG_DIR/init-$label.log)"
    return 1
  fi
  "$TF" validate -json -no-color | python3 "$LIB/tf_diagnostics.py" "$label"
}
# form_dir FORM: the outdir of a form: json, hcl or a flavor's name (its JSON)
form_dir() {
  case "$1" in
    json) echo "$OUT_JSON" ;;
    hcl) echo "$OUT_HCL" ;;
    *) echo "$LOG_DIR/flavor-$1/cdktf.out" ;;
  esac
}
FORMS=(json hcl "${FLAVOR_OK[@]}")
for stack in "${STACKS[@]}"; do
  for form in "${FORMS[@]}"; do
    out="$(form_dir "$form")"
    if [[ $form == hcl ]] && ((!HCL_OK)); then
      not_run_step "terraform validate $form/$stack" "HCL synth failed"
    elif ((HAVE_TF)); then
      run_step "terraform validate $form/$stack" tf_validate "$out/stacks/$stack" "$form-$stack" || true
    else
      skip_step "terraform validate $form/$stack" "no terraform/provider mirror"
    fi
  done
done

# --- 4. TFLint -----------------------------------------------------------------------------------
tflint_stack() { # tflint_stack DIR
  tflint --chdir "$1" --config "$REPO_ROOT/.tflint.hcl" --format compact --no-color \
    --minimum-failure-severity=notice
}
for stack in "${STACKS[@]}"; do
  for form in "${FORMS[@]}"; do
    out="$(form_dir "$form")"
    if [[ $form == hcl ]] && ((!HCL_OK)); then
      not_run_step "tflint $form/$stack" "HCL synth failed"
    elif ((HAVE_TFLINT)); then
      run_step "tflint $form/$stack" tflint_stack "$out/stacks/$stack" || true
    else
      skip_step "tflint $form/$stack" "no tflint/tflint-ruleset-aws"
    fi
  done
done

# --- 5. checkov ----------------------------------------------------------------------------------
checkov_scan() {
  local rc=0
  rm -rf "$LOG_DIR/checkov-full"
  # The gate: failed checks only, in checkov's compact form. --skip-download: no calls to the
  # vendor platform (this runs offline); no global skips: accepted findings are per resource.
  checkov -d "$OUT_HCL/stacks" --framework terraform --compact --quiet --skip-download \
    -o cli -o json --output-file-path "console,$LOG_DIR/checkov-quiet.json" 2>"$LOG_DIR/checkov.stderr" || rc=$?
  # The same scan in full, for the report: skips that checkov used, parsing errors, counts per stack.
  checkov -d "$OUT_HCL/stacks" --framework terraform --skip-download \
    -o json --output-file-path "$LOG_DIR/checkov-full" >/dev/null 2>>"$LOG_DIR/checkov.stderr" || true
  echo
  python3 "$LIB/checkov_skips.py" report "$LOG_DIR/checkov-quiet.json" \
    "$LOG_DIR/checkov-full/results_json.json" "$OUT_JSON" "$OUT_HCL" || rc=1
  return "$rc"
}
if ((!HCL_OK)); then
  not_run_step "checkov (HCL, all stacks)" "HCL synth failed"
elif ((HAVE_CHECKOV)); then
  run_step "checkov (HCL, all stacks)" checkov_scan || true
else
  skip_step "checkov (HCL, all stacks)" "no checkov"
fi

# --- 6. actionlint -------------------------------------------------------------------------------
if ((HAVE_ACTIONLINT)); then
  run_step "actionlint .github/workflows" actionlint -no-color || true
else
  skip_step "actionlint .github/workflows" "no actionlint"
fi

# --- summary -------------------------------------------------------------------------------------
echo
log "accepted checkov findings (skipCheck in src/; table in docs/toolchain-and-tests.md):"
cat "$LOG_DIR/checkov-skips.md" 2>/dev/null || echo "  (none recorded)"
echo
status=0
print_step_summary || status=1
log "wall time: $(($(date +%s) - T_START))s"
if ((status)); then
  log "VERIFY FAILED: see the FAILED steps above (logs: $LOG_DIR)"
  exit 1
fi
if ((${#MISSING_TOOLS[@]})); then
  warn "VERIFY INCOMPLETE: missing ${MISSING_TOOLS[*]}; their checks were skipped ($BOOT). CI fails on this."
  exit 0
fi
log "VERIFY PASSED"
