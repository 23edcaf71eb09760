import { describe, expect, it } from 'vitest';
import { environmentSchema } from '../../src/config';

function problems(input: Record<string, unknown>): { path: string; message: string }[] {
  const result = environmentSchema.safeParse({ environment: 'dev', ...input });
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('environment schema defaults', () => {
  it('fills in what the documents fix', () => {
    const config = environmentSchema.parse({ environment: 'dev' });
    expect(config.region).toBe('eu-north-1');
    expect(config.vpc_cidr).toBe('10.100.0.0/16');
    expect(config.azs).toEqual(['eu-north-1a', 'eu-north-1b']);
    expect(config.public_subnets).toEqual(['10.100.0.0/24', '10.100.1.0/24']);
    expect(config.private_subnets).toEqual(['10.100.3.0/24', '10.100.4.0/24']);
    expect(config.interface_endpoints).toEqual(['logs', 'secretsmanager', 'sqs', 'elasticmapreduce']);
    expect(config.vpn.client_cidr).toBe('10.0.0.0/16');
    expect(config.vpc_name).toBe('buildit-spark-dev-vpc');
    expect(config.lake.bucket_prefix).toBe('buildit-spark-dev');
  });

  it('derives default AZs from another region', () => {
    expect(environmentSchema.parse({ environment: 'dev', region: 'eu-west-1' }).azs).toEqual([
      'eu-west-1a',
      'eu-west-1b',
    ]);
  });
});

describe('environment schema cross-field rules', () => {
  it('accepts the shipped layout', () => {
    expect(problems({})).toEqual([]);
  });

  it('rejects a subnet outside the VPC', () => {
    expect(problems({ private_subnets: ['10.100.3.0/24', '10.200.4.0/24'] })).toEqual([
      {
        path: 'private_subnets.1',
        message: '10.200.4.0/24 is outside vpc_cidr 10.100.0.0/16; pick a block inside it',
      },
    ]);
  });

  it('rejects overlapping subnets, naming both', () => {
    expect(problems({ private_subnets: ['10.100.0.0/24', '10.100.4.0/24'] })).toEqual([
      {
        path: 'private_subnets.0',
        message: '10.100.0.0/24 overlaps public_subnets[0] (10.100.0.0/24); every subnet needs its own block',
      },
    ]);
  });

  it('rejects AZs that do not exist in the region, listing the ones that do, and duplicate AZs', () => {
    expect(problems({ azs: ['eu-west-1a', 'eu-north-1b'] })[0]).toEqual({
      path: 'azs.0',
      message:
        '"eu-west-1a" is not an availability zone of region eu-north-1; allowed: eu-north-1a, eu-north-1b, eu-north-1c',
    });
    expect(problems({ azs: ['eu-north-1a', 'eu-north-1d'] })[0]?.path).toBe('azs.1');
    expect(problems({ azs: ['eu-north-1a', 'eu-north-1a'] })).toEqual([
      { path: 'azs.1', message: '"eu-north-1a" is listed twice (also at [0]); remove the repeat' },
    ]);
  });

  it('defaults the AZs to the first two the region has', () => {
    expect(environmentSchema.parse({ environment: 'dev', region: 'ap-northeast-1' }).azs).toEqual([
      'ap-northeast-1a',
      'ap-northeast-1c',
    ]);
  });

  it('enforces the Client VPN client block limits and VPC separation', () => {
    expect(problems({ vpn: { client_cidr: '10.0.0.0/24' } })).toEqual([
      { path: 'vpn.client_cidr', message: 'Client VPN needs a client block between /12 and /22, got /24' },
    ]);
    expect(problems({ vpn: { client_cidr: '10.96.0.0/12' } })).toEqual([
      {
        path: 'vpn.client_cidr',
        message: '10.96.0.0/12 overlaps vpc_cidr 10.100.0.0/16; VPN clients need addresses outside the VPC',
      },
    ]);
  });

  it('refuses certificate import for prod: its VPN certificates are named by ACM ARN', () => {
    expect(problems({ environment: 'prod' })).toEqual([
      {
        path: 'vpn.server_certificate_arn',
        message: expect.stringContaining('prod must name its VPN certificates by ACM ARN'),
      },
    ]);
    const acm = 'arn:aws:acm:eu-north-1:111122223333:certificate/00000000-0000-4000-8000-000000000001';
    expect(
      problems({
        environment: 'prod',
        vpn: { server_certificate_arn: acm, client_root_certificate_arn: acm },
      }),
    ).toEqual([]);
    expect(problems({ environment: 'prod', vpn: { enabled: false } })).toEqual([]);
  });

  it('accepts "account" or IAM principal ARNs as who may assume a people role', () => {
    expect(
      problems({
        access: {
          analysts: [
            'account',
            'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Analyst_*',
          ],
        },
      }),
    ).toEqual([]);
    expect(problems({ access: { analysts: ['everyone'] } })[0]?.path).toBe('access.analysts.0');
    expect(problems({ access: { analysts: [] } })[0]?.path).toBe('access.analysts');
    expect(problems({ access: { github_repository: 'no-slash' } })[0]?.path).toBe('access.github_repository');
  });

  it('rejects a VPC block outside AWS limits', () => {
    expect(
      problems({
        vpc_cidr: '10.0.0.0/8',
        public_subnets: ['10.0.0.0/24', '10.0.1.0/24'],
        private_subnets: ['10.0.3.0/24', '10.0.4.0/24'],
        vpn: { client_cidr: '172.16.0.0/16' },
      }),
    ).toEqual([{ path: 'vpc_cidr', message: 'AWS allows VPC blocks from /16 to /28, got /8' }]);
  });

  it('accepts both NAT flags, as terraform-aws-modules/vpc does (single_nat_gateway wins)', () => {
    expect(problems({ single_nat_gateway: true, one_nat_gateway_per_az: true })).toEqual([]);
  });

  it('refuses DNS settings AWS rejects', () => {
    expect(problems({ enable_dns_support: false, interface_endpoints: [] })).toEqual([
      {
        path: 'enable_dns_hostnames',
        message:
          'AWS turns on DNS hostnames only in a VPC with DNS support; set enable_dns_support = true or enable_dns_hostnames = false',
      },
    ]);
    expect(problems({ enable_dns_hostnames: false })).toEqual([
      {
        path: 'interface_endpoints',
        message:
          'interface endpoints use private DNS, which AWS refuses unless enable_dns_support and enable_dns_hostnames are both true; turn both on or set interface_endpoints = []',
      },
    ]);
    expect(problems({ enable_dns_hostnames: false, interface_endpoints: [] })).toEqual([]);
  });

  it('refuses duplicate list items without a stack trace', () => {
    expect(problems({ interface_endpoints: ['logs', 'sqs', 'logs'] })).toEqual([
      { path: 'interface_endpoints.2', message: '"logs" is listed twice (also at [0]); remove the repeat' },
    ]);
    expect(problems({ monitoring: { budget_alert_thresholds_percent: [80, 80] } })[0]?.path).toBe(
      'monitoring.budget_alert_thresholds_percent.1',
    );
  });

  it('enforces name and tag limits', () => {
    expect(problems({ environment: 'Dev_1' })[0]?.message).toMatch(/lowercase letters, digits and hyphens/);
    expect(problems({ environment: 'a-very-long-environment' })[0]?.path).toBe('environment');
    expect(problems({ tags: { 'aws:created': 'x' } })[0]?.message).toBe(
      'tag keys must not start with "aws:"',
    );
    expect(problems({ tags: { team: 'x'.repeat(257) } })[0]?.message).toBe(
      'tag values are limited to 256 characters by AWS',
    );
    const many = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`k${i}`, 'v']));
    expect(problems({ tags: many })).toEqual([
      {
        path: 'tags',
        message:
          "51 tags with the platform's 5 (project, environment, owner, cost-center, platform:address); AWS allows 50 per resource",
      },
    ]);
    expect(problems({ tags: Object.fromEntries(Object.entries(many).slice(1)) })).toEqual([]);
    expect(problems({ tags: { 'platform:address': 'x' } })[0]?.message).toMatch(/set by the platform/);
  });

  it('refuses a public Airflow UI in prod only', () => {
    const publicUi = { mwaa: { webserver_access_mode: 'PUBLIC_ONLY' } };
    // prod names its VPN certificates by ACM ARN (its own rule); leave the VPN out of this one
    const prod = { environment: 'prod', vpn: { enabled: false } };
    expect(problems({ ...prod, ...publicUi })).toEqual([
      {
        path: 'mwaa.webserver_access_mode',
        message:
          'PUBLIC_ONLY puts the prod Airflow UI on the internet; use PRIVATE_ONLY and reach it through the Client VPN',
      },
    ]);
    expect(problems(prod)).toEqual([]);
    expect(problems({ environment: 'dev', ...publicUi })).toEqual([]);
  });

  it('rejects a malformed CIDR with the reason', () => {
    expect(problems({ vpc_cidr: '10.100.0.0/33' })[0]).toEqual({
      path: 'vpc_cidr',
      message: '"10.100.0.0/33" is not an IPv4 CIDR block like 10.100.0.0/16',
    });
  });
});
