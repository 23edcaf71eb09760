"""The data lake: zone paths and the Iceberg tables. ``root`` is ``s3://bucket`` on EMR and a local
directory locally.

Layout (``D`` = run date, ``YYYY-MM-DD``)::

    raw/<dataset>/ingest_date=D/                 landed batch, as delivered (parquet files)
    staging/<table>/{data,metadata}/             Iceberg tables of the staging database
    curated/<table>/{data,metadata}/             Iceberg tables of the curated database
    quarantine/<dataset>/run_date=D/             rejected rows + dq_reason (parquet files)
    curated/_quality_reports/run_date=D/report.json

Tables are ``<catalog>.<database>.<table>``. On EMR (``s3://`` root) the catalog is the Glue Data
Catalog and the databases are the per-environment Glue databases whose location URIs are
``s3://<bucket>/staging`` and ``s3://<bucket>/curated``; elsewhere it is an Iceberg Hadoop catalog
whose warehouse is the lake directory, so the local layout is the same.
"""

from __future__ import annotations

from dataclasses import dataclass

DATASETS = ("stores", "products", "customers", "sales")


@dataclass(frozen=True)
class Lake:
    root: str
    staging_database: str = "staging"
    curated_database: str = "curated"
    # The Spark catalog's name. Spark caches a catalog per name, so a process working on two lakes
    # (the tests) gives each its own.
    catalog: str = "lake"

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", self.root.rstrip("/"))

    @property
    def on_s3(self) -> bool:
        return self.root.startswith(("s3://", "s3a://"))

    def raw(self, dataset: str, run_date: str | None = None) -> str:
        base = f"{self.root}/raw/{dataset}"
        return base if run_date is None else f"{base}/ingest_date={run_date}"

    def database(self, zone: str) -> str:
        return (
            f"{self.catalog}.{ {'staging': self.staging_database, 'curated': self.curated_database}[zone] }"
        )

    def staging(self, table: str) -> str:
        """Iceberg table of the staging database."""
        return f"{self.database('staging')}.{table}"

    def curated(self, table: str) -> str:
        """Iceberg table of the curated database."""
        return f"{self.database('curated')}.{table}"

    def quarantine(self, dataset: str) -> str:
        return f"{self.root}/quarantine/{dataset}"

    def report(self, run_date: str) -> str:
        return f"{self.root}/curated/_quality_reports/run_date={run_date}/report.json"
