"""The daily ETL: raw -> staging (+ quarantine) -> curated, with reconciliation and a quality report.

Writes (``D`` = run date; tables are Iceberg, see lake.py):

* staging ``<dimension>`` rows of ``snapshot_date = D`` and ``quarantine/<dataset>/run_date=D``:
  replaced whole;
* staging ``sales`` and curated ``sales_fact``: merged on the business key (sale date, transaction,
  line); when batches overlap the row of the newer batch wins, so reruns in any order converge;
* the curated aggregates: recomputed from the merged fact for the dates the batch touched.

The job fails (after writing the report) when rows in != rows staged + rows quarantined for any
dataset, as counted from what was actually written, and before anything is published to curated.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from functools import reduce

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.utils import AnalysisException

from . import checks as dq
from . import fs, quality_gate
from .curated import publish
from .errors import MissingInputError, ReconciliationError
from .lake import DATASETS, Lake
from .schemas import PRIMARY_KEYS
from .session import use_catalog
from .tables import ensure_namespaces, merge_on_keys, replace_snapshot, rows_present, with_batch
from .validate import conform, quarantined, staged, validate

DIMENSIONS = ("stores", "products", "customers")


def read_raw(spark: SparkSession, lake: Lake, dataset: str, run_date: str) -> DataFrame:
    """The landed batch of one dataset, as landed."""
    path = lake.raw(dataset, run_date)
    if not fs.exists(spark, path):
        raise MissingInputError(
            f"{dataset}: no landed batch at {path}. Land the data for {run_date} first "
            f"(locally: main.py generate --lake-root {lake.root} --run-date {run_date})."
        )
    try:
        df = spark.read.parquet(path)
    except AnalysisException as err:
        raise MissingInputError(f"{dataset}: cannot read {path} as parquet: {err}") from err
    return df


def _count_by(frames: dict[str, DataFrame], column: str | None = None) -> dict[str, dict]:
    """Rows of each frame per value of ``column`` (all under ``None`` without one), in one Spark job
    for all the frames. A frame without rows has no entries."""
    key = [column] if column else []
    labelled = [df.select(F.lit(name).alias("_frame"), *key) for name, df in frames.items()]
    counts: dict[str, dict] = {name: {} for name in frames}
    for row in reduce(DataFrame.unionByName, labelled).groupBy("_frame", *key).count().collect():
        counts[row["_frame"]][row[column] if column else None] = row["count"]
    return counts


def _count_each(frames: dict[str, DataFrame]) -> dict[str, int]:
    """Row count of each frame, in one Spark job for all of them (a frame without rows counts 0)."""
    return {name: sum(groups.values()) for name, groups in _count_by(frames).items()}


# Quarantined rows per Parquet file: a run's quarantine is written as few files as its size needs
# (not one per Spark task: 12 bad store rows would land as 8 files of one or two rows each).
QUARANTINE_ROWS_PER_FILE = 500_000


def _write_run_partition(df: DataFrame, path: str, rows: int) -> None:
    """Replace one run-date directory whole (also when the new content is empty), as
    ``ceil(rows / QUARANTINE_ROWS_PER_FILE)`` files (at least one). ``repartition``, not
    ``coalesce``: the rows are filtered from the whole batch at full parallelism, then only the
    quarantined ones are gathered."""
    files = max(1, -(-rows // QUARANTINE_ROWS_PER_FILE))
    df.repartition(files).write.mode("overwrite").parquet(path)


def run_transform(
    spark: SparkSession, lake: Lake, run_date: str, log=print, max_quarantine_percent: float | None = None
) -> dict:
    started = time.monotonic()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    log(f"[transform] run_date={run_date} lake={lake.root}")

    landed = {}
    conformed = {}
    drift = {}
    for name in DATASETS:
        landed[name] = read_raw(spark, lake, name, run_date)
        conformed[name], drift[name] = conform(landed[name], name, lake.raw(name, run_date))
        if drift[name].extra_columns or drift[name].retyped_columns:
            log(f"[transform] WARNING schema drift in {name}: {drift[name].as_dict()}")
    use_catalog(spark, lake)
    ensure_namespaces(spark, lake)

    # Dimensions first: sales foreign keys resolve against the dimension rows that passed.
    checked: dict[str, DataFrame] = {}
    for name in DIMENSIONS:
        checked[name] = validate(conformed[name], name, run_date).persist(StorageLevel.MEMORY_AND_DISK)
    valid = {name: staged(checked[name], name) for name in DIMENSIONS}
    references = {
        "store_id": valid["stores"],
        "product_id": valid["products"],
        "customer_id": valid["customers"],
    }
    checked["sales"] = validate(conformed["sales"], "sales", run_date, references).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    valid["sales"] = staged(checked["sales"], "sales")
    t0 = time.monotonic()
    sale_dates = sorted(
        r["sale_date"].isoformat() for r in valid["sales"].select("sale_date").distinct().collect()
    )
    log(f"[transform] validated, {len(sale_dates)} sale dates ({time.monotonic() - t0:.1f}s)")

    datasets: dict[str, dict] = {}
    appended = False
    reasons = _count_by(checked, dq.REASON)  # None: passed
    rejected = {name: quarantined(checked[name], name) for name in DATASETS}
    for i, name in enumerate(DATASETS, start=1):
        t0 = time.monotonic()
        counts = reasons[name]
        passed = counts.pop(None, 0)
        failed = sum(counts.values())
        datasets[name] = {
            "rows_in": passed + failed,
            "rows_staged_expected": passed,
            "quarantine_reasons": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "schema_drift": drift[name].as_dict(),
        }
        if name == "sales":
            batch = with_batch(valid[name], run_date)
            appended = merge_on_keys(spark, lake.staging(name), batch, PRIMARY_KEYS[name], sale_dates)
        else:
            replace_snapshot(spark, lake.staging(name), valid[name], run_date)
        _write_run_partition(rejected[name], f"{lake.quarantine(name)}/run_date={run_date}", failed)
        log(
            f"[transform] ({i}/{len(DATASETS)}) {name}: {datasets[name]['rows_in']:,} in, {passed:,} staged, "
            f"{failed:,} quarantined ({time.monotonic() - t0:.1f}s)"
        )

    quarantine_schemas = {name: df.schema for name, df in rejected.items()}
    t0 = time.monotonic()
    sales_passed = datasets["sales"]["rows_staged_expected"]
    failures = _reconcile(
        spark, lake, run_date, datasets, landed, valid["sales"], sale_dates, quarantine_schemas, appended
    )
    log(f"[transform] reconciled ({time.monotonic() - t0:.1f}s)")
    gate = quality_gate.evaluate(datasets, max_quarantine_percent, lake, run_date)

    curated: dict[str, int] = {}
    if not failures and gate.passed:
        t0 = time.monotonic()
        curated, publish_failures = publish(spark, lake, run_date, valid, sale_dates, sales_passed, log)
        failures.extend(publish_failures)
        summary = ", ".join(f"{k}={v:,}" for k, v in curated.items())
        log(f"[transform] curated: {summary} ({time.monotonic() - t0:.1f}s)")

    for df in checked.values():
        df.unpersist()

    report = {
        "run_date": run_date,
        "lake_root": lake.root,
        "status": "failed" if failures or not gate.passed else "passed",
        "started_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_seconds": round(time.monotonic() - started, 1),
        "reconciliation": {"passed": not failures, "failures": failures},
        "quality_gate": gate.as_dict(),
        "datasets": datasets,
        "sale_dates": {
            "first": sale_dates[0] if sale_dates else None,
            "last": sale_dates[-1] if sale_dates else None,
            "partitions": len(sale_dates),
        },
        "curated": curated,
        "paths": {
            "staging": lake.database("staging"),
            "curated": lake.database("curated"),
            "quarantine": f"{lake.root}/quarantine",
            "report": lake.report(run_date),
        },
    }
    fs.write_text(spark, lake.report(run_date), json.dumps(report, indent=2) + "\n")
    log(f"[transform] quality report: {lake.report(run_date)}")
    if failures:
        raise ReconciliationError(
            f"reconciliation failed for run date {run_date}: "
            + "; ".join(failures)
            + f". Nothing was published to curated. See {lake.report(run_date)}."
        )
    gate.enforce(lake.report(run_date))
    log(f"[transform] done in {report['duration_seconds']}s")
    return report


def _reconcile(
    spark: SparkSession,
    lake: Lake,
    run_date: str,
    datasets: dict[str, dict],
    landed: dict[str, DataFrame],
    sales: DataFrame,
    sale_dates: list[str],
    quarantine_schemas: dict,
    appended: bool = False,
) -> list[str]:
    """Count what was written and compare: rows in = rows staged + rows quarantined, where the staged
    sales are the batch's lines the merged table holds (a newer batch's version counts too)."""
    failures = []
    # Counted from the files, each kind in one Spark job: the landed files (listed when the run read
    # them), the quarantine files and the dimension snapshots as staged.
    rows_in = _count_each(landed)
    rows_quarantined = _count_each(
        {
            name: spark.read.schema(quarantine_schemas[name]).parquet(
                f"{lake.quarantine(name)}/run_date={run_date}"
            )
            for name in datasets
        }
    )
    snapshot = F.col("snapshot_date") == F.lit(run_date).cast("date")
    rows_staged = _count_each(
        {name: spark.table(lake.staging(name)).where(snapshot) for name in datasets if name != "sales"}
    )
    for name, stats in datasets.items():
        if name == "sales":
            stats["rows_staged"] = rows_present(
                spark, lake.staging(name), sales, PRIMARY_KEYS[name], sale_dates, appended
            )
        else:
            stats["rows_staged"] = rows_staged[name]
        stats["rows_quarantined"] = rows_quarantined[name]
        stats["rows_in"] = rows_in[name]
        stats["reconciled"] = stats["rows_in"] == stats["rows_staged"] + stats["rows_quarantined"]
        if not stats["reconciled"]:
            failures.append(
                f"{name}: {stats['rows_in']:,} rows in != {stats['rows_staged']:,} staged + "
                f"{stats['rows_quarantined']:,} quarantined"
            )
        del stats["rows_staged_expected"]
    return failures
