import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The local AWS provider build compiles only the service packages in scripts/provider-services.txt;
// verify runs scripts/lib/check_provider_services.py against the served-types.tsv the build writes.
const ROOT = join(import.meta.dirname, '../..');
const CHECK = join(ROOT, 'scripts/lib/check_provider_services.py');
const SERVICES = readFileSync(join(ROOT, 'scripts/provider-services.txt'), 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter(Boolean);

function fixture(types: Record<string, Record<string, unknown>>) {
  const dir = mkdtempSync(join(tmpdir(), 'provider-services-'));
  writeFileSync(
    join(dir, 'served-types.tsv'),
    [
      'type\tkind\tservice\tbuild',
      'aws_vpc\tresource\tec2\tkept',
      'aws_caller_identity\tdata\tsts\tkept',
      'aws_sqs_queue\tresource\tsqs\tleft-out',
      'aws_sqs_queue\tdata\tsqs\tleft-out',
    ].join('\n') + '\n',
  );
  mkdirSync(join(dir, 'out/stacks/platform-dev'), { recursive: true });
  writeFileSync(join(dir, 'out/stacks/platform-dev/cdk.tf.json'), JSON.stringify(types));
  return dir;
}

function check(dir: string) {
  return spawnSync('python3', [CHECK, join(dir, 'served-types.tsv'), join(dir, 'out')], {
    encoding: 'utf8',
  });
}

describe('scripts/provider-services.txt', () => {
  it('names each service package once, as the provider folder names them', () => {
    expect(SERVICES.length).toBeGreaterThan(0);
    expect(new Set(SERVICES).size).toBe(SERVICES.length);
    for (const service of SERVICES) expect(service).toMatch(/^[a-z0-9]+$/);
  });

  it('keeps the services of the types the platform is built from', () => {
    for (const service of [
      'ec2',
      's3',
      'iam',
      'kms',
      'emr',
      'mwaa',
      'glue',
      'athena',
      'logs',
      'sts',
      'meta',
    ]) {
      expect(SERVICES).toContain(service);
    }
  });
});

describe('scripts/lib/check_provider_services.py', () => {
  it('passes when every resource and data source is served by a kept service', () => {
    const result = check(
      fixture({ resource: { aws_vpc: { v: {} } }, data: { aws_caller_identity: { c: {} } } }),
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 type uses checked, 0 not served');
  });

  it('names the service to add for a type of a left-out service, and fails', () => {
    const result = check(fixture({ resource: { aws_vpc: { v: {} }, aws_sqs_queue: { q: {} } } }));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /platform-dev\/cdk\.tf\.json: resource aws_sqs_queue: 'sqs' is not built; add it to scripts\/provider-services\.txt/,
    );
  });

  it('fails on a type the provider does not have at all', () => {
    const result = check(fixture({ data: { aws_no_such_thing: { x: {} } } }));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('data aws_no_such_thing: not a type of this provider build');
  });
});
