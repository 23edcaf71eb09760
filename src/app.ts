import type { PlatformInputs } from './config';
import { App } from './lib/tf';
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
}

/** Builds the app from validated inputs: the state-backend stack plus one platform-<env> stack each. */
export function buildApp(inputs: PlatformInputs, options: BuildOptions = {}): App {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const first = inputs.environments[0];
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
  });
  for (const config of inputs.environments) {
    new PlatformStack(app, `platform-${config.environment}`, {
      config,
      backend: inputs.backend,
      mwaaRequirements: options.mwaaRequirements ?? '',
      certificatesDir: options.certificatesDir,
      emulator: options.emulator,
      offHours: options.offHours,
    });
  }
  return app;
}

export { defaultTags };
