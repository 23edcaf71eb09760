#!/usr/bin/env bash
# deploy-local.sh — apply the platform to an emulated AWS (moto server) and tear it down again.
#
#   npm run deploy:local               # every shipped environment (environments/*.tfvars)
#   npm run deploy:local -- dev        # one or more: dev staging prod
#
# Starts moto_server (tools venv) on 127.0.0.1 on a free port and ALWAYS stops it on exit;
# synthesizes with PLATFORM_EMULATOR_ENDPOINT (the app points the provider's endpoints and the S3
# backend at the emulator; src/stacks/aws-provider.ts) into its own outdir; then, with test
# credentials only:
#   state-backend (local state): init, apply            -> the state bucket exists in the emulator
#   per platform-<env> (S3 backend + use_lockfile):      init, plan, apply, plan -detailed-exitcode
#                                                        (must be "no changes"), destroy
#   state-backend: empty the state bucket, destroy
# Every environment runs even if an earlier one failed; the run fails at the end if any did.
#
# Resource types moto cannot emulate are excluded in ONE place, by the app itself while it
# synthesizes for the emulator: EMULATOR_UNSUPPORTED_TYPES in src/lib/emulator-exclusions.ts (each
# with moto's error), with every resource/output that references them (override: PLATFORM_EMULATOR_SKIP).
#
# Env: DEPLOY_LOCAL_OUT (cdktf.out.emulator), DEPLOY_LOCAL_LOG_DIR (<out>/logs),
#      DEPLOY_LOCAL_REPORT=<file> (one "env<TAB>ok|FAILED<TAB>step" line per environment),
#      DEPLOY_LOCAL_KEEP=1 (skip all destroys; moto still stops, so nothing survives the run),
#      DEPLOY_LOCAL_AFTER_APPLY=<script> (run as `bash <script> <env>` after the clean re-plan, before
#      the destroy, with DL_OUT DL_LOG_DIR DL_TF DL_ENDPOINT DL_CERT_DIR set; a failure fails the env),
#      DEPLOY_LOCAL_AFTER_APPLY_ENVS="staging" (run that hook only for these environments; default all).
set -euo pipefail
shopt -s inherit_errexit

LOG_TAG=deploy-local
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

OUT="${DEPLOY_LOCAL_OUT:-cdktf.out.emulator}"
T_START=$(date +%s)

# --- arguments -----------------------------------------------------------------------------------
mapfile -t SHIPPED < <(shipped_envs)
ordered=()
for e in dev staging prod; do [[ " ${SHIPPED[*]} " == *" $e "* ]] && ordered+=("$e"); done
for e in "${SHIPPED[@]}"; do [[ " ${ordered[*]} " == *" $e "* ]] || ordered+=("$e"); done
if (($#)); then ENVS=("$@"); else ENVS=("${ordered[@]}"); fi
for e in "${ENVS[@]}"; do
  [[ "$e" =~ ^-h|--help$ ]] && {
    sed -n '2,25p' "$0"
    exit 0
  }
  [[ " ${SHIPPED[*]} " == *" $e "* ]] || die "unknown environment '$e' (shipped: ${SHIPPED[*]})"
done

# --- tools ---------------------------------------------------------------------------------------
load_tools
export VERIFY_STRICT=1 # nothing here is optional: a missing tool fails the run
BOOT="run 'npm run bootstrap' (scripts/bootstrap-tools.sh)"
TF="$(tf_bin)"
require_tool node "install Node.js >= 20.19 and run 'npm ci'"
require_tool python3 "needed by scripts/lib/*.py"
require_tool "$TF" "Terraform >= 1.10 (or OpenTofu): $BOOT"
require_tool moto_server "moto[server] (tools venv): $BOOT"
require_tool curl "needed to wait for the emulator"
# shellcheck source=scripts/lib/emulator.sh
source "$REPO_ROOT/scripts/lib/emulator.sh"
require_moto_python
compgen -G "${PLATFORM_PROVIDER_MIRROR:-/nonexistent}/registry.terraform.io/hashicorp/aws/*/*/terraform-provider-aws*" >/dev/null ||
  die "the offline AWS provider mirror is missing (${PLATFORM_PROVIDER_MIRROR:-unset}): $BOOT"
log "environments: ${ENVS[*]}; outdir: $OUT"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
LOG_DIR="${DEPLOY_LOCAL_LOG_DIR:-$OUT/logs}"
mkdir -p "$LOG_DIR"
LOG_DIR="$(cd "$LOG_DIR" && pwd)"

# --- emulator -----------------------------------------------------------------------------------
trap stop_moto EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
start_moto "$LOG_DIR" # also: test credentials only

# --- synthesize for the emulator -----------------------------------------------------------------
synth_emulator() {
  local envs
  envs=$(
    IFS=,
    echo "${ENVS[*]}"
  )
  PLATFORM_EMULATOR_ENDPOINT="$ENDPOINT" PLATFORM_ENVS="$envs" PLATFORM_CERTIFICATES_DIR="$CERT_DIR" \
    npx --no-install cdktf synth --output "$OUT" >"$LOG_DIR/synth.log" 2>&1 || {
    tail -n 60 "$LOG_DIR/synth.log"
    return 1
  }
  grep -q "$ENDPOINT" "$OUT/stacks/state-backend/cdk.tf.json" ||
    { echo "the synthesized stacks do not point at $ENDPOINT: is PLATFORM_EMULATOR_ENDPOINT honoured?"; return 1; }
  sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$LOG_DIR/synth.log" | grep -E '^emulator: ' | cut -c1-400 || true # without the CLI's spinner codes
}
# Client VPN certificates: throwaway ones in the outdir (never certificates/), for the environments
# that import certificates instead of naming ACM ARNs.
CERT_DIR="$OUT/certificates"
run_step "client VPN test certificates" throwaway_certs "$CERT_DIR" "${ENVS[@]}" ||
  die "could not create the throwaway VPN certificates"
run_step "synth (emulator endpoints)" synth_emulator || {
  print_step_summary || true
  die "synthesis failed"
}

REGION=$(node -e '
  const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(d.provider.aws[0].region);' "$OUT/stacks/state-backend/cdk.tf.json")
export AWS_REGION="$REGION" AWS_DEFAULT_REGION="$REGION"
log "region: $REGION (credentials: test/test)"

# --- terraform -----------------------------------------------------------------------------------
# tf STACK LABEL ARGS...: terraform in the stack's dir, full output to a log; on failure the tail.
tf() {
  local stack="$1" label="$2" log_file rc=0
  shift 2
  log_file="$LOG_DIR/$stack.$label.log"
  # flags go before positional arguments (a plan file): Terraform stops parsing flags at the first
  (cd "$OUT/stacks/$stack" && "$TF" "$1" -input=false -no-color "${@:2}") >"$log_file" 2>&1 || rc=$?
  if ((rc != 0)) && [[ ! ("$label" == replan && $rc -eq 2) ]]; then
    grep -E '^(Error|│ Error|╷|│)' "$log_file" | cut -c1-300 | head -n 60 || true
    tail -n 25 "$log_file"
  fi
  grep -E '^(Apply complete|Destroy complete|Plan:|No changes|Terraform has been successfully)' "$log_file" | head -n 3 || true
  return "$rc"
}
replan_no_changes() { # the second plan must be empty: exit 0 (2 = changes, 1 = error)
  local stack="$1" rc=0
  tf "$stack" replan plan -detailed-exitcode -lock=true || rc=$?
  if ((rc == 2)); then
    echo "NOT IDEMPOTENT: a plan right after apply wants changes:"
    grep -E '^  # |^Plan:|^\s+[~+-] ' "$LOG_DIR/$stack.replan.log" | head -n 80
  fi
  return "$rc"
}

# moto writes a server access log object into the log bucket for every request to a logged bucket,
# so the destroy's own requests refill the access-log bucket until aws_s3_bucket_logging is gone
# (AWS delivers access logs too, later): on BucketNotEmpty, empty the buckets again and retry once.
destroy_platform() {
  local stack="$1"
  tf "$stack" destroy destroy -auto-approve && return 0
  grep -q BucketNotEmpty "$LOG_DIR/$stack.destroy.log" || return 1
  echo "BucketNotEmpty (access logs written during the destroy): emptying the buckets again and retrying"
  empty_buckets except "$STATE_BUCKET"
  tf "$stack" destroy destroy -auto-approve
}

declare -A RESULT FAILED_AT
record_fail() { # record_fail ENV STEP
  RESULT[$1]=FAILED
  [[ -n "${FAILED_AT[$1]:-}" ]] || FAILED_AT[$1]="$2"
}

BACKEND_UP=0
# Fresh working dirs: a .terraform/ or lock file left by an earlier run may pin another provider
# build than the one in the mirror now.
rm -rf "$OUT"/stacks/*/.terraform "$OUT"/stacks/*/.terraform.lock.hcl "$OUT"/stacks/*/tfplan
rm -f "$OUT/stacks/state-backend/terraform.tfstate"*
if run_step "state-backend: init" tf state-backend init init &&
  run_step "state-backend: apply" tf state-backend apply apply -auto-approve; then
  BACKEND_UP=1
  STATE_BUCKET=$(cd "$OUT/stacks/state-backend" && "$TF" output -raw state_bucket)
  log "state bucket s3://$STATE_BUCKET is up in the emulator"
fi

for env in "${ENVS[@]}"; do
  stack="platform-$env"
  RESULT[$env]=ok
  if ((!BACKEND_UP)); then
    record_fail "$env" "state-backend apply"
    continue
  fi
  applied=0
  if ! run_step "$env: init (S3 backend)" tf "$stack" init init -reconfigure; then
    record_fail "$env" init
    continue
  fi
  if ! run_step "$env: plan" tf "$stack" plan plan -out=tfplan; then
    record_fail "$env" plan
    continue
  fi
  if run_step "$env: apply" tf "$stack" apply apply tfplan; then
    applied=1
    run_step "$env: plan again (must be no changes)" replan_no_changes "$stack" || record_fail "$env" "replan"
    if [[ -n "${DEPLOY_LOCAL_AFTER_APPLY:-}" && " ${DEPLOY_LOCAL_AFTER_APPLY_ENVS:-$env} " == *" $env "* ]]; then
      run_step "$env: $(basename "$DEPLOY_LOCAL_AFTER_APPLY")" env DL_OUT="$OUT" DL_LOG_DIR="$LOG_DIR" DL_TF="$TF" \
        DL_ENDPOINT="$ENDPOINT" DL_CERT_DIR="$CERT_DIR" \
        bash "$DEPLOY_LOCAL_AFTER_APPLY" "$env" || record_fail "$env" "$(basename "$DEPLOY_LOCAL_AFTER_APPLY")"
    fi
  else
    record_fail "$env" apply
    applied=1 # partly applied: destroy what exists
  fi
  if ((applied)) && [[ "${DEPLOY_LOCAL_KEEP:-0}" != 1 ]]; then
    run_step "$env: empty its buckets" empty_buckets except "$STATE_BUCKET" || true
    run_step "$env: destroy" destroy_platform "$stack" || record_fail "$env" destroy
  fi
done

if ((BACKEND_UP)) && [[ "${DEPLOY_LOCAL_KEEP:-0}" != 1 ]]; then
  run_step "state-backend: empty state bucket" empty_buckets only "$STATE_BUCKET" || true
  run_step "state-backend: destroy" tf state-backend destroy destroy -auto-approve || BACKEND_UP=2
fi

# --- summary -------------------------------------------------------------------------------------
stop_moto
echo
status=0
print_step_summary || status=1
if [[ -n "${DEPLOY_LOCAL_REPORT:-}" ]]; then : >"$DEPLOY_LOCAL_REPORT"; fi
for env in "${ENVS[@]}"; do
  line="$env	${RESULT[$env]}	${FAILED_AT[$env]:-}"
  log "result: $line"
  [[ -n "${DEPLOY_LOCAL_REPORT:-}" ]] && printf '%s\n' "$line" >>"$DEPLOY_LOCAL_REPORT"
  [[ "${RESULT[$env]}" == ok ]] || status=1
done
((BACKEND_UP == 2)) && {
  log "result: state-backend destroy FAILED"
  status=1
}
log "wall time: $(($(date +%s) - T_START))s; logs: $LOG_DIR"
if ((status)); then
  log "EMULATED DEPLOY FAILED"
  exit 1
fi
log "EMULATED DEPLOY PASSED (${ENVS[*]})"
