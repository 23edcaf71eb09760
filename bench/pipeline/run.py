"""Run generate + transform with spark-submit at several sizes and print the figures, then an
incremental rerun: one day's batch merged into the 5M-record lake (the touched date already holds
data, so the MERGE and the aggregate recompute of that date do real work).

Not a test: it measures. Peak memory is sampled from /proc every 0.2 s as the summed RSS of the
spark-submit process tree (driver JVM, Python driver, Python workers). CPU seconds (user + system of
that tree, from the kernel's accounting of ended child processes) are printed beside wall time: on a
shared machine wall time drifts from hour to hour, CPU time less, so compare runs by both.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "pipeline" / "results"
RECORDS_AT_SCALE_1 = 5_076_012  # GeneratePlan(scale=1.0).row_counts() total
RUN_DATE = "2024-12-20"
TARGET_5M_SECONDS = 150
TARGET_20M_RATIO = 4.0
TARGET_INCREMENTAL_SECONDS = 30
BATCH_DAYS = 28  # GeneratePlan default: a batch holds 28 days of sales


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


def _ended_children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_step(cmd: list[str], log: Path) -> tuple[float, int, float]:
    """Run one spark-submit; return (wall seconds, peak tree RSS bytes, CPU seconds of the tree)."""
    cpu_before = _ended_children_cpu_s()
    start = time.monotonic()
    peak = 0
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        while proc.poll() is None:
            peak = max(peak, _tree_rss_bytes(proc.pid))
            time.sleep(0.2)
    if proc.returncode != 0:
        sys.exit(f"step failed (exit {proc.returncode}): {' '.join(cmd)}\nsee {log}")
    return time.monotonic() - start, peak, _ended_children_cpu_s() - cpu_before


def run_incremental(submit: list[str], lake: Path, scale: float, target: int) -> dict:
    """One day of sales landed for the batch's last date and merged into the existing lake."""
    day_scale = round(scale / BATCH_DAYS, 6)
    common = ["--lake-root", str(lake), "--run-date", RUN_DATE]
    print(f"-- incremental: one day (scale {day_scale}) into the {target:,}-record lake ...", flush=True)
    gen_cmd = [*submit, "generate", *common, "--scale", str(day_scale), "--seed", "7", "--days", "1"]
    gen_s, gen_peak, _ = run_step(gen_cmd, RESULTS / "generate-incremental.log")
    tr_s, tr_peak, tr_cpu = run_step([*submit, "transform", *common], RESULTS / "transform-incremental.log")
    report = json.loads(
        (lake / "curated" / "_quality_reports" / f"run_date={RUN_DATE}" / "report.json").read_text()
    )
    row = {
        "records": sum(d["rows_in"] for d in report["datasets"].values()),
        "generate_s": round(gen_s, 1),
        "transform_s": round(tr_s, 1),
        "transform_cpu_s": round(tr_cpu, 1),
        "peak_rss_mib": round(max(gen_peak, tr_peak) / 2**20),
        "load_avg_1m": round(os.getloadavg()[0], 1),
    }
    print(f"   {json.dumps(row)}", flush=True)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("records", nargs="*", type=int, default=[1_000_000, 5_000_000, 20_000_000])
    parser.add_argument("--venv", required=True)
    parser.add_argument("--driver-memory", default=os.environ.get("BENCH_DRIVER_MEMORY", "4g"))
    parser.add_argument("--keep", action="store_true", help="keep each lake (default: deleted after its run)")
    parser.add_argument(
        "--no-incremental", action="store_true", help="skip the one-day rerun into the 5M-record lake"
    )
    args = parser.parse_args()
    jar = subprocess.run(
        ["bash", "scripts/fetch-iceberg.sh"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()

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
        "--jars",
        jar,
        "--py-files",
        "build/etl/etl.zip",
        "build/etl/main.py",
    ]
    env_note = f"{os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.1f} (shared machine)"
    print(f"pipeline benchmark: local[2], driver memory {args.driver_memory}, {env_note}", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = []
    incremental = None
    for target in args.records:
        scale = round(target / RECORDS_AT_SCALE_1, 6)
        lake = RESULTS / f"lake-{target}"
        shutil.rmtree(lake, ignore_errors=True)
        common = ["--lake-root", str(lake), "--run-date", RUN_DATE]
        print(f"-- {target:,} records (scale {scale}) ...", flush=True)
        gen_cmd = [*submit, "generate", *common, "--scale", str(scale), "--seed", "42"]
        gen_s, gen_peak, gen_cpu = run_step(gen_cmd, RESULTS / f"generate-{target}.log")
        tr_s, tr_peak, tr_cpu = run_step([*submit, "transform", *common], RESULTS / f"transform-{target}.log")
        report_path = lake / "curated" / "_quality_reports" / f"run_date={RUN_DATE}" / "report.json"
        report = json.loads(report_path.read_text())
        records = sum(d["rows_in"] for d in report["datasets"].values())
        total = gen_s + tr_s
        row = {
            "records": records,
            "generate_s": round(gen_s, 1),
            "transform_s": round(tr_s, 1),
            "total_s": round(total, 1),
            "cpu_s": round(gen_cpu + tr_cpu, 1),
            "records_per_s": round(records / total),
            "peak_rss_mib": round(max(gen_peak, tr_peak) / 2**20),
            "load_avg_1m": round(os.getloadavg()[0], 1),
        }
        rows.append(row)
        print(f"   {json.dumps(row)}", flush=True)
        if round(records / 1_000_000) == 5 and not args.no_incremental:
            incremental = run_incremental(submit, lake, scale, target)
        if not args.keep:
            shutil.rmtree(lake, ignore_errors=True)

    print()
    header = ("records", "generate s", "transform s", "total s", "cpu s", "records/s", "peak MiB", "load")
    widths = (12, 11, 12, 8, 8, 10, 9, 5)
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, widths, strict=True)))
    for r in rows:
        print(
            f"{r['records']:>12,} {r['generate_s']:>11} {r['transform_s']:>12} {r['total_s']:>8} "
            f"{r['cpu_s']:>8} {r['records_per_s']:>10,} {r['peak_rss_mib']:>9} {r['load_avg_1m']:>5}"
        )
    if incremental:
        verdict = "met" if incremental["transform_s"] <= TARGET_INCREMENTAL_SECONDS else "MISSED"
        print(
            f"incremental: one day ({incremental['records']:,} records) merged into the 5M lake: "
            f"transform {incremental['transform_s']}s, {incremental['transform_cpu_s']} CPU-s "
            f"(generate {incremental['generate_s']}s), "
            f"peak {incremental['peak_rss_mib']} MiB -> target <= {TARGET_INCREMENTAL_SECONDS}s {verdict}"
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
    out.write_text(
        json.dumps({"environment": env_note, "runs": rows, "incremental": incremental}, indent=2) + "\n"
    )
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
