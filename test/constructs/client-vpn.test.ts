import { describe, expect, it } from 'vitest';
import { ClientVpn, vpcResolverAddress, type ClientVpnProps } from '../../src/constructs/client-vpn';
import { byPath, refTo, resourceList, resources, synth, type SynthJson, testStack } from '../helpers';

const FILES = {
  serverCert: '../../../certificates/dev/server.crt',
  serverKey: '../../../certificates/dev/server.key',
  serverChain: '../../../certificates/dev/ca.crt',
};
const SERVER_ARN = 'arn:aws:acm:eu-north-1:111122223333:certificate/server';
const ROOT_ARN = 'arn:aws:acm:eu-north-1:111122223333:certificate/client-root';
const KMS = 'arn:aws:kms:eu-north-1:111122223333:key/logs';

function synthVpn(props: Partial<ClientVpnProps> = {}): SynthJson {
  const stack = testStack('vpn-test');
  new ClientVpn(stack, 'vpn', {
    namePrefix: 'buildit-spark-dev',
    vpcId: 'vpc-123',
    vpcCidr: '10.100.0.0/16',
    vpnTargetSubnetId: 'subnet-vpn',
    reachableCidrs: ['10.100.3.0/24', '10.100.4.0/24'],
    kmsKeyArn: KMS,
    ...props,
    ...(props.certificateFiles || props.serverCertificateArn
      ? {}
      : { serverCertificateArn: SERVER_ARN, clientRootCertificateArn: ROOT_ARN }),
  });
  return synth(stack);
}

describe('ClientVpn', () => {
  const json = synthVpn();
  const endpoint = byPath(json, 'aws_ec2_client_vpn_endpoint', 'vpn/endpoint');

  it('authenticates clients by certificate against the client root CA', () => {
    expect(endpoint.authentication_options).toEqual([
      { type: 'certificate-authentication', root_certificate_chain_arn: ROOT_ARN },
    ]);
    expect(endpoint.server_certificate_arn).toBe(SERVER_ARN);
  });

  it('uses the documented defaults: 10.0.0.0/16, split tunnel, udp, 8 h sessions', () => {
    expect(endpoint).toMatchObject({
      client_cidr_block: '10.0.0.0/16',
      split_tunnel: true,
      transport_protocol: 'udp',
      session_timeout_hours: 8,
      self_service_portal: 'disabled',
      vpc_id: 'vpc-123',
      security_group_ids: [refTo(json, 'aws_security_group', 'vpn/sg')],
    });
  });

  it('resolves names through the VPC resolver (base + 2)', () => {
    expect(endpoint.dns_servers).toEqual(['10.100.0.2']);
    expect(vpcResolverAddress('172.31.0.0/16')).toBe('172.31.0.2');
    expect(vpcResolverAddress('10.20.64.0/18')).toBe('10.20.64.2');
  });

  it('logs connections to an encrypted log group with the configured retention', () => {
    expect(byPath(json, 'aws_cloudwatch_log_group', 'vpn/connection-logs/group')).toMatchObject({
      name: '/aws/clientvpn/buildit-spark-dev',
      retention_in_days: 30,
      kms_key_id: KMS,
    });
    expect(endpoint.connection_log_options).toEqual({
      enabled: true,
      cloudwatch_log_group: refTo(json, 'aws_cloudwatch_log_group', 'vpn/connection-logs/group', 'name'),
      cloudwatch_log_stream: refTo(json, 'aws_cloudwatch_log_stream', 'vpn/connection-log-stream', 'name'),
    });
    const longer = synthVpn({ logRetentionDays: 365 });
    expect(byPath(longer, 'aws_cloudwatch_log_group', 'connection-logs/group').retention_in_days).toBe(365);
  });

  it('associates the endpoint with the VPN target subnet and authorizes only the private subnets and the resolver', () => {
    const endpointRef = refTo(json, 'aws_ec2_client_vpn_endpoint', 'vpn/endpoint');
    expect(resourceList(json, 'aws_ec2_client_vpn_network_association')).toEqual([
      expect.objectContaining({ client_vpn_endpoint_id: endpointRef, subnet_id: 'subnet-vpn' }),
    ]);
    const rules = resourceList(json, 'aws_ec2_client_vpn_authorization_rule');
    expect(rules.map((r) => r.target_network_cidr)).toEqual([
      '10.100.3.0/24',
      '10.100.4.0/24',
      '10.100.0.2/32',
    ]);
    for (const rule of rules) {
      expect(rule).toMatchObject({ client_vpn_endpoint_id: endpointRef, authorize_all_groups: true });
    }
    expect(resources(json, 'aws_ec2_client_vpn_route')).toEqual({});
  });

  it('its security group admits nothing and lets clients reach HTTPS in the private subnets only', () => {
    const sg = refTo(json, 'aws_security_group', 'vpn/sg');
    expect(resources(json, 'aws_vpc_security_group_ingress_rule')).toEqual({});
    expect(resourceList(json, 'aws_vpc_security_group_egress_rule')).toEqual(
      ['10.100.3.0/24', '10.100.4.0/24'].map((cidr) =>
        expect.objectContaining({
          security_group_id: sg,
          ip_protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          cidr_ipv4: cidr,
        }),
      ),
    );
  });

  it('refuses reachable CIDRs it cannot authorize', () => {
    expect(() => synthVpn({ reachableCidrs: [] })).toThrow(/reachableCidrs must be literal IPv4 CIDRs/);
    expect(() => synthVpn({ reachableCidrs: ['10.100.3.0/24', 'private-b'] })).toThrow(
      /got \[10.100.3.0\/24, private-b\]/,
    );
  });

  it('passes configured settings through', () => {
    const custom = synthVpn({
      clientCidr: '172.16.0.0/22',
      transportProtocol: 'tcp',
      sessionTimeoutHours: 12,
    });
    expect(byPath(custom, 'aws_ec2_client_vpn_endpoint', 'vpn/endpoint')).toMatchObject({
      client_cidr_block: '172.16.0.0/22',
      transport_protocol: 'tcp',
      session_timeout_hours: 12,
    });
  });

  it('full tunnel routes and authorizes the internet through the target subnet', () => {
    const full = synthVpn({ splitTunnel: false });
    expect(byPath(full, 'aws_ec2_client_vpn_endpoint', 'vpn/endpoint').split_tunnel).toBe(false);
    expect(byPath(full, 'aws_ec2_client_vpn_route', 'vpn/route-internet')).toMatchObject({
      destination_cidr_block: '0.0.0.0/0',
      target_vpc_subnet_id: refTo(
        full,
        'aws_ec2_client_vpn_network_association',
        'vpn/target-subnet',
        'subnet_id',
      ),
    });
    expect(
      resourceList(full, 'aws_ec2_client_vpn_authorization_rule').map((r) => r.target_network_cidr),
    ).toEqual(['10.100.3.0/24', '10.100.4.0/24', '10.100.0.2/32', '0.0.0.0/0']);
  });

  it('ARN mode imports no certificate', () => {
    expect(resources(json, 'aws_acm_certificate')).toEqual({});
  });

  describe('imported certificate files', () => {
    const imported = synthVpn({ certificateFiles: FILES });

    it('reads certificate and key with file() at plan time; the server certificate is also the client root', () => {
      const certs = resources(imported, 'aws_acm_certificate');
      expect(Object.keys(certs)).toHaveLength(1);
      expect(byPath(imported, 'aws_acm_certificate', 'vpn/server-certificate')).toMatchObject({
        certificate_body: '${file("../../../certificates/dev/server.crt")}',
        private_key: '${file("../../../certificates/dev/server.key")}',
        certificate_chain: '${file("../../../certificates/dev/ca.crt")}',
        lifecycle: { create_before_destroy: true },
      });
      const serverArn = refTo(imported, 'aws_acm_certificate', 'vpn/server-certificate', 'arn');
      expect(byPath(imported, 'aws_ec2_client_vpn_endpoint', 'vpn/endpoint')).toMatchObject({
        server_certificate_arn: serverArn,
        authentication_options: [
          { type: 'certificate-authentication', root_certificate_chain_arn: serverArn },
        ],
      });
    });

    it('imports a separate client root when one is given', () => {
      const separate = synthVpn({
        certificateFiles: {
          ...FILES,
          clientRoot: { cert: '/abs/client.crt', key: '/abs/client.key', chain: '/abs/ca2.crt' },
        },
      });
      expect(byPath(separate, 'aws_acm_certificate', 'vpn/client-root-certificate')).toMatchObject({
        private_key: '${file("/abs/client.key")}',
      });
      expect(
        (
          byPath(separate, 'aws_ec2_client_vpn_endpoint', 'vpn/endpoint').authentication_options as unknown[]
        )[0],
      ).toMatchObject({
        root_certificate_chain_arn: refTo(
          separate,
          'aws_acm_certificate',
          'vpn/client-root-certificate',
          'arn',
        ),
      });
    });

    it('never puts key material into the synthesized JSON', () => {
      const text = JSON.stringify(imported);
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain('BEGIN CERTIFICATE');
    });
  });

  it('rejects missing, half or conflicting certificate settings with a fix', () => {
    expect(() => synthVpn({ serverCertificateArn: SERVER_ARN })).toThrow(/set both serverCertificateArn/);
    expect(() =>
      synthVpn({
        certificateFiles: FILES,
        serverCertificateArn: SERVER_ARN,
        clientRootCertificateArn: ROOT_ARN,
      }),
    ).toThrow(/not both/);
  });

  it('rejects a VPC CIDR it cannot compute the resolver from', () => {
    expect(() => synthVpn({ vpcCidr: 'not-a-cidr' })).toThrow(/literal IPv4 CIDR/);
  });
});
