"""spark-submit entry point of the platform's Spark jobs.

    spark-submit --py-files etl.zip main.py generate --lake-root ROOT \
        --run-date YYYY-MM-DD --scale 1.0 --seed 42
    spark-submit --py-files etl.zip main.py transform --lake-root ROOT --run-date YYYY-MM-DD

The logic lives in the spark_platform_etl package (shipped as etl.zip); see ``main.py --help``.
"""

import sys

from spark_platform_etl.cli import main

if __name__ == "__main__":
    sys.exit(main())
