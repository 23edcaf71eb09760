import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runApp } from './helpers';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('synthesized output carries no secrets', () => {
  let result: Awaited<ReturnType<typeof runApp>>;
  beforeAll(async () => {
    result = await runApp();
  }, 300_000);

  it('synthesizes', () => {
    expect(result.status).toBe(0);
  });

  it('contains no private key, access key or secret value in any file', () => {
    const files = filesUnder(result.outdir);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/PRIVATE KEY/);
      expect(text, file).not.toMatch(/\bAKIA[0-9A-Z]{16}\b/);
      expect(text, file).not.toMatch(/"(access_key|secret_key|secret_string|password)"\s*:/);
    }
  });
});
