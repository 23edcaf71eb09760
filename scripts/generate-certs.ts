/**
 * Creates the mutual-TLS material for AWS Client VPN: a CA, a server certificate (serverAuth) and
 * one client certificate (clientAuth), all RSA 2048 (ACM imports RSA 1024-4096 and ECDSA; 2048 is
 * what AWS's Client VPN guide uses and the minimum Security Hub ACM.2 accepts).
 *
 *   npx tsx scripts/generate-certs.ts [--env dev] [--out certificates/dev] [--days 825] [--force]
 *
 * Uses the openssl CLI (no extra npm dependency). Everything is generated in a private temporary
 * directory next to the output and moved into place only when every file exists, so a failure
 * leaves nothing half-written. Keys are mode 0600 and git-ignored; see certificates/README.md.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE =
  'usage: npx tsx scripts/generate-certs.ts [--env dev] [--out certificates/<env>] [--days 825] [--force]';
const ENV_PATTERN = /^[a-z][a-z0-9-]{0,10}[a-z0-9]$/;
/** Browsers and many TLS stacks reject leaf certificates valid for longer than 825 days. */
const MAX_DAYS = 825;
const KEY_FILES = ['ca.key', 'server.key', 'client1.key'] as const;
const OUTPUT_FILES = ['ca.crt', 'server.crt', 'client1.crt', ...KEY_FILES] as const;

export class UsageError extends Error {}

export interface Options {
  readonly env: string;
  readonly out: string;
  readonly days: number;
  readonly force: boolean;
}

export function parseOptions(argv: readonly string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        env: { type: 'string', default: 'dev' },
        out: { type: 'string' },
        days: { type: 'string', default: String(MAX_DAYS) },
        force: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const env = values.env;
  if (!ENV_PATTERN.test(env)) {
    throw new UsageError(
      `--env "${env}" is not an environment name; expected 2-12 lowercase letters, digits and hyphens, like dev`,
    );
  }
  if (!/^\d+$/.test(values.days) || Number(values.days) < 1 || Number(values.days) > MAX_DAYS) {
    throw new UsageError(`--days "${values.days}" must be a whole number from 1 to ${MAX_DAYS}`);
  }
  return {
    env,
    out: values.out ?? join('certificates', env),
    days: Number(values.days),
    force: values.force,
  };
}

function openssl(cwd: string, args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT')
      throw new Error('openssl was not found on PATH; install it (apt-get install openssl)');
    throw new Error(`openssl ${args[0]} failed: ${err.stderr?.toString().trim() ?? err.message}`);
  }
}

function serial(): string {
  // Positive 64-bit random serial: unique without a serial file.
  return `0x${(randomBytes(8)[0]! & 0x7f).toString(16).padStart(2, '0')}${randomBytes(7).toString('hex')}`;
}

/** Issues `<name>.key` + `<name>.crt` signed by ca.crt/ca.key in `dir`, with the given extended key usage. */
function issue(
  dir: string,
  name: string,
  cn: string,
  usage: 'serverAuth' | 'clientAuth',
  days: number,
): void {
  writeFileSync(
    join(dir, `${name}.ext`),
    [
      'basicConstraints = critical, CA:FALSE',
      `keyUsage = critical, digitalSignature, keyEncipherment`,
      `extendedKeyUsage = ${usage}`,
      `subjectAltName = DNS:${cn}`,
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid, issuer',
      '',
    ].join('\n'),
  );
  openssl(dir, [
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${cn}`,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-set_serial',
    serial(),
    '-days',
    String(days),
    '-sha256',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  ]);
}

export function generate(options: Options, log: (line: string) => void = console.log): string[] {
  const out = resolve(options.out);
  const existing = OUTPUT_FILES.filter((file) => existsSync(join(out, file)));
  if (existing.length && !options.force) {
    throw new UsageError(
      `${options.out} already has ${existing.join(', ')}; pass --force to replace them (clients holding the old certificates must be reissued)`,
    );
  }
  mkdirSync(dirname(out), { recursive: true });
  // Same parent directory as the output, so the final renames stay on one filesystem; mode 0700.
  const tmp = mkdtempSync(join(dirname(out), `.${basename(out)}.tmp-`));
  try {
    const domain = `${options.env}.vpn.internal`;
    log(`[1/3] CA "${options.env} Client VPN CA" (RSA 2048, ${options.days} days)`);
    openssl(tmp, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-sha256',
      '-days',
      String(options.days),
      '-set_serial',
      serial(),
      '-subj',
      `/CN=${options.env} Client VPN CA`,
      '-addext',
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    log(`[2/3] server certificate server.${domain} (serverAuth)`);
    issue(tmp, 'server', `server.${domain}`, 'serverAuth', options.days);
    log(`[3/3] client certificate client1.${domain} (clientAuth)`);
    issue(tmp, 'client1', `client1.${domain}`, 'clientAuth', options.days);
    for (const key of KEY_FILES) chmodSync(join(tmp, key), 0o600);
    for (const file of readdirSync(tmp)) {
      if (!(OUTPUT_FILES as readonly string[]).includes(file)) rmSync(join(tmp, file));
    }

    if (!existsSync(out)) {
      renameSync(tmp, out);
    } else {
      for (const file of OUTPUT_FILES) renameSync(join(tmp, file), join(out, file));
    }
    log(`wrote ${OUTPUT_FILES.map((file) => join(options.out, file)).join(', ')}`);
    return OUTPUT_FILES.map((file) => join(out, file));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function main(): number {
  try {
    generate(parseOptions(process.argv.slice(2)));
    return 0;
  } catch (error) {
    console.error(`generate-certs: ${(error as Error).message}`);
    if (error instanceof UsageError) console.error(USAGE);
    return error instanceof UsageError ? 2 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) process.exitCode = main();
