/** Shared pieces of the cost report formats: money, signed deltas, and the lines worth showing. */
import type { CostReport, ReportComponent, ReportResource } from "../../cost/report-types";

/** `1,234.56 USD`; `—` for null. Two decimals, or four below 1. */
export function money(v: number | null | undefined, currency?: string): string {
  if (v === null || v === undefined) return "—";
  const digits = Math.abs(v) < 1 && v !== 0 ? 4 : 2;
  const s = v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return currency ? `${s} ${currency}` : s;
}

/** `+12.00` / `-3.50` / `0.00`. */
export function signed(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  return `${v > 0 ? "+" : ""}${money(v)}`;
}

/** Resources that cost something or have no price (free ones are summarised, not listed). */
export function billable(report: CostReport): ReportResource[] {
  return report.projects.flatMap((p) => p.breakdown.resources).filter((r) => r.pricing !== "free");
}

/** `price (status, date) [price book X]` of a line, then its note (spot basis, inclusions) when `withNote`. */
export function provenance(c: ReportComponent, withNote = true): string {
  if (c.priceNotFound) return "no price";
  const note = withNote && c.note ? ` — ${c.note}` : "";
  const price = `${c.price} ${c.priceCurrency}/${c.priceUnit}`;
  return `${price} (${c.status}${c.date ? `, ${c.date}` : ""})${c.priceBook ? ` [price book ${c.priceBook}]` : ""}${note}`;
}

/** One-line coverage summary. */
export function coverage(report: CostReport): string {
  const s = report.summary;
  return `${s.totalResources} resources: ${s.pricedResources} priced, ${s.partiallyPricedResources} partly priced, ${s.freeResources} free, ${s.unpricedResources} unpriced; ${s.unpricedComponents} line(s) without a price${s.priceBookComponents ? `; ${s.priceBookComponents} line(s) from a price book` : ""}.`;
}

/** The headline: totals, completeness and the FX rate. */
export function headline(report: CostReport): string[] {
  const c = report.currency;
  const out = [
    `Stack ${report.stack} (${report.environment}): ${money(report.totalMonthlyCost, c)}/month, ${money(report.totalHourlyCost, c)}/hour at expected replicas` +
      (report.complete ? "." : " — LOWER BOUND: some lines have no price (listed below)."),
    `Replicas min / expected / max: ${money(report.scenarios.min.monthly)} / ${money(report.scenarios.expected.monthly)} / ${money(report.scenarios.max.monthly)} ${c}/month. Budget ${money(report.budget.monthly, report.budget.currency)}: ${report.budget.withinBudget ? "within" : "EXCEEDED"}.`,
    `FX: ${report.fx.text}${report.fx.applied ? " (applied)" : " (not needed)"}.${report.priceBook ? ` Price book: ${report.priceBook.name} (${report.priceBook.date}).` : ""}`,
  ];
  if (report.diffTotalMonthlyCost !== undefined) {
    out.push(`Against ${report.diff?.baseline}: ${money(report.pastTotalMonthlyCost, c)} → ${money(report.totalMonthlyCost, c)} per month (${signed(report.diffTotalMonthlyCost)} ${c}).`);
  }
  return out;
}
