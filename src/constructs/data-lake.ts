import { Construct } from 'constructs';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import type { S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { policy } from '../policies';
import { SecureBucket } from './secure-bucket';

/** The documents' prefixes: code and logs, plus the bronze / silver / gold data zones and quarantine. */
export const LAKE_PREFIXES = [
  'etl/',
  'dags/',
  'logs/',
  'raw/',
  'staging/',
  'curated/',
  'quarantine/',
] as const;

export interface DataLakeProps {
  /** Bucket names are `<bucketPrefix>-lake-<accountId>` and `<bucketPrefix>-access-logs-<accountId>`. */
  readonly bucketPrefix: string;
  readonly accountId: string;
  readonly partition: string;
  readonly kmsKeyArn: string;
  /** raw/ moves to Standard-IA after this many days (default 30) ... */
  readonly rawTransitionToIaDays: number;
  /** ... and to Glacier Instant Retrieval after this many (default 90): reprocessing needs no restore. */
  readonly rawTransitionToGlacierDays: number;
  readonly logsTransitionToIaDays: number;
  readonly logsExpirationDays: number;
  readonly quarantineExpirationDays: number;
  readonly noncurrentVersionExpirationDays: number;
  readonly accessLogExpirationDays: number;
  /** Athena query results under `athena-results/` expire after this many days. */
  readonly athenaResultsExpirationDays: number;
  /** True in prod: Terraform refuses to destroy the lake. */
  readonly preventDestroy: boolean;
  /** Only for the emulated deploy: let destroy empty the buckets. @default false */
  readonly forceDestroy?: boolean;
  /** Content of dags/requirements.txt, uploaded so MWAA can pin its version. */
  readonly mwaaRequirements: string;
}

/**
 * The data lake: one KMS-encrypted, versioned, TLS-only bucket holding code (`etl/`, `dags/`), logs and
 * the data zones, with lifecycle rules that move cold data to cheaper classes, and a separate
 * SSE-S3 bucket receiving its server access logs.
 *
 * The construct ids `lake` and `access-logs` and the logical ids `lake_bucket` and
 * `access_logs_bucket` are a contract: renaming them would replace the buckets.
 */
export class DataLake extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly bucketId: string;
  public readonly accessLogBucketName: string;
  public readonly accessLogBucketArn: string;
  public readonly requirementsObjectVersion: string;
  public readonly requirementsKey = 'dags/requirements.txt';

  constructor(scope: Construct, id: string, props: DataLakeProps) {
    super(scope, id);
    const lakeName = `${props.bucketPrefix}-lake-${props.accountId}`;
    const logsName = `${props.bucketPrefix}-access-logs-${props.accountId}`;
    const arn = (name: string) => `arn:${props.partition}:s3:::${name}`;

    const accessLogs = new SecureBucket(this, 'access-logs', {
      bucketName: logsName,
      logicalId: 'access_logs_bucket',
      policy: policy('s3-access-log-delivery', {
        bucket_arn: arn(logsName),
        source_bucket_arns: arn(lakeName),
        account_id: props.accountId,
      }),
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: props.accessLogExpirationDays }],
        },
        noncurrentExpiry(props.noncurrentVersionExpirationDays),
      ],
      accessLogs: { disabledBecause: 'This is the access-log bucket; logging it into itself would loop' },
      preventDestroy: props.preventDestroy,
      forceDestroy: props.forceDestroy,
    });

    const lake = new SecureBucket(this, 'lake', {
      bucketName: lakeName,
      logicalId: 'lake_bucket',
      kmsKeyArn: props.kmsKeyArn,
      policy: policy('s3-deny-insecure-transport', { bucket_arn: arn(lakeName) }),
      lifecycleRules: [
        {
          id: 'raw-to-colder-classes',
          status: 'Enabled',
          filter: [{ prefix: 'raw/' }],
          transition: [
            { days: props.rawTransitionToIaDays, storageClass: 'STANDARD_IA' },
            { days: props.rawTransitionToGlacierDays, storageClass: 'GLACIER_IR' },
          ],
        },
        {
          id: 'logs-to-ia-then-expire',
          status: 'Enabled',
          filter: [{ prefix: 'logs/' }],
          transition: [{ days: props.logsTransitionToIaDays, storageClass: 'STANDARD_IA' }],
          expiration: [{ days: props.logsExpirationDays }],
        },
        {
          id: 'expire-quarantine',
          status: 'Enabled',
          filter: [{ prefix: 'quarantine/' }],
          expiration: [{ days: props.quarantineExpirationDays }],
        },
        {
          id: 'expire-athena-results',
          status: 'Enabled',
          filter: [{ prefix: 'athena-results/' }],
          expiration: [{ days: props.athenaResultsExpirationDays }],
        },
        noncurrentExpiry(props.noncurrentVersionExpirationDays),
      ],
      // Logging is configured only once the log bucket's policy admits the delivery.
      accessLogs: { bucketId: accessLogs.bucketId, prefix: 'lake/', after: [accessLogs.policy] },
      preventDestroy: props.preventDestroy,
      forceDestroy: props.forceDestroy,
    });

    // Zero-byte "folder" objects make the layout visible in the console and let MWAA find dags/.
    // They wait for the default encryption, so they are written SSE-KMS with the platform key.
    for (const prefix of LAKE_PREFIXES) {
      new S3Object(this, `prefix-${prefix.replace('/', '')}`, {
        bucket: lake.bucketId,
        key: prefix,
        content: '',
        dependsOn: [lake.encryption],
      });
    }
    const requirements = new S3Object(this, 'mwaa-requirements', {
      bucket: lake.bucketId,
      key: this.requirementsKey,
      content: props.mwaaRequirements,
      contentType: 'text/plain',
      dependsOn: [lake.encryption],
    });

    this.bucketName = lake.bucket.bucket;
    this.bucketArn = lake.bucketArn;
    this.bucketId = lake.bucketId;
    this.accessLogBucketName = accessLogs.bucket.bucket;
    this.accessLogBucketArn = accessLogs.bucketArn;
    this.requirementsObjectVersion = requirements.versionId;
  }
}

function noncurrentExpiry(days: number): S3BucketLifecycleConfigurationRule {
  return {
    id: 'expire-noncurrent-versions',
    status: 'Enabled',
    filter: [{}],
    noncurrentVersionExpiration: [{ noncurrentDays: days }],
  };
}
