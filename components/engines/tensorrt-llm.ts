/**
 * TensorRT-LLM's `trtllm-serve` on `nvcr.io/nvidia/tensorrt-llm/release` (reference §1.2). It binds
 * to localhost by default, so `--host 0.0.0.0` is always passed.
 *
 * Quantization is read from the (ModelOpt) checkpoint: no flag. The FP8 KV cache has no flag; it
 * belongs in the LLM API YAML (`kv_cache_config.dtype: fp8`). When asked, the container runs through
 * `sh -c`, writes {@link TRTLLM_OPTIONS_PATH} and passes it with `--extra_llm_api_options`.
 * `--kv_cache_free_gpu_memory_fraction` is a share of the memory left after the weights, so the
 * spec's `gpuMemoryUtilization` is an approximation here.
 *
 * API key: trtllm-serve has none; a configured key is enforced at the gateway (warning).
 */
import type { EngineRender } from "../types/engine";
import {
  assemble,
  fraction,
  gatewayKeyWarning,
  hubSetup,
  modelReference,
  requireQuantizationServed,
  requireSourceSupported,
  shellWrap,
  type EngineDefaults,
} from "./common";
import type { EngineContext } from "./context";

/**
 * TensorRT-LLM defaults: `nvcr.io/nvidia/tensorrt-llm/release:1.2.1` (reference §1.1: 1.2.x is
 * current; Triton 26.05 bundles 1.2.1), port 8000, `/health`, `/metrics`,
 * `--ipc=host --ulimit memlock=-1 --ulimit stack=67108864`.
 */
export const TENSORRT_LLM_DEFAULTS: EngineDefaults = {
  repository: "nvcr.io/nvidia/tensorrt-llm/release",
  tag: "1.2.1",
  port: 8000,
  readinessPath: "/health",
  livenessPath: "/health",
  metricsPath: "/metrics",
  maintenance: false,
  dockerArgs: ["--ipc=host", "--ulimit", "memlock=-1", "--ulimit", "stack=67108864"],
  tagSource: "reference/engines.md §1.1: 1.2.x current in 2026; Triton 26.05 bundles TRT-LLM 1.2.1",
};

/** Where the FP8-KV LLM API options file is written inside the container. */
export const TRTLLM_OPTIONS_PATH = "/tmp/gpukit-llm-api-options.yaml";
/** The LLM API options that select an FP8 KV cache. */
export const TRTLLM_FP8_KV_YAML = "kv_cache_config:\\n  dtype: fp8\\n";

/** Renders the trtllm-serve container. Throws on bitsandbytes, GGUF or a ModelScope source. */
export function render(ctx: EngineContext): EngineRender {
  requireSourceSupported("tensorrt-llm", ctx);
  requireQuantizationServed("tensorrt-llm", ctx);
  const hub = hubSetup(ctx);
  const warnings = [...hub.warnings];
  const q = ctx.model.quantization;
  const args = [
    modelReference(ctx),
    "--host", "0.0.0.0",
    "--port", String(TENSORRT_LLM_DEFAULTS.port),
    "--tp_size", String(ctx.parallel.tensor),
    "--pp_size", String(ctx.parallel.pipeline),
    "--max_seq_len", String(ctx.model.maxContextTokens),
    "--max_batch_size", String(ctx.maxConcurrentRequests),
    "--kv_cache_free_gpu_memory_fraction", fraction(ctx.engine.gpuMemoryUtilization),
  ];
  if (["fp8", "int8", "awq", "gptq"].includes(q)) {
    warnings.push(
      `TensorRT-LLM reads ${q} from the checkpoint: serve a pre-quantized ModelOpt ${q} checkpoint (no on-the-fly quantization).`,
    );
  }
  if (q === "fp16" || q === "bf16") {
    warnings.push(`TensorRT-LLM takes the dtype from the checkpoint: ${q} is not forced.`);
  }
  let command: string[];
  if (ctx.engine.kvCacheDtype === "fp8") {
    args.push("--extra_llm_api_options", TRTLLM_OPTIONS_PATH, ...ctx.engine.extraArgs);
    command = shellWrap("trtllm-serve", args, { prelude: `printf '${TRTLLM_FP8_KV_YAML}' > ${TRTLLM_OPTIONS_PATH}` });
  } else {
    command = ["trtllm-serve", ...args, ...ctx.engine.extraArgs];
  }
  if (ctx.engine.apiKey) warnings.push(gatewayKeyWarning("tensorrt-llm"));
  return assemble("tensorrt-llm", TENSORRT_LLM_DEFAULTS, ctx, {
    command,
    env: hub.env,
    secretEnv: [...hub.secretEnv],
    warnings,
  });
}
