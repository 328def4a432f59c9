/**
 * Zod schemas of `catalog/data/component-prices.json`: prices of the non-GPU components the kit
 * creates (disks, load balancers, NAT gateways, public IPs, traffic) and the spot basis per cloud.
 * Every row names its source, date and status; status `unknown` means price null, never zero.
 */
import { z } from "zod";
import { CLOUDS, CURRENCIES, PRICE_STATUSES, SourceSchema } from "../schema";

/**
 * Units a component price is quoted in. `hour` per resource-hour; `GB-month` per provisioned GB per
 * month; `IOPS-month` / `MiBps-month` per provisioned unit above the free baseline per month;
 * `LCU-hour` / `CU-hour` per capacity unit per hour; `GB` per GB transferred or processed.
 */
export const PRICE_UNITS = ["hour", "month", "GB-month", "IOPS-month", "MiBps-month", "LCU-hour", "CU-hour", "GB"] as const;
/** One of {@link PRICE_UNITS}. */
export type PriceUnit = (typeof PRICE_UNITS)[number];

/** The price of one component key (`ebs.gp3.storage`, `alb.standard.hour`, …) in a set of regions. */
export const ComponentPriceSchema = z.strictObject({
  cloud: z.enum(CLOUDS),
  /** Component key the price rules look up, e.g. `vpc.nat.hour`. */
  key: z.string().min(1),
  /** Regions it applies to; `["*"]` = every region of the cloud (the note says why). */
  regions: z.array(z.string().min(1)).min(1),
  unit: z.enum(PRICE_UNITS),
  /** Price per unit in `currency`; null with status `unknown`. */
  price: z.number().nonnegative().nullable(),
  currency: z.enum(CURRENCIES).nullable(),
  status: z.enum(PRICE_STATUSES),
  /** Source id (see `sources` of the same file). */
  source: z.string().min(1),
  /** ISO date of the quote or page; null when undated. */
  date: z.string().nullable(),
  note: z.string().optional(),
});
/** A row of `prices`. */
export type ComponentPrice = z.infer<typeof ComponentPriceSchema>;

/**
 * How spot / preemptible instances are priced on a cloud:
 * - `ratio`: on-demand price × `ratio` (a published or negotiated discount);
 * - `cap`: the ceiling the kit bids (`ratio` 1 = on-demand), an upper bound;
 * - `price`: a recorded spot price per instance type (only in price books, with its date).
 */
export const SpotBasisSchema = z.strictObject({
  cloud: z.enum(CLOUDS),
  basis: z.enum(["ratio", "cap"]),
  /** Multiplier on the on-demand price, 0 < ratio ≤ 1. */
  ratio: z.number().positive().max(1),
  status: z.enum(PRICE_STATUSES),
  source: z.string().min(1),
  date: z.string().nullable(),
  note: z.string().optional(),
});
/** A row of `spot`. */
export type SpotBasis = z.infer<typeof SpotBasisSchema>;

/** The whole `component-prices.json` file. */
export const ComponentPricesFileSchema = z.strictObject({
  /** Date of the snapshot (YYYY-MM-DD); bump it with every price change. */
  version: z.string().min(1),
  note: z.string(),
  sources: z.array(SourceSchema).min(1),
  prices: z.array(ComponentPriceSchema),
  spot: z.array(SpotBasisSchema),
});
/** The validated `component-prices.json`. */
export type ComponentPrices = z.infer<typeof ComponentPricesFileSchema>;
