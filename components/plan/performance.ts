/**
 * The performance model: time to first token (TTFT), time per output token (TPOT) and throughput of
 * one replica for a (model, quantization, engine, GPU, tensor-parallel) option at a concurrency.
 *
 * - Prefill: FLOPs (2 × active parameters × tokens + causal attention 2 × layers × n² × width)
 *   ÷ (dense tensor TFLOPS × compute efficiency × TP), never faster than reading the weights once.
 * - Decode step: bytes read (weights — MoE: shared part plus the experts a batch touches — plus the
 *   batch's KV cache) ÷ (bandwidth × bandwidth efficiency), bounded below by compute at large batch,
 *   plus two all-reduces per layer over NVLink or PCIe and a fixed step overhead.
 * - Continuous batching with `c` requests in flight: TPOT = step(c) + (c − 1) prefills spread over a
 *   request's output; TTFT = prefill + waiting for the prefills that overlap it + half a step.
 * Efficiencies come from `catalog/data/performance.json`. Pure; times in ms, sizes in GB (10^9 B).
 */
import type { Catalog, GpuSpec, PerformanceFactor, Quantization } from "../../catalog";
import { activeWeightsGb, cachedTokens, embeddingParamsB, kvBytesPerToken, weightsGb, type ShapeForSizing } from "./sizing";

/** Interconnect assumptions for tensor-parallel all-reduce. */
export interface Interconnect {
  nvlinkLatencyUs: number;
  pcieLatencyUs: number;
  pcieGBs: number;
  nvlinkEfficiency: number;
}

/** Used when the catalog carries no `performance.json` (test catalogs). */
export const DEFAULT_INTERCONNECT: Interconnect = { nvlinkLatencyUs: 8, pcieLatencyUs: 20, pcieGBs: 20, nvlinkEfficiency: 0.7 };
/** Used when no factor row matches. */
export const DEFAULT_FACTOR: Pick<PerformanceFactor, "bandwidthEfficiency" | "computeEfficiency" | "stepOverheadMs" | "requestOverheadMs"> = { bandwidthEfficiency: 0.6, computeEfficiency: 0.4, stepOverheadMs: 1, requestOverheadMs: 10 };

/** One option to model. */
export interface PerformanceOption {
  shape: ShapeForSizing & { attentionHeads?: number };
  quantization: Quantization;
  kvCacheDtype: "auto" | "fp8";
  engine: string;
  gpu: Pick<GpuSpec, "computeCapability" | "memoryBandwidthGBs" | "fp16DenseTflops" | "bf16DenseTflops" | "fp8DenseTflops" | "nvlinkGBs">;
  /** GPUs one replica spans. */
  tensorParallel: number;
  /** Layer split (llama.cpp, Ollama): GPUs work one after another, no all-reduce. */
  sequentialGpus?: boolean;
  /** True when the replica's GPUs are joined by NVLink (otherwise PCIe). */
  nvlink: boolean;
  factor: Pick<PerformanceFactor, "bandwidthEfficiency" | "computeEfficiency" | "stepOverheadMs" | "requestOverheadMs">;
  interconnect: Interconnect;
}

/** Per-request token counts. */
export interface RequestShape {
  inputTokens: number;
  outputTokens: number;
}

/** Latency and throughput of one replica at a concurrency. */
export interface PerformancePoint {
  /** Requests in flight on the replica. */
  concurrency: number;
  ttftMs: number;
  tpotMs: number;
  /** Output tokens per second of the replica. */
  outputTokensPerSecond: number;
  /** Completed requests per second of the replica. */
  requestsPerSecond: number;
}

/** GPU generation from the compute capability, as `performance.json` names it. */
export function generationOf(computeCapability: number): string {
  if (computeCapability >= 10) return "blackwell";
  if (computeCapability >= 9) return "hopper";
  if (computeCapability >= 8.9) return "ada";
  if (computeCapability >= 8) return "ampere";
  if (computeCapability >= 7.5) return "turing";
  return "volta";
}

/** The calibration row for an engine on a GPU: exact engine and generation first, then `*` wildcards. */
export function factorFor(catalog: Pick<Catalog, "performance">, engine: string, computeCapability: number): PerformanceOption["factor"] {
  const rows = catalog.performance?.factors ?? [];
  const gen = generationOf(computeCapability);
  const match = (e: string, g: string) => rows.find((r) => r.engine === e && r.generation === g);
  return match(engine, gen) ?? match(engine, "*") ?? match("*", gen) ?? match("*", "*") ?? DEFAULT_FACTOR;
}

/** Dense TFLOPS the option computes at: FP8 tensor cores for FP8 where the GPU has them, else 16-bit. */
export function effectiveTflops(option: Pick<PerformanceOption, "gpu" | "quantization">): number {
  const { gpu } = option;
  if ((option.quantization === "fp8" || option.quantization === "int8") && gpu.fp8DenseTflops) return gpu.fp8DenseTflops;
  return option.quantization === "fp16" || !gpu.bf16DenseTflops ? gpu.fp16DenseTflops : gpu.bf16DenseTflops;
}

/** Parameters (billions) one decode step at `batch` reads: MoE reads the dense part plus the experts the batch touches. */
export function paramsReadB(shape: ShapeForSizing, batch: number): number {
  const active = shape.activeParametersB ?? shape.parametersB;
  if (!shape.moe || active >= shape.parametersB) return active;
  const { experts, expertsPerToken: k } = shape.moe;
  const perExpert = (shape.parametersB - active) / (experts - k);
  const dense = active - k * perExpert;
  const touched = experts * (1 - Math.pow(1 - k / experts, Math.max(1, batch)));
  return dense + Math.min(experts, Math.max(k, touched)) * perExpert;
}

const allReduceMs = (o: PerformanceOption, tokens: number): number => {
  if (o.sequentialGpus || o.tensorParallel <= 1 || !o.shape.hiddenSize) return 0;
  const bytes = tokens * o.shape.hiddenSize * 2;
  const ring = (2 * (o.tensorParallel - 1)) / o.tensorParallel;
  const nvlink = o.nvlink && o.gpu.nvlinkGBs !== null;
  const bandwidth = nvlink ? o.gpu.nvlinkGBs! * o.interconnect.nvlinkEfficiency : o.interconnect.pcieGBs;
  const latencyMs = (nvlink ? o.interconnect.nvlinkLatencyUs : o.interconnect.pcieLatencyUs) / 1000;
  return 2 * o.shape.layers * (latencyMs + ((ring * bytes) / (bandwidth * 1e9)) * 1000);
};

/** Width of the attention products per layer (heads × head dim, or the hidden size). */
const attentionWidth = (shape: PerformanceOption["shape"]): number => (shape.attentionHeads ? shape.attentionHeads * shape.headDim : (shape.hiddenSize ?? 4096));

/** GPUs the FLOPs and bytes are spread over (1 for a layer split, whose GPUs take turns). */
const parallel = (o: PerformanceOption): number => (o.sequentialGpus ? 1 : o.tensorParallel);

/** Prefill time in ms for `sequences` prompts of `tokens` each, processed together. */
export function prefillMs(o: PerformanceOption, tokens: number, sequences = 1): number {
  const active = o.shape.activeParametersB ?? o.shape.parametersB;
  const linearFlops = 2 * Math.max(active - embeddingParamsB(o.shape), active / 2) * 1e9 * tokens * sequences;
  const attentionFlops = 2 * o.shape.layers * tokens * tokens * attentionWidth(o.shape) * sequences;
  const computeMs = ((linearFlops + attentionFlops) / (effectiveTflops(o) * 1e12 * o.factor.computeEfficiency * parallel(o))) * 1000;
  const weightMs = (weightsGb(paramsReadB(o.shape, tokens * sequences), o.quantization, o.shape) / parallel(o) / (o.gpu.memoryBandwidthGBs * o.factor.bandwidthEfficiency)) * 1000;
  return Math.max(computeMs, weightMs) + allReduceMs(o, tokens * sequences) + o.factor.stepOverheadMs;
}

/** One decode step in ms for `batch` sequences whose cached context averages `contextTokens`. */
export function decodeStepMs(o: PerformanceOption, batch: number, contextTokens: number): number {
  const weights = o.shape.moe ? weightsGb(paramsReadB(o.shape, batch), o.quantization, o.shape) : activeWeightsGb(o.shape, o.quantization);
  const kvCopies = o.shape.mla && !o.sequentialGpus ? o.tensorParallel : 1;
  const kvGb = (batch * cachedTokens(o.shape, contextTokens) * kvBytesPerToken(o.shape, o.kvCacheDtype) * kvCopies) / 1e9;
  const memMs = ((weights / parallel(o) + kvGb / (o.sequentialGpus ? 1 : o.tensorParallel)) / (o.gpu.memoryBandwidthGBs * o.factor.bandwidthEfficiency)) * 1000;
  const active = o.shape.activeParametersB ?? o.shape.parametersB;
  const flops = 2 * active * 1e9 * batch + 4 * o.shape.layers * attentionWidth(o.shape) * contextTokens * batch;
  const computeMs = (flops / (effectiveTflops(o) * 1e12 * o.factor.computeEfficiency * parallel(o))) * 1000;
  return Math.max(memMs, computeMs) + allReduceMs(o, batch) + o.factor.stepOverheadMs;
}

/** TTFT, TPOT and throughput of one replica with `concurrency` requests in flight (continuous batching). */
export function performanceAt(o: PerformanceOption, request: RequestShape, concurrency: number): PerformancePoint {
  const c = Math.max(1, concurrency);
  const prefill = prefillMs(o, request.inputTokens);
  const step = decodeStepMs(o, c, request.inputTokens + request.outputTokens / 2);
  const tpot = step + ((c - 1) * prefill) / Math.max(1, request.outputTokens);
  const lifetime = prefill + request.outputTokens * tpot;
  const ttft = prefill * (1 + ((c - 1) * prefill) / lifetime) + (c > 1 ? step / 2 : 0) + o.factor.requestOverheadMs;
  const requestMs = ttft + Math.max(0, request.outputTokens - 1) * tpot;
  return {
    concurrency: c,
    ttftMs: ttft,
    tpotMs: tpot,
    outputTokensPerSecond: (c * request.outputTokens * 1000) / requestMs,
    requestsPerSecond: (c * 1000) / requestMs,
  };
}

/** Output tokens/s of a static batch (all prompts prefilled together, then `outputTokens` steps), as engine benchmarks report. */
export function staticBatchThroughput(o: PerformanceOption, request: RequestShape, batch: number): number {
  const prefill = prefillMs(o, request.inputTokens, batch);
  let decode = 0;
  const steps = Math.max(0, request.outputTokens - 1);
  // Integrate the step time over the growing context in 8 slices.
  for (let i = 0; i < 8; i++) decode += (steps / 8) * decodeStepMs(o, batch, request.inputTokens + ((i + 0.5) / 8) * request.outputTokens);
  return (batch * request.outputTokens * 1000) / (prefill + decode);
}

/** Latency objectives; an absent one does not bound. */
export interface Slo {
  ttftMs?: number;
  tpotMs?: number;
}

/** True when a point meets every objective set. */
export function meetsSlo(point: Pick<PerformancePoint, "ttftMs" | "tpotMs">, slo: Slo): boolean {
  return (slo.ttftMs === undefined || point.ttftMs <= slo.ttftMs) && (slo.tpotMs === undefined || point.tpotMs <= slo.tpotMs);
}

/**
 * The largest concurrency in [1, `maxConcurrency`] whose point meets the SLO (TTFT and TPOT grow with
 * concurrency, so a binary search finds it); 0 when even one request misses it.
 */
export function sloConcurrency(o: PerformanceOption, request: RequestShape, slo: Slo, maxConcurrency: number): number {
  if (maxConcurrency < 1 || !meetsSlo(performanceAt(o, request, 1), slo)) return 0;
  let lo = 1;
  let hi = Math.floor(maxConcurrency);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (meetsSlo(performanceAt(o, request, mid), slo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
