import { describe, expect, it } from 'vitest';
import { byPath, refTo, resourceList, synthPlatform } from '../helpers';

describe('PrivateSecurityGroups', () => {
  const json = synthPlatform();
  const rulesOf = (type: string, group: string) =>
    resourceList(json, type).filter((r) => r.security_group_id === group);

  it('private-sg admits only its own members and sends only HTTPS', () => {
    const sg = refTo(json, 'aws_security_group', 'private-sg/private-sg');
    expect(byPath(json, 'aws_security_group', 'private-sg/private-sg').name).toBe(
      'buildit-spark-dev-private-sg',
    );
    expect(rulesOf('aws_vpc_security_group_ingress_rule', sg)).toEqual([
      expect.objectContaining({ ip_protocol: '-1', referenced_security_group_id: sg }),
    ]);
    expect(rulesOf('aws_vpc_security_group_egress_rule', sg)).toEqual([
      expect.objectContaining({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' }),
    ]);
    const cidrs = resourceList(json, 'aws_vpc_security_group_ingress_rule').map((r) => r.cidr_ipv4);
    expect(cidrs).not.toContain('10.100.0.0/16');
  });

  it('the endpoint group admits HTTPS from the platform groups and the VPN, never from a CIDR', () => {
    const sg = refTo(json, 'aws_security_group', 'private-sg/endpoint-sg');
    const rules = rulesOf('aws_vpc_security_group_ingress_rule', sg);
    expect(rules.map((r) => r.referenced_security_group_id)).toEqual([
      refTo(json, 'aws_security_group', 'private-sg/private-sg'),
      refTo(json, 'aws_security_group', 'mwaa/sg'),
      refTo(json, 'aws_security_group', 'emr/emr-primary'),
      refTo(json, 'aws_security_group', 'emr/emr-core'),
      refTo(json, 'aws_security_group', 'vpn/sg'),
    ]);
    for (const rule of rules) {
      expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: 443, to_port: 443 });
      expect(rule.cidr_ipv4).toBeUndefined();
    }
    expect(rulesOf('aws_vpc_security_group_egress_rule', sg)).toEqual([]);
  });
});

describe('PrivateSecurityGroups without interface endpoints', () => {
  it('creates no endpoint group that nothing would use', () => {
    const json = synthPlatform({ interface_endpoints: [] });
    const names = resourceList(json, 'aws_security_group').map((g) => g.name);
    expect(names).toContain('buildit-spark-dev-private-sg');
    expect(names).not.toContain('buildit-spark-dev-endpoint-sg');
  });
});
