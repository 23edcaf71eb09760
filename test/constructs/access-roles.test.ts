import { describe, expect, it } from 'vitest';
import { accessRoleNames, peopleTrustPolicy } from '../../src/constructs/access-roles';
import { byPath, configFor, decodeJson, resourceList, synthAll } from '../helpers';

const REPO = { access: { github_repository: 'example-org/spark-data-platform' } };

describe('AccessRoles', () => {
  const json = synthAll([configFor(REPO)])['platform-dev']!;
  const trust = (suffix: string) =>
    decodeJson(String(byPath(json, 'aws_iam_role', suffix).assume_role_policy));

  it('keeps every role name within IAM\u2019s 64 characters for the longest project and environment names', () => {
    const names = Object.values(accessRoleNames(`${'p'.repeat(24)}-${'e'.repeat(12)}`));
    expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(64);
  });

  it('trusts only the named repository\u2019s jobs in the named GitHub environment for CI', () => {
    expect(trust('access/ci-deploy').Statement).toEqual([
      expect.objectContaining({
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: {
          Federated:
            'arn:${data.aws_partition.partition.partition}:iam::${data.aws_caller_identity.account.account_id}:oidc-provider/token.actions.githubusercontent.com',
        },
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': 'repo:example-org/spark-data-platform:environment:dev',
          },
        },
      }),
    ]);
    expect(
      trust('access/ci-plan').Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub'],
    ).toBe('repo:example-org/spark-data-platform:environment:dev-plan');
  });

  it('lets account principals assume people roles only with MFA, and named principals by ARN pattern', () => {
    const sso =
      'arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_DataEngineer_*';
    const doc = peopleTrustPolicy(['account', sso], 'aws', '111122223333');
    expect(doc.Statement).toEqual([
      expect.objectContaining({
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      }),
      expect.objectContaining({
        Principal: { AWS: ['arn:aws:iam::444455556666:root'] },
        Condition: { ArnLike: { 'aws:PrincipalArn': [sso] } },
      }),
    ]);
  });

  it('creates no CI role when the env file names no repository', () => {
    const without = synthAll([configFor()])['platform-dev']!;
    const names = resourceList(without, 'aws_iam_role').map((r) => r.name);
    expect(names).toContain('buildit-spark-dev-analyst');
    expect(names.some((n) => String(n).includes('-ci-'))).toBe(false);
    expect(without.output?.ci_deploy_role_arn).toBeUndefined();
  });

  it('outputs every role the workflows and people use', () => {
    expect(Object.keys(json.output ?? {})).toEqual(
      expect.arrayContaining([
        'ci_plan_role_arn',
        'ci_deploy_role_arn',
        'platform_admin_role_arn',
        'data_engineer_role_arn',
        'analyst_role_arn',
        'github_oidc_provider_arn',
      ]),
    );
  });

  it('keeps each CI managed policy under IAM\u2019s 6,144-character limit', () => {
    for (const document of resourceList(json, 'aws_iam_policy')) {
      const minified = JSON.stringify(decodeJson(String(document.policy)));
      expect(minified.length, String(document.name)).toBeLessThan(6144);
    }
  });

  it('encrypts the backend\u2019s state with the state key when backend.hcl names it', async () => {
    const { backendSchema } = await import('../../src/config');
    const { buildApp } = await import('../../src/app');
    const { synth } = await import('../helpers');
    const keyArn = 'arn:aws:kms:eu-north-1:111122223333:key/0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9';
    const app = buildApp({
      backend: backendSchema.parse({ bucket: 'test-tfstate-bucket', kms_key_id: keyArn }),
      environments: [configFor()],
    });
    const stack = app.node.children.find((c) => c.node.id === 'platform-dev')!;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect((synth(stack as any).terraform.backend as any).s3).toMatchObject({
      encrypt: true,
      kms_key_id: keyArn,
    });
  });
});
