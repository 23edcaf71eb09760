"""Each check on a small hand-made frame, with the exact rows expected."""

from __future__ import annotations

import pytest
from pyspark.sql import functions as F
from spark_platform_etl import checks as dq


def reasons(df, key="id"):
    return {r[key]: (r[dq.REASON], list(r[dq.FAILED_CHECKS])) for r in df.collect()}


def test_required_treats_blank_text_as_missing(spark):
    df = spark.createDataFrame([(1, "a"), (2, " "), (3, None), (None, "b")], "id int, name string")
    out = dq.apply_checks(df, dq.required(df.schema, ["id", "name"]))
    assert {(r["id"], r[dq.REASON]) for r in out.collect()} == {
        (1, None),
        (2, "required:name"),
        (3, "required:name"),
        (None, "required:id"),
    }


def test_first_failing_check_is_the_reason_and_all_are_listed(spark):
    df = spark.createDataFrame(
        [(1, -5, "x"), (2, 5, "x"), (3, 5, "card"), (4, None, "card")], "id int, q int, pay string"
    )
    out = dq.apply_checks(df, [dq.in_range("q", 1, 10), dq.allowed("pay", ["card", "cash"])])
    assert reasons(out) == {
        1: ("out_of_range:q", ["out_of_range:q", "not_allowed:pay"]),
        2: ("not_allowed:pay", ["not_allowed:pay"]),
        3: (None, []),
        4: (None, []),  # NULL is the business of required(), not of a range check
    }


def test_failed_checks_list_compiles_to_java(spark):
    """No higher-order function (lambda) in the plan: Spark would evaluate it, and every check under
    it, interpreted for every row."""
    df = spark.createDataFrame([(1, -5, "x")], "id int, q int, pay string")
    out = dq.apply_checks(df, [dq.in_range("q", 1, 10), dq.allowed("pay", ["card", "cash"])])
    plan = out._jdf.queryExecution().optimizedPlan().toString().lower()
    assert "lambdafunction" not in plan and "array_compact" not in plan


def test_check_names_cannot_hold_the_list_separator(spark):
    df = spark.createDataFrame([(1,)], "id int")
    with pytest.raises(ValueError, match="must not contain ','"):
        dq.apply_checks(df, [dq.Check("odd,name", F.col("id") > 0)])


def test_format_and_parse_checks(spark):
    df = spark.createDataFrame(
        [(1, "9000", "2024-01-31"), (2, "B-1000", "2024-02-30"), (3, "0999", "")],
        "id int, pc string, d string",
    )
    df = df.withColumn("d_parsed", F.to_date("d", "yyyy-MM-dd"))
    out = dq.apply_checks(df, [dq.matches("pc", r"^[1-9][0-9]{3}$"), dq.parseable("d", "d_parsed")])
    assert reasons(out) == {
        1: (None, []),
        2: ("bad_format:pc", ["bad_format:pc", "unparseable:d"]),
        3: ("bad_format:pc", ["bad_format:pc"]),  # blank is not unparseable: required() reports it
    }


def test_orphan_keys_resolve_against_reference(spark):
    sales = spark.createDataFrame([(1, 10), (2, 99), (3, None)], "id int, store_id int")
    stores = spark.createDataFrame([(10,), (11,)], "store_id int")
    joined, check = dq.with_reference(sales, "store_id", stores, "store_id")
    out = dq.apply_checks(joined, [check])
    assert reasons(out) == {1: (None, []), 2: ("orphan_key:store_id", ["orphan_key:store_id"]), 3: (None, [])}


def test_duplicates_keep_one_valid_row_and_quarantine_the_copies(spark):
    df = spark.createDataFrame(
        [(1, "a", 5), (2, "a", 5), (3, "b", -1), (4, "b", 7), (5, "c", 1), (6, None, 1), (7, None, 1)],
        "id int, k string, q int",
    )
    checked = dq.apply_checks(df, [dq.in_range("q", 0, 10), *dq.required(df.schema, ["k"])])
    out = dq.flag_duplicates(checked, ["k"], ["q"])
    got = reasons(out)
    # exact copies: one kept, one quarantined (which one is deterministic but irrelevant: same content)
    assert sorted(got[i][0] or "kept" for i in (1, 2)) == ["duplicate_key", "kept"]
    # the valid row of key b wins over the invalid one, which keeps its own reason
    assert got[3] == ("out_of_range:q", ["out_of_range:q", "duplicate_key"])
    assert got[4] == (None, [])
    assert got[5] == (None, [])
    # NULL keys are not duplicates of each other
    assert got[6][0] == got[7][0] == "required:k"
