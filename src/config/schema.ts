import { z } from 'zod';
import { AVAILABILITY_ZONES, AWS_REGIONS } from './regions';
import { contains, overlaps, parseCidr, type Cidr } from './cidr';
import { costAssumptionsSchema } from '../cost/assumptions';
import { ADDRESS_TAG, DEFAULT_TAG_KEYS } from '../lib/address-tag-key';

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
  if (key === ADDRESS_TAG)
    return `"${ADDRESS_TAG}" is set by the platform on every resource (its Terraform address); use another key`;
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(key))
    return 'tag keys may only contain letters, digits, spaces and _ . : / = + - @';
  return undefined;
}

/** A list whose items must differ: a repeated item would create a resource twice. */
function uniqueList<T extends z.ZodType>(item: T) {
  return z.array(item).superRefine((items, ctx) => {
    items.forEach((value, i) => {
      const first = items.indexOf(value);
      if (first !== i) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `${JSON.stringify(value)} is listed twice (also at [${first}]); remove the repeat`,
        });
      }
    });
  });
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
  bucket_prefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
      error:
        'expected lowercase letters, digits and hyphens, starting and ending with a letter or digit (it starts an S3 bucket name)',
    })
    .optional()
    .describe(
      'Start of the bucket names `<bucket_prefix>-lake-<account>` and `<bucket_prefix>-access-logs-<account>`; default `<project>-<environment>`',
    ),
  raw_transition_to_ia_days: positiveDays
    .min(30, { error: 'S3 Standard-IA needs objects at least 30 days old' })
    .default(30)
    .describe('Days after which raw/ objects move to S3 Standard-IA'),
  raw_transition_to_glacier_days: positiveDays
    .default(90)
    .describe('Days after which raw/ objects move to Glacier Instant Retrieval (later than the IA move)'),
  logs_transition_to_ia_days: positiveDays
    .min(30, { error: 'S3 Standard-IA needs objects at least 30 days old' })
    .default(30)
    .describe('Days after which logs/ objects move to S3 Standard-IA'),
  logs_expiration_days: positiveDays.default(365).describe('Days after which logs/ objects are deleted'),
  quarantine_expiration_days: positiveDays
    .default(90)
    .describe('Days after which quarantined rows (quarantine/) are deleted'),
  noncurrent_version_expiration_days: positiveDays
    .default(30)
    .describe('Days a replaced or deleted object version is kept before it expires'),
  access_log_expiration_days: positiveDays
    .default(365)
    .describe('Days the server access logs (and VPC flow logs) are kept in the access-log bucket'),
  athena_results_expiration_days: positiveDays
    .default(30)
    .describe('Days Athena query results are kept under athena-results/ in the lake bucket'),
  athena_bytes_scanned_cutoff_per_query: z
    .int()
    .min(10_485_760, { error: 'the smallest per-query limit Athena accepts is 10 MB (10485760 bytes)' })
    .default(10 * 1024 ** 3)
    .describe('Athena cancels a query of the analyst workgroup that scans more bytes than this'),
  prevent_destroy: z
    .boolean()
    .default(false)
    .describe('Terraform refuses to destroy the lake buckets and the platform key (set it in prod)'),
});

export const mwaaSchema = z.strictObject({
  airflow_version: z
    .enum(['2.11.0'])
    .default('2.11.0')
    .describe('Apache Airflow version MWAA runs (the DAGs and their tests target it)'),
  environment_class: z
    .enum(MWAA_ENVIRONMENT_CLASSES)
    .default('mw1.small')
    .describe('MWAA environment class: the size of the scheduler, web server and workers'),
  min_workers: z.int().min(1).max(25).default(1).describe('Workers always running'),
  max_workers: z.int().min(1).max(25).default(2).describe('Upper bound MWAA autoscales workers to'),
  schedulers: z
    .int()
    .min(1)
    .max(5)
    .default(2)
    .describe('Airflow schedulers: 1 for mw1.micro, 2 to 5 for the other classes'),
  webserver_access_mode: z
    .enum(['PRIVATE_ONLY', 'PUBLIC_ONLY'])
    .default('PRIVATE_ONLY')
    .describe('PRIVATE_ONLY: the Airflow UI is reachable only inside the VPC (through the Client VPN)'),
  log_level: z
    .enum(['CRITICAL', 'ERROR', 'WARNING', 'INFO'])
    .default('INFO')
    .describe(
      'Level of the Airflow logs MWAA sends to CloudWatch (DEBUG is refused: it multiplies log cost)',
    ),
  mail_from: email
    .optional()
    .describe('Sender of Airflow email (verify it in SES); default monitoring.alert_email'),
  weekly_maintenance_window_start: z
    .string()
    .regex(/^(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\d|2[0-3]):(00|30)$/, {
      error: 'expected DAY:HH:MM like SUN:03:00',
    })
    .default('SUN:03:00')
    .describe('Start of the weekly MWAA maintenance window, DAY:HH:MM in UTC'),
});

/** EMR 7.x release labels the platform knows (Amazon EMR Release Guide, "Amazon EMR 7.x release versions"). */
export const EMR_RELEASE_LABELS = [
  'emr-7.0.0',
  'emr-7.1.0',
  'emr-7.2.0',
  'emr-7.3.0',
  'emr-7.4.0',
  'emr-7.5.0',
  'emr-7.6.0',
  'emr-7.7.0',
  'emr-7.8.0',
  'emr-7.9.0',
  'emr-7.10.0',
  'emr-7.11.0',
  'emr-7.12.0',
] as const;

const instanceTypes = (fleet: string) =>
  z
    .array(
      z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, {
        error: 'expected an EC2 instance type like m5.xlarge',
      }),
    )
    .min(1, { error: `the ${fleet} fleet needs at least one instance type` })
    // EMR accepts up to 30 instance types per fleet when an allocation strategy is set.
    .max(30, { error: 'EMR accepts at most 30 instance types per fleet' })
    .refine((types) => new Set(types).size === types.length, { error: 'each instance type once' });

/** Several similar types give Spot more pools to draw from; On-Demand takes the cheapest available. */
const DEFAULT_INSTANCE_TYPES = ['m5.xlarge', 'm5a.xlarge', 'm6i.xlarge'];

export const emrSchema = z.strictObject({
  release_label: z
    .enum(EMR_RELEASE_LABELS, {
      error: `expected one of the EMR 7.x release labels: ${EMR_RELEASE_LABELS.join(', ')}`,
    })
    .default('emr-7.8.0')
    .describe('EMR release of the transient clusters (7.x: Amazon Linux 2023, Spark 3.5)'),
  primary_instance_types: instanceTypes('primary')
    .default(DEFAULT_INSTANCE_TYPES)
    .describe('EC2 instance types the primary fleet may use, in order of preference for the cost report'),
  core_instance_types: instanceTypes('core')
    .default(DEFAULT_INSTANCE_TYPES)
    .describe('EC2 instance types the core fleet may use; list several so Spot has capacity pools'),
  primary_count: z
    .union([z.literal(1), z.literal(3)], { error: 'EMR runs 1 primary node, or 3 for high availability' })
    .default(1)
    .describe('Primary nodes per cluster: 1, or 3 for high availability'),
  primary_market: z
    .enum(['ON_DEMAND', 'SPOT'])
    .default('ON_DEMAND')
    .describe('Market of the primary node(s): a Spot interruption there ends the whole run'),
  core_count: z.int().min(1).max(100).default(2).describe('Core nodes per cluster'),
  core_on_demand_count: z
    .int()
    .min(0)
    .max(100)
    .default(0)
    .describe('Core nodes bought On-Demand; the rest of core_count is Spot (falls back to On-Demand)'),
  idle_timeout_seconds: z
    .int()
    .min(60)
    .max(604800)
    .default(1800)
    .describe('EMR terminates a cluster idle this long: the backstop when Airflow cannot'),
  step_timeout_minutes: z
    .int()
    .min(5)
    .max(1440)
    .default(120)
    .describe('Longest a single Spark step may run before Airflow fails it and removes the cluster'),
  raw_arrival_timeout_minutes: z
    .int()
    .min(1)
    .max(1440)
    .default(360)
    .describe(
      "How long a daily run waits for the day's raw data (_SUCCESS marker) before it alerts and fails",
    ),
  quarantine_rate_threshold_percent: z
    .number()
    .min(0)
    .max(100)
    .default(5)
    .describe(
      'A dataset with more quarantined rows than this share fails the run; curated is left untouched',
    ),
  in_transit_certificates_s3_uri: z
    .string()
    .regex(/^s3:\/\/[a-z0-9.-]{3,63}\/.+\.zip$/, { error: 'expected s3://bucket/path/certs.zip' })
    .optional()
    .describe('s3:// URI of a zip of PEM certificates; when set, in-transit (TLS) encryption is enabled'),
  generate_sample_data: z
    .boolean()
    .default(false)
    .describe('Generate synthetic raw data in each run instead of waiting for landed data (dev)'),
});

export const vpnSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('Create the Client VPN endpoint engineers reach the VPC through'),
  client_cidr: cidrBlock
    .default('10.0.0.0/16')
    .describe('Addresses given to VPN clients: /12 to /22, outside vpc_cidr'),
  split_tunnel: z
    .boolean()
    .default(true)
    .describe("Only VPC traffic goes through the VPN; the rest uses the client's own connection"),
  transport_protocol: z.enum(['udp', 'tcp']).default('udp').describe('VPN transport on port 443'),
  session_timeout_hours: z
    .literal([8, 10, 12, 24])
    .default(8)
    .describe('Hours after which a VPN session must reconnect'),
  server_certificate_arn: z
    .string()
    .regex(/^arn:aws[a-z-]*:acm:/, { error: 'expected an ACM certificate ARN' })
    .optional()
    .describe(
      'ACM ARN of the VPN server certificate (needed to deploy from CI); unset: certificates/<environment>/ is imported',
    ),
  client_root_certificate_arn: z
    .string()
    .regex(/^arn:aws[a-z-]*:acm:/, { error: 'expected an ACM certificate ARN' })
    .optional()
    .describe(
      'ACM ARN of the CA that issued the client certificates; set together with server_certificate_arn',
    ),
});

export const monitoringSchema = z.strictObject({
  alert_email: email
    .default('data-platform-alerts@example.com')
    .describe('Receives alarms, EMR failures, budget alerts and Airflow failure email'),
  log_retention_days: z
    .int()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      error: `CloudWatch accepts only these retention periods (days): ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(30)
    .describe(`Days every platform log group keeps its events (one of ${LOG_RETENTION_DAYS.join(', ')})`),
  monthly_budget_usd: z
    .number()
    .positive()
    .max(1_000_000)
    .default(500)
    .describe('Monthly AWS Budgets cost budget the alerts compare actual spend with'),
  budget_alert_thresholds_percent: uniqueList(z.int().min(1).max(1000))
    .min(1)
    .max(5)
    .default([80, 100])
    .describe('Percentages of the budget at which an alert is sent'),
});

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a 24-hour time like 07:00' });

/** Days as `Mon-Fri` (a range) or `Mon,Wed,Fri` (a list); see src/cost/office-hours.ts. */
const officeDays = z.string().regex(new RegExp(`^(${DAY_NAMES.join('|')})([-,](${DAY_NAMES.join('|')}))*$`), {
  error: 'expected days like "Mon-Fri" or "Mon,Tue,Thu"',
});

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'expected an IANA time zone like Europe/Brussels' },
);

export const officeHoursSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        'Remove MWAA, the Client VPN association, NAT gateways and interface endpoints outside office hours (not for prod)',
      ),
    days: officeDays
      .default('Mon-Fri')
      .describe('Working days, a range like Mon-Fri or a list like Mon,Wed,Fri'),
    start: clockTime
      .default('07:00')
      .describe('Local time the morning deploy recreates the hour-billed parts'),
    end: clockTime.default('19:00').describe('Local time the evening deploy removes them'),
    time_zone: timeZone
      .default('Europe/Brussels')
      .describe('IANA time zone of start and end (daylight saving handled)'),
  })
  .describe('Office hours: when the hour-billed parts of the environment exist');

/** Who may assume a people role: "account" (this account's principals, with MFA) or IAM ARNs/patterns. */
const assumingPrincipal = z
  .string()
  .regex(/^(account|arn:aws[a-z-]*:(iam|sts)::\d{12}:[A-Za-z0-9+=,.@_/*:-]+)$/, {
    error:
      'expected "account" or an IAM principal ARN (pattern), e.g. arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_DataEngineer_*',
  });
const githubEnvironment = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,255}$/, { error: 'expected a GitHub environment name' });

export const accessSchema = z.strictObject({
  github_repository: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected "<org>/<repo>"' })
    .optional()
    .describe(
      'GitHub repository "<org>/<repo>" whose workflows may assume ci-plan and ci-deploy; unset: no CI roles',
    ),
  github_deploy_environment: githubEnvironment
    .optional()
    .describe(
      'GitHub environment whose jobs may assume ci-deploy (OIDC sub claim); default: the environment name',
    ),
  github_plan_environment: githubEnvironment
    .optional()
    .describe('GitHub environment whose jobs may assume ci-plan; default: "<environment>-plan"'),
  github_oidc_provider_arn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/, {
      error: 'expected arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com',
    })
    .optional()
    .describe(
      'Existing GitHub OIDC provider; default: the one the state-backend stack creates in this account',
    ),
  platform_admins: z
    .array(assumingPrincipal)
    .min(1)
    .default(['account'])
    .describe(
      'Who may assume platform-admin: "account" (principals of this account, MFA required) or ARN patterns',
    ),
  data_engineers: z
    .array(assumingPrincipal)
    .min(1)
    .default(['account'])
    .describe(
      'Who may assume data-engineer: "account" (principals of this account, MFA required) or ARN patterns',
    ),
  analysts: z
    .array(assumingPrincipal)
    .min(1)
    .default(['account'])
    .describe('Who may assume analyst: "account" (principals of this account, MFA required) or ARN patterns'),
});

/** Keys a section accepts, for "did you mean" suggestions on unknown keys. */
export const SECTION_SCHEMAS = {
  lake: lakeSchema,
  mwaa: mwaaSchema,
  emr: emrSchema,
  vpn: vpnSchema,
  monitoring: monitoringSchema,
  office_hours: officeHoursSchema,
  cost: costAssumptionsSchema,
  access: accessSchema,
} as const;

export const environmentShape = {
  environment: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/, {
      error: 'expected 2-12 lowercase letters, digits and hyphens, like dev',
    })
    .describe(
      'Name of the environment; must equal the file name (it names the stack platform-<environment>)',
    ),
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/, { error: 'expected 3-24 lowercase letters, digits and hyphens' })
    .default('buildit-spark')
    .describe('Project name: starts every resource name (`<project>-<environment>-...`) and the project tag'),
  owner: tagValue.default('data-platform-team').describe('Value of the owner tag on every resource'),
  cost_center: tagValue.default('analytics').describe('Value of the cost-center tag on every resource'),
  region: z.enum(AWS_REGIONS).default('eu-north-1').describe('AWS region of the environment'),
  tags: z
    .record(z.string(), tagValue)
    .default({})
    .describe('Extra tags on every resource, beside project, environment, owner and cost-center'),

  vpc_name: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Name tag of the VPC; default `<project>-<environment>-vpc`'),
  vpc_cidr: cidrBlock.default('10.100.0.0/16').describe('IPv4 block of the VPC, /16 to /28'),
  azs: uniqueList(z.string())
    .length(2, { error: 'expected exactly two availability zones' })
    .optional()
    .describe('The two availability zones of the subnets, in order; default the first two of the region'),
  public_subnets: uniqueList(cidrBlock)
    .length(2, { error: 'expected exactly two public subnets (one per AZ)' })
    .default(['10.100.0.0/24', '10.100.1.0/24'])
    .describe(
      'Public subnet per AZ: [0] is the Client VPN target, [1] the application subnet; NATs sit here',
    ),
  private_subnets: uniqueList(cidrBlock)
    .length(2, { error: 'expected exactly two private subnets (one per AZ)' })
    .default(['10.100.3.0/24', '10.100.4.0/24'])
    .describe('Private subnet per AZ (private A, private B): MWAA, EMR and endpoint interfaces'),
  enable_nat_gateway: z
    .boolean()
    .default(true)
    .describe('Give the private subnets outbound internet through NAT gateways'),
  single_nat_gateway: z
    .boolean()
    .default(false)
    .describe('One NAT gateway shared by every private subnet; wins over one_nat_gateway_per_az'),
  one_nat_gateway_per_az: z
    .boolean()
    .default(false)
    .describe(
      'One NAT gateway per availability zone; with neither flag there is one per private subnet (the same here: one private subnet per AZ)',
    ),
  enable_dns_hostnames: z
    .boolean()
    .default(true)
    .describe(
      'Instances get public DNS hostnames; needs enable_dns_support (private endpoint DNS needs both)',
    ),
  enable_dns_support: z
    .boolean()
    .default(true)
    .describe('The Amazon DNS server answers inside the VPC (the VPN, endpoints and EMR rely on it)'),
  interface_endpoints: uniqueList(z.enum(INTERFACE_ENDPOINT_SERVICES))
    .default(['logs', 'secretsmanager', 'sqs', 'elasticmapreduce'])
    .describe('AWS services reached through interface endpoints with private DNS in both private subnets'),
  flow_logs_enabled: z
    .boolean()
    .default(true)
    .describe('Write VPC flow logs to the access-log bucket under vpc-flow-logs/'),

  lake: lakeSchema.prefault({}).describe('The S3 data lake: bucket names, lifecycle, protection'),
  mwaa: mwaaSchema.prefault({}).describe('The Airflow environment (Amazon MWAA)'),
  emr: emrSchema.prefault({}).describe('The transient EMR clusters the pipeline DAG starts'),
  vpn: vpnSchema.prefault({}).describe('The Client VPN endpoint'),
  monitoring: monitoringSchema.prefault({}).describe('Alerts, log retention and the monthly budget'),
  office_hours: officeHoursSchema
    .prefault({})
    .describe('Remove the hour-billed parts outside working hours (dev and staging only)'),
  cost: costAssumptionsSchema
    .prefault({})
    .describe('Usage assumptions of the cost report (`npm run cost`); they change no resource'),
  access: accessSchema
    .prefault({})
    .describe('Who may use the platform: people roles and the GitHub repository CI deploys from'),
};

export const ROOT_KEYS = Object.keys(environmentShape);

const AWS_MAX_TAGS = 50;
// The provider's default_tags plus the address tag every taggable resource carries.
const PLATFORM_TAG_COUNT = DEFAULT_TAG_KEYS.length + 1;

export const environmentSchema = z
  .strictObject(environmentShape)
  .superRefine((cfg, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });

    const known = AVAILABILITY_ZONES[cfg.region];
    (cfg.azs ?? []).forEach((az, i) => {
      if (!known.includes(az)) {
        issue(
          ['azs', i],
          `"${az}" is not an availability zone of region ${cfg.region}; allowed: ${known.join(', ')}`,
        );
      }
    });

    for (const key of Object.keys(cfg.tags)) {
      const problem = tagKeyProblem(key);
      if (problem) issue(['tags', key], problem);
    }
    const tagCount = Object.keys(cfg.tags).length + PLATFORM_TAG_COUNT;
    if (tagCount > AWS_MAX_TAGS) {
      issue(
        ['tags'],
        `${tagCount} tags with the platform's ${PLATFORM_TAG_COUNT} (${DEFAULT_TAG_KEYS.join(', ')}, ${ADDRESS_TAG}); AWS allows ${AWS_MAX_TAGS} per resource`,
      );
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

    if (cfg.enable_dns_hostnames && !cfg.enable_dns_support) {
      issue(
        ['enable_dns_hostnames'],
        'AWS turns on DNS hostnames only in a VPC with DNS support; set enable_dns_support = true or enable_dns_hostnames = false',
      );
    }
    if (cfg.interface_endpoints.length > 0 && !(cfg.enable_dns_support && cfg.enable_dns_hostnames)) {
      issue(
        ['interface_endpoints'],
        'interface endpoints use private DNS, which AWS refuses unless enable_dns_support and enable_dns_hostnames are both true; turn both on or set interface_endpoints = []',
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

    if (cfg.environment === 'prod' && cfg.mwaa.webserver_access_mode === 'PUBLIC_ONLY') {
      issue(
        ['mwaa', 'webserver_access_mode'],
        'PUBLIC_ONLY puts the prod Airflow UI on the internet; use PRIVATE_ONLY and reach it through the Client VPN',
      );
    }

    if (cfg.environment === 'prod' && cfg.vpn.enabled && !cfg.vpn.server_certificate_arn) {
      issue(
        ['vpn', 'server_certificate_arn'],
        'prod must name its VPN certificates by ACM ARN (server_certificate_arn and client_root_certificate_arn): importing certificates/prod/ would put the server private key in Terraform state; see docs/access.md, "VPN certificates in ACM"',
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

    if (cfg.office_hours.enabled && cfg.environment === 'prod') {
      issue(
        ['office_hours', 'enabled'],
        'office hours are refused for prod (it must run and alert around the clock); set enabled = false',
      );
    }
    if (cfg.office_hours.start >= cfg.office_hours.end) {
      issue(
        ['office_hours', 'end'],
        `end (${cfg.office_hours.end}) must be later than start (${cfg.office_hours.start}) on the same day`,
      );
    }

    if (cfg.emr.core_on_demand_count > cfg.emr.core_count) {
      issue(
        ['emr', 'core_on_demand_count'],
        `core_on_demand_count (${cfg.emr.core_on_demand_count}) is above core_count (${cfg.emr.core_count})`,
      );
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
    azs: cfg.azs ?? AVAILABILITY_ZONES[cfg.region].slice(0, 2),
    vpc_name: cfg.vpc_name ?? `${cfg.project}-${cfg.environment}-vpc`,
    lake: { ...cfg.lake, bucket_prefix: cfg.lake.bucket_prefix ?? `${cfg.project}-${cfg.environment}` },
    mwaa: { ...cfg.mwaa, mail_from: cfg.mwaa.mail_from ?? cfg.monitoring.alert_email },
  }));

export type EnvironmentConfig = Readonly<z.output<typeof environmentSchema>>;

/** `environments/backend.hcl`: where Terraform state lives, shared by every environment. */
export const backendSchema = z.strictObject({
  bucket: z
    .string()
    .regex(/^(?!xn--)[a-z0-9][a-z0-9-]{1,56}[a-z0-9]$/, {
      error:
        'expected an S3 bucket name of 3-58 lowercase letters, digits and hyphens, not starting with xn-- (its access-log bucket adds "-logs")',
    })
    .describe('Name of the Terraform state bucket (globally unique: change it per client)'),
  region: z.enum(AWS_REGIONS).default('eu-north-1').describe('Region of the state bucket'),
  key_prefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/, {
      error: 'expected lowercase letters, digits and / _ -, like platform',
    })
    .default('platform')
    .describe('State objects are `<key_prefix>/<environment>/terraform.tfstate`'),
  noncurrent_version_expiration_days: positiveDays
    .default(90)
    .describe('Days an old state version is kept (your undo for a bad apply)'),
  kms_deletion_window_days: z
    .int()
    .min(7)
    .max(30)
    .default(30)
    .describe('Waiting period before the state key is deleted after a destroy'),
  activate_environment_cost_tag: z
    .boolean()
    .default(true)
    .describe(
      'Activate the account-wide `environment` cost-allocation tag the per-environment budgets filter on; false only for the first bootstrap of a new account (AWS must have seen the tag on a resource, up to 24 h)',
    ),
  kms_key_id: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, { error: 'expected a KMS key ARN' })
    .optional()
    .describe(
      'State key ARN (state-backend output state_kms_key_arn); unset: pass -backend-config=kms_key_id=... at init',
    ),
  create_github_oidc_provider: z
    .boolean()
    .default(true)
    .describe("Create the account's GitHub OIDC provider in the state-backend stack (one per account)"),
});

export type BackendConfig = Readonly<z.output<typeof backendSchema>>;
