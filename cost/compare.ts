/**
 * Before / after / delta of two cost reports, per resource (matched by type and name) and in
 * total, in Infracost's fields (`pastTotalMonthlyCost`, `diffTotalMonthlyCost`). The baseline must
 * be in the same currency; the caller converts or refuses.
 */
import type { CostReport, ResourceDiff } from "./report-types";

const r4 = (n: number): number => Math.round(n * 1e4) / 1e4;

/** Returns `current` with the past totals, the deltas and the per-resource diff against `baseline` added. */
export function compareReports(current: CostReport, baseline: CostReport, label: string, source: "baseline-file" | "child-process"): CostReport {
  if (baseline.currency !== current.currency) {
    throw new Error(`the baseline is in ${baseline.currency} and this report in ${current.currency}; rerun one of them with --currency ${current.currency}`);
  }
  const key = (r: { resourceType: string; name: string }) => `${r.resourceType}\u0000${r.name}`;
  const before = new Map(baseline.projects.flatMap((p) => p.breakdown.resources).map((r) => [key(r), r]));
  const after = new Map(current.projects.flatMap((p) => p.breakdown.resources).map((r) => [key(r), r]));
  const resources: ResourceDiff[] = [];
  for (const [k, r] of after) {
    const b = before.get(k);
    const past = b ? b.monthlyCost : null;
    const now = r.monthlyCost;
    const diff = b ? (past === null || now === null ? null : r4(now - past)) : now;
    resources.push({ name: r.name, resourceType: r.resourceType, pastMonthlyCost: past, monthlyCost: now, diffMonthlyCost: diff, change: !b ? "added" : diff === 0 ? "unchanged" : "changed" });
  }
  for (const [k, b] of before) {
    if (after.has(k)) continue;
    resources.push({ name: b.name, resourceType: b.resourceType, pastMonthlyCost: b.monthlyCost, monthlyCost: null, diffMonthlyCost: b.monthlyCost === null ? null : -b.monthlyCost, change: "removed" });
  }
  resources.sort((a, b) => Math.abs(b.diffMonthlyCost ?? 0) - Math.abs(a.diffMonthlyCost ?? 0));
  return {
    ...current,
    pastTotalHourlyCost: baseline.totalHourlyCost,
    pastTotalMonthlyCost: baseline.totalMonthlyCost,
    diffTotalHourlyCost: r4(current.totalHourlyCost - baseline.totalHourlyCost),
    diffTotalMonthlyCost: r4(current.totalMonthlyCost - baseline.totalMonthlyCost),
    diff: { baseline: label, source, resources },
  };
}

/** Whether a parsed JSON value looks like a cost report (`gpukit cost --format json`). */
export function isCostReport(value: unknown): value is CostReport {
  const v = value as Partial<CostReport> | null;
  return !!v && v.version === "1" && typeof v.totalMonthlyCost === "number" && Array.isArray(v.projects);
}
