import { LAKE_ZONES, type CostAssumptions } from './assumptions';
import type { Inventory } from './inventory';
import {
  instancePricesFor,
  mwaaPricesFor,
  regionPricesFor,
  type PriceEntry,
  type PriceFile,
  type S3StorageClass,
} from './prices';

/**
 * Monthly line items from an inventory, prices and usage assumptions. Pure arithmetic: quantity ×
 * unit price, one line per billing dimension, each naming the resources it comes from.
 */

export interface LineItem {
  /** Stable key, used to line an environment up against the reference layout. */
  readonly key: string;
  readonly label: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
  /** Whether the unit price was confirmed in a published source (prices/aws-prices.json). */
  readonly verified: boolean;
  readonly resources: readonly string[];
}

export interface Estimate {
  readonly region: string;
  readonly lines: readonly LineItem[];
  readonly totalUsd: number;
  /** Part of the total priced with figures marked `verified: false`. */
  readonly unverifiedUsd: number;
}

const STORAGE_CLASS_LABEL: Record<S3StorageClass, string> = {
  standard: 'Standard',
  standard_ia: 'Standard-IA',
  glacier_flexible: 'Glacier Flexible Retrieval',
  glacier_ir: 'Glacier Instant Retrieval',
};

export const round2 = (usd: number) => Math.round(usd * 100) / 100;

export function estimate(
  inventory: Inventory,
  assumptions: CostAssumptions,
  table: PriceFile,
  fallbackRegion = 'eu-north-1',
): Estimate {
  const region = inventory.region ?? fallbackRegion;
  const prices = regionPricesFor(table, region);
  const hours = assumptions.hours_per_month;
  const lines: LineItem[] = [];
  const add = (
    key: string,
    label: string,
    quantity: number,
    unit: string,
    price: PriceEntry,
    resources: readonly string[],
    unitPriceUsd = price.usd,
  ) => {
    if (quantity <= 0) return;
    lines.push({
      key,
      label,
      quantity,
      unit,
      unitPriceUsd,
      monthlyUsd: quantity * unitPriceUsd,
      verified: price.verified,
      resources,
    });
  };

  const nats = inventory.natGateways;
  add(
    'nat.hours',
    `NAT gateways (${nats.length})`,
    nats.length * hours,
    'hour',
    prices.nat_gateway_hour,
    nats,
  );
  if (nats.length > 0) {
    add(
      'nat.gb',
      'NAT data processed (assumed)',
      assumptions.nat_gb_processed_per_month,
      'GB',
      prices.nat_gateway_gb,
      nats,
    );
  }
  const ips = inventory.elasticIps;
  add(
    'ipv4.hours',
    `Public IPv4 addresses (${ips.length} EIP)`,
    ips.length * hours,
    'hour',
    prices.public_ipv4_hour,
    ips,
  );

  const interfaces = inventory.interfaceEndpoints;
  const azHours = interfaces.reduce((sum, endpoint) => sum + endpoint.azs, 0) * hours;
  const services = interfaces.map((endpoint) => `${endpoint.service}×${endpoint.azs}`).join(', ');
  add(
    'endpoints.hours',
    `Interface endpoints, per AZ (${services})`,
    azHours,
    'AZ-hour',
    prices.interface_endpoint_az_hour,
    interfaces.map((endpoint) => endpoint.address),
  );
  if (interfaces.length > 0) {
    add(
      'endpoints.gb',
      'Interface endpoint data processed (assumed)',
      assumptions.interface_endpoint_gb_processed_per_month,
      'GB',
      prices.interface_endpoint_gb,
      interfaces.map((endpoint) => endpoint.address),
    );
  }

  const associations = inventory.vpnAssociations;
  add(
    'vpn.associations',
    `Client VPN subnet associations (${associations.length})`,
    associations.length * hours,
    'hour',
    prices.client_vpn_association_hour,
    associations,
  );
  if (inventory.vpnEndpoints.length > 0) {
    add(
      'vpn.connections',
      'Client VPN connection-hours (assumed)',
      assumptions.vpn_connection_hours_per_month,
      'connection-hour',
      prices.client_vpn_connection_hour,
      inventory.vpnEndpoints,
    );
  }

  for (const env of inventory.mwaa) {
    const mwaa = mwaaPricesFor(prices, region, env.environmentClass);
    const micro = env.environmentClass === 'mw1.micro';
    const key = `mwaa[${env.address}]`;
    add(
      key + '.environment',
      `MWAA ${env.environmentClass} environment`,
      hours,
      'hour',
      mwaa.environment_hour,
      [env.address],
    );
    // The environment price includes one worker and, for classes above micro, two schedulers.
    const extraWorkers =
      Math.max(0, env.minWorkers - 1) +
      Math.min(assumptions.mwaa_average_extra_workers, Math.max(0, env.maxWorkers - env.minWorkers));
    if (!micro) {
      add(
        key + '.workers',
        'MWAA additional workers (average)',
        extraWorkers * hours,
        'worker-hour',
        mwaa.worker_hour,
        [env.address],
      );
      add(
        key + '.schedulers',
        'MWAA additional schedulers',
        Math.max(0, env.schedulers - 2) * hours,
        'scheduler-hour',
        mwaa.scheduler_hour,
        [env.address],
      );
    }
    add(
      key + '.metadata',
      'MWAA metadata database (assumed size)',
      assumptions.mwaa_metadata_db_gb,
      'GB-month',
      prices.mwaa_metadata_gb_month,
      [env.address],
    );
  }

  add(
    'kms.keys',
    `KMS customer managed keys (${inventory.kmsKeys.length})`,
    inventory.kmsKeys.length,
    'key-month',
    prices.kms_key_month,
    inventory.kmsKeys,
  );
  add(
    'secrets',
    `Secrets Manager secrets (${inventory.secrets.length})`,
    inventory.secrets.length,
    'secret-month',
    prices.secret_month,
    inventory.secrets,
  );

  const mwaaGroups = inventory.mwaa.reduce((sum, env) => sum + env.logGroups, 0);
  const groups = inventory.logGroups.length + mwaaGroups;
  const perGroup = assumptions.log_gb_per_month_per_group * assumptions.log_volume_multiplier;
  const logSources = [
    ...inventory.logGroups.map((group) => group.address),
    ...inventory.mwaa.map((env) => env.address),
  ];
  add(
    'logs.ingestion',
    `CloudWatch Logs ingestion (${groups} groups${mwaaGroups ? `, ${mwaaGroups} created by MWAA` : ''})`,
    groups * perGroup,
    'GB',
    prices.logs_ingestion_gb,
    logSources,
  );
  // Steady state: a group keeps retention/30 months of its monthly volume.
  const monthsKept = (days: number) => (days > 0 ? days / 30 : assumptions.log_months_kept_without_retention);
  const storedGb =
    inventory.logGroups.reduce((sum, group) => sum + perGroup * monthsKept(group.retentionDays), 0) +
    mwaaGroups * perGroup * assumptions.log_months_kept_without_retention;
  add(
    'logs.storage',
    'CloudWatch Logs storage (steady state)',
    storedGb,
    'GB-month',
    prices.logs_storage_gb_month,
    logSources,
  );

  add(
    'alarms',
    `CloudWatch alarms (${inventory.alarms.length})`,
    inventory.alarms.length,
    'alarm-month',
    prices.cloudwatch_alarm_month,
    inventory.alarms,
  );

  if (inventory.buckets.length > 0) {
    for (const zone of LAKE_ZONES) {
      const mix = assumptions.s3_storage_class_mix[zone];
      for (const storageClass of Object.keys(STORAGE_CLASS_LABEL) as S3StorageClass[]) {
        add(
          `s3.${zone}.${storageClass}`,
          `S3 ${zone} zone, ${STORAGE_CLASS_LABEL[storageClass]} (assumed volume)`,
          assumptions.s3_gb_by_zone[zone] * mix[storageClass],
          'GB-month',
          prices.s3_gb_month[storageClass],
          inventory.buckets,
        );
      }
    }
  }

  if (inventory.emrMarkers.length > 0 && assumptions.emr_runs_per_month > 0) {
    const type = assumptions.emr_instance_type;
    const instance = instancePricesFor(prices, region, type);
    const nodes = assumptions.emr_primary_count + assumptions.emr_core_count;
    const instanceHours = nodes * assumptions.emr_hours_per_run * assumptions.emr_runs_per_month;
    const spotHours = instanceHours * assumptions.emr_spot_share;
    const runs = `${assumptions.emr_runs_per_month} runs × ${nodes} × ${assumptions.emr_hours_per_run} h`;
    add(
      'emr.on_demand',
      `EMR EC2 ${type} On-Demand (${runs})`,
      instanceHours - spotHours,
      'instance-hour',
      instance.on_demand_hour,
      inventory.emrMarkers,
    );
    add(
      'emr.spot',
      `EMR EC2 ${type} Spot (${Math.round(assumptions.emr_spot_share * 100)}% of hours, ${Math.round(prices.ec2_spot_discount.usd * 100)}% off)`,
      spotHours,
      'instance-hour',
      {
        ...instance.on_demand_hour,
        verified: instance.on_demand_hour.verified && prices.ec2_spot_discount.verified,
      },
      inventory.emrMarkers,
      instance.on_demand_hour.usd * (1 - prices.ec2_spot_discount.usd),
    );
    add(
      'emr.uplift',
      `EMR service charge for ${type}`,
      instanceHours,
      'instance-hour',
      instance.emr_uplift_hour,
      inventory.emrMarkers,
    );
  }

  const totalUsd = lines.reduce((sum, line) => sum + line.monthlyUsd, 0);
  const unverifiedUsd = lines
    .filter((line) => !line.verified)
    .reduce((sum, line) => sum + line.monthlyUsd, 0);
  return { region, lines, totalUsd, unverifiedUsd };
}
