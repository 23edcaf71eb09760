import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ci = readFileSync('.github/workflows/ci.yml', 'utf8');
const deploy = readFileSync('.github/workflows/deploy.yml', 'utf8');

/** The deploy path filter of ci.yml's `changes` job, as the bash regex it is. */
function deployPattern(): RegExp {
  const match = /pattern='([^']+)'/.exec(ci);
  if (!match) throw new Error('ci.yml: no deploy path pattern in the changes job');
  return new RegExp(match[1]!);
}

describe('GitHub CI agrees with .ci/run', () => {
  it('runs .ci/run itself, npm run check on Node 22 and 24, and the flavors', () => {
    expect(ci).toMatch(/^\s+- run: \.ci\/run$/m);
    expect(ci).toMatch(/node: \["22", "24"\]/);
    expect(ci).toMatch(/^\s+- run: npm run check$/m);
    expect(ci).toMatch(/npm run test:flavors/);
  });

  it('deploys only after every check passed on the same run, for pushes to main', () => {
    expect(ci).toMatch(/deploy-dev:\n\s+needs: \[check, test, flavors, plan, changes\]/);
    expect(ci).toMatch(/github\.ref == 'refs\/heads\/main' && needs\.changes\.outputs\.deploy == 'true'/);
    expect(ci).toMatch(/deploy-staging:\n\s+needs: deploy-dev/);
    expect(ci).toMatch(/deploy-prod:\n\s+needs: deploy-staging/);
    expect(deploy).toMatch(/^on:\n\s+workflow_call:/m);
    expect(deploy).not.toMatch(/^\s+push:/m);
  });

  it('treats every path that changes the deployment as a deploy', () => {
    const pattern = deployPattern();
    for (const path of [
      'src/constructs/vpc.ts',
      'main.ts',
      'policies/emr-ec2-instance.json',
      'environments/prod.tfvars',
      'dags/emr_spark_pipeline.py',
      'etl/main.py',
      'package.json',
      'package-lock.json',
      'cdktf.json',
      'contracts/platform.json',
    ]) {
      expect(pattern.test(path), path).toBe(true);
    }
    for (const path of ['README.md', 'docs/operations.md', 'test/main.test.ts', 'bench/synth/run.ts']) {
      expect(pattern.test(path), path).toBe(false);
    }
  });

  it('deploys outside office hours with the hour-billed parts off, as the office-hours workflow left them', () => {
    expect(deploy).toMatch(/state=\$\(npx tsx scripts\/office-hours\.ts state --env "\$PLATFORM_ENV"\)/);
    const synthAndDeploy = deploy.split('\n      - ').filter((step) => /npx cdktf (synth|deploy)/.test(step));
    expect(synthAndDeploy).toHaveLength(2);
    for (const step of synthAndDeploy) {
      expect(step).toContain('PLATFORM_OFF_HOURS: ${{ steps.hours.outputs.off }}');
    }
  });

  it('never runs an office-hours apply and a deploy of one environment at once', () => {
    const hours = readFileSync('.github/workflows/office-hours.yml', 'utf8');
    const group = /concurrency:\n\s+group: (.+)\n\s+cancel-in-progress: false/;
    expect(deploy.match(group)?.[1]).toBe('deploy-${{ inputs.environment }}');
    expect(hours.match(group)?.[1]).toBe('deploy-${{ matrix.environment }}');
  });

  it('assumes the deploy role from the GitHub environment variable, and names the keys CI needs', () => {
    expect(deploy).toMatch(/role-to-assume: \$\{\{ vars\.AWS_DEPLOY_ROLE_ARN \}\}/);
    expect(deploy).toMatch(/environment: \$\{\{ inputs\.environment \}\}/);
    expect(deploy).toMatch(/set vpn\.server_certificate_arn and vpn\.client_root_certificate_arn/);
    expect(deploy).toMatch(/no variable AWS_DEPLOY_ROLE_ARN: set it to the stack output ci_deploy_role_arn/);
  });
});
