/**
 * `gpukit size`: which offerings across clouds and regions can serve a model, ranked cheapest
 * first, with the memory budget, the decode latency bound, the concurrency bound, the hourly price
 * and a lower bound on the cost per million output tokens; plus every offering that cannot, and why.
 * Offline: reads only the catalog. {@link sizeOptions} is the pure core; {@link sizeCommand} parses
 * arguments and prints (table or JSON).
 */
import type { Catalog, Cloud, Currency, PriceStatus, Quantization, Region } from "../../catalog";
import { CLOUDS, QUANTIZATIONS, findModel, loadCatalog, offeringsIn, regionNames } from "../../catalog";
import type { ResolvedModel } from "../../components/plan/model";
import { evaluateOffering, rankCandidates, type Candidate, type Workload } from "../../components/plan/offering";
import { needsPrequantizedCheckpoint } from "../../components/plan/quantization";
import { decodeThroughputBound } from "../../components/plan/sizing";
import type { MemoryBudget } from "../../components/plan/types";
import { ENGINE_NAMES, type EngineName } from "../../components/spec/schema";
import { EXIT, UsageError, type CliCommand } from "../command";
import { TABLE_DEFAULT_LIMIT, formatSizeTable, sizeReportJson } from "../format/size-table";

export { TABLE_DEFAULT_LIMIT, sizeReportJson };

/** Context tokens per sequence when `--context` is not given: the model's maximum, capped at this. */
export const DEFAULT_CONTEXT_CAP = 8192;
/** Concurrent sequences per replica when `--concurrency` is not given. */
export const DEFAULT_CONCURRENCY = 16;
/** Engine when `--engine` is not given. */
export const DEFAULT_ENGINE: EngineName = "vllm";
/** Share of GPU memory the engine may use (vLLM's default `--gpu-memory-utilization`). */
export const SIZE_GPU_MEMORY_UTILIZATION = 0.9;
/** Output formats of `gpukit size`. */
export const SIZE_FORMATS = ["table", "json"] as const;

/** What to size. Only `model` is required; see each field for its default. */
export interface SizeQuery {
  /** Model id or alias (Hugging Face or ModelScope), matched case-insensitively against the catalog. */
  model: string;
  /** Parameters in billions; required when the model is not in the catalog, overrides the catalog's otherwise. */
  parameters?: number;
  /** Weight format; default: the format the model id is published in (e.g. `awq` for an `-AWQ` repo). Required otherwise. */
  quantization?: Quantization;
  /** Context tokens per sequence; default: the model's maximum capped at {@link DEFAULT_CONTEXT_CAP} (8192). */
  context?: number;
  /** Concurrent full-context sequences per replica; default {@link DEFAULT_CONCURRENCY} (16). */
  concurrency?: number;
  /** Only this cloud; default all four. */
  cloud?: Cloud;
  /** Only this region id (of `cloud`, or of every cloud that has a region with this id); default all. */
  region?: string;
  /** Serving engine; default {@link DEFAULT_ENGINE} (`vllm`). */
  engine?: EngineName;
}

/** One feasible offering in one region. Memory in GB (10^9 bytes), prices per instance-hour. */
export interface SizeOption {
  cloud: Cloud;
  region: string;
  instanceType: string;
  /** GPU catalog key, GPUs per instance, memory per GPU in GB. */
  gpu: { model: string; count: number; memoryGb: number };
  tensorParallel: number;
  /** Replicas per instance (GPUs ÷ tensor parallel, for engines with data parallelism; else 1). */
  dataParallel: number;
  /** Budget of one replica (summed over its tensor-parallel GPUs). */
  memory: MemoryBudget;
  /** Decode lower bound per output token, ms: weight bytes per GPU ÷ memory bandwidth. */
  latencyBoundMsPerToken: number;
  /** Full-context sequences one replica's KV-cache room holds. */
  maxConcurrentSequences: number;
  /** Output tokens/s upper bound for the instance (all replicas) at min(concurrency, maxConcurrentSequences). */
  throughputTokensPerSecond: number;
  /** Instance-hour price in `currency`; null when unknown. */
  hourlyCost: number | null;
  currency: Currency | null;
  /** Lower bound on cost per 10^6 output tokens in `currency`; null when the price is unknown. */
  costPerMillionTokens: number | null;
  priceStatus: PriceStatus;
  /** Source title (and URL), and date when known. */
  priceSource: string | null;
  /** Sold only on request. */
  restrictedAvailability: boolean;
}

/** An offering that cannot serve the workload. */
export interface SizeInfeasible {
  cloud: Cloud;
  region: string;
  instanceType: string;
  /** GPU catalog key and count, for display. */
  gpu: { model: string; count: number };
  reason: string;
}

/** The workload figures the report was computed for, with every default filled in. */
export interface SizeWorkload {
  quantization: Quantization;
  engine: EngineName;
  /** Parameters in billions used for the weights. */
  parametersB: number;
  contextTokens: number;
  concurrency: number;
  gpuMemoryUtilization: number;
  kvCacheDtype: "auto";
  tensorParallel: "auto";
  /** True when the model's shape comes from the catalog, false when estimated from `--parameters`. */
  catalogued: boolean;
}

/** What {@link sizeOptions} returns. */
export interface SizeReport {
  /** The model id as asked. */
  model: string;
  workload: SizeWorkload;
  /** Feasible offerings, cheapest first (USD-equivalent at the catalog's FX assumption); unknown prices last. */
  options: SizeOption[];
  /** Infeasible offerings in catalog order (cloud, region, instance type). */
  infeasible: SizeInfeasible[];
  /** How the figures are computed. */
  assumptions: string[];
  /** Model-resolution notes (estimated shape, checkpoint format). */
  warnings: string[];
}

/** The model-related fields {@link resolveModelForSizing} needs. */
export interface SizingModelRequest {
  id: string;
  /** Billions; required for models outside the catalog. */
  parameters?: number;
  quantization: Quantization;
  /** Context per sequence, in tokens, checked against the model's maximum. */
  maxContextTokens: number;
}

/**
 * Resolves a model for sizing from the catalog: the catalog's shape (with `parameters` overriding
 * the parameter count) or, for an unknown id with `parameters`, the shape of the catalog model
 * nearest in size with its layer count scaled by √(size ratio). Problems are user-facing option
 * errors (unknown model without `--parameters`, a quantization that contradicts the published
 * checkpoint, a context above the model's maximum); an empty list means `model` is set.
 */
export function resolveModelForSizing(req: SizingModelRequest, catalog: Catalog): { model?: ResolvedModel; problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const found = findModel(catalog, req.id);
  if (!found) {
    if (req.parameters === undefined) {
      problems.push(
        `--model ${req.id} is not in the catalog: pass --parameters <billions> so it can be sized, or use a known model: ${catalog.models.map((m) => m.id).join(", ")}`,
      );
      return { problems, warnings };
    }
    const proxy = catalog.models.reduce((best, m) =>
      Math.abs(Math.log(m.parametersB / req.parameters!)) < Math.abs(Math.log(best.parametersB / req.parameters!)) ? m : best,
    );
    const scale = req.parameters / proxy.parametersB;
    warnings.push(`${req.id} is not in the catalog: its KV-cache shape is estimated from ${proxy.id} scaled to ${req.parameters}B parameters`);
    const shape = {
      parametersB: req.parameters,
      layers: Math.max(1, Math.round(proxy.layers * Math.sqrt(scale))),
      kvHeads: proxy.kvHeads,
      headDim: proxy.headDim,
      attentionHeads: proxy.attentionHeads,
      maxContextTokens: req.maxContextTokens,
    };
    return { model: { id: req.id, shape, gated: false, warnings }, problems, warnings };
  }
  const published = found.quantization;
  if (published && published !== req.quantization) {
    problems.push(`--quantization ${req.quantization} contradicts ${req.id}, which is published in ${published}; use --quantization ${published} or the base model id ${found.shape.id}`);
  } else if (!published && needsPrequantizedCheckpoint(req.quantization)) {
    const variants = found.shape.aliases.filter((a) => a.quantization === req.quantization).map((a) => a.id);
    warnings.push(
      `${req.quantization} needs a pre-quantized checkpoint and ${req.id} is the unquantized model${variants.length ? `; deploy ${variants.join(" or ")}` : ""}`,
    );
  }
  if (req.maxContextTokens > found.shape.maxContextTokens) {
    problems.push(`--context ${req.maxContextTokens} exceeds the ${found.shape.maxContextTokens}-token context of ${found.shape.id}`);
  }
  const shape = { ...found.shape, parametersB: req.parameters ?? found.shape.parametersB };
  if (req.parameters !== undefined && req.parameters !== found.shape.parametersB) {
    warnings.push(`--parameters ${req.parameters} overrides the catalog's ${found.shape.parametersB}B for ${found.shape.id}`);
  }
  return { model: { id: req.id, shape, catalog: found.shape, publishedQuantization: published, gated: found.shape.gated, warnings }, problems, warnings };
}

/** Regions a query covers, in catalog order; empty when `region` names none (of `cloud`). */
function regionsFor(catalog: Catalog, cloud: Cloud | undefined, region: string | undefined): Region[] {
  return catalog.regions.filter((r) => (!cloud || r.cloud === cloud) && (!region || r.region === region));
}

/** Quantization (published format when not given; undefined when unknown) and context defaults. */
function queryDefaults(query: SizeQuery, catalog: Catalog): { quantization?: Quantization; context: number } {
  const found = findModel(catalog, query.model);
  const context = query.context ?? Math.min(found?.shape.maxContextTokens ?? DEFAULT_CONTEXT_CAP, DEFAULT_CONTEXT_CAP);
  return { quantization: query.quantization ?? found?.quantization, context };
}

/**
 * Every problem with a query that option parsing cannot see: unknown cloud/region pairs, the model
 * (see {@link resolveModelForSizing}), a missing quantization. Empty when {@link sizeOptions} can run.
 */
export function checkSizeQuery(query: SizeQuery, catalog: Catalog): string[] {
  const problems: string[] = [];
  if (query.region !== undefined && regionsFor(catalog, query.cloud, query.region).length === 0) {
    problems.push(
      query.cloud
        ? `--region ${query.region} is not a ${query.cloud} region; allowed: ${regionNames(catalog, query.cloud).join(", ")}`
        : `--region ${query.region} is not a region of any cloud; allowed: ${catalog.regions.map((r) => `${r.region} (${r.cloud})`).join(", ")}`,
    );
  }
  const { quantization, context } = queryDefaults(query, catalog);
  if (!quantization) {
    problems.push(`--quantization is required for ${query.model}; allowed: ${QUANTIZATIONS.join(", ")}`);
  }
  const resolved = resolveModelForSizing({ id: query.model, parameters: query.parameters, quantization: quantization ?? "bf16", maxContextTokens: context }, catalog);
  // With no quantization the "contradicts" check has nothing to compare against.
  problems.push(...resolved.problems.filter((p) => quantization || !p.startsWith("--quantization")));
  return problems;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Output tokens/s and cost per million output tokens of a feasible candidate (see the assumptions). */
function throughputAndCost(c: Candidate, concurrency: number): { throughput: number; cost: number | null } {
  const sequences = Math.min(concurrency, c.sizing.maxConcurrentSequences);
  const throughput = decodeThroughputBound(c.sizing.latencyBoundMsPerToken, sequences) * c.dataParallel;
  const cost = c.price.hourly !== null && throughput > 0 ? (c.price.hourly / (throughput * 3600)) * 1e6 : null;
  return { throughput, cost };
}

/**
 * Sizes `query` against every (region, offering) pair of the catalog, filtered by cloud and region.
 * Workload: tensor parallel `auto` (the smallest degree that fits), GPU memory utilization
 * {@link SIZE_GPU_MEMORY_UTILIZATION} (0.9), KV cache in the model dtype. Pure apart from reading
 * `catalog`. Throws {@link UsageError} listing every problem of {@link checkSizeQuery}.
 */
export function sizeOptions(query: SizeQuery, catalog: Catalog): SizeReport {
  const problems = checkSizeQuery(query, catalog);
  if (problems.length) throw new UsageError(usageMessage(problems));
  const defaults = queryDefaults(query, catalog);
  const quantization = defaults.quantization!;
  const context = defaults.context;
  const concurrency = query.concurrency ?? DEFAULT_CONCURRENCY;
  const engine = query.engine ?? DEFAULT_ENGINE;
  const { model, warnings } = resolveModelForSizing({ id: query.model, parameters: query.parameters, quantization, maxContextTokens: context }, catalog);
  const workload: Workload = {
    model: model!,
    quantization,
    engine,
    kvCacheDtype: "auto",
    maxContextTokens: context,
    maxConcurrentRequests: concurrency,
    gpuMemoryUtilization: SIZE_GPU_MEMORY_UTILIZATION,
    tensorParallel: "auto",
  };

  const feasible: Array<{ candidate: Candidate; region: string }> = [];
  const infeasible: SizeInfeasible[] = [];
  for (const region of regionsFor(catalog, query.cloud, query.region)) {
    for (const offering of offeringsIn(catalog, region.cloud, region.region)) {
      const candidate = evaluateOffering(offering, region, workload, catalog);
      if (candidate.rejected) {
        infeasible.push({
          cloud: region.cloud,
          region: region.region,
          instanceType: offering.instanceType,
          gpu: { model: offering.gpu, count: offering.gpuCount },
          reason: candidate.rejected,
        });
      } else {
        feasible.push({ candidate, region: region.region });
      }
    }
  }
  const regionOf = new Map(feasible.map((f) => [f.candidate, f.region]));
  const options = rankCandidates(
    feasible.map((f) => f.candidate),
    catalog,
  ).map((c): SizeOption => {
    const { throughput, cost } = throughputAndCost(c, concurrency);
    const source = c.price.source ? `${c.price.source}${c.price.date ? `, ${c.price.date}` : ""}` : null;
    return {
      cloud: c.offering.cloud,
      region: regionOf.get(c)!,
      instanceType: c.offering.instanceType,
      gpu: { model: c.gpu.key, count: c.offering.gpuCount, memoryGb: c.offering.gpuMemoryGb },
      tensorParallel: c.tensorParallel,
      dataParallel: c.dataParallel,
      memory: c.sizing.memory,
      latencyBoundMsPerToken: c.sizing.latencyBoundMsPerToken,
      maxConcurrentSequences: c.sizing.maxConcurrentSequences,
      throughputTokensPerSecond: round(throughput, 1),
      hourlyCost: c.price.hourly,
      currency: c.price.currency,
      costPerMillionTokens: cost === null ? null : round(cost, 4),
      priceStatus: c.price.status,
      priceSource: source,
      restrictedAvailability: c.offering.restrictedAvailability,
    };
  });

  return {
    model: query.model,
    workload: {
      quantization,
      engine,
      parametersB: model!.shape.parametersB,
      contextTokens: context,
      concurrency,
      gpuMemoryUtilization: SIZE_GPU_MEMORY_UTILIZATION,
      kvCacheDtype: "auto",
      tensorParallel: "auto",
      catalogued: model!.catalog !== undefined,
    },
    options,
    infeasible,
    assumptions: sizeAssumptions(context, concurrency, catalog),
    warnings,
  };
}

/** The assumptions behind the figures, in words. */
function sizeAssumptions(context: number, concurrency: number, catalog: Catalog): string[] {
  return [
    `Memory: weights at the quantization's bits per weight + KV cache for ${concurrency} sequences × ${context} tokens (model dtype) + 2 GB runtime overhead per GPU, against ${SIZE_GPU_MEMORY_UTILIZATION} of GPU memory; tensor parallel is the smallest degree that fits.`,
    "Latency bound: decode is memory-bound and every step reads each GPU's share of the weights once (weights ÷ tensor parallel ÷ memory bandwidth); KV-cache reads, prefill and communication are ignored.",
    `Throughput bound: min(concurrency, max sequences) × 1000 ÷ latency bound tokens/s per replica, × replicas per instance (each replica carries the full concurrency).`,
    "Cost per million output tokens: hourly price ÷ (throughput × 3600) × 10^6 in the offering's currency; a lower bound, since real decode is slower than the bound. Unknown prices give null.",
    `Ranking: cheapest hourly price first, compared in USD at ${catalog.fx.usdCny} CNY/USD (${catalog.fx.status}, ${catalog.fx.date}); unknown prices last.`,
  ];
}

function usageMessage(problems: readonly string[]): string {
  return `gpukit size: ${problems.length} invalid option${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

type Values = Parameters<CliCommand["run"]>[0];

/** Parses `util.parseArgs` values into a query, collecting every problem; throws one {@link UsageError}. */
export function parseSizeArgs(values: Values, catalog: Catalog): { query: SizeQuery; format: (typeof SIZE_FORMATS)[number]; all: boolean } {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = values[name];
    if (v === undefined || typeof v === "boolean") return undefined;
    return Array.isArray(v) ? String(v[v.length - 1]) : v.trim();
  };
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
  help: `Usage: gpukit size --model <id> [--parameters N] [--quantization q] [--context N] [--concurrency N]
                  [--cloud c] [--region r] [--engine e] [--format table|json] [--all]

Sizes a model against every GPU offering of the catalog in every region, offline, and prints the
feasible ones cheapest first (unknown prices last) followed by the infeasible ones with the reason.

Options:
  --model <id>          Model id or alias (Hugging Face or ModelScope). Required.
  --parameters <N>      Parameters in billions. Required for a model not in the catalog (its KV-cache
                        shape is then estimated); overrides the catalog's count otherwise.
  --quantization <q>    Weight format: ${QUANTIZATIONS.join(", ")}.
                        Default: the format the id is published in (e.g. awq for an -AWQ repo);
                        required for other ids.
  --context <N>         Context tokens per sequence. Default: the model's maximum capped at ${DEFAULT_CONTEXT_CAP}.
  --concurrency <N>     Concurrent full-context sequences per replica. Default: ${DEFAULT_CONCURRENCY}.
  --cloud <c>           Only this cloud: ${CLOUDS.join(", ")}. Default: all.
  --region <r>          Only this region id (without --cloud: that id on every cloud). Default: all.
  --engine <e>          Serving engine: ${ENGINE_NAMES.join(", ")}. Default: ${DEFAULT_ENGINE}.
  --format <f>          table (default) or json (one JSON object on stdout).
  --all                 Table: show every option and every infeasible row (default: top ${TABLE_DEFAULT_LIMIT}
                        options and infeasible rows grouped across regions).

Figures: tensor parallel is the smallest degree that fits; ${SIZE_GPU_MEMORY_UTILIZATION} of GPU memory is usable.
Latency bound = weight bytes per GPU ÷ memory bandwidth (memory-bound decode, weights read once per
step, KV-cache reads and prefill ignored), so cost per million output tokens is a lower bound:
hourly ÷ (min(concurrency, max sequences) × 1000 ÷ latency × replicas × 3600) × 10^6.

Examples:
  gpukit size --model Qwen/Qwen2.5-72B-Instruct-AWQ
  gpukit size --model meta-llama/Llama-3.1-8B-Instruct --quantization bf16 --cloud aws --region us-east-1
  gpukit size --model my-org/my-13b --parameters 13 --quantization fp8 --format json`,
  options: {
    model: { type: "string" },
    parameters: { type: "string" },
    quantization: { type: "string" },
    context: { type: "string" },
    concurrency: { type: "string" },
    cloud: { type: "string" },
    region: { type: "string" },
    engine: { type: "string" },
    format: { type: "string" },
    all: { type: "boolean" },
  },
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
