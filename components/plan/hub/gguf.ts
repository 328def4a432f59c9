/**
 * Pure parsing of a GGUF file's header (llama.cpp / Ollama checkpoints) into a catalog shape.
 *
 * Layout (ggml docs/gguf.md, versions 2 and 3, little-endian): `GGUF` magic, u32 version, u64 tensor
 * count, u64 metadata key/value count; each key/value is a string key (u64 length + UTF-8 bytes), a
 * u32 value type (0 u8, 1 i8, 2 u16, 3 i16, 4 u32, 5 i32, 6 f32, 7 bool, 8 string, 9 array, 10 u64,
 * 11 i64, 12 f64) and the value (an array is u32 item type, u64 length, items); then one tensor
 * info per tensor: name string, u32 dimension count, u64 dimensions, u32 ggml type, u64 offset.
 * Version 1 used 32-bit counts and lengths and is refused. No I/O here: `cli/hub/gguf.ts` fetches
 * the first bytes with HTTP Range requests and grows the range on {@link GgufTruncatedError}.
 */
import type { ModelShape, Quantization } from "../../../catalog";
import { shapeFromConfig, type HubConfig } from "./config";

/** The bytes end inside the header: fetch more (or the file itself is truncated). */
export class GgufTruncatedError extends Error {
  constructor(readonly bytesAvailable: number, where: string) {
    super(`GGUF header truncated: ${bytesAvailable} bytes end inside ${where}`);
    this.name = "GgufTruncatedError";
  }
}

/** The bytes are not a GGUF v2/v3 header (bad magic, version, value type or an absurd length). */
export class GgufFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GgufFormatError";
  }
}

/** A metadata value; arrays keep their item type and length, and their items only when short (≤ 64). */
export type GgufValue = number | bigint | boolean | string | { arrayOf: number; length: number; items?: (number | bigint | boolean | string)[] };

/** The parsed header. */
export interface GgufHeader {
  version: number;
  tensorCount: number;
  metadata: Record<string, GgufValue>;
  /** Tensor name → dimensions. */
  tensors: { name: string; dims: number[]; type: number }[];
  /** Bytes the header (through the last tensor info) occupies. */
  headerBytes: number;
}

const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const MAX_KEY_BYTES = 65_535; // gguf.md: keys are at most 65,535 bytes
const MAX_STRING_BYTES = 64 * 1024 * 1024;
const MAX_COUNT = 100_000_000;
const KEEP_ARRAY_ITEMS = 64;
/** Bytes of the fixed-size value types. */
const SCALAR_BYTES: Readonly<Record<number, number>> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

/** Reads a GGUF header; throws {@link GgufTruncatedError} when `bytes` end inside it, {@link GgufFormatError} when it is not GGUF v2/v3. */
export function parseGgufHeader(bytes: Uint8Array): GgufHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number, where: string) => {
    if (at + n > bytes.byteLength) throw new GgufTruncatedError(bytes.byteLength, where);
  };
  const u32 = (where: string) => (need(4, where), (at += 4), view.getUint32(at - 4, true));
  const u64 = (where: string, max = Number.MAX_SAFE_INTEGER): number => {
    need(8, where);
    const v = view.getBigUint64(at, true);
    at += 8;
    if (v > BigInt(max)) throw new GgufFormatError(`GGUF ${where} is ${v} at byte ${at - 8}, above ${max}: corrupt header`);
    return Number(v);
  };
  const str = (where: string, max: number) => {
    const n = u64(`${where} length`, max);
    need(n, where);
    at += n;
    return new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(at - n, at));
  };
  const scalar = (type: number, where: string): number | bigint | boolean | string => {
    if (type === 8) return str(where, MAX_STRING_BYTES);
    const size = SCALAR_BYTES[type];
    if (size === undefined) throw new GgufFormatError(`GGUF ${where} has value type ${type} at byte ${at - 4}; known types are 0–12: corrupt header`);
    need(size, where);
    at += size;
    const o = at - size;
    switch (type) {
      case 0: return view.getUint8(o);
      case 1: return view.getInt8(o);
      case 2: return view.getUint16(o, true);
      case 3: return view.getInt16(o, true);
      case 4: return view.getUint32(o, true);
      case 5: return view.getInt32(o, true);
      case 6: return view.getFloat32(o, true);
      case 7: return view.getUint8(o) !== 0;
      case 10: return view.getBigUint64(o, true);
      case 11: return view.getBigInt64(o, true);
      default: return view.getFloat64(o, true);
    }
  };

  need(4, "the magic");
  if (view.getUint32(0, true) !== MAGIC) {
    const seen = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new GgufFormatError(`not a GGUF file: the first 4 bytes are ${seen}, not 47 47 55 46 ("GGUF")`);
  }
  at = 4;
  const version = u32("the version");
  if (version === 1) throw new GgufFormatError("GGUF version 1 (32-bit counts) is not supported: re-convert the model with a current llama.cpp");
  if (version !== 2 && version !== 3) {
    const bigEndian = [2, 3].includes(view.getUint32(4, false));
    throw new GgufFormatError(`GGUF version ${version} is not supported (2 or 3)${bigEndian ? "; the file is big-endian, the kit reads little-endian GGUF" : ""}`);
  }
  const tensorCount = u64("tensor count", MAX_COUNT);
  const kvCount = u64("metadata key/value count", MAX_COUNT);
  const metadata: Record<string, GgufValue> = {};
  for (let i = 0; i < kvCount; i++) {
    const key = str(`metadata key ${i}`, MAX_KEY_BYTES);
    const type = u32(`the value type of ${key}`);
    if (type === 9) {
      const itemType = u32(`the item type of ${key}`);
      if (itemType === 9) throw new GgufFormatError(`GGUF ${key} is an array of arrays at byte ${at - 4}: not supported`);
      const length = u64(`the length of ${key}`, MAX_COUNT);
      const items: (number | bigint | boolean | string)[] = [];
      const size = SCALAR_BYTES[itemType];
      if (size === undefined && itemType !== 8) throw new GgufFormatError(`GGUF ${key} has item type ${itemType} at byte ${at - 12}; known types are 0–12: corrupt header`);
      if (size !== undefined && length > KEEP_ARRAY_ITEMS) {
        need(size * length, key);
        at += size * length;
      } else {
        for (let j = 0; j < length; j++) {
          const item = scalar(itemType, `${key}[${j}]`);
          if (length <= KEEP_ARRAY_ITEMS) items.push(item);
        }
      }
      metadata[key] = { arrayOf: itemType, length, ...(length <= KEEP_ARRAY_ITEMS ? { items } : {}) };
    } else {
      metadata[key] = scalar(type, key);
    }
  }
  const tensors: GgufHeader["tensors"] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = str(`tensor info ${i} name`, MAX_KEY_BYTES);
    const nDims = u32(`the dimension count of ${name}`);
    if (nDims > 8) throw new GgufFormatError(`GGUF tensor ${name} has ${nDims} dimensions at byte ${at - 4}: corrupt header`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(u64(`dimension ${d} of ${name}`));
    const type = u32(`the type of ${name}`);
    u64(`the offset of ${name}`);
    tensors.push({ name, dims, type });
  }
  return { version, tensorCount, metadata, tensors, headerBytes: at };
}

/** `general.file_type` (llama.cpp `llama_ftype`) → the kit's quantization, where it has one. */
export const GGUF_FILE_TYPES: Readonly<Record<number, { name: string; quantization?: Quantization }>> = {
  0: { name: "F32" },
  1: { name: "F16", quantization: "fp16" },
  2: { name: "Q4_0" },
  3: { name: "Q4_1" },
  7: { name: "Q8_0", quantization: "gguf-q8_0" },
  8: { name: "Q5_0" },
  9: { name: "Q5_1" },
  10: { name: "Q2_K" },
  11: { name: "Q3_K_S" },
  12: { name: "Q3_K_M" },
  13: { name: "Q3_K_L" },
  14: { name: "Q4_K_S" },
  15: { name: "Q4_K_M", quantization: "gguf-q4_k_m" },
  16: { name: "Q5_K_S" },
  17: { name: "Q5_K_M" },
  18: { name: "Q6_K" },
  32: { name: "BF16", quantization: "bf16" },
};

/** What a GGUF header says beside the shape (cached with it). */
export interface GgufSummary {
  architecture: string;
  fileType: number | null;
  fileTypeName: string | null;
  quantization: Quantization | null;
  /** Σ tensor elements (parameters), from the tensor infos. */
  parameters: number;
  /** No `output.weight` tensor: `lm_head` shares the token embedding. */
  tieWordEmbeddings: boolean;
}

const numeric = (v: GgufValue | undefined): number | undefined => {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  // Per-layer arrays (e.g. head_count_kv of some architectures): the largest entry sizes the cache.
  if (v && typeof v === "object" && v.items?.length) return Math.max(...v.items.map((x) => Number(x)));
  return undefined;
};

/**
 * The header as a `config.json`-like object (Hugging Face key names) plus the summary: the planner then
 * sizes a GGUF model like any hub config. Throws naming the GGUF keys that are missing.
 */
export function ggufToConfig(file: string, header: GgufHeader): { config: HubConfig; summary: GgufSummary } {
  const m = header.metadata;
  const arch = typeof m["general.architecture"] === "string" ? (m["general.architecture"] as string) : undefined;
  if (!arch) throw new GgufFormatError(`${file}: GGUF metadata has no general.architecture`);
  const get = (k: string) => numeric(m[`${arch}.${k}`]);
  const missing = ["block_count", "embedding_length", "attention.head_count"].filter((k) => get(k) === undefined).map((k) => `${arch}.${k}`);
  if (missing.length) throw new GgufFormatError(`${file}: GGUF metadata has no ${missing.join(", ")}`);
  const tokens = m["tokenizer.ggml.tokens"];
  const vocab = get("vocab_size") ?? (tokens && typeof tokens === "object" ? tokens.length : undefined);
  const names = new Set(header.tensors.map((t) => t.name));
  const tied = header.tensors.length > 0 && !names.has("output.weight");
  const put = (c: HubConfig, key: string, value: number | undefined) => {
    if (value !== undefined) c[key] = value;
  };
  const config: HubConfig = { model_type: arch, tie_word_embeddings: tied };
  put(config, "hidden_size", get("embedding_length"));
  put(config, "num_hidden_layers", get("block_count"));
  put(config, "num_attention_heads", get("attention.head_count"));
  put(config, "num_key_value_heads", get("attention.head_count_kv"));
  put(config, "head_dim", get("attention.key_length"));
  put(config, "intermediate_size", get("feed_forward_length"));
  put(config, "max_position_embeddings", get("context_length"));
  put(config, "vocab_size", vocab);
  put(config, "num_local_experts", get("expert_count"));
  put(config, "num_experts_per_tok", get("expert_used_count"));
  put(config, "moe_intermediate_size", get("expert_feed_forward_length"));
  put(config, "n_shared_experts", get("expert_shared_count"));
  put(config, "sliding_window", get("attention.sliding_window"));
  if (get("attention.kv_lora_rank") !== undefined) {
    put(config, "kv_lora_rank", get("attention.kv_lora_rank"));
    put(config, "qk_rope_head_dim", get("rope.dimension_count"));
  }
  const fileType = numeric(m["general.file_type"]) ?? null;
  const known = fileType === null ? undefined : GGUF_FILE_TYPES[fileType];
  const parameters = header.tensors.reduce((sum, t) => sum + t.dims.reduce((p, d) => p * d, 1), 0);
  return {
    config,
    summary: { architecture: arch, fileType, fileTypeName: known?.name ?? null, quantization: known?.quantization ?? null, parameters, tieWordEmbeddings: tied },
  };
}

/**
 * The catalog shape of a GGUF model: the config's shape (see `shapeFromConfig`), with the exact
 * parameter count of the tensor infos and the file's quantization as the alias's format.
 */
export function shapeFromGguf(id: string, config: HubConfig, summary: GgufSummary): ModelShape {
  const shape = shapeFromConfig(id, config, "hub_gguf");
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const total = summary.parameters > 0 ? summary.parameters / 1e9 : shape.parametersB;
  return {
    ...shape,
    aliases: [summary.quantization ? { id, quantization: summary.quantization } : { id }],
    parametersB: round(total),
    activeParametersB: round(Math.min(shape.activeParametersB ?? total, total)),
  };
}
