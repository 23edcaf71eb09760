import { Construct } from 'constructs';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';

/**
 * How many NAT gateways, in terraform-aws-modules/vpc's terms: `single` (single_nat_gateway, wins
 * over the other flag), `per-az` (one_nat_gateway_per_az), `per-subnet` (neither flag: the module's
 * default) or `none` (enable_nat_gateway = false). With one private subnet per AZ, `per-az` and
 * `per-subnet` build the same gateways.
 */
export type NatMode = 'per-subnet' | 'per-az' | 'single' | 'none';

export function natMode(config: {
  enable_nat_gateway: boolean;
  single_nat_gateway: boolean;
  one_nat_gateway_per_az: boolean;
}): NatMode {
  if (!config.enable_nat_gateway) return 'none';
  if (config.single_nat_gateway) return 'single';
  return config.one_nat_gateway_per_az ? 'per-az' : 'per-subnet';
}

export interface NatGatewaysProps {
  /** Start of the Name tags (`<namePrefix>-nat-<i>`, `<namePrefix>-nat-eip-<i>`). */
  readonly namePrefix: string;
  /** How many gateways (see NatMode). */
  readonly mode: NatMode;
  /** Public subnets by AZ index; NAT i is placed in publicSubnetIds[i]. */
  readonly publicSubnetIds: readonly string[];
  /**
   * Private route tables by AZ index (one per private subnet); each gets a default route to its own
   * NAT, or to the single one. Must be as many as publicSubnetIds.
   */
  readonly privateRouteTableIds: readonly string[];
  /**
   * False outside office hours: the gateways and their default routes are removed, the Elastic IPs
   * stay (allow-listed addresses do not change). Default true.
   */
  readonly present?: boolean;
}

/**
 * The documents' "NAT Gateways with Elastic IPs": outbound internet for the private subnets (MWAA's
 * email notifications, package installs). Each NAT has its own Elastic IP and sits in the public
 * subnet of the AZ it serves, so losing one AZ leaves the other's egress working.
 */
export class NatGateways extends Construct {
  public readonly natGatewayIds: readonly string[];
  public readonly elasticIps: readonly string[];
  /** The private default routes, for resources that need egress while they are created. */
  public readonly defaultRoutes: readonly Route[];

  constructor(scope: Construct, id: string, props: NatGatewaysProps) {
    super(scope, id);
    if (props.mode !== 'none' && props.publicSubnetIds.length !== props.privateRouteTableIds.length) {
      throw new Error(
        `NatGateways ${this.node.path}: ${props.publicSubnetIds.length} public subnets for ` +
          `${props.privateRouteTableIds.length} private route tables; give one public subnet per private ` +
          'route table (NAT i sits in public subnet i and serves route table i)',
      );
    }
    const count = props.mode === 'none' ? 0 : props.mode === 'single' ? 1 : props.privateRouteTableIds.length;
    const gateways = Array.from({ length: count }, (_, i) => {
      const eip = new Eip(this, `eip-${i}`, {
        domain: 'vpc',
        tags: { Name: `${props.namePrefix}-nat-eip-${i}` },
      });
      if (props.present === false) return { eip, nat: undefined };
      const nat = new NatGateway(this, `nat-${i}`, {
        allocationId: eip.allocationId,
        subnetId: props.publicSubnetIds[i]!,
        tags: { Name: `${props.namePrefix}-nat-${i}` },
      });
      return { eip, nat };
    });
    const routes = props.privateRouteTableIds.flatMap((routeTableId, i) => {
      const nat = gateways[Math.min(i, gateways.length - 1)]?.nat;
      if (!nat) return [];
      return new Route(this, `private-${i}-default-route`, {
        routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nat.id,
      });
    });
    this.defaultRoutes = routes;
    this.natGatewayIds = gateways.flatMap(({ nat }) => (nat ? [nat.id] : []));
    this.elasticIps = gateways.map(({ eip }) => eip.publicIp);
  }
}
