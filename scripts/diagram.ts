/**
 * `npm run diagram`: regenerates the architecture diagram in README.md (between
 * <!-- architecture:start --> and <!-- architecture:end -->) from a fresh synth of one environment.
 *
 *   npm run diagram                     rewrite README.md from the prod stack
 *   npm run diagram -- --check          exit 1 when README.md is not what synth produces (CI)
 *   npm run diagram -- --env dev --from cdktf.out --readme README.md
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readStackJson } from '../src/cost/synth-json';
import { synthesizeFresh } from '../src/cost/synth-output';
import { stackMermaid, updateReadmeDiagram } from '../src/diagram';

const { values } = parseArgs({
  options: {
    env: { type: 'string', default: 'prod' },
    from: { type: 'string' },
    readme: { type: 'string', default: 'README.md' },
    check: { type: 'boolean', default: false },
  },
});
const env = values.env;

try {
  const outdir = values.from ?? synthesizeFresh([env]);
  const mermaid = stackMermaid(
    readStackJson(join(outdir, 'stacks', `platform-${env}`, 'cdk.tf.json')),
    `platform-${env}`,
  );
  const current = readFileSync(values.readme, 'utf8');
  const updated = updateReadmeDiagram(current, mermaid);
  if (values.check) {
    if (updated !== current) {
      console.error(
        `${values.readme}: the architecture diagram is out of date with the synthesized platform-${env} stack; ` +
          'run `npm run diagram` and commit the result',
      );
      process.exit(1);
    }
    console.log(`${values.readme}: architecture diagram is current (platform-${env})`);
  } else if (updated === current) {
    console.log(`${values.readme}: architecture diagram already current (platform-${env})`);
  } else {
    writeFileSync(values.readme, updated);
    console.log(`${values.readme}: architecture diagram updated from platform-${env}`);
  }
} catch (error) {
  console.error(`diagram: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
