"""Argument handling of main.py: checked before Spark starts, clear messages, exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ETL_DIR
from spark_platform_etl.cli import build_parser


def parse(*argv: str):
    return build_parser().parse_args(list(argv))


def test_generate_arguments_with_defaults():
    args = parse("generate", "--lake-root", "s3://lake-bucket/", "--run-date", "2024-03-10", "--scale", "0.5")
    assert (args.command, args.lake_root, args.run_date) == ("generate", "s3://lake-bucket", "2024-03-10")
    assert (args.scale, args.seed, args.days, args.dirty_rate) == (0.5, 42, 28, 0.02)


def test_local_lake_root_becomes_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert parse("transform", "--lake-root", "data/lake", "--run-date", "2024-03-10").lake_root == str(
        tmp_path / "data" / "lake"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["transform", "--lake-root", "x", "--run-date", "2024-02-30"],
            "'2024-02-30' is not a date in the form YYYY-MM-DD",
        ),
        (["transform", "--lake-root", "x", "--run-date", "10/03/2024"], "'10/03/2024' is not a date"),
        (["generate", "--lake-root", "x", "--run-date", "2024-03-10", "--scale", "-1"], "-1 is out of range"),
        (
            ["generate", "--lake-root", "x", "--run-date", "2024-03-10", "--seed", "abc"],
            "'abc' is not an integer",
        ),
        (
            ["generate", "--lake-root", "x", "--run-date", "2024-03-10", "--dirty-rate", "0.9"],
            "0.9 is out of range",
        ),
        (["transform", "--lake-root", "ftp://host/x", "--run-date", "2024-03-10"], "expected s3://<bucket>"),
        (["transform", "--run-date", "2024-03-10"], "the following arguments are required: --lake-root"),
        (["cleanup", "--lake-root", "x"], "invalid choice: 'cleanup'"),
    ],
)
def test_bad_arguments_exit_2_with_a_clear_message(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse(*argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_missing_input_is_reported_without_a_stack_trace(tmp_path):
    """The real entry point, as spark-submit runs it: an EtlError prints one line and exits 2."""
    result = subprocess.run(
        [
            sys.executable,
            str(ETL_DIR / "main.py"),
            "transform",
            "--lake-root",
            str(tmp_path),
            "--run-date",
            "2024-03-10",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **os.environ,
            "PYSPARK_SUBMIT_ARGS": "--master local[1] --conf spark.ui.enabled=false pyspark-shell",
        },
    )
    assert result.returncode == 2
    assert (
        f"ERROR (MissingInputError): stores: no landed batch at {tmp_path}/raw/stores/ingest_date=2024-03-10"
        in (result.stderr)
    )
    assert "Traceback" not in result.stderr
