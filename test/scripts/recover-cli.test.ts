import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devStackOutdir } from './recover-fixture';

/** Runs `npm run recover -- ARGS` (tsx) with no AWS credentials anywhere. */
function recover(args: string[]) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), 'home-')),
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const run = spawnSync('npx', ['--no-install', 'tsx', 'scripts/recover.ts', ...args], {
    encoding: 'utf8',
    env,
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('npm run recover (arguments and missing prerequisites)', () => {
  it('asks for the environment and rejects unknown options with usage, exit 2', () => {
    const none = recover([]);
    expect(none.status).toBe(2);
    expect(none.out).toContain('recover: which environment?');
    expect(none.out).toContain('usage: npm run recover -- <env>');
    const bad = recover(['dev', '--force']);
    expect(bad.status).toBe(2);
    expect(bad.out).toMatch(/Unknown option '--force'/);
  });

  it('says how to synthesize a stack that is not there, exit 1', () => {
    const run = recover(['staging', '--outdir', devStackOutdir()]);
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/no synthesized stack platform-staging \(synthesized: platform-dev\)/);
    expect(run.out).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
  });

  it('says that credentials are missing and how to get them, exit 1', () => {
    const run = recover(['dev', '--outdir', devStackOutdir(), '--no-plan']);
    expect(run.status).toBe(1);
    expect(run.out).toContain('recover: no AWS credentials: sign in (aws sso login');
  });
});
