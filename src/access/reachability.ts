import { contains, overlaps, parseCidr, type Cidr } from '../config/cidr';
import {
  NetworkModel,
  protocolOf,
  refOf,
  refsIn,
  type NaclRule,
  type PortRange,
  type Protocol,
  type Route,
  type SecurityGroupRule,
  type SynthesizedStack,
} from './network-model';

/**
 * Reachability over a synthesized stack: can traffic from one place reach another, evaluated as AWS
 * would from the declared rules — routes (longest prefix), network ACLs both ways (stateless: the
 * reply must pass on ephemeral ports), and security groups (stateful, egress of the sender and
 * ingress of the receiver; group references match members, CIDRs match addresses). A place is
 * "network interfaces in these subnets carrying these groups"; its address is anywhere in its
 * subnets, so a CIDR rule allows it only if it covers the whole subnet ("partial" otherwise).
 *
 * Client VPN is modelled as AWS documents it: the endpoint's authorization rules and route table
 * decide what clients may address, then their traffic leaves the endpoint's network interfaces in
 * the associated subnets, source-NATed to those interfaces' addresses and carrying the endpoint's
 * security groups. A rule on the target naming the client CIDR therefore admits nothing.
 */

export interface Placement {
  readonly name: string;
  readonly subnets: readonly string[];
  readonly groups: readonly string[];
}

export interface Flow {
  readonly protocol: 'tcp' | 'udp' | 'icmp';
  readonly port: number;
}

export type Verdict = 'allowed' | 'denied' | 'partial';

export interface Finding {
  readonly verdict: Verdict;
  /** Why, one line per subnet pair: the first step that did not fully allow, or "allowed". */
  readonly reasons: readonly string[];
}

export interface Opening {
  readonly protocol: Protocol;
  readonly from: number;
  readonly to: number;
}

/** Match strength: 2 the whole flow, 1 part of it (some addresses or ports), 0 none. */
type Match = 0 | 1 | 2;

const EPHEMERAL: PortRange = { from: 1024, to: 65535 };
const INTERNET = parseCidr('0.0.0.0/0') as Cidr;

function cover(outer: Cidr, inner: Cidr): Match {
  if (contains(outer, inner)) return 2;
  return overlaps(outer, inner) ? 1 : 0;
}

function protocolMatch(
  rule: { protocol: Protocol; ports: PortRange },
  protocol: Protocol,
  ports: PortRange,
): Match {
  if (rule.protocol === 'all') return 2;
  if (rule.protocol !== protocol) return 0;
  if (protocol !== 6 && protocol !== 17) return 2;
  if (rule.ports.from <= ports.from && rule.ports.to >= ports.to) return 2;
  return rule.ports.from <= ports.to && ports.from <= rule.ports.to ? 1 : 0;
}

const min = (...values: Match[]) => Math.min(...values) as Match;
const max = (...values: Match[]) => Math.max(0, ...values) as Match;

function verdictOf(matches: readonly Match[]): Verdict {
  if (matches.every((m) => m === 2)) return 'allowed';
  return matches.every((m) => m === 0) ? 'denied' : 'partial';
}

/** First matching rule by number decides; then the implicit deny. */
function naclMatch(
  rules: readonly NaclRule[],
  egress: boolean,
  peer: Cidr,
  protocol: Protocol,
  ports: PortRange,
): Match {
  const ordered = rules.filter((r) => r.egress === egress).sort((a, b) => a.number - b.number);
  for (const rule of ordered) {
    const match = min(protocolMatch(rule, protocol, ports), cover(rule.cidr, peer));
    if (match === 2) return rule.allow ? 2 : 0;
    if (match === 1) return 1;
  }
  return 0;
}

export class Reachability {
  readonly model: NetworkModel;

  constructor(stack: SynthesizedStack) {
    this.model = new NetworkModel(stack.resource);
  }

  /** MWAA's schedulers, workers and (PRIVATE_ONLY) web server endpoint: its subnets and groups. */
  mwaa(): Placement {
    const [[, env] = []] = this.model.of('aws_mwaa_environment');
    if (!env) throw new Error('no aws_mwaa_environment in the stack');
    const network = [env.network_configuration].flat()[0] as Record<string, unknown[]>;
    return {
      name: String(env.name),
      subnets: network.subnet_ids!.map((s) => refOf(s)!),
      groups: network.security_group_ids!.map((g) => refOf(g)!),
    };
  }

  /** The EMR nodes Airflow launches, where the DAGs' `[platform]` options place them. */
  emr(role: 'primary' | 'core'): Placement {
    const [[, env] = []] = this.model.of('aws_mwaa_environment');
    const options = (env?.airflow_configuration_options ?? {}) as Record<string, string>;
    return {
      name: `emr-${role}`,
      subnets: refsIn(options['platform.subnet_ids'], 'aws_subnet'),
      groups: [refOf(options[`platform.emr_${role}_sg`])!],
    };
  }

  /** Interface endpoints by service short name (e.g. logs, sqs). */
  interfaceEndpoints(): Map<string, Placement> {
    const found = new Map<string, Placement>();
    for (const [ref, body] of this.model.of('aws_vpc_endpoint')) {
      if (body.vpc_endpoint_type !== 'Interface') continue;
      const service = String(body.service_name).split('.').slice(3).join('.');
      found.set(service, {
        name: ref,
        subnets: (body.subnet_ids as unknown[]).map((s) => refOf(s)!),
        groups: (body.security_group_ids as unknown[]).map((g) => refOf(g)!),
      });
    }
    return found;
  }

  /** The Client VPN endpoint's network interfaces; undefined when the stack has no endpoint. */
  vpnEndpoint(): (Placement & { clientCidr: Cidr; ref: string }) | undefined {
    const [[ref, body] = []] = this.model.of('aws_ec2_client_vpn_endpoint');
    if (!ref || !body) return undefined;
    const subnets = this.model
      .of('aws_ec2_client_vpn_network_association')
      .filter(([, a]) => refOf(a.client_vpn_endpoint_id) === ref)
      .map(([, a]) => refOf(a.subnet_id)!);
    const groups = ((body.security_group_ids ?? []) as unknown[]).map((g) => refOf(g)!);
    if (groups.length === 0)
      throw new Error(`${ref}: no security_group_ids; the VPC default group is not modelled`);
    return {
      ref,
      name: 'client-vpn',
      subnets,
      groups,
      clientCidr: parseCidr(String(body.client_cidr_block)) as Cidr,
    };
  }

  /** From `from`'s interfaces to `to`'s, inside the VPC. */
  between(from: Placement, to: Placement, flow: Flow): Finding {
    const protocol = protocolOf(flow.protocol);
    const ports = { from: flow.port, to: flow.port };
    const results = from.subnets.flatMap((src) =>
      to.subnets.map((dst) => this.pair(from, src, to, dst, protocol, ports)),
    );
    return { verdict: verdictOf(results.map((r) => r.match)), reasons: results.map((r) => r.reason) };
  }

  /** From any address of the VPN client CIDR to `to`, through the Client VPN endpoint. */
  fromVpnClients(to: Placement, flow: Flow): Finding {
    const vpn = this.vpnEndpoint();
    if (!vpn) return { verdict: 'denied', reasons: ['no Client VPN endpoint in the stack'] };
    const protocol = protocolOf(flow.protocol);
    const ports = { from: flow.port, to: flow.port };
    const results = to.subnets.flatMap((dst) => {
      const gate = this.vpnGates(vpn.ref, dst);
      return vpn.subnets.map((src) => {
        const pair = this.pair(vpn, src, to, dst, protocol, ports);
        return gate.match < 2 ? { match: min(gate.match, pair.match), reason: gate.reason } : pair;
      });
    });
    return { verdict: verdictOf(results.map((r) => r.match)), reasons: results.map((r) => r.reason) };
  }

  /** Out to the internet (an unknown public address) through the subnet's default route. */
  toInternet(from: Placement, flow: Flow): Finding {
    const protocol = protocolOf(flow.protocol);
    const ports = { from: flow.port, to: flow.port };
    const results = from.subnets.map((src) => {
      const subnet = this.model.subnet(src);
      const route = this.routeTo(src, INTERNET);
      const steps: [string, Match][] = [['default route', route?.target.kind === 'nat' ? 2 : 0]];
      if (route?.target.kind === 'nat') {
        const natSubnet = this.model.natGateways.get(route.target.ref)!.subnet;
        const out = this.routeTo(natSubnet, INTERNET);
        steps.push(['NAT subnet route to an internet gateway', out?.target.kind === 'igw' ? 2 : 0]);
        const natAcl = this.model.naclOf(natSubnet);
        steps.push(['NAT subnet ACL in', naclMatch(natAcl, false, subnet.cidr, protocol, ports)]);
        steps.push(['NAT subnet ACL out', naclMatch(natAcl, true, INTERNET, protocol, ports)]);
      }
      const acl = this.model.naclOf(src);
      steps.push(['source ACL out', naclMatch(acl, true, INTERNET, protocol, ports)]);
      steps.push(['source ACL reply in', naclMatch(acl, false, INTERNET, protocol, EPHEMERAL)]);
      steps.push(['security group egress', this.egress(from.groups, INTERNET, [], protocol, ports)]);
      return this.summarize(`${from.name} ${src} → internet`, steps);
    });
    return { verdict: verdictOf(results.map((r) => r.match)), reasons: results.map((r) => r.reason) };
  }

  /** The ports `to`'s groups open to `from` (by group membership or a CIDR touching its subnets). */
  ingressOpenings(from: Placement, to: Placement): Opening[] {
    const cidrs = from.subnets.map((s) => this.model.subnet(s).cidr);
    return to.groups
      .flatMap((g) => this.model.group(g).rules)
      .filter((r) => r.direction === 'ingress')
      .filter((r) =>
        r.peerGroup
          ? from.groups.includes(r.peerGroup)
          : r.cidr
            ? cidrs.some((c) => overlaps(r.cidr!, c))
            : false,
      )
      .map((r) => ({ protocol: r.protocol, from: r.ports.from, to: r.ports.to }));
  }

  /** Ingress rules of a group whose CIDR reaches beyond private (RFC 1918) addresses. */
  ingressFromPublicAddresses(group: string): SecurityGroupRule[] {
    const privateBlocks = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c) as Cidr);
    return this.model
      .group(group)
      .rules.filter(
        (r) => r.direction === 'ingress' && r.cidr && !privateBlocks.some((p) => contains(p, r.cidr!)),
      );
  }

  /** The route a packet from `subnet` to `destination` takes (longest prefix containing it). */
  routeTo(subnet: string, destination: Cidr): Route | undefined {
    return this.model
      .routesOf(subnet)
      .filter(
        (r): r is Route & { destination: Cidr } =>
          'text' in r.destination && contains(r.destination, destination),
      )
      .sort((a, b) => b.destination.prefix - a.destination.prefix)[0];
  }

  /** The route to a gateway endpoint's prefix list (e.g. com.amazonaws.eu-north-1.s3), if any. */
  prefixListRoute(subnet: string, serviceName: string): Route | undefined {
    return this.model
      .routesOf(subnet)
      .find((r) => 'prefixList' in r.destination && r.destination.prefixList === serviceName);
  }

  private pair(
    from: Placement,
    src: string,
    to: Placement,
    dst: string,
    protocol: Protocol,
    ports: PortRange,
  ) {
    const source = this.model.subnet(src);
    const target = this.model.subnet(dst);
    const route = this.routeTo(src, target.cidr);
    const steps: [string, Match][] = [
      [`route to ${target.cidr.text} is local`, route?.target.kind === 'local' ? 2 : 0],
    ];
    if (src !== dst) {
      // Network ACLs apply where traffic crosses a subnet boundary, both ways (they are stateless).
      const out = this.model.naclOf(src);
      const into = this.model.naclOf(dst);
      steps.push(['source subnet ACL out', naclMatch(out, true, target.cidr, protocol, ports)]);
      steps.push(['target subnet ACL in', naclMatch(into, false, source.cidr, protocol, ports)]);
      steps.push(['target subnet ACL reply out', naclMatch(into, true, source.cidr, protocol, EPHEMERAL)]);
      steps.push(['source subnet ACL reply in', naclMatch(out, false, target.cidr, protocol, EPHEMERAL)]);
    }
    steps.push([
      `egress of ${this.names(from.groups)}`,
      this.egress(from.groups, target.cidr, to.groups, protocol, ports),
    ]);
    steps.push([
      `ingress of ${this.names(to.groups)}`,
      this.ingress(to.groups, source.cidr, from.groups, protocol, ports),
    ]);
    const name = { 6: 'tcp', 17: 'udp', 1: 'icmp' }[String(protocol)] ?? String(protocol);
    return this.summarize(`${from.name} ${src} → ${to.name} ${dst} ${name}/${ports.from}`, steps);
  }

  private summarize(label: string, steps: [string, Match][]) {
    const match = min(...steps.map(([, m]) => m));
    const failing = steps.find(([, m]) => m < 2);
    return {
      match,
      reason: failing
        ? `${label}: ${failing[0]} ${failing[1] === 0 ? 'denies' : 'allows only part'}`
        : `${label}: allowed`,
    };
  }

  private egress(
    groups: readonly string[],
    dst: Cidr,
    dstGroups: readonly string[],
    protocol: Protocol,
    ports: PortRange,
  ): Match {
    return this.rulesMatch(groups, 'egress', dst, dstGroups, protocol, ports);
  }

  private ingress(
    groups: readonly string[],
    src: Cidr,
    srcGroups: readonly string[],
    protocol: Protocol,
    ports: PortRange,
  ): Match {
    return this.rulesMatch(groups, 'ingress', src, srcGroups, protocol, ports);
  }

  /** Security groups are a union of allows: the best-matching rule of any group decides. */
  private rulesMatch(
    groups: readonly string[],
    direction: 'ingress' | 'egress',
    peer: Cidr,
    peerGroups: readonly string[],
    protocol: Protocol,
    ports: PortRange,
  ): Match {
    const rules = groups.flatMap((g) => this.model.group(g).rules).filter((r) => r.direction === direction);
    return max(
      ...rules.map((rule) => {
        const address: Match = rule.peerGroup
          ? peerGroups.includes(rule.peerGroup)
            ? 2
            : 0
          : rule.cidr
            ? cover(rule.cidr, peer)
            : 0;
        return min(address, protocolMatch(rule, protocol, ports));
      }),
    );
  }

  /** Client VPN's own gates for one target subnet: an authorization rule and an endpoint route. */
  private vpnGates(endpoint: string, dst: string): { match: Match; reason: string } {
    const target = this.model.subnet(dst).cidr;
    const rules = this.model
      .of('aws_ec2_client_vpn_authorization_rule')
      .filter(([, r]) => refOf(r.client_vpn_endpoint_id) === endpoint);
    const authorized = max(
      ...rules.map(([, r]) =>
        min(
          cover(parseCidr(String(r.target_network_cidr)) as Cidr, target),
          r.authorize_all_groups === true ? 2 : 1,
        ),
      ),
    );
    // Each network association adds a route to its VPC's CIDR; aws_ec2_client_vpn_route adds others.
    const routes = [
      ...this.model
        .of('aws_ec2_client_vpn_network_association')
        .filter(([, a]) => refOf(a.client_vpn_endpoint_id) === endpoint)
        .map(([, a]) => this.model.vpcs.get(this.model.subnet(refOf(a.subnet_id)!).vpc)!),
      ...this.model
        .of('aws_ec2_client_vpn_route')
        .filter(([, r]) => refOf(r.client_vpn_endpoint_id) === endpoint)
        .map(([, r]) => parseCidr(String(r.destination_cidr_block)) as Cidr),
    ];
    const routed = max(...routes.map((r) => cover(r, target)));
    if (authorized < 2)
      return {
        match: authorized,
        reason: `client VPN: no authorization rule for every client covers ${target.text}`,
      };
    if (routed < 2) return { match: routed, reason: `client VPN: no endpoint route covers ${target.text}` };
    return { match: 2, reason: 'client VPN: authorized and routed' };
  }

  private names(groups: readonly string[]): string {
    return groups.map((g) => this.model.group(g).name).join(', ');
  }
}
