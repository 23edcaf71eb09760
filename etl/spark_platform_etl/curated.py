"""Staging -> curated: the canonical sales fact and the daily business aggregates, published as
Iceberg tables (the fact merged on its business key, the aggregates recomputed for the touched dates)."""

from __future__ import annotations

import time

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from .lake import Lake
from .tables import in_dates, merge_on_keys, replace_partitions, rows_present, with_batch


def sales_fact(sales: DataFrame, stores: DataFrame, products: DataFrame, customers: DataFrame) -> DataFrame:
    """One row per sales line with the store, product and customer attributes analysts slice by.

    Inputs are validated staging frames: every store and product key resolves (orphans were
    quarantined), customer_id may be NULL for anonymous shoppers, hence the left join.
    """
    store_cols = stores.select("store_id", "store_name", "province", "city", "floor_area_m2")
    product_cols = products.select("product_id", "product_name", "category", "brand", "vat_rate")
    customer_cols = customers.select(
        "customer_id", F.col("province").alias("customer_province"), "loyalty_tier"
    )
    return (
        sales.join(F.broadcast(store_cols), "store_id")
        .join(F.broadcast(product_cols), "product_id")
        .join(F.broadcast(customer_cols), "customer_id", "left")
        .select(
            "transaction_id",
            "line_number",
            "sale_ts",
            "store_id",
            "store_name",
            "province",
            "city",
            "customer_id",
            "customer_province",
            "loyalty_tier",
            "product_id",
            "product_name",
            "category",
            "brand",
            "quantity",
            "unit_price",
            "discount_pct",
            "amount",
            F.round(F.col("amount") / (1 + F.col("vat_rate")), 2)
            .cast("decimal(12,2)")
            .alias("amount_excl_vat"),
            "vat_rate",
            "payment_method",
            "sale_date",
        )
    )


def _measures() -> list:
    return [
        F.count(F.lit(1)).alias("sales_lines"),
        F.sum("quantity").cast("long").alias("units"),
        F.sum("amount").cast("decimal(14,2)").alias("revenue"),
        F.sum("amount_excl_vat").cast("decimal(14,2)").alias("revenue_excl_vat"),
    ]


def _sum_measures() -> list:
    return [
        F.sum("sales_lines").cast("long").alias("sales_lines"),
        F.sum("units").cast("long").alias("units"),
        F.sum("revenue").cast("decimal(14,2)").alias("revenue"),
        F.sum("revenue_excl_vat").cast("decimal(14,2)").alias("revenue_excl_vat"),
    ]


STORE_KEYS = ("sale_date", "store_id", "store_name", "province", "city")


def daily_store_sales(fact: DataFrame) -> DataFrame:
    """Per store and day. Tickets are counted from a per-ticket rollup (a ticket belongs to one store
    and day), cheaper than a distinct count over all lines."""
    per_ticket = fact.groupBy(*STORE_KEYS, "transaction_id").agg(*_measures())
    return (
        per_ticket.groupBy(*STORE_KEYS)
        .agg(F.count(F.lit(1)).alias("transactions"), *_sum_measures())
        .withColumn("avg_basket", F.round(F.col("revenue") / F.col("transactions"), 2).cast("decimal(12,2)"))
    )


def daily_province_sales(store_sales: DataFrame) -> DataFrame:
    """Per province and day, rolled up from :func:`daily_store_sales` (one row per store and day)."""
    return store_sales.groupBy("sale_date", "province").agg(
        F.count(F.lit(1)).alias("stores"),
        F.sum("transactions").cast("long").alias("transactions"),
        *_sum_measures(),
    )


def daily_category_sales(fact: DataFrame) -> DataFrame:
    return fact.groupBy("sale_date", "category").agg(
        F.countDistinct("customer_id").alias("loyalty_customers"),
        *_measures(),
    )


FACT_KEYS = ("transaction_id", "line_number")
AGGREGATES = (
    # table, build, source table (provinces roll up from the small store aggregate)
    ("daily_store_sales", daily_store_sales, "sales_fact"),
    ("daily_province_sales", daily_province_sales, "daily_store_sales"),
    ("daily_category_sales", daily_category_sales, "sales_fact"),
)


def publish(
    spark: SparkSession,
    lake: Lake,
    run_date: str,
    valid: dict[str, DataFrame],
    sale_dates: list[str],
    staged: int,
    log=lambda _: None,
) -> tuple[dict[str, int], list[str]]:
    """Merge the batch's fact rows into ``sales_fact`` on their business key, then recompute the
    aggregates for the dates the batch touched, from the merged fact. ``staged``: the batch's staged
    sales lines (``valid["sales"]``'s rows, counted during validation). Returns the rows per table for
    those dates and the failures (a batch row missing from the fact after the merge)."""
    fact = with_batch(
        sales_fact(valid["sales"], valid["stores"], valid["products"], valid["customers"]), run_date
    )
    t0 = time.monotonic()
    appended = merge_on_keys(spark, lake.curated("sales_fact"), fact, FACT_KEYS, sale_dates)
    how = "appended" if appended else "merged"
    log(f"[transform] curated sales_fact {how} ({time.monotonic() - t0:.1f}s)")
    t0 = time.monotonic()
    failures = []
    # The batch's keys come from the cached staged lines (the fact holds one row per staged line),
    # not from the fact frame, whose joins would run again.
    present = rows_present(spark, lake.curated("sales_fact"), valid["sales"], FACT_KEYS, sale_dates, appended)
    if present != staged:
        failures.append(f"curated sales_fact holds {present:,} of the batch's {staged:,} staged sales lines")

    def touched(table: str) -> DataFrame:
        return spark.table(lake.curated(table)).where(in_dates(sale_dates))

    # After an append the fact held nothing else for these dates: the rows counted above are all of them.
    counts = {"sales_fact": present if appended else touched("sales_fact").count() if sale_dates else 0}
    log(f"[transform] curated sales_fact checked ({time.monotonic() - t0:.1f}s)")
    for table, build, source in AGGREGATES:
        t0 = time.monotonic()
        if sale_dates:
            replace_partitions(spark, lake.curated(table), build(touched(source)))
            counts[table] = touched(table).count()
        else:
            counts[table] = 0
        log(f"[transform] curated {table} ({time.monotonic() - t0:.1f}s)")
    return counts, failures
