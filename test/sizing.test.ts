/**
 * Sizing against hand-computed values. Each expectation is written out as arithmetic from the
 * model card figures (catalog/data/models.json), independently of the code under test.
 */
import { describe, expect, it } from "vitest";
import { findModel, loadCatalog } from "../catalog";
import { activeWeightsGb, kvBytesPerToken, runtimeOverheadGb, sizeReplica, tensorParallelCandidates, tensorParallelProblem, weightsGb } from "../components/plan/sizing";
import { decodeStepMs, paramsReadB } from "../components/plan/performance";

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

describe("weights by tensor class", () => {
  it("16-bit formats: every parameter at 2 bytes (Llama-3.1-8B bf16 = 8.03e9 × 2 = 16.06 GB)", () => {
    expect(weightsGb(8.03, "bf16", shape("meta-llama/Llama-3.1-8B-Instruct"))).toBeCloseTo(16.06, 9);
    expect(weightsGb(6.2, "fp16")).toBeCloseTo(12.4, 9);
  });
  it("Llama-3.1-8B AWQ: linears at 4.156 bits, embeddings + lm_head (2 × 128256 × 4096) at 2 bytes = 5.73 GB, not 4.3", () => {
    const embedding = (2 * 128256 * 4096) / 1e9; // 1.050673152 B parameters
    const expected = (8.03 - embedding) * (4.156 / 8) + embedding * 2; // 3.62577 + 2.10135 = 5.72712
    expect(expected).toBeCloseTo(5.7271, 4);
    expect(weightsGb(8.03, "awq", shape("meta-llama/Llama-3.1-8B-Instruct"))).toBeCloseTo(expected, 9);
  });
  it("Qwen2.5-7B FP8: linears at 1 byte, embeddings + lm_head (2 × 152064 × 3584) at 2 bytes = 8.70 GB, not 7.6", () => {
    const embedding = (2 * 152064 * 3584) / 1e9; // 1.08998656
    expect(weightsGb(7.61, "fp8", shape("Qwen/Qwen2.5-7B-Instruct"))).toBeCloseTo(7.61 - embedding + 2 * embedding, 9); // 8.69998656
  });
  it("Llama-3-8B FP8 (same shape as 3.1-8B): 6.979 + 2.101 = 9.08 GB, the measured load", () => {
    expect(weightsGb(8.03, "fp8", shape("meta-llama/Llama-3.1-8B-Instruct"))).toBeCloseTo(9.080673, 5);
  });
  it("without vocabulary figures (estimated shapes) the format's bits apply to every parameter", () => {
    expect(weightsGb(72.7, "awq")).toBeCloseTo((72.7e9 * 4.25) / 8 / 1e9, 9);
  });
  it("GGUF Q4_K_M at 4.89 whole-file bits per weight: Llama-3.1-8B ≈ 4.9 GB as llama.cpp reports", () => {
    expect(weightsGb(8.03, "gguf-q4_k_m", shape("meta-llama/Llama-3.1-8B-Instruct"))).toBeCloseTo((8.03e9 * 4.89) / 8 / 1e9, 9); // 4.908 GB
    expect(weightsGb(8.03, "gguf-q8_0")).toBeCloseTo((8.03e9 * 8.5) / 8 / 1e9, 9);
  });
});

describe("MoE: total parameters for memory, active ones for each decode step", () => {
  const mixtral = () => shape("mistralai/Mixtral-8x7B-Instruct-v0.1");
  it("Mixtral-8x7B bf16 holds 46.7e9 × 2 = 93.4 GB but reads 12.9e9 × 2 = 25.8 GB per step at batch 1 (3.62× less)", () => {
    expect(weightsGb(46.7, "bf16", mixtral())).toBeCloseTo(93.4, 9);
    expect(activeWeightsGb(mixtral(), "bf16")).toBeCloseTo(25.8, 9);
    const sized = sizeReplica({ shape: mixtral(), quantization: "bf16", kvCacheDtype: "auto", maxContextTokens: 1, maxConcurrentRequests: 1, gpus: 2, gpuMemoryGb: 85.9, gpuMemoryUtilization: 0.9, memoryBandwidthGBs: 2039 });
    // (25.8 GB / 2 GPUs + one 1-token KV read 131072 B / 2) ÷ 2039 GB/s
    expect(sized.latencyBoundMsPerToken).toBeCloseTo(((25.8 / 2 + 131072e-9 / 2) / 2039) * 1000, 2); // 6.33 ms, not 22.9
  });
  it("a batch touches more experts: 8 × (1 − (6/8)^b) of 8 experts, so at batch 64 a step reads (almost) all 46.7 B", () => {
    const perExpert = (46.7 - 12.9) / (8 - 2); // 5.6333 B per expert across layers
    const dense = 12.9 - 2 * perExpert; // 1.6333 B
    expect(paramsReadB(mixtral(), 1)).toBeCloseTo(12.9, 9);
    expect(paramsReadB(mixtral(), 4)).toBeCloseTo(dense + 8 * (1 - 0.75 ** 4) * perExpert, 9); // 32.42 B
    expect(paramsReadB(mixtral(), 64)).toBeCloseTo(46.7, 4);
  });
});

describe("MLA and sliding-window KV", () => {
  it("DeepSeek-V3 caches (kv_lora_rank 512 + rope 64) × 61 layers × 2 B = 70,272 B per token, 14× less than the old extrapolation", () => {
    expect(kvBytesPerToken(shape("deepseek-ai/DeepSeek-V3"), "auto")).toBe((512 + 64) * 61 * 2);
    expect(995328 / 70272).toBeCloseTo(14.16, 2);
    expect(kvBytesPerToken(shape("deepseek-ai/DeepSeek-R1"), "fp8")).toBe(35136);
  });
  it("the MLA cache is replicated on every tensor-parallel rank: 8 GPUs hold 8 copies", () => {
    const sized = sizeReplica({ shape: shape("deepseek-ai/DeepSeek-V3"), quantization: "fp8", kvCacheDtype: "auto", maxContextTokens: 8192, maxConcurrentRequests: 1, gpus: 8, gpuMemoryGb: 151.4, gpuMemoryUtilization: 0.9, memoryBandwidthGBs: 4800 });
    expect(sized.memory.kvCacheGb).toBeCloseTo((70272 * 8192 * 8) / 1e9, 2); // 4.61 GB
  });
  it("a sliding window caps the cached tokens of a sequence", () => {
    const s = { ...shape("mistralai/Mistral-7B-Instruct-v0.3"), slidingWindow: 4096 };
    const sized = sizeReplica({ shape: s, quantization: "bf16", kvCacheDtype: "auto", maxContextTokens: 32768, maxConcurrentRequests: 2, gpus: 1, gpuMemoryGb: 85.9, gpuMemoryUtilization: 0.9, memoryBandwidthGBs: 2039 });
    expect(sized.memory.kvCacheGb).toBeCloseTo((131072 * 4096 * 2) / 1e9, 2); // 1.07 GB, not 8.59
  });
});

describe("runtime overhead per engine and tensor-parallel degree (vLLM PR #10511 profile)", () => {
  it("3.3 GB per GPU at TP=1 and 5.2 GB per GPU at TP≥2 (was a flat 2 GB)", () => {
    expect(runtimeOverheadGb("vllm", 1, catalog)).toBe(3.3);
    expect(runtimeOverheadGb("vllm", 2, catalog)).toBe(5.2);
    expect(runtimeOverheadGb("tgi", 4, catalog)).toBe(5.2); // the * row: vLLM's profile, labelled unverified
    expect(catalog.performance!.overheads.find((o) => o.engine === "*")!.status).toBe("unverified");
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
  it("Qwen2.5-72B AWQ, 8k × 16 sequences on 4 × A10: weights + KV + 5.2 GB per GPU, usable 4 × 24 × 0.9", () => {
    const s = shape("Qwen/Qwen2.5-72B-Instruct");
    const sized = sizeReplica({
      shape: s, quantization: "awq", kvCacheDtype: "auto", maxContextTokens: 8192, maxConcurrentRequests: 16,
      gpus: 4, gpuMemoryGb: 24, gpuMemoryUtilization: 0.9, memoryBandwidthGBs: 600, overheadGbPerGpu: 5.2,
    });
    const embedding = (2 * 152064 * 8192) / 1e9; // 2.491416576
    const weights = (72.7 - embedding) * (4.156 / 8) + embedding * 2; // 36.47 + 4.98 = 41.46
    const kv = (327680 * 8192 * 16) / 1e9; // 42.95
    const overhead = 4 * 5.2; // 20.8
    expect(sized.memory.weightsGb).toBeCloseTo(weights, 2);
    expect(sized.memory.kvCacheGb).toBeCloseTo(kv, 2);
    expect(sized.memory.requiredGb).toBeCloseTo(weights + kv + overhead, 2); // 105.21
    expect(sized.memory.availableGb).toBeCloseTo(4 * 24 * 0.9, 2); // 86.4
    expect(sized.fits).toBe(false);
    // (86.4 − 41.46 − 20.8) / (327680 × 8192 / 1e9) = 8.99 → 8 full-context sequences
    expect(sized.maxConcurrentSequences).toBe(Math.floor((86.4 - weights - overhead) / ((327680 * 8192) / 1e9)));
    // decode bound at batch 1: (41.46 GB / 4 + one 8k sequence's KV 2.68 GB / 4) / 600 GB/s = 18.39 ms
    expect(sized.latencyBoundMsPerToken).toBeCloseTo(((weights / 4 + (327680 * 8192) / 1e9 / 4) / 600) * 1000, 1);
  });

  it("KV reads count: at 16 × 8k on Llama-3.1-8B bf16 the batch's KV (17.18 GB) exceeds the weights (16.06 GB)", () => {
    const o = { shape: shape("meta-llama/Llama-3.1-8B-Instruct"), quantization: "bf16" as const, kvCacheDtype: "auto" as const, engine: "vllm", gpu: { computeCapability: 9, memoryBandwidthGBs: 3350, fp16DenseTflops: 989, bf16DenseTflops: 989, fp8DenseTflops: 1979, nvlinkGBs: 900 }, tensorParallel: 1, nvlink: true, factor: { bandwidthEfficiency: 1, computeEfficiency: 1, stepOverheadMs: 0, requestOverheadMs: 0 }, interconnect: { nvlinkLatencyUs: 0, pcieLatencyUs: 0, pcieGBs: 1, nvlinkEfficiency: 1 } };
    const kv = (131072 * 8192 * 16) / 1e9; // 17.18 GB
    expect(kv).toBeGreaterThan(16.06);
    expect(decodeStepMs(o, 16, 8192)).toBeCloseTo(((16.06 + kv) / 3350) * 1000, 2); // 9.92 ms, vs 4.79 ms from the weights alone
  });

  it("layer-split engines read all weights per token (no tensor-parallel speed-up)", () => {
    const input = {
      shape: shape("meta-llama/Llama-3.1-8B-Instruct"), quantization: "gguf-q4_k_m" as const, kvCacheDtype: "auto" as const, maxContextTokens: 8192, maxConcurrentRequests: 4,
      gpus: 2, gpuMemoryGb: 16, gpuMemoryUtilization: 0.9, memoryBandwidthGBs: 320,
    };
    const kvGb = (131072 * 8192) / 1e9;
    expect(sizeReplica({ ...input, sequentialGpus: true }).latencyBoundMsPerToken).toBeCloseTo((((8.03 * 4.89) / 8 + kvGb / 2) / 320) * 1000, 1);
    expect(sizeReplica(input).latencyBoundMsPerToken).toBeCloseTo((((8.03 * 4.89) / 8 / 2 + kvGb / 2) / 320) * 1000, 1);
  });
});

describe("tensor-parallel candidates", () => {
  it("are powers of two dividing attention and KV heads, up to the GPU count", () => {
    expect(tensorParallelCandidates(28, 4, 8)).toEqual([1, 2, 4]); // Qwen2.5-7B: 28 heads, 4 KV heads
    expect(tensorParallelCandidates(64, 8, 8)).toEqual([1, 2, 4, 8]); // Qwen2.5-72B
    expect(tensorParallelCandidates(32, 2, 8)).toEqual([1, 2]); // ChatGLM3-6B: 2 KV groups
    expect(tensorParallelCandidates(64, 8, 3)).toEqual([1, 2]);
  });
  it("int4 kernels need intermediate_size / TP to be a multiple of 128: a self-quantized Qwen2.5-72B AWQ (29,568) refuses TP 2 and 4", () => {
    // 29568 / 2 = 14784 = 115.5 × 128; 29568 / 4 = 7392 = 57.75 × 128; 29568 / 8 = 3696 = 28.875 × 128
    expect(tensorParallelProblem(2, { attentionHeads: 64, kvHeads: 8, intermediateSize: 29568 }, "awq")).toBe(
      "intermediate_size 29568 / 2 = 14784 is not a multiple of the awq kernel group 128",
    );
    expect(tensorParallelCandidates(64, 8, 8, { intermediateSize: 29568, quantization: "awq" })).toEqual([1]);
    // Qwen's own AWQ checkpoint pads to 29,696 = 232 × 128: TP 2, 4, 8 divide it
    expect(tensorParallelCandidates(64, 8, 8, { intermediateSize: 29696, quantization: "awq" })).toEqual([1, 2, 4, 8]);
    // the same 29,568 shape in bf16 has no such rule
    expect(tensorParallelCandidates(64, 8, 8, { intermediateSize: 29568, quantization: "bf16" })).toEqual([1, 2, 4, 8]);
  });
  it("the catalog's Qwen2.5-72B-Instruct-AWQ alias carries the padded 29,696", () => {
    const found = findModel(catalog, "Qwen/Qwen2.5-72B-Instruct-AWQ")!;
    expect(found.shape.aliases.find((a) => a.id === "Qwen/Qwen2.5-72B-Instruct-AWQ")!.intermediateSize).toBe(29696);
    expect(found.shape.intermediateSize).toBe(29568);
  });
});
