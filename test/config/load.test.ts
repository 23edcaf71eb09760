import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadPlatformInputs, type Problem } from '../../src/config';
import { VALID_BACKEND_HCL, VALID_DEV_TFVARS, fixtureDir } from '../helpers';

async function problemsFor(files: Record<string, string>, only?: string[]): Promise<readonly Problem[]> {
  const dir = fixtureDir({ 'backend.hcl': VALID_BACKEND_HCL, ...files });
  try {
    await loadPlatformInputs(dir, only, dir);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadPlatformInputs', () => {
  it('loads the shipped environments', async () => {
    const inputs = await loadPlatformInputs('environments');
    expect(inputs.environments.map((e) => e.environment)).toEqual(['dev', 'prod', 'staging']);
    expect(inputs.backend.bucket).toMatch(/^[a-z0-9-]+$/);
    expect(Object.isFrozen(inputs.environments[0])).toBe(true);
  });

  it('narrows to the environments asked for', async () => {
    const inputs = await loadPlatformInputs('environments', ['staging']);
    expect(inputs.environments.map((e) => e.environment)).toEqual(['staging']);
  });

  it('names file, line and key for an overlapping subnet', async () => {
    const tfvars = `environment = "dev"\n\nprivate_subnets = ["10.100.3.0/24", "10.100.3.0/25"]\n`;
    expect(await problemsFor({ 'dev.tfvars': tfvars })).toEqual([
      {
        file: 'dev.tfvars',
        line: 3,
        key: 'private_subnets[1]',
        message:
          '10.100.3.0/25 overlaps private_subnets[0] (10.100.3.0/24); every subnet needs its own block',
      },
    ]);
  });

  it('suggests the closest key for an unknown one', async () => {
    const [problem] = await problemsFor({ 'dev.tfvars': `${VALID_DEV_TFVARS}single_nat_gatway = true\n` });
    expect(problem).toMatchObject({ file: 'dev.tfvars', line: 3, key: 'single_nat_gatway' });
    expect(problem!.message).toMatch(/^unknown key\. Did you mean "single_nat_gateway"\?/);
  });

  it('suggests keys inside a section block', async () => {
    const [problem] = await problemsFor({
      'dev.tfvars': `${VALID_DEV_TFVARS}vpn = {\n  client_cdr = "10.0.0.0/16"\n}\n`,
    });
    expect(problem).toMatchObject({ line: 4, key: 'vpn.client_cdr' });
    expect(problem!.message).toContain('Did you mean "client_cidr"?');
  });

  it('names file, line and key for a public Airflow UI in prod', async () => {
    const tfvars = `environment = "prod"\n\nmwaa = {\n  webserver_access_mode = "PUBLIC_ONLY"\n}\n`;
    const [problem] = await problemsFor({ 'prod.tfvars': tfvars });
    expect(problem).toMatchObject({ file: 'prod.tfvars', line: 4, key: 'mwaa.webserver_access_mode' });
    expect(problem!.message).toMatch(
      /^PUBLIC_ONLY puts the prod Airflow UI on the internet; use PRIVATE_ONLY/,
    );
  });

  it('reports a bad CIDR with its line', async () => {
    expect(await problemsFor({ 'dev.tfvars': `${VALID_DEV_TFVARS}vpc_cidr = "10.100.0.0/99"\n` })).toEqual([
      {
        file: 'dev.tfvars',
        line: 3,
        key: 'vpc_cidr',
        message: '"10.100.0.0/99" is not an IPv4 CIDR block like 10.100.0.0/16',
      },
    ]);
  });

  it('reports an HCL syntax error with its line', async () => {
    const [problem] = await problemsFor({
      'dev.tfvars': `environment = "dev"\nprivate_subnets = [\n  "10.100.3.0/24"\n  "10.100.4.0/24"\n`,
    });
    expect(problem).toMatchObject({ file: 'dev.tfvars', line: 4 });
    expect(problem!.message).toMatch(/^HCL syntax error: Missing item separator/);
  });

  it('rejects expressions, which tfvars would never evaluate here', async () => {
    expect(await problemsFor({ 'dev.tfvars': `${VALID_DEV_TFVARS}owner = var.owner\n` })).toEqual([
      {
        file: 'dev.tfvars',
        line: 3,
        key: 'owner',
        message: '"${var.owner}" is an expression; environment files take literal values only',
      },
    ]);
  });

  it('requires the environment name to match the file name', async () => {
    expect(await problemsFor({ 'qa.tfvars': VALID_DEV_TFVARS })).toEqual([
      {
        file: 'qa.tfvars',
        line: 1,
        key: 'environment',
        message: 'is "dev" but the file is named qa.tfvars; they must match (stack platform-qa)',
      },
    ]);
  });

  it('reports a missing required key without a line', async () => {
    expect(await problemsFor({ 'dev.tfvars': 'region = "eu-north-1"\n' })).toEqual([
      {
        file: 'dev.tfvars',
        key: 'environment',
        message: 'required key is missing (expected a quoted string)',
      },
    ]);
  });

  it('collects problems from every file at once', async () => {
    const problems = await problemsFor({
      'dev.tfvars': `${VALID_DEV_TFVARS}vpc_cidr = "nope"\n`,
      'prod.tfvars': 'environment = "prod"\nmwaa = { min_workers = 3, max_workers = 2 }\n',
    });
    expect(problems.map((p) => `${p.file}:${p.key}`)).toEqual([
      'dev.tfvars:vpc_cidr',
      'prod.tfvars:vpn.server_certificate_arn',
      'prod.tfvars:mwaa.min_workers',
    ]);
  });

  it('validates backend.hcl with the same care', async () => {
    const dir = fixtureDir({ 'backend.hcl': 'bucket = "Bad_Bucket"\n', 'dev.tfvars': VALID_DEV_TFVARS });
    await expect(loadPlatformInputs(dir, undefined, dir)).rejects.toThrow(
      'backend.hcl:1: bucket: expected an S3 bucket name of 3-58 lowercase letters, digits and hyphens',
    );
  });

  it('names an unknown environment asked for in PLATFORM_ENVS', async () => {
    const problems = await problemsFor({ 'dev.tfvars': VALID_DEV_TFVARS }, ['dve']);
    expect(problems).toEqual([
      {
        file: 'dve.tfvars',
        key: 'PLATFORM_ENVS',
        message: 'no such environment file. Did you mean "dev"? Available: dev',
      },
    ]);
  });

  it('ships an environment file for dev, staging and prod', () => {
    expect(readdirSync('environments').sort()).toEqual([
      'backend.hcl',
      'dev.tfvars',
      'prod.tfvars',
      'staging.tfvars',
    ]);
  });
});

describe('loadPlatformInputs on a missing directory', () => {
  it('says which directory and what to do', async () => {
    await expect(loadPlatformInputs('/nonexistent-envs')).rejects.toThrow(
      '/nonexistent-envs: cannot read the environments directory (ENOENT); run from the repository root or set PLATFORM_ENV_DIR',
    );
  });
});
