import { describe, expect, it } from 'vitest';
import { LAKE_PREFIXES } from '../../src/constructs/data-lake';
import { byPath, resources, resourceList, synthPlatform, decodeJson } from '../helpers';

describe('DataLake', () => {
  const json = synthPlatform();

  it('pins the logical ids of the lake, its log bucket and the platform key', () => {
    expect(Object.keys(resources(json, 'aws_s3_bucket')).sort()).toEqual([
      'access_logs_bucket',
      'lake_bucket',
    ]);
    expect(Object.keys(resources(json, 'aws_kms_key'))).toEqual(['platform_key']);
  });

  it('names buckets uniquely with the account id', () => {
    expect(resources(json, 'aws_s3_bucket').lake_bucket!.bucket).toBe(
      'buildit-spark-dev-lake-${data.aws_caller_identity.account.account_id}',
    );
  });

  it('encrypts the lake with the rotating platform key and blocks public access', () => {
    expect(resources(json, 'aws_kms_key').platform_key).toMatchObject({ enable_key_rotation: true });
    expect(
      byPath(json, 'aws_s3_bucket_server_side_encryption_configuration', 'data-lake/lake/encryption').rule,
    ).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: '${aws_kms_key.platform_key.arn}',
        },
        bucket_key_enabled: true,
      },
    ]);
    expect(
      byPath(json, 'aws_s3_bucket_public_access_block', 'data-lake/lake/public-access-block'),
    ).toMatchObject({
      block_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(
      byPath(json, 'aws_s3_bucket_versioning', 'data-lake/lake/versioning').versioning_configuration,
    ).toEqual({ status: 'Enabled' });
  });

  it('denies non-TLS requests to both buckets', () => {
    for (const bucket of ['lake', 'access-logs']) {
      const doc = decodeJson(
        String(byPath(json, 'aws_s3_bucket_policy', `data-lake/${bucket}/policy`).policy),
      );
      expect(doc.Statement[0]).toMatchObject({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  it('moves raw data and logs to colder classes, expires quarantine and old versions, aborts uploads', () => {
    const rules = byPath(json, 'aws_s3_bucket_lifecycle_configuration', 'data-lake/lake/lifecycle')
      .rule as Record<string, unknown>[];
    const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
    expect(byId['raw-to-colder-classes']).toMatchObject({
      filter: [{ prefix: 'raw/' }],
      transition: [
        { days: 30, storage_class: 'STANDARD_IA' },
        { days: 90, storage_class: 'GLACIER_IR' },
      ],
    });
    expect(byId['logs-to-ia-then-expire']).toMatchObject({
      filter: [{ prefix: 'logs/' }],
      expiration: [{ days: 365 }],
    });
    expect(byId['expire-quarantine']).toMatchObject({
      filter: [{ prefix: 'quarantine/' }],
      expiration: [{ days: 90 }],
    });
    expect(byId['expire-noncurrent-versions']).toMatchObject({
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
    expect(byId['abort-incomplete-multipart-uploads']).toMatchObject({
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
  });

  it('logs lake access to the separate SSE-S3 bucket', () => {
    expect(byPath(json, 'aws_s3_bucket_logging', 'data-lake/lake/logging')).toMatchObject({
      target_bucket: '${aws_s3_bucket.access_logs_bucket.id}',
      target_prefix: 'lake/',
    });
    expect(
      byPath(json, 'aws_s3_bucket_server_side_encryption_configuration', 'data-lake/access-logs/encryption')
        .rule,
    ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
  });

  it('creates the documents\u2019 prefixes and uploads the MWAA requirements', () => {
    const keys = resourceList(json, 'aws_s3_object').map((o) => o.key);
    expect(keys).toEqual(expect.arrayContaining([...LAKE_PREFIXES, 'dags/requirements.txt']));
    expect(byPath(json, 'aws_s3_object', 'data-lake/mwaa-requirements').content).toBe('boto3\n');
  });

  it('protects the lake from destroy only when configured (prod)', () => {
    expect(resources(json, 'aws_s3_bucket').lake_bucket!.lifecycle).toEqual({ prevent_destroy: false });
    const prod = synthPlatform({ lake: { prevent_destroy: true } });
    expect(resources(prod, 'aws_s3_bucket').lake_bucket!.lifecycle).toEqual({ prevent_destroy: true });
    expect(resources(prod, 'aws_kms_key').platform_key!.lifecycle).toEqual({ prevent_destroy: true });
  });
});
