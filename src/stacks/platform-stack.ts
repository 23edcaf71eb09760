import type { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import type { BackendConfig, EnvironmentConfig } from '../config';
import { AccessRoles } from '../constructs/access-roles';
import { LakeCatalog } from '../constructs/catalog';
import { ClientVpn } from '../constructs/client-vpn';
import { DataLake } from '../constructs/data-lake';
import { EMR_MANAGED_POLICY_TAG, EmrSupport } from '../constructs/emr-support';
import { VpcEndpoints } from '../constructs/endpoints';
import { PlatformRoles } from '../constructs/iam-roles';
import { KmsKey } from '../constructs/kms-key';
import { Monitoring } from '../constructs/monitoring';
import { MwaaEnvironment } from '../constructs/mwaa';
import { NatGateways } from '../constructs/nat-gateways';
import { PrivateSecurityGroups } from '../constructs/private-sg';
import { PlatformSecrets } from '../constructs/secrets';
import { Vpc, VpcFlowLogs } from '../constructs/vpc';
import { Fn, TerraformOutput, TerraformStack } from '../lib/tf';
import { tagWithAddresses } from '../lib/address-tag';
import { policy } from '../policies';
import {
  platformProvider,
  requireTerraform,
  stateBackend,
  stateKeyAlias,
  type EmulatorOptions,
} from './aws-provider';
import {
  catalogView,
  lakeView,
  monitoringView,
  mwaaView,
  namePrefix,
  natView,
  runSettingsView,
  vpcView,
  vpnView,
} from './config-views';

export interface PlatformStackProps {
  readonly config: EnvironmentConfig;
  readonly backend: BackendConfig;
  /** Content of dags/requirements.txt (read by main.ts; constructs never read files). */
  readonly mwaaRequirements: string;
  /**
   * Where Terraform finds `certificates/<environment>/` when certificates are imported instead of
   * given as ACM ARNs, relative to the stack's directory (cdktf.out/stacks/<stack>). Default
   * `../../../certificates`.
   */
  readonly certificatesDir?: string;
  readonly emulator?: EmulatorOptions;
  /**
   * The off-hours switch (main.ts: PLATFORM_OFF_HOURS=1). With `office_hours.enabled` it removes
   * the hour-billed parts (MWAA, Client VPN association, NAT gateways, interface endpoints); every
   * other resource keeps its logical id and attributes. Ignored without office hours. Default false.
   */
  readonly offHours?: boolean;
}

export function defaultTags(config: EnvironmentConfig): Record<string, string> {
  return {
    ...config.tags,
    project: config.project,
    environment: config.environment,
    owner: config.owner,
    'cost-center': config.cost_center,
  };
}

/**
 * One environment of the platform, wired in one readable place:
 * Network → IAM roles → platform key → DataLake → Endpoints → EMR support → Secrets → MWAA → VPN.
 */
export class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { config, backend, emulator } = props;
    const prefix = namePrefix(config);
    // The emulated apply must be able to destroy what it creates.
    const protectData = config.lake.prevent_destroy && !emulator;
    const hourBilledParts = !(props.offHours && config.office_hours.enabled);

    const statePrefix = `${backend.key_prefix}/${config.environment}`;
    stateBackend(this, {
      bucket: backend.bucket,
      key: `${statePrefix}/terraform.tfstate`,
      region: backend.region,
      kmsKeyId: backend.kms_key_id,
      emulator,
    });
    requireTerraform(this);
    tagWithAddresses(this);
    platformProvider(this, { region: config.region, defaultTags: defaultTags(config), emulator });
    const accountId = new DataAwsCallerIdentity(this, 'account').accountId;
    const partition = new DataAwsPartition(this, 'partition').partition;

    // Network
    const vpc = new Vpc(this, 'vpc', { ...vpcView(config), privateSubnetTags: EMR_MANAGED_POLICY_TAG });
    const nat = new NatGateways(this, 'nat', {
      ...natView(config),
      publicSubnetIds: vpc.publicSubnetIds,
      privateRouteTableIds: vpc.privateRouteTableIds,
      present: hourBilledParts,
    });
    const securityGroups = new PrivateSecurityGroups(this, 'private-sg', {
      namePrefix: prefix,
      vpcId: vpc.vpcId,
      withEndpointGroup: config.interface_endpoints.length > 0,
    });

    // Identity and encryption
    const mwaaName = mwaaView(config).name;
    const roles = new PlatformRoles(this, 'iam', {
      namePrefix: prefix,
      environment: config.environment,
      accountId,
      partition,
      region: config.region,
      mwaaEnvironmentName: mwaaName,
    });
    const people = new AccessRoles(this, 'access', {
      namePrefix: prefix,
      environment: config.environment,
      accountId,
      partition,
      region: config.region,
      access: config.access,
      state: {
        bucket: backend.bucket,
        region: backend.region,
        statePrefix,
        keyAlias: stateKeyAlias(backend),
      },
    });
    const key = new KmsKey(this, 'platform-key', {
      logicalId: 'platform_key',
      alias: `${prefix}-platform`,
      description: `Encrypts the ${prefix} data lake, logs, secrets and alerts`,
      policy: policy('kms-key-platform', {
        partition,
        account_id: accountId,
        region: config.region,
        platform_role_arns: [roles.emrServiceRoleArn, roles.emrEc2RoleArn, roles.mwaaExecutionRoleArn],
        emr_service_role_arn: roles.emrServiceRoleArn,
        lake_reader_arns: people.lakeReaderArns,
        lake_writer_arns: people.lakeWriterArns,
        secret_writer_arns: people.secretWriterArns,
        name_prefix: prefix,
        // Monitoring names the topic `<prefix>-alerts`; the key exists first, so the ARN is spelled out.
        alerts_topic_arn: `arn:${partition}:sns:${config.region}:${accountId}:${prefix}-alerts`,
      }),
      preventDestroy: protectData,
    });

    // Data and compute support
    const lake = new DataLake(this, 'data-lake', {
      ...lakeView(config),
      accountId,
      partition,
      kmsKeyArn: key.keyArn,
      preventDestroy: protectData,
      forceDestroy: Boolean(emulator),
      mwaaRequirements: props.mwaaRequirements,
    });
    // The S3 endpoint's policy names the lake, so the endpoints follow it.
    new VpcEndpoints(this, 'endpoints', {
      namePrefix: prefix,
      region: config.region,
      partition,
      accountId,
      vpcId: vpc.vpcId,
      privateRouteTableIds: vpc.privateRouteTableIds,
      privateSubnetIds: vpc.privateSubnetIds,
      endpointSecurityGroupId: securityGroups.endpointSecurityGroupId,
      interfaceServices: config.interface_endpoints,
      lakeBucketArn: lake.bucketArn,
      interfacePresent: hourBilledParts,
    });
    const catalog = new LakeCatalog(this, 'catalog', {
      ...catalogView(config),
      accountId,
      partition,
      bucketName: lake.bucketName,
      bucketArn: lake.bucketArn,
      kmsKeyArn: key.keyArn,
      forceDestroy: Boolean(emulator),
    });
    if (config.flow_logs_enabled) {
      new VpcFlowLogs(this, 'flow-logs', { vpcId: vpc.vpcId, bucketArn: lake.accessLogBucketArn });
    }
    const emr = new EmrSupport(this, 'emr', {
      namePrefix: prefix,
      vpcId: vpc.vpcId,
      kmsKeyArn: key.keyArn,
      inTransitCertificatesS3Uri: config.emr.in_transit_certificates_s3_uri,
    });
    const secrets = new PlatformSecrets(this, 'secrets', {
      airflowPrefix: `${prefix}/airflow`,
      kmsKeyArn: key.keyArn,
    });

    // Orchestration
    roles.grant({
      lakeBucketArn: lake.bucketArn,
      kmsKeyArn: key.keyArn,
      mwaaEnvironmentName: mwaaName,
      secretsPrefix: `${prefix}/airflow`,
      writesSampleData: config.emr.generate_sample_data,
      glueDatabases: { staging: catalog.stagingDatabaseName, curated: catalog.curatedDatabaseName },
    });
    people.grant({
      lakeBucketArn: lake.bucketArn,
      accessLogBucketArn: lake.accessLogBucketArn,
      kmsKeyArn: key.keyArn,
      mwaaEnvironmentName: mwaaName,
      secretsPrefix: `${prefix}/airflow`,
      analystQueryPolicy: catalog.analystPolicy,
    });
    const mwaa = new MwaaEnvironment(this, 'mwaa', {
      ...mwaaView(config),
      vpcId: vpc.vpcId,
      privateSubnetIds: vpc.privateSubnetIds,
      executionRoleArn: roles.mwaaExecutionRoleArn,
      sourceBucketArn: lake.bucketArn,
      requirementsS3Path: lake.requirementsKey,
      requirementsS3ObjectVersion: lake.requirementsObjectVersion,
      secretsConnectionsPrefix: secrets.connectionsPrefix,
      secretsVariablesPrefix: secrets.variablesPrefix,
      platformSettings: {
        ...runSettingsView(config),
        lake_bucket: lake.bucketName,
        emr_service_role: roles.emrServiceRoleName,
        emr_instance_profile: roles.emrInstanceProfileName,
        emr_security_configuration: emr.securityConfigurationName,
        emr_log_uri: `s3://${lake.bucketName}/logs/emr/`,
        subnet_ids: Fn.join(',', vpc.privateSubnetIds as string[]),
        emr_primary_sg: emr.primarySecurityGroupId,
        emr_core_sg: emr.coreSecurityGroupId,
        emr_service_sg: emr.serviceAccessSecurityGroupId,
        glue_staging_database: catalog.stagingDatabaseName,
        glue_curated_database: catalog.curatedDatabaseName,
      },
      present: hourBilledParts,
      // Requirements install from PyPI through the NAT while the environment is created.
      dependsOn: nat.defaultRoutes,
    });

    securityGroups.admitToEndpoints({
      mwaa: mwaa.securityGroupId,
      'emr-primary': emr.primarySecurityGroupId,
      'emr-core': emr.coreSecurityGroupId,
    });

    const output = (name: string, value: unknown, description: string) =>
      new TerraformOutput(this, name, { value, description });

    // Remote access
    if (config.vpn.enabled) {
      const vpn = new ClientVpn(this, 'vpn', {
        ...vpnView(config, props.certificatesDir),
        vpcId: vpc.vpcId,
        vpnTargetSubnetId: vpc.vpnTargetSubnetId,
        kmsKeyArn: key.keyArn,
        associated: hourBilledParts,
      });
      mwaa.admitWebserverClients('vpn', vpn.securityGroupId, 'Airflow UI from VPN clients');
      securityGroups.admitToEndpoints({ vpn: vpn.securityGroupId });
      output(
        'client_vpn_endpoint_id',
        vpn.endpointId,
        'Client VPN endpoint (export its client configuration)',
      );
    }

    // Monitoring and cost guards
    const monitoring = new Monitoring(this, 'monitoring', {
      ...monitoringView(config),
      accountId,
      kmsKeyArn: key.keyArn,
      mwaaEnvironmentName: mwaa.environmentName,
    });
    output('alerts_topic_arn', monitoring.topicArn, 'SNS topic every alarm and budget alert goes to');
    output('vpc_id', vpc.vpcId, 'VPC id');
    output('public_subnet_ids', vpc.publicSubnetIds, 'Public subnets: [0] VPN target, [1] application');
    output('private_subnet_ids', vpc.privateSubnetIds, 'Private subnets A and B (MWAA, EMR)');
    output(
      'private_security_group_id',
      securityGroups.privateSecurityGroupId,
      'The documents\u2019 private-sg',
    );
    output(
      'nat_public_ips',
      nat.elasticIps,
      'Elastic IPs of the NAT gateways (allow-list these for SMTP, etc.)',
    );
    output(
      'lake_bucket_name',
      lake.bucketName,
      'Data lake bucket (dags/, etl/, logs/, raw/, staging/, curated/, quarantine/)',
    );
    output('access_log_bucket_name', lake.accessLogBucketName, 'Server access logs of the lake bucket');
    output('platform_kms_key_arn', key.keyArn, 'KMS key of the lake, logs, secrets and alerts');
    if (mwaa.environmentName) {
      output('mwaa_environment_name', mwaa.environmentName, 'MWAA environment');
      output(
        'mwaa_webserver_url',
        mwaa.webserverUrl,
        'Airflow UI (private: reach it through the Client VPN)',
      );
    }
    output('mwaa_execution_role_arn', roles.mwaaExecutionRoleArn, 'MWAA execution role');
    output('emr_service_role_arn', roles.emrServiceRoleArn, 'EMR service role');
    output('emr_instance_profile_arn', roles.emrInstanceProfileArn, 'EMR EC2 instance profile');
    output('emr_security_configuration', emr.securityConfigurationName, 'EMR security configuration name');
    // People and CI (docs/access.md)
    output('platform_admin_role_arn', people.platformAdminRoleArn, 'Role of platform admins');
    output('data_engineer_role_arn', people.dataEngineerRoleArn, 'Role of data engineers');
    output('analyst_role_arn', people.analystRoleArn, 'Role of analysts (curated zone)');
    output(
      'github_oidc_provider_arn',
      people.githubOidcProviderArn,
      'GitHub OIDC provider the CI roles trust',
    );
    if (people.ciPlanRoleArn && people.ciDeployRoleArn) {
      output('ci_plan_role_arn', people.ciPlanRoleArn, 'Read-only CI role (vars.AWS_PLAN_ROLE_ARN)');
      output('ci_deploy_role_arn', people.ciDeployRoleArn, 'Deploy CI role (vars.AWS_DEPLOY_ROLE_ARN)');
    }
    output('glue_curated_database', catalog.curatedDatabaseName, 'Glue database analysts query (Iceberg)');
    output('athena_workgroup_name', catalog.workgroupName, 'Athena workgroup of the analysts');
    output('smtp_secret_arn', secrets.smtpSecretArn, 'Set its value once (docs/operations.md)');
  }
}
