#!/usr/bin/env bash
# Run the data platform's Spark pipeline on this machine, no AWS needed: generate a synthetic landed
# batch, run the ETL (raw -> staging -> curated Iceberg tables, quarantine), print the data-quality
# report and a few rows queried back from the curated tables.
# The jobs run exactly as on EMR (spark-submit --py-files etl.zip main.py ...), on local[2], with the
# Iceberg runtime EMR 7.8.0 ships (scripts/fetch-iceberg.sh) and a local Hadoop catalog in the lake.
#
# Usage: bash scripts/pipeline-local.sh [--scale 0.02] [--run-date YYYY-MM-DD] [--seed 42] [--lake-root data/lake]
#   --scale 0.02 is about 100,000 records (1.0 = about 5 million); env SPARK_DRIVER_MEMORY (default 2g).
set -euo pipefail
cd "$(dirname "$0")/.."
SPARK_VENV="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/venv-spark"
step() { printf '==> %s\n' "$*"; }
fail() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}

scale="0.02"
seed="42"
run_date="$(date -u -d yesterday +%F)"
lake_root="data/lake"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale | --seed | --run-date | --lake-root)
      [[ $# -ge 2 ]] || fail "$1 needs a value"
      case "$1" in
        --scale) scale="$2" ;;
        --seed) seed="$2" ;;
        --run-date) run_date="$2" ;;
        --lake-root) lake_root="$2" ;;
      esac
      shift 2
      ;;
    -h | --help)
      sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) fail "unknown option '$1' (expected --scale, --seed, --run-date, --lake-root)" ;;
  esac
done

bash scripts/test-etl.sh --setup-only
step "packaging the jobs"
bash scripts/package-etl.sh
iceberg_jar="$(bash scripts/fetch-iceberg.sh)"

export PYSPARK_PYTHON="$SPARK_VENV/bin/python"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export SPARK_CONF_DIR="${SPARK_CONF_DIR:-$PWD/etl/conf}" # quiet console logging (warnings only)
submit() {
  "$SPARK_VENV/bin/spark-submit" --master "local[2]" --driver-memory "${SPARK_DRIVER_MEMORY:-2g}" \
    --conf spark.ui.showConsoleProgress=false --conf spark.ui.enabled=false \
    --conf spark.sql.shuffle.partitions=8 --jars "$iceberg_jar" \
    --py-files build/etl/etl.zip "$@"
}

started=$SECONDS
step "generate: lake=$lake_root run-date=$run_date scale=$scale seed=$seed"
submit build/etl/main.py generate --lake-root "$lake_root" --run-date "$run_date" --scale "$scale" --seed "$seed"
step "transform: raw -> staging -> curated, quarantine, quality report"
submit build/etl/main.py transform --lake-root "$lake_root" --run-date "$run_date"

report="$lake_root/curated/_quality_reports/run_date=$run_date/report.json"
step "data-quality report ($report)"
cat "$report"
step "lake layout"
find "$lake_root" -maxdepth 2 -mindepth 2 -type d | LC_ALL=C sort | sed 's/^/  /'
step "queried back from the curated Iceberg tables"
submit scripts/query-curated.py "$lake_root"
step "done in $((SECONDS - started))s. Explore: $SPARK_VENV/bin/pyspark --jars $iceberg_jar (see docs/lakehouse.md)"
