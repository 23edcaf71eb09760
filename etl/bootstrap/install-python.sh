#!/bin/bash
# EMR bootstrap action: installs the Python the ETL runs on, on every node, before Spark starts.
#
# EMR 7.x runs Amazon Linux 2023, whose default python3 is 3.9; the ETL needs 3.11 (datetime.UTC).
# python3.11 comes from the cluster's own Amazon Linux 2023 repositories (served from S3 in the
# region, reached through the VPC's S3 gateway endpoint), so nothing is fetched from the internet.
# The ETL imports only the standard library and pyspark, which Spark itself puts on PYTHONPATH, so
# no pip package is installed. Idempotent: a node that already has python3.11 is left as it is.
# The DAG points PYSPARK_PYTHON and spark.pyspark.python at the same path (dags/platform_common/emr.py).
set -euo pipefail

PYTHON=/usr/bin/python3.11
ATTEMPTS=3

works() { "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }

if works; then
  echo "install-python: $("$PYTHON" --version) already present"
  exit 0
fi

for attempt in $(seq 1 "$ATTEMPTS"); do
  if sudo dnf install -y python3.11; then
    break
  fi
  if [[ "$attempt" -eq "$ATTEMPTS" ]]; then
    echo "install-python: dnf install python3.11 failed $ATTEMPTS times; see the bootstrap log" >&2
    exit 1
  fi
  sleep $((attempt * 10))
done

works || { echo "install-python: $PYTHON is not Python 3.11 after the install" >&2; exit 1; }
echo "install-python: installed $("$PYTHON" --version)"
