import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../scripts/generate-certs.ts');
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

function run(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { encoding: 'utf8' });
}

const cert = (dir: string, name: string) => new X509Certificate(readFileSync(join(dir, name)));

describe('scripts/generate-certs.ts', () => {
  const parent = mkdtempSync(join(tmpdir(), 'certs-'));
  const out = join(parent, 'staging');
  let first: ReturnType<typeof run>;

  beforeAll(() => {
    first = run('--env', 'staging', '--out', out, '--days', '30');
  });

  it('writes the CA, server and client files and reports progress', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('[3/3] client certificate client1.staging.vpn.internal');
    expect(readdirSync(out).sort()).toEqual([
      'ca.crt',
      'ca.key',
      'client1.crt',
      'client1.key',
      'server.crt',
      'server.key',
    ]);
    // Only the output directory remains: the temporary one was renamed or removed.
    expect(readdirSync(parent)).toEqual(['staging']);
  });

  it('keeps private keys readable by the owner only', () => {
    for (const key of ['ca.key', 'server.key', 'client1.key']) {
      expect(statSync(join(out, key)).mode & 0o777).toBe(0o600);
    }
  });

  it('signs both certificates with the CA (openssl verify)', () => {
    const verified = execFileSync('openssl', ['verify', '-CAfile', 'ca.crt', 'server.crt', 'client1.crt'], {
      cwd: out,
      encoding: 'utf8',
    });
    expect(verified).toBe('server.crt: OK\nclient1.crt: OK\n');
  });

  it('issues RSA 2048 certificates with the right names, usages and lifetime', () => {
    const ca = cert(out, 'ca.crt');
    const server = cert(out, 'server.crt');
    const client = cert(out, 'client1.crt');
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.subject).toBe('CN=server.staging.vpn.internal');
    expect(server.subjectAltName).toBe('DNS:server.staging.vpn.internal');
    expect(server.keyUsage).toEqual([SERVER_AUTH]);
    expect(client.subject).toBe('CN=client1.staging.vpn.internal');
    expect(client.keyUsage).toEqual([CLIENT_AUTH]);
    expect(server.checkIssued(ca) && client.checkIssued(ca)).toBe(true);
    for (const c of [ca, server, client]) {
      expect(c.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      const days = (Date.parse(c.validTo) - Date.parse(c.validFrom)) / 86_400_000;
      expect(Math.round(days)).toBe(30);
    }
    expect(server.serialNumber).not.toBe(client.serialNumber);
  });

  it('refuses to overwrite without --force, and replaces everything with it', () => {
    const before = readFileSync(join(out, 'server.crt'), 'utf8');
    const refused = run('--env', 'staging', '--out', out);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/already has ca\.crt, server\.crt.*pass --force/);
    expect(readFileSync(join(out, 'server.crt'), 'utf8')).toBe(before);

    const forced = run('--env', 'staging', '--out', out, '--force');
    expect(forced.status).toBe(0);
    expect(readFileSync(join(out, 'server.crt'), 'utf8')).not.toBe(before);
    execFileSync('openssl', ['verify', '-CAfile', 'ca.crt', 'server.crt'], { cwd: out });
  });

  it.each([
    [['--days', 'ten'], /--days "ten" must be a whole number from 1 to 825/],
    [['--days', '4000'], /from 1 to 825/],
    [['--env', 'Prod!'], /--env "Prod!" is not an environment name/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['extra'], /positional/],
  ])('rejects %j with a message and exit code 2, writing nothing', (args, message) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'certs-bad-')), 'out');
    const result = run(...args, '--out', dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('usage: npx tsx scripts/generate-certs.ts');
    expect(existsSync(dir)).toBe(false);
  });
});
