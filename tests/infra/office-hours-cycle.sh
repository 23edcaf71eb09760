#!/usr/bin/env bash
# shellcheck disable=SC2317,SC2016 # helpers run through check(); the node programs are single-quoted on purpose
# office-hours-cycle.sh ENV — the off -> on -> off proof, run by scripts/deploy-local.sh as its
# DEPLOY_LOCAL_AFTER_APPLY hook on an environment it has just applied (office hours on) to moto.
#
# For each switch it re-synthesizes the environment with PLATFORM_OFF_HOURS=1 (off) or 0 (on),
# then checks: the plan only creates or deletes hour-billed resources (NAT gateways, their default
# routes, interface endpoints; MWAA and the Client VPN association are excluded on the emulator),
# never updates or replaces anything; the apply succeeds; a second plan is empty; every surviving
# resource has the attributes it had before the first switch. One "PASS|FAIL <what>" line per
# check goes to $DL_LOG_DIR/office-hours-ENV.results; tests/infra/test-office-hours.sh counts them.
set -euo pipefail
env_name="$1"
stack="platform-$env_name"
dir="$DL_OUT/stacks/$stack"
results="$DL_LOG_DIR/office-hours-$env_name.results"
: >"$results"
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# Types the switch may create or delete (of those the emulator serves).
HOUR_BILLED="aws_nat_gateway aws_route aws_vpc_endpoint"

check() { # check NAME CMD...: record PASS/FAIL, keep going
  local name="$1"
  shift
  if "$@" >>"$DL_LOG_DIR/office-hours-$env_name.log" 2>&1; then
    echo "PASS $env_name: $name" | tee -a "$results"
  else
    echo "FAIL $env_name: $name (log: $DL_LOG_DIR/office-hours-$env_name.log)" | tee -a "$results"
    return 1
  fi
}

tf() { (cd "$dir" && "$DL_TF" "$1" -input=false -no-color "${@:2}"); }

synth_switch() { # synth_switch 0|1: the environment's cdk.tf.json for office hours on (0) or off (1)
  local out="$DL_OUT/office-hours-$1"
  rm -rf "$out"
  CDKTF_OUTDIR="$out" PLATFORM_ENVS="$env_name" PLATFORM_OFF_HOURS="$1" \
    PLATFORM_EMULATOR_ENDPOINT="$DL_ENDPOINT" \
    PLATFORM_CERTIFICATES_DIR="$DL_CERT_DIR" CHECKPOINT_DISABLE=1 \
    node --import tsx main.ts
  cp "$out/stacks/$stack/cdk.tf.json" "$dir/cdk.tf.json"
}

# Every change in the saved plan is a create (on) or delete (off) of an hour-billed type.
plan_touches_only() { # plan_touches_only create|delete
  tf plan -out=office-hours.tfplan -lock=true
  (cd "$dir" && "$DL_TF" show -json office-hours.tfplan) >"$dir/office-hours.plan.json"
  node - "$1" "$HOUR_BILLED" "$dir/office-hours.plan.json" <<'EOF'
const [want, types, file] = process.argv.slice(2);
const plan = JSON.parse(require('fs').readFileSync(file, 'utf8'));
const changes = (plan.resource_changes ?? []).filter((c) => !c.change.actions.every((a) => a === 'no-op' || a === 'read'));
const wrong = changes.filter((c) => !types.split(' ').includes(c.type) || c.change.actions.join() !== want);
for (const c of changes) console.log(`${c.change.actions.join('+')} ${c.address}`);
if (changes.length === 0) { console.log(`nothing to ${want}`); process.exit(1); }
if (wrong.length) { console.log('not allowed:', wrong.map((c) => `${c.change.actions.join('+')} ${c.address}`)); process.exit(1); }
EOF
}

apply_saved() { tf apply office-hours.tfplan; }
replan_empty() { tf plan -detailed-exitcode -lock=true; }

# Attributes of every resource in state, less the two that only mirror the NAT's presence: which
# interface an Elastic IP is attached to, and a route table's read-back list of routes.
snapshot() {
  (cd "$dir" && "$DL_TF" show -json) | node -e '
    const state = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const mirrors = { aws_eip: ["association_id", "network_interface", "private_ip", "private_dns", "instance"], aws_route_table: ["route"] };
    const out = {};
    for (const r of state.values?.root_module?.resources ?? []) {
      if (r.mode !== "managed") continue;
      const values = { ...r.values };
      for (const key of mirrors[r.type] ?? []) delete values[key];
      out[r.address] = values;
    }
    console.log(JSON.stringify(out));' >"$1"
}

# Every resource of snapshot B was in A with the same attributes; with --all, A's are all in B too.
survivors_unchanged() { # survivors_unchanged A B [--all]
  node - "$@" <<'EOF'
const fs = require('fs');
const [a, b, all] = process.argv.slice(2).map((f, i) => (i < 2 ? JSON.parse(fs.readFileSync(f, 'utf8')) : f));
let bad = 0;
for (const [address, values] of Object.entries(b)) {
  if (!(address in a)) { console.log(`new: ${address}`); bad++; continue; }
  if (JSON.stringify(values) !== JSON.stringify(a[address])) { console.log(`changed: ${address}`); bad++; }
}
if (all) for (const address of Object.keys(a)) if (!(address in b)) { console.log(`missing: ${address}`); bad++; }
console.log(`${Object.keys(b).length} resources compared`);
process.exit(bad ? 1 : 0);
EOF
}

same_addresses() { # same_addresses A B: the same resource addresses (new NAT ids are expected)
  node -e '
    const fs = require("fs");
    const [a, b] = process.argv.slice(1).map((f) => Object.keys(JSON.parse(fs.readFileSync(f, "utf8"))).sort());
    console.log(`${a.length} vs ${b.length} resources`);
    process.exit(JSON.stringify(a) === JSON.stringify(b) ? 0 : 1);' "$1" "$2"
}

cp "$dir/cdk.tf.json" "$dir/cdk.tf.json.deployed"
restore() { cp "$dir/cdk.tf.json.deployed" "$dir/cdk.tf.json"; }
trap restore EXIT

status=0
# The baseline as AWS (moto) reports it now: applies write refreshed state, so compare like with like.
check "on: refresh-only apply (baseline)" tf apply -refresh-only -auto-approve -lock=true || status=1
snapshot "$dir/office-hours.on-0.json"
check "off-hours synth" synth_switch 1 || status=1
check "off: plan only deletes $HOUR_BILLED" plan_touches_only delete || status=1
check "off: apply" apply_saved || status=1
check "off: plan again has no changes" replan_empty || status=1
snapshot "$dir/office-hours.off-1.json"
check "off: every survivor unchanged" survivors_unchanged "$dir/office-hours.on-0.json" "$dir/office-hours.off-1.json" || status=1

check "on synth" synth_switch 0 || status=1
check "on: plan only creates $HOUR_BILLED" plan_touches_only create || status=1
check "on: apply" apply_saved || status=1
check "on: plan again has no changes" replan_empty || status=1
snapshot "$dir/office-hours.on-2.json"
check "on: every survivor unchanged" survivors_unchanged "$dir/office-hours.on-2.json" "$dir/office-hours.off-1.json" ||
  status=1
check "on: the same resources as before the night" same_addresses "$dir/office-hours.on-0.json" \
  "$dir/office-hours.on-2.json" || status=1

check "off again: synth" synth_switch 1 || status=1
check "off again: plan only deletes $HOUR_BILLED" plan_touches_only delete || status=1
check "off again: apply" apply_saved || status=1
check "off again: plan again has no changes" replan_empty || status=1
snapshot "$dir/office-hours.off-3.json"
check "off again: converged to the first off state" \
  survivors_unchanged "$dir/office-hours.off-1.json" "$dir/office-hours.off-3.json" --all || status=1
exit "$status"
