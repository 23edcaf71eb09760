import { describe, expect, it } from 'vitest';
import { NatGateways, natMode } from '../../src/constructs/nat-gateways';
import { byPath, refTo, resourceList, synthPlatform, testStack } from '../helpers';

describe('natMode', () => {
  it('maps the terraform-aws-modules/vpc flags', () => {
    expect(
      natMode({ enable_nat_gateway: false, single_nat_gateway: true, one_nat_gateway_per_az: false }),
    ).toBe('none');
    expect(
      natMode({ enable_nat_gateway: true, single_nat_gateway: true, one_nat_gateway_per_az: false }),
    ).toBe('single');
    expect(
      natMode({ enable_nat_gateway: true, single_nat_gateway: false, one_nat_gateway_per_az: true }),
    ).toBe('per-az');
    // the module's default: neither flag is one NAT per private subnet
    expect(
      natMode({ enable_nat_gateway: true, single_nat_gateway: false, one_nat_gateway_per_az: false }),
    ).toBe('per-subnet');
    expect(
      natMode({ enable_nat_gateway: true, single_nat_gateway: true, one_nat_gateway_per_az: true }),
    ).toBe('single');
  });
});

describe('NatGateways', () => {
  it('per AZ: one NAT and one EIP per private subnet, each route to its own AZ', () => {
    const json = synthPlatform({ single_nat_gateway: false, one_nat_gateway_per_az: true });
    expect(resourceList(json, 'aws_nat_gateway')).toHaveLength(2);
    expect(resourceList(json, 'aws_eip')).toHaveLength(2);
    for (const i of [0, 1]) {
      expect(byPath(json, 'aws_nat_gateway', `nat/nat-${i}`)).toMatchObject({
        allocation_id: refTo(json, 'aws_eip', `nat/eip-${i}`, 'allocation_id'),
        // NAT i sits in the public subnet of AZ i (public-0 is eu-north-1a, public-1 eu-north-1b).
        subnet_id: refTo(json, 'aws_subnet', `vpc/public-${i}`),
      });
      expect(byPath(json, 'aws_route', `nat/private-${i}-default-route`)).toMatchObject({
        destination_cidr_block: '0.0.0.0/0',
        route_table_id: refTo(json, 'aws_route_table', `vpc/private-${i}-rt`),
        nat_gateway_id: refTo(json, 'aws_nat_gateway', `nat/nat-${i}`),
      });
    }
    expect(byPath(json, 'aws_eip', 'nat/eip-0').domain).toBe('vpc');
  });

  it('single: one NAT serves both private route tables', () => {
    const json = synthPlatform({ single_nat_gateway: true, one_nat_gateway_per_az: false });
    expect(resourceList(json, 'aws_nat_gateway')).toHaveLength(1);
    expect(resourceList(json, 'aws_eip')).toHaveLength(1);
    const nat = refTo(json, 'aws_nat_gateway', 'nat/nat-0');
    expect(byPath(json, 'aws_route', 'nat/private-0-default-route').nat_gateway_id).toBe(nat);
    expect(byPath(json, 'aws_route', 'nat/private-1-default-route').nat_gateway_id).toBe(nat);
  });

  it('neither flag (the module default): one NAT per private subnet', () => {
    const json = synthPlatform({ single_nat_gateway: false, one_nat_gateway_per_az: false });
    expect(resourceList(json, 'aws_nat_gateway')).toHaveLength(2);
    expect(byPath(json, 'aws_route', 'nat/private-1-default-route').nat_gateway_id).toBe(
      refTo(json, 'aws_nat_gateway', 'nat/nat-1'),
    );
  });

  it('refuses at construction a public subnet list that does not match the route tables', () => {
    expect(
      () =>
        new NatGateways(testStack('nat-mismatch'), 'nat', {
          namePrefix: 'acme-dev',
          mode: 'per-az',
          publicSubnetIds: ['subnet-a'],
          privateRouteTableIds: ['rtb-a', 'rtb-b'],
        }),
    ).toThrow(
      'NatGateways nat-mismatch/nat: 1 public subnets for 2 private route tables; give one public subnet per private route table (NAT i sits in public subnet i and serves route table i)',
    );
  });

  it('disabled: no NAT, no EIP, no private default route', () => {
    const json = synthPlatform({ enable_nat_gateway: false });
    expect(resourceList(json, 'aws_nat_gateway')).toHaveLength(0);
    expect(resourceList(json, 'aws_eip')).toHaveLength(0);
    expect(resourceList(json, 'aws_route').filter((r) => 'nat_gateway_id' in r)).toHaveLength(0);
  });
});
