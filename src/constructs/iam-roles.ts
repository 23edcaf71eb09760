import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { policy } from '../policies';

export interface PlatformRolesProps {
  readonly namePrefix: string;
  readonly environment: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  /** The only MWAA environment that may assume the execution role (its trust policy's aws:SourceArn). */
  readonly mwaaEnvironmentName: string;
}

/** What the role policies point at; created after the roles because the KMS key policy names them. */
export interface PlatformRoleGrants {
  readonly lakeBucketArn: string;
  readonly kmsKeyArn: string;
  readonly mwaaEnvironmentName: string;
  /** Secrets under `<secretsPrefix>/` are readable by Airflow (connections, variables). */
  readonly secretsPrefix: string;
  /** Only where EMR generates sample data may it write and delete under raw/. */
  readonly writesSampleData: boolean;
  /** Glue databases whose Iceberg tables the cluster nodes read and write. */
  readonly glueDatabases: { readonly staging: string; readonly curated: string };
}

/** Role names are deterministic so the KMS key policy can name them before they exist. */
export function platformRoleNames(namePrefix: string) {
  return {
    emrService: `${namePrefix}-emr-service-role`,
    emrEc2: `${namePrefix}-emr-ec2-role`,
    emrInstanceProfile: `${namePrefix}-emr-ec2-profile`,
    mwaaExecution: `${namePrefix}-mwaa-execution-role`,
  };
}

/**
 * The platform's three roles, least privilege, every policy a template in policies/:
 * - EMR service role: AWS's AmazonEMRServicePolicy_v2 (which only touches resources tagged
 *   `for-use-with-amazon-emr-managed-policies`) plus passing the instance role, the spot
 *   service-linked role and the KMS key for EBS encryption.
 * - EMR EC2 role (instance profile): the lake's prefixes and the key (logs go to `logs/emr/` in S3).
 * - MWAA execution role: its DAGs, logs, metrics, Celery queues, this environment's clusters,
 *   PassRole on exactly the two EMR roles, and the platform's secrets.
 * No IAM users, access keys or login profiles exist anywhere in the platform.
 *
 * The roles exist first (the platform key's policy names them: KMS rejects unknown principals);
 * `grant()` then attaches the policies that reference the key, the lake and the log group.
 */
export class PlatformRoles extends Construct {
  public readonly emrServiceRoleArn: string;
  public readonly emrServiceRoleName: string;
  public readonly emrEc2RoleArn: string;
  public readonly emrEc2RoleName: string;
  public readonly emrInstanceProfileArn: string;
  public readonly emrInstanceProfileName: string;
  public readonly mwaaExecutionRoleArn: string;

  private readonly props: PlatformRolesProps;
  private readonly emrService: IamRole;
  private readonly emrEc2: IamRole;
  private readonly mwaa: IamRole;

  constructor(scope: Construct, id: string, props: PlatformRolesProps) {
    super(scope, id);
    this.props = props;
    const names = platformRoleNames(props.namePrefix);

    this.emrService = new IamRole(this, 'emr-service', {
      name: names.emrService,
      description: 'EMR service role for the transient Spark clusters Airflow creates',
      assumeRolePolicy: policy('trust-emr-service', {
        partition: props.partition,
        account_id: props.accountId,
        region: props.region,
      }),
    });
    new IamRolePolicyAttachment(this, 'emr-service-managed', {
      role: this.emrService.name,
      policyArn: `arn:${props.partition}:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2`,
    });
    this.emrEc2 = new IamRole(this, 'emr-ec2', {
      name: names.emrEc2,
      description: 'Instance role of EMR cluster nodes: lake prefixes, platform key, step logs',
      assumeRolePolicy: policy('trust-ec2', {}),
    });
    const profile = new IamInstanceProfile(this, 'emr-ec2-profile', {
      name: names.emrInstanceProfile,
      role: this.emrEc2.name,
    });
    this.mwaa = new IamRole(this, 'mwaa-execution', {
      name: names.mwaaExecution,
      description: 'MWAA execution role: DAGs, logs, Celery queues, this environment EMR clusters',
      assumeRolePolicy: policy('trust-mwaa', {
        partition: props.partition,
        region: props.region,
        account_id: props.accountId,
        mwaa_environment_name: props.mwaaEnvironmentName,
      }),
    });

    this.emrServiceRoleArn = this.emrService.arn;
    this.emrServiceRoleName = this.emrService.name;
    this.emrEc2RoleArn = this.emrEc2.arn;
    this.emrEc2RoleName = this.emrEc2.name;
    this.emrInstanceProfileArn = profile.arn;
    this.emrInstanceProfileName = profile.name;
    this.mwaaExecutionRoleArn = this.mwaa.arn;
  }

  /** Attaches the inline policies (templates in policies/) once their targets exist. */
  public grant(grants: PlatformRoleGrants): void {
    const { props } = this;
    const common = { partition: props.partition, account_id: props.accountId };
    new IamRolePolicy(this, 'emr-ec2-policy', {
      name: 'lake-access',
      role: this.emrEc2.id,
      policy: policy('emr-ec2-instance', {
        ...common,
        region: props.region,
        lake_bucket_arn: grants.lakeBucketArn,
        kms_key_arn: grants.kmsKeyArn,
        glue_staging_database: grants.glueDatabases.staging,
        glue_curated_database: grants.glueDatabases.curated,
      }),
    });
    if (grants.writesSampleData) {
      new IamRolePolicy(this, 'emr-ec2-sample-data', {
        name: 'sample-data',
        role: this.emrEc2.id,
        policy: policy('emr-ec2-sample-data', { lake_bucket_arn: grants.lakeBucketArn }),
      });
    }
    new IamRolePolicy(this, 'emr-service-extras', {
      name: 'platform-extras',
      role: this.emrService.id,
      policy: policy('emr-service-extras', {
        ...common,
        emr_ec2_role_arn: this.emrEc2.arn,
        kms_key_arn: grants.kmsKeyArn,
      }),
    });
    new IamRolePolicy(this, 'mwaa-execution-policy', {
      name: 'airflow-execution',
      role: this.mwaa.id,
      policy: policy('mwaa-execution', {
        ...common,
        region: props.region,
        environment: props.environment,
        mwaa_environment_name: grants.mwaaEnvironmentName,
        lake_bucket_arn: grants.lakeBucketArn,
        kms_key_arn: grants.kmsKeyArn,
        emr_service_role_arn: this.emrService.arn,
        emr_ec2_role_arn: this.emrEc2.arn,
        secrets_prefix: grants.secretsPrefix,
      }),
    });
  }
}
