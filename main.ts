/**
 * Entry point of `cdktf synth`: read and validate environments/, then synthesize. All input problems
 * are reported together, with file, line and key, and the process exits non-zero before anything is
 * written to cdktf.out.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, loadPlatformInputs } from './src/config';
import { buildApp } from './src/app';
import { PriceLookupError, writeCostReports } from './src/cost';
import { costBlockOf } from './src/cost/synth-output';
import { writeArchitectureDiagrams } from './src/diagram';
import { repairHclOutput } from './src/lib/hcl-output';
import { PolicyTemplateError } from './src/lib/policy-template';

const envList = process.env.PLATFORM_ENVS?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const emulatorEndpoint = process.env.PLATFORM_EMULATOR_ENDPOINT;
// The office-hours workflow sets it for the night: environments with office hours lose their
// hour-billed parts (docs/cost.md). Anything but 1 or unset is a mistake worth stopping on.
const offHoursSwitch = process.env.PLATFORM_OFF_HOURS ?? '0';
if (!['0', '1'].includes(offHoursSwitch)) {
  console.error(`PLATFORM_OFF_HOURS must be 1 (off hours) or 0 (office hours), got "${offHoursSwitch}"`);
  process.exit(1);
}
// With the emulator: resource types to leave out instead of EMULATOR_UNSUPPORTED_TYPES ('' = none)
const emulatorExclusions = process.env.PLATFORM_EMULATOR_SKIP?.split(',')
  .map((type) => type.trim())
  .filter(Boolean);

try {
  const inputs = await loadPlatformInputs(process.env.PLATFORM_ENV_DIR ?? 'environments', envList);
  const unaffected = inputs.environments.filter((config) => !config.office_hours.enabled);
  if (offHoursSwitch === '1' && unaffected.length > 0) {
    process.stderr.write(
      `PLATFORM_OFF_HOURS=1 leaves ${unaffected.map((c) => c.environment).join(', ')} unchanged (no office_hours.enabled)\n`,
    );
  }
  const mwaaRequirements = await readFile('dags/requirements.txt', 'utf8');
  const app = buildApp(inputs, {
    mwaaRequirements,
    // An absolute path when the stacks are synthesized outside cdktf.out (e.g. the emulated deploy).
    certificatesDir: process.env.PLATFORM_CERTIFICATES_DIR,
    emulator: emulatorEndpoint ? { endpoint: emulatorEndpoint } : undefined,
    offHours: offHoursSwitch === '1',
    emulatorExclusions,
  });
  app.synth();
  if (app.hclOutput) {
    // `cdktf synth --hcl`: cdk.tf as terraform, TFLint and checkov accept it (src/lib/hcl-output.ts)
    repairHclOutput(app.outdir);
  } else {
    // Views of what was just synthesized: cdktf.out/cost-<env>.{md,json}, cdktf.out/architecture-<env>.mmd
    writeCostReports(
      app.outdir,
      inputs.environments.map((c) => ({
        environment: c.environment,
        region: c.region,
        cost: costBlockOf(c),
        officeHours: c.office_hours,
      })),
    );
    writeArchitectureDiagrams(app.outdir, inputs.environments);
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(
      `Invalid platform configuration (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}):`,
    );
    for (const line of error.message.split('\n')) console.error(`  ${line}`);
    process.exit(1);
  }
  if (error instanceof PriceLookupError) {
    console.error(`Invalid price table: ${error.message}`);
    process.exit(1);
  }
  if (error instanceof PolicyTemplateError) {
    console.error(`Invalid policy template: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
