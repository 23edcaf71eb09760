"""The quality gate: too many quarantined rows fail the run after the evidence is written, before curated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lake_fixture import land_batch
from spark_platform_etl import cli, quality_gate, transform
from spark_platform_etl.errors import EtlError, ReconciliationError
from spark_platform_etl.lake import Lake
from spark_platform_etl.quality_gate import QualityGateError

DAY, DAY_BEFORE = "2024-03-10", "2024-03-09"
LAKE = Lake("s3://lake")


def stats(rows_in: int, quarantined: int) -> dict:
    return {
        "rows_in": rows_in,
        "rows_quarantined": quarantined,
        "quarantine_reasons": {"required:x": quarantined},
    }


def test_a_rate_above_the_threshold_breaches_and_equal_does_not():
    result = quality_gate.evaluate(
        {"stores": stats(100, 5), "sales": stats(1000, 51), "products": stats(0, 0)}, 5.0, LAKE, DAY
    )
    assert [(b.dataset, b.rows_quarantined, b.rate_percent) for b in result.breaches] == [("sales", 51, 5.1)]
    assert result.breaches[0].quarantine_path == f"s3://lake/quarantine/sales/run_date={DAY}"
    assert quality_gate.evaluate({"sales": stats(1000, 51)}, None, LAKE, DAY).passed  # gate off


def test_the_gate_has_its_own_exit_code():
    codes = {cls.__name__: cls.exit_code for cls in (EtlError, ReconciliationError, QualityGateError)}
    assert codes["QualityGateError"] == 4
    assert len(set(codes.values())) == len(codes)


def test_the_command_line_defaults_to_five_percent_and_rejects_other_values(capsys):
    args = cli.build_parser().parse_args(["transform", "--lake-root", "s3://b", "--run-date", DAY])
    assert args.max_quarantine_percent == 5.0
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(
            ["transform", "--lake-root", "s3://b", "--run-date", DAY, "--max-quarantine-percent", "120"]
        )
    assert "must be between 0.0 and 100.0" in capsys.readouterr().err


def test_a_batch_over_the_threshold_writes_quarantine_and_report_and_leaves_curated_untouched(
    spark, tmp_path
):
    lake = Lake(str(tmp_path))
    land_batch(spark, lake, DAY_BEFORE, DAY)  # every dataset of this batch quarantines 33-77 % of its rows
    args = cli.build_parser().parse_args(
        ["transform", "--lake-root", lake.root, "--run-date", DAY, "--max-quarantine-percent", "40"]
    )

    with pytest.raises(QualityGateError) as failure:
        cli.run(args, spark, log=lambda _msg: None)

    message = str(failure.value)
    assert "stores: 2 of 4 rows quarantined (50.0 %" in message
    assert "sales: 10 of 13 rows quarantined (76.9 %" in message
    assert "products" not in message  # 1 of 3 = 33 %, under the threshold
    assert f"Report: {lake.report(DAY)}" in message
    report = json.loads(Path(lake.report(DAY)).read_text())
    assert report["status"] == "failed"
    assert report["reconciliation"]["passed"] is True
    assert report["quality_gate"]["threshold_percent"] == 40.0
    assert [b["dataset"] for b in report["quality_gate"]["breaches"]] == ["stores", "customers", "sales"]
    assert report["curated"] == {}
    assert spark.read.parquet(f"{lake.quarantine('sales')}/run_date={DAY}").count() == 10
    assert not Path(lake.curated("sales_fact")).exists()


def test_under_the_threshold_the_batch_is_published(spark, tmp_path):
    lake = Lake(str(tmp_path))
    land_batch(spark, lake, DAY_BEFORE, DAY)
    got = transform.run_transform(spark, lake, DAY, log=lambda _msg: None, max_quarantine_percent=80)
    assert got["status"] == "passed"
    assert got["quality_gate"] == {"threshold_percent": 80, "passed": True, "breaches": []}
    assert got["curated"]["sales_fact"] == 3
