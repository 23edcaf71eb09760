/**
 * The access journeys: who does what, on which resource, in which context, and what AWS must decide.
 * Names are the same in every environment (the access matrix has one column per environment); the
 * principal, resource and context are those of the environment the journey runs in.
 */
import { ACCOUNT_ID, type EnvironmentModel, type PlatformModel } from './model';

export interface Call {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
}

export type Principal =
  | { readonly env: string; readonly role: string }
  | { readonly arn: string; readonly identityPolicies?: { name: string; policy: unknown }[] };

export interface Journey {
  readonly name: string;
  /** Who, in words, for the matrix. */
  readonly who: string;
  readonly principal: Principal;
  /** Every authorization AWS makes for it (an SSE-KMS upload is PutObject plus kms:GenerateDataKey). */
  readonly calls: readonly Call[];
  readonly expect: 'Allowed' | 'Denied';
}

const ROLE = {
  mwaa: 'mwaa-execution-role',
  emrEc2: 'emr-ec2-role',
  admin: 'platform-admin',
  engineer: 'data-engineer',
  analyst: 'analyst',
  plan: 'ci-plan',
  deploy: 'ci-deploy',
} as const;

/** The journeys of one environment; `other` is another environment of the same account. */
export function journeysFor(model: PlatformModel, env: EnvironmentModel, other: EnvironmentModel): Journey[] {
  const name = env.config.environment;
  const as = (role: keyof typeof ROLE) => ({ env: name, role: `${env.prefix}-${ROLE[role]}` });
  const lake = env.lakeBucketArn;
  const region = env.region;
  const s3Kms = (action: string, bucketArn = lake, key = env.platformKeyArn, keyRegion = region): Call => ({
    action,
    resource: key,
    context: {
      'kms:ViaService': `s3.${keyRegion}.amazonaws.com`,
      'kms:EncryptionContext:aws:s3:arn': bucketArn,
    },
  });
  const read = (key: string): Call[] => [
    { action: 's3:GetObject', resource: `${lake}/${key}` },
    s3Kms('kms:Decrypt'),
  ];
  const write = (key: string): Call[] => [
    { action: 's3:PutObject', resource: `${lake}/${key}` },
    s3Kms('kms:GenerateDataKey'),
  ];
  const cluster = (envTag: string): Call['context'] => ({ 'aws:ResourceTag/platform-environment': envTag });
  const clusterArn = `arn:aws:elasticmapreduce:${region}:${ACCOUNT_ID}:cluster/j-2AXXXXXXGAPLF`;
  const emr = (action: string, context: Call['context']): Call[] => [
    { action: `elasticmapreduce:${action}`, resource: clusterArn, context },
  ];
  const runJobFlow = (tags: Record<string, string>): Call[] => [
    {
      action: 'elasticmapreduce:RunJobFlow',
      resource: '*',
      context: {
        ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
        'aws:TagKeys': Object.keys(tags),
      },
    },
  ];
  const ownTags = {
    'platform-environment': name,
    'platform-dag-id': 'lake_pipeline',
    project: env.config.project,
  };

  const state = (envName: string) =>
    `${model.stateBucketArn}/${model.backend.key_prefix}/${envName}/terraform.tfstate`;
  const stateKms = (action: string): Call => ({
    action,
    resource: model.stateKeyArn,
    context: {
      'kms:ViaService': `s3.${model.backend.region}.amazonaws.com`,
      'kms:EncryptionContext:aws:s3:arn': model.stateBucketArn,
      'kms:ResourceAliases': [`alias/${model.backend.bucket}-state`],
    },
  });
  const putState = (key: string, kmsKeyId?: string): Call => ({
    action: 's3:PutObject',
    resource: key,
    context: kmsKeyId
      ? {
          's3:x-amz-server-side-encryption': 'aws:kms',
          's3:x-amz-server-side-encryption-aws-kms-key-id': kmsKeyId,
        }
      : {},
  });
  const secret = env.smtpSecretArn;
  const viaSecrets = (action: string): Call => ({
    action,
    resource: env.platformKeyArn,
    context: {
      'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
      'kms:EncryptionContext:SecretARN': secret,
    },
  });
  const ec2 = (action: string, envTag: string): Call[] => [
    {
      action: `ec2:${action}`,
      resource: `arn:aws:ec2:${region}:${ACCOUNT_ID}:vpc/vpc-0abc1234`,
      context: { 'aws:ResourceTag/environment': envTag },
    },
  ];
  const role = (suffix: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${env.prefix}-${suffix}`;
  const person: Principal = {
    arn: `arn:aws:iam::${ACCOUNT_ID}:user/alice`,
    identityPolicies: [
      {
        name: 'may-assume',
        policy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
        },
      },
    ],
  };
  const logsKey = (logGroupArn: string): Call[] => [
    {
      action: 'kms:GenerateDataKey',
      resource: env.platformKeyArn,
      context: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn },
    },
  ];
  const assume = (suffix: string, mfa: boolean): Call[] => [
    {
      action: 'sts:AssumeRole',
      resource: role(suffix),
      context: { 'aws:MultiFactorAuthPresent': mfa ? 'true' : 'false' },
    },
  ];
  const j = (
    journeyName: string,
    who: string,
    principal: Principal,
    calls: Call[],
    expect: 'Allowed' | 'Denied',
  ): Journey => ({ name: journeyName, who, principal, calls, expect });
  const sampleData = env.config.emr.generate_sample_data;

  return [
    // CI deploy: code to the lake, state, its own environment only
    j(
      'ci-deploy writes dags/ with SSE-KMS',
      'ci-deploy',
      as('deploy'),
      write('dags/lake_pipeline.py'),
      'Allowed',
    ),
    j(
      'ci-deploy writes the Spark job package to etl/',
      'ci-deploy',
      as('deploy'),
      write('etl/jobs.zip'),
      'Allowed',
    ),
    j(
      'ci-deploy cannot write data into raw/',
      'ci-deploy',
      as('deploy'),
      write('raw/orders/part-0.parquet'),
      'Denied',
    ),
    j(
      'ci-deploy cannot read curated data',
      'ci-deploy',
      as('deploy'),
      read('curated/orders/part-0.parquet'),
      'Denied',
    ),
    j(
      'ci-deploy writes its own state with the state key',
      'ci-deploy',
      as('deploy'),
      [putState(state(name), model.stateKeyArn), stateKms('kms:GenerateDataKey')],
      'Allowed',
    ),
    j(
      'ci-deploy takes and releases its own state lock',
      'ci-deploy',
      as('deploy'),
      [
        putState(`${state(name)}.tflock`, model.stateKeyArn),
        { action: 's3:DeleteObject', resource: `${state(name)}.tflock` },
      ],
      'Allowed',
    ),
    j(
      'nobody uploads state without the state key (ci-deploy, AES256)',
      'ci-deploy',
      as('deploy'),
      [putState(state(name))],
      'Denied',
    ),
    j(
      'ci-deploy cannot write another environment\u2019s state',
      'ci-deploy',
      as('deploy'),
      [putState(state(other.config.environment), model.stateKeyArn)],
      'Denied',
    ),
    j(
      'ci-deploy cannot delete another environment\u2019s VPC',
      'ci-deploy',
      as('deploy'),
      ec2('DeleteVpc', other.config.environment),
      'Denied',
    ),
    j(
      'ci-deploy deletes its own environment\u2019s VPC',
      'ci-deploy',
      as('deploy'),
      ec2('DeleteVpc', name),
      'Allowed',
    ),
    j(
      'ci-deploy updates the MWAA execution role\u2019s policy',
      'ci-deploy',
      as('deploy'),
      [{ action: 'iam:PutRolePolicy', resource: role('mwaa-execution-role') }],
      'Allowed',
    ),
    j(
      'ci-deploy cannot widen its own role',
      'ci-deploy',
      as('deploy'),
      [{ action: 'iam:PutRolePolicy', resource: role('ci-deploy') }],
      'Denied',
    ),
    j(
      'ci-deploy passes the MWAA execution role to MWAA',
      'ci-deploy',
      as('deploy'),
      [
        {
          action: 'iam:PassRole',
          resource: role('mwaa-execution-role'),
          context: { 'iam:PassedToService': 'airflow.amazonaws.com' },
        },
      ],
      'Allowed',
    ),
    j(
      'ci-deploy cannot pass a people or CI role to a service',
      'ci-deploy',
      as('deploy'),
      [
        {
          action: 'iam:PassRole',
          resource: role('platform-admin'),
          context: { 'iam:PassedToService': 'ec2.amazonaws.com' },
        },
      ],
      'Denied',
    ),
    j(
      'ci-deploy cannot change who may assume platform-admin',
      'ci-deploy',
      as('deploy'),
      [{ action: 'iam:UpdateAssumeRolePolicy', resource: role('platform-admin') }],
      'Denied',
    ),
    j(
      'ci-deploy cannot read the SMTP secret',
      'ci-deploy',
      as('deploy'),
      [{ action: 'secretsmanager:GetSecretValue', resource: secret }],
      'Denied',
    ),
    // CI plan: read-only, its own state only
    j(
      'ci-plan reads its own state',
      'ci-plan',
      as('plan'),
      [{ action: 's3:GetObject', resource: state(name) }, stateKms('kms:Decrypt')],
      'Allowed',
    ),
    j(
      'ci-plan cannot write state',
      'ci-plan',
      as('plan'),
      [putState(state(name), model.stateKeyArn)],
      'Denied',
    ),
    j(
      'ci-plan cannot read another environment\u2019s state',
      'ci-plan',
      as('plan'),
      [{ action: 's3:GetObject', resource: state(other.config.environment) }],
      'Denied',
    ),
    j(
      'ci-plan reads the MWAA requirements object',
      'ci-plan',
      as('plan'),
      read('dags/requirements.txt'),
      'Allowed',
    ),
    j('ci-plan cannot read raw data', 'ci-plan', as('plan'), read('raw/orders/part-0.parquet'), 'Denied'),
    j('ci-plan cannot write dags/', 'ci-plan', as('plan'), write('dags/lake_pipeline.py'), 'Denied'),
    // MWAA
    j(
      'MWAA reads dags/ and decrypts',
      'MWAA execution role',
      as('mwaa'),
      read('dags/lake_pipeline.py'),
      'Allowed',
    ),
    j(
      'MWAA cannot read raw data',
      'MWAA execution role',
      as('mwaa'),
      read('raw/orders/part-0.parquet'),
      'Denied',
    ),
    j(
      'MWAA reads the SMTP secret',
      'MWAA execution role',
      as('mwaa'),
      [{ action: 'secretsmanager:GetSecretValue', resource: secret }, viaSecrets('kms:Decrypt')],
      'Allowed',
    ),
    j(
      'MWAA starts a cluster tagged for its environment',
      'MWAA execution role',
      as('mwaa'),
      [
        ...runJobFlow(ownTags),
        {
          action: 'elasticmapreduce:AddTags',
          resource: clusterArn,
          context: { 'aws:RequestTag/platform-environment': name, 'aws:TagKeys': Object.keys(ownTags) },
        },
      ],
      'Allowed',
    ),
    j(
      'MWAA cannot RunJobFlow without its platform-environment tag',
      'MWAA execution role',
      as('mwaa'),
      runJobFlow({ project: env.config.project }),
      'Denied',
    ),
    j(
      'MWAA cannot RunJobFlow tagged for another environment',
      'MWAA execution role',
      as('mwaa'),
      runJobFlow({ ...ownTags, 'platform-environment': other.config.environment }),
      'Denied',
    ),
    j(
      'MWAA cannot RunJobFlow with a tag key outside the platform\u2019s list',
      'MWAA execution role',
      as('mwaa'),
      runJobFlow({ ...ownTags, 'team-override': 'x' }),
      'Denied',
    ),
    j(
      'MWAA adds steps to its own environment\u2019s cluster',
      'MWAA execution role',
      as('mwaa'),
      emr('AddJobFlowSteps', cluster(name)),
      'Allowed',
    ),
    j(
      'MWAA follows, cancels and terminates its own clusters',
      'MWAA execution role',
      as('mwaa'),
      ['DescribeCluster', 'DescribeStep', 'ListSteps', 'CancelSteps', 'TerminateJobFlows'].flatMap((a) =>
        emr(a, cluster(name)),
      ),
      'Allowed',
    ),
    j(
      'MWAA cannot AddJobFlowSteps on another environment\u2019s cluster',
      'MWAA execution role',
      as('mwaa'),
      emr('AddJobFlowSteps', cluster(other.config.environment)),
      'Denied',
    ),
    j(
      'MWAA cannot re-tag another environment\u2019s cluster as its own',
      'MWAA execution role',
      as('mwaa'),
      emr('AddTags', {
        ...cluster(other.config.environment),
        'aws:RequestTag/platform-environment': name,
        'aws:TagKeys': ['platform-environment'],
      }),
      'Denied',
    ),
    j(
      'MWAA cannot untag another environment\u2019s cluster',
      'MWAA execution role',
      as('mwaa'),
      emr('RemoveTags', { ...cluster(other.config.environment), 'aws:TagKeys': ['platform-environment'] }),
      'Denied',
    ),
    j(
      'MWAA cannot remove the environment tag of its own cluster',
      'MWAA execution role',
      as('mwaa'),
      emr('RemoveTags', { ...cluster(name), 'aws:TagKeys': ['platform-environment'] }),
      'Denied',
    ),
    j(
      'MWAA cannot terminate another environment\u2019s cluster',
      'MWAA execution role',
      as('mwaa'),
      emr('TerminateJobFlows', cluster(other.config.environment)),
      'Denied',
    ),
    // EMR nodes
    j('EMR nodes read raw/', 'EMR EC2 role', as('emrEc2'), read('raw/orders/part-0.parquet'), 'Allowed'),
    j(
      'EMR nodes write staging/',
      'EMR EC2 role',
      as('emrEc2'),
      write('staging/orders/part-0.parquet'),
      'Allowed',
    ),
    j(
      'EMR nodes write curated/',
      'EMR EC2 role',
      as('emrEc2'),
      write('curated/orders/part-0.parquet'),
      'Allowed',
    ),
    j(
      'EMR nodes write quarantine/',
      'EMR EC2 role',
      as('emrEc2'),
      write('quarantine/orders/part-0.parquet'),
      'Allowed',
    ),
    j(
      'EMR nodes delete in raw/ only where they generate sample data',
      'EMR EC2 role',
      as('emrEc2'),
      [{ action: 's3:DeleteObject', resource: `${lake}/raw/orders/part-0.parquet` }],
      sampleData ? 'Allowed' : 'Denied',
    ),
    // People
    j(
      'data engineer lands a raw object',
      'data-engineer',
      as('engineer'),
      write('raw/orders/ingest_date=2026-12-01/orders.csv'),
      'Allowed',
    ),
    j(
      'data engineer reads curated/ and quarantine/',
      'data-engineer',
      as('engineer'),
      [...read('curated/orders/part-0.parquet'), ...read('quarantine/orders/part-0.parquet')],
      'Allowed',
    ),
    j(
      'data engineer cannot overwrite curated/',
      'data-engineer',
      as('engineer'),
      write('curated/orders/part-0.parquet'),
      'Denied',
    ),
    j(
      'data engineer reads EMR step logs',
      'data-engineer',
      as('engineer'),
      [
        ...read('logs/emr/j-2AXXXXXXGAPLF/steps/s-1/stderr.gz'),
        ...read(
          'logs/emr/j-2AXXXXXXGAPLF/containers/application_1_0001/container_1_0001_01_000001/stderr.gz',
        ),
      ],
      'Allowed',
    ),
    j(
      'data engineer opens the Airflow UI (User) and triggers DAGs',
      'data-engineer',
      as('engineer'),
      [
        {
          action: 'airflow:CreateWebLoginToken',
          resource: `arn:aws:airflow:${region}:${ACCOUNT_ID}:role/${env.mwaaName}/User`,
        },
        {
          action: 'airflow:CreateCliToken',
          resource: `arn:aws:airflow:${region}:${ACCOUNT_ID}:environment/${env.mwaaName}`,
        },
      ],
      'Allowed',
    ),
    j(
      'data engineer cannot open the Airflow UI as Admin',
      'data-engineer',
      as('engineer'),
      [
        {
          action: 'airflow:CreateWebLoginToken',
          resource: `arn:aws:airflow:${region}:${ACCOUNT_ID}:role/${env.mwaaName}/Admin`,
        },
      ],
      'Denied',
    ),
    j(
      'data engineer cannot read the SMTP secret',
      'data-engineer',
      as('engineer'),
      [{ action: 'secretsmanager:GetSecretValue', resource: secret }],
      'Denied',
    ),
    j(
      'data engineer cannot add steps to another environment\u2019s cluster',
      'data-engineer',
      as('engineer'),
      emr('AddJobFlowSteps', cluster(other.config.environment)),
      'Denied',
    ),
    j('analyst reads curated/', 'analyst', as('analyst'), read('curated/orders/part-0.parquet'), 'Allowed'),
    j('analyst is denied raw/', 'analyst', as('analyst'), read('raw/orders/part-0.parquet'), 'Denied'),
    j(
      'analyst is denied staging/',
      'analyst',
      as('analyst'),
      read('staging/orders/part-0.parquet'),
      'Denied',
    ),
    j(
      'analyst cannot write curated/',
      'analyst',
      as('analyst'),
      write('curated/orders/part-0.parquet'),
      'Denied',
    ),
    j(
      'analyst cannot open the Airflow UI',
      'analyst',
      as('analyst'),
      [
        {
          action: 'airflow:CreateWebLoginToken',
          resource: `arn:aws:airflow:${region}:${ACCOUNT_ID}:role/${env.mwaaName}/User`,
        },
      ],
      'Denied',
    ),
    j(
      'platform admin sets the SMTP secret',
      'platform-admin',
      as('admin'),
      [{ action: 'secretsmanager:PutSecretValue', resource: secret }, viaSecrets('kms:GenerateDataKey')],
      'Allowed',
    ),
    j(
      'platform admin cannot read the SMTP secret',
      'platform-admin',
      as('admin'),
      [{ action: 'secretsmanager:GetSecretValue', resource: secret }],
      'Denied',
    ),
    j(
      'platform admin opens the Airflow UI as Admin',
      'platform-admin',
      as('admin'),
      [
        {
          action: 'airflow:CreateWebLoginToken',
          resource: `arn:aws:airflow:${region}:${ACCOUNT_ID}:role/${env.mwaaName}/Admin`,
        },
      ],
      'Allowed',
    ),
    j(
      'platform admin terminates its environment\u2019s cluster',
      'platform-admin',
      as('admin'),
      emr('TerminateJobFlows', cluster(name)),
      'Allowed',
    ),
    j(
      'an account user with MFA assumes data-engineer',
      'IAM user (MFA)',
      person,
      assume('data-engineer', true),
      'Allowed',
    ),
    j(
      'an account user without MFA cannot assume data-engineer',
      'IAM user (no MFA)',
      person,
      assume('data-engineer', false),
      'Denied',
    ),
    // Services
    j(
      'CloudWatch Logs encrypts the EMR state-change log group with the platform key',
      'CloudWatch Logs',
      { arn: `logs.${region}.amazonaws.com` },
      logsKey(env.emrEventLogGroupArn),
      'Allowed',
    ),
    j(
      'CloudWatch Logs cannot use the key for another environment\u2019s log group',
      'CloudWatch Logs',
      { arn: `logs.${region}.amazonaws.com` },
      logsKey(other.emrEventLogGroupArn),
      'Denied',
    ),
    j(
      'CloudWatch alarms publish to the encrypted alert topic',
      'CloudWatch',
      { arn: 'cloudwatch.amazonaws.com' },
      [
        { action: 'sns:Publish', resource: env.alertsTopicArn, context: { 'aws:SourceAccount': ACCOUNT_ID } },
        {
          action: 'kms:GenerateDataKey',
          resource: env.platformKeyArn,
          context: {
            'aws:SourceAccount': ACCOUNT_ID,
            'kms:EncryptionContext:aws:sns:topicArn': env.alertsTopicArn,
          },
        },
      ],
      'Allowed',
    ),
  ];
}

/** Every environment's journeys, each paired with a different environment of the same account. */
export function allJourneys(model: PlatformModel): { env: string; journey: Journey }[] {
  const names = Object.keys(model.environments);
  return names.flatMap((name, i) => {
    const other = model.environments[names[(i + 1) % names.length]!]!;
    return journeysFor(model, model.environments[name]!, other).map((journey) => ({ env: name, journey }));
  });
}
