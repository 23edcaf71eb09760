import { Construct } from 'constructs';
import { EmrSecurityConfiguration } from '@cdktf/provider-aws/lib/emr-security-configuration';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Fn } from '../lib/tf';

/** AmazonEMRServicePolicy_v2 acts only on subnets and security groups carrying this tag. */
export const EMR_MANAGED_POLICY_TAG = { 'for-use-with-amazon-emr-managed-policies': 'true' } as const;

export interface EmrSupportProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly kmsKeyArn: string;
  /** s3:// URI of a zip of PEM certificates; when set, in-transit (TLS) encryption is enabled. */
  readonly inTransitCertificatesS3Uri?: string;
}

/**
 * What a transient EMR cluster needs to exist before Airflow creates it: the security configuration
 * (at-rest encryption of S3 data and local disks with the platform key, TLS when certificates are
 * given), and the three EMR-managed security groups for clusters in private subnets. Step, driver and
 * container logs go to the lake's `logs/emr/` prefix (the cluster's LogUri): EMR 7.8.0 ships no logs
 * to CloudWatch Logs on its own, so the platform keeps no EMR log group that would stay empty.
 * The groups start with only the rules EMR documents for private subnets; EMR adds its own
 * node-to-node rules when a cluster starts and removes them on delete (`revoke_rules_on_delete`).
 */
export class EmrSupport extends Construct {
  public readonly securityConfigurationName: string;
  public readonly primarySecurityGroupId: string;
  public readonly coreSecurityGroupId: string;
  public readonly serviceAccessSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: EmrSupportProps) {
    super(scope, id);
    const encryption: Record<string, unknown> = {
      EnableAtRestEncryption: true,
      AtRestEncryptionConfiguration: {
        S3EncryptionConfiguration: { EncryptionMode: 'SSE-KMS', AwsKmsKey: props.kmsKeyArn },
        LocalDiskEncryptionConfiguration: {
          EncryptionKeyProviderType: 'AwsKms',
          AwsKmsKey: props.kmsKeyArn,
          EnableEbsEncryption: true,
        },
      },
      EnableInTransitEncryption: Boolean(props.inTransitCertificatesS3Uri),
      ...(props.inTransitCertificatesS3Uri && {
        InTransitEncryptionConfiguration: {
          TLSCertificateConfiguration: {
            CertificateProviderType: 'PEM',
            S3Object: props.inTransitCertificatesS3Uri,
          },
        },
      }),
    };
    const securityConfiguration = new EmrSecurityConfiguration(this, 'security-configuration', {
      name: `${props.namePrefix}-emr-security`,
      // jsonencode, not JSON.stringify: the document holds a reference (see src/policies.ts).
      configuration: Fn.jsonencode({ EncryptionConfiguration: encryption }),
    });

    const group = (key: string, description: string) =>
      new SecurityGroup(this, key, {
        name: `${props.namePrefix}-${key}`,
        description,
        vpcId: props.vpcId,
        revokeRulesOnDelete: true,
        tags: { Name: `${props.namePrefix}-${key}`, ...EMR_MANAGED_POLICY_TAG },
      });
    const primary = group('emr-primary', 'EMR primary node (EMR adds node-to-node rules at cluster start)');
    const core = group('emr-core', 'EMR core and task nodes (EMR adds node-to-node rules at cluster start)');
    const service = group('emr-service-access', 'EMR service access for clusters in private subnets');

    // The rules EMR requires for private subnets: the service reaches the nodes on 8443,
    // the primary node reaches the service on 9443.
    new VpcSecurityGroupIngressRule(this, 'service-from-primary-9443', {
      securityGroupId: service.id,
      referencedSecurityGroupId: primary.id,
      ipProtocol: 'tcp',
      fromPort: 9443,
      toPort: 9443,
      description: 'Primary node to the EMR service',
    });
    for (const [name, target] of [
      ['primary', primary],
      ['core', core],
    ] as const) {
      new VpcSecurityGroupEgressRule(this, `service-to-${name}-8443`, {
        securityGroupId: service.id,
        referencedSecurityGroupId: target.id,
        ipProtocol: 'tcp',
        fromPort: 8443,
        toPort: 8443,
        description: `EMR service to the ${name} nodes`,
      });
      new VpcSecurityGroupIngressRule(this, `${name}-from-service-8443`, {
        securityGroupId: target.id,
        referencedSecurityGroupId: service.id,
        ipProtocol: 'tcp',
        fromPort: 8443,
        toPort: 8443,
        description: 'EMR service to this node',
      });
      new VpcSecurityGroupEgressRule(this, `${name}-egress-https`, {
        securityGroupId: target.id,
        cidrIpv4: '0.0.0.0/0',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description:
          'HTTPS to S3 (gateway endpoint), AWS APIs (interface endpoints) and package mirrors (NAT)',
      });
    }

    this.securityConfigurationName = securityConfiguration.name;
    this.primarySecurityGroupId = primary.id;
    this.coreSecurityGroupId = core.id;
    this.serviceAccessSecurityGroupId = service.id;
  }
}
