"""A hand-made landed batch with one row per kind of defect, and the expected outcome of each row."""

from __future__ import annotations

from itertools import count
from pathlib import Path

from pyspark.sql import SparkSession
from spark_platform_etl.lake import Lake
from spark_platform_etl.schemas import RAW_SCHEMAS

_catalogs = count()


def new_lake(root: Path | str) -> Lake:
    """A lake in a directory, with a catalog name of its own (Spark caches catalogs by name)."""
    return Lake(str(root), catalog=f"lake{next(_catalogs)}")


STORES = [
    (1, "BelMart Market Gent #1", "East Flanders", "Gent", "9000", 1800, "2010-05-01"),
    (2, "BelMart Express Brussel #2", "Brussels-Capital", "Brussel", "1000", 800, "2015-01-01"),
    (2, "BelMart Express Brussel #2", "Brussels-Capital", "Brussel", "1000", 800, "2015-01-01"),
    (3, "BelMart Express Brussel #3", "Bruxelles", "Brussel", "1000", 900, "2015-01-01"),
]
PRODUCTS = [
    (10, "SKU-0000010", "Lys Dairy 000010", "Dairy", "Lys", 2.10, 0.06),
    (11, "SKU-0000011", "Meuse Beer & wine 000011", "Beer & wine", "Meuse", 7.50, 0.21),
    (12, "SKU-0000012", None, "Dairy", "Lys", 1.00, 0.06),
]
CUSTOMERS = [
    (100, "9000", "East Flanders", "1980-01-01", "F", "gold", "2015-01-01"),
    (101, "1000", "Brussels-Capital", "1985-13-01", "M", "basic", "2016-01-01"),
]


def sales_rows(day_before: str, day: str) -> list[tuple]:
    """Sales of a batch whose run date is ``day`` (``day_before`` is the previous day)."""
    return [
        ("T1", 1, f"{day_before} 10:00:00", 1, 100, 10, 2, 2.10, 0.0, 4.20, "card"),
        ("T1", 2, f"{day_before} 10:00:00", 1, 100, 11, 1, 7.50, 0.2, 6.00, "card"),
        ("T2", 1, f"{day} 18:30:00", 2, None, 10, 1, 2.10, 0.0, 2.10, "cash"),
        ("T2", 1, f"{day} 18:30:00", 2, None, 10, 1, 2.10, 0.0, 2.10, "cash"),
        ("T3", 1, "31/12/2024 10:15", 1, 100, 10, 1, 2.10, 0.0, 2.10, "card"),
        ("T4", 1, f"{day} 11:00:00", 3, 100, 10, 1, 2.10, 0.0, 2.10, "card"),
        ("T5", 1, f"{day} 11:00:00", 1, 100, 12, 1, 1.00, 0.0, 1.00, "card"),
        ("T6", 1, f"{day} 11:00:00", 1, 101, 10, 1, 2.10, 0.0, 2.10, "card"),
        ("T7", 1, f"{day} 11:00:00", 1, 100, 10, 2, 2.10, 0.0, -4.20, "card"),
        ("T8", 1, f"{day} 11:00:00", 1, 100, None, 1, 2.10, 0.0, 2.10, "card"),
        ("T9", 1, "2099-03-15 12:00:00", 1, 100, 10, 1, 2.10, 0.0, 2.10, "card"),
        ("T10", 1, f"{day} 11:00:00", 1, 100, 10, 2, 2.10, 0.0, 5.00, "card"),
        ("T11", 1, f"{day} 11:00:00", 1, 100, 10, 1, 2.10, 0.0, 2.10, "bitcoin"),
    ]


EXPECTED_SALES_REASONS = {
    "T2": "duplicate_key",
    "T3": "unparseable:sale_ts",
    "T4": "orphan_key:store_id",
    "T5": "orphan_key:product_id",
    "T6": "orphan_key:customer_id",
    "T7": "out_of_range:amount",
    "T8": "required:product_id",
    "T9": "out_of_range:sale_ts",
    "T10": "inconsistent:amount",
    "T11": "not_allowed:payment_method",
}


def write_raw(
    spark: SparkSession, lake: Lake, dataset: str, rows: list[tuple], run_date: str, schema=None
) -> None:
    df = spark.createDataFrame(rows, schema or RAW_SCHEMAS[dataset])
    df.coalesce(1).write.mode("overwrite").parquet(lake.raw(dataset, run_date))


def land_batch(
    spark: SparkSession, lake: Lake, day_before: str, day: str, sales: list[tuple] | None = None
) -> None:
    write_raw(spark, lake, "stores", STORES, day)
    write_raw(spark, lake, "products", PRODUCTS, day)
    write_raw(spark, lake, "customers", CUSTOMERS, day)
    write_raw(spark, lake, "sales", sales if sales is not None else sales_rows(day_before, day), day)
