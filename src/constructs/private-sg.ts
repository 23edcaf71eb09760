import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { skipCheck } from '../lib/checkov';

export interface PrivateSecurityGroupsProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Create the endpoint group (only when there are interface endpoints to attach it to). */
  readonly withEndpointGroup: boolean;
}

/**
 * The documents' `private-sg` (all traffic from inside the VPC, all egress) for workloads in the
 * private subnets, and a separate, narrower group for the interface endpoints: HTTPS from the VPC only.
 */
export class PrivateSecurityGroups extends Construct {
  public readonly privateSecurityGroupId: string;
  /** Undefined when there are no interface endpoints (an unattached group is dead weight). */
  public readonly endpointSecurityGroupId?: string;

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
    skipCheck(
      privateSg,
      'CKV2_AWS_5',
      'The documents\u2019 general-purpose private-sg, exported (private_security_group_id) for workloads added beside the platform; MWAA and EMR use their own groups',
    );
    new VpcSecurityGroupEgressRule(this, 'private-egress', {
      securityGroupId: privateSg.id,
      description: 'All egress (through the NAT gateways or VPC endpoints)',
      ipProtocol: '-1',
      cidrIpv4: '0.0.0.0/0',
    });

    this.privateSecurityGroupId = privateSg.id;
    if (!props.withEndpointGroup) return;
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

    this.endpointSecurityGroupId = endpointSg.id;
  }
}
