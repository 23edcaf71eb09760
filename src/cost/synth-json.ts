import { readFileSync } from 'node:fs';

/**
 * Reading a synthesized `cdk.tf.json`: resources by type and the `${type.name.attr}` references
 * between them. Shared by the cost report and the architecture diagram, which both work from what
 * Terraform will apply rather than from a hand-kept list.
 */

export type ResourceBody = Record<string, unknown>;

export interface StackJson {
  resource?: Record<string, Record<string, ResourceBody>>;
  provider?: Record<string, Record<string, unknown>[]>;
}

export interface SynthResource {
  readonly type: string;
  readonly name: string;
  /** `type.name`, as Terraform addresses it. */
  readonly address: string;
  readonly body: ResourceBody;
}

export function readStackJson(file: string): StackJson {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`cannot read ${file}; run \`npx cdktf synth\` first (or pass the directory it wrote)`);
  }
  return JSON.parse(text) as StackJson;
}

export function resourcesOf(stack: StackJson): SynthResource[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({ type, name, address: `${type}.${name}`, body })),
  );
}

export function resourcesOfType(stack: StackJson, type: string): SynthResource[] {
  return resourcesOf(stack).filter((resource) => resource.type === type);
}

/** The region of the stack's default AWS provider (the one without an alias). */
export function stackRegion(stack: StackJson): string | undefined {
  const providers = stack.provider?.aws ?? [];
  const main = providers.find((provider) => !provider.alias) ?? providers[0];
  return typeof main?.region === 'string' ? main.region : undefined;
}

/** The construct path below the stack (`nat/nat-0`), or the logical name when there is none. */
export function constructPath(resource: SynthResource): string {
  const metadata = (resource.body['//'] as { metadata?: { path?: string } } | undefined)?.metadata;
  const path = metadata?.path;
  return path ? path.split('/').slice(1).join('/') : resource.name;
}

export interface Reference {
  /** Address of the referenced resource. */
  readonly target: string;
  /** Top-level attribute of the referencing resource that holds it (`subnet_ids`, `role`, ...). */
  readonly attribute: string;
}

const REFERENCE = /\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_.[\]*]+\}/g;

/** Resources a resource references, by attribute; `//` metadata and `depends_on` are ignored. */
export function referencesOf(resource: SynthResource): Reference[] {
  const found = new Map<string, Reference>();
  for (const [attribute, value] of Object.entries(resource.body)) {
    if (attribute === '//' || attribute === 'depends_on') continue;
    for (const match of JSON.stringify(value).matchAll(REFERENCE)) {
      const target = `${match[1]}.${match[2]}`;
      if (target !== resource.address && !found.has(`${attribute}|${target}`)) {
        found.set(`${attribute}|${target}`, { target, attribute });
      }
    }
  }
  return [...found.values()];
}

/** Counts the elements of a list attribute, whether written as a list or one token. */
export function listLength(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return value === undefined || value === null ? 0 : 1;
}
