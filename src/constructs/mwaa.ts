import { Construct } from 'constructs';
import { MwaaEnvironment as AwsMwaaEnvironment } from '@cdktf/provider-aws/lib/mwaa-environment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { skipCheck } from '../lib/checkov';

/** What the DAGs read from Airflow's `[platform]` section (see dags/platform_common/config.py). */
export interface PlatformAirflowSettings {
  readonly environment: string;
  readonly region: string;
  readonly lake_bucket: string;
  readonly emr_service_role: string;
  readonly emr_instance_profile: string;
  readonly emr_security_configuration: string;
  readonly emr_log_uri: string;
  readonly subnet_ids: string;
  readonly emr_primary_sg: string;
  readonly emr_core_sg: string;
  readonly emr_service_sg: string;
  readonly alert_email: string;
  readonly emr_idle_timeout_seconds: string;
  readonly emr_release_label: string;
  readonly generate_sample_data: string;
  /** Glue databases of the Iceberg tables (`--staging-database` / `--curated-database` of the jobs). */
  readonly glue_staging_database: string;
  readonly glue_curated_database: string;
}

export interface MwaaEnvironmentProps {
  readonly name: string;
  readonly airflowVersion: string;
  readonly environmentClass: string;
  readonly minWorkers: number;
  readonly maxWorkers: number;
  readonly schedulers: number;
  readonly webserverAccessMode: string;
  /** INFO by default: DEBUG multiplies CloudWatch ingestion, which is billed per GB. */
  readonly logLevel: string;
  readonly logRetentionDays: number;
  readonly weeklyMaintenanceWindowStart: string;
  readonly vpcId: string;
  /** Private subnets A and B (MWAA needs exactly two, in two AZs). */
  readonly privateSubnetIds: readonly string[];
  readonly executionRoleArn: string;
  readonly sourceBucketArn: string;
  readonly requirementsS3Path: string;
  readonly requirementsS3ObjectVersion: string;
  readonly secretsConnectionsPrefix: string;
  readonly secretsVariablesPrefix: string;
  /** Sender address for alert email (must be verified in SES). */
  readonly mailFrom: string;
  readonly smtpHost: string;
  readonly platformSettings: PlatformAirflowSettings;
}

const LOG_TYPES = ['DAGProcessing', 'Scheduler', 'Task', 'WebServer', 'Worker'] as const;

/**
 * The Airflow environment: private subnets A and B, its own self-referencing security group,
 * private web server, DAGs from the lake bucket's `dags/`, secrets from Secrets Manager through
 * Airflow's backend (no startup script), and every id the DAGs need in `[platform]` options.
 * Its log groups are created here first so their retention is ours, not "never expire".
 */
export class MwaaEnvironment extends Construct {
  public readonly environmentName: string;
  public readonly webserverUrl: string;
  public readonly arn: string;
  public readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: MwaaEnvironmentProps) {
    super(scope, id);
    const sg = new SecurityGroup(this, 'sg', {
      name: `${props.name}-sg`,
      description: 'MWAA environment: traffic between its own components only',
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-sg` },
    });
    new VpcSecurityGroupIngressRule(this, 'self-ingress', {
      securityGroupId: sg.id,
      referencedSecurityGroupId: sg.id,
      ipProtocol: '-1',
      description: 'MWAA components talk to each other',
    });
    const egress = new VpcSecurityGroupEgressRule(this, 'egress', {
      securityGroupId: sg.id,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: '-1',
      description: 'AWS APIs via endpoints, SMTP and PyPI via NAT',
    });
    skipCheck(
      egress,
      'CKV_AWS_382',
      'MWAA needs outbound to its AWS-managed database, Celery queues and SMTP, whose addresses are not known in advance',
    );

    const logGroups = LOG_TYPES.map((type) => {
      const group = new CloudwatchLogGroup(this, `logs-${type.toLowerCase()}`, {
        name: `airflow-${props.name}-${type}`,
        retentionInDays: props.logRetentionDays,
      });
      skipCheck(
        group,
        'CKV_AWS_158',
        'MWAA writes these groups with its own service key; a CMK would have to be the environment key too',
      );
      skipCheck(
        group,
        'CKV_AWS_338',
        'Airflow logs are operational, kept for the environment retention (cost), not a year',
      );
      return group;
    });

    const logging = (enabled = true) => ({ enabled, logLevel: props.logLevel });
    const environment = new AwsMwaaEnvironment(this, 'environment', {
      name: props.name,
      airflowVersion: props.airflowVersion,
      environmentClass: props.environmentClass,
      minWorkers: props.minWorkers,
      maxWorkers: props.maxWorkers,
      schedulers: props.schedulers,
      executionRoleArn: props.executionRoleArn,
      sourceBucketArn: props.sourceBucketArn,
      dagS3Path: 'dags/',
      requirementsS3Path: props.requirementsS3Path,
      requirementsS3ObjectVersion: props.requirementsS3ObjectVersion,
      webserverAccessMode: props.webserverAccessMode,
      weeklyMaintenanceWindowStart: props.weeklyMaintenanceWindowStart,
      networkConfiguration: { securityGroupIds: [sg.id], subnetIds: [...props.privateSubnetIds] },
      loggingConfiguration: {
        dagProcessingLogs: logging(),
        schedulerLogs: logging(),
        taskLogs: logging(),
        webserverLogs: logging(),
        workerLogs: logging(),
      },
      airflowConfigurationOptions: {
        'secrets.backend': 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend',
        'secrets.backend_kwargs': JSON.stringify({
          connections_prefix: props.secretsConnectionsPrefix,
          variables_prefix: props.secretsVariablesPrefix,
        }),
        'email.email_backend': 'airflow.utils.email.send_email_smtp',
        'email.email_conn_id': 'smtp_default',
        'email.default_email_on_failure': 'True',
        'email.default_email_on_retry': 'True',
        'smtp.smtp_host': props.smtpHost,
        'smtp.smtp_port': '587',
        'smtp.smtp_starttls': 'True',
        'smtp.smtp_ssl': 'False',
        'smtp.smtp_mail_from': props.mailFrom,
        'core.load_examples': 'False',
        'logging.logging_level': props.logLevel,
        ...Object.fromEntries(
          Object.entries(props.platformSettings).map(([key, value]) => [`platform.${key}`, value]),
        ),
      },
      dependsOn: logGroups,
    });

    this.environmentName = environment.name;
    this.webserverUrl = environment.webserverUrl;
    this.arn = environment.arn;
    this.securityGroupId = sg.id;
  }
}
