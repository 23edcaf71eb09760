"""Iceberg table writes of the jobs: tables created on first use, upserts on business keys that
converge whatever order batches arrive in, and partition replacement for derived tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import count

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StructType

from .lake import Lake

# Run date of the batch that delivered a row. When two batches carry the same key, the newer batch's
# row wins whichever ran last, so reruns in any order end in the same table.
BATCH_COLUMN = "batch_date"
TABLE_PROPERTIES = {
    "format-version": "2",
    # Same codec as the rest of the lake; Athena and Spark both read it fast.
    "write.parquet.compression-codec": "snappy",
    # Default age of snapshots the maintenance job expires: a week of time travel.
    "history.expire.max-snapshot-age-ms": str(7 * 24 * 3600 * 1000),
}
_views = count()


def with_batch(df: DataFrame, run_date: str) -> DataFrame:
    return df.withColumn(BATCH_COLUMN, F.lit(run_date).cast("date"))


def ensure_namespaces(spark: SparkSession, lake: Lake) -> None:
    """Locally the databases are directories; on EMR Terraform created them (this only looks them up)."""
    for zone in ("staging", "curated"):
        spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {lake.database(zone)}")


def ensure_table(spark: SparkSession, table: str, schema: StructType, partition_by: str) -> None:
    columns = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in schema.fields)
    properties = ", ".join(f"'{k}'='{v}'" for k, v in TABLE_PROPERTIES.items())
    spark.sql(
        f"CREATE TABLE IF NOT EXISTS {table} ({columns}) USING iceberg "
        f"PARTITIONED BY (`{partition_by}`) TBLPROPERTIES ({properties})"
    )


def in_dates(dates: Sequence[str]) -> Column:
    """``sale_date`` is one of ``dates`` (ISO text), as date literals: compared with text, Spark would
    turn every row's date into text, and Iceberg could not prune the table to those partitions."""
    return F.col("sale_date").isin([date.fromisoformat(d) for d in dates])


def merge_on_keys(
    spark: SparkSession, table: str, source: DataFrame, keys: Sequence[str], dates: Sequence[str]
) -> bool:
    """Upsert ``source`` (unique on ``sale_date`` + ``keys``, carrying :data:`BATCH_COLUMN`) into
    ``table``, partitioned by ``sale_date``; a row from an older batch never replaces a newer one.

    When the table holds nothing yet for the batch's dates every row is new, so the rows are appended
    (what the MERGE would do, without its join). Returns whether it appended.
    """
    if not dates:
        return False
    ensure_table(spark, table, source.schema, "sale_date")
    if spark.table(table).where(in_dates(dates)).limit(1).count() == 0:
        source.writeTo(table).append()
        return True
    view = f"merge_source_{next(_views)}"
    source.createOrReplaceTempView(view)
    listed = ", ".join(f"DATE'{d}'" for d in dates)
    # The literal date list prunes the target to the batch's partitions before the join.
    on = " AND ".join(
        [f"t.sale_date IN ({listed})", "t.sale_date = s.sale_date", *(f"t.`{k}` = s.`{k}`" for k in keys)]
    )
    try:
        spark.sql(
            f"MERGE INTO {table} t USING {view} s ON {on} "
            f"WHEN MATCHED AND s.{BATCH_COLUMN} >= t.{BATCH_COLUMN} THEN UPDATE SET * "
            "WHEN NOT MATCHED THEN INSERT *"
        )
    finally:
        spark.catalog.dropTempView(view)
    return False


def rows_present(
    spark: SparkSession,
    table: str,
    source: DataFrame,
    keys: Sequence[str],
    dates: Sequence[str],
    appended: bool = False,
) -> int:
    """How many of the source's keys the table holds (after a merge: all of them, or rows were lost).

    ``appended``: :func:`merge_on_keys` appended the source to dates the table held nothing for, so
    every row the table now holds for those dates is one of the source's (unique) keys: counting
    them (no join) gives the same figure.
    """
    if not dates:
        return 0
    if appended:
        return spark.table(table).where(in_dates(dates)).count()
    return (
        spark.table(table)
        .where(in_dates(dates))
        .join(source.select("sale_date", *keys), ["sale_date", *keys], "left_semi")
        .count()
    )


def replace_partitions(spark: SparkSession, table: str, df: DataFrame) -> None:
    """Replace the ``sale_date`` partitions ``df`` holds rows for; other dates stay untouched."""
    ensure_table(spark, table, df.schema, "sale_date")
    df.writeTo(table).overwritePartitions()


def replace_snapshot(spark: SparkSession, table: str, df: DataFrame, snapshot_date: str) -> None:
    """Replace the rows of one ``snapshot_date`` whole (also when ``df`` is empty)."""
    df = df.withColumn("snapshot_date", F.lit(snapshot_date).cast("date"))
    ensure_table(spark, table, df.schema, "snapshot_date")
    df.writeTo(table).overwrite(F.col("snapshot_date") == F.lit(snapshot_date).cast("date"))
