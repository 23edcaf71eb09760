/**
 * What `npm run recover` decides, without touching AWS: which resources of an environment exist in
 * AWS but not in its Terraform state, at which address they belong, and the import blocks that
 * bring them back. Every AWS call goes through the RecoverCloud interface (scripts/lib/recover-aws.ts
 * implements it with the AWS SDK; unit tests fake it).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADDRESS_TAG } from '../../src/lib/address-tag-key';

/** A problem the person running recover must fix; printed without a stack trace. */
export class RecoverError extends Error {}

export interface TaggedResource {
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface StoredObject {
  readonly body: string;
}

/** The AWS calls recover makes (and nothing that deletes, except the one lock object). */
export interface RecoverCloud {
  /** The object, or undefined when the key does not exist; throws RecoverError if the bucket does not. */
  readObject(bucket: string, key: string): Promise<StoredObject | undefined>;
  deleteObject(bucket: string, key: string): Promise<void>;
  /** Resources of the region carrying every given tag (Resource Groups Tagging API GetResources). */
  taggedResources(tags: Readonly<Record<string, string>>): Promise<TaggedResource[]>;
  /**
   * The import id of a resource the Tagging API does not list (see LOOKUP_TYPES), found by its
   * deterministic name or its address tag; undefined when it does not exist.
   */
  lookup(type: string, args: Readonly<Record<string, string>>, address: string): Promise<string | undefined>;
}

/**
 * Types found per type instead of through the Tagging API, with the arguments each lookup needs:
 * untaggable resources the platform names deterministically (alias, security configuration, routes,
 * associations, log stream), and taggable ones that the Tagging API does not list: S3 objects
 * (PutObject again would add a version to the lake), and in the emulator (moto 5.2.5) IAM, EventBridge
 * rules, EIPs, VPC endpoints and security group rules.
 */
const RULE_CONTENT = [
  'ip_protocol',
  'from_port',
  'to_port',
  'cidr_ipv4',
  'cidr_ipv6',
  'prefix_list_id',
  'referenced_security_group_id',
] as const;

/** A security group rule as DescribeSecurityGroupRules returns it (the fields recover compares). */
export interface RuleContent {
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly CidrIpv4?: string;
  readonly CidrIpv6?: string;
  readonly PrefixListId?: string;
  readonly ReferencedGroupInfo?: { readonly GroupId?: string };
}

/**
 * Whether a rule in AWS is the one the configuration describes (content arguments as
 * CONTENT_LOOKUP_ARGS passes them). False when no content was passed: nothing to compare.
 */
export function ruleHasContent(rule: RuleContent, args: Readonly<Record<string, string>>): boolean {
  const protocol = args.ip_protocol;
  if (protocol === undefined) return false;
  const allTraffic = protocol === '-1' || protocol.toLowerCase() === 'all';
  if ((rule.IpProtocol ?? '').toLowerCase() !== (allTraffic ? '-1' : protocol.toLowerCase())) return false;
  if (!allTraffic && (String(rule.FromPort) !== args.from_port || String(rule.ToPort) !== args.to_port)) {
    return false;
  }
  return (
    rule.CidrIpv4 === args.cidr_ipv4 &&
    rule.CidrIpv6 === args.cidr_ipv6 &&
    rule.PrefixListId === args.prefix_list_id &&
    rule.ReferencedGroupInfo?.GroupId === args.referenced_security_group_id
  );
}

export const LOOKUP_TYPES: Readonly<Record<string, readonly string[]>> = {
  aws_kms_alias: ['name'],
  aws_emr_security_configuration: ['name'],
  aws_cloudwatch_log_stream: ['log_group_name', 'name'],
  aws_route: ['route_table_id', 'destination_cidr_block'],
  aws_route_table_association: ['route_table_id', 'subnet_id'],
  aws_iam_role: ['name'],
  aws_iam_instance_profile: ['name'],
  aws_iam_policy: ['name'],
  aws_cloudwatch_event_rule: ['name'],
  aws_s3_object: ['bucket', 'key'],
  aws_eip: [],
  aws_vpc_endpoint: ['vpc_id'],
  aws_vpc_security_group_ingress_rule: ['security_group_id'],
  aws_vpc_security_group_egress_rule: ['security_group_id'],
};

/**
 * Arguments a lookup also receives when the configuration sets them and every one it sets resolves.
 * Security group rules use them to adopt an untagged rule with the same content: the egress-all rule
 * AWS adds to every new group is one when apply dies between CreateSecurityGroup and the provider's
 * revoke of it, and creating the configured rule again fails with InvalidPermission.Duplicate.
 */
export const CONTENT_LOOKUP_ARGS: Readonly<Record<string, readonly string[]>> = {
  aws_vpc_security_group_ingress_rule: RULE_CONTENT,
  aws_vpc_security_group_egress_rule: RULE_CONTENT,
};

const afterSlash = (arn: string) => arn.slice(arn.indexOf('/') + 1);
const lastPathSegment = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
const wholeArn = (arn: string) => arn;

/**
 * How `terraform import` identifies each type (hashicorp/aws 6.x "Import" sections), from the ARN the
 * Tagging API returns: EC2 ids, names, or the ARN itself.
 */
const IMPORT_ID_FROM_ARN: Readonly<Record<string, (arn: string) => string>> = {
  aws_vpc: afterSlash,
  aws_subnet: afterSlash,
  aws_internet_gateway: afterSlash,
  aws_nat_gateway: afterSlash,
  aws_route_table: afterSlash,
  aws_security_group: afterSlash,
  aws_default_security_group: afterSlash,
  aws_vpc_endpoint: afterSlash,
  aws_flow_log: afterSlash,
  aws_eip: afterSlash,
  aws_ec2_client_vpn_endpoint: afterSlash,
  aws_vpc_security_group_ingress_rule: afterSlash,
  aws_vpc_security_group_egress_rule: afterSlash,
  aws_kms_key: afterSlash,
  aws_s3_bucket: (arn) => arn.slice(arn.indexOf(':::') + 3),
  aws_cloudwatch_log_group: (arn) => arn.replace(/^.*?:log-group:/, '').replace(/:\*$/, ''),
  aws_cloudwatch_event_rule: afterSlash,
  aws_cloudwatch_metric_alarm: (arn) => arn.replace(/^.*?:alarm:/, ''),
  aws_iam_role: lastPathSegment,
  aws_iam_instance_profile: lastPathSegment,
  aws_mwaa_environment: afterSlash,
  aws_budgets_budget: (arn) => `${arn.split(':')[4]}:${lastPathSegment(arn)}`,
  aws_secretsmanager_secret: wholeArn,
  aws_sns_topic: wholeArn,
  aws_acm_certificate: wholeArn,
};

export function importIdFromArn(type: string, arn: string): string | undefined {
  return IMPORT_ID_FROM_ARN[type]?.(arn);
}

export interface ConfiguredResource {
  readonly address: string;
  readonly type: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface StackFacts {
  readonly stack: string;
  readonly stackDir: string;
  readonly bucket: string;
  readonly stateKey: string;
  readonly backendRegion: string;
  /** The S3 endpoint the backend is pointed at (emulator synth only). */
  readonly backendEndpoint?: string;
  readonly region: string;
  readonly defaultTags: Readonly<Record<string, string>>;
  readonly resources: ReadonlyMap<string, ConfiguredResource>;
}

interface StackJson {
  terraform?: { backend?: { s3?: Record<string, unknown> } };
  provider?: { aws?: { region?: string; default_tags?: { tags?: Record<string, string> }[] }[] };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Reads what recover needs from the synthesized stack: backend, region, default tags, resources. */
export function readStack(outdir: string, environment: string): StackFacts {
  const stack = `platform-${environment}`;
  const stackDir = join(outdir, 'stacks', stack);
  const file = join(stackDir, 'cdk.tf.json');
  if (!existsSync(file)) {
    const stacksDir = join(outdir, 'stacks');
    const known = existsSync(stacksDir)
      ? readdirSync(stacksDir).filter((name) => name.startsWith('platform-'))
      : [];
    throw new RecoverError(
      `${file} not found: no synthesized stack ${stack}` +
        (known.length ? ` (synthesized: ${known.join(', ')})` : '') +
        `. Synthesize it first (PLATFORM_ENVS=${environment} npx cdktf synth) or pass --outdir.`,
    );
  }
  const json = JSON.parse(readFileSync(file, 'utf8')) as StackJson;
  const s3 = json.terraform?.backend?.s3;
  if (!s3 || typeof s3.bucket !== 'string' || typeof s3.key !== 'string') {
    throw new RecoverError(`${file}: the stack has no S3 backend (terraform.backend.s3 bucket/key)`);
  }
  const provider = json.provider?.aws?.[0];
  const resources = new Map<string, ConfiguredResource>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      resources.set(`${type}.${name}`, { address: `${type}.${name}`, type, body });
    }
  }
  const endpoints = s3.endpoints as { s3?: string } | undefined;
  return {
    stack,
    stackDir,
    bucket: s3.bucket,
    stateKey: s3.key,
    backendRegion: String(s3.region ?? provider?.region ?? ''),
    backendEndpoint: endpoints?.s3,
    region: String(provider?.region ?? s3.region ?? ''),
    defaultTags: provider?.default_tags?.[0]?.tags ?? {},
    resources,
  };
}

/** Terraform's lock info, as `use_lockfile` writes it to `<state key>.tflock`. */
export interface LockInfo {
  readonly ID: string;
  readonly Operation: string;
  readonly Info: string;
  readonly Who: string;
  readonly Version: string;
  readonly Created: string;
  readonly Path: string;
}

export function parseLock(text: string, where: string): LockInfo {
  let parsed: Partial<LockInfo>;
  try {
    parsed = JSON.parse(text) as Partial<LockInfo>;
  } catch {
    throw new RecoverError(`${where} is not Terraform lock info (not JSON); inspect it by hand`);
  }
  if (typeof parsed.ID !== 'string') {
    throw new RecoverError(`${where} has no lock ID; inspect it by hand`);
  }
  return {
    ID: parsed.ID,
    Operation: parsed.Operation ?? '?',
    Info: parsed.Info ?? '',
    Who: parsed.Who ?? '?',
    Version: parsed.Version ?? '?',
    Created: parsed.Created ?? '?',
    Path: parsed.Path ?? '?',
  };
}

/** "OperationTypeApply by ci@runner-7 (Terraform 1.14.1), 12 min ago (2026-12-01T23:02:11Z)" */
export function describeLock(lock: LockInfo, now: Date): string {
  const created = Date.parse(lock.Created);
  const age = Number.isNaN(created) ? 'age unknown' : `${formatAge(now.getTime() - created)} ago`;
  return `${lock.Operation} by ${lock.Who} (Terraform ${lock.Version}), ${age} (${lock.Created}), lock ID ${lock.ID}`;
}

function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

interface StateJson {
  resources?: {
    mode?: string;
    type?: string;
    name?: string;
    module?: string;
    instances?: { index_key?: string | number; attributes?: Record<string, unknown> }[];
  }[];
}

/** Managed resources in a Terraform state (v4 JSON), by address, with their attributes. */
export function stateResources(
  text: string | undefined,
  where: string,
): Map<string, Record<string, unknown>> {
  const result = new Map<string, Record<string, unknown>>();
  if (text === undefined) return result;
  let state: StateJson;
  try {
    state = JSON.parse(text) as StateJson;
  } catch {
    throw new RecoverError(`${where} is not a Terraform state (not JSON); restore a previous version of it`);
  }
  for (const resource of state.resources ?? []) {
    if (resource.mode !== 'managed') continue;
    const base = `${resource.module ? `${resource.module}.` : ''}${resource.type}.${resource.name}`;
    for (const instance of resource.instances ?? []) {
      const key = instance.index_key;
      const address = key === undefined ? base : `${base}[${JSON.stringify(key)}]`;
      result.set(address, instance.attributes ?? {});
    }
  }
  return result;
}

const REFERENCE = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}$/;

/**
 * A configured argument as a plain string: a literal, or a `${type.name.attr}` reference to a
 * resource whose attributes are known (from the state, or found in AWS by this run).
 */
export function resolveArgument(
  value: unknown,
  known: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
): string | undefined {
  if (typeof value !== 'string') return typeof value === 'number' ? String(value) : undefined;
  const match = REFERENCE.exec(value);
  if (!match) return value.includes('${') ? undefined : value;
  const attribute = known.get(match[1]!)?.[match[2]!];
  return typeof attribute === 'string' ? attribute : undefined;
}

/** The content arguments the configuration sets, or none when one of them does not resolve yet. */
function contentArguments(
  body: Readonly<Record<string, unknown>>,
  names: readonly string[],
  known: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
): Record<string, string> {
  const content: Record<string, string> = {};
  for (const name of names) {
    if (body[name] === undefined || body[name] === null) continue;
    const value = resolveArgument(body[name], known);
    if (value === undefined) return {};
    content[name] = value;
  }
  return content;
}

export interface Orphan {
  readonly address: string;
  readonly importId: string;
  /** How it was found: the Tagging API, or a per-type lookup. */
  readonly via: 'tagging-api' | 'lookup';
}

export interface OrphanReport {
  readonly orphans: Orphan[];
  /** Tagged for an address that is already in the state with another id: a duplicate nobody manages. */
  readonly duplicates: { address: string; arn: string }[];
  /** Tagged resources recover cannot import (address not in the stack, or no import rule for the type). */
  readonly skipped: { arn: string; reason: string }[];
}

/** Attributes a found resource will have once imported, for resolving its dependants' references. */
function foundAttributes(importId: string, arn?: string): Record<string, unknown> {
  return { id: importId, name: importId, ...(arn && { arn }) };
}

/**
 * Resources of the stack that exist in AWS but not in the state. Tagged ones come from the Tagging
 * API (filtered by the provider's default `project` and `environment` tags); the LOOKUP_TYPES are
 * then looked up one by one, parents first (a route needs its route table's id).
 */
export async function findOrphans(
  stack: StackFacts,
  state: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
  cloud: RecoverCloud,
): Promise<OrphanReport> {
  const orphans: Orphan[] = [];
  const duplicates: OrphanReport['duplicates'] = [];
  const skipped: OrphanReport['skipped'] = [];
  const known = new Map<string, Readonly<Record<string, unknown>>>(state);

  const filter: Record<string, string> = {};
  for (const key of ['project', 'environment']) {
    const value = stack.defaultTags[key];
    if (value) filter[key] = value;
  }
  for (const { arn, tags } of await cloud.taggedResources(filter)) {
    const address = tags[ADDRESS_TAG];
    if (!address) continue;
    const configured = stack.resources.get(address);
    if (!configured) {
      skipped.push({ arn, reason: `tagged ${address}, which is not in the synthesized ${stack.stack}` });
      continue;
    }
    const importId = importIdFromArn(configured.type, arn);
    if (!importId) {
      skipped.push({ arn, reason: `no import rule for ${configured.type}; import ${address} by hand` });
      continue;
    }
    const inState = state.get(address);
    if (inState) {
      if (![inState.id, inState.arn, inState.name, inState.bucket].includes(importId)) {
        duplicates.push({ address, arn });
      }
      continue;
    }
    if (known.has(address)) {
      duplicates.push({ address, arn });
      continue;
    }
    orphans.push({ address, importId, via: 'tagging-api' });
    known.set(address, foundAttributes(importId, arn));
  }

  // Parents before children: VPC endpoints and rules reference ids found above, routes reference
  // route tables, a log stream its log group. Types are visited in LOOKUP_TYPES order.
  for (const [type, argNames] of Object.entries(LOOKUP_TYPES)) {
    for (const resource of stack.resources.values()) {
      if (resource.type !== type || known.has(resource.address)) continue;
      const args: Record<string, string> = {};
      for (const name of argNames) {
        const value = resolveArgument(resource.body[name], known);
        if (value !== undefined) args[name] = value;
      }
      // A parent that does not exist means the child was never created either.
      if (Object.keys(args).length < argNames.length) continue;
      const content = contentArguments(resource.body, CONTENT_LOOKUP_ARGS[type] ?? [], known);
      Object.assign(args, content);
      const importId = await cloud.lookup(type, args, resource.address);
      if (!importId) continue;
      orphans.push({ address: resource.address, importId, via: 'lookup' });
      known.set(resource.address, foundAttributes(importId));
    }
  }
  orphans.sort((a, b) => (a.address < b.address ? -1 : 1));
  return { orphans, duplicates, skipped };
}

/** Terraform JSON configuration with one `import` block per orphan. */
export function renderImports(orphans: readonly Orphan[]): string {
  return `${JSON.stringify({ import: orphans.map(({ address, importId }) => ({ to: address, id: importId })) }, null, 2)}\n`;
}

export interface PlanSummary {
  readonly import: number;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

/** Parses Terraform's "Plan: 3 to import, 0 to add, 1 to change, 0 to destroy." ("No changes." = zeros). */
export function parsePlanSummary(output: string): PlanSummary | undefined {
  if (/^No changes\./m.test(output)) return { import: 0, add: 0, change: 0, destroy: 0 };
  const line = /^Plan: (.*)$/m.exec(output)?.[1];
  if (!line) return undefined;
  const count = (what: string) => Number(new RegExp(`(\\d+) to ${what}`).exec(line)?.[1] ?? 0);
  return { import: count('import'), add: count('add'), change: count('change'), destroy: count('destroy') };
}
