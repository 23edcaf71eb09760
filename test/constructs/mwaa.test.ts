import { describe, expect, it } from 'vitest';
import { byPath, refTo, resourceList, synthPlatform } from '../helpers';

describe('MwaaEnvironment', () => {
  const json = synthPlatform({ mwaa: { environment_class: 'mw1.micro', max_workers: 1, schedulers: 1 } });
  const env = resourceList(json, 'aws_mwaa_environment')[0]!;
  const options = env.airflow_configuration_options as Record<string, string>;

  it('runs privately in private subnets A and B with its own self-referencing group', () => {
    const sg = refTo(json, 'aws_security_group', 'mwaa/sg');
    expect(env).toMatchObject({
      name: 'buildit-spark-dev-airflow',
      airflow_version: '2.11.0',
      webserver_access_mode: 'PRIVATE_ONLY',
      network_configuration: {
        security_group_ids: [sg],
        subnet_ids: [refTo(json, 'aws_subnet', 'vpc/private-0'), refTo(json, 'aws_subnet', 'vpc/private-1')],
      },
    });
    expect(byPath(json, 'aws_vpc_security_group_ingress_rule', 'mwaa/self-ingress')).toMatchObject({
      security_group_id: sg,
      referenced_security_group_id: sg,
    });
  });

  it('sizes the environment from the environment file', () => {
    expect(env).toMatchObject({
      environment_class: 'mw1.micro',
      min_workers: 1,
      max_workers: 1,
      schedulers: 1,
    });
  });

  it('reads DAGs and requirements from the lake bucket', () => {
    expect(env).toMatchObject({
      source_bucket_arn: '${aws_s3_bucket.lake_bucket.arn}',
      dag_s3_path: 'dags/',
      requirements_s3_path: 'dags/requirements.txt',
      requirements_s3_object_version: `\${${'aws_s3_object'}.${Object.entries(json.resource.aws_s3_object!).find(([, o]) => o.key === 'dags/requirements.txt')![0]}.version_id}`,
    });
  });

  it('logs at INFO, never DEBUG, with retention set on pre-created log groups', () => {
    const logging = env.logging_configuration as Record<string, { enabled: boolean; log_level: string }>;
    expect(Object.values(logging).map((l) => l.log_level)).toEqual(['INFO', 'INFO', 'INFO', 'INFO', 'INFO']);
    const groups = resourceList(json, 'aws_cloudwatch_log_group').filter((g) =>
      String(g.name).startsWith('airflow-'),
    );
    expect(groups.map((g) => g.name).sort()).toEqual([
      'airflow-buildit-spark-dev-airflow-DAGProcessing',
      'airflow-buildit-spark-dev-airflow-Scheduler',
      'airflow-buildit-spark-dev-airflow-Task',
      'airflow-buildit-spark-dev-airflow-WebServer',
      'airflow-buildit-spark-dev-airflow-Worker',
    ]);
    expect(() => synthPlatform({ mwaa: { log_level: 'DEBUG' } })).toThrow(/log_level/);
  });

  it('reads secrets through the Secrets Manager backend and mails through SES SMTP', () => {
    expect(options['secrets.backend']).toBe(
      'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend',
    );
    expect(JSON.parse(options['secrets.backend_kwargs']!)).toEqual({
      connections_prefix: 'buildit-spark-dev/airflow/connections',
      variables_prefix: 'buildit-spark-dev/airflow/variables',
    });
    expect(options['email.email_conn_id']).toBe('smtp_default');
    expect(options['smtp.smtp_host']).toBe('email-smtp.eu-north-1.amazonaws.com');
    expect(env.startup_script_s3_path).toBeUndefined();
  });

  it('hands the DAGs every id they need in the [platform] section', () => {
    expect(options).toMatchObject({
      'platform.environment': 'dev',
      'platform.region': 'eu-north-1',
      'platform.lake_bucket': '${aws_s3_bucket.lake_bucket.bucket}',
      'platform.emr_log_uri': 's3://${aws_s3_bucket.lake_bucket.bucket}/logs/emr/',
      'platform.emr_release_label': 'emr-7.8.0',
      'platform.alert_email': 'data-platform-alerts@example.com',
      'platform.emr_security_configuration': expect.stringMatching(
        /^\$\{aws_emr_security_configuration\..+\.name\}$/,
      ),
      'platform.subnet_ids': expect.stringMatching(
        /^\$\{join\(",", \[aws_subnet\..+\.id, aws_subnet\..+\.id\]\)\}$/,
      ),
      'platform.emr_instance_profile': expect.stringMatching(/^\$\{aws_iam_instance_profile\..+\.name\}$/),
    });
    for (const key of [
      'emr_service_role',
      'emr_primary_sg',
      'emr_core_sg',
      'emr_service_sg',
      'emr_idle_timeout_seconds',
      'generate_sample_data',
    ]) {
      expect(options[`platform.${key}`], key).toEqual(expect.any(String));
    }
  });

  it('rejects an mw1.micro sized above one worker, with the fix in the message', async () => {
    const { environmentSchema } = await import('../../src/config');
    const result = environmentSchema.safeParse({
      environment: 'dev',
      mwaa: { environment_class: 'mw1.micro', max_workers: 3 },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/mw1\.micro runs exactly one worker and one scheduler/);
  });
});
