#!/usr/bin/env bash
# Benchmark of the Spark pipeline (generate + transform) on local Spark, at 1M, 5M and 20M records,
# plus one day merged incrementally into the 5M-record lake (skip with --no-incremental).
# Prints wall time, records/s and peak memory (driver JVM + Python, summed over the process tree).
# Usage: bash bench/pipeline/run.sh [RECORDS ...]   e.g. bash bench/pipeline/run.sh 1000000 5000000
# Env: BENCH_DRIVER_MEMORY (default 4g). Results: bench/pipeline/results/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/test-etl.sh --setup-only
bash scripts/package-etl.sh
venv="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/venv-spark"
export PYSPARK_PYTHON="$venv/bin/python" SPARK_CONF_DIR="${SPARK_CONF_DIR:-$PWD/etl/conf}" SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
exec "$venv/bin/python" bench/pipeline/run.py --venv "$venv" "$@"
