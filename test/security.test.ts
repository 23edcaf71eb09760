import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('synthesized output carries no secrets', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'secrets-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'main.ts'], {
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  });

  it('synthesizes', () => {
    expect(result.status).toBe(0);
  });

  it('contains no private key, access key or secret value in any file', () => {
    const files = filesUnder(outdir);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/PRIVATE KEY/);
      expect(text, file).not.toMatch(/\bAKIA[0-9A-Z]{16}\b/);
      expect(text, file).not.toMatch(/"(access_key|secret_key|secret_string|password)"\s*:/);
    }
  });
});
