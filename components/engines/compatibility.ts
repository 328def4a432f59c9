/**
 * Engine × quantization × GPU compatibility check. Pure functions over the data in
 * `compatibility-data.ts`: every refusal says why and what would work instead, listing GPUs from
 * the catalog passed in (never a hard-coded list).
 */
import { QUANTIZATIONS, type GpuSpec, type Quantization } from "../../catalog/schema";
import { ENGINE_NAMES, type EngineName } from "../spec/schema";
import {
  ENGINE_COMPATIBILITY,
  ENGINE_DISPLAY_NAMES,
  QUANTIZATION_DISPLAY_NAMES,
  QUANTIZATION_FLOORS,
} from "./compatibility-data";

/** What {@link checkCompatibility} examines. */
export interface CompatibilityRequest {
  engine: EngineName;
  quantization: Quantization;
  /** KV-cache element type: `auto` (model dtype) or `fp8`. */
  kvCacheDtype: "auto" | "fp8";
  gpu: GpuSpec;
  /** Mixture-of-experts model (some engines need a newer GPU for quantized MoE kernels). Default false. */
  moe?: boolean;
}

/** One refused combination, attached to the spec field the user should change. */
export interface CompatibilityProblem {
  field: "engine.name" | "model.quantization" | "engine.kvCacheDtype" | "gpu";
  /** Why it is refused and what would work. */
  message: string;
}

/** Compute capability as NVIDIA writes it: `7.0`, `8.9`. */
function cc(value: number): string {
  return value.toFixed(1);
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** True when the engine's current pinned release runs on the GPU. */
export function engineRunsOn(engine: EngineName, gpu: GpuSpec): boolean {
  return gpu.computeCapability >= ENGINE_COMPATIBILITY[engine].gpu.minComputeCapability;
}

/**
 * The compute-capability floor of a weight format: the engine's own (vLLM FP8 weight-only on Ampere
 * is 8.0, 8.9 for MoE) when given and it has one, else the format's ({@link QUANTIZATION_FLOORS}).
 */
export function quantizationFloor(quantization: Quantization, engine?: EngineName, moe = false): { minComputeCapability: number; reason: string } {
  const base = QUANTIZATION_FLOORS[quantization];
  const own = engine ? ENGINE_COMPATIBILITY[engine].quantization[quantization] : undefined;
  if (own?.supported && own.minComputeCapability !== undefined) {
    const min = moe && own.moeMinComputeCapability !== undefined ? own.moeMinComputeCapability : own.minComputeCapability;
    return { minComputeCapability: min, reason: own.reason ?? base.reason };
  }
  return base;
}

/** True when the GPU has the kernels the weight format needs (with `engine`: that engine's kernels). */
export function quantizationRunsOn(quantization: Quantization, gpu: GpuSpec, engine?: EngineName, moe = false): boolean {
  return gpu.computeCapability >= quantizationFloor(quantization, engine, moe).minComputeCapability;
}

/** True when the engine serves the weight format at all (regardless of GPU). */
export function engineServes(engine: EngineName, quantization: Quantization): boolean {
  return ENGINE_COMPATIBILITY[engine].quantization[quantization].supported;
}

/**
 * Quantizations the engine can serve on the GPU, in {@link QUANTIZATIONS} order; empty when the
 * engine does not run on the GPU at all.
 */
export function compatibleQuantizations(engine: EngineName, gpu: GpuSpec): Quantization[] {
  if (!engineRunsOn(engine, gpu)) return [];
  return QUANTIZATIONS.filter((q) => engineServes(engine, q) && quantizationRunsOn(q, gpu, engine));
}

/** Engines that run on the GPU and serve the quantization, in {@link ENGINE_NAMES} order. */
export function enginesFor(quantization: Quantization, gpu: GpuSpec): EngineName[] {
  return ENGINE_NAMES.filter((e) => engineRunsOn(e, gpu) && engineServes(e, quantization) && quantizationRunsOn(quantization, gpu, e));
}

function engineGpuProblem(req: CompatibilityRequest, gpus: readonly GpuSpec[]): CompatibilityProblem | null {
  const row = ENGINE_COMPATIBILITY[req.engine].gpu;
  if (engineRunsOn(req.engine, req.gpu)) return null;
  const name = ENGINE_DISPLAY_NAMES[req.engine];
  const others = ENGINE_NAMES.filter((e) => e !== req.engine && engineRunsOn(e, req.gpu));
  const ggufEngines = others.filter((e) => engineServes(e, "gguf-q4_k_m") && !engineServes(e, "awq"));
  const otherText =
    ggufEngines.length > 0
      ? `use ${list(ggufEngines)} with a GGUF model` +
        (others.length > ggufEngines.length ? ` (or ${list(others.filter((e) => !ggufEngines.includes(e)))})` : "")
      : others.length > 0
        ? `use ${list(others)}`
        : "";
  const capable = gpus.filter((g) => engineRunsOn(req.engine, g)).map((g) => g.key);
  const gpuText =
    `pick a GPU with compute capability ${cc(row.minComputeCapability)}+` + (capable.length > 0 ? ` (${capable.join(", ")})` : "");
  return {
    field: "engine.name",
    message:
      `${name} does not support the ${req.gpu.key} (compute capability ${cc(req.gpu.computeCapability)}): ${row.reason}. ` +
      `On the ${req.gpu.key} ${otherText ? `${otherText}, or ` : ""}${gpuText}.`,
  };
}

function engineQuantizationProblem(req: CompatibilityRequest): CompatibilityProblem | null {
  const support = ENGINE_COMPATIBILITY[req.engine].quantization[req.quantization];
  if (support.supported) return null;
  const name = ENGINE_DISPLAY_NAMES[req.engine];
  const engines = enginesFor(req.quantization, req.gpu);
  const formats = compatibleQuantizations(req.engine, req.gpu).filter((q) => !["none", "fp16", "bf16"].includes(q));
  const parts: string[] = [];
  if (engines.length > 0) parts.push(`use ${list(engines)} for ${req.quantization}`);
  if (formats.length > 0) parts.push(`use a checkpoint in ${list(formats)} with ${name}`);
  const advice = parts.join(", or ");
  return {
    field: "model.quantization",
    message:
      `${name} cannot serve ${QUANTIZATION_DISPLAY_NAMES[req.quantization]} (${req.quantization}): ${support.reason}. ` +
      (advice ? `${advice.charAt(0).toUpperCase()}${advice.slice(1)}.` : `No engine serves it on the ${req.gpu.key}.`),
  };
}

function quantizationGpuProblem(req: CompatibilityRequest, gpus: readonly GpuSpec[]): CompatibilityProblem | null {
  if (quantizationRunsOn(req.quantization, req.gpu, req.engine, req.moe)) return null;
  const floor = { ...QUANTIZATION_FLOORS[req.quantization], ...quantizationFloor(req.quantization, req.engine, req.moe) };
  const capable = gpus.filter((g) => quantizationRunsOn(req.quantization, g, req.engine, req.moe)).map((g) => g.key);
  const usable = compatibleQuantizations(req.engine, req.gpu);
  const fallbacks = floor.fallbacks.filter((q) => usable.includes(q));
  const name = ENGINE_DISPLAY_NAMES[req.engine];
  const here = `on the ${req.gpu.key} (compute capability ${cc(req.gpu.computeCapability)})`;
  let advice: string;
  if (!engineRunsOn(req.engine, req.gpu)) advice = `${here} pick another engine first (${name} does not run there)`;
  else if (fallbacks.length > 0) advice = `${here} with ${name} use ${list(fallbacks)}`;
  else advice = `${here} use ${list(usable)} with ${name}`;
  return {
    field: "model.quantization",
    message:
      `${QUANTIZATION_DISPLAY_NAMES[req.quantization]} needs compute capability ${cc(floor.minComputeCapability)} or later ` +
      `(${floor.reason})` +
      (capable.length > 0 ? `: ${capable.join(", ")}` : "") +
      `; ${advice}.`,
  };
}

function kvCacheProblem(req: CompatibilityRequest, gpus: readonly GpuSpec[]): CompatibilityProblem | null {
  if (req.kvCacheDtype !== "fp8") return null;
  const kv = ENGINE_COMPATIBILITY[req.engine].fp8KvCache;
  const name = ENGINE_DISPLAY_NAMES[req.engine];
  if (!kv.supported) {
    const engines = ENGINE_NAMES.filter((e) => {
      const row = ENGINE_COMPATIBILITY[e].fp8KvCache;
      return row.supported && req.gpu.computeCapability >= row.minComputeCapability && engineRunsOn(e, req.gpu);
    });
    const alt = req.engine === "llama-cpp" ? " (for a smaller cache pass -ctk q8_0 -ctv q8_0 in engine.extraArgs)" : "";
    return {
      field: "engine.kvCacheDtype",
      message:
        `${kv.reason}. Set engine.kvCacheDtype to auto${alt}` +
        (engines.length > 0 ? `, or use ${list(engines)} for an FP8 KV cache on the ${req.gpu.key}.` : "."),
    };
  }
  if (req.gpu.computeCapability >= kv.minComputeCapability) return null;
  const capable = gpus.filter((g) => g.computeCapability >= kv.minComputeCapability && engineRunsOn(req.engine, g)).map((g) => g.key);
  return {
    field: "engine.kvCacheDtype",
    message:
      `${name}'s FP8 KV cache needs compute capability ${cc(kv.minComputeCapability)} or later` +
      (capable.length > 0 ? ` (${capable.join(", ")})` : "") +
      `; the ${req.gpu.key} has ${cc(req.gpu.computeCapability)}. Set engine.kvCacheDtype to auto.`,
  };
}

/**
 * Every reason the engine cannot serve the quantization on the GPU, with alternatives. Checks, in
 * order: engine × GPU floor (`engine.name`), engine × format (`model.quantization`), format × GPU
 * compute capability (`model.quantization`), FP8 KV cache (`engine.kvCacheDtype`). GPU names in
 * messages come from `gpus` (usually the catalog), in its order. Empty when compatible.
 */
export function checkCompatibility(req: CompatibilityRequest, gpus: readonly GpuSpec[]): CompatibilityProblem[] {
  const problems = [
    engineGpuProblem(req, gpus),
    engineQuantizationProblem(req),
    quantizationGpuProblem(req, gpus),
    kvCacheProblem(req, gpus),
  ];
  return problems.filter((p): p is CompatibilityProblem => p !== null);
}

/** True when {@link checkCompatibility} finds no problem. */
export function isCompatible(req: CompatibilityRequest, gpus: readonly GpuSpec[]): boolean {
  return checkCompatibility(req, gpus).length === 0;
}
