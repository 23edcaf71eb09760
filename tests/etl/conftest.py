"""Shared fixtures: one local Spark session (with the Iceberg runtime) for the whole test run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ETL_DIR = REPO / "etl"
sys.path.insert(0, str(ETL_DIR))


def _require_java() -> None:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.exit(
            "Java is required for the Spark tests (Java 17: apt-get install openjdk-17-jre-headless)", 2
        )


@pytest.fixture(scope="session")
def spark():
    _require_java()
    from pyspark.sql import SparkSession
    from spark_platform_etl.session import ICEBERG_EXTENSIONS, get_session

    # The Iceberg runtime EMR 7.8.0 ships, downloaded once and checksum-verified.
    fetch = subprocess.run(
        ["bash", str(REPO / "scripts" / "fetch-iceberg.sh")], capture_output=True, text=True, check=False
    )
    if fetch.returncode != 0:
        pytest.exit(f"scripts/fetch-iceberg.sh failed: {fetch.stderr.strip()}", 2)
    (
        SparkSession.builder.master("local[2]")
        .config("spark.jars", fetch.stdout.strip())
        .config("spark.sql.extensions", ICEBERG_EXTENSIONS)
        .appName("etl-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.adaptive.coalescePartitions.initialPartitionNum", "2")
        .getOrCreate()
    )
    session = get_session("etl-tests")
    yield session
    session.stop()
