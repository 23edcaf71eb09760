#!/usr/bin/env bash
# test-flavors.sh — one state, three front ends (npm run test:flavors). Closing line: "N passed, N failed".
#
# On the AWS emulator (moto), with the tools of scripts/bootstrap-tools.sh, for one environment
# (default dev; FLAVOR_TEST_ENV):
#   1. cdktf (the default flavor) synthesizes for the emulator; `cdktf deploy` applies state-backend,
#      then platform-<env> (its state in the emulated S3 backend); `cdktf diff` says "No changes."
#   2. CDK Terrain (scripts/flavor.sh cdktn) synthesizes the same sources: its JSON may differ from
#      cdktf's only in the provider pin and the library version (the diff is printed); a plan of it
#      against the SAME state reports no changes (provider 6.25.0 -> 6.66.0 alone is fine).
#   3. the HCL form (`cdktf synth --hcl`, used as written): a plan against the same state, no changes.
#   4. `cdktf destroy` of platform-<env>, then of state-backend (its bucket emptied first).
# Plus moto_server.py's DeleteObjects-with-delete-markers fix, on its own.
#
# cdktf deploy/diff/destroy run offline with --skip-synth (the stacks were just synthesized with the
# emulator endpoint; a second synth would only repeat it) and --skip-provider-lock (otherwise cdktf
# runs `terraform providers lock`, which asks the public registry); CHECKPOINT_DISABLE=1.
# Env: FLAVOR_TEST_DIR (a temp dir; kept, with logs, when set), FLAVOR_TEST_ENV (dev).
set -euo pipefail
shopt -s inherit_errexit

LOG_TAG=test-flavors
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/common.sh"
cd "$REPO_ROOT"
T_START=$(date +%s)

ENV_NAME="${FLAVOR_TEST_ENV:-dev}"
STACK="platform-$ENV_NAME"
WORK="${FLAVOR_TEST_DIR:-$(mktemp -d)}"
mkdir -p "$WORK/logs"
WORK="$(cd "$WORK" && pwd)"
LOGS="$WORK/logs"
[[ -n "${FLAVOR_TEST_DIR:-}" ]] || trap 'rm -rf "$WORK"' EXIT

load_tools
export VERIFY_STRICT=1
TF="$(tf_bin)"
require_tool "$TF" "Terraform >= 1.10: run 'npm run bootstrap'"
# shellcheck source=scripts/lib/emulator.sh
source "$REPO_ROOT/scripts/lib/emulator.sh"
require_moto_python
trap 'stop_moto; [[ -n "${FLAVOR_TEST_DIR:-}" ]] || rm -rf "$WORK"' EXIT

passed=0
failed=0
check() { # check NAME CMD...: one test; its output goes to the console, indented
  local name="$1" rc=0
  shift
  log ">>> $name"
  ("$@") 2>&1 | sed 's/^/    /' || rc=${PIPESTATUS[0]}
  if ((rc == 0)); then
    echo "PASS $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name (exit $rc)"
    failed=$((failed + 1))
  fi
  return "$rc"
}
finish() {
  stop_moto
  log "wall time: $(($(date +%s) - T_START))s; logs: $LOGS"
  echo "$passed passed, $failed failed"
  ((failed == 0))
  exit
}

check "moto: DeleteObjects with delete markers (moto_server.py fix 7)" \
  "$MOTO_PYTHON" tests/infra/moto_delete_markers.py scripts/lib/moto_server.py || true

start_moto "$LOGS"
CERTS="$WORK/certificates"
throwaway_certs "$CERTS" "$ENV_NAME" >/dev/null || die "could not create the throwaway VPN certificates"
export PLATFORM_EMULATOR_ENDPOINT="$ENDPOINT" PLATFORM_ENVS="$ENV_NAME" PLATFORM_CERTIFICATES_DIR="$CERTS"
REGION=$(sed -n 's/^region *= *"\(.*\)".*/\1/p' "environments/$ENV_NAME.tfvars")
export AWS_REGION="$REGION" AWS_DEFAULT_REGION="$REGION"

CDKTF_OUT="$WORK/cdktf.out"
OFFLINE=(--skip-synth --skip-provider-lock --output "$CDKTF_OUT" --no-color)
# cdktf CLI, its output (without spinners and colour) in LOGS/NAME.log; the log's key lines shown
cdktf_cli() { # cdktf_cli LOGNAME ARGS...
  local name="$1" rc=0
  shift
  npx --no-install cdktf "$@" >"$LOGS/$name.log" 2>&1 || rc=$?
  sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$LOGS/$name.log" |
    grep -E 'Apply complete|Destroy complete|No changes|Plan:|Error|error|Generated Terraform' | sort -u | head -n 20 || true
  return "$rc"
}

# --- 1. cdktf: synth, deploy, diff --------------------------------------------------------------------
# (each test function says `|| return 1` itself: errexit does not apply inside `check ... || true`)
synth_cdktf() {
  cdktf_cli synth-cdktf synth --output "$CDKTF_OUT" || return 1
  sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$LOGS/synth-cdktf.log" | grep -E '^emulator: ' | cut -c1-400 || true # without the CLI's spinner codes
}
deploy() { # deploy STACK
  cdktf_cli "deploy-$1" deploy "$1" "${OFFLINE[@]}" --auto-approve || return 1
  grep -q "Apply complete" "$LOGS/deploy-$1.log"
}
diff_no_changes() {
  cdktf_cli "diff-$STACK" diff "$STACK" "${OFFLINE[@]}" || return 1
  grep -q "No changes" "$LOGS/diff-$STACK.log"
}

# --- plans of the other front ends against the same state ----------------------------------------
plan_no_changes() { # plan_no_changes DIR LABEL: init against the emulated backend, plan, exit 0 = no changes
  local dir="$1" label="$2" rc=0
  rm -rf "$dir/.terraform" "$dir/.terraform.lock.hcl"
  (cd "$dir" && "$TF" init -input=false -no-color -reconfigure) >"$LOGS/init-$label.log" 2>&1 ||
    { tail -n 30 "$LOGS/init-$label.log"; return 1; }
  grep -E '^- (Installed|Using) hashicorp/aws' "$LOGS/init-$label.log" || true
  (cd "$dir" && "$TF" plan -input=false -no-color -detailed-exitcode) >"$LOGS/plan-$label.log" 2>&1 || rc=$?
  grep -E '^(No changes|Plan:)|^  # ' "$LOGS/plan-$label.log" | head -n 40 || true
  ((rc == 0)) || tail -n 30 "$LOGS/plan-$label.log"
  return "$rc"
}

# --- 2. CDK Terrain ------------------------------------------------------------------------------
TREE="$WORK/cdktn-tree"
synth_cdktn() {
  FLAVOR_TREE="$TREE" bash scripts/flavor.sh cdktn synth >"$LOGS/synth-cdktn.log" 2>&1 ||
    { tail -n 40 "$LOGS/synth-cdktn.log"; return 1; }
  sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$LOGS/synth-cdktn.log" | grep -E 'Generated Terraform|^emulator: ' | cut -c1-400 || true
}
# json_diff A B: the differences between two cdk.tf.json files, one "path: a -> b" a line; fails on
# any difference outside the provider pin and the library version
json_diff() {
  node - "$1" "$2" <<'EOF'
const fs = require('fs');
const [a, b] = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
const expected = new Set(['//.metadata.version', 'terraform.required_providers.aws.source', 'terraform.required_providers.aws.version']);
let unexpected = 0;
(function walk(x, y, path) {
  if (x && y && typeof x === 'object' && typeof y === 'object' && Array.isArray(x) === Array.isArray(y)) {
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[k], y[k], path ? `${path}.${k}` : k);
  } else if (JSON.stringify(x) !== JSON.stringify(y)) {
    const ok = expected.has(path);
    if (!ok) unexpected += 1;
    console.log(`${ok ? '' : 'UNEXPECTED '}${path}: ${JSON.stringify(x)} -> ${JSON.stringify(y)}`);
  }
})(a, b, '');
process.exit(unexpected ? 1 : 0);
EOF
}
cdktn_json_diff() {
  local s
  for s in state-backend "$STACK"; do
    echo "$s (cdktf -> cdktn):"
    json_diff "$CDKTF_OUT/stacks/$s/cdk.tf.json" "$TREE/cdktf.out/stacks/$s/cdk.tf.json" | sed 's/^/  /' || return 1
  done
}

# --- 3. the HCL form, as written -----------------------------------------------------------------
HCL_OUT="$WORK/cdktf.out.hcl"
synth_hcl() { cdktf_cli synth-hcl synth --hcl --output "$HCL_OUT"; }

# --- 4. teardown with cdktf ----------------------------------------------------------------------
destroy() { # destroy STACK
  cdktf_cli "destroy-$1" destroy "$1" "${OFFLINE[@]}" --auto-approve || return 1
  grep -q "Destroy complete" "$LOGS/destroy-$1.log"
}
nothing_left() {
  "$MOTO_PYTHON" - "$ENDPOINT" <<'EOF'
import sys
import boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1])
buckets = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
print(f"buckets left: {buckets or 'none'}")
sys.exit(1 if buckets else 0)
EOF
}
# --- the run: synthesize all three (no state needed), deploy with cdktf, plan the others, destroy ----
check "cdktf synth (emulator endpoint, exclusions applied by the app)" synth_cdktf || finish
CDKTN_OK=0 HCL_OK=0
check "CDK Terrain typecheck (same sources)" env FLAVOR_TREE="$TREE" bash scripts/flavor.sh cdktn typecheck || true
check "CDK Terrain synth (same sources, npm run flavor -- cdktn)" synth_cdktn && CDKTN_OK=1
((CDKTN_OK)) && { check "JSON diff cdktf -> CDK Terrain: only the provider pin and library version" cdktn_json_diff || true; }
check "cdktf synth --hcl" synth_hcl && HCL_OK=1

check "cdktf deploy state-backend" deploy state-backend || finish
STATE_BUCKET=$(cd "$CDKTF_OUT/stacks/state-backend" && "$TF" output -raw state_bucket)
check "cdktf deploy $STACK" deploy "$STACK" || true
check "cdktf diff $STACK: No changes" diff_no_changes || true
((CDKTN_OK)) && { check "CDK Terrain plan against the cdktf-deployed state: No changes" \
  plan_no_changes "$TREE/cdktf.out/stacks/$STACK" cdktn || true; }
((HCL_OK)) && { check "HCL plan against the cdktf-deployed state: No changes" \
  plan_no_changes "$HCL_OUT/stacks/$STACK" hcl || true; }

check "cdktf destroy $STACK" destroy "$STACK" || true
empty_buckets only "$STATE_BUCKET" >"$LOGS/empty-state-bucket.log" 2>&1 || true
check "cdktf destroy state-backend" destroy state-backend || true
check "nothing left in the emulator" nothing_left || true
finish
