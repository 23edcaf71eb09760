#!/usr/bin/env python3
"""Normalize two quirks of `cdktf synth --hcl` output, in place, so it reads like hand-written HCL.

Usage: hcl_normalize.py [--json-out JSON_OUTDIR] HCL_OUTDIR/stacks/<stack>/cdk.tf...

cdktf renders every reference as an interpolation-only string ("${aws_s3_bucket.x.arn}", also
around whole expressions: "${jsonencode({...})}") and every depends_on entry as a quoted string.
Terraform accepts both (warning "Quoted references are deprecated" for depends_on); TFLint flags the
first (terraform_deprecated_interpolation), and checkov's HCL parser fails on a quoted string nested
in an interpolation inside a quoted string ("${jsonencode({"Resource" = "arn:${...}"})}"), so it
silently skips the whole file. This rewrites

    "${EXPR}"              ->  EXPR       (only when the string is exactly one interpolation)
    depends_on = ["a.b"]   ->  depends_on = [a.b]

which does not change meaning: a template that is a single interpolation evaluates to the
expression's value as is. Everything else (comments, heredocs, other strings) is copied unchanged.

With --json-out it also repairs a third quirk, which is a plain bug: cdktf 0.21 renders any
`terraform {}` attribute besides required_providers/backend (e.g. required_version) as
`0 = "required_version"` (invalid HCL); the value is taken from the stack's cdk.tf.json.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


class _Scanner:
    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)

    def string_end(self, i: int) -> int:
        """i at an opening quote: index just past the closing quote (nested templates included)."""
        s, j = self.s, i + 1
        while j < self.n:
            c = s[j]
            if c == "\\":
                j += 2
            elif c == '"':
                return j + 1
            elif s.startswith("$${", j) or s.startswith("%%{", j):
                j += 3
            elif s.startswith("${", j) or s.startswith("%{", j):
                j = self.expr_end(j + 2)
            elif c == "\n":
                raise ValueError(f"unterminated string at offset {i}")
            else:
                j += 1
        raise ValueError(f"unterminated string at offset {i}")

    def expr_end(self, j: int) -> int:
        """j just inside `${`: index just past the matching `}`."""
        s, depth = self.s, 0
        while j < self.n:
            c = s[j]
            if c == '"':
                j = self.string_end(j)
                continue
            if c in "{[(":
                depth += 1
            elif c in ")]":
                depth -= 1
            elif c == "}":
                if depth == 0:
                    return j + 1
                depth -= 1
            j += 1
        raise ValueError("unterminated interpolation")


def unwrap(text: str) -> str:
    """Rewrite interpolation-only strings, recursively, outside comments and heredocs."""
    sc = _Scanner(text)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#" or text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(text[i:end])
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(text[i:end])
            i = end
        elif (m := re.compile(r"<<-?([A-Za-z_][A-Za-z0-9_]*)\n").match(text, i)) is not None:
            close = re.compile(rf"^[ \t]*{m.group(1)}[ \t]*$", re.M).search(text, m.end())
            end = n if close is None else close.end()
            out.append(text[i:end])
            i = end
        elif c == '"':
            end = sc.string_end(i)
            literal = text[i:end]
            if literal.startswith('"${') and sc.expr_end(i + 3) == end - 1:
                out.append(unwrap(literal[3:-2]))
            else:
                out.append(literal)
            i = end
        else:
            out.append(c)
            i += 1
    return "".join(out)


DEPENDS_ON = re.compile(r"(depends_on\s*=\s*\[)(.*?)(\])", re.S)
QUOTED_REF = re.compile(r'"((?:data\.|module\.)?[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+)"')


def normalize(text: str) -> str:
    text = DEPENDS_ON.sub(lambda m: m.group(1) + QUOTED_REF.sub(r"\1", m.group(2)) + m.group(3), text)
    return unwrap(text)


BROKEN_TF_ATTR = re.compile(r'^(\s*)\d+ = "([a-z_]+)"\s*$', re.M)


def repair_terraform_block(text: str, json_path: Path) -> str:
    """cdktf renders extra `terraform {}` attributes (e.g. required_version) as `0 = "required_version"`:
    put back `required_version = <value>` from the stack's cdk.tf.json."""
    if not BROKEN_TF_ATTR.search(text):
        return text
    terraform = json.loads(json_path.read_text()).get("terraform", {})

    def fix(m: re.Match) -> str:
        value = terraform.get(m.group(2))
        if not isinstance(value, (str, int, float, bool)):
            raise SystemExit(f"{json_path}: cannot repair terraform.{m.group(2)} ({value!r}) in the HCL")
        return f"{m.group(1)}{m.group(2)} = {json.dumps(value)}"

    return BROKEN_TF_ATTR.sub(fix, text)


def main(argv: list[str]) -> int:
    json_out = None
    if len(argv) >= 2 and argv[0] == "--json-out":
        json_out, argv = Path(argv[1]), argv[2:]
    for path in argv:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if json_out is not None:
            text = repair_terraform_block(text, json_out / "stacks" / Path(path).parent.name / "cdk.tf.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(normalize(text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
