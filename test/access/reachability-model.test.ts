import { describe, expect, it } from 'vitest';
import { Reachability, type Placement } from '../../src/access/reachability';
import type { Resources } from '../../src/access/network-model';
import { parseCidr, type Cidr } from '../../src/config/cidr';

const cidr = (text: string) => parseCidr(text) as Cidr;

/** A two-subnet VPC written by hand in the other Terraform forms the evaluator must read. */
function network(extra: Record<string, Record<string, Record<string, unknown>>> = {}): Reachability {
  const resource: Resources = {
    aws_vpc: { v: { cidr_block: '10.0.0.0/16' } },
    aws_subnet: {
      a: { cidr_block: '10.0.1.0/24', availability_zone: 'x1a', vpc_id: '${aws_vpc.v.id}' },
      b: { cidr_block: '10.0.2.0/24', availability_zone: 'x1b', vpc_id: '${aws_vpc.v.id}' },
    },
    aws_security_group: {
      app: {
        name: 'app',
        vpc_id: '${aws_vpc.v.id}',
        egress: [{ protocol: 'tcp', from_port: 5432, to_port: 5432, cidr_blocks: ['10.0.2.0/24'] }],
      },
      db: {
        name: 'db',
        vpc_id: '${aws_vpc.v.id}',
        ingress: [
          {
            protocol: 'tcp',
            from_port: 5432,
            to_port: 5432,
            security_groups: ['${aws_security_group.app.id}'],
          },
        ],
      },
      silent: {
        name: 'silent',
        vpc_id: '${aws_vpc.v.id}',
        ingress: [{ protocol: '-1', from_port: 0, to_port: 0, self: true }],
      },
    },
    ...extra,
  };
  return new Reachability({ resource });
}

const app: Placement = { name: 'app', subnets: ['aws_subnet.a'], groups: ['aws_security_group.app'] };
const db: Placement = { name: 'db', subnets: ['aws_subnet.b'], groups: ['aws_security_group.db'] };
const postgres = { protocol: 'tcp', port: 5432 } as const;

describe('Reachability over hand-written Terraform', () => {
  it('reads inline rules, group references and the implicit local route and default ACL', () => {
    expect(network().between(app, db, postgres).verdict).toBe('allowed');
    expect(network().between(app, db, { protocol: 'tcp', port: 5433 }).verdict).toBe('denied');
  });

  it('a group without egress blocks sends nothing (Terraform removes AWS\u2019s default egress)', () => {
    const silent: Placement = {
      name: 'silent',
      subnets: ['aws_subnet.a'],
      groups: ['aws_security_group.silent'],
    };
    const peer: Placement = { ...silent, subnets: ['aws_subnet.b'] };
    expect(network().between(silent, peer, postgres).verdict).toBe('denied');
  });

  it('reads aws_security_group_rule, and a CIDR covering only part of a subnet gives "partial"', () => {
    const rule = (cidr: string) =>
      network({
        aws_security_group_rule: {
          r: {
            type: 'ingress',
            security_group_id: '${aws_security_group.db.id}',
            protocol: 'tcp',
            from_port: 6000,
            to_port: 6000,
            cidr_blocks: [cidr],
          },
        },
      });
    const app6000 = { protocol: 'tcp', port: 6000 } as const;
    const widened = (r: Reachability) =>
      r.model.group('aws_security_group.app').rules.push({
        id: 'test',
        direction: 'egress',
        group: 'aws_security_group.app',
        protocol: 'all',
        ports: { from: 0, to: 65535 },
        cidr: cidr('0.0.0.0/0'),
      });
    const whole = rule('10.0.1.0/24');
    widened(whole);
    expect(whole.between(app, db, app6000).verdict).toBe('allowed');
    const half = rule('10.0.1.0/25');
    widened(half);
    expect(half.between(app, db, app6000).verdict).toBe('partial');
  });

  it('a managed default ACL keeps only its declared rules, and the first matching rule number wins', () => {
    const acl = (ingress: Record<string, unknown>[]) =>
      network({
        aws_default_network_acl: {
          d: {
            default_network_acl_id: '${aws_vpc.v.default_network_acl_id}',
            ingress,
            egress: [
              {
                rule_no: 100,
                action: 'allow',
                protocol: '-1',
                from_port: 0,
                to_port: 0,
                cidr_block: '0.0.0.0/0',
              },
            ],
          },
        },
      });
    const allow = {
      rule_no: 100,
      action: 'allow',
      protocol: 'tcp',
      from_port: 0,
      to_port: 65535,
      cidr_block: '10.0.0.0/16',
    };
    expect(acl([allow]).between(app, db, postgres).verdict).toBe('allowed');
    expect(acl([]).between(app, db, postgres).verdict).toBe('denied');
    expect(
      acl([{ ...allow, rule_no: 50, action: 'deny', from_port: 5432, to_port: 5432 }, allow]).between(
        app,
        db,
        postgres,
      ).verdict,
    ).toBe('denied');
  });

  it('takes the longest matching route', () => {
    const net = network({
      aws_route_table: {
        t: {
          vpc_id: '${aws_vpc.v.id}',
          route: [{ cidr_block: '0.0.0.0/0', gateway_id: '${aws_internet_gateway.i.id}' }],
        },
      },
      aws_route: {
        r: {
          route_table_id: '${aws_route_table.t.id}',
          destination_cidr_block: '52.0.0.0/8',
          nat_gateway_id: '${aws_nat_gateway.n.id}',
        },
      },
      aws_route_table_association: {
        x: { subnet_id: '${aws_subnet.a.id}', route_table_id: '${aws_route_table.t.id}' },
      },
    });
    const at = (text: string) => net.routeTo('aws_subnet.a', cidr(text));
    expect(at('52.1.2.3/32')?.target.kind).toBe('nat');
    expect(at('8.8.8.8/32')?.target.kind).toBe('igw');
    expect(at('10.0.2.0/24')?.target.kind).toBe('local');
    expect(net.routeTo('aws_subnet.b', cidr('8.8.8.8/32'))).toBeUndefined();
  });
});
