import { describe, expect, it } from 'vitest';
import { resourceList, synthPlatform } from '../helpers';

describe('PlatformSecrets', () => {
  const json = synthPlatform();

  it('creates the SMTP connection secret empty, encrypted with the platform key', () => {
    expect(resourceList(json, 'aws_secretsmanager_secret')).toEqual([
      expect.objectContaining({
        name: 'buildit-spark-dev/airflow/connections/smtp_default',
        kms_key_id: '${aws_kms_key.platform_key.arn}',
        recovery_window_in_days: 7,
      }),
    ]);
    expect(json.resource.aws_secretsmanager_secret_version).toBeUndefined();
  });
});
