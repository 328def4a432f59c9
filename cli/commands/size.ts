/**
 * `gpukit size`: which offerings across clouds and regions can serve a model, ranked cheapest
 * first, with the memory budget, the decode latency bound, the concurrency bound, the hourly price
 * and a lower bound on the cost per million output tokens; plus every offering that cannot, and why.
 * Offline: reads only the catalog. The pure core is `size-report.ts` ({@link sizeOptions}); this
 * file declares the options, parses them into a {@link SizeQuery} and prints (table or JSON).
 */
import type { Catalog } from "../../catalog";
import type { HubModels } from "../../components/plan/model";
import { hubModelsFor } from "../hub/resolve";
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
  SIZE_RANK_BY,
  checkSizeQuery,
  sizeOptions,
  usageMessage,
  type SizeQuery,
} from "./size-report";

export * from "./size-report";
export { TABLE_DEFAULT_LIMIT, sizeReportJson };

/** Parses option values into a query, collecting every problem; throws one {@link UsageError}. `format` defaults to `table`. */
export function parseSizeArgs(values: CliValues, catalog: Catalog, hub?: HubModels): { query: SizeQuery; format: (typeof SIZE_FORMATS)[number]; all: boolean } {
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
    gpu: str("gpu"),
    gpus: positive("gpus", true),
    inputTokens: positive("input-tokens", true),
    outputTokens: positive("output-tokens", true),
    rps: positive("rps", false),
    sloTtftMs: positive("slo-ttft-ms", false),
    sloTpotMs: positive("slo-tpot-ms", false),
    rankBy: oneOf("rank-by", SIZE_RANK_BY),
    hub,
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
    gpu: { type: "string", valueName: "name", description: "only offerings of this GPU; with --gpus, one configuration outside any cloud (e.g. on-premises RTX4090 or A800 servers)" },
    gpus: { type: "string", valueName: "N", description: "with --gpu: evaluate N of that GPU on-premises (no price)" },
    "input-tokens": { type: "string", valueName: "N", description: "prompt tokens per request (default 1024, capped by the context); turns on load/SLO mode" },
    "output-tokens": { type: "string", valueName: "N", description: "output tokens per request (default 256); turns on load/SLO mode" },
    rps: { type: "string", valueName: "N", description: "load: requests per second across all replicas (replicasForLoad, monthlyCostForLoad)" },
    "slo-ttft-ms": { type: "string", valueName: "ms", description: "SLO: time to first token; bounds the concurrency per replica" },
    "slo-tpot-ms": { type: "string", valueName: "ms", description: "SLO: time per output token; bounds the concurrency per replica" },
    "rank-by": { type: "string", valueName: "how", description: `ranking: ${SIZE_RANK_BY.join(", ")} (default cost: monthly cost for the load, or cost per million tokens without one)` },
    "hub-cache": { type: "string", valueName: "file", description: "hub config cache for models outside the catalog (default .gpukit/hub-cache.json; commit it for offline use)" },
    offline: { type: "boolean", description: "never contact a hub: use the cache or the catalog only" },
    format: { type: "string", valueName: "format", default: "table", description: `output: ${SIZE_FORMATS.join(", ")} (json is one JSON object)` },
    all: {
      type: "boolean",
      description: `table: show every option and every infeasible row (default: the top ${TABLE_DEFAULT_LIMIT} options, infeasible rows grouped across regions)`,
    },
  },
  helpAfter: [
    `Figures: every tensor-parallel degree that fits is modelled and the best kept; ${SIZE_GPU_MEMORY_UTILIZATION} of GPU memory is usable.`,
    "TTFT/TPOT/throughput come from the performance model (bench/RESULTS.md gives its error against published runs).",
    "Without --rps, --slo-*, --input-tokens or --output-tokens, --concurrency is the requests in flight per replica;",
    "with any of them, --concurrency is the load in concurrent users (or --rps in requests/s) and each option gets",
    "replicasForLoad and monthlyCostForLoad. A model outside the catalog is read from its hub config.json, or from",
    "the header of one of its .gguf files (HTTP Range, never the weights) when it has none; both are cached.",
    "",
    EXIT_CODES_HELP,
    "",
    examplesHelp([
      "gpukit size --model Qwen/Qwen2.5-72B-Instruct-AWQ",
      "gpukit size --model meta-llama/Llama-3.1-8B-Instruct --quantization bf16 --cloud aws --region us-east-1",
      "gpukit size --model my-org/my-13b --parameters 13 --quantization fp8 --format json",
      "gpukit size --model Qwen/Qwen2.5-72B-Instruct-AWQ --cloud alicloud --region cn-hangzhou --concurrency 100 --slo-ttft-ms 1000 --slo-tpot-ms 50",
      "gpukit size --model qwen2.5:7b --engine ollama --gpu RTX4090 --gpus 1",
    ]),
  ].join("\n"),
  async run(values, positionals, io) {
    if (positionals.length) throw new UsageError(`gpukit size takes no positional arguments (got ${positionals.join(" ")}); use --model <id>`);
    const catalog = loadCatalog();
    const hub = await hubModelsFor(stringValue(values, "model"), catalog, { cacheFile: stringValue(values, "hub-cache"), offline: values.offline === true }, io);
    const { query, format, all } = parseSizeArgs(values, catalog, hub);
    const report = sizeOptions(query, catalog);
    if (format === "json") io.stdout(`${JSON.stringify(sizeReportJson(report), null, 2)}\n`);
    else io.stdout(formatSizeTable(report, { all }));
    return EXIT.ok;
  },
};
