import { z } from 'zod';
import { AWS_REGIONS } from './regions';
import { contains, overlaps, parseCidr, type Cidr } from './cidr';
import { costAssumptionsSchema } from '../cost/assumptions';

/**
 * The one schema every `environments/<name>.tfvars` file is validated with. Keys follow
 * terraform-aws-modules/vpc where a name exists there (`private_subnets`, `single_nat_gateway`, ...);
 * service settings sit in one block per construct. Every default below is what the source documents
 * fix or the cheapest safe choice; an environment file only states what differs.
 */

const cidrBlock = z.string().superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

const positiveDays = z.int().min(1).max(3650);

const tagValue = z
  .string()
  .min(1)
  .max(256, { error: 'tag values are limited to 256 characters by AWS' })
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, {
    error: 'tag values may only contain letters, digits, spaces and _ . : / = + - @',
  });

/** AWS tag key rules; checked by hand because zod reports record-key failures only as "Invalid key". */
function tagKeyProblem(key: string): string | undefined {
  if (key.length > 128) return 'tag keys are limited to 128 characters by AWS';
  if (key.toLowerCase().startsWith('aws:')) return 'tag keys must not start with "aws:"';
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(key))
    return 'tag keys may only contain letters, digits, spaces and _ . : / = + - @';
  return undefined;
}

const email = z.email({ error: 'expected an email address like data-alerts@example.com' });

export const INTERFACE_ENDPOINT_SERVICES = [
  'logs',
  'secretsmanager',
  'sqs',
  'elasticmapreduce',
  'sts',
  'kms',
  'monitoring',
  'airflow.api',
  'airflow.env',
  'airflow.ops',
] as const;

export const MWAA_ENVIRONMENT_CLASSES = [
  'mw1.micro',
  'mw1.small',
  'mw1.medium',
  'mw1.large',
  'mw1.xlarge',
  'mw1.2xlarge',
] as const;

/** The retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const lakeSchema = z.strictObject({
  /** Bucket names are `<bucket_prefix>-lake-<account id>`; defaults to `<project>-<environment>`. */
  bucket_prefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, {
      error: 'expected 3-40 lowercase letters, digits and hyphens (it starts an S3 bucket name)',
    })
    .optional(),
  raw_transition_to_ia_days: positiveDays
    .min(30, { error: 'S3 Standard-IA needs objects at least 30 days old' })
    .default(30),
  raw_transition_to_glacier_days: positiveDays.default(90),
  logs_transition_to_ia_days: positiveDays
    .min(30, { error: 'S3 Standard-IA needs objects at least 30 days old' })
    .default(30),
  logs_expiration_days: positiveDays.default(365),
  quarantine_expiration_days: positiveDays.default(90),
  noncurrent_version_expiration_days: positiveDays.default(30),
  access_log_expiration_days: positiveDays.default(365),
  athena_results_expiration_days: positiveDays
    .default(30)
    .describe('Days Athena query results are kept under athena-results/ in the lake bucket'),
  athena_bytes_scanned_cutoff_per_query: z
    .int()
    .min(10_485_760, { error: 'the smallest per-query limit Athena accepts is 10 MB (10485760 bytes)' })
    .default(10 * 1024 ** 3)
    .describe('Athena cancels a query of the analyst workgroup that scans more bytes than this'),
  prevent_destroy: z.boolean().default(false),
});

export const mwaaSchema = z.strictObject({
  airflow_version: z.enum(['2.11.0']).default('2.11.0'),
  environment_class: z.enum(MWAA_ENVIRONMENT_CLASSES).default('mw1.small'),
  min_workers: z.int().min(1).max(25).default(1),
  max_workers: z.int().min(1).max(25).default(2),
  schedulers: z.int().min(1).max(5).default(2),
  webserver_access_mode: z.enum(['PRIVATE_ONLY', 'PUBLIC_ONLY']).default('PRIVATE_ONLY'),
  log_level: z.enum(['CRITICAL', 'ERROR', 'WARNING', 'INFO']).default('INFO'),
  /** Sender of Airflow's email (verify it in SES); defaults to monitoring.alert_email. */
  mail_from: email.optional(),
  weekly_maintenance_window_start: z
    .string()
    .regex(/^(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\d|2[0-3]):(00|30)$/, {
      error: 'expected DAY:HH:MM like SUN:03:00',
    })
    .default('SUN:03:00'),
});

export const emrSchema = z.strictObject({
  release_label: z
    .string()
    .regex(/^emr-\d+\.\d+\.\d+$/, { error: 'expected an EMR release label like emr-7.8.0' })
    .default('emr-7.8.0'),
  idle_timeout_seconds: z.int().min(60).max(604800).default(1800),
  /** s3:// URI of a zip of PEM certificates; when set, in-transit encryption is enabled. */
  in_transit_certificates_s3_uri: z
    .string()
    .regex(/^s3:\/\/[a-z0-9.-]{3,63}\/.+\.zip$/, { error: 'expected s3://bucket/path/certs.zip' })
    .optional(),
  generate_sample_data: z.boolean().default(false),
});

export const vpnSchema = z.strictObject({
  enabled: z.boolean().default(true),
  client_cidr: cidrBlock.default('10.0.0.0/16'),
  split_tunnel: z.boolean().default(true),
  transport_protocol: z.enum(['udp', 'tcp']).default('udp'),
  session_timeout_hours: z.union([z.literal(8), z.literal(10), z.literal(12), z.literal(24)]).default(8),
  /** Existing ACM certificates (recommended for prod). When absent, certificates/<environment>/ is imported. */
  server_certificate_arn: z
    .string()
    .regex(/^arn:aws[a-z-]*:acm:/, { error: 'expected an ACM certificate ARN' })
    .optional(),
  client_root_certificate_arn: z
    .string()
    .regex(/^arn:aws[a-z-]*:acm:/, { error: 'expected an ACM certificate ARN' })
    .optional(),
});

export const monitoringSchema = z.strictObject({
  alert_email: email.default('data-platform-alerts@example.com'),
  log_retention_days: z
    .int()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      error: `CloudWatch accepts only these retention periods (days): ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(30),
  monthly_budget_usd: z.number().positive().max(1_000_000).default(500),
  budget_alert_thresholds_percent: z.array(z.int().min(1).max(1000)).min(1).max(5).default([80, 100]),
});

/** Keys a section accepts, for "did you mean" suggestions on unknown keys. */
export const SECTION_SCHEMAS = {
  lake: lakeSchema,
  mwaa: mwaaSchema,
  emr: emrSchema,
  vpn: vpnSchema,
  monitoring: monitoringSchema,
  cost: costAssumptionsSchema,
} as const;

const environmentShape = {
  environment: z.string().regex(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/, {
    error: 'expected 2-12 lowercase letters, digits and hyphens, like dev',
  }),
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/, { error: 'expected 3-24 lowercase letters, digits and hyphens' })
    .default('buildit-spark'),
  owner: tagValue.default('data-platform-team'),
  cost_center: tagValue.default('analytics'),
  region: z.enum(AWS_REGIONS).default('eu-north-1'),
  tags: z.record(z.string(), tagValue).default({}),

  vpc_name: z.string().min(1).max(200).optional(),
  vpc_cidr: cidrBlock.default('10.100.0.0/16'),
  /** Two availability zones; defaults to `<region>a` and `<region>b`. */
  azs: z.array(z.string()).length(2, { error: 'expected exactly two availability zones' }).optional(),
  /** public_subnets[0] is the Client VPN target subnet, public_subnets[1] the application subnet. */
  public_subnets: z
    .array(cidrBlock)
    .length(2, { error: 'expected exactly two public subnets (one per AZ)' })
    .default(['10.100.0.0/24', '10.100.1.0/24']),
  private_subnets: z
    .array(cidrBlock)
    .length(2, { error: 'expected exactly two private subnets (one per AZ)' })
    .default(['10.100.3.0/24', '10.100.4.0/24']),
  enable_nat_gateway: z.boolean().default(true),
  single_nat_gateway: z.boolean().default(false),
  one_nat_gateway_per_az: z.boolean().default(true),
  enable_dns_hostnames: z.boolean().default(true),
  enable_dns_support: z.boolean().default(true),
  interface_endpoints: z
    .array(z.enum(INTERFACE_ENDPOINT_SERVICES))
    .default(['logs', 'secretsmanager', 'sqs', 'elasticmapreduce']),
  flow_logs_enabled: z.boolean().default(true),

  lake: lakeSchema.prefault({}),
  mwaa: mwaaSchema.prefault({}),
  emr: emrSchema.prefault({}),
  vpn: vpnSchema.prefault({}),
  monitoring: monitoringSchema.prefault({}),
  /** Usage assumptions of the cost report (`npm run cost`); they change no resource. */
  cost: costAssumptionsSchema.prefault({}),
};

export const ROOT_KEYS = Object.keys(environmentShape);

const AWS_MAX_TAGS = 50;
const DEFAULT_TAG_COUNT = 4;

export const environmentSchema = z
  .strictObject(environmentShape)
  .superRefine((cfg, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });

    const azs = cfg.azs ?? [`${cfg.region}a`, `${cfg.region}b`];
    azs.forEach((az, i) => {
      if (!new RegExp(`^${cfg.region}[a-z]$`).test(az)) {
        issue(
          ['azs', i],
          `"${az}" is not an availability zone of region ${cfg.region}; use ${cfg.region}a, ${cfg.region}b, ...`,
        );
      }
    });
    if (azs[0] === azs[1])
      issue(
        ['azs', 1],
        `both AZs are "${azs[0]}"; private subnets need two distinct AZs for MWAA and NAT resilience`,
      );

    for (const key of Object.keys(cfg.tags)) {
      const problem = tagKeyProblem(key);
      if (problem) issue(['tags', key], problem);
    }
    const tagCount = Object.keys(cfg.tags).length + DEFAULT_TAG_COUNT;
    if (tagCount > AWS_MAX_TAGS) {
      issue(['tags'], `${tagCount} tags with the 4 default ones; AWS allows ${AWS_MAX_TAGS} per resource`);
    }

    // Zod runs this refinement even when a field failed; CIDR rules need every block parsed.
    const blocks = [cfg.vpc_cidr, cfg.vpn.client_cidr, ...cfg.public_subnets, ...cfg.private_subnets].map(
      parseCidr,
    );
    if (blocks.some((block) => typeof block === 'string')) return;
    const vpc = parseCidr(cfg.vpc_cidr) as Cidr;
    if (vpc.prefix < 16 || vpc.prefix > 28) {
      issue(['vpc_cidr'], `AWS allows VPC blocks from /16 to /28, got /${vpc.prefix}`);
    }
    const subnets = [
      ...cfg.public_subnets.map((text, i) => ({
        key: ['public_subnets', i] as (string | number)[],
        label: `public_subnets[${i}]`,
        cidr: parseCidr(text) as Cidr,
      })),
      ...cfg.private_subnets.map((text, i) => ({
        key: ['private_subnets', i] as (string | number)[],
        label: `private_subnets[${i}]`,
        cidr: parseCidr(text) as Cidr,
      })),
    ];
    subnets.forEach((subnet, i) => {
      if (!contains(vpc, subnet.cidr)) {
        issue(subnet.key, `${subnet.cidr.text} is outside vpc_cidr ${vpc.text}; pick a block inside it`);
      } else if (subnet.cidr.prefix > 28) {
        issue(subnet.key, `AWS subnets must be /28 or larger, got /${subnet.cidr.prefix}`);
      }
      for (const other of subnets.slice(0, i)) {
        if (overlaps(subnet.cidr, other.cidr)) {
          issue(
            subnet.key,
            `${subnet.cidr.text} overlaps ${other.label} (${other.cidr.text}); every subnet needs its own block`,
          );
        }
      }
    });

    if (cfg.enable_nat_gateway && cfg.single_nat_gateway && cfg.one_nat_gateway_per_az) {
      issue(
        ['single_nat_gateway'],
        'single_nat_gateway and one_nat_gateway_per_az are both true; set one of them to false',
      );
    }

    const client = parseCidr(cfg.vpn.client_cidr) as Cidr;
    if (client.prefix < 12 || client.prefix > 22) {
      issue(
        ['vpn', 'client_cidr'],
        `Client VPN needs a client block between /12 and /22, got /${client.prefix}`,
      );
    }
    if (overlaps(client, vpc)) {
      issue(
        ['vpn', 'client_cidr'],
        `${client.text} overlaps vpc_cidr ${vpc.text}; VPN clients need addresses outside the VPC`,
      );
    }
    if (Boolean(cfg.vpn.server_certificate_arn) !== Boolean(cfg.vpn.client_root_certificate_arn)) {
      issue(
        ['vpn', cfg.vpn.server_certificate_arn ? 'client_root_certificate_arn' : 'server_certificate_arn'],
        'set both server_certificate_arn and client_root_certificate_arn, or neither (to import certificates/)',
      );
    }

    if (cfg.mwaa.min_workers > cfg.mwaa.max_workers) {
      issue(
        ['mwaa', 'min_workers'],
        `min_workers (${cfg.mwaa.min_workers}) is above max_workers (${cfg.mwaa.max_workers})`,
      );
    }
    if (cfg.mwaa.environment_class === 'mw1.micro' && (cfg.mwaa.max_workers > 1 || cfg.mwaa.schedulers > 1)) {
      issue(
        ['mwaa', 'environment_class'],
        'mw1.micro runs exactly one worker and one scheduler; set max_workers = 1 and schedulers = 1, or pick mw1.small',
      );
    }
    if (cfg.mwaa.environment_class !== 'mw1.micro' && cfg.mwaa.schedulers < 2) {
      issue(['mwaa', 'schedulers'], `${cfg.mwaa.environment_class} needs 2 to 5 schedulers`);
    }

    if (cfg.lake.raw_transition_to_glacier_days <= cfg.lake.raw_transition_to_ia_days) {
      issue(['lake', 'raw_transition_to_glacier_days'], 'must be later than raw_transition_to_ia_days');
    }
    if (cfg.lake.logs_expiration_days <= cfg.lake.logs_transition_to_ia_days) {
      issue(['lake', 'logs_expiration_days'], 'must be later than logs_transition_to_ia_days');
    }
  })
  .transform((cfg) => ({
    ...cfg,
    azs: cfg.azs ?? [`${cfg.region}a`, `${cfg.region}b`],
    vpc_name: cfg.vpc_name ?? `${cfg.project}-${cfg.environment}-vpc`,
    lake: { ...cfg.lake, bucket_prefix: cfg.lake.bucket_prefix ?? `${cfg.project}-${cfg.environment}` },
    mwaa: { ...cfg.mwaa, mail_from: cfg.mwaa.mail_from ?? cfg.monitoring.alert_email },
  }));

export type EnvironmentConfig = Readonly<z.output<typeof environmentSchema>>;

/** `environments/backend.hcl`: where Terraform state lives, shared by every environment. */
export const backendSchema = z.strictObject({
  bucket: z.string().regex(/^(?!xn--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
    error: 'expected an S3 bucket name: 3-63 lowercase letters, digits and hyphens',
  }),
  region: z.enum(AWS_REGIONS).default('eu-north-1'),
  key_prefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/)
    .default('platform'),
  noncurrent_version_expiration_days: positiveDays.default(90),
  kms_deletion_window_days: z.int().min(7).max(30).default(30),
});

export type BackendConfig = Readonly<z.output<typeof backendSchema>>;
