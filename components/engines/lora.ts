/**
 * LoRA adapters on the engines: the flags each engine documents (`lora-data.ts`), the refusal of
 * engines and base formats without documented support, and the names clients request. Adapters are
 * always served from staged directories under {@link ADAPTER_CONTAINER_DIR}: the runtimes download
 * or sync them there before the engine starts (`components/bootstrap/adapters.ts`).
 */
import type { Quantization } from "../../catalog/schema";
import type { EngineName } from "../spec/schema";
import { ENGINE_DISPLAY_NAMES, QUANTIZATION_DISPLAY_NAMES } from "./compatibility-data";
import { LORA_ENGINES, LORA_SUPPORT, type LoraEngineSupport } from "./lora-data";

export { LORA_ENGINES, LORA_SUPPORT, type LoraEngineSupport, type LoraEngineRefusal, type LoraMemoryModel } from "./lora-data";

/** Directory inside the engine container the staged adapters are mounted at (one sub-directory per adapter name). */
export const ADAPTER_CONTAINER_DIR = "/adapters";

/** One adapter as the engine sees it. */
export interface EngineAdapter {
  /** Name clients request (`model.adapters[].name`). */
  name: string;
  /** Staged directory inside the container, `/adapters/<name>`. */
  containerPath: string;
}

/** The LoRA part of an {@link EngineContext}: settled by the planner. */
export interface EngineLora {
  adapters: EngineAdapter[];
  /** Adapters resident on the GPU at once (vLLM `--max-loras`, SGLang `--max-loras-per-batch`). */
  maxLoras: number;
  /** Largest adapter rank served (vLLM and SGLang `--max-lora-rank`). */
  maxLoraRank: number;
}

/** The engine's LoRA row when it serves adapters by name, else undefined. */
export function loraSupport(engine: EngineName): LoraEngineSupport | undefined {
  const row = LORA_SUPPORT[engine];
  return row.supported ? row : undefined;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** True when `engine` is documented to serve LoRA adapters by name on a `quantization` base. */
export function servesLoraOn(engine: EngineName, quantization: Quantization, moe = false): boolean {
  const row = LORA_SUPPORT[engine];
  if (!row.supported || !row.quantization[quantization].supported) return false;
  return !(moe && engine === "vllm" && quantization === "bnb-nf4");
}

/**
 * Why `engine` cannot serve LoRA adapters on a `quantization` base (with what would work), or null
 * when it can. `moe`: the base is a mixture-of-experts model (vLLM serves no bitsandbytes LoRA there).
 */
export function loraProblem(engine: EngineName, quantization: Quantization, moe = false): string | null {
  const row = LORA_SUPPORT[engine];
  const name = ENGINE_DISPLAY_NAMES[engine];
  if (!row.supported) return `${name} does not serve LoRA adapters by name: ${row.reason}`;
  const q = row.quantization[quantization];
  if (!q.supported) {
    const others = LORA_ENGINES.filter((e) => e !== engine && servesLoraOn(e, quantization, moe));
    return (
      `${name} is not documented to serve LoRA adapters on a ${QUANTIZATION_DISPLAY_NAMES[quantization]} (${quantization}) base: ${q.reason}` +
      (others.length ? `; ${list(others)} serve${others.length === 1 ? "s" : ""} them on ${quantization}` : "")
    );
  }
  if (moe && engine === "vllm" && quantization === "bnb-nf4") {
    return `vLLM serves no LoRA adapters on bitsandbytes mixture-of-experts models (vLLM issue #29424); use an AWQ, GPTQ or FP8 checkpoint of the model`;
  }
  return null;
}

/**
 * `maxLoraRank` when the spec leaves it out: the largest adapter rank, rounded up to the engine's
 * next accepted value (vLLM: 1, 8, 16, 32, 64, 128, 256, 320, 512). Throws when no accepted value
 * holds it.
 */
export function defaultMaxLoraRank(engine: EngineName, ranks: readonly number[]): number {
  const max = Math.max(1, ...ranks);
  const allowed = loraSupport(engine)?.allowedRanks;
  if (!allowed) return max;
  const fit = allowed.find((r) => r >= max);
  if (fit === undefined) throw new Error(`rank ${max} is above ${ENGINE_DISPLAY_NAMES[engine]}'s largest max_lora_rank ${allowed[allowed.length - 1]}`);
  return fit;
}

/**
 * The engine's LoRA flags for the staged adapters, e.g. vLLM `--enable-lora --lora-modules
 * support=/adapters/support legal=/adapters/legal --max-loras 2 --max-lora-rank 16`; SGLang
 * `--enable-lora --lora-paths … --max-loras-per-batch 2 --max-lora-rank 16`; TGI
 * `--lora-adapters support=/adapters/support,legal=/adapters/legal`. Empty without adapters. Throws
 * (naming `model.adapters`) when the engine does not serve adapters by name.
 */
export function loraArgs(engine: EngineName, lora: EngineLora | undefined): string[] {
  if (!lora || lora.adapters.length === 0) return [];
  const row = LORA_SUPPORT[engine];
  if (!row.supported) throw new Error(`model.adapters: ${ENGINE_DISPLAY_NAMES[engine]} does not serve LoRA adapters by name: ${row.reason}`);
  const pairs = lora.adapters.map((a) => `${a.name}=${a.containerPath}`);
  const out: string[] = [];
  if (row.flags.enable) out.push(row.flags.enable);
  if (row.flags.adapterList === "separate") out.push(row.flags.adapters, ...pairs);
  else out.push(row.flags.adapters, pairs.join(","));
  if (row.flags.maxLoras) out.push(row.flags.maxLoras, String(lora.maxLoras));
  if (row.flags.maxLoraRank) out.push(row.flags.maxLoraRank, String(lora.maxLoraRank));
  return out;
}

/**
 * Model names clients send in the OpenAI `model` field: the base's served name, then one per adapter
 * (`<adapter>` on vLLM and TGI, `<base>:<adapter>` on SGLang). This is what a gateway routes on.
 */
export function servedModelNames(engine: EngineName, base: string, adapters: readonly string[]): string[] {
  const row = loraSupport(engine);
  if (!row) return [base];
  return [base, ...adapters.map((a) => (row.requestName === "base:adapter" ? `${base}:${a}` : a))];
}

/** Notes a render with adapters carries: how clients name adapters where `/v1/models` is not known to list them. */
export function loraWarnings(engine: EngineName, base: string, lora: EngineLora | undefined): string[] {
  const row = loraSupport(engine);
  if (!row || !lora || lora.adapters.length === 0) return [];
  const out: string[] = [];
  if (row.requestName === "base:adapter") {
    out.push(`${ENGINE_DISPLAY_NAMES[engine]} names adapters as <base>:<adapter> in the OpenAI API: clients request e.g. "${base}:${lora.adapters[0]!.name}"`);
  }
  if (row.modelsEndpoint === "unverified") {
    out.push(`${ENGINE_DISPLAY_NAMES[engine]}'s GET /v1/models is not documented to list the adapters: route by the plan's servedModels instead`);
  }
  if (engine === "tgi") out.push("TGI turns prefix caching off when LoRA adapters are loaded (reference/engines.md §1.1)");
  return out;
}
