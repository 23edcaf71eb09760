import { Construct } from 'constructs';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { policy } from '../policies';

/**
 * IAM service prefix of each interface endpoint service that accepts an endpoint policy. The MWAA
 * endpoints (airflow.api, airflow.env, airflow.ops) are left out: their endpoints keep AWS's default
 * full-access policy (`aws ec2 describe-vpc-endpoint-services` reports VpcEndpointPolicySupported).
 */
export const ENDPOINT_POLICY_PREFIXES: Readonly<Record<string, string>> = {
  logs: 'logs',
  secretsmanager: 'secretsmanager',
  sqs: 'sqs',
  elasticmapreduce: 'elasticmapreduce',
  sts: 'sts',
  kms: 'kms',
  monitoring: 'cloudwatch',
};

export interface VpcEndpointsProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly partition: string;
  readonly accountId: string;
  readonly vpcId: string;
  /** The S3 gateway endpoint is added to each of these. */
  readonly privateRouteTableIds: readonly string[];
  /** Interface endpoints get a network interface in each of these subnets. */
  readonly privateSubnetIds: readonly string[];
  /** Security group of the interface endpoints; required when interfaceServices is not empty. @default none */
  readonly endpointSecurityGroupId?: string;
  /** Service short names, e.g. logs, secretsmanager, sqs, elasticmapreduce. */
  readonly interfaceServices: readonly string[];
  /** False outside office hours: the interface endpoints are removed; the free S3 gateway stays. @default true */
  readonly interfacePresent?: boolean;
  /** The only bucket of this account reachable through the S3 gateway endpoint. */
  readonly lakeBucketArn: string;
}

/**
 * Private paths to AWS services so the private subnets need the NAT only for the internet proper:
 * an S3 gateway endpoint (free, and keeps lake traffic off the NAT's per-GB charge) limited to the
 * lake and the AWS-owned buckets EMR and MWAA install from (policies/vpce-s3-gateway.json), and
 * interface endpoints with private DNS, one ENI per private subnet, limited to this account's
 * principals where the service supports endpoint policies.
 */
export class VpcEndpoints extends Construct {
  public readonly s3GatewayEndpointId: string;
  /** Interface endpoint ids by service short name. */
  public readonly interfaceEndpointIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const { endpointSecurityGroupId: securityGroupId } = props;
    if (props.interfaceServices.length > 0 && !securityGroupId) {
      throw new Error(
        `VpcEndpoints ${this.node.path}: interface endpoints (${props.interfaceServices.join(', ')}) need ` +
          'endpointSecurityGroupId; pass the endpoint security group, or no interfaceServices',
      );
    }
    const s3 = new VpcEndpoint(this, 's3', {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...props.privateRouteTableIds],
      policy: policy('vpce-s3-gateway', {
        partition: props.partition,
        region: props.region,
        account_id: props.accountId,
        lake_bucket_arn: props.lakeBucketArn,
      }),
      tags: { Name: `${props.namePrefix}-s3-gateway` },
    });
    const ids: Record<string, string> = {};
    for (const service of props.interfacePresent === false ? [] : props.interfaceServices) {
      const prefix = ENDPOINT_POLICY_PREFIXES[service];
      const endpoint = new VpcEndpoint(this, service.replace(/\./g, '-'), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: [...props.privateSubnetIds],
        securityGroupIds: [securityGroupId!],
        ...(prefix && {
          policy: policy('vpce-interface-own-account', {
            service_prefix: prefix,
            account_id: props.accountId,
          }),
        }),
        tags: { Name: `${props.namePrefix}-${service.replace(/\./g, '-')}-endpoint` },
      });
      ids[service] = endpoint.id;
    }
    this.s3GatewayEndpointId = s3.id;
    this.interfaceEndpointIds = ids;
  }
}
