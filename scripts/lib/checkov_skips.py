#!/usr/bin/env python3
"""Carry the constructs' accepted checkov findings from the synthesized JSON into the HCL form.

Constructs record accepted findings with skipCheck() (src/lib/checkov.ts), which writes them into
the resource body of cdk.tf.json as

    "//": {"checkov": {"skip": [{"id": "CKV_AWS_18", "comment": "reason"}]}}

checkov does not read those from JSON, and `cdktf synth --hcl` drops "//" keys. So this script
injects `#checkov:skip=<id>:<reason>` comment lines right after the opening line of the matching
`resource "<type>" "<name>" {` block of each stack's HCL file, where checkov honours them.

Subcommands (stdlib only, run with any python3):

  inject JSON_OUTDIR HCL_OUTDIR [--table FILE]
      Inject the skips (idempotent: earlier injected lines are replaced), print the skips table
      (markdown, one row per resource/check with the stacks it applies to) and write it to FILE.
  report QUIET_JSON FULL_JSON JSON_OUTDIR HCL_OUTDIR
      Judge a checkov run: QUIET_JSON is the gate run (--quiet: failed checks only), FULL_JSON a
      run without --quiet (passed/skipped/parsing errors). Prints failed checks with the construct
      path that owns each resource, parsing errors, and skips checkov did not use. Exit 1 on any
      failed check, any parsing error or no resources scanned.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

SKIP_LINE = re.compile(r"^\s*#checkov:skip=")
CHECK_ID = re.compile(r"^CKV2?_AWS_\d+$")


def stacks(json_outdir: Path) -> list[str]:
    manifest = json.loads((json_outdir / "manifest.json").read_text())
    return sorted(manifest["stacks"])


def load_stack_json(json_outdir: Path, stack: str) -> dict:
    return json.loads((json_outdir / "stacks" / stack / "cdk.tf.json").read_text())


def skips_of(doc: dict) -> list[tuple[str, str, str, str, str]]:
    """(type, name, construct path, check id, reason) for every recorded skip of a stack."""
    found = []
    for rtype, by_name in (doc.get("resource") or {}).items():
        for name, body in by_name.items():
            comment = body.get("//") or {}
            path = (comment.get("metadata") or {}).get("path", f"{rtype}.{name}")
            for skip in (comment.get("checkov") or {}).get("skip") or []:
                check_id = str(skip.get("id", "")).strip()
                reason = " ".join(str(skip.get("comment", "")).split())
                if not CHECK_ID.match(check_id):
                    raise SystemExit(f"{path}: checkov skip id {check_id!r} is not a CKV_AWS_/CKV2_AWS_ id")
                if not reason:
                    raise SystemExit(f"{path}: checkov skip {check_id} has no reason")
                found.append((rtype, name, path, check_id, reason))
    return found


def construct_paths(doc: dict) -> dict[str, str]:
    """'type.name' -> construct path (from cdktf's metadata), for resources and data sources."""
    paths = {}
    for block, prefix in (("resource", ""), ("data", "data.")):
        for rtype, by_name in (doc.get(block) or {}).items():
            for name, body in by_name.items():
                meta = (body.get("//") or {}).get("metadata") or {}
                paths[f"{prefix}{rtype}.{name}"] = meta.get("path", "?")
    return paths


def inject(json_outdir: Path, hcl_outdir: Path, table_file: Path | None) -> int:
    rows: dict[tuple[str, str, str], dict] = {}
    total = 0
    for stack in stacks(json_outdir):
        doc = load_stack_json(json_outdir, stack)
        hcl_file = hcl_outdir / "stacks" / stack / "cdk.tf"
        if not hcl_file.is_file():
            raise SystemExit(f"{hcl_file} missing: synthesize the HCL form first (cdktf synth --hcl)")
        lines = [line for line in hcl_file.read_text().splitlines() if not SKIP_LINE.match(line)]
        by_resource: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for rtype, name, path, check_id, reason in skips_of(doc):
            by_resource[(rtype, name)].append((check_id, reason))
            row = rows.setdefault(
                (f"{rtype}.{name}", check_id, reason), {"path": path.split("/", 1)[-1], "stacks": []}
            )
            row["stacks"].append(stack)
        for (rtype, name), skips in by_resource.items():
            header = re.compile(rf'^(\s*)resource\s+"{re.escape(rtype)}"\s+"{re.escape(name)}"\s*\{{\s*$')
            hits = [i for i, line in enumerate(lines) if header.match(line)]
            if len(hits) != 1:
                raise SystemExit(
                    f'{hcl_file}: expected one `resource "{rtype}" "{name}" {{` line, found {len(hits)}; '
                    "cannot place its checkov skips"
                )
            indent = header.match(lines[hits[0]]).group(1) + "  "
            lines[hits[0] + 1 : hits[0] + 1] = [f"{indent}#checkov:skip={cid}:{why}" for cid, why in skips]
            total += len(skips)
        hcl_file.write_text("\n".join(lines) + "\n")
    table = ["| resource | construct | check | reason | stacks |", "| --- | --- | --- | --- | --- |"]
    for (address, check_id, reason), row in sorted(rows.items()):
        table.append(
            f"| `{address}` | `{row['path']}` | {check_id} | {reason} | {', '.join(row['stacks'])} |"
        )
    text = "\n".join(table)
    print(f"checkov skips recorded by the constructs: {total} (in {len(rows)} distinct resource/check pairs)")
    print(text)
    if table_file:
        table_file.write_text(text + "\n")
    return 0


def _results(doc) -> list[dict]:
    """checkov prints one object per framework, or a list of them."""
    return doc if isinstance(doc, list) else [doc]


def report(quiet_json: Path, full_json: Path, json_outdir: Path, hcl_outdir: Path) -> int:
    paths: dict[str, dict[str, str]] = {}
    expected: set[tuple[str, str, str]] = set()
    for stack in stacks(json_outdir):
        doc = load_stack_json(json_outdir, stack)
        paths[stack] = construct_paths(doc)
        expected |= {(stack, f"{t}.{n}", cid) for t, n, _, cid, _ in skips_of(doc)}

    def stack_of(check: dict) -> str:
        return check.get("file_path", "").strip("/").split("/")[0]

    status = 0
    summary = {"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0, "resource_count": 0}
    failed: list[dict] = []
    for res in _results(json.loads(quiet_json.read_text())):
        for key in summary:
            summary[key] += int((res.get("summary") or {}).get(key, 0) or 0)
        failed += (res.get("results") or {}).get("failed_checks") or []
    full = _results(json.loads(full_json.read_text())) if full_json.is_file() else []
    skipped = [c for res in full for c in (res.get("results") or {}).get("skipped_checks") or []]
    parse_errors = [e for res in full for e in (res.get("results") or {}).get("parsing_errors") or []]
    per_stack: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for res in full:
        for kind in ("passed_checks", "failed_checks", "skipped_checks"):
            for check in (res.get("results") or {}).get(kind) or []:
                per_stack[stack_of(check)][kind] += 1

    print(
        f"checkov summary: passed={summary['passed']} failed={summary['failed']} "
        f"skipped={summary['skipped']} parsing_errors={summary['parsing_errors']} "
        f"resources={summary['resource_count']}"
    )
    for stack in sorted(paths):
        counts = per_stack.get(stack, {})
        print(
            f"  {stack:<20} passed={counts.get('passed_checks', 0):<4} "
            f"failed={counts.get('failed_checks', 0):<3} skipped={counts.get('skipped_checks', 0)}"
        )
        if full and not counts:
            print(f"  ERROR: checkov reported no checks at all for {stack}: was its HCL parsed?")
            status = 1
    if summary["resource_count"] == 0:
        print("ERROR: checkov scanned no resources: nothing was checked")
        status = 1
    if summary["parsing_errors"] or parse_errors:
        print(f"ERROR: checkov could not parse {max(summary['parsing_errors'], len(parse_errors))} file(s):")
        for err in parse_errors:
            print(f"  {err}")
        print("  (an unparsed file is silently not checked; see docs/toolchain-and-tests.md, HCL)")
        status = 1
    if failed:
        print(f"FAILED checkov checks ({len(failed)}): fix the construct, or record an accepted finding with")
        print("skipCheck(resource, id, reason) in src/ (never a global skip):")
        for check in sorted(failed, key=lambda c: (c["check_id"], c.get("file_path", ""))):
            stack = stack_of(check)
            path = paths.get(stack, {}).get(check["resource"], "?")
            lines = check.get("file_line_range") or ["?", "?"]
            print(
                f"  FAILED {check['check_id']:<12} {check['resource']:<55} construct {path}  "
                f"({stack}/cdk.tf:{lines[0]}-{lines[1]})  {check.get('check_name', '')}"
            )
        status = 1
    if full:
        used = {(stack_of(c), c["resource"], c["check_id"]) for c in skipped}
        unused = sorted(expected - used)
        if unused:
            print(
                f"WARNING: {len(unused)} recorded skip(s) matched no checkov result (wrong id or resource?):"
            )
            for stack, address, check_id in unused:
                print(f"  {stack}: {address} {check_id}")
    return status


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "inject":
        table = None
        if len(argv) == 5 and argv[3] == "--table":
            table = Path(argv[4])
        elif len(argv) != 3:
            raise SystemExit(__doc__)
        return inject(Path(argv[1]), Path(argv[2]), table)
    if len(argv) == 5 and argv[0] == "report":
        return report(Path(argv[1]), Path(argv[2]), Path(argv[3]), Path(argv[4]))
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
