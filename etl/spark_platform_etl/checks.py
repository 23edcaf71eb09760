"""Row-level data-quality checks as plain Spark column expressions (no UDFs).

A :class:`Check` is a name and a boolean column that is true when the row fails it. The first failing
check becomes the row's ``dq_reason``; all failing checks are listed in ``dq_failed_checks``.
Check names read ``<kind>:<column>``: ``required``, ``type_mismatch``, ``unparseable``,
``out_of_range``, ``not_allowed``, ``bad_format``, ``inconsistent``, ``orphan_key``, plus
``duplicate_key`` for extra copies of a primary key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructType

REASON = "dq_reason"
FAILED_CHECKS = "dq_failed_checks"
DUPLICATE_KEY = "duplicate_key"
_SEPARATOR = ","  # joins failed check names while they are collected


@dataclass(frozen=True)
class Check:
    name: str
    failed: Column


def _never_null(condition: Column) -> Column:
    return F.coalesce(condition, F.lit(False))


def required(schema: StructType, columns: Iterable[str]) -> list[Check]:
    """Present: not NULL, and for text not blank."""
    checks = []
    for name in columns:
        missing = F.col(name).isNull()
        if isinstance(schema[name].dataType, StringType):
            missing = missing | (F.trim(F.col(name)) == "")
        checks.append(Check(f"required:{name}", missing))
    return checks


def parseable(raw: str, parsed: str) -> Check:
    """A value was given but could not be parsed (parsed column is NULL)."""
    return Check(
        f"unparseable:{raw}", F.col(raw).isNotNull() & (F.trim(F.col(raw)) != "") & F.col(parsed).isNull()
    )


def in_range(name: str, low: object, high: object, column: str | None = None) -> Check:
    value = F.col(column or name)
    return Check(f"out_of_range:{name}", _never_null(~value.between(F.lit(low), F.lit(high))))


def allowed(name: str, values: Sequence[object]) -> Check:
    return Check(f"not_allowed:{name}", _never_null(~F.col(name).isin(list(values))))


def matches(name: str, regex: str) -> Check:
    return Check(f"bad_format:{name}", _never_null(~F.col(name).rlike(regex)))


def orphan(name: str, flag: str) -> Check:
    """``flag`` is a column that a left join against the referenced keys left NULL when unmatched."""
    return Check(f"orphan_key:{name}", F.col(name).isNotNull() & F.col(flag).isNull())


def with_reference(df: DataFrame, column: str, keys: DataFrame, key: str) -> tuple[DataFrame, Check]:
    """Left-join distinct reference keys (broadcast: dimensions are small) and return the orphan check."""
    flag = f"_ref_{column}"
    ref = keys.select(F.col(key).alias(flag)).distinct()
    joined = df.join(F.broadcast(ref), df[column] == ref[flag], "left")
    return joined, orphan(column, flag)


def apply_checks(df: DataFrame, checks: Sequence[Check]) -> DataFrame:
    """Add ``dq_reason`` (first failing check, NULL when the row passes) and ``dq_failed_checks``."""
    reason = None
    names = []
    for check in checks:
        if _SEPARATOR in check.name:
            raise ValueError(f"check name {check.name!r} must not contain {_SEPARATOR!r}")
        failed = _never_null(check.failed)
        reason = (
            F.when(failed, F.lit(check.name)) if reason is None else reason.when(failed, F.lit(check.name))
        )
        names.append(F.when(failed, F.lit(check.name)))
    # The list is joined as text and split, and only for rows that failed: concat_ws and split compile
    # to Java, whereas array_compact is a higher-order function that Spark evaluates interpreted, with
    # every check under it, for every row (a fifth of the validation time of 5M sales lines).
    failed_list = F.when(
        F.col(REASON).isNotNull(), F.split(F.concat_ws(_SEPARATOR, *names), _SEPARATOR)
    ).otherwise(F.array().cast("array<string>"))
    return df.withColumn(REASON, reason if reason is not None else F.lit(None).cast("string")).withColumn(
        FAILED_CHECKS, failed_list
    )


def flag_duplicates(df: DataFrame, key: Sequence[str], tiebreak: Sequence[str]) -> DataFrame:
    """Keep one row per key, preferring rows that passed; mark the other copies ``duplicate_key``.

    The kept row is deterministic: valid rows first, then by a hash of ``tiebreak`` columns.
    Rows with a NULL key already failed ``required`` and are not grouped.
    """
    order = Window.partitionBy(*key).orderBy(F.col(REASON).isNull().desc(), F.xxhash64(*tiebreak))
    rank = F.row_number().over(order)
    is_copy = F.lit(True)
    for name in key:
        is_copy = is_copy & F.col(name).isNotNull()
    is_copy = is_copy & (rank > 1)
    return (
        df.withColumn("_dq_copy", is_copy)
        .withColumn(
            REASON,
            F.when(F.col(REASON).isNull() & F.col("_dq_copy"), F.lit(DUPLICATE_KEY)).otherwise(F.col(REASON)),
        )
        .withColumn(
            FAILED_CHECKS,
            F.when(F.col("_dq_copy"), F.array_append(F.col(FAILED_CHECKS), F.lit(DUPLICATE_KEY))).otherwise(
                F.col(FAILED_CHECKS)
            ),
        )
        .drop("_dq_copy")
    )
