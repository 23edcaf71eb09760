"""Raw -> staging for each dataset on hand-made rows, and schema drift handling."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from lake_fixture import CUSTOMERS, EXPECTED_SALES_REASONS, PRODUCTS, STORES, sales_rows
from pyspark.sql import functions as F
from spark_platform_etl.errors import SchemaDriftError
from spark_platform_etl.schemas import RAW_SCHEMAS
from spark_platform_etl.validate import conform, quarantined, staged, validate

RUN_DATE = "2024-03-10"


def raw(spark, dataset, rows):
    return spark.createDataFrame(rows, RAW_SCHEMAS[dataset])


def test_stores_keep_one_copy_and_reject_unknown_province(spark):
    checked = validate(raw(spark, "stores", STORES), "stores", RUN_DATE)
    assert sorted((r.store_id, r.dq_reason or "") for r in checked.collect()) == [
        (1, ""),
        (2, ""),
        (2, "duplicate_key"),
        (3, "not_allowed:province"),
    ]
    first = staged(checked, "stores").where("store_id = 1").first()
    assert first.opened_on == date(2010, 5, 1)


def test_products_are_typed_to_decimals(spark):
    checked = validate(raw(spark, "products", PRODUCTS), "products", RUN_DATE)
    rows = {r.product_id: r for r in staged(checked, "products").collect()}
    assert sorted(rows) == [10, 11]
    assert (rows[11].list_price, rows[11].vat_rate) == (Decimal("7.50"), Decimal("0.21"))
    assert [(r.product_id, r.dq_reason) for r in quarantined(checked, "products").collect()] == [
        (12, "required:product_name")
    ]


def test_customers_with_impossible_birth_date_are_quarantined(spark):
    checked = validate(raw(spark, "customers", CUSTOMERS), "customers", RUN_DATE)
    assert [(r.customer_id, r.dq_reason) for r in quarantined(checked, "customers").collect()] == [
        (101, "unparseable:birth_date")
    ]


def test_sales_rows_get_the_exact_reason(spark):
    stores = staged(validate(raw(spark, "stores", STORES), "stores", RUN_DATE), "stores")
    products = staged(validate(raw(spark, "products", PRODUCTS), "products", RUN_DATE), "products")
    customers = staged(validate(raw(spark, "customers", CUSTOMERS), "customers", RUN_DATE), "customers")
    refs = {"store_id": stores, "product_id": products, "customer_id": customers}
    checked = validate(raw(spark, "sales", sales_rows("2024-03-09", RUN_DATE)), "sales", RUN_DATE, refs)

    bad = {r.transaction_id: r.dq_reason for r in quarantined(checked, "sales").collect()}
    assert bad == EXPECTED_SALES_REASONS
    good = sorted(staged(checked, "sales").collect(), key=lambda r: (r.transaction_id, r.line_number))
    assert [(r.transaction_id, r.line_number, r.sale_date, r.amount) for r in good] == [
        ("T1", 1, date(2024, 3, 9), Decimal("4.20")),
        ("T1", 2, date(2024, 3, 9), Decimal("6.00")),
        ("T2", 1, date(2024, 3, 10), Decimal("2.10")),
    ]
    assert good[2].sale_ts == datetime(2024, 3, 10, 18, 30) and good[2].customer_id is None


def test_missing_column_fails_with_a_clear_message(spark):
    df = raw(spark, "stores", STORES).drop("province")
    with pytest.raises(
        SchemaDriftError, match=r"stores: column\(s\) province missing in raw/stores/x\. Expected columns: "
    ):
        conform(df, "stores", "raw/stores/x")


def test_extra_column_is_dropped_and_reported(spark):
    df = raw(spark, "stores", STORES).withColumn("manager", F.lit("An"))
    conformed, drift = conform(df, "stores", "raw/stores/x")
    assert conformed.columns == RAW_SCHEMAS["stores"].fieldNames()
    assert drift.as_dict() == {"extra_columns": ["manager"], "retyped_columns": {}}


def test_changed_type_is_cast_and_unconvertible_values_are_quarantined(spark):
    rows = [
        (f"T{i}", 1, "2024-03-10 10:00:00", 1, None, 10, q, 2.10, 0.0, 2.10, "card")
        for i, q in enumerate(["1", "one"])
    ]
    schema = RAW_SCHEMAS["sales"].simpleString().replace("quantity:int", "quantity:string")
    conformed, drift = conform(spark.createDataFrame(rows, schema), "sales", "raw/sales/x")
    assert drift.retyped_columns == {"quantity": "string -> int"}
    checked = validate(conformed, "sales", RUN_DATE)
    assert sorted((r.transaction_id, r.quantity, r.dq_reason) for r in checked.collect()) == [
        ("T0", 1, None),
        ("T1", None, "type_mismatch:quantity"),
    ]


def test_unconvertible_type_fails_with_a_clear_message(spark):
    df = raw(spark, "stores", STORES).withColumn("floor_area_m2", F.array(F.lit(1)))
    with pytest.raises(
        SchemaDriftError, match="column floor_area_m2 landed as array<int> in src, expected int"
    ):
        conform(df, "stores", "src")
