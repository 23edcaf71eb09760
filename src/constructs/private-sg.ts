import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';

export interface PrivateSecurityGroupsProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
}

/**
 * The documents' `private-sg` (all traffic from inside the VPC, all egress) for workloads in the
 * private subnets, and a separate, narrower group for the interface endpoints: HTTPS from the VPC only.
 */
export class PrivateSecurityGroups extends Construct {
  public readonly privateSecurityGroupId: string;
  public readonly endpointSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: PrivateSecurityGroupsProps) {
    super(scope, id);
    const privateSg = new SecurityGroup(this, 'private-sg', {
      name: `${props.namePrefix}-private-sg`,
      description: 'Allow all traffic from within the VPC; all egress',
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-private-sg` },
    });
    new VpcSecurityGroupIngressRule(this, 'private-from-vpc', {
      securityGroupId: privateSg.id,
      description: 'All traffic from the VPC',
      ipProtocol: '-1',
      cidrIpv4: props.vpcCidr,
    });
    new VpcSecurityGroupEgressRule(this, 'private-egress', {
      securityGroupId: privateSg.id,
      description: 'All egress (through the NAT gateways or VPC endpoints)',
      ipProtocol: '-1',
      cidrIpv4: '0.0.0.0/0',
    });

    const endpointSg = new SecurityGroup(this, 'endpoint-sg', {
      name: `${props.namePrefix}-endpoint-sg`,
      description: 'HTTPS from the VPC to the interface endpoints',
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-endpoint-sg` },
    });
    new VpcSecurityGroupIngressRule(this, 'endpoint-https-from-vpc', {
      securityGroupId: endpointSg.id,
      description: 'HTTPS from the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });

    this.privateSecurityGroupId = privateSg.id;
    this.endpointSecurityGroupId = endpointSg.id;
  }
}
