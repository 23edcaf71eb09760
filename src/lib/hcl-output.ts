/**
 * Repairs, in place, the HCL that `cdktf synth --hcl` makes the app write (cdktf 0.21 and CDK
 * Terrain 0.24 share the renderer), so terraform, TFLint and checkov accept cdk.tf as written:
 *
 * - `terraform {}` attributes besides required_providers/backend come out as `0 = "required_version"`
 *   (the renderer passes the key list where it means the attributes): invalid HCL. The values are
 *   put back from the stack's metadata.json, which the app writes beside cdk.tf.
 * - every reference is an interpolation-only string (`"${aws_s3_bucket.x.arn}"`, also around whole
 *   expressions: `"${jsonencode({"a" = "${b}"})}"`): TFLint flags it (terraform_deprecated_interpolation)
 *   and checkov's HCL parser gives up on quotes nested that way, silently skipping the file. A template
 *   that is exactly one interpolation evaluates to the expression's value, so it is written bare.
 * - a multi-line string becomes a heredoc one newline longer than the value (`<<EOF\n${value}\nEOF`):
 *   the HCL form would plan a change (e.g. an S3 object's content). Written as a quoted string (with
 *   escapes), or, if it holds a template sequence, as trimsuffix(<<EOF ..., "\n").
 * - depends_on entries are quoted ("Quoted references are deprecated"): written as references.
 * - accepted checkov findings (skipCheck, in the resource's "//" metadata) are dropped by the
 *   renderer: written as `#checkov:skip=<id>:<reason>` lines at the top of the resource block.
 *
 * test/lib/hcl-output.test.ts proves the result parses (@cdktf/hcl2json) and matches the JSON form.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface CheckovSkip {
  readonly id: string;
  readonly comment: string;
}

/** The parts of a stack's metadata.json (written in HCL mode) that the repair needs. */
export interface StackMetadata {
  readonly terraform?: Record<string, unknown>;
  readonly resource?: Record<string, Record<string, { '//'?: { checkov?: { skip?: CheckovSkip[] } } }>>;
}

/** i at an opening quote: the index just past its closing quote (templates nest strings). */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === '"') return j + 1;
    else if (text.startsWith('$${', j) || text.startsWith('%%{', j)) j += 3;
    else if (text.startsWith('${', j) || text.startsWith('%{', j)) j = expressionEnd(text, j + 2);
    else if (c === '\n') break;
    else j += 1;
  }
  throw new Error(`unterminated HCL string at offset ${i}`);
}

/** j just inside `${`: the index just past the matching `}`. */
function expressionEnd(text: string, j: number): number {
  let depth = 0;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '"') {
      j = stringEnd(text, j);
      continue;
    }
    if ('{[('.includes(c)) depth += 1;
    else if (')]'.includes(c)) depth -= 1;
    else if (c === '}') {
      if (depth === 0) return j + 1;
      depth -= 1;
    }
    j += 1;
  }
  throw new Error('unterminated HCL interpolation');
}

const HEREDOC = /<<-?([A-Za-z_]\w*)\n/y;

/** Writes interpolation-only strings as bare expressions, recursively; comments and heredocs stay. */
export function unwrapInterpolations(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    let end: number;
    HEREDOC.lastIndex = i;
    const heredoc = HEREDOC.exec(text);
    if (c === '#' || text.startsWith('//', i)) {
      end = text.indexOf('\n', i);
      end = end < 0 ? text.length : end;
    } else if (text.startsWith('/*', i)) {
      end = text.indexOf('*/', i + 2);
      end = end < 0 ? text.length : end + 2;
    } else if (heredoc) {
      const close = new RegExp(`^[ \\t]*${heredoc[1]}[ \\t]*$`, 'm');
      const rest = text.slice(i + heredoc[0].length);
      const found = close.exec(rest);
      end = found ? i + heredoc[0].length + found.index + found[0].length : text.length;
    } else if (c === '"') {
      end = stringEnd(text, i);
      const literal = text.slice(i, end);
      const whole = literal.startsWith('"${') && expressionEnd(text, i + 3) === end - 1;
      out += whole ? unwrapInterpolations(literal.slice(3, -2)) : literal;
      i = end;
      continue;
    } else {
      out += c;
      i += 1;
      continue;
    }
    out += text.slice(i, end);
    i = end;
  }
  return out;
}

const RENDERED_HEREDOC = /<<EOF\n([\s\S]*?)\nEOF(?=\n|$)/g;
const HCL_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** The value a heredoc body stands for, as HCL: `body` exactly, without the newline heredocs add. */
export function heredocAsValue(body: string): string {
  if (body.includes('${') || body.includes('%{')) return `trimsuffix(<<EOF\n${body}\nEOF\n, "\\n")`;
  const quoted = body.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what must be escaped
    /[\\"\u0000-\u001f]/g,
    (c) => HCL_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${quoted}"`;
}

const DEPENDS_ON = /(depends_on\s*=\s*\[)([^\]]*)(\])/g;
const QUOTED_ADDRESS = /"((?:data\.|module\.)?[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+)"/g;

/** The repaired text of one stack's cdk.tf. */
export function repairHcl(hcl: string, metadata: StackMetadata): string {
  let text = hcl;
  // The renderer writes the keys of the other terraform attributes, indexed: `  0 = "required_version"`.
  const terraform = metadata.terraform ?? {};
  const others = Object.keys(terraform).filter(
    (key) => !['required_providers', 'backend', 'cloud'].includes(key),
  );
  others.forEach((key, index) => {
    const value = terraform[key];
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new Error(
        `terraform.${key} is not a simple value (${JSON.stringify(value)}): cannot write it as HCL`,
      );
    }
    text = text.replace(`  ${index} = ${JSON.stringify(key)}\n`, `  ${key} = ${JSON.stringify(value)}\n`);
  });
  text = text.replace(DEPENDS_ON, (_m, open: string, list: string, close: string) => {
    return open + list.replace(QUOTED_ADDRESS, '$1') + close;
  });
  text = text.replace(RENDERED_HEREDOC, (_m, body: string) => heredocAsValue(body));
  text = unwrapInterpolations(text);
  for (const [type, byName] of Object.entries(metadata.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const skips = body['//']?.checkov?.skip ?? [];
      if (skips.length === 0) continue;
      const header = `resource ${JSON.stringify(type)} ${JSON.stringify(name)} {\n`;
      const at = text.indexOf(header);
      if (at < 0 || text.indexOf(header, at + 1) >= 0) {
        throw new Error(`expected one \`${header.trim()}\` line to carry its checkov skips`);
      }
      const lines = skips
        .map((s) => `  #checkov:skip=${s.id}:${s.comment.trim().split(/\s+/).join(' ')}\n`)
        .join('');
      text = text.slice(0, at + header.length) + lines + text.slice(at + header.length);
    }
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}

interface Manifest {
  readonly stacks: Record<string, { synthesizedStackPath: string; stackMetadataPath: string }>;
}

/** Repairs every stack's cdk.tf in an outdir the app just synthesized in HCL mode; returns the files. */
export function repairHclOutput(outdir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.values(manifest.stacks).map((stack) => {
    const file = join(outdir, stack.synthesizedStackPath);
    const metadata = JSON.parse(readFileSync(join(outdir, stack.stackMetadataPath), 'utf8')) as StackMetadata;
    writeFileSync(file, repairHcl(readFileSync(file, 'utf8'), metadata));
    return file;
  });
}
