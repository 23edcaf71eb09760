"""Trim a writable copy of hashicorp/terraform-provider-aws to the service packages this platform uses.

The provider registers ~260 service packages in one generated list, and its AWS client type imports
every AWS SDK client in another; compiling all of them is what makes the provider build take
~35 minutes on two cores. This script rewrites those two generated files so the build compiles only:

- the service packages named in the services file (scripts/provider-services.txt), and
- the AWS SDK clients that the compiled packages actually call (found with `go list -deps`).

Nothing else of the provider changes: every resource of a kept service is the provider's own code.
A resource of a service left out is unknown to the trimmed build, so `terraform validate` fails on it
("The provider hashicorp/aws does not support resource type ..."); scripts/check_provider_services.py
names the missing service before that. It also writes served-types.tsv (type, kind, service, kept)
beside the build for that check.

Usage: trim_provider.py SRC_DIR SERVICES_FILE MANIFEST_OUT
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SERVICE_IMPORT = "github.com/hashicorp/terraform-provider-aws/internal/service/"
SDK_IMPORT = "github.com/aws/aws-sdk-go-v2/service/"


def read_services(path: Path) -> list[str]:
    names = []
    for line_no, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if not re.fullmatch(r"[a-z0-9]+", line):
            raise SystemExit(f"{path}:{line_no}: '{line}' is not a service package name (a-z, 0-9)")
        names.append(line)
    return names


def trim_service_list(src: Path, keep: set[str]) -> None:
    """Keep only the kept services' imports and ServicePackage(ctx) calls in the sdkv2 list."""
    gen = src / "internal/provider/sdkv2/service_packages_gen.go"
    known = set()
    out = []
    for line in gen.read_text().splitlines(keepends=True):
        imp = re.fullmatch(r'\s*"' + re.escape(SERVICE_IMPORT) + r'([a-z0-9]+)"\s*', line)
        call = re.fullmatch(r"\s*([a-z0-9]+)\.ServicePackage\(ctx\),\s*", line)
        name = (imp or call).group(1) if (imp or call) else None
        if name is not None:
            known.add(name)
            if name not in keep:
                continue
        out.append(line)
    missing = sorted(keep - known)
    if missing:
        raise SystemExit(f"provider-services: not service packages of this build: {', '.join(missing)}")
    gen.write_text("".join(out))


def compiled_go_files(src: Path) -> list[Path]:
    """Non-test Go files of the provider's own packages in the (already trimmed) build."""
    listing = subprocess.run(
        ["go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}\t{{.Dir}}{{end}}", "."],
        cwd=src,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    files = []
    for row in listing.splitlines():
        if not row.strip():
            continue
        import_path, directory = row.split("\t", 1)
        if not import_path.startswith("github.com/hashicorp/terraform-provider-aws"):
            continue
        for f in Path(directory).glob("*.go"):
            if not f.name.endswith("_test.go"):
                files.append(f)
    return files


def trim_clients(src: Path) -> tuple[int, int]:
    """Drop the AWSClient accessors (and their SDK imports) that no compiled package calls."""
    gen = src / "internal/conns/awsclient_gen.go"
    text = gen.read_text()
    method = re.compile(
        r"func \(c \*AWSClient\) (\w+Client)\(ctx context\.Context\) \*(\w+)\.Client \{\n.*?\n\}\n\n?", re.S
    )
    used = set()
    for f in compiled_go_files(src):
        if f == gen:
            continue
        used.update(re.findall(r"\.(\w+Client)\(", f.read_text(errors="replace")))
    kept_pkgs = set()
    dropped = 0

    def keep_or_drop(m: re.Match[str]) -> str:
        nonlocal dropped
        if m.group(1) in used:
            kept_pkgs.add(m.group(2))
            return m.group(0)
        dropped += 1
        return ""

    text = method.sub(keep_or_drop, text)
    lines = []
    for line in text.splitlines(keepends=True):
        imp = re.fullmatch(r"\s*(?:(\w+)\s+)?\"" + re.escape(SDK_IMPORT) + r"([a-z0-9]+)\"\s*", line)
        if imp and (imp.group(1) or imp.group(2)) not in kept_pkgs:
            continue
        lines.append(line)
    gen.write_text("".join(lines))
    return len(kept_pkgs), dropped


def write_manifest(src: Path, keep: set[str], out: Path) -> None:
    rows = []
    for gen in sorted((src / "internal/service").glob("*/service_package_gen.go")):
        service = gen.parent.name
        text = gen.read_text()
        for kind, func in (("resource", "Resources"), ("data", "DataSources")):
            # resources and data sources are listed by separate generated functions
            for block in re.findall(r"func \(p \*servicePackage\) \w*" + func + r"\(.*?\n\}\n", text, re.S):
                for type_name in re.findall(r'TypeName:\s*"(aws_[a-z0-9_]+)"', block):
                    build = "kept" if service in keep else "left-out"
                    rows.append(f"{type_name}\t{kind}\t{service}\t{build}")
    out.write_text("type\tkind\tservice\tbuild\n" + "\n".join(sorted(set(rows))) + "\n")


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    src, services_file, manifest = Path(argv[1]), Path(argv[2]), Path(argv[3])
    keep = set(read_services(services_file))
    write_manifest(src, keep, manifest)
    trim_service_list(src, keep)
    clients, dropped = trim_clients(src)
    print(f"trimmed provider: {len(keep)} service packages, {clients} AWS SDK clients ({dropped} dropped)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
