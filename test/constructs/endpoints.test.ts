import { describe, expect, it } from 'vitest';
import { VpcEndpoints } from '../../src/constructs/endpoints';
import { refTo, resourceList, synthPlatform, testStack } from '../helpers';

describe('VpcEndpoints', () => {
  it('adds the S3 gateway endpoint to every private route table', () => {
    const json = synthPlatform();
    const gateways = resourceList(json, 'aws_vpc_endpoint').filter((e) => e.vpc_endpoint_type === 'Gateway');
    expect(gateways).toEqual([
      expect.objectContaining({
        service_name: 'com.amazonaws.eu-north-1.s3',
        route_table_ids: [
          refTo(json, 'aws_route_table', 'vpc/private-0-rt'),
          refTo(json, 'aws_route_table', 'vpc/private-1-rt'),
        ],
      }),
    ]);
  });

  it('creates the documents\u2019 interface endpoints in both private subnets with private DNS', () => {
    const json = synthPlatform();
    const interfaces = resourceList(json, 'aws_vpc_endpoint').filter(
      (e) => e.vpc_endpoint_type === 'Interface',
    );
    expect(interfaces.map((e) => e.service_name)).toEqual([
      'com.amazonaws.eu-north-1.logs',
      'com.amazonaws.eu-north-1.secretsmanager',
      'com.amazonaws.eu-north-1.sqs',
      'com.amazonaws.eu-north-1.elasticmapreduce',
    ]);
    for (const endpoint of interfaces) {
      expect(endpoint).toMatchObject({
        private_dns_enabled: true,
        subnet_ids: [refTo(json, 'aws_subnet', 'vpc/private-0'), refTo(json, 'aws_subnet', 'vpc/private-1')],
        security_group_ids: [refTo(json, 'aws_security_group', 'private-sg/endpoint-sg')],
      });
    }
  });

  it('follows the configured list', () => {
    const json = synthPlatform({ interface_endpoints: ['sts'] });
    const names = resourceList(json, 'aws_vpc_endpoint').map((e) => e.service_name);
    expect(names).toEqual(['com.amazonaws.eu-north-1.s3', 'com.amazonaws.eu-north-1.sts']);
  });
});

describe('VpcEndpoints construction contract', () => {
  it('refuses interface endpoints without their security group, with one precise message', () => {
    expect(
      () =>
        new VpcEndpoints(testStack('endpoints-no-sg'), 'endpoints', {
          namePrefix: 'acme-dev',
          region: 'eu-north-1',
          vpcId: 'vpc-1',
          privateRouteTableIds: ['rtb-a'],
          privateSubnetIds: ['subnet-a'],
          interfaceServices: ['logs', 'sqs'],
        }),
    ).toThrow(
      'VpcEndpoints endpoints-no-sg/endpoints: interface endpoints (logs, sqs) need endpointSecurityGroupId; pass the endpoint security group, or no interfaceServices',
    );
  });
});
