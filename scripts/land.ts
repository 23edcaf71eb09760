/**
 * `npm run land`: lands one day of raw data in an environment's lake, the way the daily EMR run
 * expects it (docs/data-run.md, "Landing contract").
 *
 *   npm run land -- --env prod --date 2026-12-01 --from ./exports/2026-12-01
 *   npm run land -- --env prod --date 2026-12-01 --from ./exports/2026-12-01 --dry-run
 *   npm run land -- ... --bucket <name>     when the caller cannot call sts:GetCallerIdentity
 *
 * Each dataset folder replaces raw/<dataset>/ingest_date=<date>/ (`aws s3 sync --delete`), then the
 * _SUCCESS marker is written; the run of that date starts only once the marker is there. Uses the
 * AWS CLI with the caller's credentials (the data engineer role: docs/access.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadPlatformInputs } from '../src/config';
import { LandingError, landingPlan } from '../src/lake/landing';

function fail(message: string): never {
  console.error(`land: ${message}`);
  process.exit(1);
}

function aws(args: string[], dryRun: boolean): string {
  console.error(`${dryRun ? '[dry run] ' : ''}aws ${args.join(' ')}`);
  if (dryRun) return '';
  const result = spawnSync('aws', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.error) fail(`cannot run the AWS CLI (${result.error.message}); install it or put it on PATH`);
  if (result.status !== 0)
    fail(`aws ${args.slice(0, 2).join(' ')} failed (exit ${result.status}); see above`);
  return result.stdout.trim();
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      env: { type: 'string' },
      date: { type: 'string' },
      from: { type: 'string' },
      bucket: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (error) {
  fail(
    `${(error as Error).message}\nusage: npm run land -- --env <env> --date YYYY-MM-DD --from <dir> [--bucket <name>] [--dry-run]`,
  );
}
const { env, date, from } = values;
if (!env || !date || !from)
  fail('--env, --date and --from are required, e.g. --env prod --date 2026-12-01 --from ./exports');
const dryRun = values['dry-run'];

try {
  const plan = landingPlan(from, date);
  const [config] = (await loadPlatformInputs(process.env.PLATFORM_ENV_DIR ?? 'environments', [env]))
    .environments;
  if (!config) fail(`no environment "${env}" in environments/`);
  const bucket =
    values.bucket ??
    `${config.lake.bucket_prefix}-lake-${dryRun ? '<account-id>' : aws(['sts', 'get-caller-identity', '--query', 'Account', '--output', 'text'], false)}`;
  const region = ['--region', config.region];

  for (const upload of plan.uploads) {
    aws(
      [
        's3',
        'sync',
        upload.sourceDir,
        `s3://${bucket}/${upload.prefix}`,
        '--delete',
        '--exclude',
        '.*',
        '--exclude',
        '_*',
        ...region,
      ],
      dryRun,
    );
  }
  const manifest = join(mkdtempSync(join(tmpdir(), 'land-')), '_SUCCESS');
  writeFileSync(
    manifest,
    JSON.stringify({ ...plan.manifest, landed_at: new Date().toISOString() }, null, 2) + '\n',
  );
  aws(['s3', 'cp', manifest, `s3://${bucket}/${plan.markerKey}`, ...region], dryRun);
  const total = plan.uploads.reduce((sum, u) => sum + u.files.length, 0);
  console.log(
    `${dryRun ? 'Would land' : 'Landed'} ${total} files for ${date} in s3://${bucket}/raw/ (marker ${plan.markerKey})`,
  );
} catch (error) {
  if (error instanceof ConfigError) fail(`--env ${env}: ${error.message}`);
  if (error instanceof LandingError)
    fail(`the batch in ${from} does not follow the landing contract:\n  ${error.problems.join('\n  ')}`);
  throw error;
}
