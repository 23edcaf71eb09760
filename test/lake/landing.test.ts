import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BATCH_MARKER,
  DATASET_PREFIX,
  LandingError,
  RAW_DATASETS,
  landingPlan,
} from '../../src/lake/landing';

const contract = JSON.parse(readFileSync('contracts/landing.json', 'utf8')) as {
  datasets: string[];
  dataset_prefix: string;
  marker: string;
};

// The smallest file with parquet's leading and trailing magic; the land command checks no more.
const PARQUET = Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(8), Buffer.from('PAR1')]);

function batch(
  datasets: readonly string[] = RAW_DATASETS,
  file = 'part-0.parquet',
  content = PARQUET,
): string {
  const root = mkdtempSync(join(tmpdir(), 'landing-'));
  for (const dataset of datasets) {
    mkdirSync(join(root, dataset));
    writeFileSync(join(root, dataset, file), content);
  }
  return root;
}

function problems(from: string, date = '2026-12-01'): readonly string[] {
  try {
    landingPlan(from, date);
  } catch (error) {
    if (error instanceof LandingError) return error.problems;
    throw error;
  }
  return [];
}

describe('landing contract (contracts/landing.json)', () => {
  it('is the layout the land command writes', () => {
    expect([...RAW_DATASETS]).toEqual(contract.datasets);
    expect(DATASET_PREFIX('sales', '2026-12-01')).toBe(
      contract.dataset_prefix.replace('{dataset}', 'sales').replace('{date}', '2026-12-01'),
    );
    expect(BATCH_MARKER('2026-12-01')).toBe(contract.marker.replace('{date}', '2026-12-01'));
  });
});

describe('landingPlan', () => {
  it('maps each dataset folder to its raw partition and writes the marker last', () => {
    const plan = landingPlan(batch(), '2026-12-01');
    expect(plan.uploads.map((u) => [u.dataset, u.prefix, u.files.length])).toEqual([
      ['stores', 'raw/stores/ingest_date=2026-12-01/', 1],
      ['products', 'raw/products/ingest_date=2026-12-01/', 1],
      ['customers', 'raw/customers/ingest_date=2026-12-01/', 1],
      ['sales', 'raw/sales/ingest_date=2026-12-01/', 1],
    ]);
    expect(plan.markerKey).toBe('raw/_batches/ingest_date=2026-12-01/_SUCCESS');
    expect(plan.manifest).toMatchObject({
      ingest_date: '2026-12-01',
      datasets: { sales: { files: 1, bytes: 16 } },
    });
  });

  it('lists every problem at once: bad date, missing dataset, non-parquet file', () => {
    const from = batch(['stores', 'products', 'sales'], 'part-0.csv', Buffer.from('id,name\n1,a\n'));
    expect(problems(from, '2026-02-30')).toEqual([
      '--date 2026-02-30: expected a calendar date YYYY-MM-DD, like 2026-12-01',
      `${join(from, 'stores', 'part-0.csv')}: not a parquet file (the raw zone takes parquet only)`,
      `${join(from, 'products', 'part-0.csv')}: not a parquet file (the raw zone takes parquet only)`,
      `${join(from, 'customers')}: missing; a batch needs stores, products, customers, sales (one folder of .parquet files each)`,
      `${join(from, 'sales', 'part-0.csv')}: not a parquet file (the raw zone takes parquet only)`,
    ]);
  });

  it('rejects a folder that is not a batch', () => {
    expect(problems('/nonexistent/exports')).toEqual([
      '--from /nonexistent/exports: no such directory (expected one folder per dataset in it)',
    ]);
    expect(problems(batch([...RAW_DATASETS, 'returns']))).toEqual([
      expect.stringContaining('unexpected returns; only stores, products, customers, sales are landed'),
    ]);
  });
});
