"""The one place a SparkSession is built, with the settings every job relies on."""

from __future__ import annotations

from pyspark.sql import SparkSession

# Settings the jobs depend on for correctness, applied even when a session already exists
# (EMR's spark-defaults or a test fixture may have created it).
REQUIRED_CONF = {
    # A rerun replaces only the partitions it writes; other dates stay untouched.
    "spark.sql.sources.partitionOverwriteMode": "dynamic",
    # Unparseable dates become NULL (and are quarantined) instead of raising SparkUpgradeException.
    "spark.sql.legacy.timeParserPolicy": "CORRECTED",
    # Timestamps are landed as local wall-clock strings; keep them as-is whatever the host zone.
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.parquet.compression.codec": "snappy",
    # Let adaptive execution coalesce shuffle partitions below cached frames too.
    "spark.sql.optimizer.canChangeCachedPlanOutputPartitioning": "true",
}
# Local runs (tests, pipeline-local, benchmark) on a laptop: 200 shuffle partitions of a few rows each
# cost more in task overhead than the work itself.
LOCAL_SHUFFLE_PARTITIONS = "8"


def get_session(app_name: str) -> SparkSession:
    spark = SparkSession.builder.appName(app_name).getOrCreate()
    for key, value in REQUIRED_CONF.items():
        spark.conf.set(key, value)
    if (
        spark.sparkContext.master.startswith("local")
        and spark.conf.get("spark.sql.shuffle.partitions") == "200"
    ):
        spark.conf.set("spark.sql.shuffle.partitions", LOCAL_SHUFFLE_PARTITIONS)
    spark.sparkContext.setLogLevel("WARN")
    return spark
