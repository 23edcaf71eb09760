# shellcheck shell=bash
# Helpers shared by the Spark scripts (test-etl.sh, pipeline-local.sh, bench/pipeline): sourced, not run.

PLATFORM_TOOLS_DIR="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}"
SPARK_VENV="$PLATFORM_TOOLS_DIR/venv-spark"
SPARK_REQUIREMENTS="requirements/spark-dev.txt"

step() { printf '==> %s\n' "$*"; }
fail() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}

ensure_java17() {
  command -v java >/dev/null 2>&1 || fail "java not found: install Java 17 (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
  local version
  version="$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
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
