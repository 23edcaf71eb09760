"""Iceberg table maintenance: compact small files, expire old snapshots, delete orphan files.

Every run of the daily ETL adds a snapshot and a few small files per touched date; left alone, reads
slow down and storage grows. Scheduled by ``dags/iceberg_maintenance.py`` (``main.py maintain``).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from pyspark.sql import SparkSession

from .lake import Lake
from .session import use_catalog

TABLES = {
    "staging": ("stores", "products", "customers", "sales"),
    "curated": ("sales_fact", "daily_store_sales", "daily_province_sales", "daily_category_sales"),
}


def _ts(moment: datetime) -> str:
    return f"TIMESTAMP '{moment.strftime('%Y-%m-%d %H:%M:%S')}'"


def run_maintain(
    spark: SparkSession,
    lake: Lake,
    now: datetime,
    *,
    snapshot_retention_days: int = 7,
    retain_last: int = 5,
    orphan_age_days: int = 3,
    log=print,
) -> dict[str, dict[str, int]]:
    """Maintain every table of the lake that exists; returns per table what each procedure did.

    Orphan files younger than ``orphan_age_days`` are kept: they may belong to a write in flight
    (Iceberg refuses less than a day).
    """
    use_catalog(spark, lake)
    call = f"CALL {lake.catalog}.system"
    summary: dict[str, dict[str, int]] = {}
    for zone, names in TABLES.items():
        for name in names:
            table = f"{lake.database(zone)}.{name}"
            if not spark.catalog.tableExists(table):
                log(f"[maintain] {table}: not created yet, skipped")
                continue
            t0 = time.monotonic()
            ident = table.split(".", 1)[1]  # procedures take the name inside their catalog
            rewrite = spark.sql(
                f"{call}.rewrite_data_files(table => '{ident}', options => map('min-input-files', '2'))"
            ).first()
            expire = spark.sql(
                f"{call}.expire_snapshots(table => '{ident}', "
                f"older_than => {_ts(now - timedelta(days=snapshot_retention_days))}, "
                f"retain_last => {retain_last})"
            ).first()
            orphans = spark.sql(
                f"{call}.remove_orphan_files(table => '{ident}', "
                f"older_than => {_ts(now - timedelta(days=orphan_age_days))})"
            ).count()
            summary[table] = {
                "rewritten_data_files": rewrite["rewritten_data_files_count"],
                "added_data_files": rewrite["added_data_files_count"],
                "expired_data_files": expire["deleted_data_files_count"],
                "expired_manifest_lists": expire["deleted_manifest_lists_count"],
                "orphan_files_removed": orphans,
            }
            log(f"[maintain] {table}: {summary[table]} ({time.monotonic() - t0:.1f}s)")
    return summary
