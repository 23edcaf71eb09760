import { describe, expect, it } from 'vitest';
import { awsNameProblem, derivedNames } from '../../src/config/aws-names';
import { configFor, resourceList, synthPlatform } from '../helpers';

describe('AWS naming rules', () => {
  it('S3 bucket names: at most 63 characters, no xn-- prefix, no -s3alias suffix', () => {
    expect(awsNameProblem('S3 bucket', 'a'.repeat(63))).toBeUndefined();
    expect(awsNameProblem('S3 bucket', 'a'.repeat(64))).toBe('is 64 characters, AWS allows 63');
    expect(awsNameProblem('S3 bucket', 'xn--lake-123')).toBe('must not start with "xn--"');
    expect(awsNameProblem('S3 bucket', 'lake-s3alias')).toBe('must not end with "-s3alias"');
    expect(awsNameProblem('S3 bucket', 'Lake')).toMatch(/^may only use lowercase letters/);
  });

  it('IAM role names: at most 64 characters; MWAA names start with a letter', () => {
    expect(awsNameProblem('IAM role', `${'a'.repeat(44)}-mwaa-execution-role`)).toBeUndefined();
    expect(awsNameProblem('IAM role', `${'a'.repeat(45)}-mwaa-execution-role`)).toBe(
      'is 65 characters, AWS allows 64',
    );
    expect(awsNameProblem('MWAA environment', '1-airflow')).toBe(
      'may only use letters, digits, _ and -, starting with a letter',
    );
  });

  it('the longest project and environment names still give valid names', () => {
    const config = configFor({ project: `p${'a'.repeat(23)}`, environment: `e${'b'.repeat(11)}` });
    expect(derivedNames(config).filter((n) => awsNameProblem(n.kind, n.name))).toEqual([]);
  });

  it('derives the names the platform stack really uses', () => {
    const json = synthPlatform();
    const names = derivedNames(configFor()).map((n) => n.name.replace('123456789012', '${ACCOUNT}'));
    const synthesized = [
      ...resourceList(json, 'aws_s3_bucket').map((b) => b.bucket),
      ...resourceList(json, 'aws_iam_role').map((r) => r.name),
      ...resourceList(json, 'aws_iam_instance_profile').map((r) => r.name),
      ...resourceList(json, 'aws_mwaa_environment').map((r) => r.name),
    ].map((name) => String(name).replace(/\$\{data\.aws_caller_identity\.[^}]+\}/, '${ACCOUNT}'));
    expect(synthesized.sort()).toEqual(names.sort());
  });
});
