import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { skipCheck } from '../lib/checkov';

export interface EncryptedLogGroupProps {
  /** Full log group name, e.g. `/aws/clientvpn/buildit-spark-dev`. */
  readonly name: string;
  /** One of the periods CloudWatch accepts (the config schema checks it). */
  readonly retentionDays: number;
  /** Customer-managed key; its policy must let `logs.<region>.amazonaws.com` use it. */
  readonly kmsKeyArn: string;
}

/**
 * A CloudWatch log group encrypted with a customer-managed key and a finite retention, so logs
 * neither leak through the AWS-owned key nor grow (and bill) forever.
 */
export class EncryptedLogGroup extends Construct {
  public readonly logGroupName: string;
  public readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const group = new CloudwatchLogGroup(this, 'group', {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    if (props.retentionDays < 365) {
      skipCheck(
        group,
        'CKV_AWS_338',
        `retention is set per environment (monitoring.log_retention_days = ${props.retentionDays}); operational logs, not an audit trail`,
      );
    }
    this.logGroupName = group.name;
    this.logGroupArn = group.arn;
  }
}
