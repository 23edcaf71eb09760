#!/usr/bin/env bash
# Lint and test the PySpark jobs under etl/ on a local Spark (local[2]).
#
# The toolchain lives in a venv outside the repo, at
# ${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/venv-spark, built with python3.11 from
# requirements/spark-dev.txt and rebuilt only when that file changes (sha256 marker in the venv).
# Needs Java 17 (the JDK of EMR 7.x): apt-get install openjdk-17-jdk-headless.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/spark-venv.sh
source scripts/spark-venv.sh

ensure_java17
ensure_spark_venv

step "ruff check etl tests/etl"
"$SPARK_VENV/bin/ruff" check etl tests/etl

step "pytest tests/etl (local Spark; a few minutes on 2 cores)"
"$SPARK_VENV/bin/python" -m pytest -q -p no:cacheprovider tests/etl "$@"
