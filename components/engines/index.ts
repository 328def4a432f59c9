/**
 * Engine rendering entry point: dispatches an {@link EngineContext} to its engine module and exposes
 * each engine's pinned defaults and capabilities for the planner, the runtimes and the CLI.
 */
import type { EngineRender } from "../types/engine";
import type { EngineName } from "../spec/schema";
import type { EngineDefaults } from "./common";
import { DATA_PARALLEL_ENGINES, MODELSCOPE_ENGINES } from "./compatibility-data";
import type { EngineContext } from "./context";
import * as llamaCpp from "./llama-cpp";
import * as ollama from "./ollama";
import * as sglang from "./sglang";
import * as tensorrtLlm from "./tensorrt-llm";
import * as tgi from "./tgi";
import * as torchserve from "./torchserve";
import * as vllm from "./vllm";

export { MODEL_CACHE_MOUNT, HF_HOME_PATH, SHELL_API_KEY_ENV, modelMount, type EngineDefaults, type ModelMount } from "./common";
export { OLLAMA_MODEL_ENV, OLLAMA_SERVED_NAME_ENV, OLLAMA_GGUF_ENV } from "./ollama";
export { TORCHSERVE_METRICS_PORT } from "./torchserve";
export {
  ADAPTER_CONTAINER_DIR,
  LORA_ENGINES,
  LORA_SUPPORT,
  defaultMaxLoraRank,
  loraArgs,
  loraProblem,
  loraSupport,
  servedModelNames,
  type EngineAdapter,
  type EngineLora,
} from "./lora";
import { loraArgs } from "./lora";
export {
  checkCompatibility,
  compatibleQuantizations,
  isCompatible,
  type CompatibilityProblem,
  type CompatibilityRequest,
} from "./compatibility";

const MODULES: Record<EngineName, { render(ctx: EngineContext): EngineRender; defaults: EngineDefaults }> = {
  vllm: { render: vllm.render, defaults: vllm.VLLM_DEFAULTS },
  sglang: { render: sglang.render, defaults: sglang.SGLANG_DEFAULTS },
  tgi: { render: tgi.render, defaults: tgi.TGI_DEFAULTS },
  "tensorrt-llm": { render: tensorrtLlm.render, defaults: tensorrtLlm.TENSORRT_LLM_DEFAULTS },
  "llama-cpp": { render: llamaCpp.render, defaults: llamaCpp.LLAMA_CPP_DEFAULTS },
  ollama: { render: ollama.render, defaults: ollama.OLLAMA_DEFAULTS },
  torchserve: { render: torchserve.render, defaults: torchserve.TORCHSERVE_DEFAULTS },
};

/**
 * Renders the engine container (image, command, env, secret refs, ports, probes, docker flags,
 * warnings) for the context's engine. Throws an Error with a user-facing message when the engine
 * cannot serve the context (e.g. GGUF on TGI, ModelScope on TGI); the planner maps it to a config issue.
 */
export function renderEngine(ctx: EngineContext): EngineRender {
  // Engines without LoRA by name never see adapters: refuse rather than drop them silently.
  if (ctx.lora?.adapters.length) loraArgs(ctx.engine.name, ctx.lora);
  return MODULES[ctx.engine.name].render(ctx);
}

/** Summary of an engine's pinned defaults. */
export interface EngineDefaultsSummary {
  /** Pinned image reference `<repository>:<tag>` (before any mirror rewrite). */
  image: string;
  /** Port inside the container. */
  port: number;
  /** Readiness path (load balancer health check). */
  readinessPath: string;
  /** Prometheus path on `port`, or null (Ollama; TorchServe serves metrics on port 8082). */
  metricsPath: string | null;
  /** Upstream in maintenance or limited maintenance (TGI, TorchServe). */
  maintenance: boolean;
}

/** Engine name → pinned image, port, readiness and metrics paths, maintenance flag. */
export const ENGINE_DEFAULTS: Record<EngineName, EngineDefaultsSummary> = Object.fromEntries(
  (Object.keys(MODULES) as EngineName[]).map((name) => {
    const d = MODULES[name].defaults;
    return [
      name,
      {
        image: `${d.repository}:${d.tag}`,
        port: d.port,
        readinessPath: d.readinessPath,
        metricsPath: d.metricsPath,
        maintenance: d.maintenance,
      },
    ];
  }),
) as Record<EngineName, EngineDefaultsSummary>;

/**
 * True when the engine runs data-parallel replicas inside one container (vLLM
 * `--data-parallel-size`, SGLang `--dp-size`). For other engines the runtime starts
 * `parallel.data` containers, each on its own GPUs, and the render ignores `parallel.data`.
 */
export function engineSupportsDataParallel(name: EngineName): boolean {
  return DATA_PARALLEL_ENGINES.includes(name);
}

/**
 * True when the engine downloads from ModelScope by hub id (vLLM, SGLang). Other engines need the
 * weights staged in object storage; their render throws for a ModelScope source.
 */
export function engineSupportsModelScope(name: EngineName): boolean {
  return MODELSCOPE_ENGINES.includes(name);
}
