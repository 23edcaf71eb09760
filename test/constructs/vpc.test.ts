import { describe, expect, it } from 'vitest';
import { Vpc } from '../../src/constructs/vpc';
import { byPath, refTo, resourceList, synthPlatform, testStack } from '../helpers';

describe('Vpc', () => {
  const json = synthPlatform();

  it('creates the VPC with DNS support and hostnames', () => {
    const [vpc] = resourceList(json, 'aws_vpc');
    expect(vpc).toMatchObject({
      cidr_block: '10.100.0.0/16',
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: 'buildit-spark-dev-vpc' },
    });
    expect(resourceList(json, 'aws_internet_gateway')).toHaveLength(1);
  });

  it('places the documents\u2019 subnets in their AZs', () => {
    const subnets = resourceList(json, 'aws_subnet')
      .map((s) => [
        (s.tags as Record<string, string>).Name,
        s.cidr_block,
        s.availability_zone,
        (s.tags as Record<string, string>).Tier,
      ])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(subnets).toEqual([
      ['buildit-spark-dev-vpn-target', '10.100.0.0/24', 'eu-north-1a', 'public'],
      ['buildit-spark-dev-application', '10.100.1.0/24', 'eu-north-1b', 'public'],
      ['buildit-spark-dev-private-a', '10.100.3.0/24', 'eu-north-1a', 'private'],
      ['buildit-spark-dev-private-b', '10.100.4.0/24', 'eu-north-1b', 'private'],
    ]);
    expect(resourceList(json, 'aws_subnet').every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  it('routes the public subnets through the internet gateway', () => {
    const route = byPath(json, 'aws_route', 'vpc/public-default-route');
    expect(route).toMatchObject({
      destination_cidr_block: '0.0.0.0/0',
      gateway_id: refTo(json, 'aws_internet_gateway', 'vpc/igw'),
      route_table_id: refTo(json, 'aws_route_table', 'vpc/public-rt'),
    });
    for (const i of [0, 1]) {
      expect(byPath(json, 'aws_route_table_association', `vpc/public-${i}-rta`)).toMatchObject({
        subnet_id: refTo(json, 'aws_subnet', `vpc/public-${i}`),
        route_table_id: refTo(json, 'aws_route_table', 'vpc/public-rt'),
      });
    }
  });

  it('gives each private subnet its own route table', () => {
    for (const i of [0, 1]) {
      expect(byPath(json, 'aws_route_table_association', `vpc/private-${i}-rta`)).toMatchObject({
        subnet_id: refTo(json, 'aws_subnet', `vpc/private-${i}`),
        route_table_id: refTo(json, 'aws_route_table', `vpc/private-${i}-rt`),
      });
    }
    expect(resourceList(json, 'aws_route_table')).toHaveLength(3);
  });

  it('empties the default security group', () => {
    const [sg] = resourceList(json, 'aws_default_security_group');
    expect(sg).toBeDefined();
    expect(sg!.ingress).toBeUndefined();
    expect(sg!.egress).toBeUndefined();
  });
});

describe('VpcFlowLogs', () => {
  it('sends all VPC traffic logs to the access-log bucket, which admits log delivery', async () => {
    const { decodeJson, resources } = await import('../helpers');
    const json = synthPlatform();
    expect(resourceList(json, 'aws_flow_log')).toEqual([
      expect.objectContaining({
        traffic_type: 'ALL',
        log_destination_type: 's3',
        log_destination: '${aws_s3_bucket.access_logs_bucket.arn}/vpc-flow-logs/',
        max_aggregation_interval: 600,
      }),
    ]);
    const policy = decodeJson(byPath(json, 'aws_s3_bucket_policy', 'data-lake/access-logs/policy').policy);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(
      expect.arrayContaining(['VpcFlowLogDelivery', 'VpcFlowLogAclCheck']),
    );
    expect(resources(synthPlatform({ flow_logs_enabled: false }), 'aws_flow_log')).toEqual({});
  });
});

describe('Vpc construction contract', () => {
  it('refuses subnet lists that do not match the AZs, with one precise message', () => {
    expect(
      () =>
        new Vpc(testStack('vpc-mismatch'), 'vpc', {
          vpcName: 'acme-dev-vpc',
          namePrefix: 'acme-dev',
          cidr: '10.100.0.0/16',
          azs: ['eu-north-1a', 'eu-north-1b'],
          publicSubnets: ['10.100.0.0/24', '10.100.1.0/24'],
          privateSubnets: ['10.100.3.0/24'],
          enableDnsHostnames: true,
          enableDnsSupport: true,
        }),
    ).toThrow(
      'Vpc vpc-mismatch/vpc: privateSubnets has 1 entries for 2 AZs (eu-north-1a, eu-north-1b); give one subnet per AZ, in the order of azs',
    );
  });
});
