"""Synthetic raw data for the Belgian retail client: stores, products, customers, sales lines.

Built entirely from ``spark.range`` and hash-based random columns (see :mod:`sampling`), so it scales
to any size and is identical for a given (seed, scale, run date) whatever the cluster. Distributions:

* stores per province follow population, store floor area depends on the province;
* sales pick stores in proportion to floor area, products with a Zipf-like popularity,
  days with a weekly (Saturday peak, Sunday low) and seasonal (December peak, summer dip) profile;
* a configurable share of dirty records: missing required fields, out-of-range amounts, orphan keys,
  duplicates, unparseable and future dates.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import IntegerType, LongType, StringType, StructField, StructType

from .lake import Lake
from .reference import (
    CATEGORIES,
    GENDERS,
    LOYALTY_TIERS,
    PAYMENT_METHODS,
    PROVINCES,
    WEEKDAY_FACTOR,
)
from .sampling import bucket_of, bucket_table, normal, pick, pick_weighted, uniform
from .schemas import RAW_SCHEMAS

BASE_SALES = 4_800_000
BASE_CUSTOMERS = 250_000
BASE_PRODUCTS = 20_000
STORES = 600
LINES_PER_TRANSACTION = 4
ANONYMOUS_SHARE = 0.35
# Multiplier of the product/customer permutations: spreads popularity over the id range.
_PERMUTATION_PRIME = 2_654_435_761
BRANDS = ("Maison", "Ardenne", "Lys", "Escaut", "Meuse", "Sonian", "Campine", "Polder")


@dataclass(frozen=True)
class GeneratePlan:
    run_date: str
    scale: float = 1.0
    seed: int = 42
    days: int = 28
    dirty_rate: float = 0.02

    @property
    def n_stores(self) -> int:
        return STORES

    @property
    def n_products(self) -> int:
        return max(200, round(BASE_PRODUCTS * self.scale))

    @property
    def n_customers(self) -> int:
        return max(500, round(BASE_CUSTOMERS * self.scale))

    @property
    def n_sales(self) -> int:
        return max(400, round(BASE_SALES * self.scale))

    def extra_rows(self, n: int) -> int:
        """Dirty rows appended to a dimension, and as many exact duplicates (at least one each)."""
        if self.dirty_rate <= 0:
            return 0
        return max(1, round(n * self.dirty_rate / 2))

    def row_counts(self) -> dict[str, int]:
        dims = {
            "stores": self.n_stores,
            "products": self.n_products,
            "customers": self.n_customers,
        }
        counts = {name: n + 2 * self.extra_rows(n) for name, n in dims.items()}
        counts["sales"] = self.n_sales
        return counts


def _with_src(base: DataFrame, n: int, extra: int, seed: int, salt: str) -> DataFrame:
    """Rows [0, n) are clean, [n, n+extra) dirty, [n+extra, n+2*extra) exact copies of clean rows."""
    dup = F.col("id") >= n + extra
    copy_of = F.floor(uniform(seed, salt + ":dup", F.col("id")) * n).cast("long")
    return base.withColumn("src", F.when(dup, copy_of).otherwise(F.col("id"))).withColumn(
        "dirty_kind", F.when((F.col("id") >= n) & ~dup, (F.col("id") - n) % 4)
    )


def _dirty(kind: int, value: Column, clean: Column) -> Column:
    return F.when(F.col("dirty_kind") == kind, value).otherwise(clean)


def provinces_df(spark: SparkSession) -> DataFrame:
    schema = StructType(
        [
            StructField("province", StringType()),
            StructField("population", LongType()),
            StructField("postal_lo", IntegerType()),
            StructField("postal_hi", IntegerType()),
            StructField("median_area", IntegerType()),
            StructField("cities", StringType()),
        ]
    )
    rows = [(p, pop, lo, hi, area, "|".join(cities)) for p, pop, lo, hi, area, cities in PROVINCES]
    return spark.createDataFrame(rows, schema).withColumn("cities", F.split("cities", r"\|"))


def _with_province(df: DataFrame, spark: SparkSession, seed: int, salt: str) -> DataFrame:
    provinces = provinces_df(spark)
    buckets = bucket_table(provinces, "province", "population")
    return (
        df.withColumn("bucket", bucket_of(uniform(seed, salt, F.col("src"))))
        .join(F.broadcast(buckets), "bucket")
        .join(F.broadcast(provinces), "province")
    )


def _postal_code(seed: int, salt: str) -> Column:
    span = F.col("postal_hi") - F.col("postal_lo") + 1
    return (F.col("postal_lo") + F.floor(uniform(seed, salt, F.col("src")) * span)).cast("string")


def _days_ago(run_date: str, days: Column) -> Column:
    return F.date_format(F.date_sub(F.lit(run_date).cast("date"), days.cast("int")), "yyyy-MM-dd")


def stores_df(spark: SparkSession, plan: GeneratePlan) -> DataFrame:
    n, extra, seed = plan.n_stores, plan.extra_rows(plan.n_stores), plan.seed
    df = _with_src(spark.range(0, n + 2 * extra, numPartitions=1), n, extra, seed, "store")
    df = _with_province(df, spark, seed, "store:province")
    src = F.col("src")
    area = F.round(F.col("median_area") * F.exp(0.45 * normal(seed, "store:area", src)))
    area = F.least(F.greatest(area, F.lit(150)), F.lit(15000)).cast("int")
    store_id = F.when(F.col("dirty_kind").isNotNull(), 9001 + F.col("id") - n).otherwise(src + 1)
    city = F.element_at("cities", (F.floor(uniform(seed, "store:city", src) * 4) + 1).cast("int"))
    store_format = F.when(area < 1000, "Express").when(area < 2500, "Market").otherwise("Hyper")
    return df.select(
        store_id.cast("int").alias("store_id"),
        F.concat_ws(" ", F.lit("BelMart"), store_format, city, F.concat(F.lit("#"), store_id)).alias(
            "store_name"
        ),
        _dirty(0, F.lit(None), _dirty(1, F.lit("Bruxelles"), F.col("province"))).alias("province"),
        city.alias("city"),
        _postal_code(seed, "store:postal").alias("postal_code"),
        _dirty(2, F.lit(-50), area).cast("int").alias("floor_area_m2"),
        _dirty(
            3, F.lit("n/a"), _days_ago(plan.run_date, F.floor(uniform(seed, "store:open", src) * 9000))
        ).alias("opened_on"),
    )


def _category_index(seed: int, src: Column) -> Column:
    indexes = tuple(range(1, len(CATEGORIES) + 1))
    return pick_weighted(indexes, tuple(c[1] for c in CATEGORIES), uniform(seed, "product:category", src))


def _list_price(seed: int, src: Column, category_index: Column) -> Column:
    base = F.element_at(F.array(*[F.lit(c[2]) for c in CATEGORIES]), category_index)
    price = base * F.exp(0.55 * normal(seed, "product:price", src))
    return F.round(F.greatest(price, F.lit(0.29)), 2)


def products_df(spark: SparkSession, plan: GeneratePlan) -> DataFrame:
    n, extra, seed = plan.n_products, plan.extra_rows(plan.n_products), plan.seed
    df = _with_src(spark.range(0, n + 2 * extra, numPartitions=1), n, extra, seed, "product")
    src = F.col("src")
    product_id = F.when(F.col("dirty_kind").isNotNull(), F.col("id") + 1).otherwise(src + 1)
    df = df.withColumn("cat", _category_index(seed, src))
    category = F.element_at(F.array(*[F.lit(c[0]) for c in CATEGORIES]), F.col("cat"))
    vat = F.element_at(F.array(*[F.lit(c[3]) for c in CATEGORIES]), F.col("cat"))
    brand = pick(BRANDS, uniform(seed, "product:brand", src))
    name = F.concat_ws(" ", brand, category, F.lpad((src + 1).cast("string"), 6, "0"))
    return df.select(
        product_id.cast("int").alias("product_id"),
        F.concat(F.lit("SKU-"), F.lpad(product_id.cast("string"), 7, "0")).alias("sku"),
        _dirty(3, F.lit(None), name).alias("product_name"),
        _dirty(0, F.lit(None), category).alias("category"),
        brand.alias("brand"),
        _dirty(1, F.lit(-1.99), _list_price(seed, src, F.col("cat"))).alias("list_price"),
        _dirty(2, F.lit(0.19), vat).alias("vat_rate"),
    )


def customers_df(spark: SparkSession, plan: GeneratePlan) -> DataFrame:
    n, extra, seed = plan.n_customers, plan.extra_rows(plan.n_customers), plan.seed
    parts = max(1, math.ceil((n + 2 * extra) / 1_000_000))
    df = _with_src(spark.range(0, n + 2 * extra, numPartitions=parts), n, extra, seed, "customer")
    df = _with_province(df, spark, seed, "customer:province")
    src = F.col("src")
    customer_id = F.when(F.col("dirty_kind").isNotNull(), F.col("id") + 1).otherwise(src + 1)
    age_years = F.least(F.greatest(45 + 16 * normal(seed, "customer:age", src), F.lit(18)), F.lit(95))
    birth = _days_ago(plan.run_date, F.floor(age_years * 365.25))
    tier = pick_weighted(LOYALTY_TIERS, (40, 35, 20, 5), uniform(seed, "customer:tier", src))
    return df.select(
        customer_id.cast("long").alias("customer_id"),
        _dirty(2, F.lit("B-1000"), _postal_code(seed, "customer:postal")).alias("postal_code"),
        _dirty(3, F.lit(None), F.col("province")).alias("province"),
        _dirty(0, F.lit("1985-13-01"), birth).alias("birth_date"),
        pick_weighted(GENDERS, (49, 49, 2), uniform(seed, "customer:gender", src)).alias("gender"),
        _dirty(1, F.lit("diamond"), tier).alias("loyalty_tier"),
        _days_ago(plan.run_date, F.floor(uniform(seed, "customer:signup", src) * 5000)).alias("signup_date"),
    )


def _day_buckets(spark: SparkSession, plan: GeneratePlan) -> DataFrame:
    """Sale days of the batch (``days`` days ending on the run date), weighted weekly and seasonally."""
    day = F.date_sub(F.lit(plan.run_date).cast("date"), F.col("id").cast("int"))
    iso_weekday = (F.dayofweek(day) + 5) % 7 + 1
    weekday = F.element_at(F.array(*[F.lit(WEEKDAY_FACTOR[d]) for d in range(1, 8)]), iso_weekday)
    # Peak around Christmas, dip in the summer holidays.
    season = 1.0 + 0.18 * F.cos(2 * math.pi * (F.dayofyear(day) - 358) / 365.25)
    days = spark.range(0, plan.days, numPartitions=1).select(
        day.alias("sale_day"), F.round(weekday * season * 1000).alias("weight")
    )
    return bucket_table(days, "sale_day", "weight")


def _store_buckets(spark: SparkSession, plan: GeneratePlan) -> DataFrame:
    clean = stores_df(spark, plan).where(F.col("store_id") <= plan.n_stores)
    return bucket_table(clean, "store_id", "floor_area_m2")


def _permute(rank: Column, n: int) -> Column:
    """A bijection of [0, n): popular ranks land on scattered ids."""
    return (rank * _PERMUTATION_PRIME) % n


def sales_df(spark: SparkSession, plan: GeneratePlan) -> DataFrame:
    n, seed = plan.n_sales, plan.seed
    n_products, n_customers = plan.n_products, plan.n_customers
    parts = max(2, math.ceil(n / 750_000))
    row = F.col("id")
    is_dirty = uniform(seed, "sales:dirty", row) < plan.dirty_rate
    kind = F.floor(uniform(seed, "sales:kind", row) * 6)
    sub = uniform(seed, "sales:sub", row)
    df = (
        spark.range(0, n, numPartitions=parts)
        .withColumn("kind", F.when(is_dirty, kind))
        .withColumn("sub", sub)
        # A duplicate re-lands the previous line verbatim.
        .withColumn("src", F.when((F.col("kind") == 4) & (row > 0), row - 1).otherwise(row))
        .withColumn("tx", F.floor(F.col("src") / LINES_PER_TRANSACTION).cast("long"))
    )
    tx, src = F.col("tx"), F.col("src")
    df = (
        df.withColumn("store_bucket", bucket_of(uniform(seed, "sales:store", tx)))
        .withColumn("day_bucket", bucket_of(uniform(seed, "sales:day", tx)))
        .join(
            F.broadcast(_store_buckets(spark, plan).withColumnRenamed("bucket", "store_bucket")),
            "store_bucket",
        )
        .join(F.broadcast(_day_buckets(spark, plan).withColumnRenamed("bucket", "day_bucket")), "day_bucket")
    )
    hour = 8 + F.floor(12 * F.pow(uniform(seed, "sales:hour", tx), 0.8))
    minute = F.floor(uniform(seed, "sales:minute", tx) * 60)
    second = F.floor(uniform(seed, "sales:second", tx) * 60)
    sale_ts = F.concat(
        F.date_format("sale_day", "yyyy-MM-dd"),
        F.lit(" "),
        F.lpad(hour.cast("string"), 2, "0"),
        F.lit(":"),
        F.lpad(minute.cast("string"), 2, "0"),
        F.lit(":"),
        F.lpad(second.cast("string"), 2, "0"),
    )
    loyal_rank = F.floor(n_customers * F.pow(uniform(seed, "sales:customer", tx), 1.7)).cast("long")
    customer_id = F.when(
        uniform(seed, "sales:anonymous", tx) >= ANONYMOUS_SHARE, _permute(loyal_rank, n_customers) + 1
    )
    rank = F.least(
        F.floor(F.exp(uniform(seed, "sales:product", src) * math.log(n_products))), F.lit(n_products)
    )
    df = df.withColumn("product_src", _permute(rank.cast("long") - 1, n_products))
    product_src = F.col("product_src")
    df = df.withColumn("cat", _category_index(seed, product_src))
    unit_price = _list_price(seed, product_src, F.col("cat"))
    quantity = F.least(1 + F.floor(-F.log(1 - uniform(seed, "sales:qty", src)) * 0.9), F.lit(12)).cast("int")
    discount = F.when(
        uniform(seed, "sales:promo", src) < 0.12, pick((0.1, 0.2, 0.3), uniform(seed, "sales:disc", src))
    ).otherwise(F.lit(0.0))
    df = df.select(
        "id",
        "kind",
        "sub",
        "tx",
        F.concat(F.lit("T" + plan.run_date.replace("-", "") + "-"), F.lpad(tx.cast("string"), 9, "0")).alias(
            "transaction_id"
        ),
        (src % LINES_PER_TRANSACTION + 1).cast("int").alias("line_number"),
        sale_ts.alias("sale_ts"),
        F.col("store_id").cast("int").alias("store_id"),
        customer_id.cast("long").alias("customer_id"),
        (product_src + 1).cast("int").alias("product_id"),
        quantity.alias("quantity"),
        unit_price.alias("unit_price"),
        discount.alias("discount_pct"),
    ).withColumn("amount", F.round(F.col("quantity") * F.col("unit_price") * (1 - F.col("discount_pct")), 2))
    df = df.withColumn(
        "payment_method", pick_weighted(PAYMENT_METHODS, (55, 25, 17, 3), uniform(seed, "sales:pay", tx))
    )
    return _as_declared(_make_sales_dirty(df, plan), "sales")


def _as_declared(df: DataFrame, dataset: str) -> DataFrame:
    return df.select(*[F.col(f.name).cast(f.dataType) for f in RAW_SCHEMAS[dataset].fields])


def _make_sales_dirty(df: DataFrame, plan: GeneratePlan) -> DataFrame:
    kind, sub, row = F.col("kind"), F.col("sub"), F.col("id")

    def when_kind(k: int, lo: float, hi: float, value: Column | None, column: str) -> Column:
        hit = (kind == k) & (sub >= lo) & (sub < hi)
        return F.when(hit, value).otherwise(F.col(column))

    bad_ts = pick(("31/12/2024 10:15", "2024-02-30 12:00:00", "n/a", "2024-06-15T25:61:00"), sub)
    future = F.concat(
        F.date_format(
            F.date_add(F.lit(plan.run_date).cast("date"), (1 + row % 30).cast("int")), "yyyy-MM-dd"
        ),
        F.lit(" 12:00:00"),
    )
    return (
        # 0: a required field is missing
        df.withColumn("product_id", when_kind(0, 0.0, 0.25, F.lit(None), "product_id"))
        .withColumn("store_id", when_kind(0, 0.25, 0.5, F.lit(None), "store_id"))
        .withColumn("transaction_id", when_kind(0, 0.5, 0.75, F.lit(None), "transaction_id"))
        .withColumn("payment_method", when_kind(0, 0.75, 1.0, F.lit(""), "payment_method"))
        # 1: out-of-range amounts and quantities
        .withColumn("amount", when_kind(1, 0.0, 0.4, -F.col("amount"), "amount"))
        .withColumn("amount", when_kind(1, 0.4, 0.7, F.col("amount") + 250_000, "amount"))
        .withColumn("quantity", when_kind(1, 0.7, 1.0, F.lit(0), "quantity"))
        # 2: orphan keys (no such store, product or customer)
        .withColumn("store_id", when_kind(2, 0.0, 0.34, 9000 + row % 50 + 1, "store_id"))
        .withColumn(
            "product_id", when_kind(2, 0.34, 0.67, plan.n_products + 100_000 + row % 1000, "product_id")
        )
        .withColumn(
            "customer_id", when_kind(2, 0.67, 1.0, plan.n_customers + 10_000_000 + row % 1000, "customer_id")
        )
        # 3: unparseable timestamps; 5: sale dated after the batch
        .withColumn("sale_ts", when_kind(3, 0.0, 1.0, bad_ts, "sale_ts"))
        .withColumn("sale_ts", when_kind(5, 0.0, 1.0, future, "sale_ts"))
    )


GENERATORS = {
    "stores": lambda spark, plan: _as_declared(stores_df(spark, plan), "stores"),
    "products": lambda spark, plan: _as_declared(products_df(spark, plan), "products"),
    "customers": lambda spark, plan: _as_declared(customers_df(spark, plan), "customers"),
    "sales": sales_df,
}


def run_generate(spark: SparkSession, lake: Lake, plan: GeneratePlan, log=print) -> dict[str, int]:
    """Write one landed batch (``raw/<dataset>/ingest_date=<run date>``) per dataset; returns row counts."""
    expected = plan.row_counts()
    log(
        f"[generate] run_date={plan.run_date} scale={plan.scale} seed={plan.seed} days={plan.days} "
        f"dirty_rate={plan.dirty_rate}: {sum(expected.values()):,} records planned"
    )
    written: dict[str, int] = {}
    started = time.monotonic()
    for i, (name, build) in enumerate(GENERATORS.items(), start=1):
        t0 = time.monotonic()
        log(f"[generate] ({i}/{len(GENERATORS)}) {name}: writing {expected[name]:,} rows to {lake.raw(name)}")
        (
            build(spark, plan)
            .withColumn("ingest_date", F.lit(plan.run_date))
            .write.mode("overwrite")
            .partitionBy("ingest_date")
            .parquet(lake.raw(name))
        )
        written[name] = spark.read.parquet(lake.raw(name, plan.run_date)).count()
        elapsed = time.monotonic() - t0
        log(f"[generate] ({i}/{len(GENERATORS)}) {name}: {written[name]:,} rows in {elapsed:.1f}s")
    total = sum(written.values())
    elapsed = time.monotonic() - started
    log(f"[generate] done: {total:,} records in {elapsed:.1f}s ({total / max(elapsed, 1e-9):,.0f} records/s)")
    return written
