import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ROOT_KEYS, backendSchema, environmentShape } from '../../src/config';
import { MissingDescriptionError, environmentReference, referenceRows } from '../../src/config/reference';

describe('environment reference', () => {
  it('has one row per key of every section, with type, default, allowed values and meaning', () => {
    const { rows, missing } = referenceRows(environmentShape);
    expect(missing).toEqual([]);
    expect(rows.filter((row) => !row.key.includes('.')).map((row) => row.key)).toEqual(ROOT_KEYS);
    expect(rows.find((row) => row.key === 'mwaa.environment_class')).toEqual({
      key: 'mwaa.environment_class',
      type: 'enum',
      default: '`"mw1.small"`',
      allowed: '`mw1.micro`, `mw1.small`, `mw1.medium`, `mw1.large`, `mw1.xlarge`, `mw1.2xlarge`',
      meaning: 'MWAA environment class: the size of the scheduler, web server and workers',
    });
    expect(rows.find((row) => row.key === 'mwaa.min_workers')?.type).toBe('integer 1–25');
    expect(rows.find((row) => row.key === 'vpn.session_timeout_hours')?.allowed).toBe(
      '`8`, `10`, `12`, `24`',
    );
    expect(rows.find((row) => row.key === 'environment')?.default).toBe('(required)');
    // a block's default wins over its keys' own defaults
    expect(rows.find((row) => row.key === 'cost.s3_storage_class_mix.raw.glacier_ir')?.default).toBe(
      '`0.76`',
    );
  });

  it('fails with every key that has no description', () => {
    const shape = {
      documented: z.boolean().describe('yes'),
      bare: z.string(),
      block: z.object({ inner: z.int() }),
    };
    expect(() => environmentReference(shape, backendSchema.shape)).toThrow(MissingDescriptionError);
    expect(() => environmentReference(shape, backendSchema.shape)).toThrow(
      '3 environment-file keys have no description: bare, block, block.inner.',
    );
  });

  it('escapes table cells without breaking code spans', () => {
    const page = environmentReference(
      { key: z.string().describe('a | b, <env> and `<project>`') },
      backendSchema.shape,
    );
    expect(page).toContain('| a \\| b, \\<env\\> and `<project>` |');
  });
});
