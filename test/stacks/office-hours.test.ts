import { describe, expect, it } from 'vitest';
import { BACKEND, configFor, synth, type SynthJson } from '../helpers';
import { StateBackendStack } from '../../src/stacks/state-backend-stack';
import { PlatformStack } from '../../src/stacks/platform-stack';
import { Testing } from '../../src/lib/tf';
import { environmentSchema } from '../../src/config';

const OFFICE_HOURS = { office_hours: { enabled: true } };
const HOUR_BILLED = [
  'aws_mwaa_environment',
  'aws_ec2_client_vpn_network_association',
  'aws_nat_gateway',
  'aws_cloudwatch_metric_alarm', // the MWAA alarms only: a deleted scheduler must not page anyone
];

function platform(input: Record<string, unknown>, offHours: boolean): SynthJson {
  return synth(
    new PlatformStack(Testing.app(), 'platform-test', {
      config: configFor(input),
      backend: BACKEND,
      mwaaRequirements: 'boto3\n',
      offHours,
    }),
  );
}

/** `type.name` -> body, for every resource of a stack. */
function bodies(json: SynthJson): Map<string, unknown> {
  return new Map(
    Object.entries(json.resource).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body] as const),
    ),
  );
}

const withEndpoints = { ...OFFICE_HOURS, interface_endpoints: ['logs', 'sqs'], vpn: { split_tunnel: false } };
const on = platform(withEndpoints, false);
const off = platform(withEndpoints, true);

describe('the off-hours switch', () => {
  it('removes MWAA, the VPN association and its route, the NATs and their default routes, the interface endpoints', () => {
    expect(Object.keys(on.resource)).toEqual(
      expect.arrayContaining([...HOUR_BILLED, 'aws_ec2_client_vpn_route']),
    );
    for (const type of [...HOUR_BILLED.slice(0, 3), 'aws_ec2_client_vpn_route']) {
      expect(off.resource[type], type).toBeUndefined();
    }
    const offAlarms = Object.values(off.resource.aws_cloudwatch_metric_alarm ?? {});
    expect(offAlarms.map((alarm) => alarm.alarm_name)).toEqual(['buildit-spark-dev-emr-idle-cluster']);
    const endpoints = Object.values(off.resource.aws_vpc_endpoint ?? {});
    expect(endpoints.map((endpoint) => endpoint.vpc_endpoint_type)).toEqual(['Gateway']);
    const natRoutes = Object.values(off.resource.aws_route ?? {}).filter((route) => route.nat_gateway_id);
    expect(natRoutes).toEqual([]);
    expect(Object.keys(off.output ?? {})).not.toContain('mwaa_webserver_url');
  });

  it('keeps every other resource with the same logical id and the same attributes', () => {
    const before = bodies(on);
    const after = bodies(off);
    for (const [address, body] of after) expect(body, address).toEqual(before.get(address));
    const survivors = [
      'aws_s3_bucket.lake_bucket',
      'aws_kms_key.platform_key',
      'aws_secretsmanager_secret',
      'aws_iam_role',
      'aws_cloudwatch_log_group',
      'aws_eip',
      'aws_ec2_client_vpn_endpoint',
      'aws_security_group',
    ];
    for (const survivor of survivors) {
      expect(
        [...after.keys()].some((address) => address.startsWith(survivor)),
        survivor,
      ).toBe(true);
    }
    // What went is exactly the hour-billed set (and the alarms and routes tied to it).
    const gone = [...before.keys()].filter((address) => !after.has(address)).map((a) => a.split('.')[0]);
    expect(new Set(gone)).toEqual(
      new Set([...HOUR_BILLED, 'aws_ec2_client_vpn_route', 'aws_route', 'aws_vpc_endpoint']),
    );
  });

  it('keeps the NAT Elastic IPs, so allow-listed addresses survive the night', () => {
    expect(Object.keys(off.resource.aws_eip!)).toEqual(Object.keys(on.resource.aws_eip!));
    expect(off.output?.nat_public_ips).toEqual(on.output?.nat_public_ips);
  });

  it('creates MWAA only after the NAT default routes it installs requirements through', () => {
    const [mwaa] = Object.values(on.resource.aws_mwaa_environment!);
    const routes = Object.keys(on.resource.aws_route!).filter((name) =>
      Boolean(on.resource.aws_route![name]!.nat_gateway_id),
    );
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(mwaa!.depends_on).toContain(`aws_route.${route}`);
  });

  it('changes nothing in an environment without office hours', () => {
    expect(platform({}, true)).toEqual(platform({}, false));
  });
});

describe('office_hours in the environment file', () => {
  const parse = (environment: string, officeHours: Record<string, unknown>) =>
    // the VPN is left out: prod's own rule (certificates by ACM ARN) is not what these tests are about
    environmentSchema.safeParse({ environment, office_hours: officeHours, vpn: { enabled: false } });
  const messages = (result: ReturnType<typeof parse>) =>
    result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

  it('is off by default and refused for prod', () => {
    expect(configFor().office_hours).toEqual({
      enabled: false,
      days: 'Mon-Fri',
      start: '07:00',
      end: '19:00',
      time_zone: 'Europe/Brussels',
    });
    expect(messages(parse('prod', { enabled: true }))).toEqual([
      'office_hours.enabled: office hours are refused for prod (it must run and alert around the clock); set enabled = false',
    ]);
    expect(parse('staging', { enabled: true }).success).toBe(true);
  });

  it('rejects unknown time zones, malformed days and an end before the start', () => {
    expect(
      messages(parse('dev', { time_zone: 'Europe/Brusels', days: 'Mon-Fry', start: '19:00', end: '07:00' })),
    ).toEqual([
      'office_hours.days: expected days like "Mon-Fri" or "Mon,Tue,Thu"',
      'office_hours.time_zone: expected an IANA time zone like Europe/Brussels',
      'office_hours.end: end (07:00) must be later than start (19:00) on the same day',
    ]);
  });
});

describe('per-environment budgets', () => {
  it('filter each budget by the environment cost-allocation tag', () => {
    const [budget] = Object.values(on.resource.aws_budgets_budget!);
    expect(budget!.cost_filter).toEqual([{ name: 'TagKeyValue', values: ['user:environment$dev'] }]);
  });

  it('activate the account-wide tag once, in the state-backend stack', () => {
    const stack = (activate: boolean) =>
      synth(
        new StateBackendStack(Testing.app(), 'state-backend', {
          backend: { ...BACKEND, activate_environment_cost_tag: activate },
          defaultTags: { environment: 'shared' },
        }),
      );
    expect(Object.values(stack(true).resource.aws_ce_cost_allocation_tag!)).toEqual([
      expect.objectContaining({ tag_key: 'environment', status: 'Active' }),
    ]);
    expect(stack(false).resource.aws_ce_cost_allocation_tag).toBeUndefined();
    expect(on.resource.aws_ce_cost_allocation_tag).toBeUndefined();
  });
});
