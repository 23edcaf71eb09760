import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { BackendConfig } from '../config';
import { S3Backend, type TerraformStack } from '../lib/tf';

/**
 * Settings that point the provider and the S3 backend at a local AWS emulator (moto server) instead
 * of AWS. Only `npm run deploy:local` and the emulated-apply test set this; credentials come from the
 * environment (AWS_ACCESS_KEY_ID=test ...), never from the synthesized files.
 */
export interface EmulatorOptions {
  readonly endpoint: string;
}

/** Every service the platform's resources call; each is redirected when an emulator is used. */
const EMULATED_SERVICES = [
  'acm',
  'athena',
  'budgets',
  'ce',
  'cloudwatch',
  'ec2',
  'emr',
  'events',
  'glue',
  'iam',
  'kms',
  'logs',
  'mwaa',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
  'sts',
] as const;

export interface PlatformProviderProps {
  readonly region: string;
  readonly defaultTags: Readonly<Record<string, string>>;
  readonly emulator?: EmulatorOptions;
}

export function platformProvider(scope: Construct, props: PlatformProviderProps): AwsProvider {
  const emulator = props.emulator;
  return new AwsProvider(scope, 'aws', {
    region: props.region,
    defaultTags: [{ tags: { ...props.defaultTags } }],
    ...(emulator && {
      endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, emulator.endpoint]))],
      s3UsePathStyle: true,
      skipCredentialsValidation: true,
      skipMetadataApiCheck: 'true',
      skipRegionValidation: true,
      // With an account ID the provider reads and writes bucket tags through S3 Control at
      // "{account-id}.<endpoint host>" (unresolvable for 127.0.0.1); without one it uses
      // Get/PutBucketTagging on the S3 endpoint. ARNs still get the account from
      // data.aws_caller_identity (STS at the emulator). scripts/lib/moto_server.py answers
      // same-account security group references without UserId to match.
      skipRequestingAccountId: true,
    }),
  });
}

export interface StateBackendProps {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /**
   * ARN of the state key. Without it the backend uploads with AES256 and the state bucket's policy
   * refuses the upload: set `kms_key_id` in backend.hcl or pass `-backend-config=kms_key_id=<arn>`.
   */
  readonly kmsKeyId?: string;
  readonly emulator?: EmulatorOptions;
}

/** The S3 backend with S3-native locking (`use_lockfile`, no DynamoDB table) and encryption. */
export function stateBackend(scope: Construct, props: StateBackendProps): S3Backend {
  const emulator = props.emulator;
  const backend = new S3Backend(scope, {
    bucket: props.bucket,
    key: props.key,
    region: props.region,
    encrypt: true,
    ...(props.kmsKeyId && { kmsKeyId: props.kmsKeyId }),
    ...(emulator && {
      endpoints: { s3: emulator.endpoint, sts: emulator.endpoint, iam: emulator.endpoint },
      usePathStyle: true,
      skipCredentialsValidation: true,
      skipRegionValidation: true,
      skipRequestingAccountId: true,
      skipMetadataApiCheck: true,
      skipS3Checksum: true,
    }),
  });
  // Terraform >= 1.10 locks with a lock object next to the state; cdktf 0.21 has no typed field for it.
  backend.addOverride('use_lockfile', true);
  return backend;
}

/** The state key's alias: the state-backend stack creates it, CI roles find the key by it. */
export function stateKeyAlias(backend: Pick<BackendConfig, 'bucket'>): string {
  return `alias/${backend.bucket}-state`;
}

/** S3-native state locking (`use_lockfile`) needs Terraform 1.10 or later (OpenTofu 1.10 too). */
export function requireTerraform(stack: TerraformStack): void {
  stack.addOverride('terraform.required_version', '>= 1.10');
}
