import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { costAssumptions, type CostAssumptions, type CostAssumptionsInput } from './assumptions';
import { estimate, round2, type Estimate, type LineItem } from './estimate';
import { inventoryOf } from './inventory';
import { loadPriceFile, PriceLookupError, type PriceFile } from './prices';
import { billedHoursPerMonth, type OfficeHours } from './office-hours';
import { REFERENCE_DESCRIPTION, referenceDesign, referenceLayout, type Layout } from './reference';
import { readStackJson, type StackJson } from './synth-json';

/**
 * The cost report of one environment: its line items beside the reference layout's, as Markdown
 * and JSON. `writeCostReports` is what synth calls to put `cost-<env>.md|json` in cdktf.out.
 */

/** A monthly figure beside the reference's, and the saving split by where it comes from. */
export interface SavingSplit {
  readonly monthlyUsd: number;
  readonly referenceUsd: number;
  /** referenceUsd - monthlyUsd = fromDesignUsd + fromOfficeHoursUsd + fromAssumptionsUsd. */
  readonly savingUsd: number;
  /** The layout's choices, both priced at this environment's usage assumptions, every hour. */
  readonly fromDesignUsd: number;
  /** Hours the office-hours switch removes (0 without office hours). */
  readonly fromOfficeHoursUsd: number;
  /** The reference's own assumptions (DEBUG log volume) against this environment's. */
  readonly fromAssumptionsUsd: number;
}

export interface CostRow extends SavingSplit {
  readonly key: string;
  readonly label: string;
  /** The AWS service the line is billed under, for subtotals. */
  readonly service: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly verified: boolean;
  /** Billed by the hour the resource exists, used or not. */
  readonly alwaysOn: boolean;
  readonly resources: readonly string[];
}

export type ServiceSubtotal = Pick<CostRow, 'service' | 'monthlyUsd' | 'referenceUsd'>;

export interface CostTotals extends SavingSplit {
  /** monthly / reference. */
  readonly ratio: number;
  /** Design alone: this layout every hour vs the reference design, both at this environment's assumptions. */
  readonly designRatio: number;
  /** Part of the monthly total billed by the hour a resource exists. */
  readonly alwaysOnUsd: number;
  readonly unverifiedUsd: number;
  /** The monthly total at the low and high end of every unconfirmed price's published range. */
  readonly rangeUsd: readonly [number, number];
}

export interface CostReport {
  readonly environment: string;
  readonly region: string;
  readonly prices: { readonly source: string; readonly retrieved: string; readonly currency: string };
  readonly assumptions: CostAssumptions;
  readonly officeHours: {
    readonly enabled: boolean;
    readonly schedule?: string;
    /** Hours a month MWAA, the VPN association, NATs and endpoints exist. */
    readonly billedHoursPerMonth: number;
  };
  readonly reference: string;
  readonly rows: readonly CostRow[];
  readonly services: readonly ServiceSubtotal[];
  readonly totals: CostTotals;
  readonly unpricedResourceTypes: readonly string[];
}

export interface CostReportOptions {
  readonly environment: string;
  readonly assumptions?: CostAssumptionsInput;
  readonly prices?: PriceFile;
  /** Used when the stack has no AWS provider region. */
  readonly region?: string;
  /** The environment's `office_hours` block; absent or disabled means every hour. */
  readonly officeHours?: OfficeHours;
}

const SERVICES: Record<string, string> = {
  nat: 'NAT gateways',
  ipv4: 'Public IPv4',
  endpoints: 'Interface endpoints',
  vpn: 'Client VPN',
  flowlogs: 'VPC flow logs',
  mwaa: 'MWAA',
  kms: 'KMS',
  secrets: 'Secrets Manager',
  logs: 'CloudWatch',
  alarms: 'CloudWatch',
  s3: 'S3',
  emr: 'EMR',
};
const serviceOf = (key: string) => SERVICES[key.split(/[.[]/)[0]!] ?? 'Other';

type Estimates = Record<'actual' | 'everyHour' | 'referenceDesign' | 'reference', Estimate>;

function rowsOf(estimates: Estimates): CostRow[] {
  const byKey = (estimate: Estimate) => new Map(estimate.lines.map((line) => [line.key, line]));
  const maps = {
    actual: byKey(estimates.actual),
    everyHour: byKey(estimates.everyHour),
    referenceDesign: byKey(estimates.referenceDesign),
    reference: byKey(estimates.reference),
  };
  const keys = [
    ...new Set([
      ...maps.actual.keys(),
      ...maps.everyHour.keys(),
      ...maps.referenceDesign.keys(),
      ...maps.reference.keys(),
    ]),
  ];
  return keys.map((key) => {
    const usd = (map: Map<string, LineItem>) => round2(map.get(key)?.monthlyUsd ?? 0);
    const [actual, everyHour, design, reference] = [
      usd(maps.actual),
      usd(maps.everyHour),
      usd(maps.referenceDesign),
      usd(maps.reference),
    ];
    const own = maps.actual.get(key);
    const line = own ?? maps.reference.get(key) ?? maps.referenceDesign.get(key)!;
    return {
      key,
      label: own ? line.label : `${line.label} (reference only)`,
      service: serviceOf(key),
      quantity: own ? Math.round(own.quantity * 1000) / 1000 : 0,
      unit: line.unit,
      unitPriceUsd: line.unitPriceUsd,
      verified: line.verified,
      alwaysOn: line.alwaysOn,
      monthlyUsd: actual,
      referenceUsd: reference,
      savingUsd: round2(reference - actual),
      fromDesignUsd: round2(design - everyHour),
      fromOfficeHoursUsd: round2(everyHour - actual),
      fromAssumptionsUsd: round2(reference - design),
      resources: own?.resources ?? [],
    };
  });
}

function servicesOf(rows: readonly CostRow[]): ServiceSubtotal[] {
  const totals = new Map<string, { monthlyUsd: number; referenceUsd: number }>();
  for (const row of rows) {
    const total = totals.get(row.service) ?? { monthlyUsd: 0, referenceUsd: 0 };
    totals.set(row.service, {
      monthlyUsd: total.monthlyUsd + row.monthlyUsd,
      referenceUsd: total.referenceUsd + row.referenceUsd,
    });
  }
  return [...totals].map(([service, total]) => ({
    service,
    monthlyUsd: round2(total.monthlyUsd),
    referenceUsd: round2(total.referenceUsd),
  }));
}

export function costReport(stack: StackJson, options: CostReportOptions): CostReport {
  const prices = options.prices ?? loadPriceFile();
  const assumptions = costAssumptions(options.assumptions);
  const inventory = inventoryOf(stack);
  const officeHours = options.officeHours?.enabled ? options.officeHours : undefined;
  const billedHours = officeHours
    ? billedHoursPerMonth(
        officeHours,
        assumptions.hours_per_month,
        assumptions.office_hours_overhead_hours_per_day,
      )
    : assumptions.hours_per_month;
  const price = (layout: Layout, hours?: number) =>
    estimate(layout.inventory, layout.assumptions, prices, options.region, hours);
  const estimates: Estimates = {
    actual: price({ inventory, assumptions }, billedHours),
    everyHour: price({ inventory, assumptions }),
    referenceDesign: price(referenceDesign(inventory, assumptions)),
    reference: price(referenceLayout(inventory, assumptions)),
  };
  const rows = rowsOf(estimates);
  const [monthlyUsd, everyHourUsd, designUsd, referenceUsd] = [
    estimates.actual,
    estimates.everyHour,
    estimates.referenceDesign,
    estimates.reference,
  ].map((estimate) => round2(estimate.totalUsd)) as [number, number, number, number];
  return {
    environment: options.environment,
    region: estimates.actual.region,
    prices: { source: prices.source, retrieved: prices.retrieved, currency: prices.currency },
    assumptions,
    officeHours: {
      enabled: Boolean(officeHours),
      ...(officeHours && {
        schedule: `${officeHours.days} ${officeHours.start}-${officeHours.end} ${officeHours.time_zone}`,
      }),
      billedHoursPerMonth: Math.round(billedHours * 10) / 10,
    },
    reference: REFERENCE_DESCRIPTION,
    rows,
    services: servicesOf(rows),
    totals: {
      monthlyUsd,
      referenceUsd,
      savingUsd: round2(referenceUsd - monthlyUsd),
      fromDesignUsd: round2(designUsd - everyHourUsd),
      fromOfficeHoursUsd: round2(everyHourUsd - monthlyUsd),
      fromAssumptionsUsd: round2(referenceUsd - designUsd),
      ratio: Math.round((monthlyUsd / referenceUsd) * 1000) / 1000,
      designRatio: Math.round((everyHourUsd / designUsd) * 1000) / 1000,
      alwaysOnUsd: round2(rows.filter((row) => row.alwaysOn).reduce((sum, row) => sum + row.monthlyUsd, 0)),
      unverifiedUsd: round2(estimates.actual.unverifiedUsd),
      rangeUsd: [round2(estimates.actual.rangeUsd[0]), round2(estimates.actual.rangeUsd[1])],
    },
    unpricedResourceTypes: inventory.unpricedTypes,
  };
}

const usd = (value: number) => value.toFixed(2);
const percent = (part: number, whole: number) => `${whole > 0 ? Math.round((part / whole) * 100) : 0}%`;
const quantity = (value: number, unit: string) =>
  `${value.toLocaleString('en-US', { maximumFractionDigits: 3 })} ${unit}`;
const unitPrice = (value: number, verified: boolean) =>
  `${Number(value.toPrecision(4)).toString()}${verified ? '' : '\\*'}`;

export function renderCostMarkdown(report: CostReport): string {
  const a = report.assumptions;
  const t = report.totals;
  const hours = report.officeHours;
  const lines = [
    `## Monthly cost estimate: ${report.environment} (${report.region})`,
    '',
    '| Line item | Quantity | Unit price (USD) | Monthly (USD) | Reference (USD) | Saving: design | Saving: office hours | Saving: assumptions |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.rows.map(
      (row) =>
        `| ${row.label}${row.alwaysOn ? ' †' : ''} | ${quantity(row.quantity, row.unit)} | ${unitPrice(row.unitPriceUsd, row.verified)} | ` +
        `${usd(row.monthlyUsd)} | ${usd(row.referenceUsd)} | ${usd(row.fromDesignUsd)} | ${usd(row.fromOfficeHoursUsd)} | ` +
        `${usd(row.fromAssumptionsUsd)} |`,
    ),
    `| **Total** | | | **${usd(t.monthlyUsd)}** | **${usd(t.referenceUsd)}** | **${usd(t.fromDesignUsd)}** | ` +
      `**${usd(t.fromOfficeHoursUsd)}** | **${usd(t.fromAssumptionsUsd)}** |`,
    '',
    '| Service | Monthly (USD) | Reference (USD) |',
    '| --- | ---: | ---: |',
    ...report.services.map((s) => `| ${s.service} | ${usd(s.monthlyUsd)} | ${usd(s.referenceUsd)} |`),
    '',
    `**${usd(t.monthlyUsd)} USD a month, ${(t.monthlyUsd / t.referenceUsd).toFixed(2)}× the reference** (${usd(t.referenceUsd)}); ` +
      `saving ${usd(t.savingUsd)} = ${usd(t.fromDesignUsd)} from design + ${usd(t.fromOfficeHoursUsd)} from office hours + ` +
      `${usd(t.fromAssumptionsUsd)} from assumptions. Design alone (both layouts every hour, same usage): ` +
      `${t.designRatio.toFixed(2)}×. Always-on († billed by the hour a resource exists): ${usd(t.alwaysOnUsd)} USD, ` +
      `${percent(t.alwaysOnUsd, t.monthlyUsd)} of the total.`,
    '',
    hours.enabled
      ? `Office hours ${hours.schedule}: MWAA, the Client VPN association, NAT gateways and interface endpoints ` +
        `exist ${hours.billedHoursPerMonth} h of ${a.hours_per_month} h a month (the window plus ` +
        `${a.office_hours_overhead_hours_per_day} h a day to create and delete them).`
      : `No office hours: everything runs ${a.hours_per_month} h a month.`,
    '',
    `Computed from the synthesized resources of this environment. Prices: ${report.prices.currency}, ` +
      `on-demand list prices retrieved ${report.prices.retrieved} (prices/aws-prices.json). ` +
      `\\* marks a price not confirmed for the region; ${usd(t.unverifiedUsd)} USD of the ` +
      `total rests on such prices, and with every unconfirmed price at the low and high end of its published range ` +
      `the total is ${usd(t.rangeUsd[0])}-${usd(t.rangeUsd[1])} USD. Taxes, data transfer out, request charges and ` +
      'free tiers are not included.',
    '',
    `Reference: ${report.reference}.`,
    '',
    `Assumptions (\`cost\` block of the environment file; EMR sizing from its \`emr\` block): ${a.hours_per_month} h/month; NAT ` +
      `${a.nat_gb_processed_per_month} GB and endpoints ${a.interface_endpoint_gb_processed_per_month} GB processed; ` +
      `${a.vpn_connection_hours_per_month} VPN connection-hours; ${a.mwaa_average_extra_workers} extra MWAA workers ` +
      `on average; ${a.log_gb_per_month_per_group} GB logs per group × ${a.log_volume_multiplier} (reference DEBUG: ` +
      `× ${a.reference_debug_log_multiplier}); flow logs ${a.flow_log_gb_per_month} GB; lake ` +
      `raw ${a.s3_gb_by_zone.raw} / staging ${a.s3_gb_by_zone.staging} / curated ${a.s3_gb_by_zone.curated} / ` +
      `logs ${a.s3_gb_by_zone.logs} GB; EMR ${a.emr_runs_per_month} runs × ${a.emr_hours_per_run} h on ` +
      `${a.emr_primary_count} + ${a.emr_core_count} ${a.emr_instance_type}, ${Math.round(a.emr_spot_share * 100)}% Spot.`,
  ];
  if (report.unpricedResourceTypes.length > 0) {
    lines.push('', `Not estimated (no price model yet): ${report.unpricedResourceTypes.join(', ')}.`);
  }
  return lines.join('\n') + '\n';
}

/** dev, staging, prod first (the order people read them in), then any other environment. */
export function inReadingOrder<T extends { environment: string }>(items: readonly T[]): T[] {
  const rank = (name: string) => {
    const index = ['dev', 'staging', 'prod'].indexOf(name);
    return index < 0 ? 3 : index;
  };
  return [...items].sort(
    (x, y) => rank(x.environment) - rank(y.environment) || x.environment.localeCompare(y.environment),
  );
}

/** One line per environment and the total across them. */
export function renderSummaryMarkdown(reports: readonly CostReport[]): string {
  const ordered = inReadingOrder(reports);
  const sum = (of: (totals: CostTotals) => number) =>
    round2(ordered.reduce((total, r) => total + of(r.totals), 0));
  const row = (
    name: string,
    t: Omit<CostTotals, 'ratio' | 'designRatio' | 'unverifiedUsd' | 'rangeUsd'>,
    design: string,
  ) =>
    `| ${name} | ${usd(t.monthlyUsd)} | ${usd(t.referenceUsd)} | ${(t.monthlyUsd / t.referenceUsd).toFixed(2)}× | ` +
    `${design} | ${usd(t.fromDesignUsd)} | ${usd(t.fromOfficeHoursUsd)} | ${usd(t.fromAssumptionsUsd)} | ` +
    `${percent(t.alwaysOnUsd, t.monthlyUsd)} |`;
  return (
    [
      '| Environment | Monthly (USD) | Reference (USD) | Ratio | Design alone | Saving: design | Saving: office hours | Saving: assumptions | Always-on |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...ordered.map((r) => row(r.environment, r.totals, `${r.totals.designRatio.toFixed(2)}×`)),
      row(
        '**All environments**',
        {
          monthlyUsd: sum((t) => t.monthlyUsd),
          referenceUsd: sum((t) => t.referenceUsd),
          savingUsd: sum((t) => t.savingUsd),
          fromDesignUsd: sum((t) => t.fromDesignUsd),
          fromOfficeHoursUsd: sum((t) => t.fromOfficeHoursUsd),
          fromAssumptionsUsd: sum((t) => t.fromAssumptionsUsd),
          alwaysOnUsd: sum((t) => t.alwaysOnUsd),
        },
        '',
      ),
    ].join('\n') + '\n'
  );
}

export interface EnvironmentCostInput {
  readonly environment: string;
  /** The environment's `cost` block; defaults when absent. */
  readonly cost?: CostAssumptionsInput;
  readonly region?: string;
  readonly officeHours?: OfficeHours;
}

/**
 * Writes `<outdir>/cost-<env>.md` and `.json` for each environment from
 * `<synthDir>/stacks/platform-<env>/cdk.tf.json` (synthDir defaults to outdir); returns the reports.
 * A region or instance type missing from the price table does not fail synth: the environment's
 * files say what is missing, a warning goes to stderr, and `npm run cost` fails on it instead.
 */
export function writeCostReports(
  outdir: string,
  environments: readonly EnvironmentCostInput[],
  synthDir = outdir,
): CostReport[] {
  const prices = loadPriceFile();
  mkdirSync(outdir, { recursive: true });
  const reports: CostReport[] = [];
  for (const env of environments) {
    const stack = readStackJson(join(synthDir, 'stacks', `platform-${env.environment}`, 'cdk.tf.json'));
    const base = join(outdir, `cost-${env.environment}`);
    try {
      const report = costReport(stack, {
        environment: env.environment,
        assumptions: env.cost,
        prices,
        region: env.region,
        officeHours: env.officeHours,
      });
      writeFileSync(`${base}.md`, renderCostMarkdown(report));
      writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
      reports.push(report);
    } catch (error) {
      if (!(error instanceof PriceLookupError)) throw error;
      process.stderr.write(`warning: no cost estimate for ${env.environment}: ${error.message}\n`);
      writeFileSync(
        `${base}.md`,
        `## Monthly cost estimate: ${env.environment}\n\nNo estimate: ${error.message}\n`,
      );
      writeFileSync(
        `${base}.json`,
        JSON.stringify({ environment: env.environment, error: error.message }, null, 2) + '\n',
      );
    }
  }
  return reports;
}
