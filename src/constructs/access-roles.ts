import { Construct } from 'constructs';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { EnvironmentConfig } from '../config';
import { Fn } from '../lib/tf';
import { policy, type PolicyName } from '../policies';

/** GitHub's OIDC issuer; AWS allows one IAM identity provider per issuer and account. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export interface AccessRolesProps {
  readonly namePrefix: string;
  readonly environment: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  /** The environment file's `access` block: who may assume which role. */
  readonly access: EnvironmentConfig['access'];
  /** Where this environment's Terraform state lives; CI roles reach only this object. */
  readonly state: {
    readonly bucket: string;
    readonly region: string;
    /** `<key_prefix>/<environment>`: the state object is `<statePrefix>/terraform.tfstate`. */
    readonly statePrefix: string;
    /** Alias of the state key (`alias/<bucket>-state`), matched with kms:ResourceAliases. */
    readonly keyAlias: string;
  };
}

/** What the role policies point at; attached after the key, lake and log group exist. */
export interface AccessGrants {
  readonly lakeBucketArn: string;
  readonly accessLogBucketArn: string;
  readonly kmsKeyArn: string;
  readonly mwaaEnvironmentName: string;
  readonly secretsPrefix: string;
  /** The analysts' Athena and Glue policy (LakeCatalog.analystPolicy): querying curated through Athena. */
  readonly analystQueryPolicy: string;
}

/** Deterministic role names (the key policy names the roles; all stay within IAM's 64 characters). */
export function accessRoleNames(namePrefix: string) {
  return {
    platformAdmin: `${namePrefix}-platform-admin`,
    dataEngineer: `${namePrefix}-data-engineer`,
    analyst: `${namePrefix}-analyst`,
    ciPlan: `${namePrefix}-ci-plan`,
    ciDeploy: `${namePrefix}-ci-deploy`,
  };
}

interface TrustStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: { AWS: string | string[] };
  Action: string;
  Condition: Record<string, Record<string, string | string[]>>;
}

/**
 * Trust policy of a people role. `account`: any principal of this account that signed in with MFA
 * (its own IAM policy must still allow sts:AssumeRole). An ARN (pattern), e.g. an IAM Identity Center
 * permission-set role: exactly those principals (MFA is enforced by the identity provider).
 */
export function peopleTrustPolicy(
  principals: readonly string[],
  partition: string,
  accountId: string,
): { Version: string; Statement: TrustStatement[] } {
  const statements: TrustStatement[] = [];
  if (principals.includes('account')) {
    statements.push({
      Sid: 'AccountPrincipalsWithMfa',
      Effect: 'Allow',
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
  }
  const patterns = principals.filter((p) => p !== 'account');
  if (patterns.length) {
    const accounts = [...new Set(patterns.map((arn) => arn.split(':')[4]!))];
    statements.push({
      Sid: 'NamedPrincipals',
      Effect: 'Allow',
      Principal: { AWS: accounts.map((account) => `arn:${partition}:iam::${account}:root`) },
      Action: 'sts:AssumeRole',
      Condition: { ArnLike: { 'aws:PrincipalArn': patterns } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * The people and CI roles of one environment:
 * - platform-admin: reads the lake, sets secret values, Airflow Admin, operates this environment's clusters;
 * - data-engineer: lands raw/ data, reads every zone and EMR logs, Airflow User (trigger DAGs);
 * - analyst: reads curated/ only;
 * - ci-plan (read-only, reads its own state object) and ci-deploy (deploys this environment, cannot
 *   change people or CI roles), trusted only for the GitHub repository and environment of the env
 *   file, and only when `access.github_repository` is set.
 *
 * Roles exist first (the platform key's policy names them); `grant()` attaches their policies.
 */
export class AccessRoles extends Construct {
  public readonly platformAdminRoleArn: string;
  public readonly dataEngineerRoleArn: string;
  public readonly analystRoleArn: string;
  /** Undefined when the env file names no GitHub repository. */
  public readonly ciPlanRoleArn?: string;
  public readonly ciDeployRoleArn?: string;
  /** The GitHub OIDC provider the CI roles trust. */
  public readonly githubOidcProviderArn: string;
  /** Roles the platform key lets decrypt lake objects through S3. */
  public readonly lakeReaderArns: string[];
  /** Roles the platform key lets encrypt lake objects through S3. */
  public readonly lakeWriterArns: string[];
  /** Roles the platform key lets encrypt secret values through Secrets Manager. */
  public readonly secretWriterArns: string[];

  private readonly props: AccessRolesProps;
  private readonly roles: Partial<Record<keyof ReturnType<typeof accessRoleNames>, IamRole>> = {};

  constructor(scope: Construct, id: string, props: AccessRolesProps) {
    super(scope, id);
    this.props = props;
    const { access, partition, accountId } = props;
    const names = accessRoleNames(props.namePrefix);
    const person = (
      key: 'platformAdmin' | 'dataEngineer' | 'analyst',
      id: string,
      who: readonly string[],
      job: string,
    ) =>
      (this.roles[key] = new IamRole(this, id, {
        name: names[key],
        description: job,
        assumeRolePolicy: Fn.jsonencode(peopleTrustPolicy(who, partition, accountId)),
      }));
    const admin = person(
      'platformAdmin',
      'platform-admin',
      access.platform_admins,
      'Platform admin: secrets, Airflow Admin, cluster operations',
    );
    const engineer = person(
      'dataEngineer',
      'data-engineer',
      access.data_engineers,
      'Data engineer: lands raw data, reads every zone, triggers DAGs',
    );
    const analyst = person('analyst', 'analyst', access.analysts, 'Analyst: reads the curated zone');

    this.githubOidcProviderArn =
      access.github_oidc_provider_arn ??
      `arn:${partition}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
    const repository = access.github_repository;
    if (repository) {
      const ci = (key: 'ciPlan' | 'ciDeploy', id: string, githubEnvironment: string, job: string) =>
        (this.roles[key] = new IamRole(this, id, {
          name: names[key],
          description: job,
          maxSessionDuration: 3600,
          assumeRolePolicy: policy('assume-github-oidc', {
            oidc_provider_arn: this.githubOidcProviderArn,
            github_repository: repository,
            github_environment: githubEnvironment,
          }),
        }));
      const env = props.environment;
      this.ciPlanRoleArn = ci(
        'ciPlan',
        'ci-plan',
        access.github_plan_environment ?? `${env}-plan`,
        'CI plan: read-only',
      ).arn;
      this.ciDeployRoleArn = ci(
        'ciDeploy',
        'ci-deploy',
        access.github_deploy_environment ?? env,
        'CI deploy of this environment',
      ).arn;
    }

    this.platformAdminRoleArn = admin.arn;
    this.dataEngineerRoleArn = engineer.arn;
    this.analystRoleArn = analyst.arn;
    const ciPlan = this.ciPlanRoleArn ? [this.ciPlanRoleArn] : [];
    const ciDeploy = this.ciDeployRoleArn ? [this.ciDeployRoleArn] : [];
    this.lakeReaderArns = [admin.arn, engineer.arn, analyst.arn, ...ciPlan, ...ciDeploy];
    // Analysts write only Athena results (analyst-athena limits where), encrypted with the lake key.
    this.lakeWriterArns = [engineer.arn, analyst.arn, ...ciDeploy];
    this.secretWriterArns = [admin.arn];
  }

  /** Attaches every role's policies (templates in policies/) once their targets exist. */
  public grant(grants: AccessGrants): void {
    const { props, roles } = this;
    const base = {
      partition: props.partition,
      account_id: props.accountId,
      region: props.region,
      lake_bucket_arn: grants.lakeBucketArn,
      kms_key_arn: grants.kmsKeyArn,
    };
    const env = { environment: props.environment, mwaa_environment_name: grants.mwaaEnvironmentName };
    const inline = (role: IamRole | undefined, name: PolicyName, vars: Record<string, string>) => {
      if (role)
        new IamRolePolicy(this, `${name}-policy`, { name, role: role.id, policy: policy(name, vars) });
    };
    inline(roles.analyst, 'people-analyst', {
      lake_bucket_arn: grants.lakeBucketArn,
      kms_key_arn: grants.kmsKeyArn,
      region: props.region,
    });
    if (roles.analyst) {
      new IamRolePolicy(this, 'analyst-athena-policy', {
        name: 'analyst-athena',
        role: roles.analyst.id,
        policy: grants.analystQueryPolicy,
      });
    }
    inline(roles.dataEngineer, 'people-data-engineer', {
      ...base,
      ...env,
    });
    inline(roles.platformAdmin, 'people-platform-admin', {
      ...base,
      ...env,
      name_prefix: props.namePrefix,
      secrets_prefix: grants.secretsPrefix,
    });
    if (!roles.ciPlan || !roles.ciDeploy) return;

    const state = {
      partition: props.partition,
      account_id: props.accountId,
      state_bucket_arn: `arn:${props.partition}:s3:::${props.state.bucket}`,
      state_prefix: props.state.statePrefix,
      state_region: props.state.region,
      state_key_alias: props.state.keyAlias,
    };
    inline(roles.ciPlan, 'ci-state-read', state);
    inline(roles.ciDeploy, 'ci-state-write', state);

    const scope = {
      ...base,
      name_prefix: props.namePrefix,
      access_log_bucket_arn: grants.accessLogBucketArn,
      secrets_prefix: grants.secretsPrefix,
      mwaa_environment_name: grants.mwaaEnvironmentName,
    };
    // Managed policies: together they exceed the 10,240 characters IAM allows inline per role.
    const managed = (name: PolicyName, vars: Record<string, string>, attachTo: IamRole[]) => {
      const document = new IamPolicy(this, name, {
        name: `${props.namePrefix}-${name}`,
        description: `${name} for ${props.namePrefix}`,
        policy: policy(name, vars),
      });
      for (const role of attachTo) {
        new IamRolePolicyAttachment(this, `${name}-${role.node.id}`, {
          role: role.name,
          policyArn: document.arn,
        });
      }
    };
    managed('ci-read', scope, [roles.ciPlan, roles.ciDeploy]);
    const { partition, region, accountId } = props;
    const environment = props.environment;
    managed('ci-deploy-network', { partition, region, account_id: accountId, environment }, [roles.ciDeploy]);
    managed('ci-deploy-iam', { partition, account_id: accountId, name_prefix: props.namePrefix }, [
      roles.ciDeploy,
    ]);
    managed('ci-deploy-services', { ...scope, environment }, [roles.ciDeploy]);
  }
}
