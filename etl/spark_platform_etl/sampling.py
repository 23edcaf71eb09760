"""Deterministic random columns for the generator.

Every random value is a hash of (seed, salt, row key), so a dataset depends only on the seed and the
scale, never on the number of partitions or executors.
"""

from __future__ import annotations

import math

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

_TWO_53 = 1 << 53
BUCKETS = 8192


def uniform(seed: int, salt: str, *keys: Column) -> Column:
    """A uniform double in [0, 1) determined by seed, salt and the key columns."""
    h = F.xxhash64(F.lit(seed), F.lit(salt), *keys)
    return F.pmod(h, F.lit(_TWO_53)).cast("double") / float(_TWO_53)


def normal(seed: int, salt: str, *keys: Column) -> Column:
    """A standard normal value (Box-Muller on two uniforms)."""
    u1 = uniform(seed, salt + ":a", *keys)
    u2 = uniform(seed, salt + ":b", *keys)
    return F.sqrt(-2.0 * F.log(F.greatest(u1, F.lit(1e-12)))) * F.cos(2 * math.pi * u2)


def pick(values: tuple, u: Column) -> Column:
    """One of ``values`` chosen uniformly by ``u`` in [0, 1)."""
    idx = F.least(F.floor(u * len(values)).cast("int"), F.lit(len(values) - 1)) + 1
    return F.element_at(F.array(*[F.lit(v) for v in values]), idx)


def pick_weighted(values: tuple, weights: tuple[float, ...], u: Column) -> Column:
    """One of ``values`` chosen with the given relative weights (a short CASE WHEN chain)."""
    total = float(sum(weights))
    expr = None
    acc = 0.0
    for value, weight in zip(values[:-1], weights[:-1], strict=True):
        acc += weight / total
        expr = F.when(u < acc, F.lit(value)) if expr is None else expr.when(u < acc, F.lit(value))
    last = F.lit(values[-1])
    return last if expr is None else expr.otherwise(last)


def bucket_table(df: DataFrame, key: str, weight: str, buckets: int = BUCKETS) -> DataFrame:
    """Alias table for weighted sampling by an equi-join: ``buckets`` rows of (bucket, key).

    Each key owns a share of the buckets proportional to its integer weight; joining
    ``floor(u * buckets)`` to it samples keys with those weights. Integer arithmetic makes the
    last key end exactly at ``buckets``, so every bucket is covered.
    """
    # One window partition on purpose (the table has at most a few hundred rows).
    everything = Window.partitionBy(F.lit(0))
    ordered = everything.orderBy(key).rowsBetween(Window.unboundedPreceding, Window.currentRow)
    w = F.col(weight).cast("long")
    ranged = (
        df.select(F.col(key), w.alias("_w"))
        .where(F.col("_w") > 0)
        .withColumn("_cum", F.sum("_w").over(ordered))
        .withColumn("_total", F.sum("_w").over(everything))
        .withColumn("_lo", F.expr(f"(_cum - _w) * {buckets} div _total"))
        .withColumn("_hi", F.expr(f"_cum * {buckets} div _total"))
        .where(F.col("_hi") > F.col("_lo"))
    )
    exploded = ranged.select(
        F.explode(F.sequence(F.col("_lo"), F.col("_hi") - 1)).alias("bucket"), F.col(key)
    )
    return exploded.select(F.col("bucket").cast("int").alias("bucket"), F.col(key))


def bucket_of(u: Column, buckets: int = BUCKETS) -> Column:
    return F.least(F.floor(u * buckets), F.lit(buckets - 1)).cast("int")
