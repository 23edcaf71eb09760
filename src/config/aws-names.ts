/**
 * AWS names the platform derives from an environment file, checked against AWS's naming rules before
 * anything is synthesized: a name AWS refuses would otherwise surface only at apply time, half-way
 * through creating an environment.
 */
import { accessRoleNames } from '../constructs/access-roles';
import { platformRoleNames } from '../constructs/iam-roles';

/** Account ids are 12 digits; the real one is known only at apply time. */
const ACCOUNT_ID_PLACEHOLDER = '123456789012';

type NameKind = 'S3 bucket' | 'IAM role' | 'IAM instance profile' | 'MWAA environment';

export interface DerivedName {
  readonly kind: NameKind;
  readonly name: string;
  /** The environment-file keys that make up the name, most specific first. */
  readonly from: readonly string[];
  /** How to fix a name AWS refuses. */
  readonly fix: string;
}

interface NamingInput {
  readonly project: string;
  readonly environment: string;
  readonly lake: { readonly bucket_prefix: string };
  /** CI roles exist only with a GitHub repository. */
  readonly access?: { readonly github_repository?: string };
}

/** Every name the platform stack gives a resource whose name AWS restricts (pinned against synth by a test). */
export function derivedNames(config: NamingInput): DerivedName[] {
  const prefix = `${config.project}-${config.environment}`;
  const bucket = {
    kind: 'S3 bucket',
    from: ['lake.bucket_prefix', 'project', 'environment'],
    fix: 'set a shorter lake.bucket_prefix (by default <project>-<environment>)',
  } as const;
  const prefixed = { from: ['project', 'environment'], fix: 'shorten project or environment' };
  const { ciPlan, ciDeploy, ...people } = accessRoleNames(prefix);
  const accessRoles = [
    ...Object.values(people),
    ...(config.access?.github_repository ? [ciPlan, ciDeploy] : []),
  ];
  return [
    { ...bucket, name: `${config.lake.bucket_prefix}-lake-${ACCOUNT_ID_PLACEHOLDER}` },
    { ...bucket, name: `${config.lake.bucket_prefix}-access-logs-${ACCOUNT_ID_PLACEHOLDER}` },
    { ...prefixed, kind: 'MWAA environment', name: `${prefix}-airflow` },
    ...[...Object.values(platformRoleNames(prefix)), ...accessRoles].map((name) => ({
      ...prefixed,
      kind: name.endsWith('-profile') ? ('IAM instance profile' as const) : ('IAM role' as const),
      name,
    })),
  ];
}

const RULES: Record<NameKind, { max: number; pattern: RegExp; allowed: string }> = {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
  'S3 bucket': {
    max: 63,
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    allowed: 'lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
  },
  'IAM role': { max: 64, pattern: /^[\w+=,.@-]+$/, allowed: 'letters, digits and + = , . @ _ -' },
  'IAM instance profile': {
    max: 128,
    pattern: /^[\w+=,.@-]+$/,
    allowed: 'letters, digits and + = , . @ _ -',
  },
  'MWAA environment': {
    max: 80,
    pattern: /^[a-zA-Z][0-9a-zA-Z_-]*$/,
    allowed: 'letters, digits, _ and -, starting with a letter',
  },
};

const S3_RESERVED = [
  { test: (name: string) => name.startsWith('xn--'), rule: 'must not start with "xn--"' },
  { test: (name: string) => name.startsWith('sthree-'), rule: 'must not start with "sthree-"' },
  { test: (name: string) => name.endsWith('-s3alias'), rule: 'must not end with "-s3alias"' },
  { test: (name: string) => name.endsWith('--ol-s3'), rule: 'must not end with "--ol-s3"' },
  { test: (name: string) => name.includes('..'), rule: 'must not contain ".."' },
];

/** What AWS would refuse about one name, or undefined when it is valid. */
export function awsNameProblem(kind: NameKind, name: string): string | undefined {
  const rule = RULES[kind];
  const problems: string[] = [];
  if (name.length > rule.max) problems.push(`is ${name.length} characters, AWS allows ${rule.max}`);
  if (!rule.pattern.test(name)) problems.push(`may only use ${rule.allowed}`);
  if (kind === 'S3 bucket') {
    for (const reserved of S3_RESERVED) if (reserved.test(name)) problems.push(reserved.rule);
  }
  return problems.length ? problems.join('; ') : undefined;
}

/** Problems of every derived name, each pointing at the first key it is made from that the file sets. */
export function derivedNameProblems(
  config: NamingInput,
  keysInFile: (key: string) => boolean,
): { key: string; message: string }[] {
  return derivedNames(config).flatMap(({ kind, name, from, fix }) => {
    const problem = awsNameProblem(kind, name);
    if (!problem) return [];
    const key = from.find(keysInFile) ?? from[from.length - 1]!;
    return [{ key, message: `makes the ${kind} name "${name}", which ${problem}; ${fix}` }];
  });
}
