/**
 * SGLang on the `lmsysorg/sglang` image (no entrypoint): the command is
 * `python3 -m sglang.launch_server …` (reference §1.2). SGLang binds to 127.0.0.1 by default, so
 * `--host 0.0.0.0` is always passed; `/metrics` exists only with `--enable-metrics`, always passed.
 *
 * Quantization: AWQ, GPTQ and INT8 (compressed-tensors) checkpoints are detected from the model
 * config; `--quantization` is passed for `fp8`, `bitsandbytes` (NF4) and `gguf`; `fp16`/`bf16` force
 * `--dtype`. FP8 KV cache: `--kv-cache-dtype fp8_e4m3`.
 *
 * API key: SGLang reads the key only from `--api-key`. The container then runs through `sh -c`, and
 * the shell expands `"$GPUKIT_API_KEY"` (a secret env) at start: the value never appears in the
 * command, the plan or user-data.
 */
import type { EngineRender } from "../types/engine";
import {
  assemble,
  fraction,
  hubSetup,
  modelReference,
  requireQuantizationServed,
  requireSourceSupported,
  shellWrap,
  SHELL_API_KEY_ENV,
  type EngineDefaults,
  quantizationFlags,
} from "./common";
import type { EngineContext } from "./context";
import { loraArgs, loraWarnings } from "./lora";
import { VLLM_QUANTIZATION_FLAG } from "./vllm";

/**
 * SGLang defaults: `lmsysorg/sglang:v0.5.15` (reference §1.1: "v0.5.15 in 2026"), port 30000,
 * `/health` (readiness, liveness), `/metrics` (with `--enable-metrics`), `--ipc=host`.
 */
export const SGLANG_DEFAULTS: EngineDefaults = {
  repository: "lmsysorg/sglang",
  tag: "v0.5.15",
  port: 30000,
  readinessPath: "/health",
  livenessPath: "/health",
  metricsPath: "/metrics",
  maintenance: false,
  dockerArgs: ["--ipc=host"],
  tagSource: "reference/engines.md §1.1: lmsysorg/sglang v0.5.x (v0.5.15 in 2026)",
};

/** The launcher program, run with `python3 -m`. */
export const SGLANG_PROGRAM = "python3 -m sglang.launch_server";

/** Renders the SGLang container. Throws on a format SGLang does not serve. */
export function render(ctx: EngineContext): EngineRender {
  requireSourceSupported("sglang", ctx);
  requireQuantizationServed("sglang", ctx);
  const hub = hubSetup(ctx, { SGLANG_USE_MODELSCOPE: "true" });
  const q = ctx.model.quantization;
  const args = [
    "--model-path", modelReference(ctx),
    "--host", "0.0.0.0",
    "--port", String(SGLANG_DEFAULTS.port),
    "--served-model-name", ctx.model.servedModelName,
    "--tp-size", String(ctx.parallel.tensor),
  ];
  if (ctx.parallel.pipeline > 1) args.push("--pp-size", String(ctx.parallel.pipeline));
  if (ctx.parallel.data > 1) args.push("--dp-size", String(ctx.parallel.data));
  args.push(
    "--context-length", String(ctx.model.maxContextTokens),
    "--mem-fraction-static", fraction(ctx.engine.gpuMemoryUtilization),
    "--max-running-requests", String(ctx.maxConcurrentRequests),
  );
  args.push(...quantizationFlags(q, "--quantization", VLLM_QUANTIZATION_FLAG));
  if (ctx.engine.kvCacheDtype === "fp8") args.push("--kv-cache-dtype", "fp8_e4m3");
  args.push("--enable-metrics", ...loraArgs("sglang", ctx.lora), ...ctx.engine.extraArgs);

  const secretEnv = [...hub.secretEnv];
  let command: string[];
  if (ctx.engine.apiKey) {
    secretEnv.push({ envVar: SHELL_API_KEY_ENV, secret: "apiKey" });
    command = shellWrap(SGLANG_PROGRAM, args, { apiKeyFlag: "--api-key" });
  } else {
    command = ["python3", "-m", "sglang.launch_server", ...args];
  }
  return assemble("sglang", SGLANG_DEFAULTS, ctx, { command, env: hub.env, secretEnv, warnings: [...hub.warnings, ...loraWarnings("sglang", ctx.model.servedModelName, ctx.lora)] });
}
