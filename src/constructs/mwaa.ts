import { Construct } from 'constructs';
import { MwaaEnvironment as AwsMwaaEnvironment } from '@cdktf/provider-aws/lib/mwaa-environment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { skipCheck } from '../lib/checkov';
import type { ITerraformDependable } from '../lib/tf';

/**
 * What the DAGs read from Airflow's `[platform]` section: exactly the keys of
 * contracts/platform-options.json (tested from both sides), values as strings.
 */
export interface PlatformAirflowSettings {
  readonly environment: string;
  readonly region: string;
  readonly project: string;
  readonly owner: string;
  readonly cost_center: string;
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
  readonly emr_release_label: string;
  readonly emr_primary_instance_types: string;
  readonly emr_primary_on_demand_count: string;
  readonly emr_primary_spot_count: string;
  readonly emr_core_instance_types: string;
  readonly emr_core_on_demand_count: string;
  readonly emr_core_spot_count: string;
  readonly emr_idle_timeout_seconds: string;
  readonly emr_step_timeout_minutes: string;
  readonly raw_arrival_timeout_minutes: string;
  readonly quarantine_rate_threshold_percent: string;
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
  /**
   * False outside office hours: the environment is deleted (its metadata database with it); its
   * security group and log groups stay. Default true.
   */
  readonly present?: boolean;
  /** Created only after these exist (e.g. the NAT routes it installs requirements through). */
  readonly dependsOn?: readonly ITerraformDependable[];
}

const LOG_TYPES = ['DAGProcessing', 'Scheduler', 'Task', 'WebServer', 'Worker'] as const;

/**
 * The Airflow environment: private subnets A and B, its own self-referencing security group,
 * private web server, DAGs from the lake bucket's `dags/`, secrets from Secrets Manager through
 * Airflow's backend (no startup script), and every id the DAGs need in `[platform]` options.
 * Its log groups are created here first so their retention is ours, not "never expire".
 */
export class MwaaEnvironment extends Construct {
  /** The environment's name, for alarms and outputs; undefined while it is off (office hours). */
  public readonly environmentName?: string;
  /** The private Airflow UI; undefined while the environment is off. */
  public readonly webserverUrl?: string;
  public readonly arn?: string;
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

    this.securityGroupId = sg.id;
    if (props.present === false) return;
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
      dependsOn: [...logGroups, ...(props.dependsOn ?? [])],
    });

    this.environmentName = environment.name;
    this.webserverUrl = environment.webserverUrl;
    this.arn = environment.arn;
  }

  /**
   * Admits HTTPS to the Airflow UI from another group. In PRIVATE_ONLY mode MWAA serves the UI from a
   * VPC endpoint in the environment's subnets that carries the environment's security group, so the
   * rule belongs on that group; 443 is the only port the UI needs.
   */
  public admitWebserverClients(id: string, securityGroupId: string, description: string): void {
    new VpcSecurityGroupIngressRule(this, `webserver-from-${id}`, {
      securityGroupId: this.securityGroupId,
      referencedSecurityGroupId: securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description,
    });
  }
}
