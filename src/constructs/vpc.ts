import { Construct } from 'constructs';
import { Vpc as AwsVpc } from '@cdktf/provider-aws/lib/vpc';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';

export interface VpcProps {
  /** Name tag of the VPC; other resources are named `<namePrefix>-<role>`. */
  readonly vpcName: string;
  readonly namePrefix: string;
  /** Default 10.100.0.0/16 in the environment file. */
  readonly cidr: string;
  /** Two AZs; index i of every subnet list lives in azs[i]. */
  readonly azs: readonly string[];
  /** [0] Client VPN target subnet, [1] application subnet (documents: 10.100.0.0/24, 10.100.1.0/24). */
  readonly publicSubnets: readonly string[];
  /** Private subnets A and B for MWAA and EMR (documents: 10.100.3.0/24, 10.100.4.0/24). */
  readonly privateSubnets: readonly string[];
  readonly enableDnsHostnames: boolean;
  readonly enableDnsSupport: boolean;
  /** Extra tags on the private subnets (EMR's managed policy only uses tagged subnets). @default no extra tags */
  readonly privateSubnetTags?: Readonly<Record<string, string>>;
}

const PUBLIC_ROLES = ['vpn-target', 'application'] as const;
const PRIVATE_ROLES = ['private-a', 'private-b'] as const;

/**
 * The documents' `vpc` module: a VPC with an internet gateway, two public subnets routed through it
 * and two private subnets with one route table each (so each can default-route to its own AZ's NAT).
 * The default security group is emptied so nothing can use it by accident.
 *
 * @example
 * const vpc = new Vpc(this, 'vpc', { vpcName: 'acme-dev-vpc', namePrefix: 'acme-dev', cidr: '10.100.0.0/16', ... });
 */
export class Vpc extends Construct {
  public readonly vpcId: string;
  public readonly cidr: string;
  public readonly azs: readonly string[];
  public readonly publicSubnetIds: readonly string[];
  public readonly privateSubnetIds: readonly string[];
  /** One per private subnet, same order. */
  public readonly privateRouteTableIds: readonly string[];
  public readonly publicRouteTableId: string;
  public readonly vpnTargetSubnetId: string;

  constructor(scope: Construct, id: string, props: VpcProps) {
    super(scope, id);
    for (const [name, list] of [
      ['publicSubnets', props.publicSubnets],
      ['privateSubnets', props.privateSubnets],
    ] as const) {
      if (list.length !== props.azs.length) {
        throw new Error(
          `Vpc ${this.node.path}: ${name} has ${list.length} entries for ${props.azs.length} AZs ` +
            `(${props.azs.join(', ')}); give one subnet per AZ, in the order of azs`,
        );
      }
    }
    const vpc = new AwsVpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: props.enableDnsHostnames,
      enableDnsSupport: props.enableDnsSupport,
      tags: { Name: props.vpcName },
    });
    new DefaultSecurityGroup(this, 'default-sg', {
      vpcId: vpc.id,
      tags: { Name: `${props.namePrefix}-default-sg-unused` },
    });
    const igw = new InternetGateway(this, 'igw', {
      vpcId: vpc.id,
      tags: { Name: `${props.namePrefix}-igw` },
    });

    const publicRouteTable = new RouteTable(this, 'public-rt', {
      vpcId: vpc.id,
      tags: { Name: `${props.namePrefix}-public-rt` },
    });
    new Route(this, 'public-default-route', {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });

    const publicSubnets = props.publicSubnets.map((cidr, i) => {
      const role = PUBLIC_ROLES[i] ?? `public-${i}`;
      const subnet = new Subnet(this, `public-${i}`, {
        vpcId: vpc.id,
        cidrBlock: cidr,
        availabilityZone: props.azs[i],
        // Nothing is launched here with a public IP: the NAT gateways get Elastic IPs explicitly.
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.namePrefix}-${role}`, Tier: 'public' },
      });
      new RouteTableAssociation(this, `public-${i}-rta`, {
        subnetId: subnet.id,
        routeTableId: publicRouteTable.id,
      });
      return subnet;
    });

    const privateRouteTables = props.privateSubnets.map((cidr, i) => {
      const role = PRIVATE_ROLES[i] ?? `private-${i}`;
      const subnet = new Subnet(this, `private-${i}`, {
        vpcId: vpc.id,
        cidrBlock: cidr,
        availabilityZone: props.azs[i],
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.namePrefix}-${role}`, Tier: 'private', ...props.privateSubnetTags },
      });
      const table = new RouteTable(this, `private-${i}-rt`, {
        vpcId: vpc.id,
        tags: { Name: `${props.namePrefix}-${role}-rt` },
      });
      new RouteTableAssociation(this, `private-${i}-rta`, { subnetId: subnet.id, routeTableId: table.id });
      return { subnet, table };
    });

    this.vpcId = vpc.id;
    this.cidr = props.cidr;
    this.azs = props.azs;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateRouteTables.map(({ subnet }) => subnet.id);
    this.privateRouteTableIds = privateRouteTables.map(({ table }) => table.id);
    this.publicRouteTableId = publicRouteTable.id;
    this.vpnTargetSubnetId = publicSubnets[0]!.id;
  }
}

export interface VpcFlowLogsProps {
  readonly vpcId: string;
  /** S3 bucket ARN; logs land under `vpc-flow-logs/` (the bucket policy must admit log delivery). */
  readonly bucketArn: string;
}

/**
 * VPC flow logs (accepted and rejected traffic) to S3, the cheapest destination (no CloudWatch
 * ingestion charge), aggregated over 10 minutes; the bucket's lifecycle expires them.
 */
export class VpcFlowLogs extends Construct {
  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: 'ALL',
      logDestinationType: 's3',
      logDestination: `${props.bucketArn}/vpc-flow-logs/`,
      maxAggregationInterval: 600,
    });
  }
}
