/**
 * Whole refusal messages of the compatibility check, written out by hand from the facts in
 * reference/engines.md as recorded in compatibility-data.ts, aimed at the mutants Stryker left alive
 * in components/engines/compatibility.ts (bench/RESULTS.md): which other engines are suggested,
 * which formats, the one-item and empty lists, GPU lists that are empty, and the FP8 KV-cache floor
 * at its boundary. GPUs are hand-made (key + compute capability) so each list below is worked out
 * from six numbers, never from the catalog.
 */
import { describe, expect, it } from "vitest";
import type { GpuSpec } from "../catalog/schema";
import { checkCompatibility, quantizationFloor, type CompatibilityRequest } from "../components/engines/compatibility";

const gpu = (key: string, computeCapability: number) => ({ key, computeCapability }) as GpuSpec;
const K80 = gpu("K80", 3.7);
const P4 = gpu("P4", 6.1);
const V100 = gpu("V100", 7.0);
const T4 = gpu("T4", 7.5);
const A10 = gpu("A10", 8.6);
const L20 = gpu("L20", 8.9);
const H100 = gpu("H100", 9.0);
const GPUS = [P4, V100, T4, A10, L20, H100];

const req = (engine: CompatibilityRequest["engine"], quantization: CompatibilityRequest["quantization"], g: GpuSpec, kvCacheDtype: "auto" | "fp8" = "auto"): CompatibilityRequest => ({
  engine,
  quantization,
  kvCacheDtype,
  gpu: g,
});

const VLLM_V100 = 'a vLLM maintainer: "V100 is not supported. None of the current attention backends support V100" (vLLM issue #18571; V0 removed)';
const TGI_GGUF = "TGI's --quantize has no GGUF format (awq, gptq, marlin, exl2, eetq, bitsandbytes, fp8, compressed-tensors)";

describe("engine × GPU: the other engines and GPUs suggested", () => {
  it("vLLM on the V100 with AWQ: GGUF engines first, TGI in parentheses; AWQ's own floor refused separately", () => {
    // engines running on 7.0 besides vLLM: tgi (7.0), llama-cpp (5.0), ollama (5.0); GGUF-only: llama-cpp, ollama
    expect(checkCompatibility(req("vllm", "awq", V100), GPUS)).toEqual([
      {
        field: "engine.name",
        message: `vLLM does not support the V100 (compute capability 7.0): ${VLLM_V100}. On the V100 use llama-cpp or ollama with a GGUF model (or tgi), or pick a GPU with compute capability 7.5+ (T4, A10, L20, H100).`,
      },
      {
        field: "model.quantization",
        message: "AWQ needs compute capability 7.5 or later (AWQ kernels start at Turing): T4, A10, L20, H100; on the V100 (compute capability 7.0) pick another engine first (vLLM does not run there).",
      },
    ]);
  });
  it("vLLM on a P4 (6.1): only the GGUF engines run there, so no parenthesis", () => {
    expect(checkCompatibility(req("vllm", "fp16", P4), GPUS)).toEqual([
      {
        field: "engine.name",
        message: `vLLM does not support the P4 (compute capability 6.1): ${VLLM_V100}. On the P4 use llama-cpp or ollama with a GGUF model, or pick a GPU with compute capability 7.5+ (T4, A10, L20, H100).`,
      },
    ]);
  });
  it("TensorRT-LLM on the T4: engines that also serve AWQ (vLLM, SGLang) are not called GGUF engines", () => {
    expect(checkCompatibility(req("tensorrt-llm", "fp16", T4), GPUS)).toEqual([
      {
        field: "engine.name",
        message:
          "TensorRT-LLM does not support the T4 (compute capability 7.5): NVIDIA's supported-hardware list starts at Ampere A100 (Ada L20/L40/L40S, Hopper, Blackwell); T4 and V100 are not listed. " +
          "On the T4 use llama-cpp or ollama with a GGUF model (or vllm, sglang, tgi or torchserve), or pick a GPU with compute capability 8.0+ (A10, L20, H100).",
      },
    ]);
  });
  it("TGI with GGUF on a K80 (3.7): no engine runs there, nothing serves GGUF there", () => {
    expect(checkCompatibility(req("tgi", "gguf-q4_k_m", K80), GPUS)).toEqual([
      {
        field: "engine.name",
        message: "TGI does not support the K80 (compute capability 3.7): TGI falls back to paged attention below sm80 (reference §2.1). On the K80 pick a GPU with compute capability 7.0+ (V100, T4, A10, L20, H100).",
      },
      { field: "model.quantization", message: `TGI cannot serve GGUF Q4_K_M (gguf-q4_k_m): ${TGI_GGUF}. No engine serves it on the K80.` },
    ]);
  });
  it("with no GPU list: the floor alone, without an empty parenthesis", () => {
    expect(checkCompatibility(req("vllm", "fp16", K80), [])).toEqual([
      { field: "engine.name", message: `vLLM does not support the K80 (compute capability 3.7): ${VLLM_V100}. On the K80 pick a GPU with compute capability 7.5+.` },
    ]);
  });
});

describe("engine × format: engines and checkpoint formats suggested", () => {
  it("TGI with GGUF on the A10: four engines for GGUF, and TGI's quantized formats (not none/fp16/bf16)", () => {
    expect(checkCompatibility(req("tgi", "gguf-q4_k_m", A10), GPUS)).toEqual([
      {
        field: "model.quantization",
        message: `TGI cannot serve GGUF Q4_K_M (gguf-q4_k_m): ${TGI_GGUF}. Use vllm, sglang, llama-cpp or ollama for gguf-q4_k_m, or use a checkpoint in int8, awq, gptq or bnb-nf4 with TGI.`,
      },
    ]);
  });
  it("llama.cpp with AWQ on the A10: the five AWQ engines, or the two GGUF formats", () => {
    expect(checkCompatibility(req("llama-cpp", "awq", A10), GPUS)).toEqual([
      {
        field: "model.quantization",
        message:
          "llama.cpp cannot serve AWQ (awq): llama.cpp serves GGUF files only (AWQ is a safetensors format). Use vllm, sglang, tgi, tensorrt-llm or torchserve for awq, or use a checkpoint in gguf-q4_k_m or gguf-q8_0 with llama.cpp.",
      },
    ]);
  });
  it("TorchServe with bitsandbytes on the V100: one engine (TGI), no format (TorchServe does not run there)", () => {
    expect(checkCompatibility(req("torchserve", "bnb-nf4", V100), GPUS)).toEqual([
      {
        field: "engine.name",
        message: `TorchServe does not support the V100 (compute capability 7.0): it runs vLLM, and ${VLLM_V100}. On the V100 use llama-cpp or ollama with a GGUF model (or tgi), or pick a GPU with compute capability 7.5+ (T4, A10, L20, H100).`,
      },
      { field: "model.quantization", message: "TorchServe cannot serve bitsandbytes NF4 (bnb-nf4): TorchServe's LLM launcher cannot pass vLLM's --quantization bitsandbytes. Use tgi for bnb-nf4." },
    ]);
  });
});

describe("format × GPU: fallbacks and the usable formats", () => {
  it("llama.cpp with BF16 on a P4: no BF16 fallback is usable, so the engine's own formats are named", () => {
    const formatProblem = "llama.cpp cannot serve BF16 (bf16): llama.cpp serves GGUF files only (BF16 is a safetensors format). Use a checkpoint in gguf-q4_k_m or gguf-q8_0 with llama.cpp.";
    expect(checkCompatibility(req("llama-cpp", "bf16", P4), GPUS)).toEqual([
      { field: "model.quantization", message: formatProblem },
      {
        field: "model.quantization",
        message: "BF16 needs compute capability 8.0 or later (Volta and Turing have no BF16): A10, L20, H100; on the P4 (compute capability 6.1) use gguf-q4_k_m or gguf-q8_0 with llama.cpp.",
      },
    ]);
    expect(checkCompatibility(req("llama-cpp", "bf16", P4), [])[1]).toEqual({
      field: "model.quantization",
      message: "BF16 needs compute capability 8.0 or later (Volta and Turing have no BF16); on the P4 (compute capability 6.1) use gguf-q4_k_m or gguf-q8_0 with llama.cpp.",
    });
  });
  it("TGI with BF16 on the V100: fallbacks FP16 and GPTQ (AWQ needs 7.5)", () => {
    expect(checkCompatibility(req("tgi", "bf16", V100), GPUS)).toEqual([
      {
        field: "model.quantization",
        message: "BF16 needs compute capability 8.0 or later (Volta and Turing have no BF16): A10, L20, H100; on the V100 (compute capability 7.0) with TGI use fp16 or gptq.",
      },
    ]);
  });
  it("the format's own floor without an engine; vLLM's FP8 floor only for vLLM", () => {
    expect(quantizationFloor("fp8").minComputeCapability).toBe(8.9);
    expect(quantizationFloor("fp8", "sglang").minComputeCapability).toBe(8.9);
    expect(quantizationFloor("fp8", "vllm").minComputeCapability).toBe(8.0);
    expect(quantizationFloor("fp8", "vllm", true).minComputeCapability).toBe(8.9);
    expect(quantizationFloor("awq", "vllm", true)).toEqual({ minComputeCapability: 7.5, reason: "AWQ kernels start at Turing", fallbacks: ["gptq", "bnb-nf4", "gguf-q4_k_m"] });
  });
});

describe("FP8 KV cache", () => {
  it("llama.cpp: the q8_0 hint, and only TGI offers an FP8 cache on the V100 (vLLM does not run there, SGLang needs 7.5)", () => {
    expect(checkCompatibility(req("llama-cpp", "gguf-q4_k_m", V100, "fp8"), GPUS)).toEqual([
      {
        field: "engine.kvCacheDtype",
        message:
          "llama.cpp has no FP8 KV cache (its cache types are f16, q8_0, q4_0, …). Set engine.kvCacheDtype to auto (for a smaller cache pass -ctk q8_0 -ctv q8_0 in engine.extraArgs), or use tgi for an FP8 KV cache on the V100.",
      },
    ]);
  });
  it("llama.cpp on the A10: TensorRT-LLM runs there (8.0) but its FP8 cache needs 8.9, so it is not suggested", () => {
    expect(checkCompatibility(req("llama-cpp", "gguf-q4_k_m", A10, "fp8"), GPUS)).toEqual([
      {
        field: "engine.kvCacheDtype",
        message:
          "llama.cpp has no FP8 KV cache (its cache types are f16, q8_0, q4_0, …). Set engine.kvCacheDtype to auto (for a smaller cache pass -ctk q8_0 -ctv q8_0 in engine.extraArgs), or use vllm, sglang or tgi for an FP8 KV cache on the A10.",
      },
    ]);
  });
  it("Ollama on a P4: no hint, no engine with an FP8 cache there", () => {
    expect(checkCompatibility(req("ollama", "gguf-q8_0", P4, "fp8"), GPUS)).toEqual([
      { field: "engine.kvCacheDtype", message: "Ollama has no FP8 KV cache (OLLAMA_KV_CACHE_TYPE is f16, q8_0 or q4_0). Set engine.kvCacheDtype to auto." },
    ]);
  });
  it("is allowed exactly at the engine's floor (SGLang 7.5 on the T4, TensorRT-LLM 8.9 on the L20)", () => {
    expect(checkCompatibility(req("sglang", "fp16", T4, "fp8"), GPUS)).toEqual([]);
    expect(checkCompatibility(req("tensorrt-llm", "fp8", L20, "fp8"), GPUS)).toEqual([]);
    expect(checkCompatibility(req("tgi", "gptq", V100, "fp8"), GPUS)).toEqual([]);
  });
  it("TensorRT-LLM on the A10: 8.9+ GPUs listed, the L20 at the floor included", () => {
    const message = "TensorRT-LLM's FP8 KV cache needs compute capability 8.9 or later (L20, H100); the A10 has 8.6. Set engine.kvCacheDtype to auto.";
    expect(checkCompatibility(req("tensorrt-llm", "fp16", A10, "fp8"), GPUS)).toEqual([{ field: "engine.kvCacheDtype", message }]);
    expect(checkCompatibility(req("tensorrt-llm", "fp16", A10, "fp8"), [A10])).toEqual([
      { field: "engine.kvCacheDtype", message: "TensorRT-LLM's FP8 KV cache needs compute capability 8.9 or later; the A10 has 8.6. Set engine.kvCacheDtype to auto." },
    ]);
  });
  it("vLLM on a P4: GPUs above the cache floor (7.0) that vLLM does not run on (V100) are not listed", () => {
    const kv = checkCompatibility(req("vllm", "fp16", P4, "fp8"), GPUS).filter((p) => p.field === "engine.kvCacheDtype");
    expect(kv).toEqual([
      { field: "engine.kvCacheDtype", message: "vLLM's FP8 KV cache needs compute capability 7.0 or later (T4, A10, L20, H100); the P4 has 6.1. Set engine.kvCacheDtype to auto." },
    ]);
  });
});
