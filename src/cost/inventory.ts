import {
  listLength,
  referencesOf,
  resourcesOf,
  stackRegion,
  type StackJson,
  type SynthResource,
} from './synth-json';

/**
 * What in a synthesized stack costs money, counted by resource type so constructs are priced as
 * soon as they land: NAT gateways, public IPs, endpoints per AZ, Client VPN, MWAA, KMS, secrets,
 * log groups, buckets and the markers of the transient EMR clusters Airflow starts.
 */

export interface MwaaInventory {
  readonly address: string;
  readonly environmentClass: string;
  readonly minWorkers: number;
  readonly maxWorkers: number;
  readonly schedulers: number;
  /** Log groups MWAA creates itself (enabled logging modules without a synthesized group). */
  readonly logGroups: number;
}

export interface LogGroupInventory {
  readonly address: string;
  /** 0 when the group never expires. */
  readonly retentionDays: number;
}

export interface Inventory {
  readonly region: string | undefined;
  readonly natGateways: string[];
  /** Every Elastic IP is a billed public IPv4 address; the NAT ones are listed in natElasticIps too. */
  readonly elasticIps: string[];
  readonly natElasticIps: string[];
  readonly interfaceEndpoints: { address: string; service: string; azs: number }[];
  readonly gatewayEndpoints: { address: string; service: string }[];
  readonly vpnEndpoints: string[];
  readonly vpnAssociations: string[];
  readonly mwaa: MwaaInventory[];
  readonly kmsKeys: string[];
  readonly secrets: string[];
  readonly logGroups: LogGroupInventory[];
  readonly buckets: string[];
  readonly alarms: string[];
  /** VPC flow logs; their delivery is billed per GB (vended logs). */
  readonly flowLogs: string[];
  /** Resources showing the stack runs EMR (security configuration, EMR roles or the EMR endpoint). */
  readonly emrMarkers: string[];
  /** Resource types neither priced nor known to be free, for the report's "not estimated" note. */
  readonly unpricedTypes: string[];
}

/** Types that carry no charge of their own (their cost, if any, is data transfer or requests). */
const FREE_TYPES = new Set([
  'aws_vpc',
  'aws_subnet',
  'aws_internet_gateway',
  'aws_route',
  'aws_route_table',
  'aws_route_table_association',
  'aws_default_security_group',
  'aws_default_network_acl',
  'aws_default_route_table',
  'aws_network_acl',
  'aws_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_endpoint_route_table_association',
  'aws_iam_role',
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_instance_profile',
  'aws_iam_service_linked_role',
  'aws_kms_alias',
  'aws_acm_certificate',
  'aws_ec2_client_vpn_authorization_rule',
  'aws_ec2_client_vpn_route',
  'aws_cloudwatch_log_stream',
  'aws_secretsmanager_secret_version',
  'aws_secretsmanager_secret_policy',
  'aws_sns_topic',
  'aws_sns_topic_policy',
  'aws_sns_topic_subscription',
  'aws_budgets_budget',
  'aws_emr_security_configuration',
  'aws_s3_object',
  'aws_s3_account_public_access_block',
  // EventBridge rules on AWS service events and log resource policies carry no charge.
  'aws_cloudwatch_event_rule',
  'aws_cloudwatch_event_target',
  'aws_cloudwatch_log_resource_policy',
  'aws_cloudwatch_log_metric_filter',
]);

const PRICED_TYPES = new Set([
  'aws_nat_gateway',
  'aws_eip',
  'aws_vpc_endpoint',
  'aws_ec2_client_vpn_endpoint',
  'aws_ec2_client_vpn_network_association',
  'aws_mwaa_environment',
  'aws_kms_key',
  'aws_kms_replica_key',
  'aws_secretsmanager_secret',
  'aws_cloudwatch_log_group',
  'aws_s3_bucket',
  'aws_cloudwatch_metric_alarm',
  'aws_cloudwatch_composite_alarm',
  'aws_flow_log',
]);

const MWAA_LOG_MODULES = [
  'dag_processing_logs',
  'scheduler_logs',
  'task_logs',
  'webserver_logs',
  'worker_logs',
];

function firstBlock(value: unknown): Record<string, unknown> | undefined {
  const block = Array.isArray(value) ? value[0] : value;
  return block && typeof block === 'object' ? (block as Record<string, unknown>) : undefined;
}

/** Log groups MWAA creates itself: enabled modules, less the `airflow-<name>-*` groups Terraform creates first. */
function mwaaLogGroups(body: Record<string, unknown>, logGroupNames: readonly string[]): number {
  const logging = firstBlock(body.logging_configuration);
  if (!logging) return 0;
  const enabled = MWAA_LOG_MODULES.filter((module) => firstBlock(logging[module])?.enabled === true).length;
  const precreated = logGroupNames.filter((name) => name.startsWith(`airflow-${String(body.name)}-`)).length;
  return Math.max(0, enabled - precreated);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function serviceOf(resource: SynthResource): string {
  return String(resource.body.service_name ?? '')
    .split('.')
    .slice(3)
    .join('.');
}

function isEmrMarker(resource: SynthResource): boolean {
  if (resource.type.startsWith('aws_emr_')) return true;
  if (resource.type === 'aws_vpc_endpoint') return serviceOf(resource) === 'elasticmapreduce';
  return false;
}

export function inventoryOf(stack: StackJson): Inventory {
  const all = resourcesOf(stack);
  const ofType = (...types: string[]) => all.filter((resource) => types.includes(resource.type));
  const addresses = (...types: string[]) => ofType(...types).map((resource) => resource.address);

  const natGateways = ofType('aws_nat_gateway').filter(
    (resource) => resource.body.connectivity_type !== 'private',
  );
  const natElasticIps = natGateways.flatMap((nat) =>
    referencesOf(nat)
      .filter((ref) => ref.target.startsWith('aws_eip.'))
      .map((ref) => ref.target),
  );
  const endpoints = ofType('aws_vpc_endpoint');
  const logGroupNames = ofType('aws_cloudwatch_log_group').map((resource) =>
    String(resource.body.name ?? ''),
  );

  return {
    region: stackRegion(stack),
    natGateways: natGateways.map((resource) => resource.address),
    elasticIps: addresses('aws_eip'),
    natElasticIps: [...new Set(natElasticIps)],
    interfaceEndpoints: endpoints
      .filter((resource) => resource.body.vpc_endpoint_type === 'Interface')
      .map((resource) => ({
        address: resource.address,
        service: serviceOf(resource),
        azs: Math.max(1, listLength(resource.body.subnet_ids)),
      })),
    gatewayEndpoints: endpoints
      .filter((resource) => (resource.body.vpc_endpoint_type ?? 'Gateway') === 'Gateway')
      .map((resource) => ({ address: resource.address, service: serviceOf(resource) })),
    vpnEndpoints: addresses('aws_ec2_client_vpn_endpoint'),
    vpnAssociations: addresses('aws_ec2_client_vpn_network_association'),
    mwaa: ofType('aws_mwaa_environment').map((resource) => {
      const environmentClass = String(resource.body.environment_class ?? 'mw1.small');
      const micro = environmentClass === 'mw1.micro';
      return {
        address: resource.address,
        environmentClass,
        minWorkers: numberOr(resource.body.min_workers, 1),
        maxWorkers: numberOr(resource.body.max_workers, micro ? 1 : 10),
        schedulers: numberOr(resource.body.schedulers, micro ? 1 : 2),
        logGroups: mwaaLogGroups(resource.body, logGroupNames),
      };
    }),
    kmsKeys: addresses('aws_kms_key', 'aws_kms_replica_key'),
    secrets: addresses('aws_secretsmanager_secret'),
    logGroups: ofType('aws_cloudwatch_log_group').map((resource) => ({
      address: resource.address,
      retentionDays: numberOr(resource.body.retention_in_days, 0),
    })),
    buckets: addresses('aws_s3_bucket'),
    alarms: addresses('aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm'),
    flowLogs: addresses('aws_flow_log'),
    emrMarkers: all.filter(isEmrMarker).map((resource) => resource.address),
    unpricedTypes: [...new Set(all.map((resource) => resource.type))]
      .filter(
        (type) => !FREE_TYPES.has(type) && !PRICED_TYPES.has(type) && !type.startsWith('aws_s3_bucket_'),
      )
      .sort(),
  };
}
