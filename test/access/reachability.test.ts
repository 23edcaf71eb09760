import { describe, expect, it } from 'vitest';
import { Reachability, type Flow } from '../../src/access/reachability';
import { loadPlatformInputs } from '../../src/config';
import { parseCidr, type Cidr } from '../../src/config/cidr';
import { synthAll, type SynthJson } from '../helpers';

/** The reachability journeys, over the synthesized JSON of every shipped environment. */
const inputs = await loadPlatformInputs('environments');
const stacks = synthAll([...inputs.environments]);
const ENVIRONMENTS = inputs.environments.map((e) => e.environment);

const https: Flow = { protocol: 'tcp', port: 443 };
const tcp = (port: number): Flow => ({ protocol: 'tcp', port });
const ANYWHERE = parseCidr('0.0.0.0/0') as Cidr;

function stackOf(environment: string): SynthJson {
  return stacks[`platform-${environment}`]!;
}

describe.each(ENVIRONMENTS)('reachability in %s', (environment) => {
  const config = inputs.environments.find((e) => e.environment === environment)!;
  const net = new Reachability(stackOf(environment));
  const mwaa = net.mwaa();
  const emr = [net.emr('primary'), net.emr('core')];
  const endpoints = [...net.interfaceEndpoints().values()];
  const vpn = net.vpnEndpoint();
  const privateSubnets = [...net.model.subnets.values()].filter((s) => s.tags.Tier === 'private');

  it('finds what it checks: MWAA and EMR in the private subnets, the VPN endpoint, the endpoints', () => {
    const privateRefs = privateSubnets.map((s) => s.ref).sort();
    expect(privateRefs).toHaveLength(2);
    expect([...mwaa.subnets].sort()).toEqual(privateRefs);
    for (const node of emr) expect([...node.subnets].sort()).toEqual(privateRefs);
    expect(Boolean(vpn)).toBe(config.vpn.enabled);
    expect(endpoints).toHaveLength(config.interface_endpoints.length);
  });

  if (config.vpn.enabled)
    it('VPN clients reach the Airflow UI on 443', () => {
      const finding = net.fromVpnClients(mwaa, https);
      expect(finding.verdict, finding.reasons.join('\n')).toBe('allowed');
    });

  if (config.vpn.enabled)
    it('VPN clients reach nothing else on the MWAA group', () => {
      expect(net.ingressOpenings(vpn!, mwaa)).toEqual([{ protocol: 6, from: 443, to: 443 }]);
      for (const flow of [tcp(22), tcp(80), tcp(5432), tcp(8080), { protocol: 'udp', port: 443 } as Flow]) {
        expect(net.fromVpnClients(mwaa, flow).verdict, `${flow.protocol}/${flow.port}`).toBe('denied');
      }
    });

  if (config.vpn.enabled)
    it('VPN clients reach neither EMR node on 22 nor 8443', () => {
      for (const node of emr) {
        for (const port of [22, 8443]) {
          expect(net.fromVpnClients(node, tcp(port)).verdict, `${node.name} ${port}`).toBe('denied');
        }
        expect(net.ingressOpenings(vpn!, node)).toEqual([]);
      }
    });

  if (config.vpn.enabled && endpoints.length > 0)
    it('VPN clients reach the interface endpoints on 443 (CLI calls resolve to them over the VPN)', () => {
      for (const endpoint of endpoints) {
        const finding = net.fromVpnClients(endpoint, https);
        expect(finding.verdict, finding.reasons.join('\n')).toBe('allowed');
      }
    });

  if (endpoints.length > 0)
    it('MWAA and EMR reach every interface endpoint on 443', () => {
      for (const from of [mwaa, ...emr]) {
        for (const endpoint of endpoints) {
          const finding = net.between(from, endpoint, https);
          expect(finding.verdict, finding.reasons.join('\n')).toBe('allowed');
        }
      }
    });

  if (endpoints.length === 0)
    it('without interface endpoints, MWAA and EMR reach AWS through the NAT on 443', () => {
      for (const from of [mwaa, ...emr]) {
        const finding = net.toInternet(from, https);
        expect(finding.verdict, finding.reasons.join('\n')).toBe('allowed');
      }
    });

  it('MWAA and EMR reach S3 through the gateway endpoint from every private subnet', () => {
    for (const subnet of privateSubnets) {
      expect(net.prefixListRoute(subnet.ref, `com.amazonaws.${config.region}.s3`)?.target.kind).toBe('vpce');
    }
  });

  it('every private subnet default-routes to a NAT gateway, never to an internet gateway', () => {
    for (const subnet of privateSubnets) {
      expect(net.routeTo(subnet.ref, net.model.vpcs.get(subnet.vpc)!)?.target.kind).toBe('local');
      const route = net.routeTo(subnet.ref, ANYWHERE);
      expect(route?.target.kind, subnet.ref).toBe('nat');
      expect(
        net.model.routesOf(subnet.ref).filter((r) => r.target.kind === 'igw'),
        subnet.ref,
      ).toEqual([]);
    }
  });

  if (environment === 'prod')
    it('in prod, each private subnet uses the NAT gateway of its own AZ', () => {
      for (const subnet of privateSubnets) {
        const route = net.routeTo(subnet.ref, ANYWHERE)!;
        const natSubnet = net.model.subnet(net.model.natGateways.get(route.target.ref)!.subnet);
        expect(natSubnet.az, subnet.ref).toBe(subnet.az);
      }
    });

  it('EMR groups admit nothing from public addresses', () => {
    for (const node of [...emr, { groups: [refOfEmrService(net)] }]) {
      for (const group of node.groups) expect(net.ingressFromPublicAddresses(group)).toEqual([]);
    }
  });
});

function refOfEmrService(net: Reachability): string {
  return [...net.model.groups.entries()].find(([, g]) => g.name.endsWith('-emr-service-access'))![0];
}

/**
 * Each journey above must fail when the rule it relies on goes: the same evaluation over a copy of
 * the synthesized JSON with one rule removed, added or redirected.
 */
describe('the reachability check fails when a rule it relies on changes', () => {
  type Body = Record<string, unknown>;
  const mutate = (environment: string, change: (json: SynthJson) => void) => {
    const json = structuredClone(stackOf(environment));
    change(json);
    return new Reachability(json);
  };
  const keyAt = (json: SynthJson, type: string, pathSuffix: string) =>
    Object.entries(json.resource[type]!).find(([, r]) =>
      String((r['//'] as { metadata: { path: string } }).metadata.path).endsWith(pathSuffix),
    )![0];
  const ref = (json: SynthJson, type: string, pathSuffix: string, attr = 'id') =>
    `\${${type}.${keyAt(json, type, pathSuffix)}.${attr}}`;
  const remove = (json: SynthJson, type: string, pathSuffix: string) => {
    const key = keyAt(json, type, pathSuffix);
    json.resource[type] = Object.fromEntries(Object.entries(json.resource[type]!).filter(([k]) => k !== key));
  };
  const addRule = (json: SynthJson, type: string, name: string, body: Body) => {
    json.resource[type] = { ...json.resource[type], [name]: body };
  };
  const vpnSg = (json: SynthJson) => ref(json, 'aws_security_group', 'vpn/sg');
  const widenVpnEgress = (json: SynthJson) =>
    addRule(json, 'aws_vpc_security_group_egress_rule', 'old_wide_vpn_egress', {
      security_group_id: vpnSg(json),
      ip_protocol: '-1',
      cidr_ipv4: '10.100.0.0/16',
    });

  it('without the MWAA 443 rule, VPN clients lose the Airflow UI', () => {
    const net = mutate('prod', (json) => {
      remove(json, 'aws_vpc_security_group_ingress_rule', 'mwaa/webserver-from-vpn');
    });
    expect(net.fromVpnClients(net.mwaa(), https).verdict).toBe('denied');
  });

  it('a rule naming the client CIDR instead of the VPN group admits nothing (clients are source-NATed)', () => {
    const net = mutate('prod', (json) => {
      const rule =
        json.resource.aws_vpc_security_group_ingress_rule![
          keyAt(json, 'aws_vpc_security_group_ingress_rule', 'mwaa/webserver-from-vpn')
        ]!;
      delete rule.referenced_security_group_id;
      rule.cidr_ipv4 = '10.0.0.0/16';
    });
    expect(net.fromVpnClients(net.mwaa(), https).verdict).toBe('denied');
  });

  it('an extra port on the MWAA group for the VPN is caught', () => {
    const net = mutate('prod', (json) => {
      widenVpnEgress(json);
      addRule(json, 'aws_vpc_security_group_ingress_rule', 'extra', {
        security_group_id: ref(json, 'aws_security_group', 'mwaa/sg'),
        referenced_security_group_id: vpnSg(json),
        ip_protocol: 'tcp',
        from_port: 8080,
        to_port: 8080,
      });
    });
    expect(net.ingressOpenings(net.vpnEndpoint()!, net.mwaa())).toContainEqual({
      protocol: 6,
      from: 8080,
      to: 8080,
    });
    expect(net.fromVpnClients(net.mwaa(), tcp(8080)).verdict).toBe('allowed');
  });

  it('SSH to the EMR primary needs both the old wide VPN egress and an EMR ingress rule', () => {
    const emrSsh = (json: SynthJson) =>
      addRule(json, 'aws_vpc_security_group_ingress_rule', 'ssh', {
        security_group_id: ref(json, 'aws_security_group', 'emr/emr-primary'),
        referenced_security_group_id: vpnSg(json),
        ip_protocol: 'tcp',
        from_port: 22,
        to_port: 22,
      });
    const ingressOnly = mutate('prod', emrSsh);
    expect(ingressOnly.fromVpnClients(ingressOnly.emr('primary'), tcp(22)).verdict).toBe('denied');
    const both = mutate('prod', (json) => {
      emrSsh(json);
      widenVpnEgress(json);
    });
    expect(both.fromVpnClients(both.emr('primary'), tcp(22)).verdict).toBe('allowed');
  });

  it('without a Client VPN authorization rule for a private subnet, clients lose that half', () => {
    const net = mutate('prod', (json) => {
      remove(json, 'aws_ec2_client_vpn_authorization_rule', 'vpn/authorize-0');
    });
    const finding = net.fromVpnClients(net.mwaa(), https);
    expect(finding.verdict).toBe('partial');
    expect(finding.reasons).toContain(
      'client VPN: no authorization rule for every client covers 10.100.3.0/24',
    );
  });

  it('without the endpoint group admitting MWAA, MWAA loses the interface endpoints', () => {
    const net = mutate('prod', (json) => {
      remove(json, 'aws_vpc_security_group_ingress_rule', 'private-sg/endpoint-https-from-mwaa');
    });
    expect(net.between(net.mwaa(), net.interfaceEndpoints().get('logs')!, https).verdict).toBe('denied');
  });

  it('a network ACL on the private subnets is evaluated both ways, replies included', () => {
    const acl = (ingress: Body[]) =>
      mutate('prod', (json) => {
        addRule(json, 'aws_network_acl', 'private', {
          vpc_id: ref(json, 'aws_vpc', 'vpc/vpc'),
          subnet_ids: [ref(json, 'aws_subnet', 'vpc/private-0'), ref(json, 'aws_subnet', 'vpc/private-1')],
          ingress,
          egress: [
            {
              rule_no: 100,
              action: 'allow',
              protocol: 'tcp',
              from_port: 1024,
              to_port: 65535,
              cidr_block: '10.100.0.0/16',
            },
          ],
        });
      });
    const https443 = {
      rule_no: 100,
      action: 'allow',
      protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      cidr_block: '10.100.0.0/24',
    };
    const onlyPostgres = acl([{ ...https443, from_port: 5432, to_port: 5432 }]);
    expect(onlyPostgres.fromVpnClients(onlyPostgres.mwaa(), https).verdict).toBe('denied');
    const denyFirst = acl([{ ...https443, rule_no: 90, action: 'deny' }, https443]);
    expect(denyFirst.fromVpnClients(denyFirst.mwaa(), https).verdict).toBe('denied');
    const open = acl([https443]);
    expect(open.fromVpnClients(open.mwaa(), https).verdict).toBe('allowed');
  });

  it('a private subnet routed to the other AZ\u2019s NAT, or to an internet gateway, is caught', () => {
    const net = mutate('prod', (json) => {
      const route = json.resource.aws_route![keyAt(json, 'aws_route', 'nat/private-1-default-route')]!;
      route.nat_gateway_id = ref(json, 'aws_nat_gateway', 'nat/nat-0');
      addRule(json, 'aws_route', 'leak', {
        route_table_id: ref(json, 'aws_route_table', 'vpc/private-0-rt'),
        destination_cidr_block: '52.0.0.0/8',
        gateway_id: ref(json, 'aws_internet_gateway', 'vpc/igw'),
      });
    });
    const [a, b] = [...net.model.subnets.values()].filter((s) => s.tags.Tier === 'private');
    const natAz = (subnet: string) =>
      net.model.subnet(net.model.natGateways.get(net.routeTo(subnet, ANYWHERE)!.target.ref)!.subnet).az;
    expect(natAz(b!.ref)).not.toBe(b!.az);
    expect(net.model.routesOf(a!.ref).filter((r) => r.target.kind === 'igw')).toHaveLength(1);
  });

  it('without the NAT route, dev\u2019s MWAA loses AWS APIs', () => {
    const net = mutate('dev', (json) => {
      remove(json, 'aws_route', 'nat/private-0-default-route');
    });
    expect(net.toInternet(net.mwaa(), https).verdict).toBe('partial');
  });

  it('an EMR rule open to the internet is caught', () => {
    const net = mutate('prod', (json) => {
      addRule(json, 'aws_vpc_security_group_ingress_rule', 'open', {
        security_group_id: ref(json, 'aws_security_group', 'emr/emr-primary'),
        cidr_ipv4: '0.0.0.0/0',
        ip_protocol: 'tcp',
        from_port: 22,
        to_port: 22,
      });
    });
    expect(net.ingressFromPublicAddresses(net.emr('primary').groups[0]!)).toHaveLength(1);
  });
});
