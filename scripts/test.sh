#!/usr/bin/env bash
# `npm test`: everything, on a fresh machine as on a warm one.
#
#   1. the toolchain: scripts/bootstrap-tools.sh builds what is missing (with estimates and progress;
#      under a second when warm), then its env.sh is sourced. A tool that cannot be had fails the run.
#   2. Client VPN test certificates for environments that import certificates/<env>/ (git-ignored)
#   3. typecheck, lint, unit tests, the generated-docs drift checks (diagram, environment reference),
#      the Python tests, verify (validate, TFLint, checkov, actionlint) and the emulated deploy.
#
# Every step runs even after a failure; the run ends with one line per step (time, result, the test
# runner's closing line) and exits 1 if any step failed. Logs: ${TEST_LOG_DIR:-cdktf.out.test}/.
# PLATFORM_TEST_STEPS="typecheck unit" runs a subset (names as in the table).
#
# The long steps run in three lanes at once (PLATFORM_TEST_LANES=1 runs them one after another):
#   python, verify | emulated (with the office-hours cycle on staging) | recover, flavors
# The emulator steps spend much of their time waiting (the provider waits ~60 s for every S3
# lifecycle configuration to settle), so the lanes overlap that waiting with the CPU-bound Spark
# tests. A lane's output goes to its steps' logs; each step's closing line (and a failed step's
# last lines) is printed when its lane ends. Each lane has its own Terraform plugin cache (the cache
# is not safe for concurrent `terraform init`) and its own emulator on a free port.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export CHECKPOINT_DISABLE=1
LOG_DIR="${TEST_LOG_DIR:-cdktf.out.test}"
mkdir -p "$LOG_DIR"
ONLY=" ${PLATFORM_TEST_STEPS:-} "
T_START=$(date +%s)
ROWS=()
FAILED=0

# The closing line of whichever runner wrote LOG: vitest, pytest, the emulated deploy, verify, checks.
closing_line() {
  sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1" |
    grep -E '^\s*Tests\s+[0-9]|[0-9]+ (passed|failed)|VERIFY (PASSED|FAILED|INCOMPLETE)|is current|out of date|error TS|problems? \(|All checks passed|already formatted|shellcheck: |\[bootstrap\] (all done|finished)|certificates present' |
    tail -n 1 | sed -E 's/^\s+//' | cut -c1-90 || true
}

# record NAME SECONDS RC: one row of the summary table (time, result, the log's closing line).
record() {
  local result="ok"
  if (($3 != 0)); then
    result="FAILED (rc=$3)"
    FAILED=$((FAILED + 1))
  fi
  ROWS+=("$(printf '%-16s %6ss  %-15s %s' "$1" "$2" "$result" "$(closing_line "$LOG_DIR/$1.log")")")
}

# run NAME CMD...: runs CMD with its output shown and kept in LOG_DIR/NAME.log; records the result.
run() {
  local name="$1" t0 rc dt log
  shift
  if [[ "$ONLY" != "  " && "$ONLY" != *" $name "* ]]; then return 0; fi
  log="$LOG_DIR/$name.log"
  echo "::: $name"
  t0=$(date +%s)
  set +e
  (
    set -euo pipefail
    "$@"
  ) 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  dt=$(($(date +%s) - t0))
  echo "::: $name: $( ((rc == 0)) && echo ok || echo "FAILED (rc=$rc)") in ${dt}s"
  record "$name" "$dt" "$rc"
  return 0
}

# lane STEP...: runs the steps (names in STEP_CMD) one after another in the background, each into
# LOG_DIR/STEP.log with its time and exit code in LOG_DIR/STEP.result.
declare -A STEP_CMD=(
  [python]="npm run --silent test:python"
  [verify]="npm run --silent verify"
  [emulated]="npm run --silent test:emulated"
  [recover]="npm run --silent test:recover"
  [flavors]="npm run --silent test:flavors"
)
LANE_PIDS=()
LANE_STEPS=()
lane() {
  local steps=() name
  for name in "$@"; do
    if [[ "$ONLY" == "  " || "$ONLY" == *" $name "* ]]; then steps+=("$name"); fi
  done
  ((${#steps[@]})) || return 0
  LANE_STEPS+=("${steps[@]}")
  local cache="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/tf-plugin-cache/lane-${#LANE_PIDS[@]}"
  echo "::: lane ${#LANE_PIDS[@]}: ${steps[*]} (logs: $LOG_DIR/<step>.log)"
  (
    export TF_PLUGIN_CACHE_DIR="$cache"
    mkdir -p "$cache"
    for name in "${steps[@]}"; do
      t0=$(date +%s)
      rc=0
      (
        set -euo pipefail
        # shellcheck disable=SC2086 # STEP_CMD holds simple words
        ${STEP_CMD[$name]}
      ) >"$LOG_DIR/$name.log" 2>&1 </dev/null || rc=$?
      echo "$(($(date +%s) - t0)) $rc" >"$LOG_DIR/$name.result"
      echo "::: $name: $( ((rc == 0)) && echo ok || echo "FAILED (rc=$rc)") in $(($(date +%s) - t0))s"
    done
  ) &
  LANE_PIDS+=($!)
}
# wait_lanes: waits for every lane, then records each step as `run` does, in the order started.
wait_lanes() {
  local name dt rc
  ((${#LANE_PIDS[@]})) || return 0
  wait "${LANE_PIDS[@]}" || true
  for name in "${LANE_STEPS[@]}"; do
    read -r dt rc <"$LOG_DIR/$name.result" 2>/dev/null || { dt=0 rc=255; }
    if ((rc != 0)); then
      echo "::: $name FAILED: last 60 lines of $LOG_DIR/$name.log"
      tail -n 60 "$LOG_DIR/$name.log" 2>/dev/null || true
    fi
    record "$name" "$dt" "$rc"
  done
}

toolchain() {
  BOOTSTRAP_STRICT=1 bash scripts/bootstrap-tools.sh
}
certificates() {
  local env_file env
  for env_file in environments/*.tfvars; do
    env=$(basename "$env_file" .tfvars)
    # environments with ACM certificate ARNs import nothing
    grep -Eq '^\s*server_certificate_arn\s*=' "$env_file" && continue
    [[ -f "certificates/$env/server.key" ]] && continue
    npx --no-install tsx scripts/generate-certs.ts --env "$env"
  done
  echo "Client VPN test certificates present for every environment that imports them"
}

run toolchain toolchain
TOOLS_ENV="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/env.sh"
if [[ -f "$TOOLS_ENV" ]]; then
  # shellcheck disable=SC1090
  source "$TOOLS_ENV"
fi
export CI="${CI:-true}" # from here on a missing tool is a failure, never a skip
run certificates certificates
run typecheck npm run --silent typecheck
run lint npm run --silent lint
run unit npm run --silent test:unit
run diagram npm run --silent diagram -- --check
run env-reference npm run --silent env-reference -- --check
if [[ "${PLATFORM_TEST_LANES:-3}" == 1 ]]; then
  for name in python verify emulated recover flavors; do
    # shellcheck disable=SC2086 # STEP_CMD holds simple words
    run "$name" ${STEP_CMD[$name]}
  done
else
  trap 'trap - INT TERM; kill 0' INT TERM # an interrupted run stops its lanes too
  lane python verify
  lane emulated
  lane recover flavors
  wait_lanes
fi

echo
echo "::: npm test summary (logs: $LOG_DIR/)"
printf '%s\n' "${ROWS[@]}"
echo "total $(($(date +%s) - T_START))s"
echo "$((${#ROWS[@]} - FAILED)) passed, $FAILED failed"
((FAILED == 0))
