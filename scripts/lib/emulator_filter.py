#!/usr/bin/env python3
"""Remove resource types the AWS emulator (moto) cannot serve from synthesized stacks.

Usage: emulator_filter.py OUTDIR TYPE[,TYPE...]

For every OUTDIR/stacks/*/cdk.tf.json: drops the resources of the given types (a `data.` prefix
selects data sources), then — until nothing changes — every resource, data source, local and
output whose body references something dropped (`type.name` in an expression or depends_on), so
the stack stays valid. Prints what it removed per stack. Only deploy-local.sh uses this, on its own
emulator outdir; it is the fallback for an app that does not honour PLATFORM_EMULATOR_SKIP itself
(then it finds nothing to remove).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def addresses(doc: dict) -> dict[str, tuple[str, str, str]]:
    """address -> (block, type-or-'', name) for resources, data sources, locals and outputs."""
    found = {}
    for rtype, by_name in (doc.get("resource") or {}).items():
        for name in by_name:
            found[f"{rtype}.{name}"] = ("resource", rtype, name)
    for rtype, by_name in (doc.get("data") or {}).items():
        for name in by_name:
            found[f"data.{rtype}.{name}"] = ("data", rtype, name)
    for name in doc.get("locals") or {}:
        found[f"local.{name}"] = ("locals", "", name)
    for name in doc.get("output") or {}:
        found[f"output.{name}"] = ("output", "", name)
    return found


def body(doc: dict, block: str, rtype: str, name: str):
    return doc[block][rtype][name] if rtype else doc[block][name]


def drop(doc: dict, block: str, rtype: str, name: str) -> None:
    if rtype:
        del doc[block][rtype][name]
        if not doc[block][rtype]:
            del doc[block][rtype]
    else:
        del doc[block][name]
    if not doc[block]:
        del doc[block]


def references(text: str, address: str) -> bool:
    # `aws_x.name` followed by `.attr`, `[`, `}` , `"` or end: not a prefix of a longer name
    return re.search(rf"(?<![\w.-]){re.escape(address)}(?![\w-])", text) is not None


def filter_stack(doc: dict, types: set[str]) -> list[str]:
    removed: list[str] = []
    for address, (block, rtype, name) in addresses(doc).items():
        if (block == "resource" and rtype in types) or (block == "data" and f"data.{rtype}" in types):
            drop(doc, block, rtype, name)
            removed.append(address)
    changed = bool(removed)
    while changed:
        changed = False
        for address, (block, rtype, name) in addresses(doc).items():
            text = json.dumps(body(doc, block, rtype, name))
            culprit = next((r for r in removed if references(text, r)), None)
            if culprit:
                drop(doc, block, rtype, name)
                removed.append(f"{address} (references {culprit})")
                changed = True
    return removed


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    outdir, types = Path(argv[0]), {t.strip() for t in argv[1].split(",") if t.strip()}
    for path in sorted(outdir.glob("stacks/*/cdk.tf.json")):
        doc = json.loads(path.read_text())
        removed = filter_stack(doc, types)
        if removed:
            path.write_text(json.dumps(doc, indent=2) + "\n")
            print(f"  {path.parent.name}: removed {len(removed)}: " + ", ".join(removed))
        else:
            print(f"  {path.parent.name}: nothing to remove")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
