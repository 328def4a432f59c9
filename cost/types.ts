/**
 * Types of the cost preview: what `price()` returns for one recorded resource, and the context it
 * prices in. Plain data, no Pulumi: the offline run hands over `RecordedResource`s, nothing else.
 */
import type { Catalog } from "../catalog/load";
import type { Cloud, Currency, PriceStatus } from "../catalog/schema";
import type { ComponentPrices } from "../catalog/prices/schema";
import type { TargetPlan } from "../components/plan/types";
import type { PriceBook } from "./price-book";
import type { ResolvedUsage } from "./usage";

/** The part of the bill a cost line belongs to (the report's "by component" breakdown). */
export const COST_CATEGORIES = ["compute", "storage", "network", "load-balancer", "database", "other"] as const;
/** One of {@link COST_CATEGORIES}. */
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** What `price()` reads of a recorded resource (a subset of cli/offline/recorder.ts `RecordedResource`). */
export interface PriceableResource {
  type: string;
  name: string;
  urn?: string;
  parent?: string | null;
  region?: string;
  custom?: boolean;
  inputs: Record<string, unknown>;
}

/**
 * One priced line of a resource, in Infracost's shape. Quantities are per hour and per month;
 * `price` is per `unit` in the native `currency`; costs are in the native currency too (the report
 * converts). `priceNotFound` lines have null price and costs and are listed, never summed as zero.
 */
export interface CostComponent {
  name: string;
  /** Unit of the quantities: `hours`, `GB`, `IOPS`, `MiB/s`, `LCU-hours`, `months`. */
  unit: string;
  category: CostCategory;
  hourlyQuantity: number | null;
  monthlyQuantity: number | null;
  price: number | null;
  /** Unit `price` is quoted per: `hour`, `GB-month`, `IOPS-month`, `MiBps-month`, `LCU-hour`, `CU-hour`, `GB`, `month`. */
  priceUnit: string;
  currency: Currency | null;
  hourlyCost: number | null;
  monthlyCost: number | null;
  priceNotFound: boolean;
  /** The quantity is a usage assumption (traffic, LCUs), not a provisioned size. */
  usageBased: boolean;
  status: PriceStatus;
  /** Source title (and URL) of the price, or null when unknown. */
  source: string | null;
  date: string | null;
  /** Name of the price book the price came from (the line overrides the catalog). */
  priceBook?: string;
  note?: string;
}

/** Result of pricing one resource. */
export type PriceResult =
  | { kind: "priced"; category: CostCategory; components: CostComponent[]; notes: string[] }
  | { kind: "free"; category: CostCategory; reason: string }
  | { kind: "unpriced"; category: CostCategory; reason: string };

/** Which replica count the compute lines use: `replicas.min`, the usage's expected count, or `replicas.max`. */
export type ReplicaScenario = "min" | "expected" | "max";

/** Everything `price()` prices with. */
export interface PriceContext {
  catalog: Catalog;
  prices: ComponentPrices;
  usage: ResolvedUsage;
  /** The plan target the resource belongs to (instance type, replicas, spot); undefined for shared resources. */
  target?: TargetPlan;
  /** Replica count compute lines use; default `expected`. */
  scenario?: ReplicaScenario;
  priceBook?: PriceBook;
}

/** A price rule: the pricing of one resource type. */
export type PriceRule = (resource: PriceableResource, ctx: PriceContext, cloud: Cloud) => PriceResult;
