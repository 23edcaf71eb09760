"""The synthetic generator: sizes, determinism, distributions, dirty share."""

from __future__ import annotations

from pyspark.sql import functions as F
from spark_platform_etl.generate import GeneratePlan, products_df, sales_df, stores_df
from spark_platform_etl.reference import PROVINCE_NAMES
from spark_platform_etl.schemas import RAW_SCHEMAS

PLAN = GeneratePlan(run_date="2024-12-21", scale=0.002, seed=11, days=14, dirty_rate=0.0)


def test_default_scale_is_over_five_million_records():
    counts = GeneratePlan(run_date="2024-03-10").row_counts()
    assert counts == {"stores": 612, "products": 20400, "customers": 255000, "sales": 4800000}
    assert sum(counts.values()) == 5_076_012


def test_scale_factor_scales_every_dataset_but_the_store_network():
    counts = GeneratePlan(run_date="2024-03-10", scale=4.0).row_counts()
    assert counts == {"stores": 612, "products": 81600, "customers": 1020000, "sales": 19200000}


def test_same_seed_same_data_other_seed_other_data(spark):
    a = sales_df(spark, PLAN)
    assert a.schema.simpleString() == RAW_SCHEMAS["sales"].simpleString()
    assert a.count() == PLAN.n_sales == 9600
    assert a.exceptAll(sales_df(spark, PLAN)).count() == 0
    other = GeneratePlan(run_date=PLAN.run_date, scale=PLAN.scale, seed=12, days=14, dirty_rate=0.0)
    assert a.exceptAll(sales_df(spark, other)).count() > 9000


def test_weekly_pattern_product_skew_and_store_sizes(spark):
    sales = sales_df(spark, PLAN).withColumn("day", F.to_date("sale_ts"))
    by_weekday = {r.wd: r["count"] for r in sales.groupBy(F.dayofweek("day").alias("wd")).count().collect()}
    assert by_weekday[7] > 3 * by_weekday[1]  # Saturday vs Sunday
    top = sales.groupBy("product_id").count().orderBy(F.desc("count")).first()["count"]
    assert top > 20 * (PLAN.n_sales / PLAN.n_products)  # Zipf-like popularity, not uniform
    stores = stores_df(spark, PLAN).where(F.col("store_id") <= 600)
    assert {r.province for r in stores.select("province").distinct().collect()} == set(PROVINCE_NAMES)
    areas = {
        r.province: r.area
        for r in stores.groupBy("province")
        .agg(F.expr("percentile(floor_area_m2, 0.5)").alias("area"))
        .collect()
    }
    assert areas["Antwerp"] > 1.8 * areas["Brussels-Capital"]


def test_dirty_records_are_injected_at_the_configured_share(spark):
    plan = GeneratePlan(run_date="2024-12-21", scale=0.002, seed=11, days=14, dirty_rate=0.1)
    sales = sales_df(spark, plan)
    unparseable = sales.where(F.to_timestamp("sale_ts", "yyyy-MM-dd HH:mm:ss").isNull()).count()
    negative = sales.where("amount < 0").count()
    missing_product = sales.where("product_id IS NULL").count()
    duplicates = sales.count() - sales.dropDuplicates(["transaction_id", "line_number"]).count()
    # 10% dirty over six kinds: about 160 rows per kind among 9,600
    for observed in (unparseable, duplicates):
        assert 100 < observed < 230
    assert 40 < negative < 110 and 20 < missing_product < 70
    products = products_df(spark, plan)
    assert products.count() == 2 * plan.extra_rows(plan.n_products) + plan.n_products
    # 10 dirty products cycle through 4 defects: ids 201, 205, 209 lack a category
    assert [r.product_id for r in products.where("category IS NULL").orderBy("product_id").collect()] == [
        201,
        205,
        209,
    ]
