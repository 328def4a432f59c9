/**
 * `gpukit size`: which offerings across clouds and regions can serve a model, ranked cheapest
 * first, with the memory budget, the decode latency bound, the concurrency bound, the hourly price
 * and a lower bound on the cost per million output tokens; plus every offering that cannot, and why.
 * Offline: reads only the catalog. The pure core is `size-report.ts` ({@link sizeOptions}); this
 * file declares the options, parses them into a {@link SizeQuery} and prints (table or JSON).
 */
import type { Catalog } from "../../catalog";
import { CLOUDS, QUANTIZATIONS, loadCatalog } from "../../catalog";
import { ENGINE_NAMES } from "../../components/spec/schema";
import { EXIT, EXIT_CODES_HELP, UsageError, examplesHelp, stringValue, type CliCommand, type CliValues } from "../command";
import { TABLE_DEFAULT_LIMIT, formatSizeTable, sizeReportJson } from "../format/size-table";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_CONTEXT_CAP,
  DEFAULT_ENGINE,
  SIZE_FORMATS,
  SIZE_GPU_MEMORY_UTILIZATION,
  checkSizeQuery,
  sizeOptions,
  usageMessage,
  type SizeQuery,
} from "./size-report";

export * from "./size-report";
export { TABLE_DEFAULT_LIMIT, sizeReportJson };

/** Parses option values into a query, collecting every problem; throws one {@link UsageError}. `format` defaults to `table`. */
export function parseSizeArgs(values: CliValues, catalog: Catalog): { query: SizeQuery; format: (typeof SIZE_FORMATS)[number]; all: boolean } {
  const problems: string[] = [];
  const str = (name: string): string | undefined => stringValue(values, name);
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const v = str(name);
    if (v === undefined) return undefined;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    problems.push(`--${name} ${JSON.stringify(v)} is not valid; allowed: ${allowed.join(", ")}`);
    return undefined;
  };
  const positive = (name: string, integer: boolean): number | undefined => {
    const v = str(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v === "" || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
      problems.push(`--${name} ${JSON.stringify(v)} must be a positive ${integer ? "integer" : "number"}`);
      return undefined;
    }
    return n;
  };

  const model = str("model");
  if (!model) problems.push(`--model is required; known models: ${catalog.models.map((m) => m.id).join(", ")}`);
  const query: SizeQuery = {
    model: model ?? "",
    parameters: positive("parameters", false),
    quantization: oneOf("quantization", QUANTIZATIONS),
    context: positive("context", true),
    concurrency: positive("concurrency", true),
    cloud: oneOf("cloud", CLOUDS),
    region: str("region"),
    engine: oneOf("engine", ENGINE_NAMES),
  };
  const format = oneOf("format", SIZE_FORMATS) ?? "table";
  const quantBad = str("quantization") !== undefined && query.quantization === undefined;
  if (model) {
    const more = checkSizeQuery(query, catalog).filter(
      // An invalid --quantization already has a message; it must not also read as missing.
      (p) => !(quantBad && p.startsWith("--quantization is required")),
    );
    problems.push(...more);
  }
  if (problems.length) throw new UsageError(usageMessage(problems));
  return { query, format, all: values.all === true };
}

/** `gpukit size`: ranked feasible offerings for a model across clouds and regions. */
export const sizeCommand: CliCommand = {
  name: "size",
  summary: "Rank the GPU offerings that can serve a model, with memory, latency, price and cost per million tokens",
  description: [
    "Sizes a model against every GPU offering of the catalog in every region, offline, and prints the",
    "feasible ones cheapest first (unknown prices last) followed by the infeasible ones with the reason.",
  ].join(" "),
  options: {
    model: { type: "string", valueName: "id", description: "model id or alias (Hugging Face or ModelScope); required" },
    parameters: {
      type: "string",
      valueName: "N",
      description: "parameters in billions; required for a model not in the catalog (its KV-cache shape is then estimated), overrides the catalog's count otherwise",
    },
    quantization: {
      type: "string",
      valueName: "q",
      description: `weight format: ${QUANTIZATIONS.join(", ")} (default: the format the id is published in, e.g. awq for an -AWQ repo; required for other ids)`,
    },
    context: { type: "string", valueName: "N", description: `context tokens per sequence (default: the model's maximum capped at ${DEFAULT_CONTEXT_CAP})` },
    concurrency: { type: "string", valueName: "N", description: `concurrent full-context sequences per replica (default: ${DEFAULT_CONCURRENCY})` },
    cloud: { type: "string", valueName: "cloud", description: `only this cloud: ${CLOUDS.join(", ")} (default: all)` },
    region: { type: "string", valueName: "region", description: "only this region id; without --cloud, that id on every cloud (default: all)" },
    engine: { type: "string", valueName: "engine", description: `serving engine: ${ENGINE_NAMES.join(", ")} (default: ${DEFAULT_ENGINE})` },
    format: { type: "string", valueName: "format", default: "table", description: `output: ${SIZE_FORMATS.join(", ")} (json is one JSON object)` },
    all: {
      type: "boolean",
      description: `table: show every option and every infeasible row (default: the top ${TABLE_DEFAULT_LIMIT} options, infeasible rows grouped across regions)`,
    },
  },
  helpAfter: [
    `Figures: tensor parallel is the smallest degree that fits; ${SIZE_GPU_MEMORY_UTILIZATION} of GPU memory is usable.`,
    "Latency bound = weight bytes per GPU ÷ memory bandwidth (memory-bound decode, weights read once per",
    "step, KV-cache reads and prefill ignored), so cost per million output tokens is a lower bound:",
    "hourly ÷ (min(concurrency, max sequences) × 1000 ÷ latency × replicas × 3600) × 10^6.",
    "",
    EXIT_CODES_HELP,
    "",
    examplesHelp([
      "gpukit size --model Qwen/Qwen2.5-72B-Instruct-AWQ",
      "gpukit size --model meta-llama/Llama-3.1-8B-Instruct --quantization bf16 --cloud aws --region us-east-1",
      "gpukit size --model my-org/my-13b --parameters 13 --quantization fp8 --format json",
    ]),
  ].join("\n"),
  async run(values, positionals, io) {
    if (positionals.length) throw new UsageError(`gpukit size takes no positional arguments (got ${positionals.join(" ")}); use --model <id>`);
    const catalog = loadCatalog();
    const { query, format, all } = parseSizeArgs(values, catalog);
    const report = sizeOptions(query, catalog);
    if (format === "json") io.stdout(`${JSON.stringify(sizeReportJson(report), null, 2)}\n`);
    else io.stdout(formatSizeTable(report, { all }));
    return EXIT.ok;
  },
};
