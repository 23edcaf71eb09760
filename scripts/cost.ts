/**
 * `npm run cost`: the monthly estimate of every environment, from a fresh synth (or --from an
 * existing cdktf.out), beside the reference layout.
 *
 *   npm run cost                       Markdown for every environment, then a summary
 *   npm run cost -- --env dev --json   JSON for dev
 *   npm run cost -- --from cdktf.out --out cdktf.out   also write cost-<env>.md|json there
 */
import { parseArgs } from 'node:util';
import { loadPlatformInputs } from '../src/config';
import {
  costReport,
  inReadingOrder,
  renderCostMarkdown,
  renderSummaryMarkdown,
  writeCostReports,
  type CostReport,
} from '../src/cost';
import { costBlockOf, synthesizeFresh, synthesizedEnvironments } from '../src/cost/synth-output';
import { readStackJson } from '../src/cost/synth-json';
import { join } from 'node:path';

const { values } = parseArgs({
  options: {
    env: { type: 'string', multiple: true },
    from: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const only = (values.env ?? []).flatMap((name) => name.split(',')).filter(Boolean);

try {
  const inputs = await loadPlatformInputs(process.env.PLATFORM_ENV_DIR ?? 'environments', only);
  const outdir = values.from ?? synthesizeFresh(only);
  const available = synthesizedEnvironments(outdir);
  const environments = inputs.environments
    .filter((config) => available.includes(config.environment))
    .map((config) => ({
      environment: config.environment,
      region: config.region,
      cost: costBlockOf(config),
      officeHours: config.office_hours,
    }));

  // Price lookups throw here, naming what is missing; only then are files written.
  const reports: CostReport[] = inReadingOrder(environments).map((env) =>
    costReport(readStackJson(join(outdir, 'stacks', `platform-${env.environment}`, 'cdk.tf.json')), {
      environment: env.environment,
      assumptions: env.cost,
      region: env.region,
      officeHours: env.officeHours,
    }),
  );
  if (values.out) writeCostReports(values.out, environments, outdir);

  if (values.json) {
    console.log(JSON.stringify(reports, null, 2));
  } else {
    for (const report of reports) console.log(renderCostMarkdown(report));
    console.log(renderSummaryMarkdown(reports));
  }
} catch (error) {
  console.error(`cost: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
