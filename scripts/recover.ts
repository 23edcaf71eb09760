/**
 * `npm run recover -- <env>`: after an interrupted `terraform apply` of platform-<env> (docs/recovery.md).
 *
 *   1. shows the state lock (who, when, which operation) and removes it after confirmation (--yes);
 *   2. lists the environment's resources that exist in AWS but not in the state (Tagging API by the
 *      environment's tags, plus per-type lookups), mapped to addresses by their platform:address tag;
 *   3. writes Terraform import blocks for them to <outdir>/stacks/platform-<env>/imports.tf.json;
 *   4. runs `terraform plan`, which shows them as imports rather than creations.
 * Nothing in AWS is changed or deleted, except the lock object after confirmation.
 *
 * Options: --yes (remove the lock without asking), --outdir <dir> (default cdktf.out),
 * --endpoint <url> (AWS endpoint; default $AWS_ENDPOINT_URL, or the emulator endpoint the stack was
 * synthesized with), --no-plan, --terraform <bin> (default $TERRAFORM_BINARY_NAME or terraform).
 * Exit: 0 done, 1 a problem (printed with what to do), 2 bad arguments.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { awsCloud, explainAwsError } from './lib/recover-aws';
import {
  describeLock,
  findOrphans,
  parseLock,
  parsePlanSummary,
  readStack,
  RecoverError,
  renderImports,
  stateResources,
  type RecoverCloud,
  type StackFacts,
} from './lib/recover-core';

const USAGE = 'usage: npm run recover -- <env> [--yes] [--outdir cdktf.out] [--endpoint URL] [--no-plan]';
const IMPORTS_FILE = 'imports.tf.json';

function usage(message: string): never {
  console.error(`recover: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseCommandLine() {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        yes: { type: 'boolean', short: 'y', default: false },
        outdir: { type: 'string', default: 'cdktf.out' },
        endpoint: { type: 'string' },
        'no-plan': { type: 'boolean', default: false },
        terraform: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    if (positionals.length !== 1)
      usage(positionals.length ? 'give exactly one environment' : 'which environment?');
    const environment = positionals[0]!;
    if (!/^[a-z][a-z0-9-]*$/.test(environment))
      usage(`"${environment}" is not an environment name (e.g. dev)`);
    return { environment, ...values };
  } catch (error) {
    usage((error as Error).message);
  }
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question(question)).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}

/** Shows the lock and removes it once confirmed; returns whether the state is unlocked now. */
async function handleLock(stack: StackFacts, cloud: RecoverCloud, yes: boolean): Promise<boolean> {
  const lockKey = `${stack.stateKey}.tflock`;
  const where = `s3://${stack.bucket}/${lockKey}`;
  const object = await cloud.readObject(stack.bucket, lockKey);
  if (!object) {
    console.log(`lock: none (${where})`);
    return true;
  }
  const lock = parseLock(object.body, where);
  console.log(`lock: HELD - ${describeLock(lock, new Date())}`);
  console.log(`      ${where}`);
  const approved =
    yes ||
    (await confirm(
      'Remove it? Only if the run that took it is dead (CI job cancelled/lost, process gone). Type "yes": ',
    ));
  if (!approved) {
    console.log(
      `lock kept${process.stdin.isTTY ? '' : ' (no terminal to ask: rerun with --yes to remove it)'}`,
    );
    return false;
  }
  // A new run may have taken the lock since it was read: remove only the lock that was shown.
  const again = await cloud.readObject(stack.bucket, lockKey);
  if (again && parseLock(again.body, where).ID !== lock.ID) {
    throw new RecoverError(`${where} now holds another lock (a new run started): not removed`);
  }
  if (again) await cloud.deleteObject(stack.bucket, lockKey);
  console.log(`lock removed (ID ${lock.ID})`);
  return true;
}

function runPlan(stack: StackFacts, terraform: string): boolean {
  const run = (args: string[]) =>
    spawnSync(terraform, args, { cwd: stack.stackDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!existsSync(join(stack.stackDir, '.terraform'))) {
    console.log(`terraform init (${stack.stackDir})`);
    const init = run(['init', '-input=false', '-no-color']);
    if (init.error) throw new RecoverError(`cannot run ${terraform}: ${init.error.message}`);
    if (init.status !== 0) {
      console.error(init.stdout + init.stderr);
      throw new RecoverError('terraform init failed (output above)');
    }
  }
  console.log(`terraform plan (${stack.stackDir})`);
  const plan = run(['plan', '-input=false', '-no-color']);
  if (plan.error) throw new RecoverError(`cannot run ${terraform}: ${plan.error.message}`);
  const output = plan.stdout + plan.stderr;
  writeFileSync(join(stack.stackDir, 'recover-plan.log'), output);
  for (const line of output.split('\n')) {
    // "# aws_x.y will be imported", "... will be created", "... will be updated in-place" + "# (imported from ...)"
    if (/^\s+# (\S+ (will|must) be |\(imported from )/.test(line)) {
      console.log(line);
    }
  }
  const summary = parsePlanSummary(output);
  if (plan.status !== 0 || !summary) {
    console.error(output.split('\n').slice(-40).join('\n'));
    console.error(`terraform plan failed (full output: ${join(stack.stackDir, 'recover-plan.log')})`);
    return false;
  }
  console.log(
    `plan: ${summary.import} to import, ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy`,
  );
  return true;
}

async function main(): Promise<number> {
  const options = parseCommandLine();
  const stack = readStack(options.outdir, options.environment);
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL ?? stack.backendEndpoint;
  const cloud = awsCloud({ region: stack.region, endpoint });
  console.log(
    `recover ${stack.stack}: state s3://${stack.bucket}/${stack.stateKey} (${stack.region}` +
      `${endpoint ? `, endpoint ${endpoint}` : ''})`,
  );
  try {
    const unlocked = await handleLock(stack, cloud, options.yes);
    const stateObject = await cloud.readObject(stack.bucket, stack.stateKey);
    const state = stateResources(stateObject?.body, `s3://${stack.bucket}/${stack.stateKey}`);
    console.log(
      `state: ${stateObject ? `${state.size} resources` : 'none yet (the first apply never saved one)'}`,
    );

    const report = await findOrphans(stack, state, cloud);
    for (const { arn, reason } of report.skipped) console.log(`skipped: ${arn}: ${reason}`);
    for (const { address, arn } of report.duplicates) {
      console.log(
        `duplicate (not managed, left alone): ${arn} is tagged ${address}, which the state maps elsewhere`,
      );
    }
    const importsPath = join(stack.stackDir, IMPORTS_FILE);
    if (report.orphans.length === 0) {
      rmSync(importsPath, { force: true });
      console.log('orphans: none - every resource found in AWS is in the state');
    } else {
      console.log(`orphans: ${report.orphans.length} in AWS but not in the state:`);
      for (const o of report.orphans) console.log(`  ${o.address}  <-  ${o.importId}  (${o.via})`);
      writeFileSync(importsPath, renderImports(report.orphans));
      console.log(`imports written: ${importsPath} (${report.orphans.length} import blocks)`);
    }

    if (!unlocked) {
      console.log(
        'plan skipped: the state is still locked. Rerun with --yes once the run holding it is dead.',
      );
      return 1;
    }
    if (options['no-plan']) return 0;
    const terraform = options.terraform ?? process.env.TERRAFORM_BINARY_NAME ?? 'terraform';
    if (!runPlan(stack, terraform)) return 1;
    console.log(`next: review the plan, then: cd ${stack.stackDir} && ${terraform} apply`);
    return 0;
  } catch (error) {
    throw explainAwsError(error, endpoint) ?? error;
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof RecoverError)) throw error;
  console.error(`recover: ${error.message}`);
  process.exitCode = 1;
}
