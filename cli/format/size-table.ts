/**
 * Output of a `gpukit size` report: the JSON document ({@link sizeReportJson}) and the table
 * ({@link formatSizeTable}). Table rendering with cli-table3, laid out to fit 120 columns: a header
 * with the workload, the feasible options (top {@link TABLE_DEFAULT_LIMIT} unless `all`), the
 * infeasible offerings (grouped across regions unless `all`) and the assumptions. No colours.
 */
import Table from "cli-table3";
import type { PriceStatus } from "../../catalog";
import type { SizeInfeasible, SizeOption, SizeReport } from "../commands/size-report";

/** Rows the table shows without `all`: top options, and infeasible groups (15 each). */
export const TABLE_DEFAULT_LIMIT = 15;

/** Characters of an infeasibility reason the grouped (default) view keeps; `all` shows it whole. */
const REASON_MAX = 150;

/** Plain box characters, no ANSI styling (the output is often piped or captured). */
const STYLE = { head: [] as string[], border: [] as string[], "padding-left": 1, "padding-right": 1 };

const STATUS_LABEL: Record<PriceStatus, string> = {
  verified: "verified",
  "third-party": "3rd-party",
  estimate: "estimate",
  unknown: "unknown",
};

/** Options of {@link formatSizeTable}. */
export interface SizeTableOptions {
  /** Show every option and every infeasible (region, offering) row; default false (top 15, grouped). */
  all?: boolean;
}

/** A number with at most `digits` decimals, trailing zeros dropped. */
function num(value: number, digits = 2): string {
  return String(Math.round(value * 10 ** digits) / 10 ** digits);
}

/** Money: 4 decimals (`smallDigits`) below 1 (cost per million tokens of small models is cents), 3 below 10, else 2. */
function money(value: number | null, currency: string | null, smallDigits = 4): string {
  if (value === null || currency === null) return "?";
  return `${value < 1 ? value.toFixed(smallDigits) : value < 10 ? value.toFixed(3) : value.toFixed(2)} ${currency}`;
}

/** `does not fit`, `export-controlled` or `incompatible`: the kind of an infeasibility reason. */
function reasonKind(reason: string): string {
  if (reason.startsWith("does not fit")) return "do not fit";
  if (reason.startsWith("misses the SLO")) return "miss the SLO";
  return "engine, format or GPU incompatible";
}

interface InfeasibleGroup {
  cloud: string;
  instanceTypes: string[];
  gpus: string[];
  regions: string[];
  reason: string;
}

/**
 * Groups infeasible rows twice: the regions of one offering with one reason, then the offerings of
 * one cloud with the same reason and regions (e.g. every size of a family that does not fit).
 */
function groupInfeasible(rows: readonly SizeInfeasible[]): InfeasibleGroup[] {
  const byOffering = new Map<string, InfeasibleGroup>();
  for (const r of rows) {
    const key = [r.cloud, r.instanceType, r.reason].join("\u0000");
    const g = byOffering.get(key);
    if (g) g.regions.push(r.region);
    else byOffering.set(key, { cloud: r.cloud, instanceTypes: [r.instanceType], gpus: [gpuLabel(r)], regions: [r.region], reason: r.reason });
  }
  const merged = new Map<string, InfeasibleGroup>();
  for (const g of byOffering.values()) {
    const key = [g.cloud, g.reason, g.regions.join(",")].join("\u0000");
    const m = merged.get(key);
    if (!m) merged.set(key, g);
    else {
      m.instanceTypes.push(...g.instanceTypes);
      if (!m.gpus.includes(g.gpus[0])) m.gpus.push(g.gpus[0]);
    }
  }
  return [...merged.values()];
}

function gpuLabel(r: SizeInfeasible): string {
  return `${r.gpu.count}×${r.gpu.model}`;
}

/** Cuts `text` at a word boundary to at most `max` characters, marking the cut with `…`. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(" ", max - 1);
  return `${text.slice(0, cut > max / 2 ? cut : max - 1)} …`;
}

/** Feasible options that differ only by region (same offering, price and figures), in rank order. */
function groupOptions(options: readonly SizeOption[]): Array<{ option: SizeOption; regions: string[] }> {
  const groups = new Map<string, { option: SizeOption; regions: string[] }>();
  for (const o of options) {
    const key = [o.cloud, o.instanceType, o.hourlyCost, o.currency, o.priceStatus].join("\u0000");
    const g = groups.get(key);
    if (g) g.regions.push(o.region);
    else groups.set(key, { option: o, regions: [o.region] });
  }
  return [...groups.values()];
}

/**
 * Renders the report as text: workload header, options table (#, offering, GPUs, TP×DP, memory
 * need/available in GB, latency bound ms/token, max full-context sequences, price per hour with
 * its status, cost per million output tokens), infeasible table, warnings and assumptions.
 * Every line is at most 120 characters.
 */
export function formatSizeTable(report: SizeReport, options: SizeTableOptions = {}): string {
  const all = options.all === true;
  const w = report.workload;
  const out: string[] = [];
  const total = report.options.length + report.infeasible.length;
  out.push(
    `${report.model}: ${num(w.parametersB)}B parameters${w.shapeSource === "estimate" ? " (shape estimated)" : w.shapeSource === "hub" ? " (shape from hub config.json)" : ""}, ${w.quantization}, ${w.engine}, ` +
      `${w.contextTokens}-token context`,
  );
  out.push(
    `requests of ${w.inputTokens} in / ${w.outputTokens} out, ` +
      (w.load ? `load ${w.load.concurrentUsers !== undefined ? `${w.load.concurrentUsers} concurrent users` : `${w.load.requestsPerSecond} requests/s`}` : `up to ${w.concurrency} in flight per replica`) +
      (w.slo.ttftMs !== undefined || w.slo.tpotMs !== undefined ? `, SLO${w.slo.ttftMs !== undefined ? ` TTFT ≤ ${w.slo.ttftMs} ms` : ""}${w.slo.tpotMs !== undefined ? ` TPOT ≤ ${w.slo.tpotMs} ms` : ""}` : ""),
  );
  out.push(`${report.options.length} feasible and ${report.infeasible.length} infeasible of ${total} (region, offering) pairs; ranked by ${w.rankBy}${w.rankBy === "cost" ? (w.load ? " (monthly cost for the load)" : " (cost per million output tokens)") : ""}`);
  for (const warning of report.warnings) out.push(`warning: ${warning}`);
  out.push("");

  if (report.options.length) {
    const table = new Table({
      head: ["#", "Instance\ncloud: regions", "GPUs", "TP×DP", "Mem GB\nneed/avail", "TTFT/TPOT\nms", "Conc", "Price /h", report.workload.load ? "Month for\nload" : "Per 1M\nout tok"],
      colWidths: [5, 26, 14, 7, 13, 11, 6, 13, 14],
      colAligns: ["right", "left", "left", "center", "right", "right", "right", "right", "right"],
      wordWrap: true,
      style: STYLE,
    });
    const rows = all ? report.options.map((option) => ({ option, regions: [option.region] })) : groupOptions(report.options);
    const shown = all ? rows : rows.slice(0, TABLE_DEFAULT_LIMIT);
    shown.forEach(({ option: o, regions }, i) => {
      table.push([
        String(i + 1),
        `${o.instanceType}${o.restrictedAvailability ? " *" : ""}\n${o.cloud}: ${regions.join(", ")}`,
        `${o.gpu.count}× ${o.gpu.model}\n${num(o.gpu.memoryGb, 1)} GB`,
        `${o.tensorParallel}×${o.dataParallel}`,
        `${num(o.memory.requiredGb, 1)}/${num(o.memory.availableGb, 1)}`,
        `${Math.round(o.performance.ttftMs)}/${num(o.performance.tpotMs, 1)}`,
        String(o.performance.concurrency),
        `${money(o.hourlyCost, o.currency)}\n${STATUS_LABEL[o.priceStatus]}`,
        report.workload.load ? `${money(o.monthlyCostForLoad, o.currency, 2)}\n${o.replicasForLoad ?? "?"} inst.` : money(o.costPerMillionTokens, o.currency),
      ]);
    });
    out.push(table.toString());
    const restRows = rows.slice(shown.length);
    const restPairs = restRows.reduce((n, r) => n + r.regions.length, 0);
    if (restRows.length > 0) {
      out.push(
        `… and ${restRows.length} more option${restRows.length === 1 ? "" : "s"} (${restPairs} region/offering pair${restPairs === 1 ? "" : "s"}); --all shows every pair, --format json lists them all`,
      );
    }
    if (shown.some((r) => r.option.restrictedAvailability)) out.push("* sold on request only (restricted availability)");
  } else {
    out.push("No offering can serve this workload; see the reasons below.");
  }

  if (report.infeasible.length) {
    const kinds = new Map<string, number>();
    for (const r of report.infeasible) kinds.set(reasonKind(r.reason), (kinds.get(reasonKind(r.reason)) ?? 0) + 1);
    out.push("");
    out.push(`Infeasible: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(", ")}`);
    const table = new Table({
      head: ["Cloud / instance types", "GPUs", all ? "Region" : "Regions", "Reason"],
      colWidths: [30, 12, 22, 51],
      wordWrap: true,
      style: STYLE,
    });
    const rows: InfeasibleGroup[] = all
      ? report.infeasible.map((r) => ({ cloud: r.cloud, instanceTypes: [r.instanceType], gpus: [gpuLabel(r)], regions: [r.region], reason: r.reason }))
      : groupInfeasible(report.infeasible);
    const shown = all ? rows : rows.slice(0, TABLE_DEFAULT_LIMIT);
    for (const r of shown) table.push([`${r.cloud}: ${r.instanceTypes.join(", ")}`, r.gpus.join("\n"), r.regions.join(", "), all ? r.reason : shorten(r.reason, REASON_MAX)]);
    out.push(table.toString());
    const rest = rows.length - shown.length;
    if (rest > 0) out.push(`… and ${rest} more infeasible offering${rest === 1 ? "" : "s"} (--all lists every region/offering pair with the full reason)`);
  }

  out.push("");
  out.push("Assumptions:");
  for (const a of report.assumptions) out.push(wrap(`- ${a}`, 118, "  "));
  return `${out.join("\n")}\n`;
}

/** Wraps `text` at word boundaries to `width` columns, indenting continuation lines. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

/** The JSON document `--format json` prints (a projection of the report onto the documented fields). */
export function sizeReportJson(report: SizeReport): object {
  return {
    model: report.model,
    options: report.options.map((o) => ({
      cloud: o.cloud,
      region: o.region,
      instanceType: o.instanceType,
      gpu: { model: o.gpu.model, count: o.gpu.count, memoryGb: o.gpu.memoryGb },
      tensorParallel: o.tensorParallel,
      memory: {
        weightsGb: o.memory.weightsGb,
        kvCacheGb: o.memory.kvCacheGb,
        overheadGb: o.memory.overheadGb,
        requiredGb: o.memory.requiredGb,
        availableGb: o.memory.availableGb,
      },
      latencyBoundMsPerToken: o.latencyBoundMsPerToken,
      maxConcurrentSequences: o.maxConcurrentSequences,
      hourlyCost: o.hourlyCost,
      currency: o.currency,
      costPerMillionTokens: o.costPerMillionTokens,
      priceStatus: o.priceStatus,
      priceSource: o.priceSource,
      dataParallel: o.dataParallel,
      performance: o.performance,
      replicasForLoad: o.replicasForLoad,
      monthlyCostForLoad: o.monthlyCostForLoad,
      exportControl: o.exportControl,
    })),
    infeasible: report.infeasible.map((i) => ({ cloud: i.cloud, region: i.region, instanceType: i.instanceType, reason: i.reason })),
    assumptions: { workload: report.workload, notes: report.assumptions, warnings: report.warnings },
  };
}
