import { describe, expect, it } from 'vitest';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { LakeCatalog } from '../../src/constructs/catalog';
import {
  byPath,
  decodeJson,
  refTo,
  resourceList,
  resources,
  synth,
  synthPlatform,
  testStack,
} from '../helpers';

interface Statement {
  Sid: string;
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const LAKE_ARN = 'arn:aws:s3:::lake';

function catalogStack() {
  const stack = testStack('catalog-test');
  const catalog = new LakeCatalog(stack, 'catalog', {
    namePrefix: 'buildit-spark-dev',
    accountId: '111122223333',
    partition: 'aws',
    region: 'eu-north-1',
    bucketName: 'lake',
    bucketArn: LAKE_ARN,
    kmsKeyArn: 'arn:aws:kms:eu-north-1:111122223333:key/k',
    bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
  });
  // Attached the way the stack attaches it to the analyst role, to read it as synthesized.
  new IamPolicy(stack, 'analyst', { name: 'analyst-athena', policy: catalog.analystPolicy });
  return synth(stack);
}

/** Whether an Allow statement grants the action on the resource (IAM wildcards `*` and `?`). */
function allows(statements: Statement[], action: string, resource: string): boolean {
  const glob = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
  return statements.some(
    (s) =>
      s.Action.some((a) => glob(a).test(action)) && [s.Resource].flat().some((r) => glob(r).test(resource)),
  );
}

describe('LakeCatalog', () => {
  const json = catalogStack();

  it('pins the logical ids of the two Glue databases', () => {
    expect(Object.keys(resources(json, 'aws_glue_catalog_database')).sort()).toEqual([
      'glue_curated_database',
      'glue_staging_database',
    ]);
  });

  it('names the databases for SQL and locates them at the lake zones', () => {
    expect(byPath(json, 'aws_glue_catalog_database', 'catalog/staging-database')).toMatchObject({
      name: 'buildit_spark_dev_staging',
      location_uri: 's3://lake/staging',
    });
    expect(byPath(json, 'aws_glue_catalog_database', 'catalog/curated-database')).toMatchObject({
      name: 'buildit_spark_dev_curated',
      location_uri: 's3://lake/curated',
    });
  });

  it('enforces encrypted results in the lake and a bytes-scanned limit on the workgroup', () => {
    const wg = byPath(json, 'aws_athena_workgroup', 'catalog/workgroup');
    expect(wg.name).toBe('buildit-spark-dev-analysts');
    expect(wg.configuration).toMatchObject({
      enforce_workgroup_configuration: true,
      bytes_scanned_cutoff_per_query: 10737418240,
      engine_version: { selected_engine_version: 'Athena engine version 3' },
      result_configuration: {
        output_location: 's3://lake/athena-results/',
        expected_bucket_owner: '111122223333',
        encryption_configuration: {
          encryption_option: 'SSE_KMS',
          kms_key_arn: 'arn:aws:kms:eu-north-1:111122223333:key/k',
        },
      },
    });
  });

  describe('analyst policy', () => {
    const statements = decodeJson(byPath(json, 'aws_iam_policy', 'analyst').policy).Statement as Statement[];
    // The policies name the databases by their deterministic names (not references).
    const dbName = (zone: string) =>
      String(
        resourceList(json, 'aws_glue_catalog_database').find((db) => String(db.name).endsWith(`_${zone}`))!
          .name,
      );
    const workgroup = 'arn:aws:athena:eu-north-1:111122223333:workgroup/';

    it('queries through its own workgroup only', () => {
      expect(
        allows(
          statements,
          'athena:StartQueryExecution',
          `${workgroup}${refTo(json, 'aws_athena_workgroup', 'catalog/workgroup', 'name')}`,
        ),
      ).toBe(true);
      expect(allows(statements, 'athena:StartQueryExecution', `${workgroup}primary`)).toBe(false);
    });

    it('reads curated data and tables, and nothing of raw, staging or quarantine', () => {
      expect(allows(statements, 's3:GetObject', `${LAKE_ARN}/curated/sales_fact/data/x.parquet`)).toBe(true);
      for (const zone of ['raw', 'staging', 'quarantine', 'etl']) {
        expect(allows(statements, 's3:GetObject', `${LAKE_ARN}/${zone}/x.parquet`)).toBe(false);
      }
      const table = (db: string) => `arn:aws:glue:eu-north-1:111122223333:table/${db}/sales_fact`;
      expect(allows(statements, 'glue:GetTable', table(dbName('curated')))).toBe(true);
      expect(allows(statements, 'glue:GetTable', table(dbName('staging')))).toBe(false);
      expect(allows(statements, 'glue:CreateTable', table(dbName('curated')))).toBe(false);
    });

    it('writes query results only under athena-results/ and uses the key only through S3', () => {
      expect(allows(statements, 's3:PutObject', `${LAKE_ARN}/athena-results/q.csv`)).toBe(true);
      expect(allows(statements, 's3:PutObject', `${LAKE_ARN}/curated/x`)).toBe(false);
      const kms = statements.find((s) => s.Sid === 'UseLakeKeyThroughS3')!;
      expect(kms.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-north-1.amazonaws.com' } });
    });
  });
});

describe('LakeCatalog in the platform stack', () => {
  const json = synthPlatform();

  it('gives the EMR nodes the two databases and their tables, and expires query results', () => {
    const doc = decodeJson(String(byPath(json, 'aws_iam_role_policy', 'iam/emr-ec2-policy').policy));
    const glue = (doc.Statement as Statement[]).find((s) => s.Sid === 'GlueCatalog')!;
    expect(glue.Action).not.toContain('glue:DeleteDatabase');
    expect([glue.Resource].flat()).toHaveLength(5);
    expect(
      [glue.Resource]
        .flat()
        .every((r) => r.startsWith('arn:${data.aws_partition.partition.partition}:glue:')),
    ).toBe(true);
    const rules = byPath(json, 'aws_s3_bucket_lifecycle_configuration', 'data-lake/lake/lifecycle').rule as {
      id: string;
      expiration?: { days: number }[];
    }[];
    expect(rules.find((r) => r.id === 'expire-athena-results')?.expiration).toEqual([{ days: 30 }]);
    expect(Object.keys(json.output ?? {})).toEqual(
      expect.arrayContaining(['glue_curated_database', 'athena_workgroup_name']),
    );
  });
});
