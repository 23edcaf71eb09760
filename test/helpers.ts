import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendSchema, environmentSchema, type BackendConfig, type EnvironmentConfig } from '../src/config';
import { buildApp } from '../src/app';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from '../src/lib/tf';
import { PlatformStack } from '../src/stacks/platform-stack';

/** A synthesized stack: the parsed cdk.tf.json. */
export interface SynthJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
  terraform: Record<string, unknown>;
  provider: Record<string, Record<string, unknown>[]>;
}

export function configFor(input: Record<string, unknown> = {}): EnvironmentConfig {
  return environmentSchema.parse({ environment: 'dev', ...input });
}

export const BACKEND: BackendConfig = backendSchema.parse({ bucket: 'test-tfstate-bucket' });

/** Like the cdk.tf.json `cdktf synth` writes, metadata (construct paths, checkov skips) included. */
export function synth(stack: TerraformStack): SynthJson {
  Testing.synth(stack); // runs the stack's aspects (e.g. address tags), as `cdktf synth` does
  stack.runAllValidations();
  return JSON.parse(JSON.stringify(stack.toTerraform())) as SynthJson;
}

export function synthPlatform(input: Record<string, unknown> = {}): SynthJson {
  const app = Testing.app();
  return synth(
    new PlatformStack(app, 'platform-test', {
      config: configFor(input),
      backend: BACKEND,
      mwaaRequirements: 'boto3\n',
    }),
  );
}

/** Synthesizes every stack of the app for the given configs and returns them by stack name. */
export function synthAll(configs: EnvironmentConfig[]): Record<string, SynthJson> {
  const app = buildApp(
    { backend: BACKEND, environments: configs },
    { outdir: mkdtempSync(join(tmpdir(), 'synth-')) },
  );
  return Object.fromEntries(
    app.node.children.map((stack) => [stack.node.id, synth(stack as TerraformStack)]),
  );
}

/** Resources of one type, keyed by logical id. */
export function resources(json: SynthJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

export function resourceList(json: SynthJson, type: string): Record<string, unknown>[] {
  return Object.values(resources(json, type));
}

/** Finds the one resource of a type whose construct path ends with the given suffix. */
export function byPath(json: SynthJson, type: string, pathSuffix: string): Record<string, unknown> {
  const matches = resourceList(json, type).filter((r) =>
    String((r['//'] as { metadata: { path: string } }).metadata.path).endsWith(pathSuffix),
  );
  if (matches.length !== 1)
    throw new Error(`expected one ${type} at */${pathSuffix}, found ${matches.length}`);
  return matches[0]!;
}

/** The `${type.logicalId.attr}` reference Terraform will see for a resource found by path. */
export function refTo(json: SynthJson, type: string, pathSuffix: string, attr = 'id'): string {
  const entry = Object.entries(resources(json, type)).find(([, r]) =>
    String((r['//'] as { metadata: { path: string } }).metadata.path).endsWith(pathSuffix),
  );
  if (!entry) throw new Error(`no ${type} at */${pathSuffix}`);
  return `\${${type}.${entry[0]}.${attr}}`;
}

/** Writes files into a fresh directory and returns its path. */
export function fixtureDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'envs-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

export const VALID_BACKEND_HCL = 'bucket = "test-tfstate-bucket"\nregion = "eu-north-1"\n';
export const VALID_DEV_TFVARS = 'environment = "dev"\nregion = "eu-north-1"\n';

/**
 * Parses a JSON document attribute (policy, configuration, event pattern) as synthesized: either a
 * JSON string or cdktf's `${jsonencode({...})}` rendering (HCL object syntax). Bare references in
 * the latter come back as `${ref}` strings, as they read in a JSON string.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function decodeJson(value: unknown): any {
  const text = String(value);
  const match = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(text);
  if (!match) return JSON.parse(text);
  const json = match[1]!
    .replace(/("(?:[^"\\]|\\.)*")\s*=\s*/g, '$1: ')
    .replace(/(?<=[:[,]\s*)((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+)(?=\s*[,\]}])/g, '"$${$1}"');
  return JSON.parse(json);
}

/** An empty stack with an AWS provider, for testing one construct on its own. */
export function testStack(id: string): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
  return stack;
}

/**
 * Runs the app as `cdktf synth` does. Asynchronous on purpose: a synchronous spawn blocks the test
 * worker for the whole synth, and under load vitest's worker RPC then times out.
 */
export function runApp(env: Record<string, string> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'out-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ status: number | null; stdout: string; stderr: string; outdir: string }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr, outdir }));
    },
  );
}
