import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runApp } from './helpers';

function envCopy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'envs-'));
  cpSync('environments', dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('main.ts (the app cdktf synth runs)', () => {
  it('synthesizes the state backend and every shipped environment', async () => {
    const { status, outdir, stderr } = await runApp({});
    expect(stderr).not.toMatch(/Error/);
    expect(status).toBe(0);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual([
      'platform-dev',
      'platform-prod',
      'platform-staging',
      'state-backend',
    ]);
    const dev = JSON.parse(readFileSync(join(outdir, 'stacks', 'platform-dev', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(dev.resource.aws_nat_gateway)).toHaveLength(1);
    const prod = JSON.parse(readFileSync(join(outdir, 'stacks', 'platform-prod', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(prod.resource.aws_nat_gateway)).toHaveLength(2);
  });

  it('narrows the stacks with PLATFORM_ENVS', async () => {
    const { status, outdir } = await runApp({ PLATFORM_ENVS: 'prod' });
    expect(status).toBe(0);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['platform-prod', 'state-backend']);
  });

  it.each([
    [
      'overlapping subnets',
      'private_subnets = ["10.100.3.0/24", "10.100.3.128/25"]',
      /dev\.tfvars:\d+: private_subnets\[1\]: 10\.100\.3\.128\/25 overlaps private_subnets\[0\]/,
    ],
    [
      'an unknown key',
      'enable_nat_gatway = true',
      /dev\.tfvars:\d+: enable_nat_gatway: unknown key\. Did you mean "enable_nat_gateway"\?/,
    ],
    [
      'a bad CIDR',
      'vpc_cidr = "10.100.0.0/40"',
      /dev\.tfvars:\d+: vpc_cidr: "10\.100\.0\.0\/40" is not an IPv4 CIDR block/,
    ],
    ['an HCL syntax error', 'owner = "unterminated', /dev\.tfvars:\d+: HCL syntax error/],
  ])('fails on %s with file, line and key, and writes nothing', async (_name, line, message) => {
    const dir = envCopy((d) => {
      const file = join(d, 'dev.tfvars');
      const text = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith(line.split('=')[0]!.trim() + ' '))
        .join('\n');
      writeFileSync(file, `${text}\n${line}\n`);
    });
    const { status, stderr, outdir } = await runApp({ PLATFORM_ENV_DIR: dir });
    expect(status).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
    expect(existsSync(join(outdir, 'stacks'))).toBe(false);
    expect(readdirSync(outdir)).toEqual([]);
  });
});
