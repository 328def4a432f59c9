/**
 * Price books: negotiated prices (per cloud, region and offering or component key, each with a
 * date) that override the catalog. YAML, validated with zod like the spec; every error carries its
 * path. Lines that override a catalog price are marked in every report format.
 *
 * ```yaml
 * name: acme-2026
 * date: 2026-11-01
 * prices:
 *   - { cloud: aws, region: us-east-1, offering: g5.xlarge, hourly: 0.85, currency: USD }
 *   - { cloud: alicloud, offering: ecs.gn7i-c8g1.2xlarge, spotRatio: 0.3, note: "30-day average" }
 *   - { cloud: aws, component: elb.alb.hour, price: 0.02, currency: USD, date: 2026-10-01 }
 * ```
 */
import * as fs from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { CLOUDS, CURRENCIES, type Cloud } from "../catalog/schema";

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected an ISO date YYYY-MM-DD");

/** One negotiated price. */
export const PriceBookEntrySchema = z
  .strictObject({
    cloud: z.enum(CLOUDS),
    /** Region it applies to; absent = every region of the cloud. */
    region: z.string().min(1).optional(),
    /** Instance type whose prices this line sets. */
    offering: z.string().min(1).optional(),
    /** Component key (see catalog/data/component-prices.json) whose unit price this line sets. */
    component: z.string().min(1).optional(),
    /** On-demand price per instance-hour (offering lines). */
    hourly: z.number().nonnegative().optional(),
    /** Recorded spot price per instance-hour (offering lines), dated by `date`. */
    spotHourly: z.number().nonnegative().optional(),
    /** Spot price as a fraction of on-demand, 0 < r ≤ 1 (offering lines). */
    spotRatio: z.number().positive().max(1).optional(),
    /** Subscription (prepaid, 包年包月) price per instance-month (offering lines). */
    subscriptionMonthly: z.number().nonnegative().optional(),
    /** Unit price of a component line, in the component's unit. */
    price: z.number().nonnegative().optional(),
    currency: z.enum(CURRENCIES).optional(),
    /** Date of this price; defaults to the book's date. */
    date: IsoDate.optional(),
    note: z.string().optional(),
  })
  .superRefine((e, ctx) => {
    if ((e.offering === undefined) === (e.component === undefined)) {
      ctx.addIssue({ code: "custom", message: "give exactly one of offering or component", path: [] });
      return;
    }
    if (e.offering !== undefined) {
      if (e.hourly === undefined && e.spotHourly === undefined && e.spotRatio === undefined && e.subscriptionMonthly === undefined) {
        ctx.addIssue({ code: "custom", message: "an offering line needs hourly, spotHourly, spotRatio or subscriptionMonthly", path: ["offering"] });
      }
      if (e.price !== undefined) ctx.addIssue({ code: "custom", message: "price belongs to component lines; use hourly for an offering", path: ["price"] });
    } else if (e.price === undefined) {
      ctx.addIssue({ code: "custom", message: "a component line needs price", path: ["price"] });
    }
    const money = e.hourly ?? e.spotHourly ?? e.subscriptionMonthly ?? e.price;
    if (money !== undefined && e.currency === undefined) ctx.addIssue({ code: "custom", message: "currency is required with a price", path: ["currency"] });
  });
/** One line of a price book. */
export type PriceBookEntry = z.infer<typeof PriceBookEntrySchema>;

/** A whole price book file. */
export const PriceBookSchema = z.strictObject({
  /** Shown on every line it overrides. */
  name: z.string().min(1),
  /** Date of the agreement or quote (YYYY-MM-DD). */
  date: IsoDate,
  note: z.string().optional(),
  prices: z.array(PriceBookEntrySchema).min(1),
});
/** A validated price book. */
export type PriceBook = z.infer<typeof PriceBookSchema>;

/** Thrown for an invalid price book: every problem with its path (exit code 2 in the CLI). */
export class PriceBookError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid price book ${file} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "PriceBookError";
  }
}

function fmtPath(p: ReadonlyArray<PropertyKey>): string {
  return p.length ? p.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("").replace(/^\./, "") : "(root)";
}

/** Validates a parsed price book value; throws {@link PriceBookError} with every problem. */
export function parsePriceBook(value: unknown, file = "price book"): PriceBook {
  const r = PriceBookSchema.safeParse(value);
  if (r.success) return r.data;
  throw new PriceBookError(file, r.error.issues.map((i) => `${fmtPath(i.path)}: ${i.message}`));
}

/** Reads and validates a YAML (or JSON) price book file. */
export function loadPriceBook(file: string): PriceBook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new PriceBookError(file, [`cannot read: ${(error as Error).message}`]);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new PriceBookError(file, [`not valid YAML: ${(error as Error).message}`]);
  }
  return parsePriceBook(value, file);
}

/** The most specific line (region match beats any-region) for an offering or a component key. */
export function findBookEntry(book: PriceBook | undefined, cloud: Cloud, region: string | undefined, what: { offering?: string; component?: string }): PriceBookEntry | undefined {
  if (!book) return undefined;
  const rows = book.prices.filter(
    (e) => e.cloud === cloud && (what.offering ? e.offering === what.offering : e.component === what.component) && (e.region === undefined || e.region === region),
  );
  return rows.find((e) => e.region !== undefined) ?? rows[0];
}
