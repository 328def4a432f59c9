/**
 * Sums target costs into the budget currency. Unknown prices are listed, never counted as zero:
 * a total with an unpriced target is null. Monthly = hourly × `budget.hoursPerMonth` (730 by default).
 */
import type { Catalog, PriceStatus } from "../../catalog";
import { convertCurrency } from "../../catalog";
import type { DeploymentSpec } from "../spec/schema";
import { round4 } from "./sizing";
import type { CostSummary, TargetPlan } from "./types";

const STATUS_ORDER: PriceStatus[] = ["verified", "third-party", "estimate", "unknown"];

/** The least trustworthy of two statuses. */
export function weakerStatus(a: PriceStatus, b: PriceStatus): PriceStatus {
  return STATUS_ORDER.indexOf(a) >= STATUS_ORDER.indexOf(b) ? a : b;
}

/**
 * Cost of one target at `replicas.min` instances in the offering's own currency: hourly = price ×
 * replicas.min, monthly = hourly × `hoursPerMonth`; both null when the price is unknown.
 */
export function targetCost(price: TargetPlan["offering"]["price"], replicas: { min: number }, hoursPerMonth: number): TargetPlan["cost"] {
  const hourly = price.hourly === null ? null : round4(price.hourly * replicas.min);
  return { hourly, monthly: hourly === null ? null : round4(hourly * hoursPerMonth), currency: price.currency, status: price.status };
}

/** Cost of the whole deployment at `replicas.min` (and at `replicas.max`), in the budget currency. */
export function summarizeCost(targets: readonly TargetPlan[], spec: DeploymentSpec, catalog: Catalog): CostSummary {
  const currency = spec.budget.currency;
  let hourly = 0;
  let maxHourly = 0;
  let status: PriceStatus = "verified";
  let converted = false;
  const unpriced: string[] = [];
  for (const target of targets) {
    const price = target.offering.price;
    status = weakerStatus(status, price.status);
    if (price.hourly === null || price.currency === null) {
      unpriced.push(target.name);
      continue;
    }
    if (price.currency !== currency) converted = true;
    // A replica spanning nodes (runtime kubernetes, LeaderWorkerSet) pays for every node of it.
    const perInstance = convertCurrency(price.hourly, price.currency, currency, catalog.fx) * (target.kubernetes?.workload.nodesPerReplica ?? 1);
    hourly += perInstance * target.replicas.min;
    maxHourly += perInstance * target.replicas.max;
  }
  const known = unpriced.length === 0;
  const totalHourly = known ? round4(hourly) : null;
  const totalMonthly = known ? round4(hourly * spec.budget.hoursPerMonth) : null;
  return {
    currency,
    totalHourlyCost: totalHourly,
    totalMonthlyCost: totalMonthly,
    hoursPerMonth: spec.budget.hoursPerMonth,
    maxHourlyCost: known ? round4(maxHourly) : null,
    status,
    unpriced,
    fx: converted ? `1 USD = ${catalog.fx.usdCny} CNY (${catalog.fx.status}, ${catalog.fx.date})` : null,
    budget: {
      monthly: spec.budget.monthly,
      currency,
      withinBudget: totalMonthly === null ? null : totalMonthly <= spec.budget.monthly,
    },
  };
}
