/**
 * Memory arithmetic for one replica: weights by tensor class (quantized linears, 16-bit embeddings
 * and `lm_head`), KV cache by attention kind (GQA/MHA, MLA, sliding window), runtime overhead per
 * engine and tensor-parallel degree, split across tensor-parallel ranks. Pure functions; every
 * figure is in GB of 10^9 bytes (GPU memory included: see `catalog/schema.ts` `memoryGb`).
 */
import type { Catalog, Quantization } from "../../catalog";
import { bytesPerWeight } from "./quantization";
import type { MemoryBudget } from "./types";

/** Overhead per GPU at TP=1 and TP≥2 when the catalog has no row (vLLM PR #10511 profile of an 8B model, GB). */
export const DEFAULT_OVERHEAD_GB = { tp1Gb: 3.3, tpNGb: 5.2 } as const;
/** @deprecated the overhead now depends on engine and TP degree: {@link runtimeOverheadGb}. Kept as the TP=1 figure. */
export const OVERHEAD_GB_PER_GPU = DEFAULT_OVERHEAD_GB.tp1Gb;

/**
 * Bits per weight of a quantized linear layer (embeddings and `lm_head` stay 16-bit):
 * AWQ/GPTQ group 128 = 4 + 16/128 (fp16 scale) + 4/128 (packed zero) = 4.156; FP8/INT8 8 (per-tensor
 * or per-channel scales are negligible); NF4 4 + 32/64 = 4.5. GGUF figures are whole-file bits per
 * weight (llama.cpp quantize table), applied to every parameter.
 */
export const LINEAR_BITS: Readonly<Partial<Record<Quantization, number>>> = { awq: 4.156, gptq: 4.156, fp8: 8, int8: 8, "bnb-nf4": 4.5 };

/** Group size of the int4 kernels (AWQ/GPTQ Marlin): `intermediate_size / TP` must be a multiple of it. */
export const QUANT_KERNEL_GROUP = 128;

/** The architecture figures sizing needs (a subset of the catalog's model shape; optional fields refine it). */
export interface ShapeForSizing {
  parametersB: number;
  /** Active parameters per token (MoE); default `parametersB`. */
  activeParametersB?: number;
  layers: number;
  kvHeads: number;
  headDim: number;
  hiddenSize?: number;
  vocabSize?: number;
  tieWordEmbeddings?: boolean;
  intermediateSize?: number;
  moe?: { experts: number; expertsPerToken: number; sharedExperts?: number; moeIntermediateSize: number };
  mla?: { kvLoraRank: number; qkRopeHeadDim: number };
  slidingWindow?: number;
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
  /** GB (10^9 bytes) per GPU. */
  gpuMemoryGb: number;
  /** Share of GPU memory the engine may use (0.5–0.98). */
  gpuMemoryUtilization: number;
  /** GB/s per GPU. */
  memoryBandwidthGBs: number;
  /** True when GPUs work on a token one after another (layer split), false for tensor parallel. */
  sequentialGpus?: boolean;
  /** Runtime overhead per GPU in GB; default {@link DEFAULT_OVERHEAD_GB} for the TP degree. */
  overheadGbPerGpu?: number;
  /**
   * GPU memory the engine holds for LoRA adapters on the whole replica, GB (`loraGpuGb` of
   * `adapters.ts` at this TP degree); default 0. Counted in `requiredGb` and taken from the KV room.
   */
  loraGb?: number;
}

/** The sizing result for one replica. */
export interface SizingResult {
  memory: MemoryBudget;
  fits: boolean;
  /** KV-cache bytes per token (whole model; MLA caches are replicated on every tensor-parallel rank). */
  kvBytesPerToken: number;
  /** Full-context sequences the memory left after weights and overhead holds (0 when it does not fit). */
  maxConcurrentSequences: number;
  /** Decode latency lower bound per output token in ms at batch 1: active weight bytes plus one full-context KV read per GPU ÷ bandwidth. */
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

/** Embedding + `lm_head` parameters in billions (one matrix when tied); 0 when the shape lacks the vocabulary or hidden size. */
export function embeddingParamsB(shape: Partial<ShapeForSizing>): number {
  if (!shape.vocabSize || !shape.hiddenSize) return 0;
  return (shape.vocabSize * shape.hiddenSize * (shape.tieWordEmbeddings ? 1 : 2)) / 1e9;
}

/**
 * Weight memory in GB for `parametersB` parameters. With a shape that knows its vocabulary and
 * hidden size, quantized formats apply {@link LINEAR_BITS} to the linear layers and keep the
 * embeddings and `lm_head` at 2 bytes (Llama-3.1-8B AWQ: 6.979 B × 4.156 / 8 + 1.051 B × 2 = 5.73 GB);
 * otherwise every parameter gets the format's bits per weight.
 */
export function weightsGb(parametersB: number, quantization: Quantization, shape: Partial<ShapeForSizing> = {}): number {
  const linearBits = LINEAR_BITS[quantization];
  const embedding = Math.min(embeddingParamsB(shape), parametersB);
  if (linearBits === undefined || embedding === 0) return (parametersB * 1e9 * bytesPerWeight(quantization)) / GB;
  return ((parametersB - embedding) * 1e9 * (linearBits / 8) + embedding * 1e9 * 2) / GB;
}

/** Weight bytes one decode step reads at batch 1 (MoE: active parameters only), GB. */
export function activeWeightsGb(shape: ShapeForSizing, quantization: Quantization): number {
  return weightsGb(shape.activeParametersB ?? shape.parametersB, quantization, shape);
}

/**
 * KV-cache bytes per token: MLA caches `(kv_lora_rank + qk_rope_head_dim) × layers` elements
 * (DeepSeek-V3: 576 × 61 × 2 B = 70,272 B); GQA/MHA caches `2 × layers × KV heads × head dim`.
 */
export function kvBytesPerToken(shape: ShapeForSizing, kvCacheDtype: "auto" | "fp8"): number {
  const bytesPerElement = kvCacheDtype === "fp8" ? 1 : 2;
  if (shape.mla) return (shape.mla.kvLoraRank + shape.mla.qkRopeHeadDim) * shape.layers * bytesPerElement;
  return 2 * shape.layers * shape.kvHeads * shape.headDim * bytesPerElement;
}

/** Tokens of one sequence the KV cache holds: the context, capped by the sliding window. */
export function cachedTokens(shape: ShapeForSizing, contextTokens: number): number {
  return shape.slidingWindow ? Math.min(contextTokens, shape.slidingWindow) : contextTokens;
}

/** Runtime overhead per GPU in GB for an engine at a TP degree, from `performance.json` (`*` row as fallback). */
export function runtimeOverheadGb(engine: string, tensorParallel: number, catalog?: Pick<Catalog, "performance">): number {
  const rows = catalog?.performance?.overheads ?? [];
  const row = rows.find((r) => r.engine === engine) ?? rows.find((r) => r.engine === "*") ?? DEFAULT_OVERHEAD_GB;
  return tensorParallel > 1 ? row.tpNGb : row.tp1Gb;
}

/** Sizes one replica. */
export function sizeReplica(input: SizingInput): SizingResult {
  const { shape } = input;
  const weights = weightsGb(shape.parametersB, input.quantization, shape);
  const perToken = kvBytesPerToken(shape, input.kvCacheDtype);
  // MLA's latent cache is not split by tensor parallelism: every rank holds all of it.
  const kvCopies = shape.mla && !input.sequentialGpus ? input.gpus : 1;
  const perSequenceGb = (perToken * cachedTokens(shape, input.maxContextTokens) * kvCopies) / GB;
  const kvCache = perSequenceGb * input.maxConcurrentRequests;
  const overhead = (input.overheadGbPerGpu ?? (input.gpus > 1 && !input.sequentialGpus ? DEFAULT_OVERHEAD_GB.tpNGb : DEFAULT_OVERHEAD_GB.tp1Gb)) * input.gpus;
  const lora = input.loraGb !== undefined && input.loraGb > 0 ? input.loraGb : 0;
  const required = weights + kvCache + overhead + lora;
  const available = input.gpuMemoryGb * input.gpus * input.gpuMemoryUtilization;
  const kvRoom = available - weights - overhead - lora;
  const maxSequences = kvRoom > 0 ? Math.floor(kvRoom / perSequenceGb) : 0;
  const split = input.sequentialGpus ? 1 : input.gpus;
  const readPerStepGb = activeWeightsGb(shape, input.quantization) / split + perSequenceGb / input.gpus;
  return {
    memory: {
      weightsGb: round2(weights),
      kvCacheGb: round2(kvCache),
      overheadGb: round2(overhead),
      ...(lora > 0 ? { loraGb: round2(lora) } : {}),
      requiredGb: round2(required),
      availableGb: round2(available),
    },
    fits: required <= available,
    kvBytesPerToken: perToken,
    maxConcurrentSequences: maxSequences,
    latencyBoundMsPerToken: round2((readPerStepGb / input.memoryBandwidthGBs) * 1000),
    headroomGb: round2(available - required),
  };
}

/** The checkpoint figures tensor-parallel divisibility depends on. */
export interface TensorParallelShape {
  attentionHeads: number;
  kvHeads: number;
  /** `intermediate_size` of the checkpoint actually served (padded quantized repos differ from the base). */
  intermediateSize?: number;
}

/**
 * Why tensor parallel `tp` cannot split the checkpoint, or undefined when it can: attention and KV
 * heads must divide by `tp`; int4 kernels (AWQ/GPTQ Marlin) also need `intermediate_size / tp` to be
 * a multiple of {@link QUANT_KERNEL_GROUP} (Qwen2.5-72B self-quantized 29,568 / 2 = 14,784 fails).
 */
export function tensorParallelProblem(tp: number, shape: TensorParallelShape, quantization: Quantization): string | undefined {
  if (shape.attentionHeads % tp !== 0 || shape.kvHeads % tp !== 0) return `${shape.attentionHeads} attention / ${shape.kvHeads} KV heads do not divide by ${tp}`;
  if ((quantization === "awq" || quantization === "gptq") && shape.intermediateSize !== undefined && tp > 1) {
    const part = shape.intermediateSize / tp;
    if (!Number.isInteger(part) || part % QUANT_KERNEL_GROUP !== 0) {
      return `intermediate_size ${shape.intermediateSize} / ${tp} = ${part} is not a multiple of the ${quantization} kernel group ${QUANT_KERNEL_GROUP}`;
    }
  }
  return undefined;
}

/**
 * Tensor-parallel degrees allowed for a model on `gpuCount` GPUs: powers of two up to the GPU count
 * with no {@link tensorParallelProblem}. The 3-argument form checks heads only.
 */
export function tensorParallelCandidates(attentionHeads: number, kvHeads: number, gpuCount: number, quantized?: { intermediateSize?: number; quantization: Quantization }): number[] {
  const out: number[] = [];
  for (let tp = 1; tp <= gpuCount; tp *= 2) {
    if (!tensorParallelProblem(tp, { attentionHeads, kvHeads, intermediateSize: quantized?.intermediateSize }, quantized?.quantization ?? "bf16")) out.push(tp);
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

/**
 * Adds the engine's LoRA memory (`loraGb`, whole replica, from `components/plan/adapters.ts`) to a
 * replica's sizing: `memory.loraGb` is set, `requiredGb` grows by it, the headroom and `fits` follow,
 * and the full-context sequences the KV budget holds are recounted with `perSequenceGb` (GB of KV
 * cache per full-context sequence) from what is left. Unchanged when `loraGb` is 0. Uses the
 * 2-decimal memory figures, so results are exact to ±0.01 GB.
 */
export function withLoraMemory(sizing: SizingResult, loraGb: number, perSequenceGb: number): SizingResult {
  if (!(loraGb > 0)) return sizing;
  const m = sizing.memory;
  const required = m.requiredGb + loraGb;
  const kvRoom = m.availableGb - m.weightsGb - m.overheadGb - loraGb;
  return {
    ...sizing,
    memory: { ...m, loraGb: round2(loraGb), requiredGb: round2(required) },
    fits: required <= m.availableGb,
    maxConcurrentSequences: kvRoom > 0 && perSequenceGb > 0 ? Math.floor(kvRoom / perSequenceGb) : 0,
    headroomGb: round2(m.availableGb - required),
  };
}
