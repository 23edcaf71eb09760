import { readFile, readdir } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { derivedNameProblems } from './aws-names';
import { formatPath, lineOf, setsKey } from './locate';
import {
  ROOT_KEYS,
  SECTION_SCHEMAS,
  backendSchema,
  environmentSchema,
  type BackendConfig,
  type EnvironmentConfig,
} from './schema';

/** One thing wrong with one input file, located as precisely as the input allows. */
export interface Problem {
  readonly file: string;
  readonly line?: number;
  readonly key?: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(problem: Problem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  return `${where}: ${problem.key ? `${problem.key}: ` : ''}${problem.message}`;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

async function readHcl(
  file: string,
  display: string,
): Promise<Parsed<{ data: Record<string, unknown>; source: string }>> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    return {
      ok: false,
      problems: [{ file: display, message: `cannot read the file (${(error as Error).message})` }],
    };
  }
  try {
    const data = (await parseHcl(basename(file), source)) as Record<string, unknown>;
    return { ok: true, value: { data, source } };
  } catch (error) {
    // hcl2json reports "<name>:<line>,<col>-<col>: <summary>; <detail>"
    const text = String((error as Error).message ?? error);
    const match = /:(\d+),\d+(?:-\d+(?:,\d+)?)?: (.+?)(?= [^\s:]+:\d+,\d+|\]|$)/.exec(text);
    return {
      ok: false,
      problems: [
        {
          file: display,
          line: match ? Number(match[1]) : undefined,
          message: `HCL syntax error: ${match ? match[2]!.trim().replace(/\.$/, '') : text}. Fix the syntax; tfvars files hold only \`key = value\` lines.`,
        },
      ],
    };
  }
}

/** tfvars files are data: an interpolation would be passed through as text and never evaluated. */
function interpolationProblems(
  value: unknown,
  path: PropertyKey[],
  display: string,
  source: string,
): Problem[] {
  if (typeof value === 'string' && value.includes('${')) {
    return [
      {
        file: display,
        line: lineOf(source, path),
        key: formatPath(path),
        message: `"${value}" is an expression; environment files take literal values only`,
      },
    ];
  }
  if (Array.isArray(value))
    return value.flatMap((item, i) => interpolationProblems(item, [...path, i], display, source));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      interpolationProblems(item, [...path, key], display, source),
    );
  }
  return [];
}

function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return ROOT_KEYS;
  const section = SECTION_SCHEMAS[path[0] as keyof typeof SECTION_SCHEMAS];
  return path.length === 1 && section ? Object.keys(section.shape) : [];
}

function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string }[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(issue.path);
    return issue.keys.map((key) => {
      const guess = known.length ? closest(key, [...known]) : undefined;
      const hint =
        guess && distance(key, guess) <= Math.max(2, Math.floor(key.length / 3))
          ? ` Did you mean "${guess}"?`
          : '';
      return {
        path: [...issue.path, key],
        message: `unknown key.${hint} Known keys here: ${known.join(', ')}`,
      };
    });
  }
  if (issue.code === 'invalid_type') {
    const expected = EXPECTED[issue.expected] ?? issue.expected;
    if (issue.input === undefined) {
      return [{ path: issue.path, message: `required key is missing (expected ${expected})` }];
    }
    const quoted = typeof issue.input === 'string' && /^-?\d+(\.\d+)?$|^(true|false)$/.test(issue.input);
    return [
      {
        path: issue.path,
        message: `expected ${expected}, found ${describeValue(issue.input)}${quoted ? '; write it without quotes' : ''}`,
      },
    ];
  }
  const allowed = allowedValues(issue);
  if (allowed) {
    const shown = allowed.map(String);
    const guess = typeof issue.input === 'string' ? closest(issue.input, shown) : undefined;
    const hint =
      guess && typeof issue.input === 'string' && distance(issue.input, guess) <= 3
        ? ` Did you mean "${guess}"?`
        : '';
    return [
      {
        path: issue.path,
        message: `${JSON.stringify(issue.input)} is not allowed.${hint} Allowed values: ${shown.join(', ')}`,
      },
    ];
  }
  return [{ path: issue.path, message: issue.message }];
}

/** zod's type names as an environment-file author reads them. */
const EXPECTED: Record<string, string> = {
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  string: 'a quoted string',
  array: 'a list like ["a", "b"]',
  object: 'a block like { key = value }',
  record: 'a map like { key = "value" }',
};

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `a list (${JSON.stringify(value)})`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a block';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The allowed values of an enumeration issue, also when zod reports it as a union of literals. */
function allowedValues(issue: z.core.$ZodIssue): readonly unknown[] | undefined {
  if (issue.code === 'invalid_value') return issue.values;
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branches = issue.errors.map((branch) => (branch.length === 1 ? branch[0] : undefined));
    if (branches.every((b) => b?.code === 'invalid_value')) {
      return branches.flatMap((b) => (b?.code === 'invalid_value' ? b.values : []));
    }
  }
  return undefined;
}

/** One message per key: a key of the wrong type gets no follow-up complaints about its contents. */
function firstPerWrongType(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const wrongType = new Set(issues.filter((i) => i.code === 'invalid_type').map((i) => formatPath(i.path)));
  return issues.filter((i) => i.code === 'invalid_type' || !wrongType.has(formatPath(i.path)));
}

function validate<T>(schema: z.ZodType<T>, data: unknown, source: string, display: string): Parsed<T> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const problems = firstPerWrongType(result.error.issues)
    .flatMap(describeIssue)
    .map(({ path, message }) => ({
      file: display,
      line: lineOf(source, path),
      key: path.length ? formatPath(path) : undefined,
      message,
    }));
  return { ok: false, problems };
}

async function loadFile<T>(file: string, schema: z.ZodType<T>, cwd: string): Promise<Parsed<T>> {
  const display = relative(cwd, file) || file;
  const read = await readHcl(file, display);
  if (!read.ok) return read;
  const { data, source } = read.value;
  const literalProblems = interpolationProblems(data, [], display, source);
  if (literalProblems.length) return { ok: false, problems: literalProblems };
  return validate(schema, data, source, display);
}

export async function loadEnvironmentFile(
  file: string,
  cwd = process.cwd(),
): Promise<Parsed<EnvironmentConfig>> {
  const parsed = await loadFile(file, environmentSchema, cwd);
  if (!parsed.ok) return parsed;
  const expected = basename(file).replace(/\.tfvars$/, '');
  const display = relative(cwd, file) || file;
  const source = await readFile(file, 'utf8');
  const names = derivedNameProblems(parsed.value, (key) => setsKey(source, key.split('.')));
  if (names.length) {
    return {
      ok: false,
      problems: names.map(({ key, message }) => ({
        file: display,
        line: lineOf(source, key.split('.')),
        key,
        message,
      })),
    };
  }
  if (parsed.value.environment !== expected) {
    return {
      ok: false,
      problems: [
        {
          file: display,
          line: lineOf(source, ['environment']),
          key: 'environment',
          message: `is "${parsed.value.environment}" but the file is named ${basename(file)}; they must match (stack platform-${expected})`,
        },
      ],
    };
  }
  return { ok: true, value: Object.freeze(parsed.value) };
}

export async function loadBackendFile(file: string, cwd = process.cwd()): Promise<Parsed<BackendConfig>> {
  return loadFile(file, backendSchema, cwd);
}

export interface PlatformInputs {
  readonly backend: BackendConfig;
  readonly environments: readonly EnvironmentConfig[];
}

/**
 * Loads `backend.hcl` and the selected `<name>.tfvars` files from a directory, collecting every
 * problem of every file before failing, so one run shows everything there is to fix.
 */
export async function loadPlatformInputs(
  dir: string,
  only?: readonly string[],
  cwd = process.cwd(),
): Promise<PlatformInputs> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([
      {
        file: dir || '(empty path)',
        message: `cannot read the environments directory (${code}); run from the repository root or set PLATFORM_ENV_DIR`,
      },
    ]);
  }
  const available = entries
    .filter((name) => name.endsWith('.tfvars'))
    .map((name) => name.replace(/\.tfvars$/, ''))
    .sort();
  const problems: Problem[] = [];
  const selected = only?.length ? [...only] : available;
  for (const name of selected) {
    if (!available.includes(name)) {
      const guess = available.length ? closest(name, available) : undefined;
      problems.push({
        file: relative(cwd, join(dir, `${name}.tfvars`)),
        key: 'PLATFORM_ENVS',
        message: `no such environment file.${guess ? ` Did you mean "${guess}"?` : ''} Available: ${available.join(', ') || 'none'}`,
      });
    }
  }
  if (available.length === 0) {
    problems.push({
      file: relative(cwd, dir) || dir,
      message: 'no <name>.tfvars environment files found; copy environments/dev.tfvars to start',
    });
  }

  const backend = await loadBackendFile(join(dir, 'backend.hcl'), cwd);
  if (!backend.ok) problems.push(...backend.problems);
  const environments: EnvironmentConfig[] = [];
  for (const name of selected.filter((n) => available.includes(n))) {
    const loaded = await loadEnvironmentFile(join(dir, `${name}.tfvars`), cwd);
    if (loaded.ok) environments.push(loaded.value);
    else problems.push(...loaded.problems);
  }
  if (problems.length || !backend.ok) throw new ConfigError(problems);
  return Object.freeze({ backend: backend.value, environments });
}
