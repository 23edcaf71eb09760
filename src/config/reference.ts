/**
 * docs/environment-reference.md, generated from the zod schemas: every key of an environment file
 * (and of backend.hcl) with its type, default, allowed values and the one-line meaning its
 * `.describe()` gives. Pure: schemas in, Markdown out, so `npm run env-reference -- --check` can
 * compare it with the committed file.
 */
import type { z } from 'zod';

export interface ReferenceRow {
  readonly key: string;
  readonly type: string;
  readonly default: string;
  readonly allowed: string;
  readonly meaning: string;
}

export class MissingDescriptionError extends Error {
  constructor(readonly keys: readonly string[]) {
    super(
      `${keys.length} environment-file key${keys.length === 1 ? ' has' : 's have'} no description: ${keys.join(', ')}. ` +
        "Add .describe('one-line meaning') to each in its zod schema (src/config/schema.ts, src/cost/assumptions.ts).",
    );
    this.name = 'MissingDescriptionError';
  }
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  element?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  in?: z.ZodType;
};
const defOf = (schema: z.ZodType) => (schema as unknown as { def: Def }).def;

interface Unwrapped {
  readonly core: z.ZodType;
  readonly description?: string;
  readonly defaultValue?: unknown;
  readonly optional: boolean;
}

/** Looks through default/prefault/optional/pipe wrappers, keeping the outermost description. */
function unwrap(schema: z.ZodType): Unwrapped {
  let core = schema;
  let description: string | undefined;
  let defaultValue: unknown;
  let optional = false;
  for (;;) {
    description ??= core.description;
    const def = defOf(core);
    if (def.type === 'default' || def.type === 'prefault') {
      if (defaultValue === undefined) defaultValue = def.defaultValue;
      core = def.innerType!;
    } else if (def.type === 'optional') {
      optional = true;
      core = def.innerType!;
    } else if (def.type === 'pipe') {
      core = def.in!;
    } else {
      return { core, description, defaultValue, optional };
    }
  }
}

function typeName(core: z.ZodType): string {
  const def = defOf(core);
  const bag = core as unknown as { format?: string; minValue?: number; maxValue?: number };
  switch (def.type) {
    case 'number': {
      const kind = bag.format === 'safeint' ? 'integer' : 'number';
      const finite = (n?: number) =>
        n !== undefined && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER;
      if (finite(bag.minValue) && finite(bag.maxValue)) return `${kind} ${bag.minValue}–${bag.maxValue}`;
      return kind;
    }
    case 'string':
      return bag.format && bag.format !== 'regex' ? `string (${bag.format})` : 'string';
    case 'array':
      return `list of ${typeName(unwrap(def.element!).core)}`;
    case 'record':
      return `map of ${typeName(unwrap(def.valueType!).core)}`;
    case 'object':
      return 'block';
    default:
      return def.type;
  }
}

function allowedValues(core: z.ZodType): string {
  const def = defOf(core);
  if (def.type === 'enum')
    return Object.values(def.entries!)
      .map((v) => `\`${v}\``)
      .join(', ');
  if (def.type === 'literal') return def.values!.map((v) => `\`${String(v)}\``).join(', ');
  if (def.type === 'array') return allowedValues(unwrap(def.element!).core);
  return '';
}

function formatDefault(value: unknown, optional: boolean): string {
  if (value === undefined) return optional ? '(unset)' : '(required)';
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length === 0 &&
    !Array.isArray(value)
  ) {
    return '`{}`';
  }
  return `\`${JSON.stringify(value)}\``;
}

/** Rows for every key of an object schema, sections flattened to `section.key`. */
export function referenceRows(
  shape: Record<string, z.ZodType>,
  prefix = '',
  blockDefault: Record<string, unknown> = {},
): {
  rows: ReferenceRow[];
  missing: string[];
} {
  const rows: ReferenceRow[] = [];
  const missing: string[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const key = `${prefix}${name}`;
    const { core, description, optional, ...own } = unwrap(schema);
    // A block's own default (e.g. a storage mix) overrides the defaults of its keys.
    const defaultValue = blockDefault[name] ?? own.defaultValue;
    if (!description) missing.push(key);
    const def = defOf(core);
    if (def.type === 'object') {
      rows.push({ key, type: 'block', default: '', allowed: '', meaning: description ?? '' });
      const nested = referenceRows(def.shape!, `${key}.`, (defaultValue ?? {}) as Record<string, unknown>);
      rows.push(...nested.rows);
      missing.push(...nested.missing);
      continue;
    }
    rows.push({
      key,
      type: typeName(core),
      default: formatDefault(defaultValue, optional),
      allowed: allowedValues(core),
      meaning: description ?? '',
    });
  }
  return { rows, missing };
}

/** Table-safe text: `|` escaped everywhere, `<` `>` outside code spans (they would read as HTML). */
function escapeCell(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 0 ? part.replace(/[<>]/g, '\\$&') : part).replace(/\|/g, '\\|'))
    .join('`');
}

function table(rows: readonly ReferenceRow[]): string {
  const lines = ['| key | type | default | allowed values | meaning |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const key = row.type === 'block' ? `**\`${row.key}\`**` : `\`${row.key}\``;
    lines.push(
      `| ${key} | ${row.type} | ${row.default} | ${escapeCell(row.allowed)} | ${escapeCell(row.meaning)} |`,
    );
  }
  return lines.join('\n');
}

/** The whole reference page; throws MissingDescriptionError listing every undocumented key. */
export function environmentReference(
  environmentShape: Record<string, z.ZodType>,
  backendShape: Record<string, z.ZodType>,
): string {
  const environment = referenceRows(environmentShape);
  const backend = referenceRows(backendShape);
  const missing = [...environment.missing, ...backend.missing.map((key) => `backend.hcl: ${key}`)];
  if (missing.length) throw new MissingDescriptionError(missing);
  const leafCount = environment.rows.filter((row) => row.type !== 'block').length;
  return [
    '# Environment file reference',
    '',
    '<!-- Generated by `npm run env-reference` from src/config/schema.ts and src/cost/assumptions.ts; do not edit by hand. -->',
    '',
    'Every key an `environments/<name>.tfvars` file accepts (HCL tfvars syntax: `key = value`, and',
    '`section = { key = value }` for the blocks). A file states only what differs from the defaults.',
    'Keys follow terraform-aws-modules/vpc where a name exists there. Cross-key rules (subnets inside',
    '`vpc_cidr`, worker counts per MWAA class, ...) are listed in [troubleshooting](troubleshooting.md)',
    'and reported with file, line and key by `npm run synth`.',
    '',
    `## Environment files (${leafCount} keys)`,
    '',
    table(environment.rows),
    '',
    '## `environments/backend.hcl`',
    '',
    'Where Terraform state lives, shared by every environment (applied first, by the `state-backend` stack).',
    '',
    table(backend.rows),
    '',
  ].join('\n');
}
