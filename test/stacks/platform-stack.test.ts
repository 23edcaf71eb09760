import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { configFor, synthAll, synthPlatform } from '../helpers';

describe('PlatformStack', () => {
  it('keeps state in the S3 backend with S3-native locking', () => {
    const json = synthAll([configFor({ environment: 'staging' })])['platform-staging']!;
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: 'test-tfstate-bucket',
        key: 'platform/staging/terraform.tfstate',
        region: 'eu-north-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it('pins the AWS provider version that the installed provider bindings were generated for', () => {
    // cdktf's bindings say 6.25.0, CDK Terrain's 6.66.0 (npm run flavor -- cdktn test)
    const bindings = createRequire(import.meta.url)('@cdktf/provider-aws/package.json') as {
      cdktf: { provider: { name: string; version: string } };
    };
    const { aws } = synthPlatform().terraform.required_providers as Record<
      string,
      { source: string; version: string }
    >;
    expect(aws!.version).toBe(bindings.cdktf.provider.version);
    expect(aws!.version).toMatch(/^6\.\d+\.\d+$/);
    // "aws" (cdktf) and "hashicorp/aws" (CDK Terrain) both mean registry.terraform.io/hashicorp/aws
    expect(`registry.terraform.io/hashicorp/${aws!.source.replace(/^hashicorp\//, '')}`).toBe(
      bindings.cdktf.provider.name,
    );
  });

  it('tags everything through provider default_tags from the environment file', () => {
    const json = synthPlatform({
      owner: 'team-a',
      cost_center: 'cc-42',
      tags: { 'data-classification': 'internal' },
    });
    expect(json.provider.aws![0]).toMatchObject({
      region: 'eu-north-1',
      default_tags: [
        {
          tags: {
            project: 'buildit-spark',
            environment: 'dev',
            owner: 'team-a',
            'cost-center': 'cc-42',
            'data-classification': 'internal',
          },
        },
      ],
    });
  });

  it('points provider and backend at an emulator only when asked', () => {
    const normal = synthPlatform();
    expect(normal.provider.aws![0]!.endpoints).toBeUndefined();
  });
});

describe('PlatformStack against an emulator', () => {
  it('redirects every service and the backend to the emulator endpoint, without credentials in the output', async () => {
    const { buildApp } = await import('../../src/app');
    const { BACKEND, synth } = await import('../helpers');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const app = buildApp(
      { backend: BACKEND, environments: [configFor()] },
      { outdir: mkdtempSync(`${tmpdir()}/emu-`), emulator: { endpoint: 'http://127.0.0.1:5099' } },
    );
    const json = synth(app.node.findChild('platform-dev') as never);
    const provider = json.provider.aws![0]!;
    expect(provider).toMatchObject({ s3_use_path_style: true, skip_credentials_validation: true });
    expect(Object.values((provider.endpoints as Record<string, string>[])[0]!)).toEqual(
      expect.arrayContaining(['http://127.0.0.1:5099']),
    );
    expect(new Set(Object.values((provider.endpoints as Record<string, string>[])[0]!))).toEqual(
      new Set(['http://127.0.0.1:5099']),
    );
    expect(JSON.stringify(json)).not.toMatch(/access_key|secret_key/);
    expect((json.terraform.backend as { s3: Record<string, unknown> }).s3).toMatchObject({
      endpoints: { s3: 'http://127.0.0.1:5099' },
      use_path_style: true,
      use_lockfile: true,
    });
  });
});

describe('PlatformStack requirements', () => {
  it('requires Terraform 1.10+ (S3-native locking)', () => {
    expect(synthPlatform().terraform.required_version).toBe('>= 1.10');
  });

  it('turns on lake access logging only after the log bucket admits the delivery', async () => {
    const { byPath, refTo } = await import('../helpers');
    const json = synthPlatform();
    expect(byPath(json, 'aws_s3_bucket_logging', 'data-lake/lake/logging').depends_on).toEqual([
      refTo(json, 'aws_s3_bucket_policy', 'data-lake/access-logs/policy').replace(/^\$\{(.*)\.id\}$/, '$1'),
    ]);
  });
});
