/** `gpukit cost --format csv`: one row per cost line (and per free or unpriced resource), for finance spreadsheets. */
import type { CostReport } from "../../cost/report-types";

const HEADER = [
  "stack", "target", "cloud", "region", "resource", "resource_type", "category", "pricing", "line", "unit",
  "hourly_quantity", "monthly_quantity", "price", "price_currency", "status", "price_date", "source", "price_book",
  "hourly_cost", "monthly_cost", "currency", "note",
];

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Renders the report as RFC 4180 CSV with a header row; costs in the report currency. */
export function renderCostCsv(report: CostReport): string {
  const rows: unknown[][] = [HEADER];
  for (const r of report.projects.flatMap((p) => p.breakdown.resources)) {
    const base = [report.stack, r.target, r.cloud, r.region, r.name, r.resourceType];
    if (r.pricing !== "priced") {
      rows.push([...base, r.category, r.pricing, "", "", "", "", "", "", "", "", "", "", r.hourlyCost, r.monthlyCost, report.currency, r.reason]);
      continue;
    }
    for (const c of r.costComponents) {
      rows.push([...base, c.category, c.priceNotFound ? "unpriced" : "priced", c.name, c.unit, c.hourlyQuantity, c.monthlyQuantity, c.price, c.priceCurrency, c.status, c.date, c.source, c.priceBook, c.hourlyCost, c.monthlyCost, report.currency, c.note]);
    }
  }
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}
