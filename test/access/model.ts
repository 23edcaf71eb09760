/**
 * The synthesized platform as the access journeys see it: every shipped environment synthesized,
 * every `${...}` Terraform reference resolved to a concrete value of one example account, and the
 * policies grouped the way AWS evaluates them (a role's identity policies; a bucket's, key's or
 * topic's own policy).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformInputs, type EnvironmentConfig, type BackendConfig } from '../../src/config';
import { buildApp } from '../../src/app';
import type { TerraformStack } from '../../src/lib/tf';
import { decodeJson, synth, type SynthJson } from '../helpers';

export const ACCOUNT_ID = '111122223333';
export const PARTITION = 'aws';

export interface PolicyDocument {
  Version?: string;
  Statement: Record<string, unknown>[];
}

/** One environment's policies, with every reference resolved. */
export interface EnvironmentModel {
  readonly config: EnvironmentConfig;
  readonly region: string;
  readonly prefix: string;
  /** Role name -> identity policies (inline and customer-managed). */
  readonly identityPolicies: Map<string, { name: string; policy: PolicyDocument }[]>;
  /** Role name -> trust policy. */
  readonly trustPolicies: Map<string, PolicyDocument>;
  /** Resource ARN (bucket, key, topic, secret) -> its own policy. */
  readonly resourcePolicies: Map<string, PolicyDocument>;
  /** Every policy document of the stack, for validation. */
  readonly allPolicies: { where: string; policy: PolicyDocument }[];
  readonly lakeBucketArn: string;
  readonly platformKeyArn: string;
  readonly alertsTopicArn: string;
  readonly smtpSecretArn: string;
  /** The EMR state-change history (EventBridge to CloudWatch Logs). */
  readonly emrEventLogGroupArn: string;
  readonly mwaaName: string;
}

export interface PlatformModel {
  readonly backend: BackendConfig;
  readonly environments: Record<string, EnvironmentModel>;
  readonly stateBucketArn: string;
  readonly stateKeyArn: string;
  /** The state-backend stack's policies (state bucket, state key). */
  readonly stateResourcePolicies: Map<string, PolicyDocument>;
  readonly statePolicies: { where: string; policy: PolicyDocument }[];
}

/** A stable, KMS-shaped key id per logical id, so journeys can name keys. */
function keyIdFor(logicalId: string): string {
  const hex = createHash('sha256').update(logicalId).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Resolves `${type.id.attr}` references of one synthesized stack to concrete values. */
export class Resolver {
  constructor(
    private readonly json: SynthJson,
    private readonly region: string,
    /** Makes key ids unique per stack (every platform stack has a `platform_key`). */
    private readonly stack: string,
  ) {}

  resolve(text: string): string {
    let out = text;
    for (let i = 0; i < 5 && out.includes('${'); i++) {
      out = out.replace(/\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+)\}/g, (_, ref: string) =>
        this.reference(ref),
      );
    }
    return out;
  }

  /** Resolves every string of a JSON value. */
  deep<T>(value: T): T {
    if (typeof value === 'string') return this.resolve(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.deep(item)) as T;
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.deep(v)])) as T;
    return value;
  }

  private attr(type: string, id: string, key: string): string {
    const body = this.json.resource[type]?.[id];
    if (!body || typeof body[key] !== 'string') throw new Error(`cannot resolve ${type}.${id}.${key}`);
    return this.resolve(body[key] as string);
  }

  private reference(ref: string): string {
    const [first, ...rest] = ref.split('.');
    if (first === 'data') {
      const [type, , attr] = rest;
      if (type === 'aws_caller_identity' && attr === 'account_id') return ACCOUNT_ID;
      if (type === 'aws_partition' && attr === 'partition') return PARTITION;
      throw new Error(`unknown data reference ${ref}`);
    }
    const [id, attr] = rest as [string, string];
    const type = first!;
    const arn = (service: string, resource: string, region = this.region) =>
      `arn:${PARTITION}:${service}:${region}:${ACCOUNT_ID}:${resource}`;
    switch (type) {
      case 'aws_iam_role':
        return attr === 'arn'
          ? `arn:${PARTITION}:iam::${ACCOUNT_ID}:role/${this.attr(type, id, 'name')}`
          : this.attr(type, id, 'name');
      case 'aws_iam_policy':
        return `arn:${PARTITION}:iam::${ACCOUNT_ID}:policy/${this.attr(type, id, 'name')}`;
      case 'aws_iam_instance_profile':
        return attr === 'arn'
          ? `arn:${PARTITION}:iam::${ACCOUNT_ID}:instance-profile/${this.attr(type, id, 'name')}`
          : this.attr(type, id, 'name');
      case 'aws_s3_bucket':
        return attr === 'arn'
          ? `arn:${PARTITION}:s3:::${this.attr(type, id, 'bucket')}`
          : this.attr(type, id, 'bucket');
      case 'aws_kms_key':
        return attr === 'arn'
          ? arn('kms', `key/${keyIdFor(`${this.stack}/${id}`)}`)
          : keyIdFor(`${this.stack}/${id}`);
      case 'aws_cloudwatch_log_group':
        return attr === 'arn'
          ? arn('logs', `log-group:${this.attr(type, id, 'name')}`)
          : this.attr(type, id, 'name');
      case 'aws_sns_topic':
        return arn('sns', this.attr(type, id, 'name'));
      case 'aws_secretsmanager_secret':
        return attr === 'arn'
          ? arn('secretsmanager', `secret:${this.attr(type, id, 'name')}-AbCdEf`)
          : this.attr(type, id, 'name');
      case 'aws_glue_catalog_database':
        return attr === 'arn'
          ? arn('glue', `database/${this.attr(type, id, 'name')}`)
          : this.attr(type, id, 'name');
      case 'aws_cloudwatch_event_rule':
        return attr === 'arn'
          ? arn('events', `rule/${this.attr(type, id, 'name')}`)
          : this.attr(type, id, 'name');
      case 'aws_mwaa_environment':
        return attr === 'arn'
          ? arn('airflow', `environment/${this.attr(type, id, 'name')}`)
          : this.attr(type, id, 'name');
      case 'aws_athena_workgroup':
        return attr === 'arn'
          ? arn('athena', `workgroup/${this.attr(type, id, 'name')}`)
          : this.attr(type, id, 'name');
      default:
        throw new Error(`no resolver for ${ref}; add one to test/access/model.ts`);
    }
  }
}

const POLICY_FIELDS: Record<string, string> = {
  aws_iam_role: 'assume_role_policy',
  aws_iam_role_policy: 'policy',
  aws_iam_policy: 'policy',
  aws_s3_bucket_policy: 'policy',
  aws_kms_key: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_secretsmanager_secret_policy: 'policy',
  aws_cloudwatch_log_resource_policy: 'policy_document',
};

function collectPolicies(json: SynthJson, resolver: Resolver) {
  const all: { where: string; type: string; body: Record<string, unknown>; policy: PolicyDocument }[] = [];
  for (const [type, field] of Object.entries(POLICY_FIELDS)) {
    for (const [id, body] of Object.entries(json.resource[type] ?? {})) {
      if (typeof body[field] !== 'string') continue;
      all.push({
        where: `${type}.${id}`,
        type,
        body,
        policy: resolver.deep(decodeJson(body[field])) as PolicyDocument,
      });
    }
  }
  return all;
}

function singleArn(
  json: SynthJson,
  resolver: Resolver,
  type: string,
  match: (body: Record<string, unknown>) => boolean,
) {
  const found = Object.entries(json.resource[type] ?? {}).filter(([, body]) => match(body));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return resolver.resolve(`\${${type}.${found[0]![0]}.arn}`);
}

function environmentModel(config: EnvironmentConfig, json: SynthJson): EnvironmentModel {
  const region = config.region;
  const resolver = new Resolver(json, region, config.environment);
  const policies = collectPolicies(json, resolver);
  const identityPolicies = new Map<string, { name: string; policy: PolicyDocument }[]>();
  const add = (role: string, name: string, policy: PolicyDocument) =>
    identityPolicies.set(role, [...(identityPolicies.get(role) ?? []), { name, policy }]);
  const trustPolicies = new Map<string, PolicyDocument>();
  const resourcePolicies = new Map<string, PolicyDocument>();
  const managed = new Map<string, PolicyDocument>();
  for (const { type, body, policy } of policies) {
    const text = (key: string) => resolver.resolve(String(body[key]));
    if (type === 'aws_iam_role') trustPolicies.set(text('name'), policy);
    if (type === 'aws_iam_role_policy') add(text('role'), text('name'), policy);
    if (type === 'aws_iam_policy')
      managed.set(`arn:${PARTITION}:iam::${ACCOUNT_ID}:policy/${text('name')}`, policy);
    if (type === 'aws_s3_bucket_policy')
      resourcePolicies.set(`arn:${PARTITION}:s3:::${text('bucket')}`, policy);
    if (type === 'aws_sns_topic_policy') resourcePolicies.set(text('arn'), policy);
  }
  for (const [id] of Object.entries(json.resource.aws_kms_key ?? {})) {
    const entry = policies.find((p) => p.where === `aws_kms_key.${id}`);
    if (entry) resourcePolicies.set(resolver.resolve(`\${aws_kms_key.${id}.arn}`), entry.policy);
  }
  for (const body of Object.values(json.resource.aws_iam_role_policy_attachment ?? {})) {
    const arn = resolver.resolve(String(body.policy_arn));
    const document = managed.get(arn);
    // AWS-managed policies (AmazonEMRServicePolicy_v2) are not in the synthesized JSON.
    if (document) add(resolver.resolve(String(body.role)), arn.split('/').pop()!, document);
  }
  const prefix = `${config.project}-${config.environment}`;
  return {
    config,
    region,
    prefix,
    identityPolicies,
    trustPolicies,
    resourcePolicies,
    allPolicies: policies.map(({ where, policy }) => ({ where, policy })),
    lakeBucketArn: singleArn(json, resolver, 'aws_s3_bucket', (b) => String(b.bucket).includes('-lake-')),
    platformKeyArn: resolver.resolve('${aws_kms_key.platform_key.arn}'),
    alertsTopicArn: singleArn(json, resolver, 'aws_sns_topic', () => true),
    smtpSecretArn: singleArn(json, resolver, 'aws_secretsmanager_secret', (b) =>
      String(b.name).endsWith('smtp_default'),
    ),
    emrEventLogGroupArn: singleArn(json, resolver, 'aws_cloudwatch_log_group', (b) =>
      String(b.name).startsWith('/aws/events/'),
    ),
    mwaaName: `${prefix}-airflow`,
  };
}

let cached: PlatformModel | undefined;

/** Synthesizes every environment in environments/ once per process. */
export async function platformModel(): Promise<PlatformModel> {
  if (cached) return cached;
  const inputs = await loadPlatformInputs('environments');
  const app = buildApp(inputs, {
    outdir: mkdtempSync(join(tmpdir(), 'access-')),
    mwaaRequirements: 'boto3\n',
  });
  const stacks = Object.fromEntries(
    app.node.children.map((stack) => [stack.node.id, synth(stack as TerraformStack)]),
  );
  const environments = Object.fromEntries(
    inputs.environments.map((config) => [
      config.environment,
      environmentModel(config, stacks[`platform-${config.environment}`]!),
    ]),
  );
  const stateJson = stacks['state-backend']!;
  const stateResolver = new Resolver(stateJson, inputs.backend.region, 'state');
  const statePolicies = collectPolicies(stateJson, stateResolver);
  const stateKeyArn = stateResolver.resolve('${aws_kms_key.state_key.arn}');
  const stateBucketArn = `arn:${PARTITION}:s3:::${inputs.backend.bucket}`;
  const stateResourcePolicies = new Map<string, PolicyDocument>();
  for (const { type, body, policy } of statePolicies) {
    if (type === 'aws_kms_key') stateResourcePolicies.set(stateKeyArn, policy);
    if (type === 'aws_s3_bucket_policy')
      stateResourcePolicies.set(
        `arn:${PARTITION}:s3:::${stateResolver.resolve(String(body.bucket))}`,
        policy,
      );
  }
  cached = {
    backend: inputs.backend,
    environments,
    stateBucketArn,
    stateKeyArn,
    stateResourcePolicies,
    statePolicies: statePolicies.map(({ where, policy }) => ({ where, policy })),
  };
  return cached;
}
