#!/usr/bin/env bash
# Lint and test the PySpark jobs under etl/ on a local Spark (local[2]).
#
# The toolchain lives in a venv outside the repo, at
# ${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/venv-spark, built with python3.11 from
# requirements/spark-dev.txt and rebuilt only when that file changes (sha256 marker in the venv).
# Needs Java 17 (the JDK of EMR 7.x): apt-get install openjdk-17-jdk-headless.
# Usage: bash scripts/test-etl.sh [pytest args]   |   bash scripts/test-etl.sh --setup-only (venv + java check)
set -euo pipefail
cd "$(dirname "$0")/.."

PLATFORM_TOOLS_DIR="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}"
SPARK_VENV="$PLATFORM_TOOLS_DIR/venv-spark"
SPARK_REQUIREMENTS="requirements/spark-dev.txt"

step() { printf '==> %s\n' "$*"; }
fail() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}

ensure_java17() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java" version
  command -v "$java" >/dev/null 2>&1 || fail "$java not found: install Java 17 (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
  version="$("$java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  [[ "${version%%.*}" == "17" ]] ||
    fail "java -version says '${version:-unknown}', Spark 3.5 here is tested on Java 17 (EMR 7.x): install openjdk-17 and put it first on PATH or set JAVA_HOME"
  step "java $version"
}

ensure_spark_venv() {
  command -v python3.11 >/dev/null 2>&1 || fail "python3.11 not found (EMR 7.8 runs PySpark on Python 3.11): install it, e.g. with pyenv"
  local want have log
  want="$(sha256sum "$SPARK_REQUIREMENTS" | cut -d' ' -f1)"
  have="$(cat "$SPARK_VENV/.requirements.sha256" 2>/dev/null || true)"
  if [[ "$want" == "$have" && -x "$SPARK_VENV/bin/python" ]]; then
    step "spark venv up to date ($SPARK_VENV)"
    return
  fi
  mkdir -p "$PLATFORM_TOOLS_DIR"
  log="$PLATFORM_TOOLS_DIR/venv-spark-pip.log"
  step "building spark venv at $SPARK_VENV from $SPARK_REQUIREMENTS (pyspark is ~300 MB: a few minutes the first time; log: $log)"
  rm -rf "$SPARK_VENV"
  python3.11 -m venv "$SPARK_VENV"
  if ! "$SPARK_VENV/bin/python" -m pip install --upgrade pip >"$log" 2>&1 ||
    ! "$SPARK_VENV/bin/python" -m pip install -r "$SPARK_REQUIREMENTS" >>"$log" 2>&1; then
    tail -n 20 "$log" >&2
    fail "pip install failed, see $log"
  fi
  echo "$want" >"$SPARK_VENV/.requirements.sha256"
  step "spark venv ready: $("$SPARK_VENV/bin/python" -c 'import pyspark; print("pyspark", pyspark.__version__)')"
}

ensure_java17
ensure_spark_venv
# Other scripts (pipeline-local.sh, bench/pipeline) reuse the checks and the venv.
if [[ "${1:-}" == "--setup-only" ]]; then
  exit 0
fi

step "ruff check and format --check: etl tests/etl"
"$SPARK_VENV/bin/ruff" check etl tests/etl
"$SPARK_VENV/bin/ruff" format --check etl tests/etl

# EMR runs the jobs under the python3.11 etl/bootstrap/install-python.sh installs (docs/data-run.md).
bash scripts/check-python-targets.sh etl 3.11 "EMR 7.x with etl/bootstrap/install-python.sh"

step "pytest tests/etl (local Spark; a few minutes on 2 cores)"
"$SPARK_VENV/bin/python" -m pytest -q -p no:cacheprovider tests/etl "$@"
