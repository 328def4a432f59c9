/**
 * llama.cpp's `llama-server` on `ghcr.io/ggml-org/llama.cpp:server-cuda` (entrypoint:
 * `llama-server`). GGUF only. It binds to 127.0.0.1 by default and its default port changed
 * (8080 → 9931, PR #26508), so `--host 0.0.0.0 --port 8080` are always passed.
 *
 * Model: `-hf <repo>:<QUANT>` for Hugging Face (e.g. `-hf bartowski/Meta-Llama-3.1-8B-Instruct-GGUF:Q4_K_M`),
 * `-m <file>` for object storage (the staged `containerPath` must be the .gguf file). Context:
 * `-c` is the total KV context shared by the `-np` slots, so it is `maxContextTokens × slots` to give
 * every slot the full context. `-ngl all` offloads every layer; several GPUs split by layer (no
 * tensor parallelism). `/metrics` needs `--metrics`, always passed.
 *
 * API key: secret env `LLAMA_API_KEY`, read by llama-server.
 */
import type { Quantization } from "../../catalog/schema";
import type { EngineRender } from "../types/engine";
import {
  assemble,
  hubSetup,
  MODEL_CACHE_MOUNT,
  modelReference,
  requireQuantizationServed,
  requireSourceSupported,
  type EngineDefaults,
} from "./common";
import type { EngineContext } from "./context";

/**
 * llama.cpp defaults: `ghcr.io/ggml-org/llama.cpp:server-cuda` — a moving tag (the reference gives
 * no build tag to pin; every render warns), port 8080, `/health`, `/metrics`, no docker flags.
 */
export const LLAMA_CPP_DEFAULTS: EngineDefaults = {
  repository: "ghcr.io/ggml-org/llama.cpp",
  tag: "server-cuda",
  port: 8080,
  readinessPath: "/health",
  livenessPath: "/health",
  metricsPath: "/metrics",
  maintenance: false,
  dockerArgs: [],
  tagSource: "reference/engines.md §1.1: server-cuda (CUDA 12), a moving tag",
};

/** GGUF quant type names as used in `-hf repo:QUANT` and Ollama tags. */
export const GGUF_QUANT_TYPE: Partial<Record<Quantization, string>> = {
  "gguf-q4_k_m": "Q4_K_M",
  "gguf-q8_0": "Q8_0",
};

/** Renders the llama-server container. Throws on non-GGUF formats or a ModelScope source. */
export function render(ctx: EngineContext): EngineRender {
  requireSourceSupported("llama-cpp", ctx);
  requireQuantizationServed("llama-cpp", ctx);
  const hub = hubSetup(ctx);
  const env = { ...hub.env, LLAMA_CACHE: `${MODEL_CACHE_MOUNT}/llama.cpp` };
  const warnings = [...hub.warnings];
  if (!ctx.engine.version && !ctx.engine.image) {
    warnings.push(
      "ghcr.io/ggml-org/llama.cpp:server-cuda is a moving tag: set engine.version to a build tag (server-cuda-b<build>) to pin it.",
    );
  }
  const quant = GGUF_QUANT_TYPE[ctx.model.quantization] as string;
  const slots = ctx.maxConcurrentRequests;
  const model =
    ctx.model.source.kind === "huggingface" ? ["-hf", `${modelReference(ctx)}:${quant}`] : ["-m", modelReference(ctx)];
  const command = [
    ...model,
    "--host", "0.0.0.0",
    "--port", String(LLAMA_CPP_DEFAULTS.port),
    "--alias", ctx.model.servedModelName,
    "-c", String(ctx.model.maxContextTokens * slots),
    "-np", String(slots),
    "-ngl", "all",
    "--metrics",
    ...ctx.engine.extraArgs,
  ];
  if (ctx.parallel.tensor > 1 || ctx.parallel.pipeline > 1) {
    warnings.push("llama.cpp splits layers across the visible GPUs (-sm layer); it has no tensor or pipeline parallelism.");
  }
  const secretEnv = [...hub.secretEnv];
  if (ctx.engine.apiKey) secretEnv.push({ envVar: "LLAMA_API_KEY", secret: "apiKey" });
  return assemble("llama-cpp", LLAMA_CPP_DEFAULTS, ctx, { command, env, secretEnv, warnings });
}
