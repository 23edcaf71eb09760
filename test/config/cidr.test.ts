import { describe, expect, it } from 'vitest';
import { contains, overlaps, parseCidr, type Cidr } from '../../src/config/cidr';

const cidr = (text: string) => parseCidr(text) as Cidr;

describe('parseCidr', () => {
  it('parses a network block into its range', () => {
    const block = cidr('10.100.3.0/24');
    expect(block.prefix).toBe(24);
    expect(block.last - block.first).toBe(255n);
  });

  it('rejects text that is not an IPv4 CIDR', () => {
    expect(parseCidr('10.100.0.0')).toMatch(/not an IPv4 CIDR block/);
    expect(parseCidr('10.100.300.0/24')).toMatch(/not an IPv4 CIDR block/);
    expect(parseCidr('banana')).toMatch(/not an IPv4 CIDR block/);
  });

  it('rejects a host address and names the network it belongs to', () => {
    expect(parseCidr('10.100.1.5/24')).toBe(
      '"10.100.1.5/24" is not a network address; the block starting there is 10.100.1.0/24',
    );
  });
});

describe('contains / overlaps', () => {
  it('knows a subnet inside the VPC from one outside', () => {
    expect(contains(cidr('10.100.0.0/16'), cidr('10.100.4.0/24'))).toBe(true);
    expect(contains(cidr('10.100.0.0/16'), cidr('10.101.0.0/24'))).toBe(false);
  });

  it('detects partial and nested overlap, not adjacency', () => {
    expect(overlaps(cidr('10.100.0.0/24'), cidr('10.100.0.128/25'))).toBe(true);
    expect(overlaps(cidr('10.0.0.0/16'), cidr('10.0.255.0/24'))).toBe(true);
    expect(overlaps(cidr('10.100.0.0/24'), cidr('10.100.1.0/24'))).toBe(false);
  });
});
