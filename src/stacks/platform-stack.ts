import type { Construct } from 'constructs';
import type { BackendConfig, EnvironmentConfig } from '../config';
import { VpcEndpoints } from '../constructs/endpoints';
import { NatGateways, natMode } from '../constructs/nat-gateways';
import { PrivateSecurityGroups } from '../constructs/private-sg';
import { Vpc } from '../constructs/vpc';
import { TerraformOutput, TerraformStack } from '../lib/tf';
import { platformProvider, stateBackend, type EmulatorOptions } from './aws-provider';

export interface PlatformStackProps {
  readonly config: EnvironmentConfig;
  readonly backend: BackendConfig;
  readonly emulator?: EmulatorOptions;
}

export function defaultTags(config: EnvironmentConfig): Record<string, string> {
  return {
    ...config.tags,
    project: config.project,
    environment: config.environment,
    owner: config.owner,
    'cost-center': config.cost_center,
  };
}

/** One environment of the platform: Network → Endpoints → services, wired in one readable place. */
export class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { config, backend, emulator } = props;
    const prefix = `${config.project}-${config.environment}`;

    stateBackend(this, {
      bucket: backend.bucket,
      key: `${backend.key_prefix}/${config.environment}/terraform.tfstate`,
      region: backend.region,
      emulator,
    });
    platformProvider(this, { region: config.region, defaultTags: defaultTags(config), emulator });

    const vpc = new Vpc(this, 'vpc', {
      vpcName: config.vpc_name,
      namePrefix: prefix,
      cidr: config.vpc_cidr,
      azs: config.azs,
      publicSubnets: config.public_subnets,
      privateSubnets: config.private_subnets,
      enableDnsHostnames: config.enable_dns_hostnames,
      enableDnsSupport: config.enable_dns_support,
    });
    const nat = new NatGateways(this, 'nat', {
      namePrefix: prefix,
      mode: natMode(config),
      publicSubnetIds: vpc.publicSubnetIds,
      privateRouteTableIds: vpc.privateRouteTableIds,
    });
    const securityGroups = new PrivateSecurityGroups(this, 'private-sg', {
      namePrefix: prefix,
      vpcId: vpc.vpcId,
      vpcCidr: vpc.cidr,
    });
    new VpcEndpoints(this, 'endpoints', {
      namePrefix: prefix,
      region: config.region,
      vpcId: vpc.vpcId,
      privateRouteTableIds: vpc.privateRouteTableIds,
      privateSubnetIds: vpc.privateSubnetIds,
      endpointSecurityGroupId: securityGroups.endpointSecurityGroupId,
      interfaceServices: config.interface_endpoints,
    });

    new TerraformOutput(this, 'vpc_id', { value: vpc.vpcId });
    new TerraformOutput(this, 'public_subnet_ids', { value: vpc.publicSubnetIds });
    new TerraformOutput(this, 'private_subnet_ids', { value: vpc.privateSubnetIds });
    new TerraformOutput(this, 'private_security_group_id', { value: securityGroups.privateSecurityGroupId });
    new TerraformOutput(this, 'nat_public_ips', { value: nat.elasticIps });
  }
}
