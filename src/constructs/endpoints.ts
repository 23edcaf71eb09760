import { Construct } from 'constructs';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';

export interface VpcEndpointsProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly vpcId: string;
  /** The S3 gateway endpoint is added to each of these. */
  readonly privateRouteTableIds: readonly string[];
  /** Interface endpoints get a network interface in each of these subnets. */
  readonly privateSubnetIds: readonly string[];
  /** Security group of the interface endpoints; required when interfaceServices is not empty. @default none */
  readonly endpointSecurityGroupId?: string;
  /** Service short names, e.g. logs, secretsmanager, sqs, elasticmapreduce. */
  readonly interfaceServices: readonly string[];
  /** False outside office hours: the interface endpoints are removed; the free S3 gateway stays. Default true. */
  readonly interfacePresent?: boolean;
}

/**
 * Private paths to AWS services so the private subnets need the NAT only for the internet proper:
 * an S3 gateway endpoint (free, and keeps lake traffic off the NAT's per-GB charge) and interface
 * endpoints with private DNS, one ENI per private subnet.
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
      tags: { Name: `${props.namePrefix}-s3-gateway` },
    });
    const ids: Record<string, string> = {};
    for (const service of props.interfacePresent === false ? [] : props.interfaceServices) {
      const endpoint = new VpcEndpoint(this, service.replace(/\./g, '-'), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: [...props.privateSubnetIds],
        securityGroupIds: [securityGroupId!],
        tags: { Name: `${props.namePrefix}-${service.replace(/\./g, '-')}-endpoint` },
      });
      ids[service] = endpoint.id;
    }
    this.s3GatewayEndpointId = s3.id;
    this.interfaceEndpointIds = ids;
  }
}
