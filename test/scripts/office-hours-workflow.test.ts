import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPlatformInputs } from '../../src/config';
import { utcCrons } from '../../src/cost';

const WORKFLOW = readFileSync(new URL('../../.github/workflows/office-hours.yml', import.meta.url), 'utf8');

describe('.github/workflows/office-hours.yml', () => {
  it('fires at the UTC crons the shipped environment files ask for (npx tsx scripts/office-hours.ts crons)', async () => {
    const { environments } = await loadPlatformInputs('environments');
    const year = new Date().getUTCFullYear();
    const expected = new Set(
      environments
        .filter((config) => config.office_hours.enabled)
        .flatMap((config) => Object.values(utcCrons(config.office_hours, year)).flat()),
    );
    const scheduled = [...WORKFLOW.matchAll(/^\s*- cron: "([^"]+)"/gm)].map((match) => match[1]);
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(scheduled)).toEqual(expected);
  });

  it('deploys with the off-hours switch the clock asks for, as the ci-deploy role, never beside another deploy', () => {
    expect(WORKFLOW).toContain('scripts/office-hours.ts state --env "$PLATFORM_ENV"');
    expect(WORKFLOW).toContain('PLATFORM_OFF_HOURS: ${{ steps.state.outputs.off }}');
    expect(WORKFLOW).toContain('role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}');
    expect(WORKFLOW).toMatch(
      /concurrency:\n\s+group: deploy-\$\{\{ matrix\.environment \}\}\n\s+cancel-in-progress: false/,
    );
  });
});
