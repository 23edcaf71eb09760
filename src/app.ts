import type { PlatformInputs } from './config';
import { EMULATOR_UNSUPPORTED_TYPES, excludeResourceTypes } from './lib/emulator-exclusions';
import { App, type TerraformStack } from './lib/tf';
import type { EmulatorOptions } from './stacks/aws-provider';
import { PlatformStack, defaultTags } from './stacks/platform-stack';
import { StateBackendStack } from './stacks/state-backend-stack';

export interface BuildOptions {
  readonly outdir?: string;
  /** Content of dags/requirements.txt, uploaded for MWAA. */
  readonly mwaaRequirements?: string;
  /** certificates/ as Terraform sees it from a stack directory (see PlatformStackProps). */
  readonly certificatesDir?: string;
  readonly emulator?: EmulatorOptions;
  /** The off-hours switch for environments with office hours (see PlatformStackProps.offHours). */
  readonly offHours?: boolean;
  /**
   * With `emulator`: resource types left out (with all that references them) because the emulator
   * cannot serve them. @default EMULATOR_UNSUPPORTED_TYPES
   */
  readonly emulatorExclusions?: readonly string[];
}

/** Builds the app from validated inputs: the state-backend stack plus one platform-<env> stack each. */
export function buildApp(inputs: PlatformInputs, options: BuildOptions = {}): App {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const first = inputs.environments[0];
  const stacks: TerraformStack[] = [];
  stacks.push(
    new StateBackendStack(app, 'state-backend', {
      backend: inputs.backend,
      defaultTags: first
        ? {
            project: first.project,
            owner: first.owner,
            'cost-center': first.cost_center,
            environment: 'shared',
          }
        : { environment: 'shared' },
      emulator: options.emulator,
    }),
  );
  for (const config of inputs.environments) {
    stacks.push(
      new PlatformStack(app, `platform-${config.environment}`, {
        config,
        backend: inputs.backend,
        mwaaRequirements: options.mwaaRequirements ?? '',
        certificatesDir: options.certificatesDir,
        emulator: options.emulator,
        offHours: options.offHours,
      }),
    );
  }
  if (options.emulator) {
    for (const stack of stacks) {
      const removed = excludeResourceTypes(stack, options.emulatorExclusions ?? EMULATOR_UNSUPPORTED_TYPES);
      console.log(
        `emulator: ${stack.node.id} leaves out ${removed.length}: ${removed.join(', ') || 'nothing'}`,
      );
    }
  }
  return app;
}

export { defaultTags };
