/**
 * The pure core of `gpukit size`: which offerings across clouds and regions can serve a model,
 * ranked cheapest first, with the memory budget, the decode latency bound, the concurrency bound,
 * the hourly price and a lower bound on the cost per million output tokens; plus every offering
 * that cannot, and why. The model is resolved by the planner's own rule
 * (`components/plan/model.ts`), worded here as option errors. Reads only the catalog.
 */
import type { Catalog, Cloud, Offering, Quantization, Region } from "../../catalog";
import { QUANTIZATIONS, findGpu, findModel, gpuNames, offeringsIn, regionNames } from "../../catalog";
import { resolveModelRequest, type HubModels, type ModelProblem, type ModelRequest, type ResolvedModel } from "../../components/plan/model";
import { defaultRequest, evaluateOffering, rankCandidates, type Candidate, type Workload } from "../../components/plan/offering";
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
/** `--rank-by` values. */
export const SIZE_RANK_BY = ["cost", "hourly", "cost-per-token", "latency"] as const;
export { ON_PREMISES } from "./size-types";
import { ON_PREMISES } from "./size-types";

export type { SizeQuery, SizeOptionPerformance, SizeOption, SizeInfeasible, SizeWorkload, SizeReport } from "./size-types";
import type { SizeQuery, SizeOption, SizeInfeasible, SizeReport } from "./size-types";

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
function resolveSizeModel(request: ModelRequest, catalog: Catalog, quantizationKnown = true, hub?: HubModels): { model?: ResolvedModel; problems: string[]; warnings: string[] } {
  const resolution = resolveModelRequest(request, catalog, hub);
  const { model, estimatedFrom } = resolution;
  const found = resolution.problems.filter((p) => quantizationKnown || (p.kind !== "quantization-contradicts" && p.kind !== "needs-prequantized-checkpoint"));
  const problems: string[] = [];
  const warnings: string[] = [];
  if (estimatedFrom) {
    warnings.push(`${request.id} is not in the catalog: its KV-cache shape is estimated from ${estimatedFrom.id} scaled to ${request.parameters}B parameters`);
  }
  if (model?.shapeSource === "hub") warnings.push(`${request.id} is not in the catalog: its shape comes from its hub config.json (${hub?.origin})`);
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
  const found = findModel(catalog, query.model) ?? (query.hub ? findModel({ ...catalog, models: [...query.hub.models] }, query.model) : undefined);
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
  problems.push(...resolveSizeModel(request, catalog, quantization !== undefined, query.hub).problems);
  if (query.gpu !== undefined && !findGpu(catalog, query.gpu)) problems.push(`--gpu ${query.gpu} is not in the catalog; allowed: ${gpuNames(catalog).join(", ")}`);
  if (query.gpus !== undefined && query.gpu === undefined) problems.push("--gpus needs --gpu (the GPU model of the configuration to evaluate)");
  if (query.gpus !== undefined && (query.cloud !== undefined || query.region !== undefined)) problems.push("--gpus evaluates one configuration outside any cloud: drop --cloud/--region, or drop --gpus to filter cloud offerings by --gpu");
  if (query.rps !== undefined && query.concurrency !== undefined) problems.push("--rps and --concurrency are two ways to give the load: pass one");
  const req = requestShape(query, context);
  if (req.inputTokens + req.outputTokens > context) problems.push(`--input-tokens ${req.inputTokens} + --output-tokens ${req.outputTokens} exceed the ${context}-token context (--context)`);
  return problems;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Request shape of a query: `--input-tokens`/`--output-tokens`, else the planner's default for the context. */
function requestShape(query: SizeQuery, context: number): { inputTokens: number; outputTokens: number } {
  const d = defaultRequest(context);
  return { inputTokens: query.inputTokens ?? d.inputTokens, outputTokens: query.outputTokens ?? d.outputTokens };
}

/** The on-premises configuration of `--gpu X --gpus N`: an offering no cloud sells, unpriced. */
function onPremises(gpuKey: string, gpus: number, memoryGb: number): { offering: Offering; region: Region } {
  const offering: Offering = {
    cloud: "aws", instanceType: `${gpus}x ${gpuKey}`, family: ON_PREMISES, gpu: gpuKey, gpuModelStatus: "verified", gpuCount: gpus, gpuMemoryGb: memoryGb,
    vcpu: null, memoryGib: null, nvswitch: false, regions: [ON_PREMISES], prices: [], specSource: "spec", restrictedAvailability: false,
  };
  const region: Region = { cloud: "aws", region: ON_PREMISES, displayName: "on-premises", country: "ZZ", residency: "global", zones: [ON_PREMISES], currency: "USD", source: "spec" };
  return { offering, region };
}

/**
 * Sizes and models `query` against every (region, offering) pair of the catalog, filtered by cloud,
 * region and GPU, or against one on-premises `--gpu × --gpus` configuration. Workload: tensor parallel
 * `auto` (every allowed degree that fits, best objective kept), GPU memory utilization
 * {@link SIZE_GPU_MEMORY_UTILIZATION} (0.9), KV cache in the model dtype. With a load (`--rps`) or an
 * SLO the concurrency per replica is the SLO-limited one and `--concurrency` is the load in users;
 * otherwise `--concurrency` (default 16) is per replica. Pure apart from reading `catalog`.
 * Throws {@link UsageError} listing every problem of {@link checkSizeQuery}.
 */
export function sizeOptions(query: SizeQuery, catalog: Catalog): SizeReport {
  const problems = checkSizeQuery(query, catalog);
  if (problems.length) throw new UsageError(usageMessage(problems));
  const defaults = queryDefaults(query, catalog);
  const quantization = defaults.quantization!;
  const context = defaults.context;
  const engine = query.engine ?? DEFAULT_ENGINE;
  const rankBy = query.rankBy ?? "cost";
  const request = requestShape(query, context);
  const slo = { ...(query.sloTtftMs !== undefined ? { ttftMs: query.sloTtftMs } : {}), ...(query.sloTpotMs !== undefined ? { tpotMs: query.sloTpotMs } : {}) };
  const servingMode = query.rps !== undefined || query.sloTtftMs !== undefined || query.sloTpotMs !== undefined || query.inputTokens !== undefined || query.outputTokens !== undefined;
  const load = query.rps !== undefined ? { requestsPerSecond: query.rps } : servingMode && query.concurrency !== undefined ? { concurrentUsers: query.concurrency } : null;
  const concurrency = servingMode ? (query.concurrency ?? DEFAULT_CONCURRENCY) : (query.concurrency ?? DEFAULT_CONCURRENCY);
  const { model, warnings } = resolveSizeModel({ id: query.model, parameters: query.parameters, quantization, maxContextTokens: context }, catalog, true, query.hub);
  const workload: Workload = {
    model: model!,
    quantization,
    engine,
    kvCacheDtype: "auto",
    maxContextTokens: context,
    maxConcurrentRequests: concurrency,
    gpuMemoryUtilization: SIZE_GPU_MEMORY_UTILIZATION,
    tensorParallel: "auto",
    ...(servingMode ? { serving: { request, slo, load: load ?? undefined, rankBy } } : {}),
  };

  const pairs: Array<{ offering: Offering; region: Region }> = [];
  const gpu = query.gpu !== undefined ? findGpu(catalog, query.gpu) : undefined;
  if (gpu && query.gpus !== undefined) pairs.push(onPremises(gpu.key, query.gpus, gpu.memoryGb));
  else {
    for (const region of regionsFor(catalog, query.cloud, query.region)) {
      for (const offering of offeringsIn(catalog, region.cloud, region.region)) if (!gpu || offering.gpu === gpu.key) pairs.push({ offering, region });
    }
  }
  const feasible: Array<{ candidate: Candidate; region: Region }> = [];
  const infeasible: SizeInfeasible[] = [];
  for (const { offering, region } of pairs) {
    const candidate = evaluateOffering(offering, region, workload, catalog);
    const cloud = region.region === ON_PREMISES ? ON_PREMISES : region.cloud;
    if (candidate.rejected) {
      infeasible.push({ cloud, region: region.region, instanceType: offering.instanceType, gpu: { model: offering.gpu, count: offering.gpuCount }, reason: candidate.rejected });
    } else {
      feasible.push({ candidate, region });
    }
  }
  const regionOf = new Map(feasible.map((f) => [f.candidate, f.region]));
  const options = rankCandidates(
    feasible.map((f) => f.candidate),
    catalog,
    rankBy,
  ).map((c): SizeOption => {
    const region = regionOf.get(c)!;
    const perf = c.performance!;
    const source = c.price.source ? `${c.price.source}${c.price.date ? `, ${c.price.date}` : ""}` : null;
    const ec = c.gpu.exportControl;
    return {
      cloud: region.region === ON_PREMISES ? ON_PREMISES : c.offering.cloud,
      region: region.region,
      instanceType: c.offering.instanceType,
      gpu: { model: c.gpu.key, count: c.offering.gpuCount, memoryGb: c.gpu.memoryGb },
      tensorParallel: c.tensorParallel,
      dataParallel: c.dataParallel,
      memory: c.sizing.memory,
      latencyBoundMsPerToken: c.sizing.latencyBoundMsPerToken,
      maxConcurrentSequences: c.sizing.maxConcurrentSequences,
      throughputTokensPerSecond: round(perf.point.outputTokensPerSecond * c.dataParallel, 1),
      hourlyCost: c.price.hourly,
      currency: c.price.currency,
      costPerMillionTokens: perf.costPerMillionTokens === null ? null : round(perf.costPerMillionTokens, 4),
      priceStatus: c.price.status,
      priceSource: source,
      restrictedAvailability: c.offering.restrictedAvailability,
      performance: {
        concurrency: perf.point.concurrency,
        ttftMs: round(perf.point.ttftMs, 1),
        tpotMs: round(perf.point.tpotMs, 2),
        outputTokensPerSecond: round(perf.point.outputTokensPerSecond * c.dataParallel, 1),
        requestsPerSecond: round(perf.point.requestsPerSecond * c.dataParallel, 3),
      },
      replicasForLoad: perf.instancesForLoad,
      monthlyCostForLoad: perf.monthlyCostForLoad === null ? null : round(perf.monthlyCostForLoad, 2),
      exportControl: ec ? { status: ec.status, since: ec.since } : null,
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
      catalogued: model!.shapeSource === "catalog",
      shapeSource: model!.shapeSource ?? "catalog",
      inputTokens: request.inputTokens,
      outputTokens: request.outputTokens,
      load,
      slo,
      rankBy,
    },
    options,
    infeasible,
    assumptions: sizeAssumptions(context, concurrency, catalog, servingMode),
    warnings,
  };
}

/** The assumptions behind the figures, in words. */
function sizeAssumptions(context: number, concurrency: number, catalog: Catalog, servingMode: boolean): string[] {
  return [
    `Memory (GB of 10^9 bytes, GPU memory included): quantized linear layers at their bits per weight, embeddings and lm_head at 16 bits, KV cache (MLA latent, sliding window where the model has them) for ${servingMode ? "one full-context sequence (pages on demand), then as many requests as the room left holds" : `${concurrency} sequences × ${context} tokens`}, runtime overhead per GPU by engine and tensor-parallel degree (catalog/data/performance.json), against ${SIZE_GPU_MEMORY_UTILIZATION} of GPU memory.`,
    "Performance (components/plan/performance.ts): prefill = FLOPs ÷ (dense TFLOPS × efficiency); decode step = (active weights + the batch's KV cache) ÷ (bandwidth × efficiency), bounded below by compute, plus tensor-parallel all-reduces over NVLink or PCIe; continuous batching adds the other requests' prefills to TPOT. Efficiencies per engine are calibrated on published runs (bench/RESULTS.md gives the error).",
    servingMode
      ? "Concurrency per replica: the largest that meets --slo-ttft-ms/--slo-tpot-ms within the KV room; --concurrency is then the load in users (or --rps in requests per second) and replicasForLoad the instances that carry it."
      : `Concurrency per replica: min(--concurrency ${concurrency}, full-context sequences that fit).`,
    "Cost per million output tokens: hourly price ÷ (output tokens/s of the instance × 3600) × 10^6 in the offering's currency; monthly cost for the load: instances × hourly × 730. Unknown prices give null.",
    `Ranking (--rank-by): cost = monthly cost for the load, or cost per million tokens without one; hourly; cost-per-token; latency (TPOT). Money compared in USD at ${catalog.fx.usdCny} CNY/USD (${catalog.fx.status}, ${catalog.fx.date}); unknown prices last. Export-control status is shown, never used to refuse: availability is the catalog's offerings.`,
  ];
}

/** One UsageError message for every problem of a `gpukit size` invocation. */
export function usageMessage(problems: readonly string[]): string {
  return `gpukit size: ${problems.length} invalid option${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}
