/**
 * LoRA serving per engine, as data with sources: the flags each engine documents, the weight
 * formats (base quantizations) it is documented to serve adapters on, the rank values it accepts
 * and how clients name an adapter. Rows without a source are refusals: the kit never renders a
 * flag it could not read in the engine's own docs or code. `lora.ts` turns these rows into flags
 * and problems; `components/plan/adapters.ts` sizes the memory the rows describe.
 */
import type { Quantization } from "../../catalog/schema";
import type { EngineName } from "../spec/schema";

/** Whether an engine serves LoRA adapters on a base in one weight format, and the evidence. */
export type LoraQuantizationSupport =
  | { supported: true; source: string; note?: string }
  | { supported: false; reason: string };

/** How an engine's GPU memory for adapters is laid out (see `components/plan/adapters.ts`). */
export type LoraMemoryModel =
  /** Fixed slots of `maxLoras × maxLoraRank` over every LoRA-capable linear module (vLLM). */
  | "slots-all-modules"
  /** Fixed slots of `maxLoras × maxLoraRank` over the adapters' target modules (SGLang). */
  | "slots-target-modules"
  /** Every adapter's own weights are loaded onto the GPU at start (TGI). */
  | "adapter-weights";

/** An engine that serves LoRA adapters by name. */
export interface LoraEngineSupport {
  supported: true;
  /** Flags as the engine spells them (only these are rendered). */
  flags: {
    /** Switch that turns LoRA on, or null when listing adapters is enough (TGI). */
    enable: string | null;
    /** Flag that takes the adapters. */
    adapters: string;
    /** `separate`: one `name=path` argument each (argparse nargs='+'); `comma`: one argument `a=p,b=p`. */
    adapterList: "separate" | "comma";
    /** Flag for adapters resident on the GPU at once, or null when the engine has none. */
    maxLoras: string | null;
    /** Flag for the largest rank served, or null when the engine has none. */
    maxLoraRank: string | null;
  };
  /** The engine's default for `maxLoras` when the flag is absent. */
  defaultMaxLoras: number | null;
  /** Rank values the engine accepts for `maxLoraRank` (vLLM: a fixed set), or null for any. */
  allowedRanks: readonly number[] | null;
  memory: LoraMemoryModel;
  /** How a client names adapter `a` of base `b` in the OpenAI API `model` field. */
  requestName: "adapter" | "base:adapter";
  /** `GET /v1/models` lists the adapters (read in the docs), or `unverified`. */
  modelsEndpoint: "lists-adapters" | "unverified";
  quantization: Record<Quantization, LoraQuantizationSupport>;
  /** Where the flags were read. */
  sources: string[];
}

/** An engine the kit does not render adapters for, with why and what would work. */
export interface LoraEngineRefusal {
  supported: false;
  reason: string;
}

const VLLM_DOC = "docs.vllm.ai features/lora (vllm-project/vllm docs/features/lora.md)";
const VLLM_QUANT_EXAMPLE = "vllm-project/vllm examples/offline_inference/lora_with_quantization_inference.py (bitsandbytes QLoRA, AWQ, GPTQ)";
const VLLM_MOE_TRACKER = "vllm-project/vllm issue #29424 (LoRA maintainer's support table: FP8, GPTQ, AWQ, compressed-tensors W4A16 yes; bitsandbytes, GGUF no on MoE)";

const unverified = (engine: string, what: string, source: string): LoraQuantizationSupport => ({
  supported: false,
  reason: `no ${engine} document or maintainer statement read for this kit shows LoRA adapters on ${what} bases (${source}); serve the adapters on an unquantized (bf16/fp16) base, or verify and add the row to components/engines/lora-data.ts`,
});

const UNQUANTIZED_ONLY = (engine: string, source: string, docs: string): Record<Quantization, LoraQuantizationSupport> => {
  const yes: LoraQuantizationSupport = { supported: true, source: docs };
  return {
    none: yes,
    fp16: yes,
    bf16: yes,
    fp8: unverified(engine, "FP8", source),
    int8: unverified(engine, "INT8 W8A8", source),
    awq: unverified(engine, "AWQ", source),
    gptq: unverified(engine, "GPTQ", source),
    "bnb-nf4": unverified(engine, "bitsandbytes NF4", source),
    "gguf-q4_k_m": unverified(engine, "GGUF", source),
    "gguf-q8_0": unverified(engine, "GGUF", source),
  };
};

/** LoRA per engine. */
export const LORA_SUPPORT: Record<EngineName, LoraEngineSupport | LoraEngineRefusal> = {
  vllm: {
    supported: true,
    flags: { enable: "--enable-lora", adapters: "--lora-modules", adapterList: "separate", maxLoras: "--max-loras", maxLoraRank: "--max-lora-rank" },
    defaultMaxLoras: 1,
    allowedRanks: [1, 8, 16, 32, 64, 128, 256, 320, 512],
    memory: "slots-all-modules",
    requestName: "adapter",
    modelsEndpoint: "lists-adapters",
    quantization: {
      none: { supported: true, source: VLLM_DOC },
      fp16: { supported: true, source: VLLM_DOC },
      bf16: { supported: true, source: VLLM_DOC },
      awq: { supported: true, source: VLLM_QUANT_EXAMPLE },
      gptq: { supported: true, source: VLLM_QUANT_EXAMPLE },
      "bnb-nf4": { supported: true, source: VLLM_QUANT_EXAMPLE, note: "not on MoE models (vLLM issue #29424)" },
      fp8: { supported: true, source: VLLM_MOE_TRACKER },
      int8: unverified("vLLM", "INT8 W8A8", VLLM_MOE_TRACKER),
      "gguf-q4_k_m": { supported: false, reason: `vLLM's LoRA maintainer lists GGUF as unsupported (${VLLM_MOE_TRACKER}); serve a safetensors base` },
      "gguf-q8_0": { supported: false, reason: `vLLM's LoRA maintainer lists GGUF as unsupported (${VLLM_MOE_TRACKER}); serve a safetensors base` },
    },
    sources: [
      VLLM_DOC + ": --enable-lora, --lora-modules name=path …, max_loras, max_lora_rank; /v1/models lists the adapters; requests name the adapter in `model`",
      "vllm-project/vllm vllm/config/lora.py: max_lora_rank ∈ {1, 8, 16, 32, 64, 128, 256, 320, 512} (default 16), max_loras ≥ 1 (default 1)",
      "vllm-project/vllm vllm/lora/layers/base_linear.py: each LoRA layer allocates max_loras × max_lora_rank stacks (A replicated on column-parallel, B on row-parallel layers)",
    ],
  },
  sglang: {
    supported: true,
    flags: { enable: "--enable-lora", adapters: "--lora-paths", adapterList: "separate", maxLoras: "--max-loras-per-batch", maxLoraRank: "--max-lora-rank" },
    defaultMaxLoras: 8,
    allowedRanks: null,
    memory: "slots-target-modules",
    requestName: "base:adapter",
    modelsEndpoint: "unverified",
    quantization: UNQUANTIZED_ONLY(
      "SGLang",
      "sgl-project/sglang issue #9449: a maintainer answers that LoRA weights are bf16/fp16 only",
      "docs.sglang.io advanced_features/lora",
    ),
    sources: [
      "docs.sglang.io advanced_features/lora (sgl-project/sglang docs/advanced_features/lora.ipynb): --enable-lora, --lora-paths <NAME>=<PATH> …, --max-loras-per-batch (default 8, sizes the GPU pool), --max-lora-rank, --lora-target-modules (inferred from the adapters)",
      "sgl-project/sglang docs/basic_usage/openai_api_completions.ipynb: the OpenAI `model` field names an adapter as `base-model:adapter-name`",
    ],
  },
  tgi: {
    supported: true,
    flags: { enable: null, adapters: "--lora-adapters", adapterList: "comma", maxLoras: null, maxLoraRank: null },
    defaultMaxLoras: null,
    allowedRanks: null,
    memory: "adapter-weights",
    requestName: "adapter",
    modelsEndpoint: "unverified",
    quantization: UNQUANTIZED_ONLY(
      "TGI",
      "huggingface/text-generation-inference docs/source/conceptual/lora.md shows unquantized bases only",
      "huggingface/text-generation-inference docs/source/conceptual/lora.md",
    ),
    sources: [
      "huggingface/text-generation-inference launcher/src/main.rs: --lora-adapters (env LORA_ADAPTERS), a comma-separated list loaded at start, picked with `adapter_id`",
      "huggingface/text-generation-inference server/text_generation_server/utils/adapter.py parse_lora_adapters: `id=path[@revision]` entries",
      "huggingface/text-generation-inference router/src/server.rs: chat completions set adapter_id from the OpenAI `model` field unless it is `tgi`",
    ],
  },
  "tensorrt-llm": {
    supported: false,
    reason:
      "trtllm-serve takes LoRA through its LLM API YAML (lora_config) and per-request LoRA requests, which the kit does not render or verify; " +
      "serve the adapters with vllm (or sglang, tgi on an unquantized base), or merge each adapter into a full checkpoint and serve it from model.source",
  },
  "llama-cpp": {
    supported: false,
    reason:
      "llama-server applies GGUF-converted LoRA files (--lora) to every request rather than serving each adapter under its own model name; " +
      "serve the adapters with vllm (or sglang, tgi on an unquantized base), or merge the adapter and convert the merged model to GGUF",
  },
  ollama: {
    supported: false,
    reason:
      "Ollama attaches an adapter only by building a new model from a Modelfile (ADAPTER), which the kit does not render; " +
      "serve the adapters with vllm (or sglang, tgi on an unquantized base), or merge each adapter and serve the merged model",
  },
  torchserve: {
    supported: false,
    reason:
      "TorchServe's LLM launcher passes no LoRA options to its vLLM engine; serve the adapters with vllm (or sglang, tgi on an unquantized base)",
  },
};

/** Engines that serve LoRA adapters by name, in {@link LORA_SUPPORT} order. */
export const LORA_ENGINES: readonly EngineName[] = (Object.keys(LORA_SUPPORT) as EngineName[]).filter((e) => LORA_SUPPORT[e].supported);
