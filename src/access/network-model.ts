import { parseCidr, type Cidr } from '../config/cidr';

/**
 * The network a synthesized stack (cdk.tf.json) declares, read the way AWS applies it: security
 * groups from all three Terraform forms (inline blocks, aws_security_group_rule, the per-rule
 * aws_vpc_security_group_*_rule), network ACLs (a subnet without one uses its VPC's default ACL,
 * which allows everything unless aws_default_network_acl rewrites it), and route tables (the VPC's
 * local route is implicit; a subnet without an association uses the main table). References are
 * the `${type.name.attr}` strings Terraform resolves; literals are what the env file fixed.
 */

export type Resources = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;

export interface SynthesizedStack {
  readonly resource: Resources;
}

/** IANA protocol number, or every protocol (`-1`). */
export type Protocol = number | 'all';

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

export interface SecurityGroupRule {
  readonly id: string;
  readonly direction: 'ingress' | 'egress';
  readonly group: string;
  readonly protocol: Protocol;
  readonly ports: PortRange;
  /** Exactly one peer: a CIDR, another group, or a prefix list. */
  readonly cidr?: Cidr;
  readonly peerGroup?: string;
  readonly prefixList?: string;
}

export interface NaclRule {
  readonly number: number;
  readonly egress: boolean;
  readonly allow: boolean;
  readonly protocol: Protocol;
  readonly ports: PortRange;
  readonly cidr: Cidr;
}

export type RouteTarget = { readonly kind: 'local' | 'igw' | 'nat' | 'vpce' | 'other'; readonly ref: string };

export interface Route {
  /** A CIDR, or the service name of a gateway endpoint's prefix list (com.amazonaws.<region>.s3). */
  readonly destination: Cidr | { readonly prefixList: string };
  readonly target: RouteTarget;
}

export interface Subnet {
  readonly ref: string;
  readonly cidr: Cidr;
  readonly az: string;
  readonly vpc: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** `aws_subnet.x` for `${aws_subnet.x.id}`; undefined for a literal. */
export function refOf(value: unknown): string | undefined {
  const match = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(String(value));
  return match?.[1];
}

/** Every `type.name` reference inside an expression such as `${join(",", [aws_subnet.a.id, ...])}`. */
export function refsIn(value: unknown, type: string): string[] {
  const pattern = new RegExp(`\\b(${type}\\.[A-Za-z0-9_-]+)\\.[a-z_]+`, 'g');
  return [...String(value ?? '').matchAll(pattern)].map((m) => m[1]!);
}

export function protocolOf(value: unknown): Protocol {
  const text = String(value ?? '-1').toLowerCase();
  const named: Record<string, Protocol> = { '-1': 'all', all: 'all', tcp: 6, udp: 17, icmp: 1 };
  if (text in named) return named[text]!;
  const number = Number(text);
  if (!Number.isInteger(number)) throw new Error(`unknown protocol "${text}"`);
  return number;
}

function portsOf(protocol: Protocol, from: unknown, to: unknown): PortRange {
  // Ports mean nothing for "all" and ICMP (there they carry type and code).
  if (protocol === 'all' || protocol === 1 || from === undefined) return ALL_PORTS;
  return { from: Number(from), to: Number(to ?? from) };
}

function cidrOf(text: unknown, where: string): Cidr {
  const parsed = parseCidr(String(text));
  if (typeof parsed === 'string')
    throw new Error(`${where}: ${parsed} (only literal CIDRs can be evaluated)`);
  return parsed;
}

const list = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

export class NetworkModel {
  readonly vpcs = new Map<string, Cidr>();
  readonly subnets = new Map<string, Subnet>();
  readonly groups = new Map<string, { name: string; rules: SecurityGroupRule[] }>();
  readonly natGateways = new Map<string, { subnet: string }>();
  /** Route table ref → routes (the local route included); `main:<vpc>` for each VPC's main table. */
  readonly routeTables = new Map<string, Route[]>();
  readonly subnetRouteTable = new Map<string, string>();
  /** ACL ref → rules; `default:<vpc>` for each VPC's default ACL. */
  readonly nacls = new Map<string, NaclRule[]>();
  readonly subnetNacl = new Map<string, string>();

  constructor(readonly resources: Resources) {
    this.readVpcs();
    this.readSecurityGroups();
    this.readNacls();
    this.readRoutes();
  }

  of(type: string): [string, Readonly<Record<string, unknown>>][] {
    return Object.entries(this.resources[type] ?? {}).map(([name, body]) => [`${type}.${name}`, body]);
  }

  group(ref: string) {
    const group = this.groups.get(ref);
    if (!group) throw new Error(`no security group ${ref} in the stack`);
    return group;
  }

  subnet(ref: string): Subnet {
    const subnet = this.subnets.get(ref);
    if (!subnet) throw new Error(`no subnet ${ref} in the stack`);
    return subnet;
  }

  routesOf(subnet: string): Route[] {
    const table = this.subnetRouteTable.get(subnet) ?? `main:${this.subnet(subnet).vpc}`;
    return this.routeTables.get(table) ?? [];
  }

  naclOf(subnet: string): NaclRule[] {
    return this.nacls.get(this.subnetNacl.get(subnet) ?? `default:${this.subnet(subnet).vpc}`) ?? [];
  }

  private readVpcs(): void {
    for (const [ref, body] of this.of('aws_vpc')) {
      const cidr = cidrOf(body.cidr_block, ref);
      this.vpcs.set(ref, cidr);
      const local: Route = { destination: cidr, target: { kind: 'local', ref: 'local' } };
      this.routeTables.set(`main:${ref}`, [local]);
      // AWS's default ACL: rule 100 allows all traffic both ways (then the implicit deny).
      this.nacls.set(`default:${ref}`, allowAll());
    }
    for (const [ref, body] of this.of('aws_subnet')) {
      this.subnets.set(ref, {
        ref,
        cidr: cidrOf(body.cidr_block, ref),
        az: String(body.availability_zone),
        vpc: refOf(body.vpc_id) ?? String(body.vpc_id),
        tags: (body.tags ?? {}) as Record<string, string>,
      });
    }
    for (const [ref, body] of this.of('aws_nat_gateway')) {
      this.natGateways.set(ref, { subnet: refOf(body.subnet_id)! });
    }
  }

  private readSecurityGroups(): void {
    const add = (rule: Omit<SecurityGroupRule, 'ports'> & { from?: unknown; to?: unknown }) => {
      const { from, to, ...rest } = rule;
      this.group(rule.group).rules.push({ ...rest, ports: portsOf(rule.protocol, from, to) });
    };
    for (const type of ['aws_security_group', 'aws_default_security_group']) {
      for (const [ref, body] of this.of(type)) {
        this.groups.set(ref, { name: String(body.name ?? ref), rules: [] });
        // Terraform deletes AWS's default allow-all egress: no egress block means no egress.
        for (const direction of ['ingress', 'egress'] as const) {
          list(body[direction]).forEach((block, i) => {
            const b = block as Record<string, unknown>;
            const base = {
              id: `${ref}.${direction}[${i}]`,
              direction,
              group: ref,
              protocol: protocolOf(b.protocol),
            };
            const ports = { from: b.from_port, to: b.to_port };
            for (const cidr of list(b.cidr_blocks)) add({ ...base, ...ports, cidr: cidrOf(cidr, base.id) });
            for (const peer of list(b.security_groups))
              add({ ...base, ...ports, peerGroup: refOf(peer) ?? String(peer) });
            if (b.self === true) add({ ...base, ...ports, peerGroup: ref });
            for (const pl of list(b.prefix_list_ids)) add({ ...base, ...ports, prefixList: String(pl) });
          });
        }
      }
    }
    for (const direction of ['ingress', 'egress'] as const) {
      for (const [ref, b] of this.of(`aws_vpc_security_group_${direction}_rule`)) {
        const group = refOf(b.security_group_id)!;
        const base = {
          id: ref,
          direction,
          group,
          protocol: protocolOf(b.ip_protocol),
          from: b.from_port,
          to: b.to_port,
        };
        if (b.cidr_ipv4 !== undefined) add({ ...base, cidr: cidrOf(b.cidr_ipv4, ref) });
        if (b.referenced_security_group_id !== undefined)
          add({ ...base, peerGroup: refOf(b.referenced_security_group_id)! });
        if (b.prefix_list_id !== undefined) add({ ...base, prefixList: String(b.prefix_list_id) });
      }
    }
    for (const [ref, b] of this.of('aws_security_group_rule')) {
      const group = refOf(b.security_group_id)!;
      const direction = b.type === 'egress' ? 'egress' : 'ingress';
      const base = {
        id: ref,
        direction,
        group,
        protocol: protocolOf(b.protocol),
        from: b.from_port,
        to: b.to_port,
      } as const;
      for (const cidr of list(b.cidr_blocks)) add({ ...base, cidr: cidrOf(cidr, ref) });
      if (b.source_security_group_id !== undefined)
        add({ ...base, peerGroup: refOf(b.source_security_group_id)! });
      if (b.self === true) add({ ...base, peerGroup: group });
      for (const pl of list(b.prefix_list_ids)) add({ ...base, prefixList: String(pl) });
    }
  }

  private readNacls(): void {
    const ruleOf = (b: Record<string, unknown>, egress: boolean, where: string): NaclRule => {
      const protocol = protocolOf(b.protocol);
      return {
        number: Number(b.rule_no ?? b.rule_number),
        egress,
        allow: String(b.action ?? b.rule_action).toLowerCase() === 'allow',
        protocol,
        ports: portsOf(protocol, b.from_port, b.to_port),
        cidr: cidrOf(b.cidr_block, where),
      };
    };
    const inline = (ref: string, body: Readonly<Record<string, unknown>>) => [
      ...list(body.ingress).map((b) => ruleOf(b as Record<string, unknown>, false, ref)),
      ...list(body.egress).map((b) => ruleOf(b as Record<string, unknown>, true, ref)),
    ];
    for (const [ref, body] of this.of('aws_default_network_acl')) {
      // Managing the default ACL replaces its rules with exactly the declared ones.
      const vpc = [...this.vpcs.keys()].find((v) => String(body.default_network_acl_id).includes(v));
      if (vpc) this.nacls.set(`default:${vpc}`, inline(ref, body));
      for (const subnet of list(body.subnet_ids)) this.subnetNacl.set(refOf(subnet)!, `default:${vpc}`);
    }
    for (const [ref, body] of this.of('aws_network_acl')) {
      this.nacls.set(ref, inline(ref, body));
      for (const subnet of list(body.subnet_ids)) this.subnetNacl.set(refOf(subnet)!, ref);
    }
    for (const [ref, b] of this.of('aws_network_acl_rule')) {
      const acl = refOf(b.network_acl_id)!;
      this.nacls.get(acl)?.push(ruleOf(b as Record<string, unknown>, b.egress === true, ref));
    }
    for (const [, b] of this.of('aws_network_acl_association')) {
      this.subnetNacl.set(refOf(b.subnet_id)!, refOf(b.network_acl_id)!);
    }
  }

  private readRoutes(): void {
    const vpcCidr = (vpcValue: unknown) => this.vpcs.get(refOf(vpcValue) ?? '');
    const target = (b: Record<string, unknown>): RouteTarget => {
      const gateway = refOf(b.gateway_id) ?? (b.gateway_id as string | undefined);
      if (gateway === 'local') return { kind: 'local', ref: 'local' };
      if (gateway?.startsWith('aws_internet_gateway.')) return { kind: 'igw', ref: gateway };
      if (gateway?.startsWith('aws_vpc_endpoint.')) return { kind: 'vpce', ref: gateway };
      if (b.nat_gateway_id !== undefined) return { kind: 'nat', ref: refOf(b.nat_gateway_id)! };
      if (b.vpc_endpoint_id !== undefined) return { kind: 'vpce', ref: refOf(b.vpc_endpoint_id)! };
      return { kind: 'other', ref: JSON.stringify(b) };
    };
    const addRoute = (table: string, b: Record<string, unknown>, where: string) => {
      const destination = b.destination_cidr_block ?? b.cidr_block;
      if (destination === undefined) return;
      this.routeTables.get(table)?.push({ destination: cidrOf(destination, where), target: target(b) });
    };
    for (const [ref, body] of this.of('aws_route_table')) {
      const cidr = vpcCidr(body.vpc_id);
      this.routeTables.set(ref, cidr ? [{ destination: cidr, target: { kind: 'local', ref: 'local' } }] : []);
      for (const route of list(body.route)) addRoute(ref, route as Record<string, unknown>, ref);
    }
    for (const [ref, body] of this.of('aws_default_route_table')) {
      const vpc = [...this.vpcs.keys()].find((v) => String(body.default_route_table_id).includes(v));
      for (const route of list(body.route)) addRoute(`main:${vpc}`, route as Record<string, unknown>, ref);
    }
    for (const [, b] of this.of('aws_main_route_table_association')) {
      const vpc = refOf(b.vpc_id)!;
      this.routeTables.set(`main:${vpc}`, this.routeTables.get(refOf(b.route_table_id)!) ?? []);
    }
    for (const [ref, b] of this.of('aws_route'))
      addRoute(refOf(b.route_table_id)!, b as Record<string, unknown>, ref);
    for (const [, b] of this.of('aws_route_table_association')) {
      if (b.subnet_id !== undefined) this.subnetRouteTable.set(refOf(b.subnet_id)!, refOf(b.route_table_id)!);
    }
    const gatewayRoute = (endpoint: string, table: string) => {
      const body = this.resources.aws_vpc_endpoint?.[endpoint.split('.')[1]!];
      this.routeTables.get(table)?.push({
        destination: { prefixList: String(body?.service_name) },
        target: { kind: 'vpce', ref: endpoint },
      });
    };
    for (const [ref, body] of this.of('aws_vpc_endpoint')) {
      if ((body.vpc_endpoint_type ?? 'Gateway') !== 'Gateway') continue;
      for (const table of list(body.route_table_ids)) gatewayRoute(ref, refOf(table)!);
    }
    for (const [, b] of this.of('aws_vpc_endpoint_route_table_association')) {
      gatewayRoute(refOf(b.vpc_endpoint_id)!, refOf(b.route_table_id)!);
    }
  }
}

function allowAll(): NaclRule[] {
  const everything = parseCidr('0.0.0.0/0') as Cidr;
  return [false, true].map((egress) => ({
    number: 100,
    egress,
    allow: true,
    protocol: 'all' as const,
    ports: ALL_PORTS,
    cidr: everything,
  }));
}
