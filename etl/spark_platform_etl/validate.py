"""Raw -> staging for one dataset: conform to the declared schema, type, check, deduplicate.

The result of :func:`validate` keeps every input row exactly once, with ``dq_reason`` NULL for rows
that go to staging and set for rows that go to quarantine, so rows in = rows out + rows quarantined
by construction; the transform still verifies it against what was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import DataType, StructType

from . import checks as dq
from .errors import SchemaDriftError
from .reference import CATEGORY_NAMES, GENDERS, LOYALTY_TIERS, PAYMENT_METHODS, PROVINCE_NAMES, VAT_RATES
from .schemas import PRIMARY_KEYS, RAW_SCHEMAS, STAGING_TYPES

POSTAL_CODE = r"^[1-9][0-9]{3}$"
SALES_LOOKBACK_DAYS = 365
TYPED = "_t_"  # prefix of the typed version of a column while checking


@dataclass
class Drift:
    """Differences between a landed dataset and its declared schema that did not stop the run."""

    extra_columns: list[str] = field(default_factory=list)
    retyped_columns: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"extra_columns": self.extra_columns, "retyped_columns": self.retyped_columns}


def conform(df: DataFrame, dataset: str, source: str) -> tuple[DataFrame, Drift]:
    """Select the declared columns in declared order and types.

    * a missing column stops the run (nothing sensible can be staged without it);
    * an extra column is dropped and reported;
    * a column landed with another type is cast back; values that do not convert fail the row's
      ``type_mismatch:<column>`` check (quarantined, not lost). Types that cannot be cast at all
      (e.g. a struct instead of a number) stop the run.
    """
    declared: StructType = RAW_SCHEMAS[dataset]
    landed = {f.name.lower(): f for f in df.schema.fields}
    missing = [f.name for f in declared.fields if f.name.lower() not in landed]
    if missing:
        expected = ", ".join(f"{f.name} {f.dataType.simpleString()}" for f in declared.fields)
        raise SchemaDriftError(
            f"{dataset}: column(s) {', '.join(missing)} missing in {source}. "
            f"Expected columns: {expected}. Fix the extract (or the declared schema in "
            f"etl/spark_platform_etl/schemas.py if the change is intended) and rerun."
        )
    drift = Drift(
        extra_columns=sorted(f.name for f in df.schema.fields if f.name not in declared.fieldNames())
    )
    columns = []
    for want in declared.fields:
        have = landed[want.name.lower()]
        if have.dataType == want.dataType:
            columns.append(F.col(have.name).alias(want.name))
            continue
        if not _castable(have.dataType, want.dataType):
            raise SchemaDriftError(
                f"{dataset}: column {want.name} landed as {have.dataType.simpleString()} in {source}, "
                f"expected {want.dataType.simpleString()}, and it cannot be converted. "
                "Fix the extract and rerun."
            )
        drift.retyped_columns[want.name] = f"{have.dataType.simpleString()} -> {want.dataType.simpleString()}"
        columns.append(F.expr(f"try_cast(`{have.name}` AS {want.dataType.simpleString()})").alias(want.name))
        columns.append(
            (
                F.col(have.name).isNotNull()
                & F.expr(f"try_cast(`{have.name}` AS {want.dataType.simpleString()})").isNull()
            ).alias(f"_drift_{want.name}")
        )
    return df.select(*columns), drift


def _castable(source: DataType, target: DataType) -> bool:
    atomic = (
        "string",
        "int",
        "bigint",
        "smallint",
        "tinyint",
        "double",
        "float",
        "boolean",
        "date",
        "timestamp",
    )

    def simple(t: DataType) -> str:
        name = t.simpleString()
        return "decimal" if name.startswith("decimal") else name

    return simple(source) in (*atomic, "decimal") and simple(target) in (*atomic, "decimal")


def _typed(dataset: str) -> list[F.Column]:
    """Typed versions of the columns whose staging type differs from raw."""
    out = []
    for name, (dtype, fmt) in STAGING_TYPES[dataset].items():
        raw = F.col(name)
        if fmt is None:
            typed = raw.cast(dtype)
        elif dtype.simpleString() == "date":
            typed = F.to_date(raw, fmt)
        else:
            typed = F.to_timestamp(raw, fmt)
        out.append(typed.alias(TYPED + name))
    return out


def _drift_checks(df: DataFrame) -> list[dq.Check]:
    return [
        dq.Check(f"type_mismatch:{c[len('_drift_') :]}", F.col(c))
        for c in df.columns
        if c.startswith("_drift_")
    ]


def _parse_checks(dataset: str) -> list[dq.Check]:
    return [dq.parseable(name, TYPED + name) for name, (_, fmt) in STAGING_TYPES[dataset].items() if fmt]


def dataset_checks(dataset: str, run_date: str) -> list[dq.Check]:
    """Declared checks of each dataset, in the order they are reported (first failure wins)."""
    schema = RAW_SCHEMAS[dataset]
    run = F.lit(run_date).cast("date")
    if dataset == "stores":
        return [
            *dq.required(schema, schema.fieldNames()),
            *_parse_checks(dataset),
            dq.allowed("province", PROVINCE_NAMES),
            dq.in_range("floor_area_m2", 100, 20000),
            dq.matches("postal_code", POSTAL_CODE),
            dq.Check("out_of_range:opened_on", F.coalesce(F.col(TYPED + "opened_on") > run, F.lit(False))),
        ]
    if dataset == "products":
        return [
            *dq.required(schema, ("product_id", "sku", "product_name", "category", "list_price", "vat_rate")),
            dq.allowed("category", CATEGORY_NAMES),
            dq.in_range("list_price", 0.01, 10000.0),
            dq.Check(
                "not_allowed:vat_rate",
                F.coalesce(~F.round("vat_rate", 2).isin(list(VAT_RATES)), F.lit(False)),
            ),
        ]
    if dataset == "customers":
        age_days = F.datediff(run, F.col(TYPED + "birth_date"))
        return [
            *dq.required(schema, ("customer_id", "postal_code", "province", "signup_date")),
            *_parse_checks(dataset),
            dq.allowed("province", PROVINCE_NAMES),
            dq.matches("postal_code", POSTAL_CODE),
            dq.allowed("loyalty_tier", LOYALTY_TIERS),
            dq.allowed("gender", GENDERS),
            dq.Check(
                "out_of_range:birth_date", F.coalesce(~age_days.between(16 * 365, 110 * 366), F.lit(False))
            ),
            dq.Check(
                "out_of_range:signup_date", F.coalesce(F.col(TYPED + "signup_date") > run, F.lit(False))
            ),
        ]
    if dataset == "sales":
        sale_date = F.to_date(F.col(TYPED + "sale_ts"))
        expected_amount = F.round(
            F.col("quantity") * F.col("unit_price") * (1 - F.coalesce("discount_pct", F.lit(0.0))), 2
        )
        return [
            *dq.required(
                schema,
                (
                    "transaction_id",
                    "line_number",
                    "sale_ts",
                    "store_id",
                    "product_id",
                    "quantity",
                    "unit_price",
                    "amount",
                    "payment_method",
                ),
            ),
            *_parse_checks(dataset),
            dq.Check(
                "out_of_range:sale_ts",
                F.coalesce(~sale_date.between(F.date_sub(run, SALES_LOOKBACK_DAYS), run), F.lit(False)),
            ),
            dq.in_range("line_number", 1, 999),
            dq.in_range("quantity", 1, 1000),
            dq.in_range("unit_price", 0.01, 10000.0),
            dq.in_range("discount_pct", 0.0, 0.9),
            dq.in_range("amount", 0.01, 100000.0),
            dq.allowed("payment_method", PAYMENT_METHODS),
            dq.Check(
                "inconsistent:amount",
                F.coalesce(F.abs(F.col("amount") - expected_amount) > 0.011, F.lit(False)),
            ),
        ]
    raise ValueError(f"unknown dataset {dataset!r}; expected one of {sorted(RAW_SCHEMAS)}")


def validate(
    df: DataFrame, dataset: str, run_date: str, references: dict[str, DataFrame] | None = None
) -> DataFrame:
    """Checked rows: conformed raw columns, typed columns, ``dq_reason`` and ``dq_failed_checks``.

    ``references`` maps a foreign-key column to a DataFrame of valid keys (same column name).
    """
    checked = df.select("*", *_typed(dataset))
    all_checks = [*_drift_checks(df), *dataset_checks(dataset, run_date)]
    # Required and type checks come first so an orphan check never fires on a NULL or garbled key.
    for column, keys in (references or {}).items():
        checked, check = dq.with_reference(checked, column, keys, column)
        all_checks.append(check)
    checked = dq.apply_checks(checked, all_checks)
    raw_columns = RAW_SCHEMAS[dataset].fieldNames()
    checked = dq.flag_duplicates(checked, PRIMARY_KEYS[dataset], raw_columns)
    extra = [F.to_date(TYPED + "sale_ts").alias("sale_date")] if dataset == "sales" else []
    return checked.select(
        *raw_columns, *[TYPED + n for n in STAGING_TYPES[dataset]], *extra, dq.REASON, dq.FAILED_CHECKS
    )


def staged(checked: DataFrame, dataset: str) -> DataFrame:
    """Rows that passed, in staging types (typed columns replace their raw text)."""
    typed = STAGING_TYPES[dataset]
    columns = [
        F.col(TYPED + n).alias(n) if n in typed else F.col(n) for n in RAW_SCHEMAS[dataset].fieldNames()
    ]
    if dataset == "sales":
        columns.append(F.col("sale_date"))
    return checked.where(F.col(dq.REASON).isNull()).select(*columns)


def quarantined(checked: DataFrame, dataset: str) -> DataFrame:
    """Rows that failed, as landed (raw columns) plus the failed checks."""
    return checked.where(F.col(dq.REASON).isNotNull()).select(
        *RAW_SCHEMAS[dataset].fieldNames(), dq.REASON, dq.FAILED_CHECKS
    )
