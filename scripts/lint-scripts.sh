#!/usr/bin/env bash
# Lints the repository's own scripts: shellcheck on every shell script, ruff on the Python under
# scripts/ and bench/ (dags/ and etl/ are linted by their test scripts). Part of `npm run lint`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUFF_VERSION=0.14.14 # the pin of requirements/airflow-dev.txt and requirements/spark-dev.txt
TOOLS_DIR="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}"

if ! command -v shellcheck >/dev/null; then
  echo "lint-scripts: shellcheck not found. Install it: sudo apt-get install shellcheck (Debian/Ubuntu)," \
    "brew install shellcheck (macOS)" >&2
  exit 1
fi
mapfile -t shell_scripts < <(git ls-files '*.sh' .ci/run)
# Warnings and errors fail the lint; info and style notes are left to the author.
shellcheck -x --severity=warning "${shell_scripts[@]}"
echo "shellcheck: ${#shell_scripts[@]} scripts clean"

# ruff: its own small venv, created once (the Airflow and Spark venvs are keyed by their lock files).
venv="$TOOLS_DIR/venv-ruff-$RUFF_VERSION"
if [[ ! -f "$venv/.installed" ]]; then
  python="${PLATFORM_TOOLS_PYTHON:-python3.11}"
  command -v "$python" >/dev/null || python=python3
  echo "lint-scripts: creating $venv (ruff $RUFF_VERSION, once)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check -q "ruff==$RUFF_VERSION"
  touch "$venv/.installed"
fi
"$venv/bin/ruff" check scripts bench
"$venv/bin/ruff" format --check scripts bench
