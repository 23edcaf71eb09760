/**
 * What each construct reads from an environment file: one view per construct, from the validated
 * configuration to the construct's own props (docs/environment-reference.md lists the keys).
 * PlatformStack adds only what is wired between constructs (ids, ARNs, names of other resources),
 * so it reads as the platform's table of contents and every env key is renamed in exactly one place.
 */
import type { EnvironmentConfig } from '../config';
import { emrClusterShape, emrPlatformOptions } from '../config/emr-shape';
import type { LakeCatalogProps } from '../constructs/catalog';
import type { ClientVpnProps } from '../constructs/client-vpn';
import type { DataLakeProps } from '../constructs/data-lake';
import type { MonitoringProps } from '../constructs/monitoring';
import type { MwaaEnvironmentProps, PlatformAirflowSettings } from '../constructs/mwaa';
import { natMode, type NatGatewaysProps } from '../constructs/nat-gateways';
import type { VpcProps } from '../constructs/vpc';

/** `<project>-<environment>`: the prefix of every resource name. */
export function namePrefix(config: EnvironmentConfig): string {
  return `${config.project}-${config.environment}`;
}

export function vpcView(
  config: EnvironmentConfig,
): Pick<
  VpcProps,
  | 'vpcName'
  | 'namePrefix'
  | 'cidr'
  | 'azs'
  | 'publicSubnets'
  | 'privateSubnets'
  | 'enableDnsHostnames'
  | 'enableDnsSupport'
> {
  return {
    vpcName: config.vpc_name,
    namePrefix: namePrefix(config),
    cidr: config.vpc_cidr,
    azs: config.azs,
    publicSubnets: config.public_subnets,
    privateSubnets: config.private_subnets,
    enableDnsHostnames: config.enable_dns_hostnames,
    enableDnsSupport: config.enable_dns_support,
  };
}

export function natView(config: EnvironmentConfig): Pick<NatGatewaysProps, 'namePrefix' | 'mode'> {
  return { namePrefix: namePrefix(config), mode: natMode(config) };
}

/** The lake's lifecycle rules, in days. */
export function lakeView(
  config: EnvironmentConfig,
): Pick<
  DataLakeProps,
  | 'bucketPrefix'
  | 'rawTransitionToIaDays'
  | 'rawTransitionToGlacierDays'
  | 'logsTransitionToIaDays'
  | 'logsExpirationDays'
  | 'quarantineExpirationDays'
  | 'noncurrentVersionExpirationDays'
  | 'accessLogExpirationDays'
  | 'athenaResultsExpirationDays'
> {
  const { lake } = config;
  return {
    bucketPrefix: lake.bucket_prefix,
    rawTransitionToIaDays: lake.raw_transition_to_ia_days,
    rawTransitionToGlacierDays: lake.raw_transition_to_glacier_days,
    logsTransitionToIaDays: lake.logs_transition_to_ia_days,
    logsExpirationDays: lake.logs_expiration_days,
    quarantineExpirationDays: lake.quarantine_expiration_days,
    noncurrentVersionExpirationDays: lake.noncurrent_version_expiration_days,
    accessLogExpirationDays: lake.access_log_expiration_days,
    athenaResultsExpirationDays: lake.athena_results_expiration_days,
  };
}

export function catalogView(
  config: EnvironmentConfig,
): Pick<LakeCatalogProps, 'namePrefix' | 'region' | 'bytesScannedCutoffPerQuery'> {
  return {
    namePrefix: namePrefix(config),
    region: config.region,
    bytesScannedCutoffPerQuery: config.lake.athena_bytes_scanned_cutoff_per_query,
  };
}

/** MWAA's size, Airflow settings and mail; the platform settings are wired by the stack. */
export function mwaaView(
  config: EnvironmentConfig,
): Pick<
  MwaaEnvironmentProps,
  | 'name'
  | 'airflowVersion'
  | 'environmentClass'
  | 'minWorkers'
  | 'maxWorkers'
  | 'schedulers'
  | 'webserverAccessMode'
  | 'logLevel'
  | 'logRetentionDays'
  | 'weeklyMaintenanceWindowStart'
  | 'mailFrom'
  | 'smtpHost'
> {
  const { mwaa } = config;
  return {
    name: mwaaName(config),
    airflowVersion: mwaa.airflow_version,
    environmentClass: mwaa.environment_class,
    minWorkers: mwaa.min_workers,
    maxWorkers: mwaa.max_workers,
    schedulers: mwaa.schedulers,
    webserverAccessMode: mwaa.webserver_access_mode,
    logLevel: mwaa.log_level,
    logRetentionDays: config.monitoring.log_retention_days,
    weeklyMaintenanceWindowStart: mwaa.weekly_maintenance_window_start,
    mailFrom: mwaa.mail_from,
    smtpHost: `email-smtp.${config.region}.amazonaws.com`,
  };
}

export function mwaaName(config: EnvironmentConfig): string {
  return `${namePrefix(config)}-airflow`;
}

/**
 * The Client VPN's settings; certificates by ACM ARN when both are given, otherwise the files
 * under `<certificatesDir>/<environment>/` (default `../../../certificates`, relative to the
 * stack's directory cdktf.out/stacks/<stack>).
 */
export function vpnView(
  config: EnvironmentConfig,
  certificatesDir = '../../../certificates',
): Pick<
  ClientVpnProps,
  | 'namePrefix'
  | 'vpcCidr'
  | 'reachableCidrs'
  | 'clientCidr'
  | 'splitTunnel'
  | 'transportProtocol'
  | 'sessionTimeoutHours'
  | 'logRetentionDays'
  | 'serverCertificateArn'
  | 'clientRootCertificateArn'
  | 'certificateFiles'
> {
  const { vpn } = config;
  const dir = `${certificatesDir}/${config.environment}`;
  return {
    namePrefix: namePrefix(config),
    vpcCidr: config.vpc_cidr,
    reachableCidrs: config.private_subnets,
    clientCidr: vpn.client_cidr,
    splitTunnel: vpn.split_tunnel,
    transportProtocol: vpn.transport_protocol,
    sessionTimeoutHours: vpn.session_timeout_hours,
    logRetentionDays: config.monitoring.log_retention_days,
    ...(vpn.server_certificate_arn && vpn.client_root_certificate_arn
      ? {
          serverCertificateArn: vpn.server_certificate_arn,
          clientRootCertificateArn: vpn.client_root_certificate_arn,
        }
      : {
          certificateFiles: {
            serverCert: `${dir}/server.crt`,
            serverKey: `${dir}/server.key`,
            serverChain: `${dir}/ca.crt`,
          },
        }),
  };
}

export function monitoringView(
  config: EnvironmentConfig,
): Pick<
  MonitoringProps,
  | 'namePrefix'
  | 'environment'
  | 'alertEmail'
  | 'logRetentionDays'
  | 'monthlyBudgetUsd'
  | 'budgetAlertThresholdsPercent'
> {
  const { monitoring } = config;
  return {
    namePrefix: namePrefix(config),
    environment: config.environment,
    alertEmail: monitoring.alert_email,
    logRetentionDays: monitoring.log_retention_days,
    monthlyBudgetUsd: monitoring.monthly_budget_usd,
    budgetAlertThresholdsPercent: monitoring.budget_alert_thresholds_percent,
  };
}

/** The env-file half of the DAGs' [platform] settings (contracts/platform-options.json). */
export function runSettingsView(
  config: EnvironmentConfig,
): Omit<
  PlatformAirflowSettings,
  | 'lake_bucket'
  | 'emr_service_role'
  | 'emr_instance_profile'
  | 'emr_security_configuration'
  | 'emr_log_uri'
  | 'subnet_ids'
  | 'emr_primary_sg'
  | 'emr_core_sg'
  | 'emr_service_sg'
  | 'glue_staging_database'
  | 'glue_curated_database'
> {
  const { emr } = config;
  return {
    environment: config.environment,
    region: config.region,
    project: config.project,
    owner: config.owner,
    cost_center: config.cost_center,
    alert_email: config.monitoring.alert_email,
    ...emrPlatformOptions(emrClusterShape(config)),
    raw_arrival_timeout_minutes: String(emr.raw_arrival_timeout_minutes),
    quarantine_rate_threshold_percent: String(emr.quarantine_rate_threshold_percent),
    generate_sample_data: String(emr.generate_sample_data),
  };
}
