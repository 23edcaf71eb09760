"""Paths of the data lake zones. ``root`` is ``s3://bucket`` on EMR and a local directory locally.

Layout (``D`` = run date, ``YYYY-MM-DD``)::

    raw/<dataset>/ingest_date=D/                 landed batch, as delivered (parquet)
    staging/<dataset>/snapshot_date=D/           typed, validated, deduplicated dimensions
    staging/sales/sale_date=.../                 typed, validated, deduplicated sales lines
    curated/sales_fact/sale_date=.../            canonical joined fact
    curated/daily_<grain>_sales/sale_date=.../   business aggregates
    quarantine/<dataset>/run_date=D/             rejected rows + dq_reason
    curated/_quality_reports/run_date=D/report.json
"""

from __future__ import annotations

from dataclasses import dataclass

DATASETS = ("stores", "products", "customers", "sales")


@dataclass(frozen=True)
class Lake:
    root: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", self.root.rstrip("/"))

    def raw(self, dataset: str, run_date: str | None = None) -> str:
        base = f"{self.root}/raw/{dataset}"
        return base if run_date is None else f"{base}/ingest_date={run_date}"

    def staging(self, dataset: str) -> str:
        return f"{self.root}/staging/{dataset}"

    def curated(self, table: str) -> str:
        return f"{self.root}/curated/{table}"

    def quarantine(self, dataset: str) -> str:
        return f"{self.root}/quarantine/{dataset}"

    def report(self, run_date: str) -> str:
        return f"{self.root}/curated/_quality_reports/run_date={run_date}/report.json"
