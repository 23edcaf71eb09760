import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { EMULATOR_UNSUPPORTED_TYPES } from '../../src/lib/emulator-exclusions';
import type { TerraformStack } from '../../src/lib/tf';
import { BACKEND, configFor, synth, type SynthJson } from '../helpers';

function devStack(emulatorExclusions?: readonly string[], emulator = true): SynthJson & { '//': unknown } {
  const app = buildApp(
    { backend: BACKEND, environments: [configFor()] },
    {
      outdir: mkdtempSync(join(tmpdir(), 'emu-')),
      ...(emulator && { emulator: { endpoint: 'http://127.0.0.1:5099' } }),
      emulatorExclusions,
    },
  );
  return synth(app.node.findChild('platform-dev') as TerraformStack) as SynthJson & { '//': unknown };
}

const outputsMetadata = (json: SynthJson & { '//': unknown }) =>
  Object.keys((json['//'] as { outputs: Record<string, Record<string, string>> }).outputs['platform-dev']!);

describe('emulator exclusions (the app honours them while synthesizing for moto)', () => {
  it('leaves out the unsupported types and the outputs that reference them, metadata included', () => {
    const full = devStack(undefined, false);
    const json = devStack();
    for (const type of EMULATOR_UNSUPPORTED_TYPES) expect(json.resource[type], type).toBeUndefined();
    expect(full.resource.aws_mwaa_environment).toBeDefined();
    const gone = [
      'mwaa_environment_name',
      'mwaa_webserver_url',
      'client_vpn_endpoint_id',
      'athena_workgroup_name',
    ];
    for (const name of gone) {
      expect(full.output![name], name).toBeDefined();
      expect(json.output![name], name).toBeUndefined();
    }
    // cdktf renders outputs from this metadata after apply: it must name exactly the outputs that exist
    expect(outputsMetadata(json).sort()).toEqual(Object.keys(json.output!).sort());
    expect(Object.keys(json.output!).length).toBe(Object.keys(full.output!).length - gone.length);
    // what does not reference an excluded type stays, e.g. the MWAA execution role and its output
    expect(json.output!.mwaa_execution_role_arn).toBeDefined();
    expect(Object.keys(json.resource.aws_s3_bucket!)).toEqual(Object.keys(full.resource.aws_s3_bucket!));
  });

  it('removes dependents transitively and takes an explicit list (empty: nothing)', () => {
    const json = devStack(['aws_sns_topic']);
    expect(json.resource.aws_sns_topic).toBeUndefined();
    expect(json.resource.aws_sns_topic_subscription).toBeUndefined();
    expect(json.output!.alerts_topic_arn).toBeUndefined();
    expect(json.resource.aws_mwaa_environment).toBeDefined();
    expect(devStack([]).resource.aws_mwaa_environment).toBeDefined();
  });
});
