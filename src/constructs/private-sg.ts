import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { skipCheck } from '../lib/checkov';

export interface PrivateSecurityGroupsProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  /** Create the endpoint group (only when there are interface endpoints to attach it to). */
  readonly withEndpointGroup: boolean;
}

/**
 * The documents' `private-sg`, narrowed to what a workload added beside the platform in the private
 * subnets needs: its members talk to each other, and they reach AWS over HTTPS (interface endpoints,
 * the S3 gateway endpoint, the NAT). Attach it and add your own ingress; the documents' "all traffic
 * from the VPC" would also have admitted every VPN client. Plus the interface endpoints' group, which
 * admits HTTPS only from the groups named through `admitToEndpoints`.
 */
export class PrivateSecurityGroups extends Construct {
  public readonly privateSecurityGroupId: string;
  /** Undefined when there are no interface endpoints (an unattached group is dead weight). */
  public readonly endpointSecurityGroupId?: string;

  constructor(scope: Construct, id: string, props: PrivateSecurityGroupsProps) {
    super(scope, id);
    const privateSg = new SecurityGroup(this, 'private-sg', {
      name: `${props.namePrefix}-private-sg`,
      description: 'Workloads beside the platform: members talk to each other; HTTPS out',
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-private-sg` },
    });
    new VpcSecurityGroupIngressRule(this, 'private-from-members', {
      securityGroupId: privateSg.id,
      description: 'Members of this group talk to each other',
      ipProtocol: '-1',
      referencedSecurityGroupId: privateSg.id,
    });
    skipCheck(
      privateSg,
      'CKV2_AWS_5',
      'The documents\u2019 private-sg, exported (private_security_group_id) for workloads added beside the platform; MWAA and EMR use their own groups',
    );
    new VpcSecurityGroupEgressRule(this, 'private-egress-https', {
      securityGroupId: privateSg.id,
      description: 'HTTPS to AWS APIs (endpoints, S3 gateway) and package mirrors (NAT)',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
    });

    this.privateSecurityGroupId = privateSg.id;
    if (!props.withEndpointGroup) return;
    const endpointSg = new SecurityGroup(this, 'endpoint-sg', {
      name: `${props.namePrefix}-endpoint-sg`,
      description: 'HTTPS to the interface endpoints from the platform groups only',
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-endpoint-sg` },
    });
    this.endpointSecurityGroupId = endpointSg.id;
    this.admitToEndpoints({ private: privateSg.id });
  }

  /** Admits HTTPS to the interface endpoints from each named group (no-op without endpoints). */
  public admitToEndpoints(clients: Readonly<Record<string, string>>): void {
    if (!this.endpointSecurityGroupId) return;
    for (const [name, groupId] of Object.entries(clients)) {
      new VpcSecurityGroupIngressRule(this, `endpoint-https-from-${name}`, {
        securityGroupId: this.endpointSecurityGroupId,
        description: `HTTPS from ${name}`,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        referencedSecurityGroupId: groupId,
      });
    }
  }
}
