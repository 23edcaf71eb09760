import { describe, expect, it } from 'vitest';
import { loadEnvironmentFile, type Problem } from '../../src/config';

/** Each fixture in test/fixtures/config/<case>/dev.tfvars is one kind of bad input a person writes. */
async function problemsOf(fixture: string): Promise<readonly Problem[]> {
  const loaded = await loadEnvironmentFile(`test/fixtures/config/${fixture}/dev.tfvars`);
  if (loaded.ok) throw new Error(`${fixture} was accepted`);
  return loaded.problems;
}

const file = (fixture: string) => `test/fixtures/config/${fixture}/dev.tfvars`;

describe('bad environment files: one clear message each, with file, line and key', () => {
  it('a wrong type says what was expected and what was found', async () => {
    expect(await problemsOf('wrong-type')).toEqual([
      {
        file: file('wrong-type'),
        line: 5,
        key: 'azs',
        message: 'expected a list like ["a", "b"], found the string "eu-north-1a"',
      },
      {
        file: file('wrong-type'),
        line: 4,
        key: 'enable_nat_gateway',
        message: 'expected true or false, found the string "yes"',
      },
      {
        file: file('wrong-type'),
        line: 8,
        key: 'mwaa.min_workers',
        message: 'expected a number, found the string "2"; write it without quotes',
      },
    ]);
  });

  it('duplicate list items are refused', async () => {
    expect(await problemsOf('duplicates')).toEqual([
      {
        file: file('duplicates'),
        line: 3,
        key: 'interface_endpoints[2]',
        message: '"logs" is listed twice (also at [0]); remove the repeat',
      },
      {
        file: file('duplicates'),
        line: 6,
        key: 'monitoring.budget_alert_thresholds_percent[2]',
        message: '80 is listed twice (also at [0]); remove the repeat',
      },
    ]);
  });

  it('an availability zone must exist in the region', async () => {
    expect(await problemsOf('unknown-az')).toEqual([
      {
        file: file('unknown-az'),
        line: 4,
        key: 'azs[1]',
        message:
          '"eu-north-1d" is not an availability zone of region eu-north-1; allowed: eu-north-1a, eu-north-1b, eu-north-1c',
      },
    ]);
  });

  it('a derived S3 bucket name longer than AWS allows is refused before synthesis', async () => {
    expect(await problemsOf('long-names')).toEqual([
      {
        file: file('long-names'),
        line: 4,
        key: 'lake.bucket_prefix',
        message:
          'makes the S3 bucket name "acme-retail-belgium-analytics-platform1-access-logs-123456789012", which is 64 characters, AWS allows 63; set a shorter lake.bucket_prefix (by default <project>-<environment>)',
      },
    ]);
  });

  it('every enumeration error lists the allowed values, with a guess when one is close', async () => {
    const problems = await problemsOf('enumerations');
    expect(problems.map((p) => [p.line, p.key])).toEqual([
      [2, 'region'],
      [4, 'interface_endpoints[1]'],
      [7, 'mwaa.environment_class'],
      [11, 'vpn.session_timeout_hours'],
    ]);
    expect(problems[0]!.message).toMatch(
      /^"eu-nort-1" is not allowed\. Did you mean "eu-north-1"\? Allowed values: af-south-1, .*, us-west-2$/,
    );
    expect(problems[1]!.message).toBe(
      '"secretmanager" is not allowed. Did you mean "secretsmanager"? Allowed values: logs, secretsmanager, sqs, elasticmapreduce, sts, kms, monitoring, airflow.api, airflow.env, airflow.ops',
    );
    expect(problems[2]!.message).toBe(
      '"mw1.tiny" is not allowed. Allowed values: mw1.micro, mw1.small, mw1.medium, mw1.large, mw1.xlarge, mw1.2xlarge',
    );
    expect(problems[3]!.message).toBe('9 is not allowed. Allowed values: 8, 10, 12, 24');
  });

  it('DNS settings AWS rejects are refused', async () => {
    expect(await problemsOf('dns')).toEqual([
      {
        file: file('dns'),
        line: 4,
        key: 'enable_dns_hostnames',
        message:
          'AWS turns on DNS hostnames only in a VPC with DNS support; set enable_dns_support = true or enable_dns_hostnames = false',
      },
      {
        file: file('dns'),
        line: undefined,
        key: 'interface_endpoints',
        message:
          'interface endpoints use private DNS, which AWS refuses unless enable_dns_support and enable_dns_hostnames are both true; turn both on or set interface_endpoints = []',
      },
    ]);
  });
});
