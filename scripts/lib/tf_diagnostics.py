#!/usr/bin/env python3
"""Print `terraform validate -json` output (stdin) as readable lines; exit 1 on errors.

Usage: terraform validate -json | python3 scripts/lib/tf_diagnostics.py LABEL
Warnings are printed and counted but do not fail (set TF_WARNINGS_FAIL=1 to fail on them).
"""

from __future__ import annotations

import json
import os
import sys


def main() -> int:
    label = sys.argv[1] if len(sys.argv) > 1 else "validate"
    raw = sys.stdin.read()
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError:
        print(raw)
        print(f"{label}: terraform validate did not print JSON")
        return 1
    for diag in doc.get("diagnostics") or []:
        rng = diag.get("range") or {}
        where = f"{rng.get('filename', '?')}:{(rng.get('start') or {}).get('line', '?')}" if rng else ""
        address = diag.get("address", "")
        print(f"  {diag.get('severity', '?').upper()}: {diag.get('summary', '')} {address} {where}".rstrip())
        detail = " ".join(str(diag.get("detail", "")).split())
        if detail:
            print(f"    {detail[:600]}")
    errors, warnings = doc.get("error_count", 0), doc.get("warning_count", 0)
    state = "valid" if doc.get("valid") else "INVALID"
    print(f"{label}: {state} ({errors} error(s), {warnings} warning(s))")
    if not doc.get("valid") or errors:
        return 1
    if warnings and os.environ.get("TF_WARNINGS_FAIL") == "1":
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
