import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The price table in `prices/aws-prices.json`: one entry per billing dimension and region, each with
 * whether it was confirmed in a published source. Lookups fail with the region or instance type asked
 * for and what the table has, so a new region or EMR instance type is one JSON edit away.
 */

const priceEntry = z.strictObject({
  usd: z.number().nonnegative(),
  verified: z.boolean(),
  source: z.string().optional(),
  note: z.string().optional(),
  /** Low and high published figure when the region's own price is not confirmed; `usd` is one of them. */
  range_usd: z.tuple([z.number().nonnegative(), z.number().nonnegative()]).optional(),
});
export type PriceEntry = z.output<typeof priceEntry>;

const mwaaClassPrices = z.strictObject({
  environment_hour: priceEntry,
  worker_hour: priceEntry,
  scheduler_hour: priceEntry,
});

const regionPrices = z.strictObject({
  nat_gateway_hour: priceEntry,
  nat_gateway_gb: priceEntry,
  public_ipv4_hour: priceEntry,
  interface_endpoint_az_hour: priceEntry,
  interface_endpoint_gb: priceEntry,
  client_vpn_association_hour: priceEntry,
  client_vpn_connection_hour: priceEntry,
  kms_key_month: priceEntry,
  secret_month: priceEntry,
  logs_ingestion_gb: priceEntry,
  logs_storage_gb_month: priceEntry,
  cloudwatch_alarm_month: priceEntry,
  /** Vended logs (VPC flow logs) delivered to S3, per GB. */
  vended_logs_s3_gb: priceEntry,
  s3_gb_month: z.strictObject({
    standard: priceEntry,
    standard_ia: priceEntry,
    glacier_flexible: priceEntry,
    glacier_ir: priceEntry,
  }),
  mwaa: z.record(z.string(), mwaaClassPrices),
  mwaa_metadata_gb_month: priceEntry,
  ec2_spot_discount: priceEntry.refine((entry) => entry.usd < 1, {
    error: 'ec2_spot_discount is a fraction of the On-Demand price (0.6 = 60% off)',
  }),
  instances: z.record(
    z.string(),
    z.strictObject({ on_demand_hour: priceEntry, emr_uplift_hour: priceEntry }),
  ),
});
export type RegionPrices = z.output<typeof regionPrices>;
export type S3StorageClass = keyof RegionPrices['s3_gb_month'];

export const priceFileSchema = z.strictObject({
  description: z.string(),
  source: z.string().min(1),
  retrieved: z.iso.date(),
  currency: z.literal('USD'),
  hours_per_month: z.number().positive(),
  regions: z.record(z.string(), regionPrices),
});
export type PriceFile = z.output<typeof priceFileSchema>;

export const DEFAULT_PRICE_FILE = new URL('../../prices/aws-prices.json', import.meta.url);

export class PriceLookupError extends Error {}

export function loadPriceFile(file: URL | string = DEFAULT_PRICE_FILE): PriceFile {
  const parsed = priceFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new PriceLookupError(
      `${String(file)} is not a valid price table:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

function available(keys: string[]): string {
  return keys.length > 0 ? keys.sort().join(', ') : '(none)';
}

/** The prices of one region; unknown regions name the ones the table has. */
export function regionPricesFor(table: PriceFile, region: string): RegionPrices {
  const prices = table.regions[region];
  if (!prices) {
    throw new PriceLookupError(
      `no prices for region "${region}" in prices/aws-prices.json; available regions: ${available(Object.keys(table.regions))}. ` +
        'Add the region there (copy an existing block and replace every figure from the AWS pricing pages).',
    );
  }
  return prices;
}

export function instancePricesFor(prices: RegionPrices, region: string, instanceType: string) {
  const instance = prices.instances[instanceType];
  if (!instance) {
    throw new PriceLookupError(
      `no EC2/EMR prices for instance type "${instanceType}" in region "${region}"; available instance types: ` +
        `${available(Object.keys(prices.instances))}. Pick one of those for emr_instance_type or add it to prices/aws-prices.json.`,
    );
  }
  return instance;
}

export function mwaaPricesFor(prices: RegionPrices, region: string, environmentClass: string) {
  const entry = prices.mwaa[environmentClass];
  if (!entry) {
    throw new PriceLookupError(
      `no MWAA prices for environment class "${environmentClass}" in region "${region}"; available classes: ` +
        `${available(Object.keys(prices.mwaa))}.`,
    );
  }
  return entry;
}
