/**
 * The cost report: Infracost's field names where they fit (`currency`, `totalHourlyCost`,
 * `totalMonthlyCost`, `pastTotalMonthlyCost`, `diffTotalMonthlyCost`, `projects[].breakdown.resources[]`
 * with `costComponents[]`), plus the kit's targets, categories, assumptions and coverage summary.
 * Schema: schema/cost-report.schema.json.
 */
import type { Cloud, Currency, PriceStatus } from "../catalog/schema";
import type { CostCategory, CostComponent } from "./types";
import type { ResolvedUsage } from "./usage";

/** A cost line in the report: unit price in its native `priceCurrency`, costs in the report's currency. */
export interface ReportComponent extends Omit<CostComponent, "currency"> {
  priceCurrency: Currency | null;
}

/** One resource of the breakdown. Free resources cost 0 with a reason; unpriced ones null with a reason. */
export interface ReportResource {
  name: string;
  resourceType: string;
  target: string | null;
  cloud: Cloud | null;
  region: string | null;
  category: CostCategory;
  pricing: "priced" | "free" | "unpriced";
  reason?: string;
  hourlyCost: number | null;
  monthlyCost: number | null;
  /** Some line of it comes from a price book. */
  priceBook: boolean;
  costComponents: ReportComponent[];
}

/** Hourly and monthly amounts in the report currency. */
export interface Amounts {
  hourly: number;
  monthly: number;
}

/** One target (placement) of the stack. */
export interface TargetCost {
  name: string;
  cloud: Cloud;
  region: string;
  replicas: { min: number; expected: number; max: number };
  hourlyCost: number;
  monthlyCost: number;
  byCategory: Record<CostCategory, number>;
  /** Monthly cost of each replica scenario. */
  scenarios: Record<"min" | "expected" | "max", Amounts>;
  /** Lines of this target without a price (its totals exclude them). */
  unpricedLines: number;
  /** Lower bound of the cost per million output tokens, or null (unknown price or throughput). */
  costPerMillionOutputTokens: { value: number; tokensPerHour: number; note: string } | null;
}

/** Per-resource change against a baseline. */
export interface ResourceDiff {
  name: string;
  resourceType: string;
  pastMonthlyCost: number | null;
  monthlyCost: number | null;
  diffMonthlyCost: number | null;
  change: "added" | "removed" | "changed" | "unchanged";
}

/** The whole report (`gpukit cost --format json`). */
export interface CostReport {
  version: "1";
  stack: string;
  environment: string;
  currency: Currency;
  timeGenerated: string;
  fx: { usdCny: number; status: string; source: string; date: string; applied: boolean; text: string };
  usage: ResolvedUsage;
  assumptions: string[];
  priceBook: { name: string; date: string } | null;
  totalHourlyCost: number;
  totalMonthlyCost: number;
  /** False when any line has no price: the totals are then lower bounds. */
  complete: boolean;
  scenarios: Record<"min" | "expected" | "max", Amounts>;
  budget: { monthly: number; currency: Currency; withinBudget: boolean };
  byCategory: Record<CostCategory, Amounts>;
  targets: TargetCost[];
  projects: Array<{ name: string; metadata: { stack: string; environment: string }; breakdown: { resources: ReportResource[]; totalHourlyCost: number; totalMonthlyCost: number } }>;
  summary: {
    totalResources: number;
    pricedResources: number;
    freeResources: number;
    unpricedResources: number;
    partiallyPricedResources: number;
    unpricedComponents: number;
    priceBookComponents: number;
    statuses: Record<PriceStatus, number>;
  };
  /** Every resource or line without a price, with the reason. */
  unpriced: Array<{ name: string; resourceType: string; component: string | null; reason: string }>;
  pastTotalHourlyCost?: number;
  pastTotalMonthlyCost?: number;
  diffTotalHourlyCost?: number;
  diffTotalMonthlyCost?: number;
  diff?: { baseline: string; source: "baseline-file" | "child-process"; resources: ResourceDiff[] };
}
