/**
 * vLLM on the `vllm/vllm-openai` image, whose entrypoint is `vllm serve`: the command is the
 * model followed by `vllm serve` flags (reference §1.2).
 *
 * Quantization: pre-quantized AWQ, GPTQ and INT8 (compressed-tensors) checkpoints are detected from
 * the model config, which lets vLLM pick the fastest kernel for the GPU (Marlin on compute
 * capability ≥ 8.0, the plain AWQ/GPTQ kernels on the T4), so no flag is passed for them.
 * `--quantization` is passed only where it is needed: `fp8` (also quantizes a bf16 checkpoint on the
 * fly), `bitsandbytes` (NF4) and `gguf`. `fp16`/`bf16` force `--dtype float16|bfloat16`; `none`
 * keeps the checkpoint's dtype.
 *
 * API key: secret env `VLLM_API_KEY`, read by vLLM at start.
 */
import type { Quantization } from "../../catalog/schema";
import type { EngineRender } from "../types/engine";
import {
  assemble,
  fraction,
  hubSetup,
  modelReference,
  requireQuantizationServed,
  requireSourceSupported,
  type EngineDefaults,
  quantizationFlags,
} from "./common";
import type { EngineContext } from "./context";
import { loraArgs, loraWarnings } from "./lora";

/**
 * vLLM defaults: `vllm/vllm-openai:v0.29.0` (newest release named in reference §1.1, Sep 2026; the
 * docs example is v0.11.0), port 8000, `/health` for readiness and liveness, `/metrics`, `--ipc=host`.
 */
export const VLLM_DEFAULTS: EngineDefaults = {
  repository: "vllm/vllm-openai",
  tag: "v0.29.0",
  port: 8000,
  readinessPath: "/health",
  livenessPath: "/health",
  metricsPath: "/metrics",
  maintenance: false,
  dockerArgs: ["--ipc=host"],
  tagSource: "reference/engines.md §1.1: releases run at least to v0.29.0 (Sep 2026)",
};

/** vLLM `--quantization` value per kit quantization; absent = detected from the checkpoint. */
export const VLLM_QUANTIZATION_FLAG: Partial<Record<Quantization, string>> = {
  fp8: "fp8",
  "bnb-nf4": "bitsandbytes",
  "gguf-q4_k_m": "gguf",
  "gguf-q8_0": "gguf",
};


/** Renders the vLLM container. Throws on a format vLLM does not serve. */
export function render(ctx: EngineContext): EngineRender {
  requireSourceSupported("vllm", ctx);
  requireQuantizationServed("vllm", ctx);
  const hub = hubSetup(ctx, { VLLM_USE_MODELSCOPE: "True" });
  const warnings = [...hub.warnings];
  const q = ctx.model.quantization;
  const command = [
    modelReference(ctx),
    "--host", "0.0.0.0",
    "--port", String(VLLM_DEFAULTS.port),
    "--served-model-name", ctx.model.servedModelName,
    "--tensor-parallel-size", String(ctx.parallel.tensor),
  ];
  if (ctx.parallel.pipeline > 1) command.push("--pipeline-parallel-size", String(ctx.parallel.pipeline));
  if (ctx.parallel.data > 1) command.push("--data-parallel-size", String(ctx.parallel.data));
  command.push(
    "--max-model-len", String(ctx.model.maxContextTokens),
    "--gpu-memory-utilization", fraction(ctx.engine.gpuMemoryUtilization),
    "--max-num-seqs", String(ctx.maxConcurrentRequests),
  );
  command.push(...quantizationFlags(q, "--quantization", VLLM_QUANTIZATION_FLAG));
  if (ctx.engine.kvCacheDtype === "fp8") command.push("--kv-cache-dtype", "fp8");
  if (q.startsWith("gguf")) {
    warnings.push(
      "vLLM's GGUF support is experimental: the model must be a single .gguf file (stage it in object storage) " +
        "and the tokenizer of the base model should be passed with --tokenizer in engine.extraArgs.",
    );
  }
  const secretEnv = [...hub.secretEnv];
  if (ctx.engine.apiKey) secretEnv.push({ envVar: "VLLM_API_KEY", secret: "apiKey" });
  command.push(...loraArgs("vllm", ctx.lora), ...ctx.engine.extraArgs);
  warnings.push(...loraWarnings("vllm", ctx.model.servedModelName, ctx.lora));
  return assemble("vllm", VLLM_DEFAULTS, ctx, { command, env: hub.env, secretEnv, warnings });
}
