"""The whole transform on hand-made batches: exact outcomes, reconciliation, idempotent reruns, drift."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from lake_fixture import EXPECTED_SALES_REASONS, land_batch, new_lake, sales_rows, write_raw
from pyspark.sql import functions as F
from spark_platform_etl import transform
from spark_platform_etl.errors import ReconciliationError, SchemaDriftError
from spark_platform_etl.lake import Lake
from spark_platform_etl.schemas import RAW_SCHEMAS

DAY, DAY_BEFORE = "2024-03-10", "2024-03-09"
LATER, LATER_BEFORE = "2024-04-20", "2024-04-19"


def quiet(_msg: str) -> None:
    pass


@pytest.fixture(scope="module")
def lake(spark, tmp_path_factory) -> Lake:
    lake = new_lake(tmp_path_factory.mktemp("lake"))
    land_batch(spark, lake, DAY_BEFORE, DAY)
    land_batch(spark, lake, LATER_BEFORE, LATER)
    transform.run_transform(spark, lake, DAY, log=quiet)
    transform.run_transform(spark, lake, LATER, log=quiet)
    return lake


def report(lake: Lake, run_date: str) -> dict:
    return json.loads(Path(lake.report(run_date)).read_text())


def test_report_reconciles_every_dataset(lake):
    got = report(lake, DAY)
    assert got["status"] == "passed" and got["reconciliation"] == {"passed": True, "failures": []}
    counts = {
        name: (d["rows_in"], d["rows_staged"], d["rows_quarantined"]) for name, d in got["datasets"].items()
    }
    assert counts == {
        "stores": (4, 2, 2),
        "products": (3, 2, 1),
        "customers": (2, 1, 1),
        "sales": (13, 3, 10),
    }
    assert got["datasets"]["stores"]["quarantine_reasons"] == {"duplicate_key": 1, "not_allowed:province": 1}
    assert got["datasets"]["sales"]["quarantine_reasons"] == {
        r: 1 for r in sorted(EXPECTED_SALES_REASONS.values())
    }
    assert got["sale_dates"] == {"first": DAY_BEFORE, "last": DAY, "partitions": 2}
    assert got["curated"] == {
        "sales_fact": 3,
        "daily_store_sales": 2,
        "daily_province_sales": 2,
        "daily_category_sales": 3,
    }


def test_quarantine_keeps_rows_as_landed_with_the_reason(spark, lake):
    q = spark.read.parquet(lake.quarantine("sales")).where(F.col("run_date") == DAY)
    assert {r.transaction_id: r.dq_reason for r in q.collect()} == EXPECTED_SALES_REASONS
    t3 = q.where("transaction_id = 'T3'").first()
    assert (t3.sale_ts, list(t3.dq_failed_checks)) == ("31/12/2024 10:15", ["unparseable:sale_ts"])


def test_each_quarantine_run_is_written_as_one_file_when_small(lake):
    for name in ("stores", "products", "customers", "sales"):
        files = list(Path(lake.quarantine(name), f"run_date={DAY}").glob("*.parquet"))
        assert len(files) == 1, (name, files)


def test_quarantine_is_split_into_files_by_rows(spark, tmp_path, monkeypatch):
    monkeypatch.setattr(transform, "QUARANTINE_ROWS_PER_FILE", 4)
    path = tmp_path / "q"
    transform._write_run_partition(spark.range(0, 9, numPartitions=3), str(path), rows=9)
    assert len(list(path.glob("*.parquet"))) == 3  # ceil(9 / 4)
    assert spark.read.parquet(str(path)).count() == 9
    transform._write_run_partition(spark.range(0, 0), str(path), rows=0)
    assert spark.read.parquet(str(path)).count() == 0  # replaced whole, also by nothing


def test_counts_of_several_frames_in_one_job_include_empty_ones(spark):
    frames = {"three": spark.range(3), "none": spark.range(0), "five": spark.range(5)}
    assert transform._count_each(frames) == {"three": 3, "none": 0, "five": 5}


def test_curated_fact_and_aggregates(spark, lake):
    fact = spark.table(lake.curated("sales_fact")).where(F.col("sale_date") == DAY_BEFORE)
    rows = {r.line_number: r for r in fact.collect()}
    assert (rows[1].store_name, rows[1].province, rows[1].category, rows[1].loyalty_tier) == (
        "BelMart Market Gent #1",
        "East Flanders",
        "Dairy",
        "gold",
    )
    assert (rows[1].amount_excl_vat, rows[2].amount_excl_vat) == (Decimal("3.96"), Decimal("4.96"))

    stores = spark.table(lake.curated("daily_store_sales")).where(F.col("sale_date").isin(DAY_BEFORE, DAY))
    assert sorted(
        (str(r.sale_date), r.store_id, r.transactions, r.sales_lines, r.units, r.revenue)
        for r in stores.collect()
    ) == [
        (DAY_BEFORE, 1, 1, 2, 3, Decimal("10.20")),
        (DAY, 2, 1, 1, 1, Decimal("2.10")),
    ]
    provinces = spark.table(lake.curated("daily_province_sales")).where(F.col("sale_date") == DAY)
    assert [(r.province, r.stores, r.revenue) for r in provinces.collect()] == [
        ("Brussels-Capital", 1, Decimal("2.10"))
    ]
    categories = spark.table(lake.curated("daily_category_sales")).where(F.col("sale_date") == DAY_BEFORE)
    assert sorted((r.category, r.revenue, r.loyalty_customers) for r in categories.collect()) == [
        ("Beer & wine", Decimal("6.00"), 1),
        ("Dairy", Decimal("4.20"), 1),
    ]


def _files(spark, table: str, sale_date: str) -> set[str]:
    files = spark.table(f"{table}.files").where(F.col("partition.sale_date") == sale_date)
    return {r.file_path for r in files.select("file_path").collect()}


def test_rerun_replaces_only_its_own_partitions(spark, lake):
    later_files = _files(spark, lake.curated("sales_fact"), LATER)
    assert later_files
    before = spark.table(lake.staging("sales")).count()

    transform.run_transform(spark, lake, DAY, log=quiet)

    staging = spark.table(lake.staging("sales"))
    assert staging.count() == before == 6
    assert (
        staging.groupBy("sale_date", "transaction_id", "line_number").count().where("count > 1").count() == 0
    )
    assert spark.table(lake.curated("sales_fact")).where(F.col("sale_date") == DAY).count() == 1
    assert spark.read.parquet(lake.quarantine("sales")).where(F.col("run_date") == DAY).count() == 10
    # the other batch's dates were not rewritten
    assert _files(spark, lake.curated("sales_fact"), LATER) == later_files


def test_reconciliation_mismatch_fails_the_job_before_curated(spark, tmp_path, monkeypatch):
    lake = new_lake(tmp_path)
    land_batch(spark, lake, DAY_BEFORE, DAY)
    real_staged = transform.staged

    def lossy(checked, dataset):  # a bug that silently loses one valid sales row
        out = real_staged(checked, dataset)
        return out.where("NOT (transaction_id = 'T2')") if dataset == "sales" else out

    monkeypatch.setattr(transform, "staged", lossy)
    with pytest.raises(ReconciliationError, match=r"sales: 13 rows in != 2 staged \+ 10 quarantined"):
        transform.run_transform(spark, lake, DAY, log=quiet)
    assert report(lake, DAY)["status"] == "failed"
    assert not spark.catalog.tableExists(lake.curated("sales_fact"))


def test_generated_batch_reconciles(spark, tmp_path):
    from spark_platform_etl.generate import GeneratePlan, run_generate

    lake = new_lake(tmp_path)
    run_generate(
        spark, lake, GeneratePlan(run_date=DAY, scale=0.001, seed=3, days=3, dirty_rate=0.05), log=quiet
    )
    got = transform.run_transform(spark, lake, DAY, log=quiet)
    sales = got["datasets"]["sales"]
    assert got["status"] == "passed"
    assert sales["rows_in"] == 4800 == sales["rows_staged"] + sales["rows_quarantined"]
    assert 0.04 < sales["rows_quarantined"] / sales["rows_in"] < 0.12
    assert got["curated"]["sales_fact"] == sales["rows_staged"]
    assert got["sale_dates"]["partitions"] == 3


def test_missing_column_stops_the_run_with_a_clear_error(spark, tmp_path):
    lake = new_lake(tmp_path)
    land_batch(spark, lake, DAY_BEFORE, DAY)
    sales = spark.createDataFrame(sales_rows(DAY_BEFORE, DAY), RAW_SCHEMAS["sales"]).drop("amount")
    sales.write.mode("overwrite").parquet(lake.raw("sales", DAY))
    with pytest.raises(
        SchemaDriftError, match=r"sales: column\(s\) amount missing in .*/raw/sales/ingest_date=2024-03-10"
    ):
        transform.run_transform(spark, lake, DAY, log=quiet)


def test_extra_column_and_changed_type_are_reported(spark, tmp_path):
    lake = new_lake(tmp_path)
    rows = [
        (*r[:3], str(r[3]) if r[0] != "T1" else "one", *r[4:], "promo") for r in sales_rows(DAY_BEFORE, DAY)
    ]
    schema = (
        RAW_SCHEMAS["sales"].simpleString().replace("store_id:int", "store_id:string")[:-1]
        + ",campaign:string>"
    )
    land_batch(spark, lake, DAY_BEFORE, DAY)
    write_raw(spark, lake, "sales", rows, DAY, schema=schema)
    got = transform.run_transform(spark, lake, DAY, log=quiet)
    sales = got["datasets"]["sales"]
    assert sales["schema_drift"] == {
        "extra_columns": ["campaign"],
        "retyped_columns": {"store_id": "string -> int"},
    }
    assert (sales["rows_in"], sales["rows_staged"], sales["rows_quarantined"]) == (13, 1, 12)
    assert sales["quarantine_reasons"]["type_mismatch:store_id"] == 2
