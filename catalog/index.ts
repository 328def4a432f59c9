/**
 * Public surface of the catalog: the typed, validated data and the look-ups the spec, the planner
 * and the CLI use. The data lives in `catalog/data/*.json`; `load.ts` validates it once per process.
 */
export * from "./schema";
export { loadCatalog, type Catalog } from "./load";
export { findGpu, findRegion, findModel, findOffering, offeringsIn, gpuNames, regionNames } from "./lookup";
export { priceOf, convertCurrency, type ResolvedPrice } from "./price";
