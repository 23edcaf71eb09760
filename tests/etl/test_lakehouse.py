"""Iceberg tables that converge: overlapping, late and out-of-order batches give the exact same rows,
reconciliation holds on every run, and maintenance keeps the rows while compacting and expiring."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from lake_fixture import land_batch, new_lake
from pyspark.sql import functions as F
from spark_platform_etl import transform
from spark_platform_etl.maintain import run_maintain
from spark_platform_etl.tables import in_dates

A, B, C = "2024-03-10", "2024-03-11", "2024-03-12"
# (transaction_id, line_number, sale_ts, store_id, customer_id, product_id, quantity, unit_price,
#  discount_pct, amount, payment_method)
BATCHES = {
    A: [
        ("T1", 1, "2024-03-09 10:00:00", 1, 100, 10, 2, 2.10, 0.0, 4.20, "card"),
        ("T1", 2, "2024-03-09 10:00:00", 1, 100, 11, 1, 7.50, 0.0, 7.50, "card"),
        ("T2", 1, "2024-03-10 09:00:00", 2, None, 10, 1, 2.10, 0.0, 2.10, "cash"),
    ],
    # Overlaps A: corrects T2's quantity, and a new ticket on its own date.
    B: [
        ("T2", 1, "2024-03-10 09:00:00", 2, None, 10, 3, 2.10, 0.0, 6.30, "cash"),
        ("T3", 1, "2024-03-11 12:00:00", 1, 100, 11, 2, 7.50, 0.0, 15.00, "card"),
    ],
    # Late lines for 2024-03-09: a correction of T1 line 1 and a ticket that arrived late.
    C: [
        ("T1", 1, "2024-03-09 10:00:00", 1, 100, 10, 1, 2.10, 0.0, 2.10, "card"),
        ("T4", 1, "2024-03-09 18:00:00", 2, None, 11, 1, 7.50, 0.0, 7.50, "cash"),
    ],
}
# (sale_date, transaction_id, line_number, quantity, amount, batch_date): the newest batch's version.
EXPECTED_FACT = [
    ("2024-03-09", "T1", 1, 1, Decimal("2.10"), C),
    ("2024-03-09", "T1", 2, 1, Decimal("7.50"), A),
    ("2024-03-09", "T4", 1, 1, Decimal("7.50"), C),
    ("2024-03-10", "T2", 1, 3, Decimal("6.30"), B),
    ("2024-03-11", "T3", 1, 2, Decimal("15.00"), B),
]
# (sale_date, store_id, transactions, sales_lines, units, revenue)
EXPECTED_STORE_SALES = [
    ("2024-03-09", 1, 1, 2, 2, Decimal("9.60")),
    ("2024-03-09", 2, 1, 1, 1, Decimal("7.50")),
    ("2024-03-10", 2, 1, 1, 3, Decimal("6.30")),
    ("2024-03-11", 1, 1, 1, 2, Decimal("15.00")),
]
ORDERS = {"in order": (A, B, C), "reversed, then B rerun": (C, B, A, B)}


def quiet(_msg: str) -> None:
    pass


def run_in_order(spark, root, order) -> tuple:
    lake = new_lake(root)
    for run_date in BATCHES:
        land_batch(spark, lake, "", run_date, sales=BATCHES[run_date])
    reports = [transform.run_transform(spark, lake, run_date, log=quiet) for run_date in order]
    return lake, reports


@pytest.fixture(scope="module")
def lakes(spark, tmp_path_factory) -> dict:
    return {
        name: run_in_order(spark, tmp_path_factory.mktemp("lake"), order) for name, order in ORDERS.items()
    }


def fact_rows(spark, lake) -> list[tuple]:
    return sorted(
        (str(r.sale_date), r.transaction_id, r.line_number, r.quantity, r.amount, str(r.batch_date))
        for r in spark.table(lake.curated("sales_fact")).collect()
    )


def store_rows(spark, lake) -> list[tuple]:
    return sorted(
        (str(r.sale_date), r.store_id, r.transactions, r.sales_lines, r.units, r.revenue)
        for r in spark.table(lake.curated("daily_store_sales")).collect()
    )


def table_rows(spark, table: str) -> list[tuple]:
    return sorted(tuple(str(v) for v in r) for r in spark.table(table).collect())


@pytest.mark.parametrize("order", ORDERS)
def test_fact_holds_the_newest_version_of_every_line(spark, lakes, order):
    lake, _ = lakes[order]
    assert fact_rows(spark, lake) == EXPECTED_FACT


@pytest.mark.parametrize("order", ORDERS)
def test_aggregates_follow_the_merged_fact(spark, lakes, order):
    lake, _ = lakes[order]
    assert store_rows(spark, lake) == EXPECTED_STORE_SALES
    provinces = spark.table(lake.curated("daily_province_sales")).where(F.col("sale_date") == "2024-03-09")
    assert sorted((r.province, r.stores, r.revenue) for r in provinces.collect()) == [
        ("Brussels-Capital", 1, Decimal("7.50")),
        ("East Flanders", 1, Decimal("9.60")),
    ]


def test_every_table_is_the_same_whatever_the_order(spark, lakes):
    (first, _), (second, _) = lakes.values()
    for table in ("daily_category_sales", "daily_province_sales"):
        assert table_rows(spark, first.curated(table)) == table_rows(spark, second.curated(table))
    assert table_rows(spark, first.staging("sales")) == table_rows(spark, second.staging("sales"))
    assert spark.table(first.staging("sales")).count() == len(EXPECTED_FACT)


@pytest.mark.parametrize("order", ORDERS)
def test_every_run_reconciles(lakes, order):
    _, reports = lakes[order]
    for got in reports:
        sales = got["datasets"]["sales"]
        assert got["status"] == "passed"
        assert sales["rows_in"] == len(BATCHES[got["run_date"]]) == sales["rows_staged"]
        assert sales["rows_quarantined"] == 0


def test_aggregates_are_recomputed_only_for_the_touched_dates(spark, lakes):
    lake, _ = lakes["in order"]
    table = lake.curated("daily_store_sales")
    before = {
        r.file_path
        for r in spark.table(f"{table}.files").where("partition.sale_date != '2024-03-10'").collect()
    }
    transform.run_transform(spark, lake, B, log=quiet)  # B's dates: 2024-03-10 and 2024-03-11
    after = spark.table(f"{table}.files").collect()
    untouched = {r.file_path for r in after if str(r.partition.sale_date) == "2024-03-09"}
    assert untouched and untouched <= before
    assert store_rows(spark, lake) == EXPECTED_STORE_SALES


def test_reads_of_the_touched_dates_are_pruned_to_their_partitions(spark, lakes):
    """The date filter reaches Iceberg's scan (partition pruning), not a per-row cast to text."""
    lake, _ = lakes["in order"]
    scan = spark.table(lake.curated("sales_fact")).where(in_dates(["2024-03-10", "2024-03-11"]))
    plan = scan._jdf.queryExecution().executedPlan().toString()
    assert "filters=sale_date IN (" in plan and "cast(sale_date" not in plan
    assert {str(r.sale_date) for r in scan.select("sale_date").distinct().collect()} == {
        "2024-03-10",
        "2024-03-11",
    }


def test_maintenance_compacts_and_expires_without_changing_rows(spark, lakes):
    lake, _ = lakes["reversed, then B rerun"]
    fact = lake.curated("sales_fact")
    assert spark.table(f"{fact}.snapshots").count() > 1
    # Retention 0 days: every snapshot but the last is old enough to expire.
    summary = run_maintain(
        spark, lake, datetime.now(UTC), snapshot_retention_days=0, retain_last=1, log=quiet
    )
    assert set(summary) == {
        f"{lake.database(z)}.{t}"
        for z, t in [
            ("staging", "stores"),
            ("staging", "products"),
            ("staging", "customers"),
            ("staging", "sales"),
            ("curated", "sales_fact"),
            ("curated", "daily_store_sales"),
            ("curated", "daily_province_sales"),
            ("curated", "daily_category_sales"),
        ]
    }
    assert summary[fact]["expired_manifest_lists"] > 0
    assert spark.table(f"{fact}.snapshots").count() == 1
    assert fact_rows(spark, lake) == EXPECTED_FACT
    assert store_rows(spark, lake) == EXPECTED_STORE_SALES
