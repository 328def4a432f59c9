/**
 * Loads `catalog/data/component-prices.json`, validates it with zod and cross-checks it (source
 * ids resolve, status unknown ⇔ price null, no key priced twice for a region). Every problem is
 * reported with its path; the result is cached for the process.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ComponentPricesFileSchema, type ComponentPrice, type ComponentPrices, type SpotBasis } from "./schema";
import type { Cloud } from "../schema";

const FILE = path.join(__dirname, "..", "data", "component-prices.json");

function fmtPath(p: ReadonlyArray<PropertyKey>): string {
  return p.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("");
}

/** Every problem of a raw `component-prices.json` value, each as `component-prices.json<path>: message`. Pure. */
export function validateComponentPrices(raw: unknown): string[] {
  const parsed = ComponentPricesFileSchema.safeParse(raw);
  if (!parsed.success) return parsed.error.issues.map((i) => `component-prices.json${fmtPath(i.path)}: ${i.message}`);
  const data = parsed.data;
  const problems: string[] = [];
  const ids = new Set(data.sources.map((s) => s.id));
  const seen = new Set<string>();
  data.prices.forEach((p, i) => {
    const at = `component-prices.json.prices[${i}]`;
    if (!ids.has(p.source)) problems.push(`${at}.source: unknown source id "${p.source}"`);
    if (p.status === "unknown" && (p.price !== null || p.currency !== null)) problems.push(`${at}: status unknown requires price null and currency null`);
    if (p.status !== "unknown" && (p.price === null || p.currency === null)) problems.push(`${at}: status ${p.status} requires a price and a currency`);
    for (const r of p.regions) {
      const k = `${p.cloud}/${p.key}/${r}`;
      if (seen.has(k)) problems.push(`${at}.regions: ${p.key} priced twice for ${p.cloud} ${r}`);
      seen.add(k);
    }
  });
  data.spot.forEach((s, i) => {
    if (!ids.has(s.source)) problems.push(`component-prices.json.spot[${i}].source: unknown source id "${s.source}"`);
  });
  return problems;
}

let cached: ComponentPrices | undefined;

/**
 * The validated component prices (read once per process). Throws one Error listing every problem.
 * `raw` overrides the file (tests).
 */
export function loadComponentPrices(raw?: unknown): ComponentPrices {
  if (raw === undefined && cached) return cached;
  const value = raw ?? JSON.parse(fs.readFileSync(FILE, "utf8"));
  const problems = validateComponentPrices(value);
  if (problems.length) throw new Error(`Invalid component prices (${problems.length}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  const data = ComponentPricesFileSchema.parse(value);
  if (raw === undefined) cached = data;
  return data;
}

/** The row of `key` for `cloud` in `region` (an exact region row wins over `*`); undefined when absent. */
export function findComponentPrice(prices: ComponentPrices, cloud: Cloud, key: string, region: string): ComponentPrice | undefined {
  const rows = prices.prices.filter((p) => p.cloud === cloud && p.key === key);
  return rows.find((p) => p.regions.includes(region)) ?? rows.find((p) => p.regions.includes("*"));
}

/** The spot basis of `cloud`, if the file has one. */
export function spotBasisOf(prices: ComponentPrices, cloud: Cloud): SpotBasis | undefined {
  return prices.spot.find((s) => s.cloud === cloud);
}

/** `title (url)` of a source id of the file, or the id itself. */
export function componentSourceLabel(prices: ComponentPrices, id: string): string {
  const s = prices.sources.find((x) => x.id === id);
  if (!s) return id;
  return s.url ? `${s.title} (${s.url})` : s.title;
}
