/**
 * The office-hours workflow's questions, answered from environments/*.tfvars:
 *
 *   npx tsx scripts/office-hours.ts envs                 JSON list of environments with office hours
 *   npx tsx scripts/office-hours.ts state --env dev      "on" or "off" now (--at <ISO time> to ask about another instant)
 *   npx tsx scripts/office-hours.ts crons                the UTC cron lines .github/workflows/office-hours.yml must carry
 *
 * Exits 1 with the reason on bad input (unknown environment, invalid env file, unparsable --at).
 */
import { parseArgs } from 'node:util';
import { loadPlatformInputs } from '../src/config';
import { shouldBeOn, utcCrons } from '../src/cost/office-hours';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { env: { type: 'string' }, at: { type: 'string' }, year: { type: 'string' } },
});

try {
  const inputs = await loadPlatformInputs(process.env.PLATFORM_ENV_DIR ?? 'environments');
  const withOfficeHours = inputs.environments.filter((config) => config.office_hours.enabled);
  const [command] = positionals;
  if (command === 'envs') {
    console.log(JSON.stringify(withOfficeHours.map((config) => config.environment)));
  } else if (command === 'state') {
    const config = inputs.environments.find((candidate) => candidate.environment === values.env);
    if (!config) {
      const known = inputs.environments.map((candidate) => candidate.environment).join(', ');
      throw new Error(`--env ${values.env ?? '(missing)'} is not a shipped environment (${known})`);
    }
    const at = values.at ? new Date(values.at) : new Date();
    if (Number.isNaN(at.getTime())) throw new Error(`--at "${values.at}" is not an ISO date-time`);
    console.log(shouldBeOn(config.office_hours, at) ? 'on' : 'off');
  } else if (command === 'crons') {
    const year = Number(values.year ?? new Date().getUTCFullYear());
    const lines = new Map<string, string>();
    for (const config of withOfficeHours) {
      const { start, end, time_zone: zone } = config.office_hours;
      const crons = utcCrons(config.office_hours, year);
      const note = (cron: string, time: string) =>
        lines.set(cron, `${lines.get(cron) ?? ''} ${config.environment} ${time} ${zone}`);
      for (const cron of crons.morning) note(cron, start);
      for (const cron of crons.evening) note(cron, end);
    }
    for (const [cron, what] of lines) console.log(`- cron: "${cron}" #${what}`);
  } else {
    throw new Error(
      'usage: office-hours.ts envs | state --env <env> [--at <ISO time>] | crons [--year <yyyy>]',
    );
  }
} catch (error) {
  console.error(`office-hours: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
