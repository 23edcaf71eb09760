import type { CostAssumptions } from './assumptions';
import type { Inventory } from './inventory';
import { networkLines } from './network-lines';
import { regionPricesFor, type PriceEntry, type PriceFile, type RegionPrices } from './prices';
import { serviceLines } from './service-lines';

/**
 * Monthly line items from an inventory, prices and usage assumptions. Pure arithmetic: quantity ×
 * unit price, one line per billing dimension, each naming the resources it comes from. The
 * handlers live by area (network-lines, service-lines); this module adds them up.
 */

export interface LineItem {
  /** Stable key, used to line an environment up against the reference layout. */
  readonly key: string;
  readonly label: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
  /** Whether the unit price was confirmed in a published source (prices/aws-prices.json). */
  readonly verified: boolean;
  /** Billed by the hour the resource exists, used or not (the always-on share). */
  readonly alwaysOn: boolean;
  /** The line at the low and high end of an unconfirmed price's published range. */
  readonly rangeUsd: readonly [number, number];
  readonly resources: readonly string[];
}

export interface Estimate {
  readonly region: string;
  readonly lines: readonly LineItem[];
  readonly totalUsd: number;
  /** Part of the total priced with figures marked `verified: false`. */
  readonly unverifiedUsd: number;
  /** The total at the low and high end of every price range. */
  readonly rangeUsd: readonly [number, number];
}

export interface LineInput {
  readonly key: string;
  readonly label: string;
  readonly quantity: number;
  readonly unit: string;
  readonly price: PriceEntry;
  readonly resources: readonly string[];
  /** When the unit price is derived from the entry (a Spot price from the On-Demand one). */
  readonly unitPriceUsd?: number;
  readonly alwaysOn?: boolean;
}

/** What a handler needs: the region's prices, the assumptions and where to put its lines. */
export interface PricingContext {
  readonly region: string;
  readonly prices: RegionPrices;
  readonly assumptions: CostAssumptions;
  readonly hours: number;
  /** Hours the parts removed outside office hours exist (MWAA, VPN association, NAT, endpoints). */
  readonly officeHours: number;
  /** Adds a line; lines with no quantity are left out. */
  add(line: LineInput): void;
}

export type LineHandler = (inventory: Inventory, context: PricingContext) => void;

export const round2 = (usd: number) => Math.round(usd * 100) / 100;

export function estimate(
  inventory: Inventory,
  assumptions: CostAssumptions,
  table: PriceFile,
  fallbackRegion = 'eu-north-1',
  officeHours = assumptions.hours_per_month,
): Estimate {
  const region = inventory.region ?? fallbackRegion;
  const lines: LineItem[] = [];
  const context: PricingContext = {
    region,
    prices: regionPricesFor(table, region),
    assumptions,
    hours: assumptions.hours_per_month,
    officeHours,
    add({ key, label, quantity, unit, price, resources, unitPriceUsd = price.usd, alwaysOn = false }) {
      if (quantity <= 0) return;
      const monthlyUsd = quantity * unitPriceUsd;
      const [low, high] = price.range_usd?.map((usd) => quantity * usd) ?? [monthlyUsd, monthlyUsd];
      lines.push({
        key,
        label,
        quantity,
        unit,
        unitPriceUsd,
        monthlyUsd,
        verified: price.verified,
        alwaysOn,
        rangeUsd: [low ?? monthlyUsd, high ?? monthlyUsd],
        resources,
      });
    },
  };
  for (const handler of [...networkLines, ...serviceLines]) handler(inventory, context);

  const sum = (items: LineItem[], of = (line: LineItem) => line.monthlyUsd) =>
    items.reduce((total, line) => total + of(line), 0);
  return {
    region,
    lines,
    totalUsd: sum(lines),
    unverifiedUsd: sum(lines.filter((line) => !line.verified)),
    rangeUsd: [sum(lines, (line) => line.rangeUsd[0]), sum(lines, (line) => line.rangeUsd[1])],
  };
}
