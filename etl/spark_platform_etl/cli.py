"""Command line of the Spark jobs (``etl/main.py``). Arguments are checked before Spark starts."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from datetime import date

from .errors import EtlError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _run_date(value: str) -> str:
    try:
        if not _DATE.match(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD (e.g. 2024-03-15)"
        ) from None
    return value


def _bounded(kind, low, high, what):
    def parse(value: str):
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not {what}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(
                f"{value} is out of range: {what} must be between {low} and {high}"
            )
        return number

    return parse


def _lake_root(value: str) -> str:
    value = value.strip()
    if not value:
        raise argparse.ArgumentTypeError("must not be empty: give s3://<bucket> or a local directory")
    if "://" in value:
        if not re.match(r"^(s3|s3a|file|hdfs)://[^/]+", value) and not value.startswith("file:///"):
            raise argparse.ArgumentTypeError(
                f"{value!r}: expected s3://<bucket>[/prefix] or a local directory"
            )
        return value.rstrip("/")
    return os.path.abspath(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Spark jobs of the data platform (run with spark-submit, or python locally).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{generate,transform,maintain}")

    lake = argparse.ArgumentParser(add_help=False)
    lake.add_argument(
        "--lake-root", required=True, type=_lake_root, help="s3://<bucket> on EMR, a directory locally"
    )
    for zone in ("staging", "curated"):
        lake.add_argument(
            f"--{zone}-database",
            type=_database,
            default=zone,
            help=f"Glue database of the {zone} tables on EMR (default {zone!r}, the local name)",
        )
    common = argparse.ArgumentParser(add_help=False, parents=[lake])
    common.add_argument("--run-date", required=True, type=_run_date, help="batch date, YYYY-MM-DD")

    gen = sub.add_parser(
        "generate", parents=[common], help="write a synthetic landed batch under <root>/raw/"
    )
    gen.add_argument(
        "--scale",
        type=_bounded(float, 0.0001, 1000.0, "a number"),
        default=1.0,
        help="1.0 = about 5.07 million records (default 1.0)",
    )
    gen.add_argument("--seed", type=_bounded(int, 0, 2**31 - 1, "an integer"), default=42, help="default 42")
    gen.add_argument(
        "--days",
        type=_bounded(int, 1, 366, "a whole number of days"),
        default=28,
        help="days of sales in the batch, ending on the run date (default 28)",
    )
    gen.add_argument(
        "--dirty-rate",
        type=_bounded(float, 0.0, 0.5, "a fraction"),
        default=0.02,
        help="share of deliberately dirty records (default 0.02)",
    )

    transform = sub.add_parser(
        "transform",
        parents=[common],
        help="raw -> staging -> curated for the run date, quarantine and quality report",
    )
    transform.add_argument(
        "--max-quarantine-percent",
        type=_bounded(float, 0.0, 100.0, "a percentage"),
        default=5.0,
        help="fail without publishing to curated when a dataset quarantines more rows than this (default 5)",
    )
    maintain = sub.add_parser(
        "maintain",
        parents=[lake],
        help="Iceberg maintenance of every table: compaction, snapshot expiry, orphan file removal",
    )
    maintain.add_argument(
        "--snapshot-retention-days",
        type=_bounded(int, 1, 365, "a whole number of days"),
        default=7,
        help="expire snapshots older than this (default 7): how far back time travel reaches",
    )
    maintain.add_argument(
        "--retain-last",
        type=_bounded(int, 1, 100, "a whole number"),
        default=5,
        help="snapshots kept per table whatever their age (default 5)",
    )
    return parser


def _database(value: str) -> str:
    if not re.match(r"^[a-z_][a-z0-9_]{0,254}$", value):
        raise argparse.ArgumentTypeError(
            f"{value!r}: expected a Glue database name (lowercase letters, digits, underscores)"
        )
    return value


def run(args: argparse.Namespace, spark, log=print):
    from .lake import Lake

    lake = Lake(
        args.lake_root, staging_database=args.staging_database, curated_database=args.curated_database
    )
    if args.command == "maintain":
        from datetime import UTC, datetime

        from .maintain import run_maintain

        return run_maintain(
            spark,
            lake,
            datetime.now(UTC),
            snapshot_retention_days=args.snapshot_retention_days,
            retain_last=args.retain_last,
            log=log,
        )
    if args.command == "generate":
        from .generate import GeneratePlan, run_generate

        plan = GeneratePlan(
            run_date=args.run_date,
            scale=args.scale,
            seed=args.seed,
            days=args.days,
            dirty_rate=args.dirty_rate,
        )
        return run_generate(spark, lake, plan, log=log)
    from .transform import run_transform

    return run_transform(
        spark, lake, args.run_date, log=log, max_quarantine_percent=args.max_quarantine_percent
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .session import get_session

    spark = get_session(f"spark-platform-etl-{args.command}-{getattr(args, 'run_date', 'tables')}")
    try:
        run(args, spark, log=lambda msg: print(msg, flush=True))
    except EtlError as err:
        print(f"ERROR ({type(err).__name__}): {err}", file=sys.stderr, flush=True)
        return err.exit_code
    finally:
        spark.stop()
    return 0
