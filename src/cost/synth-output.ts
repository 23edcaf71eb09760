import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentConfig } from '../config/schema';
import { emrClusterShape, nodeCount, spotShare } from '../config/emr-shape';
import type { CostAssumptionsInput } from './assumptions';

/**
 * For the `cost` and `diagram` scripts: a synthesized cdktf.out to read, either one that exists
 * (`--from`) or a fresh one written by running main.ts exactly as `cdktf synth` does.
 */

export function synthesizeFresh(environments: readonly string[] = []): string {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-synth-'));
  process.stderr.write(
    `Synthesizing ${environments.length ? environments.join(', ') : 'every environment'}...\n`,
  );
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'main.ts'], {
    env: {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      CHECKPOINT_DISABLE: '1',
      ...(environments.length ? { PLATFORM_ENVS: environments.join(',') } : {}),
    },
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0)
    throw new Error(`synth failed (exit ${result.status ?? result.signal}); see the errors above`);
  return outdir;
}

/** Environments synthesized in an output directory (`stacks/platform-<env>`). */
export function synthesizedEnvironments(outdir: string): string[] {
  const stacks = join(outdir, 'stacks');
  if (!existsSync(stacks)) {
    throw new Error(`${outdir} has no stacks/ directory; run \`npx cdktf synth\` first or drop --from`);
  }
  return readdirSync(stacks)
    .filter((name) => name.startsWith('platform-'))
    .map((name) => name.slice('platform-'.length))
    .sort();
}

/**
 * The `cost` block of a loaded environment, with the EMR sizing (types, counts, Spot split) taken
 * from the cluster shape the DAG starts. One fleet type is priced: the core fleet's first choice.
 */
export function costBlockOf(config: EnvironmentConfig): CostAssumptionsInput {
  const shape = emrClusterShape(config);
  return {
    ...config.cost,
    emr_instance_type: shape.core.instanceTypes[0],
    emr_primary_count: nodeCount(shape.primary),
    emr_core_count: nodeCount(shape.core),
    emr_spot_share: spotShare(shape),
  };
}
