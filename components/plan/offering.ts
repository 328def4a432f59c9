/**
 * Evaluates GPU offerings against a model and picks one per target: the explicit instance type,
 * the cheapest offering of a named GPU that fits, or with `gpu: auto` the cheapest fitting offering
 * in the region. Mainland-China regions never get export-controlled GPUs (A100, H100, H200, B200).
 */
import type { Catalog, GpuSpec, Offering, Region, ResolvedPrice } from "../../catalog";
import { convertCurrency, findGpu, priceOf } from "../../catalog";
import { checkCompatibility } from "../engines/compatibility";
import { engineSupportsDataParallel } from "../engines";
import type { EngineName } from "../spec/schema";
import type { ResolvedModel } from "./model";
import { sizeReplica, tensorParallelCandidates, type SizingResult } from "./sizing";
import type { Quantization } from "../../catalog/schema";

/** Engines that split a model across GPUs by layers (no tensor parallelism). */
const LAYER_SPLIT_ENGINES: ReadonlySet<EngineName> = new Set(["llama-cpp", "ollama"]);

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
}

/** One offering evaluated for a workload. */
export interface Candidate {
  offering: Offering;
  gpu: GpuSpec;
  tensorParallel: number;
  dataParallel: number;
  sizing: SizingResult;
  price: ResolvedPrice;
  /** Why the offering cannot serve the workload; undefined when it can. */
  rejected?: string;
}

/** Evaluates one offering in one region for a workload. */
export function evaluateOffering(offering: Offering, region: Region, workload: Workload, catalog: Catalog): Candidate {
  const gpu = findGpu(catalog, offering.gpu);
  if (!gpu) throw new Error(`catalog: offering ${offering.instanceType} names unknown GPU ${offering.gpu}`);
  const price = priceOf(catalog, offering, region.region);
  const base = { offering, gpu, price };
  const layerSplit = LAYER_SPLIT_ENGINES.has(workload.engine);
  const size = (gpus: number) =>
    sizeReplica({
      shape: workload.model.shape,
      quantization: workload.quantization,
      kvCacheDtype: workload.kvCacheDtype,
      maxContextTokens: workload.maxContextTokens,
      maxConcurrentRequests: workload.maxConcurrentRequests,
      gpus,
      gpuMemoryGb: offering.gpuMemoryGb,
      gpuMemoryUtilization: workload.gpuMemoryUtilization,
      memoryBandwidthGBs: gpu.memoryBandwidthGBs,
      sequentialGpus: layerSplit,
    });

  const restricted = region.residency === "cn" && gpu.restrictedInMainlandChina;
  const problems = checkCompatibility(
    { engine: workload.engine, quantization: workload.quantization, kvCacheDtype: workload.kvCacheDtype, gpu },
    catalog.gpus,
  );

  let tensorParallel = 1;
  let sizing: SizingResult;
  let rejected: string | undefined;
  if (layerSplit) {
    sizing = size(offering.gpuCount);
    if (workload.tensorParallel !== "auto" && workload.tensorParallel > 1) {
      rejected = `${workload.engine} has no tensor parallelism (it splits layers across all ${offering.gpuCount} GPUs); leave engine.tensorParallel at auto`;
    }
  } else {
    const options = tensorParallelCandidates(workload.model.shape.attentionHeads, workload.model.shape.kvHeads, offering.gpuCount);
    if (workload.tensorParallel !== "auto") {
      tensorParallel = workload.tensorParallel;
      sizing = size(tensorParallel);
      if (!options.includes(tensorParallel)) {
        rejected = `tensor parallel ${tensorParallel} is not possible on ${offering.gpuCount} GPU(s) for ${workload.model.id} (${workload.model.shape.attentionHeads} attention / ${workload.model.shape.kvHeads} KV heads); allowed: ${options.join(", ")}`;
      }
    } else {
      const fitting = options.map((tp) => ({ tp, sizing: size(tp) })).find((o) => o.sizing.fits);
      const chosen = fitting ?? { tp: options[options.length - 1] ?? 1, sizing: size(options[options.length - 1] ?? 1) };
      tensorParallel = chosen.tp;
      sizing = chosen.sizing;
    }
  }
  if (!rejected && restricted) {
    rejected = `${gpu.key} is export-controlled and not sold in mainland China`;
  } else if (!rejected && problems.length) {
    rejected = problems.map((p) => p.message).join("; ");
  } else if (!rejected && !sizing.fits) {
    rejected = `does not fit: needs ${sizing.memory.requiredGb} GB, ${tensorParallel > 1 || layerSplit ? `${layerSplit ? offering.gpuCount : tensorParallel} × ` : ""}${offering.gpuMemoryGb} GB GPUs give ${sizing.memory.availableGb} GB usable`;
  }
  const dataParallel = !layerSplit && engineSupportsDataParallel(workload.engine) ? Math.max(1, Math.floor(offering.gpuCount / tensorParallel)) : 1;
  return { ...base, tensorParallel, dataParallel, sizing, rejected };
}

/** Hourly price in USD for ranking; null when unknown. */
export function comparablePrice(candidate: Candidate, catalog: Catalog): number | null {
  const { hourly, currency } = candidate.price;
  if (hourly === null || currency === null) return null;
  return convertCurrency(hourly, currency, "USD", catalog.fx);
}

/**
 * Orders feasible candidates: known prices first, cheapest first (USD-equivalent), ties broken by
 * more memory headroom, then by fewer GPUs; unknown prices after, by fewer GPUs then headroom.
 */
export function rankCandidates(candidates: readonly Candidate[], catalog: Catalog): Candidate[] {
  return [...candidates].sort((a, b) => {
    const pa = comparablePrice(a, catalog);
    const pb = comparablePrice(b, catalog);
    if (pa !== null && pb !== null && Math.abs(pa - pb) > 1e-9) return pa - pb;
    if ((pa === null) !== (pb === null)) return pa === null ? 1 : -1;
    if (pa === null && a.offering.gpuCount !== b.offering.gpuCount) return a.offering.gpuCount - b.offering.gpuCount;
    if (b.sizing.headroomGb !== a.sizing.headroomGb) return b.sizing.headroomGb - a.sizing.headroomGb;
    return a.offering.gpuCount - b.offering.gpuCount;
  });
}

/** Why a feasible candidate lost to the winner, in words. */
export function lossReason(loser: Candidate, winner: Candidate, catalog: Catalog): string {
  if (loser.rejected) return loser.rejected;
  const pl = comparablePrice(loser, catalog);
  const pw = comparablePrice(winner, catalog);
  if (pl === null) return "price unknown";
  if (pw !== null && pl > pw) {
    const more = loser.price.hourly !== null ? `${loser.price.hourly} ${loser.price.currency}/h` : "";
    return `more expensive (${more} vs ${winner.price.hourly} ${winner.price.currency}/h)`;
  }
  return `same price, less headroom (${loser.sizing.headroomGb} GB vs ${winner.sizing.headroomGb} GB)`;
}
