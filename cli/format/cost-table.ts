/** `gpukit cost --format table`: totals, per target, per category, per resource with its lines, assumptions. */
import Table from "cli-table3";
import { COST_CATEGORIES } from "../../cost/types";
import type { CostReport } from "../../cost/report-types";
import { billable, coverage, headline, money, provenance, signed } from "./cost-common";

const style = { head: [], border: [] };

/** Renders the report as plain-text tables (fits 140 columns). */
export function renderCostTable(report: CostReport): string {
  const c = report.currency;
  const out: string[] = [...headline(report), coverage(report), ""];
  const targets = new Table({ head: ["target", "cloud / region", "replicas (min/exp/max)", `hourly ${c}`, `monthly ${c}`, `per 1M output tokens ${c} (≥)`, "unpriced lines"], style });
  for (const t of report.targets) {
    targets.push([t.name, `${t.cloud} ${t.region}`, `${t.replicas.min}/${t.replicas.expected}/${t.replicas.max}`, money(t.hourlyCost), money(t.monthlyCost), t.costPerMillionOutputTokens ? money(t.costPerMillionOutputTokens.value) : "—", String(t.unpricedLines)]);
  }
  out.push("By target", targets.toString(), "");
  const cats = new Table({ head: ["component", `hourly ${c}`, `monthly ${c}`], style });
  for (const k of COST_CATEGORIES) cats.push([k, money(report.byCategory[k].hourly), money(report.byCategory[k].monthly)]);
  out.push("By component", cats.toString(), "");
  const res = new Table({ head: ["resource", "line", "quantity / month", "price (status, date)", `monthly ${c}`], style, wordWrap: true, colWidths: [34, 44, 18, 44, 14] });
  for (const r of billable(report)) {
    if (r.pricing === "unpriced") {
      res.push([`${r.name}\n${r.resourceType}`, `UNPRICED: ${r.reason}`, "", "", "—"]);
      continue;
    }
    r.costComponents.forEach((line, i) => {
      res.push([i === 0 ? `${r.name}\n${r.resourceType}` : "", line.name + (line.note && line.priceNotFound ? `\n${line.note}` : ""), `${money(line.monthlyQuantity)} ${line.unit}`, provenance(line), money(line.monthlyCost)]);
    });
  }
  out.push("By resource (free resources omitted; see --format json)", res.toString(), "");
  if (report.diff) {
    const d = new Table({ head: ["resource", "change", `before ${c}`, `after ${c}`, `delta ${c}`], style });
    for (const x of report.diff.resources.filter((x) => x.change !== "unchanged")) d.push([`${x.name} (${x.resourceType})`, x.change, money(x.pastMonthlyCost), money(x.monthlyCost), signed(x.diffMonthlyCost)]);
    out.push(`Changes against ${report.diff.baseline} (${report.diff.source})`, d.toString(), "");
  }
  out.push("Assumptions", ...report.assumptions.map((a) => `  - ${a}`), "");
  return out.join("\n") + "\n";
}
