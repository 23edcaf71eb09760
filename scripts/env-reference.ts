/**
 * `npm run env-reference`: regenerates docs/environment-reference.md from the zod schemas.
 *
 *   npm run env-reference                 rewrite the file
 *   npm run env-reference -- --check      exit 1 when the file is not what the schemas produce (npm test)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { backendSchema, environmentShape } from '../src/config/schema';
import { environmentReference } from '../src/config/reference';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs/environment-reference.md' },
    check: { type: 'boolean', default: false },
  },
});
const out = values.out;

try {
  const generated = environmentReference(environmentShape, backendSchema.shape);
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    current = '';
  }
  if (values.check) {
    if (generated !== current) {
      console.error(
        `${out}: out of date with the zod schemas (src/config/schema.ts, src/cost/assumptions.ts); ` +
          'run `npm run env-reference` and commit the result',
      );
      process.exit(1);
    }
    console.log(`${out}: environment reference is current`);
  } else if (generated === current) {
    console.log(`${out}: already current`);
  } else {
    writeFileSync(out, generated);
    console.log(`${out}: updated`);
  }
} catch (error) {
  console.error(`env-reference: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
