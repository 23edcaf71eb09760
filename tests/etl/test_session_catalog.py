"""The Iceberg catalog settings and the lake/database arguments: pure, no Spark."""

from __future__ import annotations

import pytest
from spark_platform_etl.cli import build_parser
from spark_platform_etl.lake import Lake
from spark_platform_etl.session import catalog_conf


def test_s3_lake_uses_the_glue_catalog_with_s3_file_io():
    lake = Lake("s3://lake-bucket/", staging_database="p_dev_staging", curated_database="p_dev_curated")
    assert catalog_conf(lake) == {
        "spark.sql.catalog.lake": "org.apache.iceberg.spark.SparkCatalog",
        "spark.sql.catalog.lake.warehouse": "s3://lake-bucket",
        "spark.sql.catalog.lake.catalog-impl": "org.apache.iceberg.aws.glue.GlueCatalog",
        "spark.sql.catalog.lake.io-impl": "org.apache.iceberg.aws.s3.S3FileIO",
    }
    assert (lake.staging("sales"), lake.curated("sales_fact")) == (
        "lake.p_dev_staging.sales",
        "lake.p_dev_curated.sales_fact",
    )


def test_local_lake_uses_a_hadoop_catalog_in_the_lake_directory():
    lake = Lake("/data/lake", catalog="lake7")
    assert catalog_conf(lake) == {
        "spark.sql.catalog.lake7": "org.apache.iceberg.spark.SparkCatalog",
        "spark.sql.catalog.lake7.warehouse": "/data/lake",
        "spark.sql.catalog.lake7.type": "hadoop",
    }
    # Hadoop catalog: <warehouse>/<namespace>/<table>, i.e. the zone directories.
    assert lake.curated("daily_store_sales") == "lake7.curated.daily_store_sales"


def test_databases_and_maintenance_arguments():
    parser = build_parser()
    args = parser.parse_args(
        ["maintain", "--lake-root", "s3://b", "--curated-database", "p_dev_curated", "--retain-last", "3"]
    )
    assert (args.staging_database, args.curated_database) == ("staging", "p_dev_curated")
    assert (args.snapshot_retention_days, args.retain_last) == (7, 3)
    transform = parser.parse_args(["transform", "--lake-root", "x", "--run-date", "2024-03-10"])
    assert (transform.staging_database, transform.curated_database) == ("staging", "curated")


@pytest.mark.parametrize("bad", ["Curated", "p-dev-curated", "1; DROP", ""])
def test_database_names_are_checked(bad, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["maintain", "--lake-root", "s3://b", "--staging-database", bad])
    assert exit_info.value.code == 2
    assert "expected a Glue database name" in capsys.readouterr().err
