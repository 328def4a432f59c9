/**
 * Hand-computed memory arithmetic of components/plan/sizing.ts on round made-up shapes (10 B
 * parameters, 10 layers, 4 KV heads of 100), so each figure below is worked out in the comment
 * beside it from the formulas in the module's JSDoc, never from the module's own tables.
 */
import { describe, expect, it } from "vitest";
import {
  cachedTokens,
  decodeThroughputBound,
  embeddingParamsB,
  kvBytesPerToken,
  round2,
  round4,
  runtimeOverheadGb,
  sizeReplica,
  tensorParallelCandidates,
  tensorParallelProblem,
  weightsGb,
  withLoraMemory,
  type SizingInput,
} from "../components/plan/sizing";

describe("weights", () => {
  it("16-bit: 2 bytes per parameter; a shape without vocabulary gets the format's whole-file bits (AWQ 4.25)", () => {
    expect(weightsGb(8, "bf16")).toBe(16);
    expect(weightsGb(8, "awq")).toBe(4.25);
    expect(weightsGb(8, "awq", { vocabSize: 100_000 })).toBe(4.25);
  });
  it("quantized linears at 4.156 bits, embeddings and lm_head at 2 bytes", () => {
    // 100k × 5k = 0.5 B per matrix; untied: 1.0 B at 2 bytes = 2 GB; 7 B × 4.156 / 8 = 3.6365 GB
    expect(weightsGb(8, "awq", { vocabSize: 100_000, hiddenSize: 5_000 })).toBeCloseTo(5.6365, 10);
    // tied: 0.5 B → 1 GB; 7.5 B × 0.5195 = 3.89625 GB
    expect(weightsGb(8, "gptq", { vocabSize: 100_000, hiddenSize: 5_000, tieWordEmbeddings: true })).toBeCloseTo(4.89625, 10);
    // FP8 linears 1 byte: 7 + 2 = 9 GB
    expect(weightsGb(8, "fp8", { vocabSize: 100_000, hiddenSize: 5_000 })).toBeCloseTo(9, 10);
  });
  it("GGUF applies its whole-file bits to every parameter, embeddings included (4.89 bpw)", () => {
    expect(weightsGb(8, "gguf-q4_k_m", { vocabSize: 100_000, hiddenSize: 5_000 })).toBeCloseTo(4.89, 10);
  });
  it("never counts more embedding parameters than the model has", () => {
    // embedding 1.0 B capped at 0.5 B: 0.5 B × 2 bytes = 1 GB
    expect(weightsGb(0.5, "awq", { vocabSize: 100_000, hiddenSize: 5_000 })).toBeCloseTo(1, 10);
  });
  it("embedding parameters: one matrix when tied, none without vocabulary or hidden size", () => {
    expect(embeddingParamsB({ vocabSize: 100_000, hiddenSize: 5_000 })).toBe(1);
    expect(embeddingParamsB({ vocabSize: 100_000, hiddenSize: 5_000, tieWordEmbeddings: true })).toBe(0.5);
    expect(embeddingParamsB({ vocabSize: 100_000 })).toBe(0);
    expect(embeddingParamsB({ hiddenSize: 5_000 })).toBe(0);
  });
});

describe("KV cache per token and cached tokens", () => {
  const gqa = { parametersB: 8, layers: 32, kvHeads: 8, headDim: 128 };
  it("GQA: 2 × layers × KV heads × head dim × bytes", () => {
    expect(kvBytesPerToken(gqa, "auto")).toBe(131_072);
    expect(kvBytesPerToken(gqa, "fp8")).toBe(65_536);
  });
  it("MLA: (kv_lora_rank + rope dim) × layers × bytes (DeepSeek-V3: 576 × 61 × 2)", () => {
    const mla = { ...gqa, layers: 61, mla: { kvLoraRank: 512, qkRopeHeadDim: 64 } };
    expect(kvBytesPerToken(mla, "auto")).toBe(70_272);
    expect(kvBytesPerToken(mla, "fp8")).toBe(35_136);
  });
  it("a sliding window caps the cached tokens", () => {
    expect(cachedTokens({ ...gqa, slidingWindow: 4096 }, 8192)).toBe(4096);
    expect(cachedTokens({ ...gqa, slidingWindow: 4096 }, 1000)).toBe(1000);
    expect(cachedTokens(gqa, 8192)).toBe(8192);
  });
});

describe("runtime overhead per GPU", () => {
  const catalog = { performance: { overheads: [{ engine: "*", tp1Gb: 1, tpNGb: 2 }, { engine: "vllm", tp1Gb: 3, tpNGb: 4 }] } } as unknown as Parameters<typeof runtimeOverheadGb>[2];
  it("the engine's row, else the * row, at TP 1 or TP ≥ 2", () => {
    expect(runtimeOverheadGb("vllm", 1, catalog)).toBe(3);
    expect(runtimeOverheadGb("vllm", 2, catalog)).toBe(4);
    expect(runtimeOverheadGb("sglang", 1, catalog)).toBe(1);
    expect(runtimeOverheadGb("sglang", 8, catalog)).toBe(2);
  });
  it("finds the * row wherever it is listed", () => {
    const reversed = { performance: { overheads: [{ engine: "vllm", tp1Gb: 3, tpNGb: 4 }, { engine: "*", tp1Gb: 1, tpNGb: 2 }] } } as unknown as Parameters<typeof runtimeOverheadGb>[2];
    expect(runtimeOverheadGb("sglang", 1, reversed)).toBe(1);
    expect(runtimeOverheadGb("vllm", 2, reversed)).toBe(4);
  });
  it("3.3 / 5.2 GB without a catalog row", () => {
    expect(runtimeOverheadGb("vllm", 1)).toBe(3.3);
    expect(runtimeOverheadGb("vllm", 2)).toBe(5.2);
    expect(runtimeOverheadGb("vllm", 2, { performance: undefined } as never)).toBe(5.2);
  });
});

describe("sizeReplica", () => {
  // 10 B bf16 = 20 GB; KV 2 × 10 × 4 × 100 × 2 = 16,000 B/token; 1,000 tokens = 0.016 GB per sequence
  const base: SizingInput = {
    shape: { parametersB: 10, layers: 10, kvHeads: 4, headDim: 100 },
    quantization: "bf16",
    kvCacheDtype: "auto",
    maxContextTokens: 1000,
    maxConcurrentRequests: 10,
    gpus: 1,
    gpuMemoryGb: 40,
    gpuMemoryUtilization: 0.9,
    memoryBandwidthGBs: 1000,
  };
  it("one GPU: weights + KV + 3.3 GB overhead against 90 % of 40 GB", () => {
    const r = sizeReplica(base);
    expect(r.memory).toStrictEqual({ weightsGb: 20, kvCacheGb: 0.16, overheadGb: 3.3, requiredGb: 23.46, availableGb: 36 });
    expect(r.fits).toBe(true);
    expect(r.kvBytesPerToken).toBe(16_000);
    // (36 − 20 − 3.3) / 0.016 = 793.75
    expect(r.maxConcurrentSequences).toBe(793);
    // (20 + 0.016) GB ÷ 1000 GB/s = 20.016 ms
    expect(r.latencyBoundMsPerToken).toBe(20.02);
    expect(r.headroomGb).toBe(12.54);
  });
  it("tensor parallel 2: 5.2 GB overhead per GPU, weights and KV read split over both", () => {
    const r = sizeReplica({ ...base, gpus: 2, gpuMemoryGb: 41 });
    expect(r.memory).toStrictEqual({ weightsGb: 20, kvCacheGb: 0.16, overheadGb: 10.4, requiredGb: 30.56, availableGb: 73.8 });
    // (73.8 − 20 − 10.4) / 0.016 = 2712.5
    expect(r.maxConcurrentSequences).toBe(2712);
    // 20 / 2 + 0.016 / 2 = 10.008 ms
    expect(r.latencyBoundMsPerToken).toBe(10.01);
    expect(r.headroomGb).toBe(43.24);
  });
  it("layer split over 2 GPUs: the TP=1 overhead per GPU, every weight read in turn", () => {
    const r = sizeReplica({ ...base, gpus: 2, gpuMemoryGb: 41, gpuMemoryUtilization: 0.95, sequentialGpus: true });
    expect(r.memory).toStrictEqual({ weightsGb: 20, kvCacheGb: 0.16, overheadGb: 6.6, requiredGb: 26.76, availableGb: 77.9 });
    // (77.9 − 20 − 6.6) / 0.016 = 3206.25
    expect(r.maxConcurrentSequences).toBe(3206);
    // 20 / 1 + 0.016 / 2 = 20.008 ms
    expect(r.latencyBoundMsPerToken).toBe(20.01);
  });
  it("an explicit overhead per GPU replaces the default", () => {
    expect(sizeReplica({ ...base, gpus: 2, overheadGbPerGpu: 1 }).memory.overheadGb).toBe(2);
  });
  it("MLA's latent cache is held on every tensor-parallel rank, once for a layer split", () => {
    // (500 + 100) × 10 × 2 = 12,000 B/token × 1,000 = 0.012 GB per sequence per copy, × 10 requests
    const mla = { ...base, shape: { ...base.shape, mla: { kvLoraRank: 500, qkRopeHeadDim: 100 } } };
    expect(sizeReplica({ ...mla, gpus: 2 }).memory.kvCacheGb).toBe(0.24);
    expect(sizeReplica({ ...mla, gpus: 2, sequentialGpus: true }).memory.kvCacheGb).toBe(0.12);
    expect(sizeReplica(mla).memory.kvCacheGb).toBe(0.12);
  });
  it("LoRA memory counts in the requirement and comes out of the KV room; zero or negative is none", () => {
    const r = sizeReplica({ ...base, loraGb: 2 });
    expect(r.memory).toStrictEqual({ weightsGb: 20, kvCacheGb: 0.16, overheadGb: 3.3, loraGb: 2, requiredGb: 25.46, availableGb: 36 });
    // (36 − 20 − 3.3 − 2) / 0.016 = 668.75
    expect(r.maxConcurrentSequences).toBe(668);
    expect(r.headroomGb).toBe(10.54);
    expect(sizeReplica({ ...base, loraGb: 0 }).memory).not.toHaveProperty("loraGb");
    expect(sizeReplica({ ...base, loraGb: -1 }).memory).toStrictEqual(sizeReplica(base).memory);
  });
  it("does not fit when weights and overhead exceed the usable memory: no sequence, negative headroom", () => {
    const r = sizeReplica({ ...base, gpuMemoryGb: 20 });
    expect(r.fits).toBe(false);
    expect(r.maxConcurrentSequences).toBe(0);
    // 18 − 23.46
    expect(r.headroomGb).toBe(-5.46);
  });
  it("fits exactly at the boundary (required = available = 24 GB)", () => {
    const r = sizeReplica({ ...base, maxConcurrentRequests: 0, overheadGbPerGpu: 4, gpuMemoryGb: 48, gpuMemoryUtilization: 0.5 });
    expect(r.memory.requiredGb).toBe(24);
    expect(r.memory.availableGb).toBe(24);
    expect(r.fits).toBe(true);
    expect(r.maxConcurrentSequences).toBe(0);
    expect(r.headroomGb).toBe(0);
  });
});

describe("tensor parallelism", () => {
  it("heads must divide by the degree, attention and KV alike", () => {
    expect(tensorParallelProblem(2, { attentionHeads: 32, kvHeads: 8 }, "bf16")).toBeUndefined();
    expect(tensorParallelProblem(3, { attentionHeads: 32, kvHeads: 8 }, "bf16")).toBe("32 attention / 8 KV heads do not divide by 3");
    expect(tensorParallelProblem(4, { attentionHeads: 32, kvHeads: 2 }, "bf16")).toBe("32 attention / 2 KV heads do not divide by 4");
    expect(tensorParallelProblem(4, { attentionHeads: 30, kvHeads: 8 }, "bf16")).toBe("30 attention / 8 KV heads do not divide by 4");
  });
  it("int4 kernels need intermediate_size / tp to be a multiple of 128", () => {
    const heads = { attentionHeads: 32, kvHeads: 8 };
    expect(tensorParallelProblem(2, { ...heads, intermediateSize: 29_568 }, "awq")).toBe("intermediate_size 29568 / 2 = 14784 is not a multiple of the awq kernel group 128");
    expect(tensorParallelProblem(2, { ...heads, intermediateSize: 1001 }, "gptq")).toBe("intermediate_size 1001 / 2 = 500.5 is not a multiple of the gptq kernel group 128");
    // 25,600 / 2 = 12,800 = 100 × 128
    expect(tensorParallelProblem(2, { ...heads, intermediateSize: 25_600 }, "awq")).toBeUndefined();
    // no split at TP 1, no int4 kernel for bf16, nothing known without intermediate_size
    expect(tensorParallelProblem(1, { ...heads, intermediateSize: 1000 }, "awq")).toBeUndefined();
    expect(tensorParallelProblem(2, { ...heads, intermediateSize: 1001 }, "bf16")).toBeUndefined();
    expect(tensorParallelProblem(2, heads, "awq")).toBeUndefined();
  });
  it("candidates are the powers of two up to the GPU count without a problem", () => {
    expect(tensorParallelCandidates(32, 8, 8)).toEqual([1, 2, 4, 8]);
    expect(tensorParallelCandidates(32, 8, 6)).toEqual([1, 2, 4]);
    expect(tensorParallelCandidates(28, 4, 8)).toEqual([1, 2, 4]);
    expect(tensorParallelCandidates(32, 8, 8, { intermediateSize: 29_568, quantization: "awq" })).toEqual([1]);
    expect(tensorParallelCandidates(32, 8, 8, { intermediateSize: 29_568, quantization: "int8" })).toEqual([1, 2, 4, 8]);
  });
});

describe("throughput bound, LoRA on a sized replica, rounding", () => {
  it("sequences × 1000 / ms per token; 0 for a non-positive latency or batch", () => {
    expect(decodeThroughputBound(20, 10)).toBe(500);
    expect(decodeThroughputBound(0, 10)).toBe(0);
    expect(decodeThroughputBound(-1, 5)).toBe(0);
    expect(decodeThroughputBound(20, 0)).toBe(0);
    expect(decodeThroughputBound(20, -1)).toBe(0);
  });
  const sized = {
    memory: { weightsGb: 20, kvCacheGb: 0.16, overheadGb: 3.3, requiredGb: 23.46, availableGb: 36 },
    fits: true,
    kvBytesPerToken: 16_000,
    maxConcurrentSequences: 793,
    latencyBoundMsPerToken: 20.02,
    headroomGb: 12.54,
  };
  it("adds the adapters' memory and recounts the sequences from what is left", () => {
    expect(withLoraMemory(sized, 2, 0.016)).toStrictEqual({
      ...sized,
      memory: { ...sized.memory, loraGb: 2, requiredGb: 25.46 },
      maxConcurrentSequences: 668,
      headroomGb: 10.54,
    });
    expect(withLoraMemory(sized, 0, 0.016)).toBe(sized);
    expect(withLoraMemory(sized, 2, 0).maxConcurrentSequences).toBe(0);
  });
  it("no longer fits when the adapters take more than the headroom", () => {
    const r = withLoraMemory(sized, 20, 0.016);
    expect(r.fits).toBe(false);
    expect(r.maxConcurrentSequences).toBe(0);
    expect(r.headroomGb).toBe(-7.46);
  });
  it("fits exactly when the adapters take the whole headroom", () => {
    const r = withLoraMemory({ ...sized, memory: { ...sized.memory, requiredGb: 34 } }, 2, 0.016);
    expect(r.fits).toBe(true);
    expect(r.headroomGb).toBe(0);
  });
  it("rounds to 4 and 2 decimals", () => {
    expect(round4(1.2345678)).toBe(1.2346);
    expect(round2(1.2345678)).toBe(1.23);
  });
});
