/**
 * Building blocks of the price rules: one cost line from a component key (price book first, then
 * the catalog's component prices), the GPU instance line (on-demand, spot with its basis, or
 * subscription), and the arithmetic of hourly and monthly quantities.
 */
import { findOffering } from "../catalog/lookup";
import { priceOf } from "../catalog/price";
import type { Cloud, Currency, PriceStatus } from "../catalog/schema";
import { componentSourceLabel, findComponentPrice, spotBasisOf } from "../catalog/prices/load";
import type { PriceUnit } from "../catalog/prices/schema";
import { findBookEntry } from "./price-book";
import type { CostCategory, CostComponent, PriceContext } from "./types";

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

/** Display unit of the quantities of a price unit. */
const QUANTITY_UNIT: Record<PriceUnit, string> = {
  hour: "hours",
  month: "months",
  "GB-month": "GB",
  "IOPS-month": "IOPS",
  "MiBps-month": "MiB/s",
  "LCU-hour": "LCU-hours",
  "CU-hour": "CU-hours",
  GB: "GB",
};

/** A unit billed per hour of running (quantity given per hour). */
const PER_HOUR: ReadonlySet<PriceUnit> = new Set(["hour", "LCU-hour", "CU-hour"]);

/** What a rule says about one line besides its price. */
export interface LineSpec {
  name: string;
  category: CostCategory;
  /** Units per hour for hourly units (instances, LCUs), units per month for monthly ones (GB, IOPS, months). */
  quantity: number;
  /** Hours per month the line runs (hourly units); default `usage.hoursPerMonth`. */
  hours?: number;
  usageBased?: boolean;
  note?: string;
}

/** A unit price with its provenance. */
export interface UnitPrice {
  unit: PriceUnit;
  price: number | null;
  currency: Currency | null;
  status: PriceStatus;
  source: string | null;
  date: string | null;
  priceBook?: string;
  note?: string;
}

/** Costs of a line: hourly units cost price × quantity per hour; monthly units cost price × quantity per month. */
export function costLine(spec: LineSpec, unit: UnitPrice, ctx: PriceContext): CostComponent {
  const hoursPerMonth = ctx.usage.hoursPerMonth;
  const perHour = PER_HOUR.has(unit.unit);
  const hours = spec.hours ?? hoursPerMonth;
  const hourlyQuantity = perHour ? spec.quantity : spec.quantity / hoursPerMonth;
  const monthlyQuantity = perHour ? spec.quantity * hours : spec.quantity;
  const found = unit.price !== null && unit.currency !== null;
  const monthlyCost = found ? unit.price! * monthlyQuantity : null;
  const hourlyCost = found ? (perHour ? unit.price! * spec.quantity : monthlyCost! / hoursPerMonth) : null;
  const out: CostComponent = {
    name: spec.name,
    unit: QUANTITY_UNIT[unit.unit],
    category: spec.category,
    hourlyQuantity: round6(hourlyQuantity),
    monthlyQuantity: round6(monthlyQuantity),
    price: unit.price,
    priceUnit: unit.unit,
    currency: unit.currency,
    hourlyCost: hourlyCost === null ? null : round6(hourlyCost),
    monthlyCost: monthlyCost === null ? null : round6(monthlyCost),
    priceNotFound: !found,
    usageBased: spec.usageBased ?? false,
    status: unit.status,
    source: unit.source,
    date: unit.date,
  };
  if (unit.priceBook) out.priceBook = unit.priceBook;
  const note = [spec.note, unit.note].filter(Boolean).join(" ");
  if (note) out.note = note;
  return out;
}

/** The unit price of component `key` on `cloud` in `region`: a price-book line, else the catalog row, else unknown. */
export function componentPrice(ctx: PriceContext, cloud: Cloud, key: string, region: string, fallbackUnit: PriceUnit): UnitPrice {
  const entry = findBookEntry(ctx.priceBook, cloud, region, { component: key });
  const row = findComponentPrice(ctx.prices, cloud, key, region);
  const unit = row?.unit ?? fallbackUnit;
  if (entry && entry.price !== undefined && entry.currency) {
    return { unit, price: entry.price, currency: entry.currency, status: "verified", source: `price book ${ctx.priceBook!.name}`, date: entry.date ?? ctx.priceBook!.date, priceBook: ctx.priceBook!.name, note: entry.note };
  }
  if (!row) return { unit, price: null, currency: null, status: "unknown", source: null, date: null, note: `No catalog row for ${cloud} ${key} in ${region}.` };
  const out: UnitPrice = { unit, price: row.price, currency: row.currency, status: row.status, source: componentSourceLabel(ctx.prices, row.source), date: row.date };
  if (row.note) out.note = row.note;
  if (row.price === null) out.note = [`No price found for ${cloud} ${key}${row.regions.includes("*") ? "" : ` in ${region}`}.`, row.note].filter(Boolean).join(" ");
  return out;
}

/** How an instance is billed, read from its inputs. */
export type Billing = "on-demand" | "spot" | "subscription";

/**
 * The price of one instance-hour of `instanceType` in `region` under `billing`:
 * - on-demand: price book `hourly`, else the plan's resolved price (same type), else the catalog's;
 * - spot: price book `spotHourly` (a recorded price with its date), else on-demand × the book's
 *   `spotRatio`, else on-demand × the cloud's spot basis in the catalog (`cap` = on-demand, an upper bound);
 * - subscription: price book `subscriptionMonthly` (unit `month`), else unknown (the catalog has none).
 */
export function instancePrice(ctx: PriceContext, cloud: Cloud, region: string, instanceType: string, billing: Billing): UnitPrice {
  const book = ctx.priceBook;
  const entry = findBookEntry(book, cloud, region, { offering: instanceType });
  const bookDate = entry?.date ?? book?.date ?? null;
  if (billing === "subscription") {
    if (entry?.subscriptionMonthly !== undefined && entry.currency) {
      return { unit: "month", price: entry.subscriptionMonthly, currency: entry.currency, status: "verified", source: `price book ${book!.name}`, date: bookDate, priceBook: book!.name, note: "Subscription (prepaid) per instance-month." };
    }
    return { unit: "month", price: null, currency: null, status: "unknown", source: null, date: null, note: `No subscription price for ${instanceType} in the catalog; add subscriptionMonthly in a price book.` };
  }
  let onDemand: UnitPrice;
  if (entry?.hourly !== undefined && entry.currency) {
    onDemand = { unit: "hour", price: entry.hourly, currency: entry.currency, status: "verified", source: `price book ${book!.name}`, date: bookDate, priceBook: book!.name };
  } else {
    const planned = ctx.target && ctx.target.offering.instanceType === instanceType ? ctx.target.offering.price : undefined;
    const offering = planned ? undefined : findOffering(ctx.catalog, cloud, instanceType);
    const p = planned ?? (offering ? priceOf(ctx.catalog, offering, region) : undefined);
    onDemand = p
      ? { unit: "hour", price: p.hourly, currency: p.currency, status: p.status, source: p.source, date: p.date, ...(p.note ? { note: p.note } : {}) }
      : { unit: "hour", price: null, currency: null, status: "unknown", source: null, date: null, note: `${instanceType} is not in the ${cloud} catalog.` };
  }
  if (billing === "on-demand") return onDemand;
  if (entry?.spotHourly !== undefined && entry.currency) {
    return { unit: "hour", price: entry.spotHourly, currency: entry.currency, status: "verified", source: `price book ${book!.name}`, date: bookDate, priceBook: book!.name, note: `Spot basis: recorded spot price of ${bookDate}. Spot capacity can be reclaimed at any time.` };
  }
  if (onDemand.price === null) return { ...onDemand, note: `Spot priced from on-demand, which is unknown. ${onDemand.note ?? ""}`.trim() };
  if (entry?.spotRatio !== undefined) {
    return { ...onDemand, price: onDemand.price * entry.spotRatio, priceBook: book!.name, date: bookDate, note: `Spot basis: ${entry.spotRatio} × on-demand ${onDemand.price} (price book ${book!.name}${entry.note ? `: ${entry.note}` : ""}). Spot capacity can be reclaimed at any time.` };
  }
  const basis = spotBasisOf(ctx.prices, cloud);
  if (!basis) return { ...onDemand, price: null, status: "unknown", note: `No spot basis for ${cloud}.` };
  const weaker = ["verified", "third-party", "estimate", "unknown"].indexOf(basis.status) > ["verified", "third-party", "estimate", "unknown"].indexOf(onDemand.status) ? basis.status : onDemand.status;
  const what = basis.basis === "cap" ? `ceiling = ${basis.ratio} × on-demand (an upper bound)` : `${basis.ratio} × on-demand`;
  return {
    ...onDemand,
    price: onDemand.price * basis.ratio,
    status: weaker,
    note: `Spot basis: ${what}; ${componentSourceLabel(ctx.prices, basis.source)}${basis.date ? `, ${basis.date}` : ""}. ${basis.note ?? ""} Spot capacity can be reclaimed at any time.`.replace(/\s+/g, " ").trim(),
  };
}
