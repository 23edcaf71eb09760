import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { heredocAsValue, repairHcl, repairHclOutput, unwrapInterpolations } from '../../src/lib/hcl-output';
import { BACKEND, configFor, type SynthJson } from '../helpers';

type Blocks = Record<string, Record<string, Record<string, unknown>[]>>;

/** The dev platform synthesized twice, as `cdktf synth` and as `cdktf synth --hcl` (then repaired). */
function synthBoth(): { json: Record<string, SynthJson>; hcl: Record<string, string> } {
  const inputs = { backend: BACKEND, environments: [configFor()] };
  const outJson = mkdtempSync(join(tmpdir(), 'hcl-json-'));
  const outHcl = mkdtempSync(join(tmpdir(), 'hcl-'));
  buildApp(inputs, { outdir: outJson, mwaaRequirements: 'boto3\n' }).synth();
  // the stacks read the switch from the environment, as `cdktf synth --hcl` sets it (App's hclOutput
  // option only renames the files in the manifest)
  process.env.SYNTH_HCL_OUTPUT = 'true';
  try {
    buildApp(inputs, { outdir: outHcl, mwaaRequirements: 'boto3\n' }).synth();
  } finally {
    delete process.env.SYNTH_HCL_OUTPUT;
  }
  const files = repairHclOutput(outHcl);
  const json: Record<string, SynthJson> = {};
  const hcl: Record<string, string> = {};
  for (const stack of ['state-backend', 'platform-dev']) {
    json[stack] = JSON.parse(
      readFileSync(join(outJson, 'stacks', stack, 'cdk.tf.json'), 'utf8'),
    ) as SynthJson;
    hcl[stack] = readFileSync(
      files.find((f) => f.includes(`/${stack}/`))!,
      'utf8',
    );
  }
  return { json, hcl };
}

// a whole string that is one plain reference, e.g. "${aws_s3_bucket.lake.id}"
const PLAIN_REFERENCE = /^\$\{[\w.-]+\}$/;

describe('the HCL form (npm run synth:hcl)', () => {
  let json: Record<string, SynthJson>;
  let hcl: Record<string, string>;
  beforeAll(() => ({ json, hcl } = synthBoth()));

  it.each(['state-backend', 'platform-dev'])(
    '%s: parses, with the terraform block of the JSON form',
    async (stack) => {
      const parsed = (await parse('cdk.tf', hcl[stack]!)) as Blocks & {
        terraform: Record<string, unknown>[];
      };
      expect(parsed.terraform[0]!.required_version).toBe(json[stack]!.terraform.required_version);
      expect(parsed.terraform[0]!.required_version).toBe('>= 1.10');
      expect(hcl[stack]).not.toMatch(/^\s*\d+ = "/m);
    },
  );

  it.each(['state-backend', 'platform-dev'])(
    '%s: the same resources, with the same literal and reference attributes',
    async (stack) => {
      const parsed = (await parse('cdk.tf', hcl[stack]!)) as { resource: Blocks };
      const expected = json[stack]!.resource;
      const addresses = (r: Record<string, Record<string, unknown>>) =>
        Object.entries(r).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
      expect(addresses(parsed.resource).sort()).toEqual(addresses(expected).sort());
      let compared = 0;
      for (const [type, byName] of Object.entries(expected)) {
        for (const [name, body] of Object.entries(byName)) {
          const got = parsed.resource[type]![name]![0]!;
          for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
            const simple = ['number', 'boolean'].includes(typeof value);
            const text = typeof value === 'string' && (!value.includes('${') || PLAIN_REFERENCE.test(value));
            if (!simple && !text) continue;
            expect(got[key], `${type}.${name}.${key}`).toEqual(value);
            compared += 1;
          }
        }
      }
      expect(compared).toBeGreaterThan(stack === 'state-backend' ? 10 : 200);
    },
  );

  it('writes references bare: no interpolation-only strings, no quoted depends_on', () => {
    const text = hcl['platform-dev']!;
    expect(text).not.toMatch(/= "\$\{[\w.-]+\}"\s*$/m);
    expect(text).toMatch(/depends_on = \[\naws_s3_bucket_versioning\.[\w-]+,\n\]/);
    expect(text).not.toMatch(/depends_on = \[\n"/);
  });

  it('carries every accepted checkov finding as a skip comment inside its resource block', () => {
    let skips = 0;
    for (const stack of ['state-backend', 'platform-dev']) {
      for (const [type, byName] of Object.entries(json[stack]!.resource)) {
        for (const [name, body] of Object.entries(byName)) {
          const recorded = (
            (body['//'] as { checkov?: { skip?: { id: string }[] } })?.checkov?.skip ?? []
          ).map((s) => s.id);
          const block = hcl[stack]!.split(`resource "${type}" "${name}" {\n`)[1]?.split(
            /\n(?=resource |data )/,
          )[0];
          const written = [...(block ?? '').matchAll(/^ {2}#checkov:skip=(CKV2?_AWS_\d+):\S/gm)].map(
            (m) => m[1],
          );
          expect(written, `${stack} ${type}.${name}`).toEqual(recorded);
          skips += recorded.length;
        }
      }
    }
    expect(skips).toBeGreaterThan(5);
  });
});

describe('unwrapInterpolations', () => {
  it('unwraps whole-string interpolations, nested ones included', () => {
    expect(unwrapInterpolations('a = "${x.y}"\n')).toBe('a = x.y\n');
    expect(unwrapInterpolations('p = "${jsonencode({"R" = "${b.arn}"})}"\n')).toBe(
      'p = jsonencode({"R" = b.arn})\n',
    );
  });

  it('leaves templates, escapes, comments and heredocs alone', () => {
    for (const text of [
      'a = "arn:${x.y}/*"\n',
      'a = "$${literal}"\n',
      '# "${x.y}"\n',
      'c = <<EOF\n"${x.y}"\nEOF\n',
      'a = "${x}-${y}"\n',
    ]) {
      expect(unwrapInterpolations(text)).toBe(text);
    }
  });

  it('refuses an unterminated string', () => {
    expect(() => unwrapInterpolations('a = "${x\n')).toThrow(/unterminated/);
  });
});

describe('heredocAsValue', () => {
  it.each(['boto3\n', 'a\n"b" \\ \t c', 'no newline at the end\nx'])(
    'keeps %j exactly (no added newline)',
    async (value) => {
      const parsed = (await parse('t.tf', `locals {\n  v = ${heredocAsValue(value)}\n}\n`)) as {
        locals: { v: string }[];
      };
      expect(parsed.locals[0]!.v).toBe(value);
    },
  );

  it('keeps a template sequence a template, one newline shorter than the heredoc', () => {
    expect(heredocAsValue('a ${b}\n')).toBe('trimsuffix(<<EOF\na ${b}\n\nEOF\n, "\\n")');
  });
});

describe('repairHcl', () => {
  it('refuses a terraform attribute it cannot write as a simple value', () => {
    expect(() =>
      repairHcl('terraform {\n  0 = "cloud_x"\n}\n', { terraform: { cloud_x: { a: 1 } } }),
    ).toThrow(/terraform\.cloud_x is not a simple value/);
  });

  it('refuses skips for a resource it cannot find', () => {
    const metadata = {
      resource: {
        aws_s3_bucket: { b: { '//': { checkov: { skip: [{ id: 'CKV_AWS_1', comment: 'x' }] } } } },
      },
    };
    expect(() => repairHcl('resource "aws_s3_bucket" "c" {\n}\n', metadata)).toThrow(/expected one/);
  });
});
