import type { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { CeCostAllocationTag } from '@cdktf/provider-aws/lib/ce-cost-allocation-tag';
import type { BackendConfig } from '../config';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { GITHUB_OIDC_HOST } from '../constructs/access-roles';
import { KmsKey } from '../constructs/kms-key';
import { SecureBucket } from '../constructs/secure-bucket';
import { LocalBackend, TerraformOutput, TerraformStack } from '../lib/tf';
import { tagWithAddresses } from '../lib/address-tag';
import { policy } from '../policies';
import { platformProvider, requireTerraform, stateKeyAlias, type EmulatorOptions } from './aws-provider';

export interface StateBackendStackProps {
  readonly backend: BackendConfig;
  readonly defaultTags: Readonly<Record<string, string>>;
  readonly emulator?: EmulatorOptions;
}

/**
 * The bucket every platform stack keeps its state in. Applied first, with local state (it cannot
 * store its own state in a bucket that does not exist yet); see docs/operations.md, "Bootstrap the state".
 * The bucket takes only uploads encrypted with the state key and logs every access. It also holds
 * the account's GitHub OIDC provider: one per account, shared by every environment's CI roles.
 * The construct ids `state-key` and `state-bucket` are a contract: renaming them destroys state.
 */
export class StateBackendStack extends TerraformStack {
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: StateBackendStackProps) {
    super(scope, id);
    const { backend } = props;
    new LocalBackend(this, { path: 'terraform.tfstate' });
    requireTerraform(this);
    tagWithAddresses(this);
    platformProvider(this, {
      region: backend.region,
      defaultTags: props.defaultTags,
      emulator: props.emulator,
    });
    const account = new DataAwsCallerIdentity(this, 'account');
    const partition = new DataAwsPartition(this, 'partition');

    const key = new KmsKey(this, 'state-key', {
      alias: stateKeyAlias(backend).replace(/^alias\//, ''),
      description: `Encrypts Terraform state in s3://${backend.bucket}`,
      policy: policy('kms-key-state', {
        partition: partition.partition,
        account_id: account.accountId,
        region: backend.region,
      }),
      deletionWindowDays: backend.kms_deletion_window_days,
      preventDestroy: !props.emulator,
      logicalId: 'state_key',
    });
    const arn = (name: string) => `arn:${partition.partition}:s3:::${name}`;
    const logsName = `${backend.bucket}-logs`;
    const accessLogs = new SecureBucket(this, 'state-access-logs', {
      bucketName: logsName,
      logicalId: 'state_access_logs_bucket',
      policy: policy('s3-access-log-delivery', {
        bucket_arn: arn(logsName),
        source_bucket_arns: arn(backend.bucket),
        account_id: account.accountId,
      }),
      lifecycleRules: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: backend.noncurrent_version_expiration_days }],
        },
      ],
      accessLogs: { disabledBecause: 'This is the access-log bucket; logging it into itself would loop' },
      preventDestroy: !props.emulator,
      forceDestroy: Boolean(props.emulator),
    });
    const bucket = new SecureBucket(this, 'state-bucket', {
      bucketName: backend.bucket,
      kmsKeyArn: key.keyArn,
      policy: policy('s3-state-bucket', { bucket_arn: arn(backend.bucket), state_key_arn: key.keyArn }),
      lifecycleRules: [
        {
          id: 'expire-noncurrent-state-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: backend.noncurrent_version_expiration_days }],
        },
      ],
      accessLogs: { bucketId: accessLogs.bucketId, prefix: 'state/', after: [accessLogs.policy] },
      // The emulated-apply test must be able to destroy what it created.
      preventDestroy: !props.emulator,
      forceDestroy: Boolean(props.emulator),
      logicalId: 'state_bucket',
    });

    // Account-wide, so managed once here rather than by each platform stack: every environment's
    // budget filters on `user:environment$<env>` (docs/cost.md: activation delay).
    if (backend.activate_environment_cost_tag) {
      new CeCostAllocationTag(this, 'environment-cost-tag', { tagKey: 'environment', status: 'Active' });
    }

    this.bucketName = backend.bucket;
    new TerraformOutput(this, 'state_bucket', { value: bucket.bucketId });
    new TerraformOutput(this, 'state_kms_key_arn', {
      value: key.keyArn,
      description:
        'Set as kms_key_id in environments/backend.hcl (or -backend-config) before platform stacks init',
    });
    if (backend.create_github_oidc_provider) {
      const github = new IamOpenidConnectProvider(this, 'github-oidc', {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIdList: ['sts.amazonaws.com'],
      });
      new TerraformOutput(this, 'github_oidc_provider_arn', { value: github.arn });
    }
  }
}
