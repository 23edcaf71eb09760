"""Run generate + transform with spark-submit at several sizes and print the figures.

Not a test: it measures. Peak memory is sampled from /proc every 0.2 s as the summed RSS of the
spark-submit process tree (driver JVM, Python driver, Python workers).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "pipeline" / "results"
RECORDS_AT_SCALE_1 = 5_076_012  # GeneratePlan(scale=1.0).row_counts() total
RUN_DATE = "2024-12-20"
TARGET_5M_SECONDS = 180
TARGET_20M_RATIO = 4.5


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _tree_rss_bytes(pid: int) -> int:
    tree, total, todo = _children(), 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            pass
        todo.extend(tree.get(p, []))
    return total


def run_step(cmd: list[str], log: Path) -> tuple[float, int]:
    """Run one spark-submit; return (wall seconds, peak tree RSS bytes)."""
    start = time.monotonic()
    peak = 0
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        while proc.poll() is None:
            peak = max(peak, _tree_rss_bytes(proc.pid))
            time.sleep(0.2)
    if proc.returncode != 0:
        sys.exit(f"step failed (exit {proc.returncode}): {' '.join(cmd)}\nsee {log}")
    return time.monotonic() - start, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("records", nargs="*", type=int, default=[1_000_000, 5_000_000, 20_000_000])
    parser.add_argument("--venv", required=True)
    parser.add_argument("--driver-memory", default=os.environ.get("BENCH_DRIVER_MEMORY", "4g"))
    parser.add_argument("--keep", action="store_true", help="keep each lake (default: deleted after its run)")
    args = parser.parse_args()

    submit = [
        f"{args.venv}/bin/spark-submit",
        "--master",
        "local[2]",
        "--driver-memory",
        args.driver_memory,
        "--conf",
        "spark.ui.enabled=false",
        "--conf",
        "spark.ui.showConsoleProgress=false",
        "--conf",
        "spark.sql.shuffle.partitions=8",
        "--py-files",
        "build/etl/etl.zip",
        "build/etl/main.py",
    ]
    env_note = f"{os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.1f} (shared machine)"
    print(f"pipeline benchmark: local[2], driver memory {args.driver_memory}, {env_note}", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = []
    for target in args.records:
        scale = round(target / RECORDS_AT_SCALE_1, 6)
        lake = RESULTS / f"lake-{target}"
        shutil.rmtree(lake, ignore_errors=True)
        common = ["--lake-root", str(lake), "--run-date", RUN_DATE]
        print(f"-- {target:,} records (scale {scale}) ...", flush=True)
        gen_cmd = [*submit, "generate", *common, "--scale", str(scale), "--seed", "42"]
        gen_s, gen_peak = run_step(gen_cmd, RESULTS / f"generate-{target}.log")
        tr_s, tr_peak = run_step([*submit, "transform", *common], RESULTS / f"transform-{target}.log")
        report_path = lake / "curated" / "_quality_reports" / f"run_date={RUN_DATE}" / "report.json"
        report = json.loads(report_path.read_text())
        records = sum(d["rows_in"] for d in report["datasets"].values())
        total = gen_s + tr_s
        row = {
            "records": records,
            "generate_s": round(gen_s, 1),
            "transform_s": round(tr_s, 1),
            "total_s": round(total, 1),
            "records_per_s": round(records / total),
            "peak_rss_mib": round(max(gen_peak, tr_peak) / 2**20),
            "load_avg_1m": round(os.getloadavg()[0], 1),
        }
        rows.append(row)
        print(f"   {json.dumps(row)}", flush=True)
        if not args.keep:
            shutil.rmtree(lake, ignore_errors=True)

    print()
    header = ("records", "generate s", "transform s", "total s", "records/s", "peak MiB", "load")
    widths = (12, 11, 12, 8, 10, 9, 5)
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, widths, strict=True)))
    for r in rows:
        print(
            f"{r['records']:>12,} {r['generate_s']:>11} {r['transform_s']:>12} {r['total_s']:>8} "
            f"{r['records_per_s']:>10,} {r['peak_rss_mib']:>9} {r['load_avg_1m']:>5}"
        )
    by_size = {round(r["records"] / 1_000_000): r for r in rows}
    if 5 in by_size:
        t5 = by_size[5]["total_s"]
        verdict = "met" if t5 <= TARGET_5M_SECONDS else "MISSED"
        print(f"target 5M end to end <= {TARGET_5M_SECONDS}s: {t5}s -> {verdict}")
        if 20 in by_size:
            ratio = by_size[20]["total_s"] / t5
            verdict = "met" if ratio <= TARGET_20M_RATIO else "MISSED"
            print(f"target 20M <= {TARGET_20M_RATIO}x the 5M time: {ratio:.2f}x -> {verdict}")
    out = RESULTS / f"bench-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps({"environment": env_note, "runs": rows}, indent=2) + "\n")
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
