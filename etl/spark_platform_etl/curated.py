"""Staging -> curated: the canonical sales fact and the daily business aggregates."""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F


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


def daily_store_sales(fact: DataFrame) -> DataFrame:
    return (
        fact.groupBy("sale_date", "store_id", "store_name", "province", "city")
        .agg(F.countDistinct("transaction_id").alias("transactions"), *_measures())
        .withColumn("avg_basket", F.round(F.col("revenue") / F.col("transactions"), 2).cast("decimal(12,2)"))
    )


def daily_province_sales(fact: DataFrame) -> DataFrame:
    return fact.groupBy("sale_date", "province").agg(
        F.countDistinct("store_id").alias("stores"),
        F.countDistinct("transaction_id").alias("transactions"),
        *_measures(),
    )


def daily_category_sales(fact: DataFrame) -> DataFrame:
    return fact.groupBy("sale_date", "category").agg(
        F.countDistinct("customer_id").alias("loyalty_customers"),
        *_measures(),
    )


AGGREGATES = {
    "daily_store_sales": daily_store_sales,
    "daily_province_sales": daily_province_sales,
    "daily_category_sales": daily_category_sales,
}
