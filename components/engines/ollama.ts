/**
 * Ollama on `ollama/ollama` (entrypoint `ollama`, command `serve`), configured only through the
 * environment: `OLLAMA_HOST`, `OLLAMA_CONTEXT_LENGTH`, `OLLAMA_NUM_PARALLEL`,
 * `OLLAMA_KV_CACHE_TYPE` (f16, Ollama's default, stated explicitly), `OLLAMA_MODELS`.
 * GGUF only. Ollama has no Prometheus endpoint (`routes.go` has no `/metrics`): metricsPath is null.
 *
 * The model is pulled after the server starts, which {@link EngineRender} cannot express: the model
 * tag is rendered in env {@link OLLAMA_MODEL_ENV} (`hf.co/<repo>:<QUANT>` for Hugging Face GGUF
 * repos) and the host bootstrap runs `ollama pull "$GPUKIT_OLLAMA_MODEL"` and
 * `ollama cp "$GPUKIT_OLLAMA_MODEL" "$GPUKIT_OLLAMA_SERVED_NAME"` inside the container once it
 * answers. For object storage {@link OLLAMA_GGUF_ENV} names the staged .gguf file and the bootstrap
 * runs `ollama create` from a Modelfile `FROM <file>` instead.
 *
 * API key: none built in; a configured key is enforced at the gateway (warning).
 */
import type { EngineRender } from "../types/engine";
import {
  assemble,
  gatewayKeyWarning,
  MODEL_CACHE_MOUNT,
  modelReference,
  requireQuantizationServed,
  requireSourceSupported,
  type EngineDefaults,
} from "./common";
import type { EngineContext } from "./context";
import { GGUF_QUANT_TYPE } from "./llama-cpp";

/**
 * Ollama defaults: `ollama/ollama:0.32.15` (reference §1.1: stable v0.32.15; Docker tags carry no
 * `v`), port 11434, `/` ("Ollama is running") for readiness and liveness, no metrics, no docker flags.
 */
export const OLLAMA_DEFAULTS: EngineDefaults = {
  repository: "ollama/ollama",
  tag: "0.32.15",
  port: 11434,
  readinessPath: "/",
  livenessPath: "/",
  metricsPath: null,
  maintenance: false,
  dockerArgs: [],
  tagSource: "reference/engines.md §1.1: stable v0.32.15 (Aug 2026)",
};

/** Env var with the model tag the bootstrap pulls after the server starts. */
export const OLLAMA_MODEL_ENV = "GPUKIT_OLLAMA_MODEL";
/** Env var with the name the bootstrap copies the pulled model to (what clients send as `model`). */
export const OLLAMA_SERVED_NAME_ENV = "GPUKIT_OLLAMA_SERVED_NAME";
/** Env var with the staged .gguf file (object storage) the bootstrap runs `ollama create` from. */
export const OLLAMA_GGUF_ENV = "GPUKIT_OLLAMA_GGUF";

/** Renders the Ollama container. Throws on non-GGUF formats or a ModelScope source. */
export function render(ctx: EngineContext): EngineRender {
  requireSourceSupported("ollama", ctx);
  requireQuantizationServed("ollama", ctx);
  const warnings = [
    "Ollama has no metrics endpoint: engine metrics are not scraped (GPU metrics come from DCGM).",
    `Ollama answers on / before the model is pulled: readiness does not mean the model is loaded until the bootstrap has run ollama pull $${OLLAMA_MODEL_ENV}.`,
  ];
  const env: Record<string, string> = {
    OLLAMA_HOST: `0.0.0.0:${OLLAMA_DEFAULTS.port}`,
    OLLAMA_CONTEXT_LENGTH: String(ctx.model.maxContextTokens),
    OLLAMA_NUM_PARALLEL: String(ctx.maxConcurrentRequests),
    OLLAMA_KV_CACHE_TYPE: "f16",
    OLLAMA_MODELS: `${MODEL_CACHE_MOUNT}/ollama`,
    [OLLAMA_SERVED_NAME_ENV]: ctx.model.servedModelName,
  };
  const quant = GGUF_QUANT_TYPE[ctx.model.quantization] as string;
  if (ctx.model.source.kind === "huggingface") {
    env[OLLAMA_MODEL_ENV] = `hf.co/${modelReference(ctx)}:${quant}`;
    if (ctx.model.hubToken) {
      warnings.push(
        "Ollama pulls hf.co models with its own key, not HF_TOKEN: for a gated repository add the Ollama public key to the Hugging Face account.",
      );
    }
  } else {
    env[OLLAMA_MODEL_ENV] = ctx.model.servedModelName;
    env[OLLAMA_GGUF_ENV] = modelReference(ctx);
  }
  if (ctx.engine.kvCacheDtype === "fp8") {
    warnings.push("Ollama has no FP8 KV cache: kvCacheDtype fp8 is ignored (OLLAMA_KV_CACHE_TYPE stays f16).");
  }
  if (ctx.engine.extraArgs.length > 0) {
    warnings.push("Ollama takes no command-line flags: engine.extraArgs are ignored.");
  }
  if (ctx.engine.apiKey) warnings.push(gatewayKeyWarning("ollama"));
  return assemble("ollama", OLLAMA_DEFAULTS, ctx, { command: ["serve"], env, secretEnv: [], warnings });
}
