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
export { referenceLayout, REFERENCE_DESCRIPTION } from './reference';
export {
  costReport,
  renderCostMarkdown,
  writeCostReports,
  type CostReport,
  type CostRow,
  type EnvironmentCostInput,
} from './report';
