/**
 * Output of `gpukit smoke`: the JSON document ({@link smokeJson}) and the plain-text report
 * ({@link formatSmokeTable}): checks with ✓/✗, one row per concurrency level, and, when the plan is
 * known, how far the figures are from what the hardware allows. No colours.
 */
import Table from "cli-table3";
import type { PlanBounds, SmokeReport } from "./run";
import type { LevelStats } from "./stats";

/** The `--format json` document: `{ endpoint, model, checks, levels, bounds, passed }`. */
export function smokeJson(report: SmokeReport): Record<string, unknown> {
  return {
    endpoint: report.endpoint,
    model: report.model,
    checks: report.checks.map((c) => ({ name: c.name, ok: c.ok, message: c.message })),
    levels: report.levels.map((l) => ({
      concurrency: l.concurrency,
      requests: l.requests,
      errors: l.errors,
      ttftMs: { p50: round(l.ttftMs.p50), p95: round(l.ttftMs.p95) },
      interTokenMs: { p50: round(l.interTokenMs.p50) },
      outputTokensPerSecond: { perRequest: round(l.outputTokensPerSecond.perRequest), total: round(l.outputTokensPerSecond.total) },
    })),
    bounds: report.bounds,
    passed: report.passed,
  };
}

/** One decimal; null stays null. */
function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/** A figure for the table: one decimal, `-` when unknown. */
function fig(value: number | null): string {
  return value === null ? "-" : (Math.round(value * 10) / 10).toFixed(1);
}

const STYLE = { head: [] as string[], border: [] as string[], "padding-left": 1, "padding-right": 1 };

/** How a level compares with the plan's bounds: ITL ÷ decode bound, concurrency ÷ what the engines hold. */
function versusBounds(level: LevelStats, bounds: PlanBounds): string {
  const parts: string[] = [];
  if (level.interTokenMs.p50 !== null && bounds.latencyBoundMsPerToken > 0) parts.push(`ITL ${(level.interTokenMs.p50 / bounds.latencyBoundMsPerToken).toFixed(1)}× bound`);
  const capacity = bounds.maxConcurrentSequences * bounds.engines;
  parts.push(`${level.concurrency}/${capacity} seq`);
  return parts.join(", ");
}

/** The human report: header, checks, levels, plan bounds, verdict. */
export function formatSmokeTable(report: SmokeReport): string {
  const lines: string[] = [`Smoke test of ${report.endpoint}${report.model ? ` (model ${report.model})` : ""}`, ""];
  for (const check of report.checks) lines.push(`${check.ok ? "✓" : "✗"} ${check.name}: ${check.message}`);
  if (report.levels.length) {
    const bounds = report.bounds;
    const head = ["concurrency", "requests", "errors", "TTFT p50 ms", "TTFT p95 ms", "ITL p50 ms", "tok/s per req", "tok/s total"];
    if (bounds) head.push("vs plan");
    const table = new Table({ head, style: STYLE });
    for (const l of report.levels) {
      const row = [String(l.concurrency), String(l.requests), String(l.errors), fig(l.ttftMs.p50), fig(l.ttftMs.p95), fig(l.interTokenMs.p50), fig(l.outputTokensPerSecond.perRequest), fig(l.outputTokensPerSecond.total)];
      if (bounds) row.push(versusBounds(l, bounds));
      table.push(row);
    }
    lines.push("", table.toString(), "ITL = inter-token latency; tok/s per req = p50 of output tokens ÷ request time; total = all output tokens ÷ level wall time.");
    if (bounds) {
      const best = bounds.latencyBoundMsPerToken > 0 ? ` (at most ${fig(1000 / bounds.latencyBoundMsPerToken)} tok/s per request)` : "";
      lines.push(
        "",
        `Plan bounds of target ${bounds.target}: decode latency ≥ ${fig(bounds.latencyBoundMsPerToken)} ms/token${best};`,
        `  KV cache holds ${bounds.maxConcurrentSequences} full-context sequences per engine × ${bounds.engines} engine${bounds.engines === 1 ? "" : "s"} at replicas.min (vs plan: concurrency/that).`,
      );
    }
  }
  const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
  lines.push("", report.passed ? "PASSED" : `FAILED: ${failed.join(", ")}`);
  return lines.join("\n") + "\n";
}
