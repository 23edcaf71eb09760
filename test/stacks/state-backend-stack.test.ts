import { describe, expect, it } from 'vitest';
import { byPath, configFor, resourceList, resources, synthAll, decodeJson } from '../helpers';

describe('StateBackendStack', () => {
  const json = synthAll([configFor()])['state-backend']!;

  it('pins the logical ids of the state bucket and its key (renaming them destroys state)', () => {
    expect(Object.keys(resources(json, 'aws_s3_bucket')).sort()).toEqual([
      'state_access_logs_bucket',
      'state_bucket',
    ]);
    expect(Object.keys(resources(json, 'aws_kms_key'))).toEqual(['state_key']);
  });

  it('creates a versioned, KMS-encrypted bucket with a rotating key, protected from destroy', () => {
    expect(resources(json, 'aws_s3_bucket').state_bucket).toMatchObject({
      bucket: 'test-tfstate-bucket',
      lifecycle: { prevent_destroy: true },
    });
    expect(resources(json, 'aws_kms_key').state_key).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(byPath(json, 'aws_s3_bucket_versioning', 'state-bucket/versioning')).toMatchObject({
      versioning_configuration: { status: 'Enabled' },
    });
    expect(
      byPath(json, 'aws_s3_bucket_server_side_encryption_configuration', 'state-bucket/encryption'),
    ).toMatchObject({
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: 'aws:kms',
            kms_master_key_id: '${aws_kms_key.state_key.arn}',
          },
          bucket_key_enabled: true,
        },
      ],
    });
  });

  it('blocks all public access, denies non-TLS requests and uploads without the state key', () => {
    expect(
      byPath(json, 'aws_s3_bucket_public_access_block', 'state-bucket/public-access-block'),
    ).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const policy = decodeJson(String(byPath(json, 'aws_s3_bucket_policy', 'state-bucket/policy').policy));
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: [
          'arn:${data.aws_partition.partition.partition}:s3:::test-tfstate-bucket',
          'arn:${data.aws_partition.partition.partition}:s3:::test-tfstate-bucket/*',
        ],
      }),
      expect.objectContaining({
        Sid: 'DenyUploadsWithoutTheStateKey',
        Effect: 'Deny',
        Action: 's3:PutObject',
        Condition: {
          StringNotEquals: {
            's3:x-amz-server-side-encryption-aws-kms-key-id': '${aws_kms_key.state_key.arn}',
          },
        },
      }),
    ]);
  });

  it('logs every access to the state bucket into its own log bucket', () => {
    expect(byPath(json, 'aws_s3_bucket_logging', 'state-bucket/logging')).toMatchObject({
      target_bucket: '${aws_s3_bucket.state_access_logs_bucket.id}',
      target_prefix: 'state/',
    });
  });

  it('creates the account\u2019s GitHub OIDC provider once, for every environment\u2019s CI roles', () => {
    expect(resourceList(json, 'aws_iam_openid_connect_provider')).toEqual([
      expect.objectContaining({
        url: 'https://token.actions.githubusercontent.com',
        client_id_list: ['sts.amazonaws.com'],
      }),
    ]);
    expect(json.output?.github_oidc_provider_arn).toBeDefined();
  });

  it('expires noncurrent state versions after the configured days', () => {
    const lifecycle = byPath(json, 'aws_s3_bucket_lifecycle_configuration', 'state-bucket/lifecycle');
    expect(lifecycle.rule).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'expire-noncurrent-state-versions',
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        }),
        expect.objectContaining({
          id: 'abort-incomplete-multipart-uploads',
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        }),
      ]),
    );
  });

  it('keeps its own state locally (it creates the bucket the others use)', () => {
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
  });
});
