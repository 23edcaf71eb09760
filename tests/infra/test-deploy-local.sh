#!/usr/bin/env bash
# Emulated-apply test: runs scripts/deploy-local.sh for every shipped environment against moto and
# reports one result per environment (apply, a second plan with no changes, destroy), then checks
# that the emulator was stopped. On the environments in OFFICE_HOURS_ENVS (default: staging, when it
# is deployed) tests/infra/office-hours-cycle.sh runs between the re-plan and the destroy: the
# off -> on -> off proof, one PASS/FAIL line per check. Closing line: "N passed, N failed".
#
#   bash tests/infra/test-deploy-local.sh                       # dev staging prod, cycle on staging
#   bash tests/infra/test-deploy-local.sh dev                   # a subset
#   OFFICE_HOURS_ENVS= bash tests/infra/test-deploy-local.sh    # without the office-hours cycle
#
# Needs the tools from scripts/bootstrap-tools.sh (terraform, the AWS provider mirror, moto).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

envs=("$@")
((${#envs[@]})) || envs=(dev staging prod)
cycle_envs=()
for env in ${OFFICE_HOURS_ENVS-staging}; do
  [[ " ${envs[*]} " == *" $env "* ]] && cycle_envs+=("$env")
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report="$work/report.tsv"
logs="$work/logs"

rc=0
DEPLOY_LOCAL_AFTER_APPLY="${cycle_envs[*]:+$PWD/tests/infra/office-hours-cycle.sh}" \
  DEPLOY_LOCAL_AFTER_APPLY_ENVS="${cycle_envs[*]}" \
  DEPLOY_LOCAL_REPORT="$report" DEPLOY_LOCAL_LOG_DIR="$logs" bash scripts/deploy-local.sh "${envs[@]}" || rc=$?

passed=0
failed=0
for env in "${cycle_envs[@]}"; do
  results="$logs/office-hours-$env.results"
  if [[ -s "$results" ]]; then
    cat "$results"
    passed=$((passed + $(grep -c '^PASS' "$results" || true)))
    failed=$((failed + $(grep -c '^FAIL' "$results" || true)))
  else
    echo "FAIL $env: the office-hours cycle did not run (deploy-local.sh exited $rc before it)"
    failed=$((failed + 1))
  fi
done
for env in "${envs[@]}"; do
  line=$(grep -P "^$env\t" "$report" 2>/dev/null || true)
  if [[ "$line" == "$env	ok"* ]]; then
    echo "PASS emulated deploy $env (apply, re-plan without changes, destroy)"
    passed=$((passed + 1))
  else
    echo "FAIL emulated deploy $env: ${line:-no result (deploy-local.sh exited $rc before it)}"
    failed=$((failed + 1))
  fi
done

# The emulator must be gone, whatever happened (the script's EXIT trap).
pid=$(cat "$logs/moto.pid" 2>/dev/null || true)
if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
  echo "PASS moto_server (pid $pid) was stopped"
  passed=$((passed + 1))
else
  echo "FAIL moto_server ${pid:+(pid $pid) }is still running or never started"
  failed=$((failed + 1))
fi
# deploy-local failing on something outside the environments (e.g. the state-backend destroy)
if ((rc != 0 && failed == 0)); then
  echo "FAIL deploy-local.sh exited $rc"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
((failed == 0))
