/**
 * Hand-computed figures of the performance model (components/plan/performance.ts) on a made-up round
 * option: 10 B parameters in BF16 (20 GB), 10 layers, attention width 10 × 100 = 1,000, KV 16,000 B
 * per token, a GPU of 1,000 GB/s and 200 BF16 TFLOPS at 50 % efficiency each (500 GB/s, 100 TFLOPS
 * effective), 1 ms step overhead, 10 ms request overhead. Every expectation is the arithmetic in its
 * comment, worked out from the formulas in the module's JSDoc.
 */
import { describe, expect, it } from "vitest";
import {
  decodeStepMs,
  effectiveTflops,
  factorFor,
  generationOf,
  meetsSlo,
  paramsReadB,
  performanceAt,
  prefillMs,
  sloConcurrency,
  staticBatchThroughput,
  DEFAULT_FACTOR,
  type PerformanceOption,
} from "../components/plan/performance";

const o: PerformanceOption = {
  shape: { parametersB: 10, layers: 10, kvHeads: 4, headDim: 100, attentionHeads: 10, hiddenSize: 1000 },
  quantization: "bf16",
  kvCacheDtype: "auto",
  engine: "vllm",
  gpu: { computeCapability: 8.0, memoryBandwidthGBs: 1000, fp16DenseTflops: 100, bf16DenseTflops: 200, fp8DenseTflops: null, nvlinkGBs: 100 } as PerformanceOption["gpu"],
  tensorParallel: 1,
  nvlink: false,
  factor: { bandwidthEfficiency: 0.5, computeEfficiency: 0.5, stepOverheadMs: 1, requestOverheadMs: 10 },
  interconnect: { nvlinkLatencyUs: 10, pcieLatencyUs: 20, pcieGBs: 25, nvlinkEfficiency: 0.5 },
};
const tp2 = { ...o, tensorParallel: 2 };
// 10 B total, 3 B active, 8 experts of (10 − 3) / (8 − 2) = 7/6 B, 2 per token: dense part 3 − 2 × 7/6 = 2/3 B
const moeShape = { ...o.shape, activeParametersB: 3, moe: { experts: 8, expertsPerToken: 2, moeIntermediateSize: 100 } };

describe("generation and calibration row", () => {
  it("names the generation from the compute capability, at each boundary", () => {
    expect([10, 9.99, 9, 8.9, 8.6, 8, 7.9, 7.5, 7.0].map(generationOf)).toEqual(["blackwell", "hopper", "hopper", "ada", "ampere", "ampere", "turing", "turing", "volta"]);
  });
  const row = (engine: string, generation: string, stepOverheadMs: number) => ({ engine, generation, bandwidthEfficiency: 0.5, computeEfficiency: 0.5, stepOverheadMs, requestOverheadMs: 1 });
  const any = row("*", "*", 1);
  const ampere = row("*", "ampere", 2);
  const vllm = row("vllm", "*", 3);
  const vllmHopper = row("vllm", "hopper", 4);
  const catalog = { performance: { factors: [any, ampere, vllm, vllmHopper] } } as never;
  it("exact engine and generation first, then the engine's *, then the generation's *, then * *", () => {
    expect(factorFor(catalog, "vllm", 9.0)).toBe(vllmHopper);
    expect(factorFor(catalog, "vllm", 8.0)).toBe(vllm);
    expect(factorFor(catalog, "sglang", 8.6)).toBe(ampere);
    expect(factorFor(catalog, "sglang", 7.5)).toBe(any);
    expect(factorFor({ performance: undefined } as never, "vllm", 9.0)).toBe(DEFAULT_FACTOR);
  });
});

describe("effective TFLOPS", () => {
  const fp8Gpu = { ...o.gpu, fp8DenseTflops: 400 };
  it("FP8 tensor cores for FP8 and INT8 where the GPU has them, else BF16, FP16 for FP16", () => {
    expect(effectiveTflops({ gpu: fp8Gpu, quantization: "fp8" })).toBe(400);
    expect(effectiveTflops({ gpu: fp8Gpu, quantization: "int8" })).toBe(400);
    expect(effectiveTflops({ gpu: o.gpu, quantization: "fp8" })).toBe(200);
    expect(effectiveTflops({ gpu: fp8Gpu, quantization: "awq" })).toBe(200);
    expect(effectiveTflops({ gpu: fp8Gpu, quantization: "fp16" })).toBe(100);
    expect(effectiveTflops({ gpu: { ...o.gpu, bf16DenseTflops: null } as PerformanceOption["gpu"], quantization: "bf16" })).toBe(100);
  });
});

describe("parameters read per decode step", () => {
  it("all active parameters of a dense model", () => {
    expect(paramsReadB(o.shape, 7)).toBe(10);
    expect(paramsReadB({ ...o.shape, activeParametersB: 4 }, 7)).toBe(4);
  });
  it("MoE: the dense part plus the experts a batch touches (8 × (1 − (3/4)^batch))", () => {
    // batch 1: 2 experts → 2/3 + 2 × 7/6 = 3
    expect(paramsReadB(moeShape, 1)).toBeCloseTo(3, 10);
    expect(paramsReadB(moeShape, 0)).toBeCloseTo(3, 10);
    // batch 2: 8 × (1 − 9/16) = 3.5 experts → 2/3 + 3.5 × 7/6 = 4.75
    expect(paramsReadB(moeShape, 2)).toBeCloseTo(4.75, 10);
    // a large batch touches all 8: 2/3 + 8 × 7/6 = 10
    expect(paramsReadB(moeShape, 1000)).toBeCloseTo(10, 10);
  });
  it("an MoE shape whose active count is the whole model reads it all", () => {
    expect(paramsReadB({ ...moeShape, activeParametersB: undefined }, 1)).toBe(10);
  });
});

describe("prefill", () => {
  it("weight-read bound for a short prompt: 20 GB ÷ 500 GB/s = 40 ms, + 1 ms", () => {
    // compute: (2 × 10e9 × 100 + 2 × 10 × 100² × 1000) / 1e14 = 20.002 ms < 40 ms
    expect(prefillMs(o, 100)).toBeCloseTo(41, 9);
  });
  it("compute bound for 1,000 tokens: (2e13 + 2e10) FLOPs ÷ 1e14 = 200.2 ms, + 1 ms; two prompts double it", () => {
    expect(prefillMs(o, 1000)).toBeCloseTo(201.2, 9);
    expect(prefillMs(o, 1000, 2)).toBeCloseTo(401.4, 9);
  });
  it("tensor parallel 2 halves compute and adds two all-reduces per layer (NVLink 50 GB/s, 10 µs; PCIe 25 GB/s, 20 µs)", () => {
    // all-reduce of 1000 × 1000 × 2 B with ring factor 1: NVLink 20 × (0.01 + 0.04) = 1 ms; PCIe 20 × (0.02 + 0.08) = 2 ms
    expect(prefillMs({ ...tp2, nvlink: true }, 1000)).toBeCloseTo(102.1, 9);
    expect(prefillMs(tp2, 1000)).toBeCloseTo(103.1, 9);
    expect(prefillMs({ ...tp2, nvlink: true, gpu: { ...o.gpu, nvlinkGBs: null } }, 1000)).toBeCloseTo(103.1, 9);
    // no hidden size known: no all-reduce estimate
    expect(prefillMs({ ...tp2, shape: { ...o.shape, hiddenSize: undefined } }, 1000)).toBeCloseTo(101.1, 9);
  });
  it("tensor parallel 4: ring factor 2 × 3 / 4 = 1.5 on the all-reduce", () => {
    // compute 200.2 / 4 = 50.05 ms; all-reduce 20 × (0.01 + 1.5 × 2e6 / 50e9 × 1000) = 1.4 ms
    expect(prefillMs({ ...o, tensorParallel: 4, nvlink: true }, 1000)).toBeCloseTo(52.45, 9);
  });
  it("MoE prompts processed together read the experts all their tokens touch, split over the ranks", () => {
    // 1 token × 2 sequences: experts of a batch of 2 → 4.75 B → 9.5 GB ÷ 500 GB/s = 19 ms (compute 0.12 ms)
    expect(prefillMs({ ...o, shape: moeShape }, 1, 2)).toBeCloseTo(20, 9);
    // TP 2 over NVLink: 9.5 ms, all-reduce of 2 tokens 20 × (0.01 + 4000 / 50e9 × 1000) = 0.2016 ms
    expect(prefillMs({ ...tp2, nvlink: true, shape: moeShape }, 1, 2)).toBeCloseTo(10.7016, 9);
  });
  it("a layer split computes on one GPU at a time and has no all-reduce", () => {
    expect(prefillMs({ ...tp2, sequentialGpus: true }, 1000)).toBeCloseTo(201.2, 9);
  });
  it("embeddings are not matrix-multiplied per token, but at most half the parameters are left out", () => {
    // 100k × 1000 untied = 0.2 B: (2 × 9.8e9 × 1000 + 2e10) / 1e14 = 196.2 ms
    expect(prefillMs({ ...o, shape: { ...o.shape, vocabSize: 100_000 } }, 1000)).toBeCloseTo(197.2, 9);
    // 1M × 8000 untied = 16 B > 10 B: half the parameters, (1e13 + 2e10) / 1e14 = 100.2 ms
    expect(prefillMs({ ...o, shape: { ...o.shape, vocabSize: 1_000_000, hiddenSize: 8000 } }, 1000)).toBeCloseTo(101.2, 9);
  });
  it("without attention heads the width is the hidden size, else 4096", () => {
    // width 2000: (2e13 + 2 × 10 × 1e6 × 2000) / 1e14 = 200.4 ms
    expect(prefillMs({ ...o, shape: { ...o.shape, attentionHeads: undefined, hiddenSize: 2000 } }, 1000)).toBeCloseTo(201.4, 9);
    // width 4096: (2e13 + 8.192e10) / 1e14 = 200.8192 ms
    expect(prefillMs({ ...o, shape: { ...o.shape, attentionHeads: undefined, hiddenSize: undefined } }, 1000)).toBeCloseTo(201.8192, 9);
  });
});

describe("decode step", () => {
  it("memory bound: (20 GB + batch × 0.016 GB of KV) ÷ 500 GB/s, + 1 ms", () => {
    expect(decodeStepMs(o, 1, 1000)).toBeCloseTo(41.032, 9);
    expect(decodeStepMs(o, 10, 1000)).toBeCloseTo(41.32, 9);
  });
  it("compute bound at a huge batch: (2 × 10e9 + 4 × 10 × 1000 × 1000) × 10,000 ÷ 1e14 = 2004 ms", () => {
    // memory: (20 + 160) / 500 = 360 ms < 2004 ms
    expect(decodeStepMs(o, 10_000, 1000)).toBeCloseTo(2005, 6);
  });
  it("compute bound at a huge batch on 2 ranks: 2.004e14 FLOPs ÷ 2e14 FLOP/s = 1002 ms", () => {
    // memory (10 + 80) / 500 = 180 ms; all-reduce of 10,000 tokens 20 × (0.01 + 2e7 / 50e9 × 1000) = 8.2 ms
    expect(decodeStepMs({ ...tp2, nvlink: true }, 10_000, 1000)).toBeCloseTo(1011.2, 6);
  });
  it("an FP8 KV cache halves the KV read", () => {
    // (20 + 10 × 0.008) / 500 = 40.16 ms
    expect(decodeStepMs({ ...o, kvCacheDtype: "fp8" }, 10, 1000)).toBeCloseTo(41.16, 9);
  });
  it("tensor parallel 2 over NVLink splits weights and KV and adds a 1-token all-reduce", () => {
    // (10 + 0.008) / 500 = 20.016 ms; all-reduce 20 × (0.01 + 2000 / 50e9 × 1000) = 0.2008 ms
    expect(decodeStepMs({ ...tp2, nvlink: true }, 1, 1000)).toBeCloseTo(21.2168, 9);
  });
  it("MLA: the latent cache is read on every rank, once in a layer split", () => {
    const mla = { ...o.shape, mla: { kvLoraRank: 500, qkRopeHeadDim: 100 } };
    // 12,000 B/token × 1000 × 2 copies = 0.024 GB, split over 2: (10 + 0.012) / 500 = 20.024 ms
    expect(decodeStepMs({ ...tp2, nvlink: true, shape: mla }, 1, 1000)).toBeCloseTo(21.2248, 9);
    // layer split: (20 + 0.012) / 500 = 40.024 ms, no all-reduce
    expect(decodeStepMs({ ...tp2, sequentialGpus: true, shape: mla }, 1, 1000)).toBeCloseTo(41.024, 9);
  });
  it("MoE reads the experts the batch touches", () => {
    // batch 2: 4.75 B × 2 bytes = 9.5 GB + 0.032 GB KV → 19.064 ms
    expect(decodeStepMs({ ...o, shape: moeShape }, 2, 1000)).toBeCloseTo(20.064, 9);
  });
});

describe("continuous batching", () => {
  const request = { inputTokens: 100, outputTokens: 10 };
  // prefill(100) = 41 ms; step(c, 105 tokens) = (20 + c × 0.00168) / 500 s + 1 ms = 41 + c × 0.00336 ms
  it("one request: TTFT = prefill + request overhead, TPOT = one step", () => {
    const p = performanceAt(o, request, 1);
    expect(p.concurrency).toBe(1);
    expect(p.ttftMs).toBeCloseTo(51, 9);
    expect(p.tpotMs).toBeCloseTo(41.00336, 9);
    // request: 51 + 9 × 41.00336 = 420.03024 ms
    expect(p.outputTokensPerSecond).toBeCloseTo(10_000 / 420.03024, 9);
    expect(p.requestsPerSecond).toBeCloseTo(1000 / 420.03024, 9);
    expect(performanceAt(o, request, 0)).toEqual(p);
  });
  it("two requests: the other's prefill spread over the output, half a step of waiting", () => {
    const p = performanceAt(o, request, 2);
    const tpot = 41.00672 + 41 / 10;
    const ttft = 41 * (1 + 41 / (41 + 10 * tpot)) + 41.00672 / 2 + 10;
    expect(p.tpotMs).toBeCloseTo(tpot, 9);
    expect(p.ttftMs).toBeCloseTo(ttft, 9);
    expect(p.outputTokensPerSecond).toBeCloseTo(20_000 / (ttft + 9 * tpot), 9);
    expect(p.requestsPerSecond).toBeCloseTo(2000 / (ttft + 9 * tpot), 9);
  });
  it("no output: the request ends at its first token", () => {
    const p = performanceAt(o, { inputTokens: 100, outputTokens: 0 }, 1);
    expect(p.ttftMs).toBeCloseTo(51, 9);
    expect(p.outputTokensPerSecond).toBe(0);
    expect(p.requestsPerSecond).toBeCloseTo(1000 / 51, 9);
  });
  it("static batch: prefill, then 8 slices of the steps over the growing context (mean 104.5 tokens)", () => {
    // 8 steps × (41 + 104.5 × 0.000032) ms after a 41 ms prefill, 9 tokens
    expect(staticBatchThroughput(o, { inputTokens: 100, outputTokens: 9 }, 1)).toBeCloseTo(9000 / (41 + 8 * (41 + 104.5 * 0.000032)), 9);
    // one output token: no decode step
    expect(staticBatchThroughput(o, { inputTokens: 100, outputTokens: 1 }, 1)).toBeCloseTo(1000 / 41, 9);
  });
});

describe("SLO", () => {
  it("meets every objective set, inclusive; an absent one does not bound", () => {
    const point = { ttftMs: 10, tpotMs: 5 };
    expect(meetsSlo(point, {})).toBe(true);
    expect(meetsSlo(point, { ttftMs: 10, tpotMs: 5 })).toBe(true);
    expect(meetsSlo(point, { ttftMs: 9.99 })).toBe(false);
    expect(meetsSlo(point, { tpotMs: 4.99 })).toBe(false);
    expect(meetsSlo(point, { ttftMs: 9.99, tpotMs: 5 })).toBe(false);
  });
  const request = { inputTokens: 100, outputTokens: 10 };
  it("the largest concurrency meeting the SLO: TPOT 41.00336, 45.10672, 49.21008 ms at 1, 2, 3", () => {
    expect(sloConcurrency(o, request, { tpotMs: 45.2 }, 100)).toBe(2);
    expect(sloConcurrency(o, request, { tpotMs: 49.3 }, 100)).toBe(3);
    expect(sloConcurrency(o, request, { tpotMs: 41 }, 100)).toBe(0);
  });
  it("no SLO: the cap (rounded down); a cap below 1: none", () => {
    expect(sloConcurrency(o, request, {}, 5.7)).toBe(5);
    expect(sloConcurrency(o, request, {}, 1)).toBe(1);
    expect(sloConcurrency(o, request, {}, 0)).toBe(0);
  });
});
