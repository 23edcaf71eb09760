#!/usr/bin/env bash
# Lints and tests the Airflow DAGs under dags/ (tests in tests/dags/) against Apache Airflow 2.11.0,
# the version MWAA runs. The Airflow toolchain lives in its own virtualenv, cached outside the repo:
#
#     ${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/venv-airflow
#
# created with python3.11 (override: PLATFORM_TOOLS_PYTHON) from requirements/airflow-dev.txt and
# rebuilt only when that file's content changes (hash marker in the venv). pip's output goes to
# $PLATFORM_TOOLS_DIR/logs/venv-airflow.log. Extra arguments are passed to pytest.
set -euo pipefail
shopt -s inherit_errexit

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}"
PYTHON="${PLATFORM_TOOLS_PYTHON:-python3.11}"
REQ="$REPO_ROOT/requirements/airflow-dev.txt"
VENV="$DIR/venv-airflow"
LOG="$DIR/logs/venv-airflow.log"

log() { printf '[test-dags] %s\n' "$*"; }

mkdir -p "$DIR/logs"
REQ_HASH=$(sha256sum "$REQ" | cut -c1-16)
STAMP="$VENV/.installed-$REQ_HASH"

if [[ -f "$STAMP" ]]; then
  log "venv up to date: $VENV"
else
  command -v "$PYTHON" >/dev/null || { log "$PYTHON not found (install it or set PLATFORM_TOOLS_PYTHON)"; exit 1; }
  log "creating $VENV from requirements/airflow-dev.txt (a few minutes; pip log: $LOG)"
  started=$(date +%s)
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  if ! {
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip &&
      "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off -r "$REQ"
  } >"$LOG" 2>&1; then
    log "pip install failed; last lines of $LOG:"
    tail -n 30 "$LOG" >&2
    exit 1
  fi
  "$VENV/bin/python" -m pip check >>"$LOG" 2>&1 || { log "pip check failed, see $LOG"; tail -n 20 "$LOG" >&2; exit 1; }
  # Smoke check with a throwaway AIRFLOW_HOME: the CLI writes airflow.cfg there on first start.
  version=$(AIRFLOW_HOME="$VENV/airflow-home" "$VENV/bin/airflow" version 2>/dev/null | tail -n 1) ||
    { log "airflow does not start: AIRFLOW_HOME=$VENV/airflow-home $VENV/bin/airflow version"; exit 1; }
  touch "$STAMP"
  log "venv ready in $(($(date +%s) - started))s: apache-airflow $version"
fi

cd "$REPO_ROOT"
log "ruff check dags tests/dags"
"$VENV/bin/ruff" check dags tests/dags
"$VENV/bin/ruff" format --check dags tests/dags

# MWAA's Apache Airflow 2.11 image runs Python 3.11 (docs/data-run.md).
bash scripts/check-python-targets.sh dags 3.11 "MWAA, Apache Airflow 2.11"

log "pytest tests/dags"
"$VENV/bin/python" -m pytest -q tests/dags "$@"
