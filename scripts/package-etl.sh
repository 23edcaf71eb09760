#!/usr/bin/env bash
# Package the Spark jobs for EMR: build/etl/etl.zip (the spark_platform_etl package, for --py-files),
# build/etl/main.py (the entry point) and build/etl/bootstrap/install-python.sh (the bootstrap action
# every cluster runs first). The deploy workflow syncs build/etl/ to s3://<lake>/etl/, where
# dags/platform_common/emr.py points the cluster and its steps.
set -euo pipefail
cd "$(dirname "$0")/.."
out="build/etl"
rm -rf "$out"
mkdir -p "$out"
python3 - "$out/etl.zip" <<'PY'
import pathlib, sys, zipfile

# Sorted entries and a fixed timestamp: the same sources give a byte-identical zip.
target = pathlib.Path(sys.argv[1])
files = sorted(p for p in pathlib.Path("etl/spark_platform_etl").rglob("*.py") if "__pycache__" not in p.parts)
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
    for path in files:
        info = zipfile.ZipInfo(str(path.relative_to("etl")), date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, path.read_bytes())
print(f"==> {target} ({len(files)} modules)")
PY
cp etl/main.py "$out/main.py"
echo "==> $out/main.py"
mkdir -p "$out/bootstrap"
cp etl/bootstrap/install-python.sh "$out/bootstrap/install-python.sh"
echo "==> $out/bootstrap/install-python.sh"
