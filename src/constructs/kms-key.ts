import { Construct } from 'constructs';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';

export interface KmsKeyProps {
  /** Alias without the `alias/` prefix. */
  readonly alias: string;
  readonly description: string;
  /** Rendered key policy (from policies/). */
  readonly policy: string;
  /** 7-30 days; deletion can be cancelled within this window. @default 30 */
  readonly deletionWindowDays?: number;
  /** Terraform refuses to destroy the key (prod data, the state key). @default false */
  readonly preventDestroy?: boolean;
  /** Terraform logical id of the key: a public contract, like a bucket's (see SecureBucketProps). */
  readonly logicalId: string;
}

/** A customer-managed symmetric key with yearly rotation, an alias and an explicit key policy. */
export class KmsKey extends Construct {
  public readonly keyArn: string;
  public readonly keyId: string;
  public readonly aliasName: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const key = new AwsKmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: props.policy,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    key.overrideLogicalId(props.logicalId);
    const alias = new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: key.keyId });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
  }
}
