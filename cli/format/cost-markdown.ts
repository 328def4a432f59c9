/**
 * `gpukit cost --format markdown`: sized for a PR comment — totals and the biggest changes first,
 * per-target and per-component tables, then every line in a collapsed `<details>`.
 */
import { COST_CATEGORIES } from "../../cost/types";
import type { CostReport } from "../../cost/report-types";
import { billable, coverage, headline, money, provenance, signed } from "./cost-common";

const esc = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** How many changed resources the comment lists before the details. */
export const TOP_CHANGES = 10;

/** Renders the report as GitHub-flavoured Markdown. */
export function renderCostMarkdown(report: CostReport): string {
  const c = report.currency;
  const out: string[] = [`### 💰 Cost estimate: \`${report.stack}\``, "", ...headline(report).map((l) => `${l}  `), "", `_${coverage(report)}_`, ""];
  if (report.diff) {
    const changes = report.diff.resources.filter((x) => x.change !== "unchanged").slice(0, TOP_CHANGES);
    out.push(`#### Biggest changes against \`${report.diff.baseline}\``, "", `| resource | change | before ${c} | after ${c} | delta ${c} |`, "|---|---|--:|--:|--:|");
    for (const x of changes) out.push(`| ${esc(x.name)} \`${x.resourceType}\` | ${x.change} | ${money(x.pastMonthlyCost)} | ${money(x.monthlyCost)} | ${signed(x.diffMonthlyCost)} |`);
    if (!changes.length) out.push("| _no change_ | | | | |");
    out.push("");
  }
  out.push(`| target | cloud / region | replicas | monthly ${c} | per 1M output tokens (≥) |`, "|---|---|--:|--:|--:|");
  for (const t of report.targets) {
    out.push(`| ${t.name} | ${t.cloud} ${t.region} | ${t.replicas.expected} (${t.replicas.min}–${t.replicas.max}) | ${money(t.monthlyCost)}${t.unpricedLines ? ` (+${t.unpricedLines} unpriced)` : ""} | ${t.costPerMillionOutputTokens ? money(t.costPerMillionOutputTokens.value) : "—"} |`);
  }
  out.push("", `| component | monthly ${c} |`, "|---|--:|");
  for (const k of COST_CATEGORIES) if (report.byCategory[k].monthly) out.push(`| ${k} | ${money(report.byCategory[k].monthly)} |`);
  out.push("", "<details><summary>Every priced line</summary>", "", `| resource | line | quantity/month | price | monthly ${c} |`, "|---|---|--:|---|--:|");
  for (const r of billable(report)) {
    if (r.pricing === "unpriced") out.push(`| ${esc(r.name)} | **unpriced**: ${esc(r.reason ?? "")} | | | — |`);
    else for (const l of r.costComponents) out.push(`| ${esc(r.name)} | ${esc(l.name)}${l.priceBook ? " 📒" : ""} | ${money(l.monthlyQuantity)} ${l.unit} | ${esc(provenance(l))} | ${money(l.monthlyCost)} |`);
  }
  out.push("", "</details>", "");
  if (report.unpriced.length) {
    out.push("<details><summary>Without a price (" + report.unpriced.length + ")</summary>", "");
    for (const u of report.unpriced) out.push(`- \`${u.name}\`${u.component ? ` — ${esc(u.component)}` : ""}: ${esc(u.reason)}`);
    out.push("", "</details>", "");
  }
  out.push("<details><summary>Assumptions</summary>", "", ...report.assumptions.map((a) => `- ${a}`), "", "</details>", "");
  return out.join("\n");
}
