/**
 * Hugging Face TGI on `ghcr.io/huggingface/text-generation-inference` (entrypoint:
 * `text-generation-launcher`): the command is launcher flags (reference §1.2). TGI is in
 * maintenance mode upstream; every render says so.
 *
 * Quantization: `--quantize awq|gptq|fp8|bitsandbytes-nf4`; INT8 (compressed-tensors) is detected
 * from the model config; `fp16`/`bf16` force `--dtype` (TGI refuses `--dtype` with `--quantize`).
 * No GGUF. FP8 KV cache: `--kv-cache-dtype fp8_e4m3fn`. No pipeline parallelism.
 *
 * API key: every launcher flag is also an environment variable (clap `env`), so `--api-key` is
 * the secret env `API_KEY` — no flag, no shell.
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
 * TGI defaults: `ghcr.io/huggingface/text-generation-inference:3.3.5` (the README's tag; newest git
 * tag 3.3.7), port 3000 (passed explicitly; the image's own default is 80), `/health`, `/metrics`,
 * `--shm-size=1g`, maintenance mode.
 */
export const TGI_DEFAULTS: EngineDefaults = {
  repository: "ghcr.io/huggingface/text-generation-inference",
  tag: "3.3.5",
  port: 3000,
  readinessPath: "/health",
  livenessPath: "/health",
  metricsPath: "/metrics",
  maintenance: true,
  dockerArgs: ["--shm-size=1g"],
  tagSource: "reference/engines.md §1.1: README image 3.3.5",
};

/** TGI `--quantize` value per kit quantization; absent = none or detected from the checkpoint. */
export const TGI_QUANTIZE_FLAG: Partial<Record<Quantization, string>> = {
  awq: "awq",
  gptq: "gptq",
  fp8: "fp8",
  "bnb-nf4": "bitsandbytes-nf4",
};

/** The maintenance-mode warning on every TGI render. */
export const TGI_MAINTENANCE_WARNING =
  "TGI is in maintenance mode upstream (huggingface/text-generation-inference): expect no new features; prefer vllm or sglang for new deployments.";

/** Renders the TGI container. Throws on GGUF or a ModelScope source. */
export function render(ctx: EngineContext): EngineRender {
  requireSourceSupported("tgi", ctx);
  requireQuantizationServed("tgi", ctx);
  const hub = hubSetup(ctx);
  const warnings = [TGI_MAINTENANCE_WARNING, ...hub.warnings];
  const q = ctx.model.quantization;
  const command = [
    "--model-id", modelReference(ctx),
    "--hostname", "0.0.0.0",
    "--port", String(TGI_DEFAULTS.port),
    "--num-shard", String(ctx.parallel.tensor),
    "--max-input-tokens", String(ctx.model.maxContextTokens - 1),
    "--max-total-tokens", String(ctx.model.maxContextTokens),
    "--cuda-memory-fraction", fraction(ctx.engine.gpuMemoryUtilization),
    "--max-concurrent-requests", String(ctx.maxConcurrentRequests),
  ];
  command.push(...quantizationFlags(q, "--quantize", TGI_QUANTIZE_FLAG));
  if (ctx.engine.kvCacheDtype === "fp8") command.push("--kv-cache-dtype", "fp8_e4m3fn");
  if (ctx.parallel.pipeline > 1) {
    warnings.push(`TGI has no pipeline parallelism: pipeline degree ${ctx.parallel.pipeline} is ignored.`);
  }
  command.push(...loraArgs("tgi", ctx.lora), ...ctx.engine.extraArgs);
  warnings.push(...loraWarnings("tgi", ctx.model.servedModelName, ctx.lora));
  const secretEnv = [...hub.secretEnv];
  if (ctx.engine.apiKey) secretEnv.push({ envVar: "API_KEY", secret: "apiKey" });
  return assemble("tgi", TGI_DEFAULTS, ctx, { command, env: hub.env, secretEnv, warnings });
}
