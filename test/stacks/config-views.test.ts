import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lakeView, mwaaView, natView, runSettingsView, vpnView } from '../../src/stacks/config-views';
import { configFor } from '../helpers';

const ACM = 'arn:aws:acm:eu-north-1:111122223333:certificate/00000000-0000-4000-8000-000000000001';

describe('config views: what each construct reads from the environment file', () => {
  it('gives the Client VPN ACM certificates when both ARNs are set, and the certificate files otherwise', () => {
    const acm = vpnView(
      configFor({ vpn: { server_certificate_arn: ACM, client_root_certificate_arn: `${ACM}2` } }),
    );
    expect(acm).toMatchObject({ serverCertificateArn: ACM, clientRootCertificateArn: `${ACM}2` });
    expect(acm.certificateFiles).toBeUndefined();

    const files = vpnView(configFor(), '../certs');
    expect(files.serverCertificateArn).toBeUndefined();
    expect(files.certificateFiles).toEqual({
      serverCert: '../certs/dev/server.crt',
      serverKey: '../certs/dev/server.key',
      serverChain: '../certs/dev/ca.crt',
    });
  });

  it('renames env keys without changing their values', () => {
    const config = configFor({ mwaa: { max_workers: 7 }, lake: { logs_expiration_days: 400 } });
    expect(mwaaView(config)).toMatchObject({ name: 'buildit-spark-dev-airflow', maxWorkers: 7 });
    expect(lakeView(config).logsExpirationDays).toBe(400);
    expect(natView(configFor({ single_nat_gateway: true })).mode).toBe('single');
  });

  it('fills every [platform] setting that comes from the env file, and only those', () => {
    const contract = JSON.parse(readFileSync('contracts/platform-options.json', 'utf8')) as {
      options: { key: string }[];
    };
    const wiredByTheStack = [
      'lake_bucket',
      'emr_service_role',
      'emr_instance_profile',
      'emr_security_configuration',
      'emr_log_uri',
      'subnet_ids',
      'emr_primary_sg',
      'emr_core_sg',
      'emr_service_sg',
      'glue_staging_database',
      'glue_curated_database',
    ];
    const fromEnvFile = Object.keys(runSettingsView(configFor()));
    expect([...fromEnvFile, ...wiredByTheStack].sort()).toEqual(
      contract.options.map((option) => option.key).sort(),
    );
    expect(Object.values(runSettingsView(configFor())).every((v) => typeof v === 'string')).toBe(true);
  });
});
