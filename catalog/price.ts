/**
 * Resolves the hourly price of an offering in a region from the catalog, with its status, source
 * and date, and converts between the two supported currencies. An unknown price stays unknown
 * (hourly null): nothing here ever prices a resource at zero.
 */
import type { Catalog } from "./load";
import type { Currency, Fx, Offering, PriceStatus } from "./schema";

/** Price of one instance-hour as resolved from the catalog (the planner's `PricePlan`). */
export interface ResolvedPrice {
  hourly: number | null;
  currency: Currency | null;
  status: PriceStatus;
  /** Source title, plus its URL when it has one. */
  source: string | null;
  date: string | null;
  note?: string;
}

/** `title (url)` of a source id, or the id itself when the source is missing from the catalog. */
function sourceLabel(catalog: Catalog, id: string): string {
  const s = catalog.sources.find((x) => x.id === id);
  if (!s) return id;
  return s.url ? `${s.title} (${s.url})` : s.title;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * The on-demand price of one instance of `offering` per hour in `region`:
 * 1. the offering's price row covering that region, as recorded (verified, third-party, estimate or unknown);
 * 2. else, in a mainland China region (residency `cn`) whose GPU has a placeholder range in
 *    `price-estimates.json`: status `estimate`, midpoint × GPU count in CNY, rounded to 2 decimals;
 * 3. else status `unknown` with hourly and currency null.
 */
export function priceOf(catalog: Catalog, offering: Offering, region: string): ResolvedPrice {
  const row = offering.prices.find((p) => p.regions.includes(region));
  if (row) {
    const out: ResolvedPrice = {
      hourly: row.hourly,
      currency: row.currency,
      status: row.status,
      source: sourceLabel(catalog, row.source),
      date: row.date,
    };
    if (row.note !== undefined) out.note = row.note;
    return out;
  }
  const reg = catalog.regions.find((r) => r.cloud === offering.cloud && r.region === region);
  const range = catalog.estimates.perGpuHour[offering.gpu];
  if (reg?.residency === "cn" && range) {
    const [lo, hi] = range;
    const mid = (lo + hi) / 2;
    return {
      hourly: round2(mid * offering.gpuCount),
      currency: catalog.estimates.currency,
      status: "estimate",
      source: sourceLabel(catalog, catalog.estimates.source),
      date: catalog.estimates.date,
      note:
        `Placeholder, not a quote: midpoint of the ${lo}-${hi} CNY per GPU-hour range for ${offering.gpu} ` +
        `× ${offering.gpuCount} GPU${offering.gpuCount === 1 ? "" : "s"}; no price found for ${offering.instanceType} in ${region}. ` +
        "Override with a real quote.",
    };
  }
  return {
    hourly: null,
    currency: null,
    status: "unknown",
    source: null,
    date: null,
    note: `No price found for ${offering.instanceType} in ${region}.`,
  };
}

/**
 * Converts an amount between USD and CNY with `fx.usdCny` (CNY per USD); identity when the
 * currencies are the same. The result is not rounded.
 */
export function convertCurrency(amount: number, from: Currency, to: Currency, fx: Fx): number {
  if (from === to) return amount;
  if (from === "USD" && to === "CNY") return amount * fx.usdCny;
  if (from === "CNY" && to === "USD") return amount / fx.usdCny;
  throw new Error(`Unsupported currency conversion ${from} → ${to}`);
}
