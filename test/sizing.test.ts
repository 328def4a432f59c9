/**
 * Sizing against hand-computed values. Each expectation is written out as arithmetic from the
 * model card figures (catalog/data/models.json), independently of the code under test.
 */
import { describe, expect, it } from "vitest";
import { findModel, loadCatalog } from "../catalog";
import { kvBytesPerToken, sizeReplica, tensorParallelCandidates, weightsGb } from "../components/plan/sizing";
import { OVERHEAD_GB_PER_GPU } from "../components/plan/sizing";

const catalog = loadCatalog();
const shape = (id: string) => {
  const found = findModel(catalog, id);
  if (!found) throw new Error(`model ${id} missing from the catalog`);
  return found.shape;
};
const GiB8k = 8192;
const GiB32k = 32768;

describe("model shapes used by the hand computations", () => {
  it("match the model cards", () => {
    expect(shape("meta-llama/Llama-3.1-8B-Instruct")).toMatchObject({ parametersB: 8.03, layers: 32, kvHeads: 8, headDim: 128 });
    expect(shape("Qwen/Qwen2.5-72B-Instruct-AWQ")).toMatchObject({ parametersB: 72.7, layers: 80, kvHeads: 8, headDim: 128 });
    expect(shape("THUDM/chatglm3-6b")).toMatchObject({ parametersB: 6.2, layers: 28, kvHeads: 2, headDim: 128 });
  });
});

describe("weights by quantization", () => {
  it("Llama-3.1-8B in bf16: 8.03e9 × 2 bytes", () => {
    expect(weightsGb(8.03, "bf16")).toBeCloseTo((8.03e9 * 2) / 1e9, 9); // 16.06 GB
  });
  it("Qwen2.5-72B AWQ: 72.7e9 × 4.25 bits (int4 + group-128 scales)", () => {
    expect(weightsGb(72.7, "awq")).toBeCloseTo((72.7e9 * 4.25) / 8 / 1e9, 9); // 38.62 GB
  });
  it("ChatGLM3-6B fp16: the seed's 6B × 2 bytes = 12 GB, and 12.4 GB at its real 6.2B", () => {
    expect(weightsGb(6, "fp16")).toBeCloseTo(12, 9);
    expect(weightsGb(6.2, "fp16")).toBeCloseTo(12.4, 9);
  });
  it("GGUF Q4_K_M at 4.89 bits per weight: Llama-3.1-8B ≈ 4.9 GB as llama.cpp reports", () => {
    expect(weightsGb(8.03, "gguf-q4_k_m")).toBeCloseTo((8.03e9 * 4.89) / 8 / 1e9, 9); // 4.908 GB
    expect(weightsGb(8.03, "gguf-q8_0")).toBeCloseTo((8.03e9 * 8.5) / 8 / 1e9, 9);
  });
});

describe("KV cache: 2 × layers × kvHeads × headDim × bytes × tokens", () => {
  const cases = [
    { id: "meta-llama/Llama-3.1-8B-Instruct", perToken: 2 * 32 * 8 * 128 * 2 }, // 131072 B = 128 KiB
    { id: "Qwen/Qwen2.5-72B-Instruct", perToken: 2 * 80 * 8 * 128 * 2 }, // 327680 B = 320 KiB
    { id: "THUDM/chatglm3-6b", perToken: 2 * 28 * 2 * 128 * 2 }, // 28672 B = 28 KiB
    { id: "Qwen/Qwen2.5-7B-Instruct-GGUF", perToken: 2 * 28 * 4 * 128 * 2 }, // 57344 B = 56 KiB
  ];
  for (const c of cases) {
    it(`${c.id}: ${c.perToken} bytes per token, at 8k and 32k tokens`, () => {
      expect(kvBytesPerToken(shape(c.id), "auto")).toBe(c.perToken);
      for (const tokens of [GiB8k, GiB32k]) {
        const sized = sizeReplica({
          shape: shape(c.id), quantization: "bf16", kvCacheDtype: "auto", maxContextTokens: tokens, maxConcurrentRequests: 1,
          gpus: 1, gpuMemoryGb: 80, gpuMemoryUtilization: 0.9, memoryBandwidthGBs: 2000,
        });
        expect(sized.memory.kvCacheGb).toBeCloseTo((c.perToken * tokens) / 1e9, 2);
      }
    });
  }
  it("Llama-3.1-8B at 8k is 1.07 GB (1.0 GiB) and at 32k 4.29 GB (4.0 GiB), as the reference table says", () => {
    expect((kvBytesPerToken(shape("meta-llama/Llama-3.1-8B-Instruct"), "auto") * 8192) / 2 ** 30).toBe(1);
    expect((kvBytesPerToken(shape("meta-llama/Llama-3.1-8B-Instruct"), "auto") * 32768) / 2 ** 30).toBe(4);
  });
  it("FP8 KV cache halves it", () => {
    const s = shape("Qwen/Qwen2.5-72B-Instruct");
    expect(kvBytesPerToken(s, "fp8") * 2).toBe(kvBytesPerToken(s, "auto"));
  });
});

describe("replica budget", () => {
  it("Qwen2.5-72B AWQ, 8k × 16 sequences on 4 × A10: weights + KV + 2 GB per GPU, usable 4 × 24 × 0.9", () => {
    const sized = sizeReplica({
      shape: shape("Qwen/Qwen2.5-72B-Instruct"), quantization: "awq", kvCacheDtype: "auto", maxContextTokens: 8192, maxConcurrentRequests: 16,
      gpus: 4, gpuMemoryGb: 24, gpuMemoryUtilization: 0.9, memoryBandwidthGBs: 600,
    });
    const weights = (72.7e9 * 4.25) / 8 / 1e9; // 38.62
    const kv = (327680 * 8192 * 16) / 1e9; // 42.95
    const overhead = 4 * OVERHEAD_GB_PER_GPU; // 8
    expect(sized.memory.weightsGb).toBeCloseTo(weights, 2);
    expect(sized.memory.kvCacheGb).toBeCloseTo(kv, 2);
    expect(sized.memory.requiredGb).toBeCloseTo(weights + kv + overhead, 2); // 89.57
    expect(sized.memory.availableGb).toBeCloseTo(4 * 24 * 0.9, 2); // 86.4
    expect(sized.fits).toBe(false);
    // what fits instead: (86.4 − 38.62 − 8) / (327680 × 8192 / 1e9) = 14.8 → 14 full-context sequences
    expect(sized.maxConcurrentSequences).toBe(Math.floor((86.4 - weights - 8) / ((327680 * 8192) / 1e9)));
    // decode bound: 38.62 GB / 4 GPUs / 600 GB/s = 16.09 ms
    expect(sized.latencyBoundMsPerToken).toBeCloseTo((weights / 4 / 600) * 1000, 2);
  });

  it("the seed formula: 12 GB ÷ 600 GB/s = 0.02 s per token on one A10", () => {
    const sized = sizeReplica({
      shape: { ...shape("THUDM/chatglm3-6b"), parametersB: 6 }, quantization: "fp16", kvCacheDtype: "auto", maxContextTokens: 8192, maxConcurrentRequests: 4,
      gpus: 1, gpuMemoryGb: 24, gpuMemoryUtilization: 0.9, memoryBandwidthGBs: 600,
    });
    expect(sized.latencyBoundMsPerToken).toBe(20);
    expect(sized.memory.requiredGb).toBeCloseTo(12 + (28672 * 8192 * 4) / 1e9 + 2, 2);
    expect(sized.fits).toBe(true);
  });

  it("layer-split engines read all weights per token (no tensor-parallel speed-up)", () => {
    const input = {
      shape: shape("meta-llama/Llama-3.1-8B-Instruct"), quantization: "gguf-q4_k_m" as const, kvCacheDtype: "auto" as const, maxContextTokens: 8192, maxConcurrentRequests: 4,
      gpus: 2, gpuMemoryGb: 16, gpuMemoryUtilization: 0.9, memoryBandwidthGBs: 320,
    };
    expect(sizeReplica({ ...input, sequentialGpus: true }).latencyBoundMsPerToken).toBeCloseTo(((8.03 * 4.89) / 8 / 320) * 1000, 2);
    expect(sizeReplica(input).latencyBoundMsPerToken).toBeCloseTo(((8.03 * 4.89) / 8 / 2 / 320) * 1000, 2);
  });
});

describe("tensor-parallel candidates", () => {
  it("are powers of two dividing attention and KV heads, up to the GPU count", () => {
    expect(tensorParallelCandidates(28, 4, 8)).toEqual([1, 2, 4]); // Qwen2.5-7B: 28 heads, 4 KV heads
    expect(tensorParallelCandidates(64, 8, 8)).toEqual([1, 2, 4, 8]); // Qwen2.5-72B
    expect(tensorParallelCandidates(32, 2, 8)).toEqual([1, 2]); // ChatGLM3-6B: 2 KV groups
    expect(tensorParallelCandidates(64, 8, 3)).toEqual([1, 2]);
  });
});
