"""Shared fixtures: one local Spark session for the whole test run, and a tiny hand-made lake."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ETL_DIR = Path(__file__).resolve().parents[2] / "etl"
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
    from spark_platform_etl.session import get_session

    (
        SparkSession.builder.master("local[2]")
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
