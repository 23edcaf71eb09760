import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeLock,
  findOrphans,
  importIdFromArn,
  LOOKUP_TYPES,
  parseLock,
  parsePlanSummary,
  readStack,
  RecoverError,
  renderImports,
  resolveArgument,
  ruleHasContent,
  stateResources,
  type RecoverCloud,
  type StackFacts,
  type TaggedResource,
} from '../../scripts/lib/recover-core';
import { buildApp } from '../../src/app';
import { BACKEND, configFor } from '../helpers';
import { devStackOutdir } from './recover-fixture';

const ACCOUNT = '123456789012';
const arn = (service: string, rest: string) => `arn:aws:${service}:eu-north-1:${ACCOUNT}:${rest}`;

const RESOURCES = {
  aws_vpc: { vpc: { cidr_block: '10.0.0.0/16' } },
  aws_route_table: { private: { vpc_id: '${aws_vpc.vpc.id}' } },
  aws_route: {
    default: { route_table_id: '${aws_route_table.private.id}', destination_cidr_block: '0.0.0.0/0' },
    orphan_parent: { route_table_id: '${aws_route_table.never.id}', destination_cidr_block: '10.9.0.0/16' },
  },
  aws_cloudwatch_log_group: { logs: { name: '/platform/dev/emr' } },
  aws_kms_alias: { alias: { name: 'alias/p-dev', target_key_id: '${aws_kms_key.key.key_id}' } },
  aws_security_group: { sg: { vpc_id: '${aws_vpc.vpc.id}' } },
  aws_vpc_security_group_egress_rule: {
    all: { security_group_id: '${aws_security_group.sg.id}', cidr_ipv4: '0.0.0.0/0', ip_protocol: '-1' },
    to_peer: {
      security_group_id: '${aws_security_group.sg.id}',
      referenced_security_group_id: '${aws_security_group.never.id}',
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
    },
  },
};

/** A fake AWS: tagged resources and per-type answers; records lookups and deletions. */
function fakeCloud(tagged: TaggedResource[], answers: Record<string, string> = {}) {
  const calls: string[] = [];
  const cloud: RecoverCloud = {
    readObject: async () => undefined,
    deleteObject: async (bucket, key) => void calls.push(`delete ${bucket}/${key}`),
    taggedResources: async (tags) => {
      calls.push(`tagged ${JSON.stringify(tags)}`);
      return tagged;
    },
    lookup: async (_type, args, address) => {
      calls.push(`lookup ${address} ${JSON.stringify(args)}`);
      return answers[address];
    },
  };
  return { cloud, calls };
}

const tag = (address: string) => ({ 'platform:address': address, environment: 'dev', project: 'p' });

describe('recover: reading the synthesized stack', () => {
  it('says how to synthesize when the stack is missing, naming the stacks there are', () => {
    const outdir = devStackOutdir({});
    expect(() => readStack(outdir, 'prod')).toThrow(RecoverError);
    expect(() => readStack(outdir, 'prod')).toThrow(
      /platform-prod\/cdk\.tf\.json not found: no synthesized stack platform-prod \(synthesized: platform-dev\)\. Synthesize it first \(PLATFORM_ENVS=prod npx cdktf synth\)/,
    );
  });

  it('finds the backend, region and default tags of the real platform stack, and every lookup argument', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'recover-synth-'));
    buildApp(
      { backend: BACKEND, environments: [configFor()] },
      { outdir, mwaaRequirements: 'boto3\n' },
    ).synth();
    const stack = readStack(outdir, 'dev');
    expect(stack).toMatchObject({
      bucket: 'test-tfstate-bucket',
      stateKey: expect.stringMatching(/dev\/terraform\.tfstate$/),
      region: 'eu-north-1',
      defaultTags: expect.objectContaining({ environment: 'dev' }),
    });
    // Each looked-up type exists in the stack with the arguments its lookup needs.
    const seen = new Set<string>();
    for (const resource of stack.resources.values()) {
      const argNames = LOOKUP_TYPES[resource.type];
      if (!argNames) continue;
      seen.add(resource.type);
      for (const name of argNames) expect(resource.body[name], `${resource.address}.${name}`).toBeDefined();
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['aws_iam_role', 'aws_kms_alias', 'aws_route']));
  });
});

describe('recover: lock and state', () => {
  const lockJson = JSON.stringify({
    ID: 'a1b2c3',
    Operation: 'OperationTypeApply',
    Info: '',
    Who: 'ci@runner-7',
    Version: '1.14.1',
    Created: '2026-12-01T23:02:11.5Z',
    Path: 'tfstate/platform/dev/terraform.tfstate',
  });

  it("reads Terraform's lock info and says who, what and how long ago", () => {
    const lock = parseLock(lockJson, 's3://tfstate/x.tflock');
    expect(describeLock(lock, new Date('2026-12-01T23:14:30Z'))).toBe(
      'OperationTypeApply by ci@runner-7 (Terraform 1.14.1), 12 min ago (2026-12-01T23:02:11.5Z), lock ID a1b2c3',
    );
    expect(() => parseLock('garbage', 's3://tfstate/x.tflock')).toThrow(
      's3://tfstate/x.tflock is not Terraform lock info',
    );
    expect(() => parseLock('{}', 'L')).toThrow('L has no lock ID');
  });

  it('lists managed resources of a state by address, data sources excluded', () => {
    const state = stateResources(
      JSON.stringify({
        version: 4,
        resources: [
          { mode: 'managed', type: 'aws_vpc', name: 'vpc', instances: [{ attributes: { id: 'vpc-1' } }] },
          { mode: 'data', type: 'aws_partition', name: 'p', instances: [{ attributes: { id: 'aws' } }] },
          {
            mode: 'managed',
            type: 'aws_eip',
            name: 'nat',
            instances: [{ index_key: 0, attributes: { id: 'e-0' } }],
          },
        ],
      }),
      'state',
    );
    expect([...state.keys()]).toEqual(['aws_vpc.vpc', 'aws_eip.nat[0]']);
    expect(stateResources(undefined, 'state').size).toBe(0);
    expect(() => stateResources('{', 's3://b/k')).toThrow('s3://b/k is not a Terraform state');
  });
});

describe('recover: import ids', () => {
  it.each([
    ['aws_vpc', arn('ec2', 'vpc/vpc-0abc'), 'vpc-0abc'],
    ['aws_eip', arn('ec2', 'elastic-ip/eipalloc-1'), 'eipalloc-1'],
    ['aws_s3_bucket', 'arn:aws:s3:::p-dev-lake', 'p-dev-lake'],
    ['aws_cloudwatch_log_group', arn('logs', 'log-group:/aws/emr/p-dev:*'), '/aws/emr/p-dev'],
    ['aws_cloudwatch_log_group', arn('logs', 'log-group:airflow-p-dev-Task'), 'airflow-p-dev-Task'],
    ['aws_kms_key', arn('kms', 'key/1234abcd-12ab'), '1234abcd-12ab'],
    ['aws_iam_role', `arn:aws:iam::${ACCOUNT}:role/service-role/p-dev-emr`, 'p-dev-emr'],
    [
      'aws_secretsmanager_secret',
      arn('secretsmanager', 'secret:p/dev/x-AbC'),
      arn('secretsmanager', 'secret:p/dev/x-AbC'),
    ],
    ['aws_sns_topic', arn('sns', 'p-dev-alerts'), arn('sns', 'p-dev-alerts')],
    ['aws_cloudwatch_event_rule', arn('events', 'rule/p-dev-emr-failed'), 'p-dev-emr-failed'],
    ['aws_cloudwatch_metric_alarm', arn('cloudwatch', 'alarm:p-dev-idle'), 'p-dev-idle'],
    ['aws_budgets_budget', `arn:aws:budgets::${ACCOUNT}:budget/p-dev-monthly`, `${ACCOUNT}:p-dev-monthly`],
    ['aws_mwaa_environment', arn('airflow', 'environment/p-dev-airflow'), 'p-dev-airflow'],
  ])('%s %s -> %s', (type, resourceArn, id) => {
    expect(importIdFromArn(type, resourceArn)).toBe(id);
  });

  it('has no rule for a type it does not know (reported, not guessed)', () => {
    expect(importIdFromArn('aws_sqs_queue', arn('sqs', 'q'))).toBeUndefined();
  });

  it('resolves literals and references to known resources only', () => {
    const known = new Map([['aws_route_table.private', { id: 'rtb-1' }]]);
    expect(resolveArgument('0.0.0.0/0', known)).toBe('0.0.0.0/0');
    expect(resolveArgument('${aws_route_table.private.id}', known)).toBe('rtb-1');
    expect(resolveArgument('${aws_route_table.other.id}', known)).toBeUndefined();
    expect(resolveArgument('${join(",", x)}', known)).toBeUndefined();
  });
});

describe('recover: adopting an untagged security group rule by content', () => {
  const egressAll = { IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' };
  const https = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '10.0.0.0/16' };

  it("matches AWS's default egress-all rule to a configured all-traffic rule", () => {
    expect(ruleHasContent(egressAll, { ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' })).toBe(true);
  });

  it('compares protocol, ports, CIDR and peer group', () => {
    const args = { ip_protocol: 'tcp', from_port: '443', to_port: '443', cidr_ipv4: '10.0.0.0/16' };
    expect(ruleHasContent(https, args)).toBe(true);
    expect(ruleHasContent(https, { ...args, to_port: '444' })).toBe(false);
    expect(ruleHasContent(https, { ...args, cidr_ipv4: '10.1.0.0/16' })).toBe(false);
    expect(ruleHasContent(egressAll, args)).toBe(false);
    expect(
      ruleHasContent(
        { ...https, CidrIpv4: undefined, ReferencedGroupInfo: { GroupId: 'sg-2' } },
        {
          ip_protocol: 'tcp',
          from_port: '443',
          to_port: '443',
          referenced_security_group_id: 'sg-2',
        },
      ),
    ).toBe(true);
  });

  it('matches nothing when the configuration gave no content', () => {
    expect(ruleHasContent(egressAll, {})).toBe(false);
  });
});

describe('recover: finding orphans', () => {
  const stack: StackFacts = readStack(devStackOutdir(RESOURCES), 'dev');

  it('imports what is tagged but not in the state, and looks up the untaggable children of found parents', async () => {
    const state = new Map([['aws_vpc.vpc', { id: 'vpc-1' }]]);
    const { cloud, calls } = fakeCloud(
      [
        { arn: arn('ec2', 'vpc/vpc-1'), tags: tag('aws_vpc.vpc') },
        { arn: arn('ec2', 'route-table/rtb-9'), tags: tag('aws_route_table.private') },
        { arn: arn('logs', 'log-group:/platform/dev/emr'), tags: tag('aws_cloudwatch_log_group.logs') },
      ],
      { 'aws_route.default': 'rtb-9_0.0.0.0/0', 'aws_kms_alias.alias': 'alias/p-dev' },
    );
    const report = await findOrphans(stack, state, cloud);
    expect(report.orphans).toEqual([
      { address: 'aws_cloudwatch_log_group.logs', importId: '/platform/dev/emr', via: 'tagging-api' },
      { address: 'aws_kms_alias.alias', importId: 'alias/p-dev', via: 'lookup' },
      { address: 'aws_route.default', importId: 'rtb-9_0.0.0.0/0', via: 'lookup' },
      { address: 'aws_route_table.private', importId: 'rtb-9', via: 'tagging-api' },
    ]);
    expect(report.duplicates).toEqual([]);
    // filtered by the environment's default tags; the route of a table that never existed is not asked for
    expect(calls[0]).toBe('tagged {"project":"p","environment":"dev"}');
    expect(calls).toContain(
      'lookup aws_route.default {"route_table_id":"rtb-9","destination_cidr_block":"0.0.0.0/0"}',
    );
    expect(calls.some((c) => c.includes('aws_route.orphan_parent'))).toBe(false);
    expect(calls.some((c) => c.startsWith('delete'))).toBe(false);
  });

  it('passes a rule lookup the configured content, and none when part of it does not resolve', async () => {
    const { cloud, calls } = fakeCloud(
      [{ arn: arn('ec2', 'security-group/sg-1'), tags: tag('aws_security_group.sg') }],
      {
        'aws_vpc_security_group_egress_rule.all': 'sgr-default',
      },
    );
    const report = await findOrphans(stack, new Map(), cloud);
    expect(report.orphans).toContainEqual({
      address: 'aws_vpc_security_group_egress_rule.all',
      importId: 'sgr-default',
      via: 'lookup',
    });
    expect(calls).toContain(
      'lookup aws_vpc_security_group_egress_rule.all {"security_group_id":"sg-1","ip_protocol":"-1","cidr_ipv4":"0.0.0.0/0"}',
    );
    // the peer group was never created: the lookup may match by address tag only
    expect(calls).toContain('lookup aws_vpc_security_group_egress_rule.to_peer {"security_group_id":"sg-1"}');
  });

  it('reports duplicates and foreign addresses instead of importing them', async () => {
    const state = new Map([['aws_vpc.vpc', { id: 'vpc-1' }]]);
    const { cloud } = fakeCloud([
      { arn: arn('ec2', 'vpc/vpc-2'), tags: tag('aws_vpc.vpc') },
      { arn: arn('ec2', 'vpc/vpc-3'), tags: tag('aws_vpc.renamed_since') },
      { arn: arn('sqs', 'q'), tags: tag('aws_sqs_queue.q') },
    ]);
    const report = await findOrphans(
      {
        ...stack,
        resources: new Map([
          ...stack.resources,
          ['aws_sqs_queue.q', { address: 'aws_sqs_queue.q', type: 'aws_sqs_queue', body: {} }],
        ]),
      },
      state,
      cloud,
    );
    expect(report.orphans).toEqual([]);
    expect(report.duplicates).toEqual([{ address: 'aws_vpc.vpc', arn: arn('ec2', 'vpc/vpc-2') }]);
    expect(report.skipped.map((s) => s.reason)).toEqual([
      'tagged aws_vpc.renamed_since, which is not in the synthesized platform-dev',
      'no import rule for aws_sqs_queue; import aws_sqs_queue.q by hand',
    ]);
  });
});

describe('recover: output', () => {
  it('writes Terraform JSON import blocks', () => {
    expect(
      JSON.parse(renderImports([{ address: 'aws_vpc.vpc', importId: 'vpc-1', via: 'tagging-api' }])),
    ).toEqual({
      import: [{ to: 'aws_vpc.vpc', id: 'vpc-1' }],
    });
  });

  it("reads Terraform's plan summary", () => {
    expect(parsePlanSummary('...\nPlan: 12 to import, 3 to add, 1 to change, 0 to destroy.\n')).toEqual({
      import: 12,
      add: 3,
      change: 1,
      destroy: 0,
    });
    expect(parsePlanSummary('Plan: 2 to add, 0 to change, 0 to destroy.')).toEqual({
      import: 0,
      add: 2,
      change: 0,
      destroy: 0,
    });
    expect(parsePlanSummary('No changes. Your infrastructure matches the configuration.')).toEqual({
      import: 0,
      add: 0,
      change: 0,
      destroy: 0,
    });
    expect(parsePlanSummary('Error: x')).toBeUndefined();
  });
});
