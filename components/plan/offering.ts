/**
 * Evaluates GPU offerings against a model and picks one per target. Each offering is sized (memory),
 * modelled (TTFT, TPOT, throughput at the SLO-limited concurrency, see `performance.ts`) and priced
 * for the load; `gpu: auto` keeps the offering with the best objective: the lowest monthly cost to
 * serve the load within the SLO (`rankBy: cost`), else cost per million output tokens, hourly price
 * or TPOT. Export control is advisory (see `export-control.ts`): availability is whether the catalog
 * lists an offering in the region.
 */
import type { Catalog, GpuSpec, Offering, Region, ResolvedPrice } from "../../catalog";
import { convertCurrency, findGpu, priceOf } from "../../catalog";
import { checkCompatibility } from "../engines/compatibility";
import { engineSupportsDataParallel } from "../engines";
import type { EngineName } from "../spec/schema";
import type { ResolvedModel } from "./model";
import { runtimeOverheadGb, sizeReplica, tensorParallelProblem, type SizingResult } from "./sizing";
import { DEFAULT_INTERCONNECT, factorFor, performanceAt, sloConcurrency, type PerformanceOption, type PerformancePoint, type RequestShape, type Slo } from "./performance";
import type { Quantization } from "../../catalog/schema";
import { loraGpuGb, type LoraPlan } from "./adapters";

/** Engines that split a model across GPUs by layers (no tensor parallelism). */
const LAYER_SPLIT_ENGINES: ReadonlySet<EngineName> = new Set(["llama-cpp", "ollama"]);

/** How candidates are ranked. */
export type RankBy = "cost" | "hourly" | "cost-per-token" | "latency";

/** Requests per replica are never modelled beyond this (engines' own max-num-seqs defaults are 256–1024). */
export const MAX_MODELLED_CONCURRENCY = 1024;

/** Request shape used when the spec has no `serving` section: 1,024 prompt and 256 output tokens (capped by the context). */
export function defaultRequest(maxContextTokens: number): RequestShape {
  const outputTokens = Math.min(256, Math.floor(maxContextTokens / 4));
  return { inputTokens: Math.min(1024, maxContextTokens - outputTokens), outputTokens };
}

/** Load, SLO and ranking for the performance model. */
export interface ServingWorkload {
  request: RequestShape;
  slo: Slo;
  /** Exactly one set, or neither (no load: rank by cost per token). */
  load?: { concurrentUsers?: number; requestsPerSecond?: number };
  rankBy: RankBy;
}

/** The workload an offering is evaluated for. */
export interface Workload {
  model: ResolvedModel;
  quantization: Quantization;
  engine: EngineName;
  kvCacheDtype: "auto" | "fp8";
  maxContextTokens: number;
  maxConcurrentRequests: number;
  gpuMemoryUtilization: number;
  /** Requested tensor-parallel degree, or `auto`. */
  tensorParallel: number | "auto";
  /** With a load or SLO (spec `serving`); without it the concurrency is `maxConcurrentRequests`. */
  serving?: ServingWorkload;
  /** Ranking without `serving` (the planner keeps today's `hourly`; `gpukit size` uses `cost`, i.e. cost per million tokens). Default `cost`. */
  rankBy?: RankBy;
  /** Hours in a billing month for monthly costs; default 730. */
  hoursPerMonth?: number;
  /**
   * LoRA adapters the engine serves (`planAdapters` of `adapters.ts`): their GPU memory
   * ({@link loraGpuGb} at each tensor-parallel degree) is part of every fit test, so `gpu: auto`
   * only picks options that hold the adapters too. Absent: no adapter memory.
   */
  lora?: LoraPlan;
}

/**
 * GPU memory (GB, whole replica) the workload's LoRA adapters take at a tensor-parallel degree; 0
 * without adapters, or when the shape cannot size them (the target plan then reports it at `model.adapters`).
 */
export function adapterMemoryGb(workload: Pick<Workload, "lora" | "engine" | "model">, tensorParallel: number): number {
  if (!workload.lora) return 0;
  return loraGpuGb(workload.engine, workload.lora, workload.model.shape, tensorParallel) ?? 0;
}

/** What the performance model says about one candidate. */
export interface CandidatePerformance {
  /** TTFT, TPOT and throughput of one replica at the SLO-limited concurrency. */
  point: PerformancePoint;
  /** Engine replicas (tensor-parallel groups) the load needs; null without a load. */
  replicasForLoad: number | null;
  /** Instances the load needs (replicas ÷ engine replicas per instance, rounded up); null without a load. */
  instancesForLoad: number | null;
  /** Monthly cost of `instancesForLoad` in the price's currency; null without a load or price. */
  monthlyCostForLoad: number | null;
  /** Cost per 10^6 output tokens at the SLO-limited concurrency, in the price's currency; null without a price. */
  costPerMillionTokens: number | null;
  /** Spare capacity of `instancesForLoad` over the load, in percent; null without a load. */
  headroomPct: number | null;
}

/** One offering evaluated for a workload. */
export interface Candidate {
  offering: Offering;
  gpu: GpuSpec;
  tensorParallel: number;
  dataParallel: number;
  sizing: SizingResult;
  price: ResolvedPrice;
  performance?: CandidatePerformance;
  /** Why the offering cannot serve the workload; undefined when it can. */
  rejected?: string;
}

/** The performance-model option of a candidate. */
export function performanceOption(workload: Workload, gpu: GpuSpec, tensorParallel: number, catalog: Catalog): PerformanceOption {
  return {
    shape: workload.model.shape,
    quantization: workload.quantization,
    kvCacheDtype: workload.kvCacheDtype,
    engine: workload.engine,
    gpu,
    tensorParallel,
    sequentialGpus: LAYER_SPLIT_ENGINES.has(workload.engine),
    nvlink: gpu.nvlinkGBs !== null,
    factor: factorFor(catalog, workload.engine, gpu.computeCapability),
    interconnect: catalog.performance?.interconnect ?? DEFAULT_INTERCONNECT,
  };
}

/** Models one fitting candidate: SLO-limited concurrency, replicas and cost for the load. Undefined when the SLO cannot be met. */
function modelCandidate(base: Omit<Candidate, "performance">, workload: Workload, catalog: Catalog): CandidatePerformance | undefined {
  const request = workload.serving?.request ?? defaultRequest(workload.maxContextTokens);
  const option = performanceOption(workload, base.gpu, base.tensorParallel, catalog);
  const gpus = LAYER_SPLIT_ENGINES.has(workload.engine) ? base.offering.gpuCount : base.tensorParallel;
  const perRequest = sizeReplica({ ...sizingArgs(workload, base.gpu, gpus, catalog), maxContextTokens: request.inputTokens + request.outputTokens, maxConcurrentRequests: 1 });
  const cap = workload.serving
    ? Math.min(MAX_MODELLED_CONCURRENCY, perRequest.maxConcurrentSequences)
    : Math.min(workload.maxConcurrentRequests, Math.max(1, base.sizing.maxConcurrentSequences));
  const concurrency = sloConcurrency(option, request, workload.serving?.slo ?? {}, cap);
  if (concurrency === 0) return undefined;
  const point = performanceAt(option, request, concurrency);
  const load = workload.serving?.load;
  let replicas: number | null = null;
  if (load?.concurrentUsers !== undefined) replicas = Math.ceil(load.concurrentUsers / concurrency);
  else if (load?.requestsPerSecond !== undefined) replicas = Math.ceil(load.requestsPerSecond / point.requestsPerSecond);
  const instances = replicas === null ? null : Math.ceil(replicas / base.dataParallel);
  const hourly = base.price.hourly;
  const hours = workload.hoursPerMonth ?? 730;
  let headroom: number | null = null;
  if (instances !== null && load) {
    const capacity = instances * base.dataParallel * (load.concurrentUsers !== undefined ? concurrency : point.requestsPerSecond);
    headroom = (capacity / (load.concurrentUsers ?? load.requestsPerSecond!) - 1) * 100;
  }
  return {
    point,
    replicasForLoad: replicas,
    instancesForLoad: instances,
    monthlyCostForLoad: hourly !== null && instances !== null ? instances * hourly * hours : null,
    costPerMillionTokens: hourly !== null ? (hourly / (point.outputTokensPerSecond * base.dataParallel * 3600)) * 1e6 : null,
    headroomPct: headroom,
  };
}

function sizingArgs(workload: Workload, gpu: GpuSpec, gpus: number, catalog: Catalog) {
  const layerSplit = LAYER_SPLIT_ENGINES.has(workload.engine);
  return {
    shape: workload.model.shape,
    quantization: workload.quantization,
    kvCacheDtype: workload.kvCacheDtype,
    maxContextTokens: workload.maxContextTokens,
    maxConcurrentRequests: workload.serving ? 1 : workload.maxConcurrentRequests,
    gpus,
    gpuMemoryGb: gpu.memoryGb,
    gpuMemoryUtilization: workload.gpuMemoryUtilization,
    memoryBandwidthGBs: gpu.memoryBandwidthGBs,
    sequentialGpus: layerSplit,
    overheadGbPerGpu: runtimeOverheadGb(workload.engine, layerSplit ? 1 : gpus, catalog),
    loraGb: adapterMemoryGb(workload, layerSplit ? 1 : gpus),
  };
}

/**
 * Evaluates one offering in one region for a workload. Memory uses the catalog GPU's `memoryGb`
 * (10^9 bytes). With tensor parallel `auto`, every allowed degree that fits is modelled and the one
 * with the best objective kept (ties: the smaller degree). With `serving`, the fit check is one
 * full-context sequence (engines allocate KV pages on demand); without it, `maxConcurrentRequests`
 * full-context sequences as before. LoRA adapters (`workload.lora`) add their GPU memory at each
 * degree to every fit test and to the KV room the SLO concurrency is limited by.
 */
export function evaluateOffering(offering: Offering, region: Region, workload: Workload, catalog: Catalog): Candidate {
  const gpu = findGpu(catalog, offering.gpu);
  if (!gpu) throw new Error(`catalog: offering ${offering.instanceType} names unknown GPU ${offering.gpu}`);
  const price = priceOf(catalog, offering, region.region);
  const layerSplit = LAYER_SPLIT_ENGINES.has(workload.engine);
  const size = (gpus: number) => sizeReplica(sizingArgs(workload, gpu, gpus, catalog));
  const problems = checkCompatibility({ engine: workload.engine, quantization: workload.quantization, kvCacheDtype: workload.kvCacheDtype, gpu, moe: Boolean(workload.model.shape.moe) }, catalog.gpus);
  const dataParallelFor = (tp: number) => (!layerSplit && engineSupportsDataParallel(workload.engine) ? Math.max(1, Math.floor(offering.gpuCount / tp)) : 1);
  const build = (tp: number, sizing: SizingResult, rejected?: string): Candidate => {
    const base = { offering, gpu, price, tensorParallel: tp, dataParallel: dataParallelFor(tp), sizing, rejected };
    if (rejected) return base;
    const performance = modelCandidate(base, workload, catalog);
    if (!performance) {
      const point = performanceAt(performanceOption(workload, gpu, tp, catalog), workload.serving?.request ?? defaultRequest(workload.maxContextTokens), 1);
      return { ...base, rejected: `misses the SLO even with one request in flight (TTFT ${Math.round(point.ttftMs)} ms, TPOT ${point.tpotMs.toFixed(1)} ms)` };
    }
    return { ...base, performance };
  };
  const compat = problems.length ? problems.map((p) => p.message).join("; ") : undefined;
  const tooBig = (tp: number, sizing: SizingResult) =>
    `does not fit: needs ${sizing.memory.requiredGb} GB${sizing.memory.loraGb ? ` (${sizing.memory.loraGb} GB of it for the LoRA adapters)` : ""}, ${tp > 1 || layerSplit ? `${layerSplit ? offering.gpuCount : tp} × ` : ""}${gpu.memoryGb} GB GPUs give ${sizing.memory.availableGb} GB usable`;

  if (layerSplit) {
    const sizing = size(offering.gpuCount);
    if (workload.tensorParallel !== "auto" && workload.tensorParallel > 1) {
      return build(1, sizing, `${workload.engine} has no tensor parallelism (it splits layers across all ${offering.gpuCount} GPUs); leave engine.tensorParallel at auto`);
    }
    return build(1, sizing, compat ?? (sizing.fits ? undefined : tooBig(1, sizing)));
  }
  const shape = workload.model.shape;
  const tpShape = { attentionHeads: shape.attentionHeads, kvHeads: shape.kvHeads, intermediateSize: shape.intermediateSize };
  const degrees: number[] = [];
  for (let tp = 1; tp <= offering.gpuCount; tp *= 2) degrees.push(tp);
  if (workload.tensorParallel !== "auto") {
    const tp = workload.tensorParallel;
    const sizing = size(tp);
    const problem = tp > offering.gpuCount ? `only ${offering.gpuCount} GPU(s)` : tensorParallelProblem(tp, tpShape, workload.quantization);
    if (problem) {
      const allowed = degrees.filter((d) => !tensorParallelProblem(d, tpShape, workload.quantization));
      return build(tp, sizing, `tensor parallel ${tp} is not possible on ${offering.gpuCount} GPU(s) for ${workload.model.id}: ${problem}; allowed: ${allowed.join(", ") || "none"}`);
    }
    return build(tp, sizing, compat ?? (sizing.fits ? undefined : tooBig(tp, sizing)));
  }
  const allowed = degrees.filter((d) => !tensorParallelProblem(d, tpShape, workload.quantization));
  if (!allowed.length) {
    return build(1, size(1), `no tensor-parallel degree up to ${offering.gpuCount} splits ${workload.model.id}: ${tensorParallelProblem(offering.gpuCount > 1 ? 2 : 1, tpShape, workload.quantization) ?? "heads"}`);
  }
  const sized = allowed.map((tp) => ({ tp, sizing: size(tp) }));
  const fitting = sized.filter((s) => s.sizing.fits);
  if (compat || !fitting.length) {
    const last = sized[sized.length - 1];
    const refused = degrees.filter((d) => !allowed.includes(d));
    const tpNote = refused.length && !compat ? `; tensor parallel ${refused.join(", ")} refused: ${tensorParallelProblem(refused[0], tpShape, workload.quantization)}` : "";
    return build(last.tp, last.sizing, compat ?? tooBig(last.tp, last.sizing) + tpNote);
  }
  const options = fitting.map((f) => build(f.tp, f.sizing));
  const feasible = options.filter((c) => !c.rejected);
  if (!feasible.length) return options[options.length - 1];
  const rankBy = rankingOf(workload);
  // Hourly ranking cannot tell degrees apart (same instance, same price): keep the smallest that fits.
  return rankBy === "hourly" ? feasible[0] : rankCandidates(feasible, catalog, rankBy)[0];
}

/** How a workload's candidates are ranked: the serving section's `rankBy`, else the workload's, else `cost`. */
export function rankingOf(workload: Pick<Workload, "serving" | "rankBy">): RankBy {
  return workload.serving?.rankBy ?? workload.rankBy ?? "cost";
}

/** Hourly price in USD for ranking; null when unknown. */
export function comparablePrice(candidate: Candidate, catalog: Catalog): number | null {
  const { hourly, currency } = candidate.price;
  if (hourly === null || currency === null) return null;
  return convertCurrency(hourly, currency, "USD", catalog.fx);
}

/**
 * The number a candidate is ranked by, lower is better, in USD where it is money: monthly cost for
 * the load (`cost` with a load), cost per million tokens (`cost` without a load, `cost-per-token`),
 * hourly price (`hourly`) or TPOT in ms (`latency`). Null when the price it needs is unknown.
 */
export function objectiveOf(candidate: Candidate, catalog: Catalog, rankBy: RankBy): number | null {
  const perf = candidate.performance;
  const usd = (amount: number | null | undefined) => (amount === null || amount === undefined || candidate.price.currency === null ? null : convertCurrency(amount, candidate.price.currency, "USD", catalog.fx));
  if (rankBy === "latency") return perf ? perf.point.tpotMs : null;
  if (rankBy === "hourly" || !perf) return comparablePrice(candidate, catalog);
  if (rankBy === "cost" && perf.monthlyCostForLoad !== null) return usd(perf.monthlyCostForLoad);
  if (rankBy === "cost" && perf.instancesForLoad !== null) return null;
  return usd(perf.costPerMillionTokens);
}

/**
 * Orders feasible candidates by {@link objectiveOf} (known objectives first, lowest first), ties
 * broken by more memory headroom, then by fewer GPUs; unknown objectives after, by fewer GPUs then headroom.
 */
export function rankCandidates(candidates: readonly Candidate[], catalog: Catalog, rankBy: RankBy = "cost"): Candidate[] {
  const scored = candidates.map((c) => ({ c, o: objectiveOf(c, catalog, rankBy) }));
  scored.sort((a, b) => {
    if (a.o !== null && b.o !== null && Math.abs(a.o - b.o) > 1e-9 * Math.max(1, Math.abs(a.o))) return a.o - b.o;
    if ((a.o === null) !== (b.o === null)) return a.o === null ? 1 : -1;
    if (a.o === null && a.c.offering.gpuCount !== b.c.offering.gpuCount) return a.c.offering.gpuCount - b.c.offering.gpuCount;
    if (b.c.sizing.headroomGb !== a.c.sizing.headroomGb) return b.c.sizing.headroomGb - a.c.sizing.headroomGb;
    return a.c.offering.gpuCount - b.c.offering.gpuCount;
  });
  return scored.map((s) => s.c);
}

const money = (n: number | null, currency: string | null) => (n === null ? "unknown" : `${Math.round(n * 100) / 100} ${currency}`);

/** Why a feasible candidate lost to the winner, in words (naming the objective and both values). */
export function lossReason(loser: Candidate, winner: Candidate, catalog: Catalog, rankBy: RankBy = "cost"): string {
  if (loser.rejected) return loser.rejected;
  const ol = objectiveOf(loser, catalog, rankBy);
  const ow = objectiveOf(winner, catalog, rankBy);
  if (ol === null) return rankBy === "latency" ? "no performance estimate" : "price unknown";
  if (ow !== null && ol > ow) {
    const lp = loser.performance;
    const wp = winner.performance;
    if (rankBy === "latency") return `slower (TPOT ${lp!.point.tpotMs.toFixed(1)} ms vs ${wp!.point.tpotMs.toFixed(1)} ms)`;
    if (rankBy === "hourly" || !lp || !wp) return `more expensive (${loser.price.hourly} ${loser.price.currency}/h vs ${winner.price.hourly} ${winner.price.currency}/h)`;
    if (rankBy === "cost" && lp.monthlyCostForLoad !== null && wp.monthlyCostForLoad !== null) {
      return `costs more for the load (${lp.instancesForLoad} × ${loser.price.hourly} ${loser.price.currency}/h = ${money(lp.monthlyCostForLoad, loser.price.currency)}/month vs ${money(wp.monthlyCostForLoad, winner.price.currency)}/month)`;
    }
    return `higher cost per million output tokens (${money(lp.costPerMillionTokens, loser.price.currency)} vs ${money(wp.costPerMillionTokens, winner.price.currency)}; TPOT ${lp.point.tpotMs.toFixed(1)} vs ${wp.point.tpotMs.toFixed(1)} ms)`;
  }
  return `same ${rankBy === "latency" ? "TPOT" : "cost"}, less headroom (${loser.sizing.headroomGb} GB vs ${winner.sizing.headroomGb} GB)`;
}
