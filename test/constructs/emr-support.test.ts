import { describe, expect, it } from 'vitest';
import { byPath, refTo, resourceList, synthPlatform, decodeJson } from '../helpers';

describe('EmrSupport', () => {
  const json = synthPlatform();

  it('encrypts S3 data and local disks with the platform key; no TLS without certificates', () => {
    const config = decodeJson(String(resourceList(json, 'aws_emr_security_configuration')[0]!.configuration));
    expect(config.EncryptionConfiguration).toEqual({
      EnableAtRestEncryption: true,
      AtRestEncryptionConfiguration: {
        S3EncryptionConfiguration: {
          EncryptionMode: 'SSE-KMS',
          AwsKmsKey: '${aws_kms_key.platform_key.arn}',
        },
        LocalDiskEncryptionConfiguration: {
          EncryptionKeyProviderType: 'AwsKms',
          AwsKmsKey: '${aws_kms_key.platform_key.arn}',
          EnableEbsEncryption: true,
        },
      },
      EnableInTransitEncryption: false,
    });
  });

  it('turns on in-transit encryption when a certificate bundle is configured', () => {
    const withTls = synthPlatform({
      emr: { in_transit_certificates_s3_uri: 's3://certs-bucket/emr/certs.zip' },
    });
    const config = decodeJson(
      String(resourceList(withTls, 'aws_emr_security_configuration')[0]!.configuration),
    );
    expect(config.EncryptionConfiguration.EnableInTransitEncryption).toBe(true);
    expect(config.EncryptionConfiguration.InTransitEncryptionConfiguration).toEqual({
      TLSCertificateConfiguration: {
        CertificateProviderType: 'PEM',
        S3Object: 's3://certs-bucket/emr/certs.zip',
      },
    });
  });

  it('creates the three EMR-managed groups, tagged for the v2 managed policy', () => {
    for (const name of ['emr-primary', 'emr-core', 'emr-service-access']) {
      expect(byPath(json, 'aws_security_group', `emr/${name}`)).toMatchObject({
        name: `buildit-spark-dev-${name}`,
        revoke_rules_on_delete: true,
        tags: { 'for-use-with-amazon-emr-managed-policies': 'true' },
      });
    }
    const privateSubnet = byPath(json, 'aws_subnet', 'vpc/private-0');
    expect(privateSubnet.tags).toMatchObject({ 'for-use-with-amazon-emr-managed-policies': 'true' });
  });

  it('opens only the ports EMR documents for private subnets', () => {
    const service = refTo(json, 'aws_security_group', 'emr/emr-service-access');
    const primary = refTo(json, 'aws_security_group', 'emr/emr-primary');
    expect(
      byPath(json, 'aws_vpc_security_group_ingress_rule', 'emr/service-from-primary-9443'),
    ).toMatchObject({
      security_group_id: service,
      referenced_security_group_id: primary,
      from_port: 9443,
      to_port: 9443,
    });
    const serviceEgress = resourceList(json, 'aws_vpc_security_group_egress_rule').filter(
      (r) => r.security_group_id === service,
    );
    expect(serviceEgress.map((r) => [r.from_port, r.to_port])).toEqual([
      [8443, 8443],
      [8443, 8443],
    ]);
    const emrIngress = resourceList(json, 'aws_vpc_security_group_ingress_rule').filter((r) =>
      String(r['//'] && (r['//'] as { metadata: { path: string } }).metadata.path).includes('/emr/'),
    );
    expect(emrIngress.every((r) => r.referenced_security_group_id && !r.cidr_ipv4)).toBe(true);
  });

  it('keeps no EMR log group: EMR 7.8.0 ships step logs to the LogUri in S3, not to CloudWatch Logs', () => {
    const groups = resourceList(json, 'aws_cloudwatch_log_group').map((g) => String(g.name));
    expect(groups.filter((name) => name.startsWith('/aws/emr/'))).toEqual([]);
  });
});
