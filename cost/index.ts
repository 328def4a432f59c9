/**
 * Public surface of the cost preview: the one price function, the report builder and comparison,
 * price books and usage assumptions. Imports no Pulumi module (policies and the CLI share it).
 */
export { price, ruleFor, cloudOfType, PRICE_RULES } from "./price";
export { buildCostReport, targetsOf, tokensPerHour, type CostInput, type CostReportOptions } from "./report";
export { compareReports, isCostReport } from "./compare";
export { loadPriceBook, parsePriceBook, PriceBookError, type PriceBook, type PriceBookEntry } from "./price-book";
export { resolveUsage, replicasOf, describeUsage, type ResolvedUsage, type UsageInput } from "./usage";
export type { CostReport, ReportResource, ReportComponent, TargetCost } from "./report-types";
export type { CostCategory, CostComponent, PriceContext, PriceResult, PriceableResource } from "./types";
