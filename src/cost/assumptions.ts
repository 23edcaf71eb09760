import { z } from 'zod';

/**
 * Usage the synthesized Terraform cannot tell: traffic, log volume, data volume and EMR runs. An
 * environment file holds them as `cost = { ... }`; every key is optional and defaults to a small
 * pipeline (a few hundred GB in the lake, one short EMR run a day). Prices live in
 * prices/aws-prices.json, never here.
 */

const gb = z.number().nonnegative().max(10_000_000);
const share = z.number().min(0).max(1);

const storageMix = z
  .strictObject({
    standard: share.default(0).describe('Share of the zone in S3 Standard'),
    standard_ia: share.default(0).describe('Share of the zone in S3 Standard-IA'),
    glacier_flexible: share.default(0).describe('Share of the zone in S3 Glacier Flexible Retrieval'),
    glacier_ir: share.default(0).describe('Share of the zone in S3 Glacier Instant Retrieval'),
  })
  .refine(
    (mix) => Math.abs(mix.standard + mix.standard_ia + mix.glacier_flexible + mix.glacier_ir - 1) < 1e-6,
    {
      error: 'the shares of a zone must add up to 1',
    },
  );

export const LAKE_ZONES = ['raw', 'staging', 'curated', 'logs'] as const;
export type LakeZone = (typeof LAKE_ZONES)[number];

export const costAssumptionsSchema = z.strictObject({
  hours_per_month: z
    .number()
    .positive()
    .max(744)
    .default(730)
    .describe('Hours billed per month for always-on resources (AWS calculators use 730).'),
  nat_gb_processed_per_month: gb
    .default(50)
    .describe(
      'GB through all NAT gateways of the environment per month (package installs, SES, external APIs).',
    ),
  interface_endpoint_gb_processed_per_month: gb
    .default(20)
    .describe('GB through all interface endpoints per month (logs, secrets, SQS, EMR API calls).'),
  vpn_connection_hours_per_month: z
    .number()
    .nonnegative()
    .max(1_000_000)
    .default(160)
    .describe('Client VPN connection-hours per month: e.g. 2 engineers × 4 h × 20 working days = 160.'),
  mwaa_average_extra_workers: z
    .number()
    .nonnegative()
    .max(25)
    .default(0.25)
    .describe(
      'Average MWAA workers running above min_workers (autoscaling), capped at max_workers - min_workers.',
    ),
  mwaa_metadata_db_gb: gb.default(2).describe('Size of the MWAA metadata database in GB.'),
  log_gb_per_month_per_group: gb
    .default(0.5)
    .describe(
      'GB ingested per month by each CloudWatch log group (synthesized ones and the ones MWAA creates).',
    ),
  log_volume_multiplier: z
    .number()
    .positive()
    .max(100)
    .default(1)
    .describe('Factor on log volume: 1 for INFO logging (what the platform ships).'),
  reference_debug_log_multiplier: z
    .number()
    .positive()
    .max(100)
    .default(5)
    .describe(
      "Factor on log volume of the reference layout's DEBUG logging. An assumption, not a measurement: Airflow at DEBUG writes several times its INFO volume; 5 is a round planning figure.",
    ),
  flow_log_gb_per_month: gb
    .default(5)
    .describe('GB of VPC flow-log records delivered to S3 per month (a small VPC with a daily batch).'),
  office_hours_overhead_hours_per_day: z
    .number()
    .nonnegative()
    .max(12)
    .default(1)
    .describe(
      'Hours billed per office day beyond the office window: MWAA takes 20-40 min to create and to delete, partial hours bill as full ones, and GitHub may start a scheduled run late.',
    ),
  log_months_kept_without_retention: z
    .number()
    .positive()
    .max(120)
    .default(12)
    .describe('Months of logs kept when a log group never expires (retention 0 or unset).'),
  s3_gb_by_zone: z
    .strictObject({
      raw: gb.default(200).describe('GB in raw/'),
      staging: gb.default(50).describe('GB in staging/'),
      curated: gb.default(100).describe('GB in curated/'),
      logs: gb.default(20).describe('GB in logs/'),
    })
    .prefault({})
    .describe('GB stored per lake zone (steady state)'),
  /**
   * Defaults follow the lake lifecycle rules with a year of data arriving at a steady rate: raw is
   * Standard for 30 days (8%), Standard-IA to day 90 (16%), then Glacier Instant Retrieval (76%, the
   * lake lifecycle class: reprocessing needs no restore); logs are Standard for 30 days then
   * Standard-IA until they expire at 365 days; staging and curated stay in Standard.
   */
  s3_storage_class_mix: z
    .strictObject({
      raw: storageMix
        .default({ standard: 0.08, standard_ia: 0.16, glacier_flexible: 0, glacier_ir: 0.76 })
        .describe('Storage classes of raw/ (follows the raw lifecycle rules)'),
      staging: storageMix
        .default({ standard: 1, standard_ia: 0, glacier_flexible: 0, glacier_ir: 0 })
        .describe('Storage classes of staging/'),
      curated: storageMix
        .default({ standard: 1, standard_ia: 0, glacier_flexible: 0, glacier_ir: 0 })
        .describe('Storage classes of curated/'),
      logs: storageMix
        .default({ standard: 0.08, standard_ia: 0.92, glacier_flexible: 0, glacier_ir: 0 })
        .describe('Storage classes of logs/ (follows the logs lifecycle rules)'),
    })
    .prefault({})
    .describe('Share of each lake zone per S3 storage class; the shares of a zone add up to 1'),
  emr_runs_per_month: z
    .number()
    .nonnegative()
    .max(10_000)
    .default(30)
    .describe('Transient EMR clusters Airflow starts per month (one daily pipeline run).'),
  emr_hours_per_run: z
    .number()
    .nonnegative()
    .max(744)
    .default(1)
    .describe('Average billed hours per cluster, bootstrap included.'),
  emr_spot_share: share
    .default(2 / 3)
    .describe(
      "Share of EMR instance-hours on Spot. `npm run cost` and synth take it, the instance type and the node counts from the env file's `emr` block (emrClusterShape, what the DAG starts); these defaults serve only a report built without an environment.",
    ),
  emr_instance_type: z
    .string()
    .min(1)
    .default('m5.xlarge')
    .describe('EMR instance type for every node; must be in prices/aws-prices.json.'),
  emr_primary_count: z
    .int()
    .min(1)
    .max(3)
    .default(1)
    .describe('EMR primary nodes (overridden by the emr block)'),
  emr_core_count: z.int().min(0).max(100).default(2).describe('EMR core nodes (overridden by the emr block)'),
});

export type CostAssumptions = z.output<typeof costAssumptionsSchema>;
export type CostAssumptionsInput = z.input<typeof costAssumptionsSchema>;

/** Assumptions with every default filled in; throws a zod error for invalid input. */
export function costAssumptions(input: CostAssumptionsInput | undefined = {}): CostAssumptions {
  return costAssumptionsSchema.parse(input ?? {});
}
