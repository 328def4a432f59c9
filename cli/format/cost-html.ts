/**
 * `gpukit cost --format html`: one self-contained page (inline CSS and SVG, no scripts, no external
 * requests) with a bar chart of monthly cost per target stacked by component, then the tables.
 */
import { COST_CATEGORIES, type CostCategory } from "../../cost/types";
import type { CostReport } from "../../cost/report-types";
import { billable, coverage, headline, money, provenance, signed } from "./cost-common";

/** Colour of each category in the chart. */
export const CATEGORY_COLORS: Record<CostCategory, string> = {
  compute: "#4e79a7",
  storage: "#f28e2b",
  network: "#59a14f",
  "load-balancer": "#e15759",
  database: "#b07aa1",
  other: "#9c755f",
};

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The inline SVG: one horizontal bar per target, segments per category, scaled to the largest target. */
export function costChartSvg(report: CostReport): string {
  const barH = 34;
  const gap = 18;
  const left = 330;
  const width = 1100;
  const plotW = width - left - 230;
  const top = 40;
  const height = top + report.targets.length * (barH + gap) + 40;
  const max = Math.max(1e-9, ...report.targets.map((t) => t.monthlyCost));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Monthly cost per target">`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">Monthly cost per target (${esc(report.currency)}), by component</text>`,
  ];
  report.targets.forEach((t, i) => {
    const y = top + i * (barH + gap);
    parts.push(`<text x="${left - 10}" y="${y + barH / 2 + 5}" font-size="13" text-anchor="end">${esc(`${t.name} (${t.cloud} ${t.region})`)}</text>`);
    let x = left;
    for (const k of COST_CATEGORIES) {
      const v = t.byCategory[k];
      if (!v) continue;
      const w = (v / max) * plotW;
      parts.push(`<rect class="bar" data-target="${esc(t.name)}" x="${x.toFixed(1)}" y="${y}" width="${Math.max(1, w).toFixed(1)}" height="${barH}" fill="${CATEGORY_COLORS[k]}"><title>${esc(`${t.name} ${k}: ${money(v, report.currency)}`)}</title></rect>`);
      x += w;
    }
    if (t.monthlyCost === 0) parts.push(`<rect x="${left}" y="${y}" width="2" height="${barH}" fill="#999"/>`);
    parts.push(`<text x="${x + 8}" y="${y + barH / 2 + 5}" font-size="13">${esc(money(t.monthlyCost))}${t.unpricedLines ? ` + ${t.unpricedLines} unpriced` : ""}</text>`);
  });
  const ly = height - 18;
  let lx = left;
  for (const k of COST_CATEGORIES) {
    parts.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${CATEGORY_COLORS[k]}"/><text x="${lx + 16}" y="${ly}" font-size="12">${k}</text>`);
    lx += 26 + k.length * 7.5;
  }
  parts.push("</svg>");
  return parts.join("\n");
}

/** Renders the whole page. */
export function renderCostHtml(report: CostReport): string {
  const c = esc(report.currency);
  const rows = billable(report)
    .flatMap((r) =>
      r.pricing === "unpriced"
        ? [`<tr class="unpriced"><td>${esc(r.name)}<br><code>${esc(r.resourceType)}</code></td><td colspan="3">unpriced: ${esc(r.reason ?? "")}</td><td>—</td></tr>`]
        : r.costComponents.map(
            (l, i) =>
              `<tr${l.priceNotFound ? ' class="unpriced"' : l.priceBook ? ' class="book"' : ""}><td>${i === 0 ? `${esc(r.name)}<br><code>${esc(r.resourceType)}</code>` : ""}</td><td>${esc(l.name)}</td><td class="n">${esc(money(l.monthlyQuantity))} ${esc(l.unit)}</td><td>${esc(provenance(l))}</td><td class="n">${esc(money(l.monthlyCost))}</td></tr>`,
          ),
    )
    .join("\n");
  const targets = report.targets
    .map((t) => `<tr><td>${esc(t.name)}</td><td>${esc(`${t.cloud} ${t.region}`)}</td><td class="n">${t.replicas.expected} (${t.replicas.min}–${t.replicas.max})</td><td class="n">${esc(money(t.hourlyCost))}</td><td class="n">${esc(money(t.monthlyCost))}</td><td class="n">${t.costPerMillionOutputTokens ? esc(money(t.costPerMillionOutputTokens.value)) : "—"}</td></tr>`)
    .join("\n");
  const diff = report.diff
    ? `<h2>Changes against ${esc(report.diff.baseline)}</h2><table><tr><th>resource</th><th>change</th><th>before ${c}</th><th>after ${c}</th><th>delta ${c}</th></tr>${report.diff.resources
        .filter((x) => x.change !== "unchanged")
        .map((x) => `<tr><td>${esc(x.name)}</td><td>${x.change}</td><td class="n">${esc(money(x.pastMonthlyCost))}</td><td class="n">${esc(money(x.monthlyCost))}</td><td class="n">${esc(signed(x.diffMonthlyCost))}</td></tr>`)
        .join("")}</table>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cost estimate: ${esc(report.stack)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:8px 0 20px;font-size:13px}td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}
td.n{text-align:right;white-space:nowrap}tr.unpriced td{background:#fff3f3}tr.book td{background:#f3f8ff}code{font-size:11px;color:#555}
.head p{margin:4px 0}
</style></head><body>
<h1>Cost estimate: ${esc(report.stack)}</h1>
<div class="head">${headline(report).map((l) => `<p>${esc(l)}</p>`).join("")}<p><em>${esc(coverage(report))}</em></p></div>
${costChartSvg(report)}
<h2>By target</h2><table><tr><th>target</th><th>cloud / region</th><th>replicas</th><th>hourly ${c}</th><th>monthly ${c}</th><th>per 1M output tokens ${c} (lower bound)</th></tr>${targets}</table>
<h2>By component</h2><table><tr><th>component</th><th>hourly ${c}</th><th>monthly ${c}</th></tr>${COST_CATEGORIES.map((k) => `<tr><td>${k}</td><td class="n">${esc(money(report.byCategory[k].hourly))}</td><td class="n">${esc(money(report.byCategory[k].monthly))}</td></tr>`).join("")}</table>
${diff}
<h2>By resource</h2><p>Blue rows come from a price book; red rows have no price and are not in the totals.</p>
<table><tr><th>resource</th><th>line</th><th>quantity / month</th><th>price (status, date)</th><th>monthly ${c}</th></tr>
${rows}
</table>
<h2>Assumptions</h2><ul>${report.assumptions.map((a) => `<li>${esc(a)}</li>`).join("")}</ul>
<p><small>Generated ${esc(report.timeGenerated)} by gpukit cost.</small></p>
</body></html>
`;
}
