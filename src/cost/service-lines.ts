import { LAKE_ZONES } from './assumptions';
import type { LineHandler } from './estimate';
import { instancePricesFor, mwaaPricesFor, type S3StorageClass } from './prices';

/**
 * Service charges: MWAA (billed only the hours it exists), KMS, Secrets Manager, CloudWatch, the
 * lake's storage and EMR runs.
 */

const mwaa: LineHandler = (inventory, { add, officeHours: hours, prices, region, assumptions }) => {
  for (const env of inventory.mwaa) {
    const price = mwaaPricesFor(prices, region, env.environmentClass);
    const key = `mwaa[${env.address}]`;
    const resources = [env.address];
    add({
      key: `${key}.environment`,
      label: `MWAA ${env.environmentClass} environment`,
      quantity: hours,
      unit: 'hour',
      price: price.environment_hour,
      resources,
      alwaysOn: true,
    });
    // The environment price includes one worker and, above mw1.micro, two schedulers; micro cannot add any.
    if (env.environmentClass !== 'mw1.micro') {
      const extraWorkers =
        Math.max(0, env.minWorkers - 1) +
        Math.min(assumptions.mwaa_average_extra_workers, Math.max(0, env.maxWorkers - env.minWorkers));
      add({
        key: `${key}.workers`,
        label: 'MWAA additional workers (average)',
        quantity: extraWorkers * hours,
        unit: 'worker-hour',
        price: price.worker_hour,
        resources,
        alwaysOn: true,
      });
      add({
        key: `${key}.schedulers`,
        label: 'MWAA additional schedulers',
        quantity: Math.max(0, env.schedulers - 2) * hours,
        unit: 'scheduler-hour',
        price: price.scheduler_hour,
        resources,
        alwaysOn: true,
      });
    }
    add({
      key: `${key}.metadata`,
      label: 'MWAA metadata database (assumed size)',
      quantity: assumptions.mwaa_metadata_db_gb,
      unit: 'GB-month',
      price: prices.mwaa_metadata_gb_month,
      resources,
    });
  }
};

const keysAndSecrets: LineHandler = ({ kmsKeys, secrets }, { add, prices }) => {
  add({
    key: 'kms.keys',
    label: `KMS customer managed keys (${kmsKeys.length})`,
    quantity: kmsKeys.length,
    unit: 'key-month',
    price: prices.kms_key_month,
    resources: kmsKeys,
  });
  add({
    key: 'secrets',
    label: `Secrets Manager secrets (${secrets.length})`,
    quantity: secrets.length,
    unit: 'secret-month',
    price: prices.secret_month,
    resources: secrets,
  });
};

/** Ingestion per group per month; storage at steady state: a group keeps retention/30 months of it. */
const cloudWatch: LineHandler = (inventory, { add, prices, assumptions }) => {
  const mwaaGroups = inventory.mwaa.reduce((sum, env) => sum + env.logGroups, 0);
  const groups = inventory.logGroups.length + mwaaGroups;
  const perGroup = assumptions.log_gb_per_month_per_group * assumptions.log_volume_multiplier;
  const unlimited = assumptions.log_months_kept_without_retention;
  const monthsKept = (days: number) => (days > 0 ? days / 30 : unlimited);
  const resources = [
    ...inventory.logGroups.map((group) => group.address),
    ...inventory.mwaa.map((env) => env.address),
  ];
  add({
    key: 'logs.ingestion',
    label: `CloudWatch Logs ingestion (${groups} groups${mwaaGroups ? `, ${mwaaGroups} created by MWAA` : ''})`,
    quantity: groups * perGroup,
    unit: 'GB',
    price: prices.logs_ingestion_gb,
    resources,
  });
  add({
    key: 'logs.storage',
    label: 'CloudWatch Logs storage (steady state)',
    quantity:
      inventory.logGroups.reduce((sum, group) => sum + perGroup * monthsKept(group.retentionDays), 0) +
      mwaaGroups * perGroup * unlimited,
    unit: 'GB-month',
    price: prices.logs_storage_gb_month,
    resources,
  });
  add({
    key: 'alarms',
    label: `CloudWatch alarms (${inventory.alarms.length})`,
    quantity: inventory.alarms.length,
    unit: 'alarm-month',
    price: prices.cloudwatch_alarm_month,
    resources: inventory.alarms,
  });
};

const STORAGE_CLASS_LABEL: Record<S3StorageClass, string> = {
  standard: 'Standard',
  standard_ia: 'Standard-IA',
  glacier_flexible: 'Glacier Flexible Retrieval',
  glacier_ir: 'Glacier Instant Retrieval',
};

/** The lake's volume is an assumption per zone; it is priced once the stack has buckets. */
const lakeStorage: LineHandler = ({ buckets }, { add, prices, assumptions }) => {
  if (buckets.length === 0) return;
  for (const zone of LAKE_ZONES) {
    for (const storageClass of Object.keys(STORAGE_CLASS_LABEL) as S3StorageClass[]) {
      add({
        key: `s3.${zone}.${storageClass}`,
        label: `S3 ${zone} zone, ${STORAGE_CLASS_LABEL[storageClass]} (assumed volume)`,
        quantity: assumptions.s3_gb_by_zone[zone] * assumptions.s3_storage_class_mix[zone][storageClass],
        unit: 'GB-month',
        price: prices.s3_gb_month[storageClass],
        resources: buckets,
      });
    }
  }
};

/**
 * Airflow creates the clusters, so Terraform holds only their markers (security configuration, EMR
 * endpoint); sizing and runs come from the assumptions.
 */
const emrRuns: LineHandler = ({ emrMarkers }, { add, prices, region, assumptions: a }) => {
  if (emrMarkers.length === 0 || a.emr_runs_per_month === 0) return;
  const type = a.emr_instance_type;
  const instance = instancePricesFor(prices, region, type);
  const nodes = a.emr_primary_count + a.emr_core_count;
  const instanceHours = nodes * a.emr_hours_per_run * a.emr_runs_per_month;
  const spotHours = instanceHours * a.emr_spot_share;
  const discount = prices.ec2_spot_discount;
  const runs = `${a.emr_runs_per_month} runs × ${nodes} × ${a.emr_hours_per_run} h`;
  add({
    key: 'emr.on_demand',
    label: `EMR EC2 ${type} On-Demand (${runs})`,
    quantity: instanceHours - spotHours,
    unit: 'instance-hour',
    price: instance.on_demand_hour,
    resources: emrMarkers,
  });
  add({
    key: 'emr.spot',
    label: `EMR EC2 ${type} Spot (${Math.round(a.emr_spot_share * 100)}% of hours, ${Math.round(discount.usd * 100)}% off)`,
    quantity: spotHours,
    unit: 'instance-hour',
    price: { ...instance.on_demand_hour, verified: instance.on_demand_hour.verified && discount.verified },
    unitPriceUsd: instance.on_demand_hour.usd * (1 - discount.usd),
    resources: emrMarkers,
  });
  add({
    key: 'emr.uplift',
    label: `EMR service charge for ${type}`,
    quantity: instanceHours,
    unit: 'instance-hour',
    price: instance.emr_uplift_hour,
    resources: emrMarkers,
  });
};

export const serviceLines: readonly LineHandler[] = [mwaa, keysAndSecrets, cloudWatch, lakeStorage, emrRuns];
