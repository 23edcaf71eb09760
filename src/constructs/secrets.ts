import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { skipCheck } from '../lib/checkov';

export interface PlatformSecretsProps {
  /** Airflow's Secrets Manager backend looks up `<prefix>/connections/<conn_id>`. */
  readonly airflowPrefix: string;
  readonly kmsKeyArn: string;
}

/**
 * Secrets the platform needs but must never hold in code, env files, synthesized JSON or state:
 * the secret is created empty and its value is set once by a person (docs/operations.md), so Terraform
 * never sees it. MWAA reads it through Airflow's Secrets Manager backend.
 */
export class PlatformSecrets extends Construct {
  public readonly smtpSecretArn: string;
  public readonly smtpSecretName: string;
  public readonly connectionsPrefix: string;
  public readonly variablesPrefix: string;

  constructor(scope: Construct, id: string, props: PlatformSecretsProps) {
    super(scope, id);
    this.connectionsPrefix = `${props.airflowPrefix}/connections`;
    this.variablesPrefix = `${props.airflowPrefix}/variables`;
    const smtp = new SecretsmanagerSecret(this, 'smtp', {
      name: `${this.connectionsPrefix}/smtp_default`,
      description:
        'Airflow connection smtp_default: Amazon SES SMTP credentials as an Airflow connection URI',
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: 7,
    });
    skipCheck(
      smtp,
      'CKV2_AWS_57',
      'SES SMTP credentials are derived from an IAM key outside Terraform; rotate by re-issuing them (docs/operations.md)',
    );
    this.smtpSecretArn = smtp.arn;
    this.smtpSecretName = smtp.name;
  }
}
