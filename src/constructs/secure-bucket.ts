import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { skipCheck } from '../lib/checkov';
import type { ITerraformDependable } from '../lib/tf';

export interface SecureBucketProps {
  readonly bucketName: string;
  /** SSE-KMS with this key (bucket key on, to cut KMS request cost). @default none: SSE-S3, for log targets */
  readonly kmsKeyArn?: string;
  /** The bucket policy; it must deny non-TLS requests (policies/s3-deny-insecure-transport.json). */
  readonly policy: string;
  /** Extra rules; an abort-incomplete-multipart-uploads rule (7 days) is always added. @default no extra rules */
  readonly lifecycleRules?: readonly S3BucketLifecycleConfigurationRule[];
  /** Server access logging target, or why this bucket has none (the log bucket itself, say). */
  readonly accessLogs:
    | { readonly bucketId: string; readonly prefix: string; readonly after?: readonly ITerraformDependable[] }
    | { readonly disabledBecause: string };
  /** Let `terraform destroy` empty the bucket: only for the emulated deploy, never real data. @default false */
  readonly forceDestroy?: boolean;
  /** Terraform refuses to destroy the bucket. @default false */
  readonly preventDestroy?: boolean;
  /**
   * Terraform logical id of the bucket. Stateful ids are a public contract (renaming destroys data),
   * so stacks pin them explicitly instead of deriving them from the construct path.
   */
  readonly logicalId: string;
}

const ABORT_MULTIPART: S3BucketLifecycleConfigurationRule = {
  id: 'abort-incomplete-multipart-uploads',
  status: 'Enabled',
  filter: [{}],
  abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
};

/**
 * An S3 bucket with the platform's non-negotiables: versioning, default encryption, all public access
 * blocked, ACLs disabled (bucket owner enforced), a TLS-only policy, lifecycle rules and access logs.
 * Cross-region replication and event notifications are deliberately off (cost; no consumer).
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketId: string;
  public readonly bucketArn: string;
  /** The bucket policy resource, for ordering what depends on it. */
  public readonly policy: S3BucketPolicy;
  /** The default-encryption configuration: objects Terraform writes must wait for it. */
  public readonly encryption: S3BucketServerSideEncryptionConfigurationA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    bucket.overrideLogicalId(props.logicalId);
    skipCheck(
      bucket,
      'CKV_AWS_144',
      'Cross-region replication doubles storage cost; versioning covers recovery',
    );
    skipCheck(
      bucket,
      'CKV2_AWS_62',
      'Nothing consumes S3 events here: Airflow runs the pipeline on a schedule, Terraform reads state on demand',
    );
    if ('disabledBecause' in props.accessLogs)
      skipCheck(bucket, 'CKV_AWS_18', props.accessLogs.disabledBecause);
    if (!props.kmsKeyArn) {
      skipCheck(
        bucket,
        'CKV_AWS_145',
        'S3 server access log delivery supports only SSE-S3 on the target bucket',
      );
    }

    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: bucket.id,
      rule: [
        props.kmsKeyArn
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyId: props.kmsKeyArn,
              },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    this.policy = new S3BucketPolicy(this, 'policy', { bucket: bucket.id, policy: props.policy });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucket.id,
      rule: [ABORT_MULTIPART, ...(props.lifecycleRules ?? [])],
      // Noncurrent-version rules only make sense once versioning is on.
      dependsOn: [versioning],
    });
    if ('bucketId' in props.accessLogs) {
      new S3BucketLoggingA(this, 'logging', {
        bucket: bucket.id,
        targetBucket: props.accessLogs.bucketId,
        targetPrefix: props.accessLogs.prefix,
        dependsOn: [...(props.accessLogs.after ?? [])],
      });
    }

    this.bucket = bucket;
    this.bucketId = bucket.id;
    this.bucketArn = bucket.arn;
  }
}
