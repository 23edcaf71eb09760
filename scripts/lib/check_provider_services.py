"""Check that the local, trimmed AWS provider build serves every type the synthesized stacks use.

scripts/bootstrap-tools.sh compiles only the service packages in scripts/provider-services.txt and
writes served-types.tsv (type, kind, service, kept|left-out) beside the build. A resource or data
source of a service left out would make `terraform validate` fail with "does not support resource
type"; this check says which service to add instead.

Usage: check_provider_services.py SERVED_TYPES_TSV OUTDIR [OUTDIR ...]   (OUTDIR: a cdktf.out)
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

SERVICES_FILE = "scripts/provider-services.txt"


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    served: dict[tuple[str, str], tuple[str, str]] = {}
    with open(argv[1], newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            served[(row["kind"], row["type"])] = (row["service"], row["build"])
    problems = []
    checked = 0
    for outdir in argv[2:]:
        for stack_file in sorted(Path(outdir).glob("stacks/*/cdk.tf.json")):
            config = json.loads(stack_file.read_text())
            for kind in ("resource", "data"):
                for type_name in sorted(config.get(kind, {})):
                    if not type_name.startswith("aws_"):
                        continue
                    checked += 1
                    service, build = served.get((kind, type_name), ("", "unknown"))
                    where = f"{stack_file}: {kind} {type_name}"
                    if build == "left-out":
                        problems.append(f"{where}: '{service}' is not built; add it to {SERVICES_FILE}")
                    elif build != "kept":
                        problems.append(f"{where}: not a type of this provider build (see {argv[1]})")
    for p in problems:
        print(p)
    print(f"provider services: {checked} type uses checked, {len(problems)} not served by the local build")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
