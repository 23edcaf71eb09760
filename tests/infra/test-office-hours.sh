#!/usr/bin/env bash
# Emulated office-hours proof: scripts/deploy-local.sh applies an environment with office hours
# (default staging: NAT and interface endpoints) to moto, then tests/infra/office-hours-cycle.sh
# switches it off -> on -> off and checks each plan, apply, re-plan and every surviving resource.
# MWAA and the Client VPN association are not part of the proof: moto has neither (deploy-local.sh
# EMULATOR_SKIP); the unit tests (test/stacks/office-hours.test.ts) cover them on synthesized JSON.
# Closing line: "N passed, N failed".
#
#   bash tests/infra/test-office-hours.sh            # staging
#   bash tests/infra/test-office-hours.sh dev        # another environment with office hours
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

envs=("$@")
((${#envs[@]})) || envs=(staging)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
logs="$work/logs"

rc=0
DEPLOY_LOCAL_AFTER_APPLY="$PWD/tests/infra/office-hours-cycle.sh" DEPLOY_LOCAL_REPORT="$work/report.tsv" \
  DEPLOY_LOCAL_LOG_DIR="$logs" DEPLOY_LOCAL_OUT="${DEPLOY_LOCAL_OUT:-cdktf.out.office-hours}" \
  bash scripts/deploy-local.sh "${envs[@]}" || rc=$?

passed=0
failed=0
for env in "${envs[@]}"; do
  results="$logs/office-hours-$env.results"
  if [[ -s "$results" ]]; then
    cat "$results"
    passed=$((passed + $(grep -c '^PASS' "$results" || true)))
    failed=$((failed + $(grep -c '^FAIL' "$results" || true)))
  else
    echo "FAIL $env: the office-hours cycle did not run (deploy-local.sh exited $rc before it)"
    failed=$((failed + 1))
  fi
  line=$(grep -P "^$env\t" "$work/report.tsv" 2>/dev/null || true)
  if [[ "$line" == "$env	ok"* ]]; then
    echo "PASS $env: emulated apply, re-plan and destroy around the cycle"
    passed=$((passed + 1))
  else
    echo "FAIL $env: emulated deploy: ${line:-no result}"
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
((failed == 0))
