"""Declared schemas of every dataset, as landed in raw/ and as typed in staging/.

Raw keeps dates and timestamps as strings (the source exports them as text, and unparseable values
must reach quarantine, not vanish on read). Staging holds proper types.
"""

from __future__ import annotations

from pyspark.sql.types import (
    DateType,
    DecimalType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)


def _schema(*fields: tuple[str, object]) -> StructType:
    return StructType([StructField(name, dtype, nullable=True) for name, dtype in fields])


RAW_SCHEMAS: dict[str, StructType] = {
    "stores": _schema(
        ("store_id", IntegerType()),
        ("store_name", StringType()),
        ("province", StringType()),
        ("city", StringType()),
        ("postal_code", StringType()),
        ("floor_area_m2", IntegerType()),
        ("opened_on", StringType()),
    ),
    "products": _schema(
        ("product_id", IntegerType()),
        ("sku", StringType()),
        ("product_name", StringType()),
        ("category", StringType()),
        ("brand", StringType()),
        ("list_price", DoubleType()),
        ("vat_rate", DoubleType()),
    ),
    "customers": _schema(
        ("customer_id", LongType()),
        ("postal_code", StringType()),
        ("province", StringType()),
        ("birth_date", StringType()),
        ("gender", StringType()),
        ("loyalty_tier", StringType()),
        ("signup_date", StringType()),
    ),
    "sales": _schema(
        ("transaction_id", StringType()),
        ("line_number", IntegerType()),
        ("sale_ts", StringType()),
        ("store_id", IntegerType()),
        ("customer_id", LongType()),
        ("product_id", IntegerType()),
        ("quantity", IntegerType()),
        ("unit_price", DoubleType()),
        ("discount_pct", DoubleType()),
        ("amount", DoubleType()),
        ("payment_method", StringType()),
    ),
}

DATE_FORMAT = "yyyy-MM-dd"
TIMESTAMP_FORMAT = "yyyy-MM-dd HH:mm:ss"

# Columns whose staging type differs from raw: column -> (type, parse format or None for a cast).
STAGING_TYPES: dict[str, dict[str, tuple[object, str | None]]] = {
    "stores": {"opened_on": (DateType(), DATE_FORMAT)},
    "products": {"list_price": (DecimalType(10, 2), None), "vat_rate": (DecimalType(4, 2), None)},
    "customers": {"birth_date": (DateType(), DATE_FORMAT), "signup_date": (DateType(), DATE_FORMAT)},
    "sales": {
        "sale_ts": (TimestampType(), TIMESTAMP_FORMAT),
        "unit_price": (DecimalType(10, 2), None),
        "discount_pct": (DecimalType(4, 2), None),
        "amount": (DecimalType(12, 2), None),
    },
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "stores": ("store_id",),
    "products": ("product_id",),
    "customers": ("customer_id",),
    "sales": ("transaction_id", "line_number"),
}
