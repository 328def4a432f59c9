/**
 * `tsx bench/planner-accuracy.ts [--write]`: compares the planner's performance and memory
 * predictions with the published measurements in `bench/data/planner-cases.json` and prints the
 * error table (per case predicted vs measured, median and worst absolute percentage error per
 * metric). With `--write` it replaces the planner-accuracy section of `bench/RESULTS.md`.
 * Offline: reads the catalog and the case file only.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findGpu, findModel, loadCatalog, type Catalog, type Quantization } from "../catalog";
import { DEFAULT_INTERCONNECT, factorFor, performanceAt, staticBatchThroughput, type PerformanceOption } from "../components/plan/performance";
import { weightsGb, type ShapeForSizing } from "../components/plan/sizing";

interface Case {
  id: string;
  source: string;
  engine: string;
  gpu: string;
  tp: number;
  model: string;
  quantization: Quantization;
  kvCacheDtype: "auto" | "fp8";
  metric: "static-throughput" | "throughput" | "ttft" | "tpot";
  batch?: number;
  concurrency?: number;
  inputTokens: number;
  outputTokens: number;
  assumed?: string;
  measured: number;
}
interface MemoryCase {
  id: string;
  source: string;
  model: string;
  quantization: Quantization;
  measuredGb: number;
}
interface CaseFile {
  shapes: Record<string, ShapeForSizing & { attentionHeads: number }>;
  sources: Record<string, { url: string; status: string; note: string }>;
  cases: Case[];
  memoryCases: MemoryCase[];
}

/** One compared figure. */
export interface Row {
  id: string;
  metric: string;
  gpu: string;
  engine: string;
  predicted: number;
  measured: number;
  /** |predicted − measured| / measured × 100. */
  errorPct: number;
  url: string;
  status: string;
}

const CASES = path.join(__dirname, "data", "planner-cases.json");
const RESULTS = path.join(__dirname, "RESULTS.md");
const START = "<!-- planner-accuracy:start -->";
const END = "<!-- planner-accuracy:end -->";

function shapeOf(file: CaseFile, catalog: Catalog, model: string): ShapeForSizing & { attentionHeads: number } {
  const inline = file.shapes[model];
  if (inline) return inline;
  const found = findModel(catalog, model);
  if (!found) throw new Error(`case model ${model} is neither inline nor in the catalog`);
  return found.shape;
}

/** Predicts every case of the file; pure apart from reading the catalog. */
export function evaluateCases(file: CaseFile, catalog: Catalog): Row[] {
  const rows: Row[] = [];
  for (const c of file.cases) {
    const gpu = findGpu(catalog, c.gpu);
    if (!gpu) throw new Error(`case ${c.id}: unknown GPU ${c.gpu}`);
    const option: PerformanceOption = {
      shape: shapeOf(file, catalog, c.model),
      quantization: c.quantization,
      kvCacheDtype: c.kvCacheDtype,
      engine: c.engine,
      gpu,
      tensorParallel: c.tp,
      nvlink: gpu.nvlinkGBs !== null,
      factor: factorFor(catalog, c.engine, gpu.computeCapability),
      interconnect: catalog.performance?.interconnect ?? DEFAULT_INTERCONNECT,
    };
    const request = { inputTokens: c.inputTokens, outputTokens: c.outputTokens };
    let predicted: number;
    if (c.metric === "static-throughput") predicted = staticBatchThroughput(option, request, c.batch ?? 1);
    else {
      const point = performanceAt(option, request, c.concurrency ?? 1);
      predicted = c.metric === "throughput" ? point.outputTokensPerSecond : c.metric === "ttft" ? point.ttftMs : point.tpotMs;
    }
    const src = file.sources[c.source];
    rows.push({ id: c.id, metric: c.metric, gpu: c.gpu, engine: c.engine, predicted, measured: c.measured, errorPct: (Math.abs(predicted - c.measured) / c.measured) * 100, url: src.url, status: src.status });
  }
  for (const m of file.memoryCases) {
    const shape = shapeOf(file, catalog, m.model);
    const predicted = weightsGb(shape.parametersB, m.quantization, shape);
    const src = file.sources[m.source];
    rows.push({ id: m.id, metric: "weights-gb", gpu: "-", engine: "-", predicted, measured: m.measuredGb, errorPct: (Math.abs(predicted - m.measuredGb) / m.measuredGb) * 100, url: src.url, status: src.status });
  }
  return rows;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(2));

/** The markdown section: summary per metric group, then every case. */
export function renderSection(rows: readonly Row[]): string {
  const groups: Record<string, string[]> = {
    "output throughput": ["static-throughput", "throughput"],
    TPOT: ["tpot"],
    TTFT: ["ttft"],
    "weights memory": ["weights-gb"],
  };
  const all = rows.filter((r) => r.metric !== "weights-gb");
  const lines = [
    START,
    "## Planner accuracy (bench/planner-accuracy.ts)",
    "",
    `Predictions of components/plan/performance.ts and sizing.ts against ${rows.length} published figures (${all.length} performance, ${rows.length - all.length} memory) on ${new Set(all.map((r) => r.gpu)).size} GPU types and ${new Set(all.map((r) => r.engine)).size} engines; cases and URLs in bench/data/planner-cases.json. The efficiency factors in catalog/data/performance.json were fitted on these same cases, so the errors are in-sample. Regenerate with \`npx tsx bench/planner-accuracy.ts --write\`.`,
    "",
    "| metric | cases | median abs. error | worst abs. error | within 2× |",
    "|---|---|---|---|---|",
  ];
  for (const [name, metrics] of Object.entries(groups)) {
    const errs = rows.filter((r) => metrics.includes(r.metric)).map((r) => r.errorPct);
    if (!errs.length) continue;
    const within = rows.filter((r) => metrics.includes(r.metric) && r.predicted <= 2 * r.measured && r.predicted >= r.measured / 2).length;
    lines.push(`| ${name} | ${errs.length} | ${median(errs).toFixed(1)} % | ${Math.max(...errs).toFixed(1)} % | ${within}/${errs.length} |`);
  }
  lines.push("", "| case | metric | GPU | engine | predicted | measured | abs. error | source (status) |", "|---|---|---|---|---|---|---|---|");
  for (const r of rows) lines.push(`| ${r.id} | ${r.metric} | ${r.gpu} | ${r.engine} | ${fmt(r.predicted)} | ${fmt(r.measured)} | ${r.errorPct.toFixed(1)} % | ${r.url} (${r.status}) |`);
  lines.push("", "Units: throughput in output tokens/s, TTFT and TPOT in ms, weights in GB (10^9 bytes).", END);
  return lines.join("\n");
}

/** Replaces (or appends) the marked section of RESULTS.md, leaving other sections alone. */
export function spliceSection(existing: string, section: string): string {
  const a = existing.indexOf(START);
  const b = existing.indexOf(END);
  if (a >= 0 && b > a) return existing.slice(0, a) + section + existing.slice(b + END.length);
  return `${existing.replace(/\s*$/, "")}${existing.trim() ? "\n\n" : ""}${section}\n`;
}

if (require.main === module) {
  const file = JSON.parse(fs.readFileSync(CASES, "utf8")) as CaseFile;
  const rows = evaluateCases(file, loadCatalog());
  const section = renderSection(rows);
  process.stdout.write(`${section}\n`);
  if (process.argv.includes("--write")) {
    const existing = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, "utf8") : "# Bench results\n";
    fs.writeFileSync(RESULTS, spliceSection(existing, section));
  }
}
