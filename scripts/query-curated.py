"""Print a few rows of the local lake's curated Iceberg tables (used by scripts/pipeline-local.sh).

Usage: spark-submit --jars <iceberg runtime> --py-files build/etl/etl.zip scripts/query-curated.py LAKE_ROOT
"""

import os
import sys

from spark_platform_etl.lake import Lake
from spark_platform_etl.session import get_session

lake = Lake(os.path.abspath(sys.argv[1]))
spark = get_session("query-curated", lake)
for title, sql in (
    (
        "Top 5 stores by revenue, latest day",
        f"""SELECT sale_date, store_name, transactions, revenue, avg_basket
            FROM {lake.curated("daily_store_sales")}
            WHERE sale_date = (SELECT max(sale_date) FROM {lake.curated("daily_store_sales")})
            ORDER BY revenue DESC LIMIT 5""",
    ),
    (
        "Revenue per category, whole lake",
        f"""SELECT category, sum(revenue) AS revenue, sum(sales_lines) AS lines
            FROM {lake.curated("daily_category_sales")} GROUP BY category ORDER BY revenue DESC LIMIT 5""",
    ),
    (
        "sales_fact snapshots (one per write)",
        f"SELECT committed_at, operation FROM {lake.curated('sales_fact')}.snapshots ORDER BY committed_at",
    ),
):
    print(f"-- {title}", flush=True)
    spark.sql(sql).show(truncate=False)
spark.stop()
