import { Construct } from 'constructs';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { policy } from '../policies';

/** Where Athena writes query results, inside the lake bucket (expired by the lake's lifecycle rules). */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';

export interface LakeCatalogProps {
  /** `<project>-<environment>`: databases are `<prefix with _>_staging` / `_curated`, the workgroup `<prefix>-analysts`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  /** The lake bucket: table data lives under `staging/` and `curated/`, query results under `athena-results/`. */
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The platform key: encrypts query results (SSE-KMS), as it does the lake. */
  readonly kmsKeyArn: string;
  /** A query scanning more than this many bytes is cancelled (Athena's minimum is 10 MB). */
  readonly bytesScannedCutoffPerQuery: number;
  /** Only for the emulated deploy: let destroy delete a workgroup that holds saved queries. */
  readonly forceDestroy?: boolean;
}

/**
 * The lake as tables: Glue Data Catalog databases for the staging and curated zones (the Spark jobs
 * register Apache Iceberg tables in them) and an Athena workgroup through which analysts query
 * curated, with its settings enforced: engine v3, results encrypted with the platform key in the
 * lake's `athena-results/`, and a bytes-scanned limit per query.
 *
 * ```ts
 * const catalog = new LakeCatalog(this, 'catalog', { namePrefix, accountId, partition, region,
 *   bucketName: lake.bucketName, bucketArn: lake.bucketArn, kmsKeyArn: key.keyArn,
 *   bytesScannedCutoffPerQuery: 10 * 1024 ** 3 });
 * new IamRolePolicy(this, 'analyst-athena', { role: analyst.id, policy: catalog.analystPolicy });
 * ```
 *
 * The logical ids `glue_staging_database` and `glue_curated_database` are a contract: renaming one
 * would drop the database and its table definitions.
 */
export class LakeCatalog extends Construct {
  /** Glue database of the staging zone (`--staging-database` of the Spark jobs). */
  public readonly stagingDatabaseName: string;
  /** Glue database of the curated zone (`--curated-database`; what analysts query). */
  public readonly curatedDatabaseName: string;
  public readonly workgroupName: string;
  public readonly workgroupArn: string;
  /** `s3://<lake>/athena-results/`. */
  public readonly resultsLocation: string;
  /** Analyst permissions (policies/analyst-athena.json): query curated through the workgroup, nothing else. */
  public readonly analystPolicy: string;

  constructor(scope: Construct, id: string, props: LakeCatalogProps) {
    super(scope, id);
    const dbPrefix = props.namePrefix.replaceAll('-', '_'); // Athena SQL names allow no hyphens
    const database = (zone: 'staging' | 'curated') => {
      const db = new GlueCatalogDatabase(this, `${zone}-database`, {
        name: `${dbPrefix}_${zone}`,
        // The account's own catalog, stated: the provider's default needs the account id it looked up.
        catalogId: props.accountId,
        description: `Apache Iceberg tables of the ${zone} zone, written by the Spark jobs`,
        locationUri: `s3://${props.bucketName}/${zone}`,
      });
      db.overrideLogicalId(`glue_${zone}_database`);
      return db;
    };
    database('staging');
    database('curated');
    this.resultsLocation = `s3://${props.bucketName}/${ATHENA_RESULTS_PREFIX}`;

    const workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: `${props.namePrefix}-analysts`,
      description: 'Analysts query the curated tables; settings enforced on every query',
      state: 'ENABLED',
      forceDestroy: props.forceDestroy,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: this.resultsLocation,
          expectedBucketOwner: props.accountId,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: props.kmsKeyArn },
        },
      },
    });

    // Deterministic names, not references: policies naming the databases need not wait for them.
    this.stagingDatabaseName = `${dbPrefix}_staging`;
    this.curatedDatabaseName = `${dbPrefix}_curated`;
    this.workgroupName = workgroup.name;
    this.workgroupArn = workgroup.arn;
    this.analystPolicy = policy('analyst-athena', {
      partition: props.partition,
      region: props.region,
      account_id: props.accountId,
      workgroup_name: workgroup.name,
      curated_database: this.curatedDatabaseName,
      lake_bucket_arn: props.bucketArn,
      kms_key_arn: props.kmsKeyArn,
    });
  }
}
