import { describe, expect, it } from 'vitest';
import { MWAA_ENVIRONMENT_CLASSES } from '../../src/config';
import { loadPriceFile, instancePricesFor, mwaaPricesFor, regionPricesFor } from '../../src/cost';

describe('prices/aws-prices.json', () => {
  const table = loadPriceFile();

  it('is dated, sourced and covers eu-north-1', () => {
    expect(table.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.source).toMatch(/AWS/);
    expect(Object.keys(table.regions)).toContain('eu-north-1');
  });

  it('prices every MWAA class the environment schema accepts, and m5.xlarge, in every region', () => {
    for (const region of Object.keys(table.regions)) {
      const prices = regionPricesFor(table, region);
      for (const environmentClass of MWAA_ENVIRONMENT_CLASSES) {
        expect(mwaaPricesFor(prices, region, environmentClass).environment_hour.usd).toBeGreaterThan(0);
      }
      expect(instancePricesFor(prices, region, 'm5.xlarge').on_demand_hour.usd).toBeGreaterThan(0);
    }
  });

  it('explains every unverified price', () => {
    for (const prices of Object.values(table.regions)) {
      const entries = JSON.stringify(prices).match(/\{"usd":[^{}]*\}/g) ?? [];
      for (const entry of entries) {
        const parsed = JSON.parse(entry) as { verified: boolean; note?: string };
        if (!parsed.verified) expect(parsed.note, entry).toBeTruthy();
      }
    }
  });
});
