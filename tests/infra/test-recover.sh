#!/usr/bin/env bash
# test-recover.sh — a hard-killed apply of dev recovers (issue 15; docs/recovery.md).
#
#   npm run test:recover
#
# On moto (started here on 127.0.0.1, always stopped), twice from an empty emulator:
#   round 1: kill -9 the apply of platform-dev once N resources report "Creation complete";
#   round 2: kill -9 it as soon as the lake bucket exists (its configuration not yet applied).
# Not later: moto reads an imported NAT gateway back without allocation_id/subnet_id (the provider
# then replaces it) and keeps the EIP associated after DeleteNatGateway, an emulator artefact.
# Each round then checks: the lock object is left behind; `npm run recover -- dev --yes` removes it,
# finds the orphans, writes import blocks and plans them as imports (imports = orphans, 0 creations
# of an orphan); `terraform apply` converges; a second plan has no changes (-detailed-exitcode 0);
# the lake bucket's object versions (with a data file written after the kill) are untouched.
# The state bucket is created directly (the state-backend stack is covered by test:emulated).
# Closing line: "N passed, N failed". Env: RECOVER_KILL_AFTER (round 1's N, default 12),
# RECOVER_TEST_KEEP=1 (keep the work dir with logs).
set -euo pipefail
shopt -s inherit_errexit

LOG_TAG=test-recover
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/common.sh"
cd "$REPO_ROOT"

ENV=dev
STACK="platform-$ENV"
KILL_AFTER="${RECOVER_KILL_AFTER:-12}"
T_START=$(date +%s)

load_tools
# shellcheck source=scripts/lib/emulator.sh
source "$REPO_ROOT/scripts/lib/emulator.sh"
export VERIFY_STRICT=1 # a missing tool fails the test
TF="$(tf_bin)"
require_tool "$TF" "Terraform >= 1.10: run 'npm run bootstrap'"
require_tool curl "needed to wait for the emulator"
require_tool setsid "util-linux: runs the apply in its own process group, so kill -9 takes the provider too"

WORK=$(mktemp -d)
OUT="$WORK/out"
LOGS="$WORK/logs"
mkdir -p "$OUT" "$LOGS"
cleanup() {
  local rc=$?
  [[ -n "${APPLY_PID:-}" ]] && kill -9 -- "-$APPLY_PID" 2>/dev/null || true
  stop_moto
  if [[ "${RECOVER_TEST_KEEP:-0}" == 1 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PASSED=0
FAILED=0
pass() {
  echo "PASS $*"
  PASSED=$((PASSED + 1))
}
fail() {
  echo "FAIL $*"
  FAILED=$((FAILED + 1))
}

if out=$("$MOTO_PYTHON" tests/infra/moto_default_egress.py scripts/lib/moto_server.py 2>&1); then
  pass "moto: an adopted default egress rule can be modified (moto_server.py fix 9): $out"
else
  fail "moto: an adopted default egress rule can be modified (moto_server.py fix 9): $(tail -n 1 <<<"$out")"
fi

# moto_server.py plus a fix for re-imported ACM certificates (what an import does)
MOTO_SERVER_SCRIPT="$REPO_ROOT/scripts/lib/recover_moto_server.py" start_moto "$LOGS"

# --- synthesize dev for the emulator (as scripts/deploy-local.sh does) ---------------------------
throwaway_certs "$OUT/certificates" "$ENV" >/dev/null
PLATFORM_EMULATOR_ENDPOINT="$ENDPOINT" PLATFORM_ENVS="$ENV" \
  PLATFORM_CERTIFICATES_DIR="$OUT/certificates" \
  npx --no-install cdktf synth --output "$OUT" >"$LOGS/synth.log" 2>&1 || {
  tail -n 40 "$LOGS/synth.log"
  die "synthesis failed"
}
DIR="$OUT/stacks/$STACK"
read -r REGION STATE_BUCKET STATE_KEY LAKE_TEMPLATE < <(node -e '
  const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const s3 = d.terraform.backend.s3;
  console.log(d.provider.aws[0].region, s3.bucket, s3.key, d.resource.aws_s3_bucket.lake_bucket.bucket);
' "$DIR/cdk.tf.json")
export AWS_REGION="$REGION" AWS_DEFAULT_REGION="$REGION"
ACCOUNT=$("$MOTO_PYTHON" -c "import boto3; print(boto3.client('sts', endpoint_url='$ENDPOINT').get_caller_identity()['Account'])")
# shellcheck disable=SC2016 # the literal Terraform reference in the synthesized bucket name
LAKE_BUCKET="${LAKE_TEMPLATE//'${data.aws_caller_identity.account.account_id}'/$ACCOUNT}"
log "synthesized $STACK: state s3://$STATE_BUCKET/$STATE_KEY, lake s3://$LAKE_BUCKET"

# s3py SCRIPT ARGS...: a boto3 snippet against the emulator (moto's venv has boto3).
s3py() {
  local code="$1"
  shift
  "$MOTO_PYTHON" -c "
import json, sys, boto3
s3 = boto3.client('s3', endpoint_url='$ENDPOINT')
$code" "$@"
}
# Empties the emulator and creates the state bucket (versioned, like the state-backend stack's).
fresh_emulator() {
  curl -sf -X POST "$ENDPOINT/moto-api/reset" >/dev/null
  s3py "
s3.create_bucket(Bucket=sys.argv[1], CreateBucketConfiguration={'LocationConstraint': sys.argv[2]})
s3.put_bucket_versioning(Bucket=sys.argv[1], VersioningConfiguration={'Status': 'Enabled'})" \
    "$STATE_BUCKET" "$REGION"
  rm -rf "$DIR/.terraform" "$DIR/.terraform.lock.hcl" "$DIR/imports.tf.json"
  (cd "$DIR" && "$TF" init -input=false -no-color -reconfigure) >"$LOGS/init.log" 2>&1 || {
    tail -n 30 "$LOGS/init.log"
    die "terraform init failed"
  }
}
object_exists() { s3py "
try:
    s3.head_object(Bucket=sys.argv[1], Key=sys.argv[2])
except s3.exceptions.ClientError:
    sys.exit(1)" "$1" "$2"; }
# Every version of every object in the lake: key, version id, ETag, whether latest ("absent" if no bucket).
lake_versions() { s3py "
try:
    pages = list(s3.get_paginator('list_object_versions').paginate(Bucket=sys.argv[1]))
except s3.exceptions.NoSuchBucket:
    print('absent'); sys.exit()
for page in pages:
    for v in page.get('Versions', []):
        print(v['Key'], v['VersionId'], v['ETag'], v['IsLatest'])" "$LAKE_BUCKET" | sort; }

# lake_compare BEFORE AFTER: no object version was deleted or altered, every key's latest content
# (ETag) is the same, and data written by others (not a platform-managed key) has the same latest
# version. A platform-managed object (prefix marker, MWAA requirements) may get a new version with
# the same bytes: Terraform cannot import an object's content, so the apply writes it again.
lake_compare() {
  python3 - "$1" "$2" "$DIR/cdk.tf.json" <<'PY'
import json, sys
parse = lambda text: [line.split(" ") for line in text.splitlines() if line]
before, after = parse(sys.argv[1]), parse(sys.argv[2])
managed = {o["key"] for o in json.load(open(sys.argv[3]))["resource"].get("aws_s3_object", {}).values()}
versions_after = {(k, v, e) for k, v, e, _ in after}
latest = lambda rows: {k: (v, e) for k, v, e, is_latest in rows if is_latest == "True"}
lost = [(k, v) for k, v, e, _ in before if (k, v, e) not in versions_after]
lb, la = latest(before), latest(after)
content = [k for k in lb if la.get(k, (None, None))[1] != lb[k][1]]
data = [k for k in lb if k not in managed and la.get(k) != lb[k]]
rewritten = sorted(k for k in lb if k in managed and la.get(k) != lb[k])
if lost or content or data:
    print(f"versions lost/altered {lost}, content changed {content}, data objects changed {data}")
    sys.exit(1)
print(f"{len(before)} object versions kept, {len(lb)} keys with the same content, "
      f"{len(lb) - len(rewritten)} with the same latest version; platform objects rewritten with "
      f"the same bytes: {', '.join(rewritten) or 'none'}")
PY
}

# apply_and_kill LABEL PATTERN MIN_COUNT: starts `terraform apply` in its own process group and
# kill -9s the whole group (terraform and the provider) once PATTERN has matched MIN_COUNT lines.
apply_and_kill() {
  local pattern="$2" min="$3" log_file="$LOGS/$1.apply-killed.log" n=0 i
  (cd "$DIR" && exec setsid "$TF" apply -auto-approve -input=false -no-color) >"$log_file" 2>&1 &
  APPLY_PID=$!
  for i in $(seq 1 1200); do
    n=$(grep -cE "$pattern" "$log_file" || true)
    ((n >= min)) && break
    if ! kill -0 "$APPLY_PID" 2>/dev/null; then
      APPLY_PID=""
      echo "the apply ended before the kill point ($n/$min lines matching '$pattern')"
      return 1
    fi
    ((i == 1200)) && break
    sleep 0.25
  done
  kill -9 -- "-$APPLY_PID"
  wait "$APPLY_PID" 2>/dev/null || true
  APPLY_PID=""
  CREATED=$(grep -c ': Creation complete after' "$log_file" || true)
  KILL_SECONDS=$(($(date +%s) - APPLY_T0))
}

# round NAME DESCRIPTION PATTERN MIN_COUNT
round() {
  local name="$1" what="$2" pattern="$3" min="$4" t0 rc orphans imports summary before after
  t0=$(date +%s)
  log "=== $name: kill -9 $what"
  fresh_emulator
  APPLY_T0=$(date +%s)
  if ! apply_and_kill "$name" "$pattern" "$min"; then
    fail "$name: kill point not reached"
    return
  fi
  log "$name: killed after ${KILL_SECONDS}s, $CREATED resources reported created"
  if object_exists "$STATE_BUCKET" "$STATE_KEY.tflock"; then
    pass "$name: kill -9 left the lock s3://$STATE_BUCKET/$STATE_KEY.tflock"
  else
    fail "$name: no lock object after kill -9"
  fi
  # Data lands in the lake between the crash and the recovery; it must survive untouched.
  if [[ "$(lake_versions)" != absent ]]; then
    s3py "s3.put_object(Bucket=sys.argv[1], Key='raw/recover-test/orders.csv', Body=b'id,amount\n1,9.5\n')" "$LAKE_BUCKET"
  fi
  before=$(lake_versions)

  if [[ "$name" == round-1 ]]; then # without --yes and without a terminal, the lock must stay
    rc=0
    AWS_ENDPOINT_URL="$ENDPOINT" npx --no-install tsx scripts/recover.ts "$ENV" --outdir "$OUT" </dev/null \
      >"$LOGS/$name.recover-no-yes.log" 2>&1 || rc=$?
    if ((rc == 1)) && grep -q '^lock kept' "$LOGS/$name.recover-no-yes.log" && object_exists "$STATE_BUCKET" "$STATE_KEY.tflock"; then
      pass "$name: recover without --yes (no terminal) keeps the lock and exits 1"
    else
      fail "$name: recover without --yes: exit $rc (log: $LOGS/$name.recover-no-yes.log)"
    fi
  fi
  rc=0
  AWS_ENDPOINT_URL="$ENDPOINT" npx --no-install tsx scripts/recover.ts "$ENV" --yes --outdir "$OUT" \
    >"$LOGS/$name.recover.log" 2>&1 || rc=$?
  grep -E '^(lock|state|orphans|imports|plan|duplicate|skipped)' "$LOGS/$name.recover.log" | sed 's/^/    /' || true
  orphans=$(sed -nE 's/^orphans: ([0-9]+) in AWS.*/\1/p' "$LOGS/$name.recover.log")
  imports=$(grep -c '"to":' "$DIR/imports.tf.json" 2>/dev/null || true)
  summary=$(sed -nE 's/^plan: (.*)$/\1/p' "$LOGS/$name.recover.log")
  local plan_imports
  plan_imports=$(sed -nE 's/^([0-9]+) to import.*/\1/p' <<<"$summary")
  if ((rc == 0)) && [[ -n "$orphans" ]] && ((orphans > 0)) && [[ "$imports" == "$orphans" && "$plan_imports" == "$orphans" ]]; then
    pass "$name: recover found $orphans orphans, wrote $imports import blocks, plan: $summary"
  else
    fail "$name: recover (exit $rc): orphans '${orphans:-none}', import blocks '${imports:-0}', plan '${summary:-none}' (log: $LOGS/$name.recover.log)"
  fi
  local address
  for address in $(grep -o '"to": "[^"]*"' "$DIR/imports.tf.json" 2>/dev/null | cut -d'"' -f4); do
    if grep -qF "# $address will be created" "$DIR/recover-plan.log"; then
      fail "$name: the plan creates $address, which recover imports"
    fi
  done
  if object_exists "$STATE_BUCKET" "$STATE_KEY.tflock"; then
    fail "$name: the lock is still there after recover --yes"
  else
    pass "$name: recover --yes removed the stale lock"
  fi

  if (cd "$DIR" && "$TF" apply -auto-approve -input=false -no-color) >"$LOGS/$name.apply.log" 2>&1; then
    pass "$name: apply after recover converged ($(grep -E '^Apply complete' "$LOGS/$name.apply.log"))"
  else
    grep -m 10 -E '^(│ )?Error' "$LOGS/$name.apply.log" || true
    tail -n 15 "$LOGS/$name.apply.log" | sed 's/^/    /'
    fail "$name: apply after recover failed (log: $LOGS/$name.apply.log)"
  fi
  rc=0
  (cd "$DIR" && "$TF" plan -detailed-exitcode -input=false -no-color) >"$LOGS/$name.replan.log" 2>&1 || rc=$?
  if ((rc == 0)); then
    pass "$name: second plan shows no changes"
  else
    grep -m 20 -E '^  # |^Plan:' "$LOGS/$name.replan.log" || true
    fail "$name: second plan exit $rc (2 = changes)"
  fi

  after=$(lake_versions)
  if [[ "$before" == absent ]]; then
    pass "$name: the lake bucket did not exist at the kill; nothing to compare"
  elif verdict=$(lake_compare "$before" "$after"); then
    pass "$name: lake untouched: $verdict"
  else
    fail "$name: lake changed: $verdict"
  fi
  FIGURES+=("$name ($what): $CREATED created before the kill at ${KILL_SECONDS}s; orphans ${orphans:-?}; imports ${imports:-0}; recover plan: ${summary:-?}; round $(($(date +%s) - t0))s")
}

FIGURES=()
round round-1 "after $KILL_AFTER resources created" ': Creation complete after' "$KILL_AFTER"
round round-2 "as soon as the lake bucket exists" '^aws_s3_bucket\.lake_bucket: Creation complete after' 1

# Failure messages a person sees when something is missing.
curl -sf -X POST "$ENDPOINT/moto-api/reset" >/dev/null
out=$(AWS_ENDPOINT_URL="$ENDPOINT" npx --no-install tsx scripts/recover.ts "$ENV" --no-plan --outdir "$OUT" 2>&1) && rc=0 || rc=$?
if ((rc == 1)) && grep -q "the state bucket s3://$STATE_BUCKET does not exist" <<<"$out"; then
  pass "recover on an emulator without the state bucket says so (exit 1)"
else
  fail "recover without the state bucket: exit $rc: $out"
fi

stop_moto
if kill -0 "$(cat "$LOGS/moto.pid")" 2>/dev/null; then fail "moto_server still running"; else pass "moto_server stopped"; fi

echo
for line in "${FIGURES[@]}"; do echo "figures: $line"; done
echo "wall time: $(($(date +%s) - T_START))s"
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
