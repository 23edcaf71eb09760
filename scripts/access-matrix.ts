/**
 * `npm run access-matrix`: regenerates docs/access-matrix.md from the access journeys evaluated over
 * a fresh synth of every environment in environments/.
 *
 *   npm run access-matrix               rewrite docs/access-matrix.md
 *   npm run access-matrix -- --check    exit 1 when docs/access-matrix.md is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { accessMatrix, MATRIX_FILE } from '../test/access/matrix';
import { platformModel } from '../test/access/model';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });

try {
  const updated = await accessMatrix(await platformModel());
  const current = readFileSync(MATRIX_FILE, { encoding: 'utf8', flag: 'a+' });
  if (values.check) {
    if (updated !== current) {
      console.error(
        `${MATRIX_FILE} is out of date with the access journeys; run \`npm run access-matrix\` and commit it`,
      );
      process.exit(1);
    }
    console.log(`${MATRIX_FILE}: current`);
  } else {
    writeFileSync(MATRIX_FILE, updated);
    console.log(`${MATRIX_FILE}: ${updated === current ? 'already current' : 'updated'}`);
  }
} catch (error) {
  console.error(`access-matrix: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
