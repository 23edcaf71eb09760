import { describe, expect, it } from 'vitest';
import { byPath, refTo, resourceList, synthPlatform } from '../helpers';

describe('PrivateSecurityGroups', () => {
  const json = synthPlatform();

  it('private-sg allows all traffic from the VPC and all egress', () => {
    const sg = refTo(json, 'aws_security_group', 'private-sg/private-sg');
    expect(byPath(json, 'aws_security_group', 'private-sg/private-sg').name).toBe(
      'buildit-spark-dev-private-sg',
    );
    expect(byPath(json, 'aws_vpc_security_group_ingress_rule', 'private-sg/private-from-vpc')).toMatchObject({
      security_group_id: sg,
      ip_protocol: '-1',
      cidr_ipv4: '10.100.0.0/16',
    });
    expect(byPath(json, 'aws_vpc_security_group_egress_rule', 'private-sg/private-egress')).toMatchObject({
      security_group_id: sg,
      ip_protocol: '-1',
      cidr_ipv4: '0.0.0.0/0',
    });
  });

  it('the endpoint group admits only HTTPS from the VPC', () => {
    const sg = refTo(json, 'aws_security_group', 'private-sg/endpoint-sg');
    const rules = resourceList(json, 'aws_vpc_security_group_ingress_rule').filter(
      (r) => r.security_group_id === sg,
    );
    expect(rules).toEqual([
      expect.objectContaining({
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '10.100.0.0/16',
      }),
    ]);
    expect(
      resourceList(json, 'aws_vpc_security_group_egress_rule').filter((r) => r.security_group_id === sg),
    ).toEqual([]);
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
