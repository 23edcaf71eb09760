import { describe, expect, it } from 'vitest';
import { VpcEndpoints } from '../../src/constructs/endpoints';
import { decodeJson, refTo, resourceList, synthPlatform, testStack } from '../helpers';

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

  it('limits the S3 gateway endpoint to the lake and the AWS-owned buckets EMR and MWAA install from', () => {
    const json = synthPlatform();
    const gateway = resourceList(json, 'aws_vpc_endpoint').find((e) => e.vpc_endpoint_type === 'Gateway')!;
    const statements = decodeJson(gateway.policy).Statement as Record<string, unknown>[];
    const bySid = Object.fromEntries(statements.map((st) => [st.Sid, st]));
    const lake = '${aws_s3_bucket.lake_bucket.arn}';
    expect(bySid.ThisAccountsLake).toMatchObject({
      Resource: [lake, `${lake}/*`],
      Condition: {
        StringEquals: { 'aws:PrincipalAccount': '${data.aws_caller_identity.account.account_id}' },
      },
    });
    expect(bySid.AwsOwnedRepositories).toMatchObject({
      Action: 's3:GetObject',
      Resource: [
        'arn:${data.aws_partition.partition.partition}:s3:::al2023-repos-eu-north-1-de612dc2/*',
        'arn:${data.aws_partition.partition.partition}:s3:::repo.eu-north-1.emr.amazonaws.com/*',
        'arn:${data.aws_partition.partition.partition}:s3:::prod-eu-north-1-starport-layer-bucket/*',
      ],
    });
    const everyResource = statements.flatMap((st) => [st.Resource].flat());
    expect(everyResource.filter((r) => r === '*')).toHaveLength(1);
    expect(bySid.MwaaChecksPublicAccessBlock).toMatchObject({ Action: 's3:GetAccountPublicAccessBlock' });
  });

  it('limits interface endpoints that accept a policy to this account\u2019s principals and their service', () => {
    const json = synthPlatform({ interface_endpoints: ['logs', 'monitoring', 'airflow.env'] });
    const byService = Object.fromEntries(
      resourceList(json, 'aws_vpc_endpoint').map((e) => [
        String(e.service_name).split('.').slice(3).join('.'),
        e,
      ]),
    );
    expect(decodeJson(byService.logs!.policy).Statement).toEqual([
      expect.objectContaining({
        Action: 'logs:*',
        Condition: {
          StringEquals: { 'aws:PrincipalAccount': '${data.aws_caller_identity.account.account_id}' },
        },
      }),
    ]);
    expect(decodeJson(byService.monitoring!.policy).Statement[0].Action).toBe('cloudwatch:*');
    expect(byService['airflow.env']!.policy).toBeUndefined();
  });
});

describe('VpcEndpoints construction contract', () => {
  it('refuses interface endpoints without their security group, with one precise message', () => {
    expect(
      () =>
        new VpcEndpoints(testStack('endpoints-no-sg'), 'endpoints', {
          namePrefix: 'acme-dev',
          region: 'eu-north-1',
          partition: 'aws',
          accountId: '111122223333',
          vpcId: 'vpc-1',
          privateRouteTableIds: ['rtb-a'],
          privateSubnetIds: ['subnet-a'],
          interfaceServices: ['logs', 'sqs'],
          lakeBucketArn: 'arn:aws:s3:::acme-dev-lake-111122223333',
        }),
    ).toThrow(
      'VpcEndpoints endpoints-no-sg/endpoints: interface endpoints (logs, sqs) need endpointSecurityGroupId; pass the endpoint security group, or no interfaceServices',
    );
  });
});
