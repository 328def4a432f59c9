/**
 * What an engine module receives: the settled decisions of the planner (GPU, parallelism, model
 * source, secrets present) so that each engine only maps them onto its own flags.
 */
import type { GpuSpec, Quantization } from "../../catalog/schema";
import type { EngineName } from "../spec/schema";
import type { ModelSourcePlan } from "../types/engine";
import type { EngineLora } from "./lora";

/** Inputs of {@link renderEngine}. */
export interface EngineContext {
  engine: {
    name: EngineName;
    /** Image tag from the spec; the engine's pinned default when undefined. */
    version?: string;
    /** Full image override from the spec. */
    image?: string;
    extraArgs: string[];
    /** Share of GPU memory the engine may use (0.5–0.98). */
    gpuMemoryUtilization: number;
    kvCacheDtype: "auto" | "fp8";
    /** An API key secret exists: the engine must require it (from the environment, never the command line). */
    apiKey: boolean;
  };
  model: {
    /** Hub id as given in the spec, e.g. `Qwen/Qwen2.5-7B-Instruct-AWQ`. */
    id: string;
    /** Name clients use in the OpenAI API (`model` field). Defaults to the id. */
    servedModelName: string;
    quantization: Quantization;
    maxContextTokens: number;
    source: ModelSourcePlan;
    /** A hub token secret exists (gated models). */
    hubToken: boolean;
  };
  parallel: {
    /** Tensor-parallel degree. */
    tensor: number;
    /** Pipeline-parallel degree (1 unless the engine supports it and the plan asks). */
    pipeline: number;
    /** Engine replicas per instance (data parallel), 1 unless the instance has spare GPUs. */
    data: number;
  };
  /** Concurrent sequences the engine should admit. */
  maxConcurrentRequests: number;
  gpu: GpuSpec;
  /** GPUs on the instance. */
  gpuCount: number;
  /** Registry (with namespace) to pull the image from instead of its public home. */
  registryMirror: string | null;
  /** LoRA adapters staged under `/adapters` and the GPU slots for them; absent without `model.adapters`. */
  lora?: EngineLora;
}
