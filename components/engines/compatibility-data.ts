/**
 * Engine × quantization × GPU compatibility as data. Facts come from `reference/engines.md`
 * §1.3 (quantization values per engine) and §2.1 (compute-capability matrix, engine floor per GPU
 * generation); rows marked `assumption` are not in the reference and should be verified.
 * {@link checkCompatibility} in `compatibility.ts` turns these rows into problems with reasons.
 * LoRA adapters per engine and base format (flags, sources, refusals) are rows of `lora-data.ts`.
 */
import type { Quantization } from "../../catalog/schema";
import type { EngineName } from "../spec/schema";

/** Human-readable engine names used in messages. */
export const ENGINE_DISPLAY_NAMES: Record<EngineName, string> = {
  vllm: "vLLM",
  sglang: "SGLang",
  tgi: "TGI",
  "tensorrt-llm": "TensorRT-LLM",
  "llama-cpp": "llama.cpp",
  ollama: "Ollama",
  torchserve: "TorchServe",
};

/** Human-readable quantization names used in messages. */
export const QUANTIZATION_DISPLAY_NAMES: Record<Quantization, string> = {
  none: "unquantized (model dtype)",
  fp16: "FP16",
  bf16: "BF16",
  fp8: "FP8",
  int8: "INT8 W8A8",
  awq: "AWQ",
  gptq: "GPTQ",
  "bnb-nf4": "bitsandbytes NF4",
  "gguf-q4_k_m": "GGUF Q4_K_M",
  "gguf-q8_0": "GGUF Q8_0",
};

/** Minimum CUDA compute capability of a weight format, with the reason. */
export interface QuantizationFloor {
  /** Lowest compute capability (e.g. 8.9) whose kernels run the format; 0 = any CUDA GPU. */
  minComputeCapability: number;
  /** Why, as a short phrase shown in parentheses after "<format> needs compute capability X or later". */
  reason: string;
  /** Other formats to suggest on GPUs below the floor, best first. */
  fallbacks: Quantization[];
}

/**
 * Quantization → minimum compute capability (reference §2.1): FP8 W8A8 ≥ 8.9 (Ada/Hopper FP8
 * tensor cores); AWQ ≥ 7.5; INT8 W8A8 ≥ 7.5; GPTQ ≥ 7.0; bitsandbytes ≥ 7.0; GGUF any;
 * BF16 ≥ 8.0 (no BF16 on Volta/Turing). Marlin kernels (≥ 8.0) are chosen by the engines
 * automatically and are not a format of their own here.
 */
export const QUANTIZATION_FLOORS: Record<Quantization, QuantizationFloor> = {
  none: { minComputeCapability: 0, reason: "", fallbacks: [] },
  fp16: { minComputeCapability: 0, reason: "", fallbacks: [] },
  bf16: {
    minComputeCapability: 8.0,
    reason: "Volta and Turing have no BF16",
    fallbacks: ["fp16", "awq", "gptq"],
  },
  fp8: {
    minComputeCapability: 8.9,
    reason: "FP8 W8A8 runs on the FP8 tensor cores of Ada and Hopper (vLLM also serves FP8 weight-only on Ampere: see its row)",
    fallbacks: ["awq", "gptq", "int8"],
  },
  int8: {
    minComputeCapability: 7.5,
    reason: "INT8 W8A8 kernels start at Turing",
    fallbacks: ["gptq", "bnb-nf4", "gguf-q8_0"],
  },
  awq: {
    minComputeCapability: 7.5,
    reason: "AWQ kernels start at Turing",
    fallbacks: ["gptq", "bnb-nf4", "gguf-q4_k_m"],
  },
  gptq: { minComputeCapability: 7.0, reason: "GPTQ kernels start at Volta", fallbacks: ["gguf-q4_k_m"] },
  "bnb-nf4": {
    minComputeCapability: 7.0,
    reason: "bitsandbytes kernels start at Volta",
    fallbacks: ["gguf-q4_k_m"],
  },
  "gguf-q4_k_m": { minComputeCapability: 0, reason: "", fallbacks: [] },
  "gguf-q8_0": { minComputeCapability: 0, reason: "", fallbacks: [] },
};

/** Whether an engine serves a weight format, and why not. */
export type QuantizationSupport =
  | {
      supported: true;
      note?: string;
      /** This engine's own compute-capability floor for the format, when it differs from {@link QUANTIZATION_FLOORS}. */
      minComputeCapability?: number;
      /** Floor for mixture-of-experts models, when higher. */
      moeMinComputeCapability?: number;
      /** Why the engine's floor differs, with its source. */
      reason?: string;
    }
  | { supported: false; reason: string };

const YES: QuantizationSupport = { supported: true };

/** What an engine needs from the GPU. */
export interface EngineGpuFloor {
  /** Lowest compute capability the current pinned release runs on. */
  minComputeCapability: number;
  /** Why, with its source. */
  reason: string;
  /** `verified` = stated in the reference; `assumption` = not in the reference, verify before relying on it. */
  status: "verified" | "assumption";
}

/** One engine's row of the matrix. */
export interface EngineCompatibility {
  quantization: Record<Quantization, QuantizationSupport>;
  gpu: EngineGpuFloor;
  /** FP8 KV cache (`kvCacheDtype: fp8`): supported, and the lowest compute capability it runs on. */
  fp8KvCache: { supported: true; minComputeCapability: number; note?: string } | { supported: false; reason: string };
}

const GGUF_ONLY = (engine: string): Record<Quantization, QuantizationSupport> => {
  const no = (q: string): QuantizationSupport => ({
    supported: false,
    reason: `${engine} serves GGUF files only (${q} is a safetensors format)`,
  });
  return {
    none: no("an unquantized checkpoint"),
    fp16: no("FP16"),
    bf16: no("BF16"),
    fp8: no("FP8"),
    int8: no("INT8 W8A8"),
    awq: no("AWQ"),
    gptq: no("GPTQ"),
    "bnb-nf4": no("bitsandbytes"),
    "gguf-q4_k_m": YES,
    "gguf-q8_0": YES,
  };
};

const VLLM_GPU_FLOOR: EngineGpuFloor = {
  minComputeCapability: 7.5,
  reason:
    'a vLLM maintainer: "V100 is not supported. None of the current attention backends support V100" (vLLM issue #18571; V0 removed)',
  status: "verified",
};

/** The matrix: engine → quantizations, GPU floor, FP8 KV cache. */
export const ENGINE_COMPATIBILITY: Record<EngineName, EngineCompatibility> = {
  vllm: {
    quantization: {
      none: YES,
      fp16: YES,
      bf16: YES,
      fp8: {
        supported: true,
        minComputeCapability: 8.0,
        moeMinComputeCapability: 8.9,
        reason: "vLLM serves FP8 checkpoints on Ampere as weight-only W8A16 through FP8 Marlin (docs.vllm.ai features/quantization/fp8); FP8 MoE models need Ada or Hopper",
        note: "weight-only W8A16 (FP8 Marlin) below compute capability 8.9",
      },
      int8: YES,
      awq: YES,
      gptq: YES,
      "bnb-nf4": YES,
      "gguf-q4_k_m": { supported: true, note: "vLLM's GGUF support is experimental" },
      "gguf-q8_0": { supported: true, note: "vLLM's GGUF support is experimental" },
    },
    gpu: VLLM_GPU_FLOOR,
    fp8KvCache: { supported: true, minComputeCapability: 7.0 },
  },
  sglang: {
    quantization: {
      none: YES,
      fp16: YES,
      bf16: YES,
      fp8: YES,
      int8: YES,
      awq: YES,
      gptq: YES,
      "bnb-nf4": YES,
      "gguf-q4_k_m": YES,
      "gguf-q8_0": YES,
    },
    gpu: {
      minComputeCapability: 7.5,
      reason: "SGLang's attention backends (FlashInfer, Triton) target Turing and later",
      status: "assumption",
    },
    fp8KvCache: { supported: true, minComputeCapability: 7.5 },
  },
  tgi: {
    quantization: {
      none: YES,
      fp16: YES,
      bf16: YES,
      fp8: YES,
      int8: { supported: true, note: "compressed-tensors checkpoints are detected from the model config" },
      awq: YES,
      gptq: YES,
      "bnb-nf4": YES,
      "gguf-q4_k_m": { supported: false, reason: "TGI's --quantize has no GGUF format (awq, gptq, marlin, exl2, eetq, bitsandbytes, fp8, compressed-tensors)" },
      "gguf-q8_0": { supported: false, reason: "TGI's --quantize has no GGUF format (awq, gptq, marlin, exl2, eetq, bitsandbytes, fp8, compressed-tensors)" },
    },
    gpu: {
      minComputeCapability: 7.0,
      reason: "TGI falls back to paged attention below sm80 (reference §2.1)",
      status: "verified",
    },
    fp8KvCache: { supported: true, minComputeCapability: 7.0, note: "--kv-cache-dtype fp8_e4m3fn (CUDA)" },
  },
  "tensorrt-llm": {
    quantization: {
      none: YES,
      fp16: YES,
      bf16: YES,
      fp8: { supported: true, note: "needs a ModelOpt FP8 checkpoint" },
      int8: { supported: true, note: "needs a ModelOpt INT8 SmoothQuant checkpoint" },
      awq: { supported: true, note: "W4A16 AWQ ModelOpt checkpoint" },
      gptq: { supported: true, note: "W4A16 GPTQ checkpoint" },
      "bnb-nf4": { supported: false, reason: "TensorRT-LLM reads ModelOpt recipes (FP8, INT8, W4A16 AWQ/GPTQ, NVFP4), not bitsandbytes" },
      "gguf-q4_k_m": { supported: false, reason: "TensorRT-LLM reads Hugging Face or ModelOpt checkpoints, not GGUF" },
      "gguf-q8_0": { supported: false, reason: "TensorRT-LLM reads Hugging Face or ModelOpt checkpoints, not GGUF" },
    },
    gpu: {
      minComputeCapability: 8.0,
      reason:
        "NVIDIA's supported-hardware list starts at Ampere A100 (Ada L20/L40/L40S, Hopper, Blackwell); T4 and V100 are not listed",
      status: "verified",
    },
    fp8KvCache: {
      supported: true,
      minComputeCapability: 8.9,
      note: "assumption: ModelOpt lists FP8 KV with the FP8 recipes (Ada/Hopper); set via the LLM API YAML",
    },
  },
  "llama-cpp": {
    quantization: GGUF_ONLY("llama.cpp"),
    gpu: { minComputeCapability: 5.0, reason: "llama.cpp's CUDA backend runs on Maxwell and later", status: "assumption" },
    fp8KvCache: {
      supported: false,
      reason: "llama.cpp has no FP8 KV cache (its cache types are f16, q8_0, q4_0, …)",
    },
  },
  ollama: {
    quantization: GGUF_ONLY("Ollama"),
    gpu: { minComputeCapability: 5.0, reason: "Ollama needs compute capability 5.0+ (docs/gpu.mdx)", status: "verified" },
    fp8KvCache: {
      supported: false,
      reason: "Ollama has no FP8 KV cache (OLLAMA_KV_CACHE_TYPE is f16, q8_0 or q4_0)",
    },
  },
  torchserve: {
    quantization: {
      none: YES,
      fp16: { supported: true, note: "the launcher cannot force a dtype: the checkpoint's dtype is used" },
      bf16: { supported: true, note: "the launcher cannot force a dtype: the checkpoint's dtype is used" },
      fp8: { supported: true, note: "pre-quantized FP8 checkpoints only (no --quantization flag through the launcher)" },
      int8: YES,
      awq: YES,
      gptq: YES,
      "bnb-nf4": {
        supported: false,
        reason: "TorchServe's LLM launcher cannot pass vLLM's --quantization bitsandbytes",
      },
      "gguf-q4_k_m": { supported: false, reason: "TorchServe's LLM launcher loads a model id, not a GGUF file" },
      "gguf-q8_0": { supported: false, reason: "TorchServe's LLM launcher loads a model id, not a GGUF file" },
    },
    gpu: { ...VLLM_GPU_FLOOR, reason: `it runs vLLM, and ${VLLM_GPU_FLOOR.reason}` },
    fp8KvCache: { supported: false, reason: "TorchServe's LLM launcher has no KV-cache dtype option" },
  },
};

/** Engines that download from ModelScope by hub id (vLLM `VLLM_USE_MODELSCOPE`, SGLang `SGLANG_USE_MODELSCOPE`). */
export const MODELSCOPE_ENGINES: readonly EngineName[] = ["vllm", "sglang"];

/** Engines that run data-parallel replicas inside one container (vLLM `--data-parallel-size`, SGLang `--dp-size`). */
export const DATA_PARALLEL_ENGINES: readonly EngineName[] = ["vllm", "sglang"];

export { LORA_SUPPORT, type LoraEngineSupport, type LoraEngineRefusal, type LoraQuantizationSupport } from "./lora-data";
