import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { costAssumptions, type CostAssumptions, type CostAssumptionsInput } from './assumptions';
import { estimate, round2, type Estimate } from './estimate';
import { inventoryOf } from './inventory';
import { loadPriceFile, PriceLookupError, type PriceFile } from './prices';
import { REFERENCE_DESCRIPTION, referenceLayout } from './reference';
import { readStackJson, type StackJson } from './synth-json';

/**
 * The cost report of one environment: its line items beside the reference layout's, as Markdown
 * and JSON. `writeCostReports` is what synth calls to put `cost-<env>.md|json` in cdktf.out.
 */

export interface CostRow {
  readonly key: string;
  readonly label: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly verified: boolean;
  readonly monthlyUsd: number;
  readonly referenceUsd: number;
  readonly savingUsd: number;
  readonly resources: readonly string[];
}

export interface CostReport {
  readonly environment: string;
  readonly region: string;
  readonly prices: { readonly source: string; readonly retrieved: string; readonly currency: string };
  readonly assumptions: CostAssumptions;
  readonly reference: string;
  readonly rows: readonly CostRow[];
  readonly totals: {
    readonly monthlyUsd: number;
    readonly referenceUsd: number;
    readonly savingUsd: number;
    readonly unverifiedUsd: number;
  };
  readonly unpricedResourceTypes: readonly string[];
}

export interface CostReportOptions {
  readonly environment: string;
  readonly assumptions?: CostAssumptionsInput;
  readonly prices?: PriceFile;
  /** Used when the stack has no AWS provider region. */
  readonly region?: string;
}

function rowsOf(actual: Estimate, reference: Estimate): CostRow[] {
  const referenceByKey = new Map(reference.lines.map((line) => [line.key, line]));
  const rows: CostRow[] = actual.lines.map((line) => {
    const referenceUsd = round2(referenceByKey.get(line.key)?.monthlyUsd ?? 0);
    const monthlyUsd = round2(line.monthlyUsd);
    const { key, label, quantity, unit, unitPriceUsd, verified, resources } = line;
    return {
      ...{ key, label, quantity, unit, unitPriceUsd, verified },
      monthlyUsd,
      referenceUsd,
      savingUsd: round2(referenceUsd - monthlyUsd),
      resources,
    };
  });
  const seen = new Set(actual.lines.map((line) => line.key));
  for (const line of reference.lines.filter((candidate) => !seen.has(candidate.key))) {
    const referenceUsd = round2(line.monthlyUsd);
    rows.push({
      key: line.key,
      label: `${line.label} (reference only)`,
      quantity: 0,
      unit: line.unit,
      unitPriceUsd: line.unitPriceUsd,
      verified: line.verified,
      monthlyUsd: 0,
      referenceUsd,
      savingUsd: referenceUsd,
      resources: [],
    });
  }
  return rows.map((row) => ({ ...row, quantity: Math.round(row.quantity * 1000) / 1000 }));
}

export function costReport(stack: StackJson, options: CostReportOptions): CostReport {
  const prices = options.prices ?? loadPriceFile();
  const assumptions = costAssumptions(options.assumptions);
  const inventory = inventoryOf(stack);
  const actual = estimate(inventory, assumptions, prices, options.region);
  const ref = referenceLayout(inventory, assumptions);
  const reference = estimate(ref.inventory, ref.assumptions, prices, options.region);
  const rows = rowsOf(actual, reference);
  const monthlyUsd = round2(actual.totalUsd);
  const referenceUsd = round2(reference.totalUsd);
  return {
    environment: options.environment,
    region: actual.region,
    prices: { source: prices.source, retrieved: prices.retrieved, currency: prices.currency },
    assumptions,
    reference: REFERENCE_DESCRIPTION,
    rows,
    totals: {
      monthlyUsd,
      referenceUsd,
      savingUsd: round2(referenceUsd - monthlyUsd),
      unverifiedUsd: round2(actual.unverifiedUsd),
    },
    unpricedResourceTypes: inventory.unpricedTypes,
  };
}

const usd = (value: number) => value.toFixed(2);
const quantity = (value: number, unit: string) =>
  `${value.toLocaleString('en-US', { maximumFractionDigits: 3 })} ${unit}`;
const unitPrice = (value: number, verified: boolean) =>
  `${Number(value.toPrecision(4)).toString()}${verified ? '' : '\\*'}`;

export function renderCostMarkdown(report: CostReport): string {
  const a = report.assumptions;
  const lines = [
    `## Monthly cost estimate: ${report.environment} (${report.region})`,
    '',
    '| Line item | Quantity | Unit price (USD) | Monthly (USD) | Reference (USD) | Saving (USD) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...report.rows.map(
      (row) =>
        `| ${row.label} | ${quantity(row.quantity, row.unit)} | ${unitPrice(row.unitPriceUsd, row.verified)} | ` +
        `${usd(row.monthlyUsd)} | ${usd(row.referenceUsd)} | ${usd(row.savingUsd)} |`,
    ),
    `| **Total** | | | **${usd(report.totals.monthlyUsd)}** | **${usd(report.totals.referenceUsd)}** | ` +
      `**${usd(report.totals.savingUsd)}** |`,
    '',
    `Computed from the synthesized resources of this environment. Prices: ${report.prices.currency}, ` +
      `on-demand list prices retrieved ${report.prices.retrieved} (prices/aws-prices.json). ` +
      `\\* marks a price not confirmed in a published source; ${usd(report.totals.unverifiedUsd)} USD of the ` +
      'total rests on such prices. Taxes, data transfer out, request charges and free tiers are not included.',
    '',
    `Reference: ${report.reference}.`,
    '',
    `Assumptions (\`cost\` block of the environment file): ${a.hours_per_month} h/month; NAT ` +
      `${a.nat_gb_processed_per_month} GB and endpoints ${a.interface_endpoint_gb_processed_per_month} GB processed; ` +
      `${a.vpn_connection_hours_per_month} VPN connection-hours; ${a.mwaa_average_extra_workers} extra MWAA workers ` +
      `on average; ${a.log_gb_per_month_per_group} GB logs per group × ${a.log_volume_multiplier}; lake ` +
      `raw ${a.s3_gb_by_zone.raw} / staging ${a.s3_gb_by_zone.staging} / curated ${a.s3_gb_by_zone.curated} / ` +
      `logs ${a.s3_gb_by_zone.logs} GB; EMR ${a.emr_runs_per_month} runs × ${a.emr_hours_per_run} h on ` +
      `${a.emr_primary_count} + ${a.emr_core_count} ${a.emr_instance_type}, ${Math.round(a.emr_spot_share * 100)}% Spot.`,
  ];
  if (report.unpricedResourceTypes.length > 0) {
    lines.push('', `Not estimated (no price model yet): ${report.unpricedResourceTypes.join(', ')}.`);
  }
  return lines.join('\n') + '\n';
}

export interface EnvironmentCostInput {
  readonly environment: string;
  /** The environment's `cost` block; defaults when absent. */
  readonly cost?: CostAssumptionsInput;
  readonly region?: string;
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
