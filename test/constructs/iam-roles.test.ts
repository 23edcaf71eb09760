import { describe, expect, it } from 'vitest';
import { configFor, resourceList, synthAll, byPath, type SynthJson, decodeJson } from '../helpers';

interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const list = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every policy document in a stack: inline, managed, trust, bucket, key and topic policies. */
function policyDocuments(json: SynthJson): { where: string; statements: Statement[] }[] {
  const fields: Record<string, string[]> = {
    aws_iam_role: ['assume_role_policy'],
    aws_iam_role_policy: ['policy'],
    aws_iam_policy: ['policy'],
    aws_s3_bucket_policy: ['policy'],
    aws_kms_key: ['policy'],
    aws_sns_topic_policy: ['policy'],
    aws_sns_topic: ['policy'],
  };
  return Object.entries(fields).flatMap(([type, keys]) =>
    Object.entries(json.resource[type] ?? {}).flatMap(([id, body]) =>
      keys
        .filter((key) => typeof body[key] === 'string')
        .map((key) => ({
          where: `${type}.${id}.${key}`,
          statements: (decodeJson(String(body[key])) as { Statement: Statement[] }).Statement,
        })),
    ),
  );
}

describe('least privilege across every synthesized policy', () => {
  // With a GitHub repository, so the CI roles' policies are checked too.
  const access = { github_repository: 'example-org/spark-data-platform' };
  const acm = 'arn:aws:acm:eu-north-1:111122223333:certificate/00000000-0000-4000-8000-000000000001';
  const stacks = synthAll([
    configFor({ access }),
    configFor({
      environment: 'prod',
      access,
      vpn: { server_certificate_arn: acm, client_root_certificate_arn: acm },
    }),
  ]);

  it('finds the policies it checks', () => {
    const where = Object.values(stacks).flatMap((json) =>
      policyDocuments(json).map((d) => d.where.split('.')[0]),
    );
    expect([...new Set(where)]).toEqual(
      expect.arrayContaining(['aws_iam_role', 'aws_iam_role_policy', 'aws_s3_bucket_policy', 'aws_kms_key']),
    );
  });

  it('never allows Action "*" or a whole-service wildcard', () => {
    for (const json of Object.values(stacks)) {
      for (const { where, statements } of policyDocuments(json)) {
        for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
          for (const action of list(statement.Action)) {
            expect(action, `${where} ${statement.Sid ?? ''}`).not.toBe('*');
            expect(action, `${where} ${statement.Sid ?? ''}`).not.toMatch(/^[a-z0-9-]+:\*$/);
          }
        }
      }
    }
  });

  it('allows Resource "*" only in key policies (where it means the key) and commented template statements', () => {
    const allowedStarSids = new Set([
      'CheckAccountPublicAccessBlock',
      'FindLogGroups',
      'PutMwaaMetrics',
      'StartTaggedClusters',
      'ListClusters',
      'DescribeWithoutResourceLevelPermissions',
      'DeliverFlowLogsToS3',
      'CreateTaggedKeys',
      'ManageWithoutResourceLevelPermissions',
    ]);
    for (const json of Object.values(stacks)) {
      for (const { where, statements } of policyDocuments(json)) {
        if (where.startsWith('aws_kms_key')) continue;
        for (const statement of statements.filter(
          (s) => s.Effect === 'Allow' && list(s.Resource).includes('*'),
        )) {
          expect(allowedStarSids.has(statement.Sid ?? ''), `${where} ${statement.Sid ?? '(no Sid)'}`).toBe(
            true,
          );
        }
      }
    }
  });

  it('creates no IAM users, access keys or login profiles', () => {
    for (const json of Object.values(stacks)) {
      for (const type of [
        'aws_iam_user',
        'aws_iam_access_key',
        'aws_iam_user_login_profile',
        'aws_iam_user_policy',
      ]) {
        expect(json.resource[type]).toBeUndefined();
      }
    }
  });
});

describe('PlatformRoles', () => {
  const json = synthAll([configFor()])['platform-dev']!;
  const inline = (suffix: string) =>
    (decodeJson(String(byPath(json, 'aws_iam_role_policy', suffix).policy)) as { Statement: Statement[] })
      .Statement;

  it('gives the EMR service role the v2 managed policy plus only scoped extras', () => {
    expect(resourceList(json, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).toEqual([
      'arn:${data.aws_partition.partition.partition}:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2',
    ]);
    const extras = inline('iam/emr-service-extras');
    expect(extras.map((s) => s.Sid)).toEqual([
      'PassInstanceRoleToClusterNodes',
      'CreateSpotServiceLinkedRoleOnce',
      'EncryptClusterVolumesWithPlatformKey',
      'GrantEbsUseOfPlatformKey',
    ]);
    expect(extras[0]!.Resource).toMatch(/^\$\{aws_iam_role\.iam_emr-ec2_[0-9A-F]+\.arn\}$/);
    expect(extras.flatMap((s) => list(s.Action))).not.toContain('ec2:*');
  });

  it('scopes the EMR instance role to the lake prefixes and the key; no CloudWatch Logs writes', () => {
    const statements = inline('iam/emr-ec2-policy');
    const zones = statements.find((s) => s.Sid === 'ReadWriteDataZones')!;
    expect(list(zones.Resource).filter((r) => r.endsWith('/*'))).toEqual([
      '${aws_s3_bucket.lake_bucket.arn}/staging/*',
      '${aws_s3_bucket.lake_bucket.arn}/curated/*',
      '${aws_s3_bucket.lake_bucket.arn}/quarantine/*',
    ]);
    expect(statements.find((s) => s.Sid === 'ReadRawZone')).toMatchObject({
      Action: ['s3:GetObject'],
      Resource: '${aws_s3_bucket.lake_bucket.arn}/raw/*',
    });
    expect(statements.find((s) => s.Sid === 'ReadJobCode')!.Resource).toBe(
      '${aws_s3_bucket.lake_bucket.arn}/etl/*',
    );
    expect(statements.find((s) => s.Sid === 'UseLakeKey')!.Resource).toBe('${aws_kms_key.platform_key.arn}');
    expect(statements.find((s) => s.Sid === 'ShipStepLogs')).toBeUndefined();
    expect(statements.flatMap((s) => list(s.Action)).filter((a) => a.startsWith('logs:'))).toEqual([]);
  });

  it('lets MWAA pass exactly the two EMR roles, and only to EMR', () => {
    const pass = inline('iam/mwaa-execution-policy').find((s) => s.Sid === 'PassOnlyTheEmrRoles')!;
    expect(list(pass.Resource)).toHaveLength(2);
    expect(
      list(pass.Resource).every((r) => /^\$\{aws_iam_role\.iam_emr-(service|ec2)_[0-9A-F]+\.arn\}$/.test(r)),
    ).toBe(true);
    expect(pass.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': ['elasticmapreduce.amazonaws.com', 'ec2.amazonaws.com'] },
    });
  });

  it('limits MWAA to this environment\u2019s clusters, Celery queues and secrets', () => {
    const statements = inline('iam/mwaa-execution-policy');
    expect(statements.find((s) => s.Sid === 'StartTaggedClusters')!.Condition).toEqual({
      StringEquals: { 'aws:RequestTag/platform-environment': 'dev' },
      'ForAllValues:StringEquals': {
        'aws:TagKeys': [
          'platform-environment',
          'platform-dag-id',
          'platform-run-id',
          'project',
          'environment',
          'owner',
          'cost-center',
        ],
      },
    });
    const manage = statements.find((s) => s.Sid === 'ManageThisEnvironmentsClusters')!;
    expect(list(manage.Action)).toEqual(
      expect.arrayContaining(['elasticmapreduce:AddJobFlowSteps', 'elasticmapreduce:TerminateJobFlows']),
    );
    expect(manage.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/platform-environment': 'dev' } });
    expect(statements.find((s) => s.Sid === 'UseCeleryQueues')!.Resource).toBe(
      'arn:${data.aws_partition.partition.partition}:sqs:eu-north-1:*:airflow-celery-*',
    );
    expect(statements.find((s) => s.Sid === 'ReadPlatformSecrets')).toMatchObject({
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource:
        'arn:${data.aws_partition.partition.partition}:secretsmanager:eu-north-1:${data.aws_caller_identity.account.account_id}:secret:buildit-spark-dev/airflow/*',
    });
  });

  it('names the platform roles in the key policy', () => {
    const doc = decodeJson(String(json.resource.aws_kms_key!.platform_key!.policy)) as {
      Statement: Statement[];
    };
    const use = doc.Statement.find((s) => s.Sid === 'PlatformRolesUseKey')!;
    expect((use.Principal as { AWS: string[] }).AWS).toHaveLength(3);
    expect(list(use.Action)).not.toContain('kms:*');
  });
});

describe('service trust policies carry the source conditions AWS recommends', () => {
  const json = synthAll([configFor({ environment: 'prod', vpn: { enabled: false } })])['platform-prod']!;
  const trust = (path: string) =>
    (decodeJson(byPath(json, 'aws_iam_role', path).assume_role_policy) as { Statement: Statement[] })
      .Statement;
  const account = '${data.aws_caller_identity.account.account_id}';
  const partition = '${data.aws_partition.partition.partition}';

  it('MWAA may assume its execution role only for this environment', () => {
    expect(trust('iam/mwaa-execution')).toEqual([
      expect.objectContaining({
        Condition: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: {
            'aws:SourceArn': `arn:${partition}:airflow:eu-north-1:${account}:environment/buildit-spark-prod-airflow`,
          },
        },
      }),
    ]);
  });

  it('EMR may assume its service role only for this account and region', () => {
    expect(trust('iam/emr-service')[0]!.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': `arn:${partition}:elasticmapreduce:eu-north-1:${account}:*` },
    });
  });
});
