/**
 * Memory and speed arithmetic for one replica: weights by quantization, KV cache by model shape,
 * a fixed runtime overhead per GPU, split across tensor-parallel ranks. Pure functions; every
 * figure is in GB (10^9 bytes) unless the name says otherwise.
 */
import type { Quantization } from "../../catalog/schema";
import { bytesPerWeight } from "./quantization";
import type { MemoryBudget } from "./types";

/** Activations, CUDA graphs, NCCL buffers and the CUDA context, per GPU, in GB (rule of thumb 1–4 GB). */
export const OVERHEAD_GB_PER_GPU = 2;

/** The architecture figures sizing needs (a subset of the catalog's model shape). */
export interface ShapeForSizing {
  parametersB: number;
  layers: number;
  kvHeads: number;
  headDim: number;
}

/** What to size: the model, its format, the load it must carry and the GPUs it gets. */
export interface SizingInput {
  shape: ShapeForSizing;
  quantization: Quantization;
  kvCacheDtype: "auto" | "fp8";
  maxContextTokens: number;
  maxConcurrentRequests: number;
  /** GPUs the model spans (tensor-parallel degree, or all GPUs for layer-split engines). */
  gpus: number;
  gpuMemoryGb: number;
  /** Share of GPU memory the engine may use (0.5–0.98). */
  gpuMemoryUtilization: number;
  /** GB/s per GPU. */
  memoryBandwidthGBs: number;
  /** True when GPUs work on a token one after another (layer split), false for tensor parallel. */
  sequentialGpus?: boolean;
}

/** The sizing result for one replica. */
export interface SizingResult {
  memory: MemoryBudget;
  fits: boolean;
  /** KV-cache bytes per token. */
  kvBytesPerToken: number;
  /** Full-context sequences the memory left after weights and overhead holds (0 when it does not fit). */
  maxConcurrentSequences: number;
  /** Decode latency lower bound per output token in ms: weight bytes per GPU ÷ bandwidth. */
  latencyBoundMsPerToken: number;
  /** Memory left after everything, GB (negative when it does not fit). */
  headroomGb: number;
}

const GB = 1e9;

/** Rounds to 4 decimals: money figures (prices carry up to 5 decimals; display rounds to 2). */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Rounds to 2 decimals for reporting (sizing decisions use unrounded values). */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Weight memory in GB: parameters × bits per weight ÷ 8. */
export function weightsGb(parametersB: number, quantization: Quantization): number {
  return (parametersB * 1e9 * bytesPerWeight(quantization)) / GB;
}

/** KV-cache bytes per token: 2 (K and V) × layers × KV heads × head dim × bytes per element. */
export function kvBytesPerToken(shape: ShapeForSizing, kvCacheDtype: "auto" | "fp8"): number {
  const bytesPerElement = kvCacheDtype === "fp8" ? 1 : 2;
  return 2 * shape.layers * shape.kvHeads * shape.headDim * bytesPerElement;
}

/** Sizes one replica. */
export function sizeReplica(input: SizingInput): SizingResult {
  const weights = weightsGb(input.shape.parametersB, input.quantization);
  const perToken = kvBytesPerToken(input.shape, input.kvCacheDtype);
  const kvCache = (perToken * input.maxContextTokens * input.maxConcurrentRequests) / GB;
  const overhead = OVERHEAD_GB_PER_GPU * input.gpus;
  const required = weights + kvCache + overhead;
  const available = input.gpuMemoryGb * input.gpus * input.gpuMemoryUtilization;
  const kvRoom = available - weights - overhead;
  const perSequenceGb = (perToken * input.maxContextTokens) / GB;
  const maxSequences = kvRoom > 0 ? Math.floor(kvRoom / perSequenceGb) : 0;
  const weightsReadPerStepGb = input.sequentialGpus ? weights : weights / input.gpus;
  return {
    memory: {
      weightsGb: round2(weights),
      kvCacheGb: round2(kvCache),
      overheadGb: round2(overhead),
      requiredGb: round2(required),
      availableGb: round2(available),
    },
    fits: required <= available,
    kvBytesPerToken: perToken,
    maxConcurrentSequences: maxSequences,
    latencyBoundMsPerToken: round2((weightsReadPerStepGb / input.memoryBandwidthGBs) * 1000),
    headroomGb: round2(available - required),
  };
}

/**
 * Tensor-parallel degrees allowed for a model on `gpuCount` GPUs: powers of two up to the GPU
 * count that divide both the attention heads and the KV heads.
 */
export function tensorParallelCandidates(attentionHeads: number, kvHeads: number, gpuCount: number): number[] {
  const out: number[] = [];
  for (let tp = 1; tp <= gpuCount; tp *= 2) {
    if (attentionHeads % tp === 0 && kvHeads % tp === 0) out.push(tp);
  }
  return out;
}

/**
 * Output tokens per second one replica can at most sustain when decoding is memory-bound:
 * `sequences` in a batch each get one token per step, a step costs the latency bound.
 */
export function decodeThroughputBound(latencyBoundMsPerToken: number, sequences: number): number {
  if (latencyBoundMsPerToken <= 0 || sequences <= 0) return 0;
  return (sequences * 1000) / latencyBoundMsPerToken;
}
