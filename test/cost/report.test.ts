import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  costAssumptionsSchema,
  costReport,
  loadPriceFile,
  renderCostMarkdown,
  renderSummaryMarkdown,
  writeCostReports,
  type CostAssumptionsInput,
  type CostReport,
} from '../../src/cost';
import type { StackJson } from '../../src/cost/synth-json';

const FIXTURES = new URL('../fixtures/cost/', import.meta.url);
const stack = JSON.parse(readFileSync(new URL('small-stack.json', FIXTURES), 'utf8')) as StackJson;
const prices = loadPriceFile(new URL('prices.json', FIXTURES));

/** Round usage so the arithmetic below can be checked by hand. */
const ASSUMPTIONS: CostAssumptionsInput = {
  nat_gb_processed_per_month: 100,
  interface_endpoint_gb_processed_per_month: 10,
  vpn_connection_hours_per_month: 100,
  mwaa_average_extra_workers: 0.5,
  mwaa_metadata_db_gb: 10,
  log_gb_per_month_per_group: 2,
  s3_gb_by_zone: { raw: 1000, staging: 0, curated: 0, logs: 0 },
  s3_storage_class_mix: { raw: { standard: 0.1, standard_ia: 0.2, glacier_flexible: 0.7 } },
  emr_runs_per_month: 10,
  emr_hours_per_run: 2,
  emr_spot_share: 0.5,
};

function report(assumptions: CostAssumptionsInput = ASSUMPTIONS, json: StackJson = stack): CostReport {
  return costReport(json, { environment: 'fixture', assumptions, prices });
}

function monthly(result: CostReport): Record<string, number> {
  return Object.fromEntries(result.rows.map((row) => [row.key, row.monthlyUsd]));
}

describe('cost report of the fixture stack', () => {
  const result = report();

  it('prices every billed resource of the stack by hand-checkable arithmetic', () => {
    expect(monthly(result)).toEqual({
      'nat.hours': 36.5, // 1 NAT × 730 h × 0.05
      'nat.gb': 5, // 100 GB × 0.05
      'ipv4.hours': 3.65, // 1 EIP × 730 h × 0.005
      'endpoints.hours': 29.2, // (logs 2 AZ + sqs 2 AZ) × 730 h × 0.01; the S3 gateway endpoint is free
      'endpoints.gb': 0.1, // 10 GB × 0.01
      'vpn.associations': 73, // 1 association × 730 h × 0.10
      'vpn.connections': 5, // 100 connection-hours × 0.05
      'mwaa[aws_mwaa_environment.airflow].environment': 365, // 730 h × 0.5
      'mwaa[aws_mwaa_environment.airflow].workers': 18.25, // min(0.5, 3 - 1) extra workers × 730 h × 0.05
      'mwaa[aws_mwaa_environment.airflow].schedulers': 36.5, // (3 - 2 included) × 730 h × 0.05
      'mwaa[aws_mwaa_environment.airflow].metadata': 1, // 10 GB × 0.1
      'kms.keys': 1, // 1 key × 1
      secrets: 0.4, // 1 secret × 0.4
      alarms: 0.1, // 1 metric alarm × 0.1
      'logs.ingestion': 3, // (1 synthesized + 2 MWAA task/worker groups) × 2 GB × 0.5
      'logs.storage': 1.5, // (2 GB × 30/30 months + 2 MWAA groups × 2 GB × 12 months) = 50 GB × 0.03
      's3.raw.standard': 2, // 1000 GB × 0.1 × 0.02
      's3.raw.standard_ia': 2, // 1000 GB × 0.2 × 0.01
      's3.raw.glacier_flexible': 2.8, // 1000 GB × 0.7 × 0.004
      'emr.on_demand': 6, // 3 nodes × 2 h × 10 runs = 60 instance-hours, half On-Demand: 30 × 0.2
      'emr.spot': 2.4, // 30 × 0.2 × (1 - 0.6)
      'emr.uplift': 3, // 60 × 0.05
    });
    // 36.5 + 5 + 3.65 + 29.2 + 0.1 + 73 + 5 + 365 + 18.25 + 36.5 + 1 + 1 + 0.4 + 0.1 + 3 + 1.5 + 6.8 + 11.4
    expect(result.totals.monthlyUsd).toBe(597.4);
    expect(result.totals.unverifiedUsd).toBe(78); // the NAT GB (5) and VPN association (73) prices are unverified
    expect(result.totals.rangeUsd).toEqual([582.8, 597.4]); // the association at 0.08: 597.4 - 730 × 0.02
    // NAT 36.5 + EIP 3.65 + endpoints 29.2 + VPN association 73 + MWAA 365 + 18.25 + 36.5
    expect(result.totals.alwaysOnUsd).toBe(562.1);
    expect(result.region).toBe('eu-north-1');
  });

  it("prices the documents' design beside it and splits the saving into design and assumptions", () => {
    const reference = Object.fromEntries(result.rows.map((row) => [row.key, row.referenceUsd]));
    expect(reference['nat.hours']).toBe(73); // 2 NATs × 730 × 0.05
    expect(reference['ipv4.hours']).toBe(7.3); // 2 EIPs × 730 × 0.005
    expect(reference['endpoints.hours']).toBe(58.4); // 4 services × 2 AZs × 730 × 0.01
    expect(reference['logs.ingestion']).toBe(15); // 5 × (3 groups × 2 GB) × 0.5
    expect(reference['logs.storage']).toBe(7.5); // 5 × 50 GB × 0.03
    expect(reference['emr.on_demand']).toBe(0); // the documents ran every node on Spot
    expect(reference['emr.spot']).toBe(4.8); // 60 instance-hours × 0.2 × (1 - 0.6)
    // 597.4 + 36.5 (NAT) + 3.65 (EIP) + 29.2 (endpoints) + 12 + 6 (logs) - 3.6 (EMR: 4.8 - 6 - 2.4)
    expect(result.totals.referenceUsd).toBe(681.15);
    expect(result.totals.savingUsd).toBe(83.75);
    // DEBUG logging is the reference's assumption: ingestion 15 - 3, storage 7.5 - 1.5
    expect(result.totals.fromAssumptionsUsd).toBe(18);
    // NAT 36.5 + EIP 3.65 + endpoints 29.2 + EMR (0 - 6 On-Demand) + (4.8 - 2.4 Spot)
    expect(result.totals.fromDesignUsd).toBe(65.75);
    expect(result.totals.fromOfficeHoursUsd).toBe(0);
    expect(result.totals.ratio).toBe(0.877); // 597.4 / 681.15
    expect(result.totals.designRatio).toBe(0.901); // 597.4 / (681.15 - 18)
    for (const row of result.rows) {
      expect(row.fromDesignUsd + row.fromOfficeHoursUsd + row.fromAssumptionsUsd, row.key).toBeCloseTo(
        row.savingUsd,
        6,
      );
    }
  });

  it('subtotals by service', () => {
    const services = Object.fromEntries(
      result.services.map((s) => [s.service, [s.monthlyUsd, s.referenceUsd]]),
    );
    expect(services['NAT gateways']).toEqual([41.5, 78]); // 36.5 + 5 | 73 + 5
    expect(services['Client VPN']).toEqual([78, 78]);
    expect(services.EMR).toEqual([11.4, 7.8]); // 6 + 2.4 + 3 | 4.8 + 3
    expect(services.CloudWatch).toEqual([4.6, 22.6]); // 3 + 1.5 + 0.1 | 15 + 7.5 + 0.1
  });

  it('lists resource types it has no price model for', () => {
    expect(result.unpricedResourceTypes).toEqual(['aws_glue_catalog_database']);
  });

  it('renders a Markdown table with totals and the price date', () => {
    const markdown = renderCostMarkdown(result);
    expect(markdown).toContain(
      '| Line item | Quantity | Unit price (USD) | Monthly (USD) | Reference (USD) | Saving: design | Saving: office hours | Saving: assumptions |',
    );
    expect(markdown).toContain(
      '| NAT gateways (1) † | 730 hour | 0.05 | 36.50 | 73.00 | 36.50 | 0.00 | 0.00 |',
    );
    expect(markdown).toContain(
      '| NAT data processed (assumed) | 100 GB | 0.05\\* | 5.00 | 5.00 | 0.00 | 0.00 | 0.00 |',
    );
    expect(markdown).toContain(
      '| **Total** | | | **597.40** | **681.15** | **65.75** | **0.00** | **18.00** |',
    );
    expect(markdown).toContain('| Client VPN | 78.00 | 78.00 |');
    expect(markdown).toContain('562.10 USD, 94% of the total');
    expect(markdown).toContain('the total is 582.80-597.40 USD');
    expect(markdown).toContain('retrieved 2026-01-01');
  });
});

describe('office hours', () => {
  // 4 weeks a month, so a week of Mon-Fri 08:00-18:00 plus 1 h a day is 5 × 11 = 55 h, 220 h a month
  const officeHours = {
    enabled: true,
    days: 'Mon-Fri',
    start: '08:00',
    end: '18:00',
    time_zone: 'Europe/Brussels',
  };
  const assumptions = { ...ASSUMPTIONS, hours_per_month: 672, office_hours_overhead_hours_per_day: 1 };
  const result = costReport(stack, { environment: 'fixture', assumptions, prices, officeHours });
  const rows = monthly(result);

  it('bills MWAA, the VPN association, NAT and endpoints only the hours they exist', () => {
    expect(result.officeHours).toEqual({
      enabled: true,
      schedule: 'Mon-Fri 08:00-18:00 Europe/Brussels',
      billedHoursPerMonth: 220,
    });
    expect(rows['nat.hours']).toBe(11); // 220 h × 0.05
    expect(rows['vpn.associations']).toBe(22); // 220 h × 0.1
    expect(rows['endpoints.hours']).toBe(8.8); // 4 AZ-endpoints × 220 h × 0.01
    expect(rows['mwaa[aws_mwaa_environment.airflow].environment']).toBe(110); // 220 h × 0.5
    expect(rows['mwaa[aws_mwaa_environment.airflow].workers']).toBe(5.5); // 0.5 × 220 h × 0.05
    expect(rows['mwaa[aws_mwaa_environment.airflow].schedulers']).toBe(11); // 1 × 220 h × 0.05
    expect(rows['ipv4.hours']).toBe(3.36); // the Elastic IP stays: 672 h × 0.005
    expect(rows['vpn.connections']).toBe(5); // people-hours do not change
  });

  it('shows what the nights and weekends save', () => {
    // (672 - 220) h × (NAT 0.05 + VPN 0.1 + endpoints 4 × 0.01 + MWAA 0.5 + workers 0.5 × 0.05 + 1 scheduler × 0.05)
    expect(result.totals.fromOfficeHoursUsd).toBe(345.78);
    const nat = result.rows.find((row) => row.key === 'nat.hours')!;
    expect([nat.fromDesignUsd, nat.fromOfficeHoursUsd]).toEqual([33.6, 22.6]); // 672 × 0.05; 452 × 0.05
  });
});

describe('resource handlers', () => {
  it("prices flow-log delivery as vended logs, which the documents' design did not have", () => {
    const json: StackJson = {
      ...stack,
      resource: { ...stack.resource, aws_flow_log: { vpc: { log_destination_type: 's3' } } },
    };
    const row = report(ASSUMPTIONS, json).rows.find((candidate) => candidate.key === 'flowlogs.delivery')!;
    expect([row.quantity, row.monthlyUsd, row.referenceUsd, row.fromDesignUsd]).toEqual([5, 1, 0, -1]); // 5 GB × 0.2
  });

  const withResources = (extra: Record<string, Record<string, Record<string, unknown>>>): StackJson => ({
    ...stack,
    resource: { ...stack.resource, ...extra },
  });

  it('counts MWAA log groups once when Terraform creates them before MWAA does', () => {
    const json = withResources({
      aws_cloudwatch_log_group: {
        ...stack.resource!.aws_cloudwatch_log_group,
        task: { name: 'airflow-fixture-airflow-Task', retention_in_days: 30 },
        worker: { name: 'airflow-fixture-airflow-Worker', retention_in_days: 30 },
      },
    });
    const row = report(ASSUMPTIONS, json).rows.find((candidate) => candidate.key === 'logs.ingestion')!;
    expect(row.quantity).toBe(6); // 3 synthesized groups × 2 GB, none added for MWAA
  });

  it('bills mw1.micro as one environment, without extra workers or schedulers', () => {
    const airflow = stack.resource!.aws_mwaa_environment!.airflow!;
    const json = withResources({
      aws_mwaa_environment: {
        airflow: {
          ...airflow,
          environment_class: 'mw1.micro',
          min_workers: 1,
          max_workers: 1,
          schedulers: 1,
        },
      },
    });
    const rows = monthly(report(ASSUMPTIONS, json));
    expect(rows['mwaa[aws_mwaa_environment.airflow].environment']).toBe(182.5); // 730 × 0.25
    expect(rows['mwaa[aws_mwaa_environment.airflow].workers']).toBeUndefined();
    expect(rows['mwaa[aws_mwaa_environment.airflow].schedulers']).toBeUndefined();
  });

  it('prices nothing in a stack without billed resources, and still shows the reference layout', () => {
    const network: StackJson = {
      provider: stack.provider,
      resource: { aws_vpc: stack.resource!.aws_vpc!, aws_subnet: stack.resource!.aws_subnet! },
    };
    const result = report(ASSUMPTIONS, network);
    expect(result.totals.monthlyUsd).toBe(0);
    expect(result.rows.every((row) => row.label.endsWith('(reference only)'))).toBe(true);
    expect(result.rows.map((row) => row.key)).toEqual([
      'nat.hours',
      'nat.gb',
      'ipv4.hours',
      'endpoints.hours',
      'endpoints.gb',
    ]);
  });
});

describe('price lookups', () => {
  it('fail naming the unknown region and the regions there are', () => {
    const elsewhere: StackJson = { ...stack, provider: { aws: [{ region: 'ap-south-2' }] } };
    expect(() => report(ASSUMPTIONS, elsewhere)).toThrow(
      /no prices for region "ap-south-2" in prices\/aws-prices\.json; available regions: eu-north-1/,
    );
  });

  it('fail naming the unknown instance type, the region and the types there are', () => {
    expect(() => report({ ...ASSUMPTIONS, emr_instance_type: 'c7g.large' })).toThrow(
      /instance type "c7g\.large" in region "eu-north-1"; available instance types: m5\.xlarge/,
    );
  });

  it('fail naming the unknown MWAA class', () => {
    const airflow = stack.resource!.aws_mwaa_environment!.airflow!;
    const json: StackJson = {
      ...stack,
      resource: {
        ...stack.resource,
        aws_mwaa_environment: { airflow: { ...airflow, environment_class: 'mw1.large' } },
      },
    };
    expect(() => report(ASSUMPTIONS, json)).toThrow(
      /environment class "mw1\.large".*available classes: mw1\.micro, mw1\.small/,
    );
  });
});

describe('costAssumptionsSchema', () => {
  it('documents a default for every key', () => {
    const defaults = costAssumptionsSchema.parse({});
    expect(defaults.emr_instance_type).toBe('m5.xlarge');
    expect(defaults.emr_core_count).toBe(2);
    expect(defaults.s3_gb_by_zone).toEqual({ raw: 200, staging: 50, curated: 100, logs: 20 });
  });

  it('rejects unknown keys and storage mixes that do not add up', () => {
    expect(costAssumptionsSchema.safeParse({ nat_gb: 1 }).success).toBe(false);
    const mix = costAssumptionsSchema.safeParse({ s3_storage_class_mix: { raw: { standard: 0.5 } } });
    expect(mix.success).toBe(false);
    expect(JSON.stringify(mix.error?.issues)).toContain('add up to 1');
  });
});

describe('renderSummaryMarkdown', () => {
  it('lists dev, staging, prod in that order, then the total across them', () => {
    const named = (environment: string) => ({ ...report(), environment });
    const lines = renderSummaryMarkdown([named('prod'), named('qa'), named('dev'), named('staging')]).split(
      '\n',
    );
    expect(lines.slice(2, 7).map((line) => line.split(' | ')[0])).toEqual([
      '| dev',
      '| staging',
      '| prod',
      '| qa',
      '| **All environments**',
    ]);
    expect(lines[6]).toContain('| 2389.60 | 2724.60 | 0.88× |'); // 4 × 597.4, 4 × 681.15
  });
});

describe('writeCostReports', () => {
  it('writes cost-<env>.md and .json from cdktf.out/stacks/platform-<env>', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cost-out-'));
    mkdirSync(join(outdir, 'stacks', 'platform-fixture'), { recursive: true });
    writeFileSync(join(outdir, 'stacks', 'platform-fixture', 'cdk.tf.json'), JSON.stringify(stack));
    const [written] = writeCostReports(outdir, [{ environment: 'fixture' }]);
    expect(readFileSync(join(outdir, 'cost-fixture.md'), 'utf8')).toContain(
      '## Monthly cost estimate: fixture',
    );
    const json = JSON.parse(readFileSync(join(outdir, 'cost-fixture.json'), 'utf8')) as CostReport;
    expect(json.totals).toEqual(written!.totals);
  });

  it('writes what is missing instead of failing synth when the price table lacks the region', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cost-out-'));
    mkdirSync(join(outdir, 'stacks', 'platform-far'), { recursive: true });
    const far: StackJson = { ...stack, provider: { aws: [{ region: 'ap-south-2' }] } };
    writeFileSync(join(outdir, 'stacks', 'platform-far', 'cdk.tf.json'), JSON.stringify(far));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(writeCostReports(outdir, [{ environment: 'far' }])).toEqual([]);
      expect(stderr).toHaveBeenCalledWith(
        expect.stringMatching(/no cost estimate for far: no prices for region "ap-south-2"/),
      );
    } finally {
      stderr.mockRestore();
    }
    expect(readFileSync(join(outdir, 'cost-far.md'), 'utf8')).toMatch(
      /No estimate: no prices for region "ap-south-2"/,
    );
  });

  it('names the missing stack and how to produce it', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cost-out-'));
    expect(() => writeCostReports(outdir, [{ environment: 'dev' }])).toThrow(
      /platform-dev.*run `npx cdktf synth` first/,
    );
  });
});
