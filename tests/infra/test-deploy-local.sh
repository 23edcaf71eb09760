#!/usr/bin/env bash
# Emulated-apply test: runs scripts/deploy-local.sh for every shipped environment against moto and
# reports one result per environment (apply, a second plan with no changes, destroy), then checks
# that the emulator was stopped. Closing line: "N passed, N failed".
#
#   bash tests/infra/test-deploy-local.sh            # dev staging prod
#   bash tests/infra/test-deploy-local.sh dev        # a subset
#
# Needs the tools from scripts/bootstrap-tools.sh (terraform, the AWS provider mirror, moto).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

envs=("$@")
((${#envs[@]})) || envs=(dev staging prod)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report="$work/report.tsv"
logs="$work/logs"

rc=0
DEPLOY_LOCAL_REPORT="$report" DEPLOY_LOCAL_LOG_DIR="$logs" bash scripts/deploy-local.sh "${envs[@]}" || rc=$?

passed=0
failed=0
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
