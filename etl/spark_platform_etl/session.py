"""The one place a SparkSession is built, with the settings every job relies on.

Tables live in an Iceberg catalog whose namespaces are the staging and curated databases. On EMR
(``s3://`` lake) it is the Glue Data Catalog with EMR's own Iceberg runtime (``iceberg-defaults:
iceberg.enabled=true``); elsewhere it is a Hadoop catalog whose warehouse is the lake directory, with
the runtime jar from ``scripts/fetch-iceberg.sh``. Either way table ``<database>.<table>`` lives at
``<lake root>/<zone>/<table>`` (the Glue databases' location URIs are the zone prefixes).
"""

from __future__ import annotations

from pyspark.sql import SparkSession

from .lake import Lake

ICEBERG_EXTENSIONS = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions"

# Settings the jobs depend on for correctness (and two for speed), applied even when a session already exists
# (EMR's spark-defaults or a test fixture may have created it).
REQUIRED_CONF = {
    # Parquet zones written by path (quarantine) replace only the run-date directory they write.
    "spark.sql.sources.partitionOverwriteMode": "dynamic",
    # Unparseable dates become NULL (and are quarantined) instead of raising SparkUpgradeException.
    "spark.sql.legacy.timeParserPolicy": "CORRECTED",
    # Timestamps are landed as local wall-clock strings; keep them as-is whatever the host zone.
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.parquet.compression.codec": "snappy",
    # Let adaptive execution coalesce shuffle partitions below cached frames too.
    "spark.sql.optimizer.canChangeCachedPlanOutputPartitioning": "true",
    # Cached frames (the transform's checked rows, read four to five times within one job) are kept
    # uncompressed: choosing each cached column's encoding looks every value up in a map of boxed
    # values, which took about a third of validating 5M sales lines; uncompressed they take more
    # memory for the job's lifetime (MEMORY_AND_DISK: what does not fit goes to local disk).
    "spark.sql.inMemoryColumnarStorage.compressed": "false",
    # A MERGE rewrites data files of the batch's dates (the ON clause names them). Spark would first
    # scan those files once more to keep only the ones holding a matching key; a day's lines are
    # written one file per write, so nearly every file of a touched date holds one and that extra
    # pass over the day seldom prunes anything. Without it every file of a touched date is rewritten.
    "spark.sql.optimizer.runtime.rowLevelOperationGroupFilter.enabled": "false",
}
# Local runs (tests, pipeline-local, benchmark) on a laptop: 200 shuffle partitions of a few rows each
# cost more in task overhead than the work itself.
LOCAL_SHUFFLE_PARTITIONS = "8"


def catalog_conf(lake: Lake) -> dict[str, str]:
    """The Spark settings of the lake's Iceberg catalog (pure: tested without Spark)."""
    prefix = f"spark.sql.catalog.{lake.catalog}"
    conf = {prefix: "org.apache.iceberg.spark.SparkCatalog", f"{prefix}.warehouse": lake.root}
    if lake.on_s3:
        conf[f"{prefix}.catalog-impl"] = "org.apache.iceberg.aws.glue.GlueCatalog"
        conf[f"{prefix}.io-impl"] = "org.apache.iceberg.aws.s3.S3FileIO"
    else:
        conf[f"{prefix}.type"] = "hadoop"
    return conf


def use_catalog(spark: SparkSession, lake: Lake) -> None:
    """Point the session at the lake's catalog (runtime settings: read when the catalog is first used)."""
    for key, value in catalog_conf(lake).items():
        spark.conf.set(key, value)


def get_session(app_name: str, lake: Lake | None = None) -> SparkSession:
    # The SQL extensions (MERGE INTO, CALL) are read when the session starts, so they go on the builder.
    builder = SparkSession.builder.appName(app_name).config("spark.sql.extensions", ICEBERG_EXTENSIONS)
    spark = builder.getOrCreate()
    for key, value in REQUIRED_CONF.items():
        spark.conf.set(key, value)
    if lake is not None:
        use_catalog(spark, lake)
    if (
        spark.sparkContext.master.startswith("local")
        and spark.conf.get("spark.sql.shuffle.partitions") == "200"
    ):
        spark.conf.set("spark.sql.shuffle.partitions", LOCAL_SHUFFLE_PARTITIONS)
    spark.sparkContext.setLogLevel("WARN")
    return spark
