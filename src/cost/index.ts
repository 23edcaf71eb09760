export {
  costAssumptionsSchema,
  costAssumptions,
  type CostAssumptions,
  type CostAssumptionsInput,
} from './assumptions';
export { estimate, type Estimate, type LineItem } from './estimate';
export { inventoryOf, type Inventory } from './inventory';
export {
  loadPriceFile,
  regionPricesFor,
  instancePricesFor,
  mwaaPricesFor,
  PriceLookupError,
  type PriceFile,
} from './prices';
export { referenceDesign, referenceLayout, REFERENCE_DESCRIPTION } from './reference';
export { billedHoursPerMonth, officeDays, shouldBeOn, utcCrons, type OfficeHours } from './office-hours';
export {
  costReport,
  inReadingOrder,
  renderCostMarkdown,
  renderSummaryMarkdown,
  writeCostReports,
  type CostReport,
  type CostRow,
  type EnvironmentCostInput,
} from './report';
