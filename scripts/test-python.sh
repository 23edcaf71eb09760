#!/usr/bin/env bash
# Runs the Python side's checks: lint of dags/ and etl/, the Airflow DAG tests and the Spark ETL tests.
# Each suite sets up its own virtualenv (cached outside the repo) because Airflow and Spark pin
# different dependency sets.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-dags.sh
bash scripts/test-etl.sh
