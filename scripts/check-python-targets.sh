#!/usr/bin/env bash
# Fails when Python code needs a newer interpreter than the one that runs it:
#
#     bash scripts/check-python-targets.sh <dir> <version> <who runs it>
#
# etl/ runs on EMR under /usr/bin/python3.11 (etl/bootstrap/install-python.sh installs it; EMR 7.x's
# own python3 is 3.9); dags/ runs on MWAA's Apache Airflow 2.11 image, which is Python 3.11
# (docs/data-run.md says where both facts come from). vermin (pinned) reads the code's syntax, standard
# library modules, functions and arguments and reports the minimum version each needs. It lives in
# its own venv under ${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/venv-vermin.
set -euo pipefail
shopt -s inherit_errexit

VERMIN_VERSION="1.9.2"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}"
VENV="$DIR/venv-vermin"
STAMP="$VENV/.vermin-$VERMIN_VERSION"

log() { printf '[python-targets] %s\n' "$*"; }

[[ $# -eq 3 ]] || { log "usage: $0 <dir> <python version, e.g. 3.11> <who runs it>"; exit 2; }
target_dir="$1" version="$2" runtime="$3"

if [[ ! -f "$STAMP" ]]; then
  command -v python3 >/dev/null || { log "python3 not found"; exit 1; }
  log "creating $VENV with vermin $VERMIN_VERSION"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q "vermin==$VERMIN_VERSION" ||
    { log "pip install vermin==$VERMIN_VERSION failed"; exit 1; }
  touch "$STAMP"
fi

vermin() {
  "$VENV/bin/vermin" --no-tips --eval-annotations --no-parse-comments --target="$version-" --violations "$@"
}

# Canary: the check must reject code that needs a newer Python, or its silence proves nothing.
canary="$(mktemp -d)"
trap 'rm -rf "$canary"' EXIT
printf 'import itertools\n\nprint(list(itertools.batched("abcd", 2)))\n' >"$canary/needs_312.py"
if vermin -q "$canary" >/dev/null 2>&1; then
  log "vermin accepted itertools.batched (Python 3.12) as $version code: the check is broken"
  exit 1
fi

cd "$REPO_ROOT"
if ! output="$(vermin "$target_dir" 2>&1)"; then
  log "$target_dir needs a newer Python than $version ($runtime):"
  printf '%s\n' "$output" >&2
  exit 1
fi
log "$target_dir runs on Python $version ($runtime)"
