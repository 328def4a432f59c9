/**
 * The pure core of `gpukit size`: which offerings across clouds and regions can serve a model,
 * ranked cheapest first, with the memory budget, the decode latency bound, the concurrency bound,
 * the hourly price and a lower bound on the cost per million output tokens; plus every offering
 * that cannot, and why. The model is resolved by the planner's own rule
 * (`components/plan/model.ts`), worded here as option errors. Reads only the catalog.
 */
import type { Catalog, Cloud, Currency, PriceStatus, Quantization, Region } from "../../catalog";
import { QUANTIZATIONS, findModel, offeringsIn, regionNames } from "../../catalog";
import { resolveModelRequest, type ModelProblem, type ModelRequest, type ResolvedModel } from "../../components/plan/model";
import { evaluateOffering, rankCandidates, type Candidate, type Workload } from "../../components/plan/offering";
import { decodeThroughputBound } from "../../components/plan/sizing";
import type { MemoryBudget } from "../../components/plan/types";
import type { EngineName } from "../../components/spec/schema";
import { UsageError } from "../command";

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

/** A {@link ModelProblem} as `gpukit size` words it: an option error, or a warning for a checkpoint format. */
function sizeModelMessage(problem: ModelProblem, request: ModelRequest): { problem?: string; warning?: string } {
  switch (problem.kind) {
    case "unknown-model":
      return { problem: `--model ${request.id} is not in the catalog: pass --parameters <billions> so it can be sized, or use a known model: ${problem.known.join(", ")}` };
    case "quantization-contradicts":
      return {
        problem: `--quantization ${request.quantization} contradicts ${request.id}, which is published in ${problem.published}; use --quantization ${problem.published} or the base model id ${problem.base.id}`,
      };
    case "needs-prequantized-checkpoint":
      return {
        warning: `${request.quantization} needs a pre-quantized checkpoint and ${request.id} is the unquantized model${problem.variants.length ? `; deploy ${problem.variants.join(" or ")}` : ""}`,
      };
    case "context-too-long":
      return { problem: `--context ${request.maxContextTokens} exceeds the ${problem.base.maxContextTokens}-token context of ${problem.base.id}` };
  }
}

/**
 * Resolves the model with the planner's rule ({@link resolveModelRequest}) and words what it found
 * for `gpukit size`: option errors (unknown model without `--parameters`, a quantization that
 * contradicts the published checkpoint, a context above the model's maximum) and warnings (an
 * estimated shape, an unquantized id for a pre-quantized format, a `--parameters` override).
 * An empty `problems` means `model` is set. With `quantizationKnown` false (no `--quantization` and
 * no published format) `request.quantization` is a stand-in, so the quantization checks are skipped.
 */
function resolveSizeModel(request: ModelRequest, catalog: Catalog, quantizationKnown = true): { model?: ResolvedModel; problems: string[]; warnings: string[] } {
  const resolution = resolveModelRequest(request, catalog);
  const { model, estimatedFrom } = resolution;
  const found = resolution.problems.filter((p) => quantizationKnown || (p.kind !== "quantization-contradicts" && p.kind !== "needs-prequantized-checkpoint"));
  const problems: string[] = [];
  const warnings: string[] = [];
  if (estimatedFrom) {
    warnings.push(`${request.id} is not in the catalog: its KV-cache shape is estimated from ${estimatedFrom.id} scaled to ${request.parameters}B parameters`);
  }
  for (const p of found) {
    const message = sizeModelMessage(p, request);
    if (message.problem) problems.push(message.problem);
    if (message.warning) warnings.push(message.warning);
  }
  const base = model?.catalog;
  if (base && request.parameters !== undefined && request.parameters !== base.parametersB) {
    warnings.push(`--parameters ${request.parameters} overrides the catalog's ${base.parametersB}B for ${base.id}`);
  }
  if (model) model.warnings.push(...warnings);
  return { model, problems, warnings };
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
 * (see {@link resolveSizeModel}), a missing quantization. Empty when {@link sizeOptions} can run.
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
  const request = { id: query.model, parameters: query.parameters, quantization: quantization ?? "bf16", maxContextTokens: context };
  problems.push(...resolveSizeModel(request, catalog, quantization !== undefined).problems);
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
  const { model, warnings } = resolveSizeModel({ id: query.model, parameters: query.parameters, quantization, maxContextTokens: context }, catalog);
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

/** One UsageError message for every problem of a `gpukit size` invocation. */
export function usageMessage(problems: readonly string[]): string {
  return `gpukit size: ${problems.length} invalid option${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}
