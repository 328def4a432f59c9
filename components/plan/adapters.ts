/**
 * LoRA adapters in the plan: resolves `model.adapters` (hub or object storage, rank, target
 * modules), derives `engine.maxLoras` / `maxLoraRank`, refuses engines and base formats without
 * documented LoRA support (`components/engines/lora-data.ts`), checks that each target's hosts may
 * and can read the adapters (instance role, own cloud's bucket, data residency), and sizes them.
 * Pure: no Pulumi, no I/O. Memory in GB of 10^9 bytes, adapter files in MB of 10^6 bytes.
 *
 * Adapter weights: `rank × Σ_modules (d_in + d_out) × layers × 2 bytes` (bf16/fp16 A and B
 * matrices; MoE MLP modules once per expert), or `sizeMb` when the spec gives the file size.
 */
import type { Cloud, Residency } from "../../catalog/schema";
import { OBJECT_STORAGE_CLOUDS, STORAGE_SCHEME } from "../bootstrap/weights";
import { ADAPTER_HOST_DIR, type AdapterSource } from "../bootstrap/adapters";
import { ADAPTER_CONTAINER_DIR, defaultMaxLoraRank, loraProblem, loraSupport, type EngineLora } from "../engines/lora";
import { MODELSCOPE_ENGINES, ENGINE_DISPLAY_NAMES } from "../engines/compatibility-data";
import type { ConfigIssue } from "../spec/issues";
import { LORA_TARGET_MODULES, type DeploymentSpec, type EngineName } from "../spec/schema";
import { cachedTokens, kvBytesPerToken, withLoraMemory, type ShapeForSizing, type SizingResult } from "./sizing";

/** One of {@link LORA_TARGET_MODULES}. */
export type LoraTargetModule = (typeof LORA_TARGET_MODULES)[number];

/** Rank assumed when `model.adapters[].rank` is absent: vLLM's default `max_lora_rank` (vllm/config/lora.py). */
export const DEFAULT_ADAPTER_RANK = 16;
/** Bytes per LoRA weight: the engines keep A and B in the base's 16-bit dtype (vLLM `lora_dtype: auto`). */
export const LORA_BYTES_PER_WEIGHT = 2;

/** One adapter as planned. */
export interface AdapterPlan {
  name: string;
  source: AdapterSource;
  rank: number;
  /** The spec gave no rank: {@link DEFAULT_ADAPTER_RANK} is assumed. */
  rankAssumed: boolean;
  targetModules: LoraTargetModule[];
  /** Adapter file size in MB (10^6 bytes). */
  weightsMb: number;
  /** `rank-and-shape`: computed from rank, modules and the base shape; `file-size`: the spec's `sizeMb`. */
  weightsBasis: "rank-and-shape" | "file-size";
  /** Staged directory on the host (VM). */
  hostPath: string;
  /** Staged directory in the engine container. */
  containerPath: string;
}

/** The deployment's LoRA settings. */
export interface LoraPlan {
  adapters: AdapterPlan[];
  /** Adapters resident on the GPU at once; the number of adapters unless `engine.maxLoras` is set. */
  maxLoras: number;
  /** Largest rank served; the largest adapter rank (vLLM: rounded to its accepted values) unless `engine.maxLoraRank` is set. */
  maxLoraRank: number;
}

/** The shape fields adapter sizing reads. */
export type LoraShape = Pick<ShapeForSizing, "layers" | "kvHeads" | "headDim" | "hiddenSize" | "intermediateSize" | "moe" | "mla"> & { attentionHeads: number };

interface ModuleDims {
  dIn: number;
  dOut: number;
  /** Tensor-parallel layout of the base layer: column-parallel (q, k, v, gate, up) or row-parallel (o, down). */
  layout: "column" | "row";
  /** Copies per layer: experts (+ shared experts) for MoE MLP modules, else 1. */
  copies: number;
}

/**
 * Input and output width of each projection: q `hidden → heads × head_dim`, k/v `hidden → kv heads
 * × head_dim`, o the reverse of q, gate/up `hidden → intermediate`, down the reverse (MoE: the
 * expert intermediate size, once per routed and shared expert). Undefined when the shape lacks the
 * MLP width, or has MLA attention (whose projections these are not).
 */
export function loraModuleDims(shape: LoraShape): Record<LoraTargetModule, ModuleDims> | undefined {
  if (shape.mla) return undefined;
  const hidden = shape.hiddenSize ?? shape.attentionHeads * shape.headDim;
  const q = shape.attentionHeads * shape.headDim;
  const kv = shape.kvHeads * shape.headDim;
  const inter = shape.moe ? shape.moe.moeIntermediateSize : shape.intermediateSize;
  if (!inter) return undefined;
  const copies = shape.moe ? shape.moe.experts + (shape.moe.sharedExperts ?? 0) : 1;
  return {
    q_proj: { dIn: hidden, dOut: q, layout: "column", copies: 1 },
    k_proj: { dIn: hidden, dOut: kv, layout: "column", copies: 1 },
    v_proj: { dIn: hidden, dOut: kv, layout: "column", copies: 1 },
    o_proj: { dIn: q, dOut: hidden, layout: "row", copies: 1 },
    gate_proj: { dIn: hidden, dOut: inter, layout: "column", copies },
    up_proj: { dIn: hidden, dOut: inter, layout: "column", copies },
    down_proj: { dIn: inter, dOut: hidden, layout: "row", copies },
  };
}

/** `Σ_modules (d_in + d_out) × copies × layers`: LoRA weights per unit of rank (Qwen2.5-7B, all seven: 90,112 × 28). */
export function loraWeightsPerRank(shape: LoraShape, modules: readonly LoraTargetModule[]): number | undefined {
  const dims = loraModuleDims(shape);
  if (!dims) return undefined;
  return modules.reduce((sum, m) => sum + (dims[m].dIn + dims[m].dOut) * dims[m].copies, 0) * shape.layers;
}

/** Adapter file bytes: `rank × Σ (d_in + d_out) × layers × 2` (Qwen2.5-7B, rank 16, all modules: 80,740,352 B). */
export function adapterBytes(shape: LoraShape, rank: number, modules: readonly LoraTargetModule[]): number | undefined {
  const perRank = loraWeightsPerRank(shape, modules);
  return perRank === undefined ? undefined : rank * perRank * LORA_BYTES_PER_WEIGHT;
}

/**
 * GPU memory the engine holds for LoRA on one replica spanning `tensorParallel` GPUs, GB:
 * - vLLM: `maxLoras × maxLoraRank` slots on every LoRA-capable projection (all seven), A replicated
 *   on column-parallel and B on row-parallel layers (vllm/lora/layers/base_linear.py):
 *   `maxLoras × maxLoraRank × layers × 2 B × Σ (column: TP × d_in + d_out; row: d_in + TP × d_out)`;
 * - SGLang: `maxLoras × maxLoraRank × Σ_targets (d_in + d_out) × layers × 2 B` over the union of the
 *   adapters' target modules (its `--max-loras-per-batch` pool; TP replication not modelled);
 * - TGI: the adapters' own weights (all loaded at start).
 * Undefined when the shape cannot be sized ({@link loraModuleDims}).
 */
export function loraGpuGb(engine: EngineName, lora: LoraPlan, shape: LoraShape, tensorParallel: number): number | undefined {
  const row = loraSupport(engine);
  if (!row || lora.adapters.length === 0) return 0;
  if (row.memory === "adapter-weights") return lora.adapters.reduce((s, a) => s + a.weightsMb * 1e6, 0) / 1e9;
  const dims = loraModuleDims(shape);
  if (!dims) return undefined;
  const slots = lora.maxLoras * lora.maxLoraRank * LORA_BYTES_PER_WEIGHT * shape.layers;
  if (row.memory === "slots-target-modules") {
    const union = LORA_TARGET_MODULES.filter((m) => lora.adapters.some((a) => a.targetModules.includes(m)));
    return (slots * union.reduce((s, m) => s + (dims[m].dIn + dims[m].dOut) * dims[m].copies, 0)) / 1e9;
  }
  const tp = tensorParallel;
  const perRank = LORA_TARGET_MODULES.reduce((s, m) => {
    const d = dims[m];
    return s + (d.layout === "column" ? tp * d.dIn + d.dOut : d.dIn + tp * d.dOut) * d.copies;
  }, 0);
  return (slots * perRank) / 1e9;
}

/** The hub a hub-id adapter downloads from: its own `hub`, else the model's hub, else Hugging Face. */
function adapterKind(spec: DeploymentSpec, a: { source: string; hub?: "huggingface" | "modelscope" }): AdapterSource["kind"] {
  if (/^[a-z0-9]+:\/\//.test(a.source)) return "object-storage";
  if (a.hub) return a.hub;
  return spec.model.source === "modelscope" ? "modelscope" : "huggingface";
}

/**
 * Resolves `model.adapters`, or returns the issues that stop them: an engine or base format without
 * documented LoRA support (path `model.adapters`), duplicate or reserved names, ModelScope adapters
 * on an engine whose image has no ModelScope client, settings the engine has no flag for or does
 * not accept, a base whose shape cannot be sized. `lora` is undefined without adapters.
 */
export function planAdapters(spec: DeploymentSpec, shape: LoraShape): { lora?: LoraPlan; issues: ConfigIssue[]; warnings: string[] } {
  const specs = spec.model.adapters ?? [];
  const engine = spec.engine.name;
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  if (specs.length === 0) {
    for (const key of ["maxLoras", "maxLoraRank"] as const) {
      if (spec.engine[key] !== undefined) issues.push({ path: `engine.${key}`, message: `engine.${key} applies to LoRA adapters: add model.adapters or remove it` });
    }
    return { issues, warnings };
  }
  const problem = loraProblem(engine, spec.model.quantization, Boolean(shape.moe));
  if (problem) return { issues: [{ path: "model.adapters", message: problem, given: JSON.stringify(specs.map((a) => a.name)) }], warnings };
  const row = loraSupport(engine)!;
  const seen = new Map<string, number>();
  const adapters: AdapterPlan[] = [];
  specs.forEach((a, i) => {
    const path = `model.adapters[${i}]`;
    if (seen.has(a.name)) issues.push({ path: `${path}.name`, message: `Duplicate adapter name (also model.adapters[${seen.get(a.name)}])`, given: JSON.stringify(a.name) });
    seen.set(a.name, i);
    if (a.name === spec.model.id || (engine === "tgi" && a.name === "tgi")) {
      issues.push({ path: `${path}.name`, message: `${a.name} is the base model's own request name; give the adapter another name`, given: JSON.stringify(a.name) });
    }
    const kind = adapterKind(spec, a);
    if (kind === "modelscope" && !MODELSCOPE_ENGINES.includes(engine)) {
      issues.push({ path: `${path}.source`, message: `${ENGINE_DISPLAY_NAMES[engine]}'s image has no ModelScope client to download ${a.source}: stage the adapter in object storage, or set hub: huggingface`, given: JSON.stringify(a.source) });
    }
    const modules = [...(a.targetModules ?? LORA_TARGET_MODULES)];
    const rank = a.rank ?? DEFAULT_ADAPTER_RANK;
    if (a.rank === undefined) warnings.push(`model.adapters[${i}] (${a.name}) has no rank: ${DEFAULT_ADAPTER_RANK} is assumed for sizing and max-lora-rank; set it to adapter_config.json "r"`);
    const bytes = a.sizeMb !== undefined ? a.sizeMb * 1e6 : adapterBytes(shape, rank, modules);
    if (bytes === undefined) {
      issues.push({ path: `${path}.sizeMb`, message: `${spec.model.id}'s shape cannot size LoRA projections (${shape.mla ? "MLA attention" : "no intermediate_size in the catalog or hub config"}); set sizeMb to the adapter's file size` });
    }
    const source: AdapterSource = { name: a.name, kind, uri: a.source };
    adapters.push({
      name: a.name,
      source,
      rank,
      rankAssumed: a.rank === undefined,
      targetModules: modules,
      weightsMb: Math.round((bytes ?? 0) / 1e4) / 100,
      weightsBasis: a.sizeMb !== undefined ? "file-size" : "rank-and-shape",
      hostPath: `${ADAPTER_HOST_DIR}/${a.name}`,
      containerPath: `${ADAPTER_CONTAINER_DIR}/${a.name}`,
    });
  });
  const maxRank = Math.max(...adapters.map((a) => a.rank));
  for (const key of ["maxLoras", "maxLoraRank"] as const) {
    const flag = key === "maxLoras" ? row.flags.maxLoras : row.flags.maxLoraRank;
    if (spec.engine[key] !== undefined && !flag) {
      issues.push({ path: `engine.${key}`, message: `${ENGINE_DISPLAY_NAMES[engine]} has no option for ${key} (it loads every adapter at start); remove engine.${key}`, given: String(spec.engine[key]) });
    }
  }
  let maxLoraRank = spec.engine.maxLoraRank ?? maxRank;
  if (spec.engine.maxLoraRank === undefined) {
    try {
      maxLoraRank = defaultMaxLoraRank(engine, adapters.map((a) => a.rank));
    } catch (error) {
      issues.push({ path: "model.adapters", message: (error as Error).message, allowed: row.allowedRanks?.map(String) });
    }
  } else {
    if (row.allowedRanks && !row.allowedRanks.includes(maxLoraRank)) {
      issues.push({ path: "engine.maxLoraRank", message: `${ENGINE_DISPLAY_NAMES[engine]} accepts only these max-lora-rank values`, given: String(maxLoraRank), allowed: row.allowedRanks.map(String) });
    }
    if (maxLoraRank < maxRank) {
      issues.push({ path: "engine.maxLoraRank", message: `an adapter has rank ${maxRank}, above engine.maxLoraRank ${maxLoraRank}: the engine would refuse to load it`, given: String(maxLoraRank) });
    }
  }
  const maxLoras = spec.engine.maxLoras ?? adapters.length;
  if (issues.length) return { issues, warnings };
  return { lora: { adapters, maxLoras, maxLoraRank }, issues, warnings };
}

/** The engine's view of a {@link LoraPlan}. */
export function engineLora(lora: LoraPlan | undefined): EngineLora | undefined {
  if (!lora) return undefined;
  return { adapters: lora.adapters.map((a) => ({ name: a.name, containerPath: a.containerPath })), maxLoras: lora.maxLoras, maxLoraRank: lora.maxLoraRank };
}

/** Inputs of {@link checkAdapterAccess}. */
export interface AdapterAccessInput {
  target: { name: string; cloud: Cloud; runtime: "vm" | "kubernetes" };
  index: number;
  region: { region: string; residency: Residency };
  /** `compliance.dataResidency` of the stack. */
  dataResidency?: "cn" | "global";
  adapters: readonly AdapterPlan[];
}

/**
 * Issues (at `model.adapters[i].source`) for adapters a target's hosts may not or cannot read:
 * object storage on a `cn` stack outside its residency (any bucket but the target's own cloud's,
 * which is read through the target's mainland region endpoint: an `s3://` bucket on an Alibaba Cloud
 * target is in another cloud and, on AWS, no catalog region is in mainland China), object storage on
 * a cloud whose hosts get no instance role, another cloud's bucket; one issue at `model.adapters`
 * for object-storage adapters on a runtime kubernetes target (pods get no bucket credentials; hub
 * adapters are downloaded by init containers). Warns about Hugging Face
 * adapters from mainland regions.
 */
export function checkAdapterAccess(i: AdapterAccessInput): { issues: ConfigIssue[]; warnings: string[] } {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const where = `target "${i.target.name}" (targets[${i.index}], ${i.target.cloud} ${i.region.region})`;
  // Kubernetes downloads hub adapters in init containers; it has no bucket sync (no instance role in pods).
  const inBuckets = i.adapters.filter((a) => a.source.kind === "object-storage");
  if (i.target.runtime === "kubernetes" && inBuckets.length > 0) {
    issues.push({
      path: "model.adapters",
      message: `${where} runs on kubernetes, whose pods have no object-storage credentials: serve adapters ${inBuckets.map((a) => a.name).join(", ")} from a hub (huggingface or modelscope) or from a runtime: vm target`,
      given: JSON.stringify(inBuckets.map((a) => a.source.uri)),
    });
    return { issues, warnings };
  }
  i.adapters.forEach((a, n) => {
    const path = `model.adapters[${n}].source`;
    const given = JSON.stringify(a.source.uri);
    if (a.source.kind !== "object-storage") {
      if (a.source.kind === "huggingface" && i.region.residency === "cn") {
        warnings.push(`adapter ${a.name} downloads from Hugging Face, which is not reliably reachable from mainland China (${i.region.region}); prefer hub: modelscope or a bucket in the region`);
      }
      return;
    }
    const scheme = /^([a-z0-9]+):\/\//.exec(a.source.uri)?.[1];
    const own = STORAGE_SCHEME[i.target.cloud];
    if (i.dataResidency === "cn" && scheme !== own) {
      issues.push({
        path,
        message: `compliance.dataResidency is cn but adapter ${a.name} is in ${scheme}:// object storage outside ${where}'s mainland region: keep it in an ${own}:// bucket in ${i.region.region} (synced through the region's endpoint) or download it from modelscope`,
        given,
        allowed: [`${own}://<bucket>/<prefix>`, "<org>/<name> with hub: modelscope"],
      });
      return;
    }
    if (!OBJECT_STORAGE_CLOUDS.includes(i.target.cloud)) {
      issues.push({ path, message: `${where} cannot read ${a.source.uri}: the kit attaches no instance role to ${i.target.cloud} hosts; use a hub id for the adapter, or serve it from ${OBJECT_STORAGE_CLOUDS.join(" or ")} targets`, given });
    } else if (scheme !== own) {
      issues.push({ path, message: `${where} stages only ${own}:// buckets (its own cloud's, with its instance role); copy adapter ${a.name} into one`, given, allowed: [`${own}://<bucket>/<prefix>`] });
    }
  });
  return { issues, warnings };
}

/** Inputs of {@link sizeWithAdapters}. */
export interface AdapterSizingInput {
  lora: LoraPlan;
  engine: EngineName;
  shape: LoraShape & ShapeForSizing;
  kvCacheDtype: "auto" | "fp8";
  maxContextTokens: number;
  /** The chosen offering's sizing without adapters. */
  sizing: SizingResult;
  tensorParallel: number;
  instanceType: string;
}

/**
 * The chosen offering's sizing with the engine's LoRA memory added ({@link loraGpuGb} at its
 * tensor-parallel degree, `withLoraMemory` of sizing.ts), or an issue at `model.adapters` when the
 * shape cannot be sized or the replica no longer fits. The offering was ranked without the adapters
 * (`gpu: auto`), so a misfit names the memory and how to make room.
 */
export function sizeWithAdapters(i: AdapterSizingInput): { sizing: SizingResult; issue?: ConfigIssue } {
  const loraGb = loraGpuGb(i.engine, i.lora, i.shape, i.tensorParallel);
  if (loraGb === undefined) {
    return { sizing: i.sizing, issue: { path: "model.adapters", message: "the model's shape cannot size the engine's LoRA slots (MLA attention, or no intermediate_size in the catalog or hub config)" } };
  }
  const perSequenceGb = (kvBytesPerToken(i.shape, i.kvCacheDtype) * cachedTokens(i.shape, i.maxContextTokens)) / 1e9;
  const sizing = withLoraMemory(i.sizing, loraGb, perSequenceGb);
  if (sizing.fits) return { sizing };
  const m = sizing.memory;
  return {
    sizing,
    issue: {
      path: "model.adapters",
      message:
        `the adapters need ${m.loraGb} GB of GPU memory (${i.lora.adapters.length} adapters, ${i.lora.maxLoras} resident up to rank ${i.lora.maxLoraRank}) and ${i.instanceType} then needs ${m.requiredGb} GB of ${m.availableGb} GB; ` +
        "lower engine.maxLoras or engine.maxLoraRank, serve fewer concurrent requests, or pin a larger gpu or instanceType (a replica spanning several nodes is chosen without the adapters)",
    },
  };
}
