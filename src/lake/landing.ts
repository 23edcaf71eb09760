import { readdirSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The landing contract of the raw zone, as a pure plan: what a day of data must look like on disk
 * and where each file goes in the lake. `npm run land` (scripts/land.ts) executes the plan.
 *
 *   <from>/<dataset>/*.parquet  ->  s3://<lake>/raw/<dataset>/ingest_date=<date>/
 *   then the marker             ->  s3://<lake>/raw/_batches/ingest_date=<date>/_SUCCESS
 *
 * The DAG waits for the marker (dags/platform_common/emr.py RAW_BATCH_MARKER), so it is written
 * last, after every dataset is complete; the ETL reads the four datasets of etl/spark_platform_etl/lake.py.
 */

export const RAW_DATASETS = ['stores', 'products', 'customers', 'sales'] as const;
export const BATCH_MARKER = (date: string) => `raw/_batches/ingest_date=${date}/_SUCCESS`;
export const DATASET_PREFIX = (dataset: string, date: string) => `raw/${dataset}/ingest_date=${date}/`;

export interface DatasetUpload {
  readonly dataset: string;
  readonly sourceDir: string;
  readonly prefix: string;
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
}

export interface LandingPlan {
  readonly date: string;
  readonly uploads: readonly DatasetUpload[];
  readonly markerKey: string;
  /** The marker's content: what was landed, for whoever reads the batch later. */
  readonly manifest: Record<string, unknown>;
}

export class LandingError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const PARQUET_MAGIC = 'PAR1';

function isParquet(path: string, bytes: number): boolean {
  if (bytes < 12) return false;
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    readSync(fd, tail, 0, 4, bytes - 4);
    return head.toString('latin1') === PARQUET_MAGIC && tail.toString('latin1') === PARQUET_MAGIC;
  } finally {
    closeSync(fd);
  }
}

export function validDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

/** Checks a day of data in `from` against the contract; lists every problem at once. */
export function landingPlan(from: string, date: string): LandingPlan {
  const problems: string[] = [];
  if (!validDate(date)) problems.push(`--date ${date}: expected a calendar date YYYY-MM-DD, like 2026-12-01`);
  let entries: string[] = [];
  try {
    entries = readdirSync(from);
  } catch {
    throw new LandingError([`--from ${from}: no such directory (expected one folder per dataset in it)`]);
  }
  const uploads: DatasetUpload[] = [];
  for (const dataset of RAW_DATASETS) {
    const dir = join(from, dataset);
    if (!entries.includes(dataset) || !statSync(dir).isDirectory()) {
      problems.push(
        `${dir}: missing; a batch needs ${RAW_DATASETS.join(', ')} (one folder of .parquet files each)`,
      );
      continue;
    }
    const files = readdirSync(dir)
      .filter((name) => !name.startsWith('.') && !name.startsWith('_'))
      .sort()
      .map((name) => ({ name, bytes: statSync(join(dir, name)).size }));
    if (files.length === 0) problems.push(`${dir}: no data files; export the dataset as parquet into it`);
    for (const file of files) {
      if (!file.name.endsWith('.parquet') || !isParquet(join(dir, file.name), file.bytes)) {
        problems.push(`${join(dir, file.name)}: not a parquet file (the raw zone takes parquet only)`);
      }
    }
    uploads.push({ dataset, sourceDir: dir, prefix: DATASET_PREFIX(dataset, date), files });
  }
  const unknown = entries.filter(
    (name) => !(RAW_DATASETS as readonly string[]).includes(name) && !name.startsWith('.'),
  );
  if (unknown.length) {
    const named =
      unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
    problems.push(`${from}: unexpected ${named}; only ${RAW_DATASETS.join(', ')} are landed`);
  }
  if (problems.length) throw new LandingError(problems);
  return {
    date,
    uploads,
    markerKey: BATCH_MARKER(date),
    manifest: {
      ingest_date: date,
      datasets: Object.fromEntries(
        uploads.map((u) => [
          u.dataset,
          { files: u.files.length, bytes: u.files.reduce((sum, f) => sum + f.bytes, 0), prefix: u.prefix },
        ]),
      ),
    },
  };
}
