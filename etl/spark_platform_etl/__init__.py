"""PySpark jobs of the Spark data platform: synthetic data generation and the raw -> staging -> curated ETL.

Entry point: ``etl/main.py`` (spark-submit). Everything here is importable without a Spark session;
a session is created only by :mod:`spark_platform_etl.session`.
"""

__version__ = "0.1.0"
