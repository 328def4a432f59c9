/**
 * Pure parsing of a model's hub files into a catalog {@link ModelShape}: `config.json` (Llama, Qwen2/3,
 * Mistral/Mixtral, DeepSeek-V2/V3 MLA + MoE, GLM/ChatGLM field names), its `quantization_config`, and
 * `model.safetensors.index.json` `metadata.total_size` (checkpoint bytes, reported beside the shape).
 * Parameters are counted from the shape (embeddings, attention — MLA or GQA —, dense and expert MLPs),
 * so quantized checkpoints need no dtype guess. No I/O here: `cli/hub/` fetches and caches.
 */
import type { ModelShape, Quantization } from "../../../catalog";

/** A `config.json` as JSON (only the fields read here are typed). */
export type HubConfig = Record<string, unknown>;

const num = (c: HubConfig, ...keys: string[]): number | undefined => {
  for (const k of keys) if (typeof c[k] === "number" && Number.isFinite(c[k] as number)) return c[k] as number;
  return undefined;
};

/** Quantization named by `quantization_config` (`awq`, `gptq`, `fp8`, bitsandbytes 4-bit → `bnb-nf4`); undefined for none or another method. */
export function quantizationOf(config: HubConfig): Quantization | undefined {
  const q = config.quantization_config as Record<string, unknown> | undefined;
  const method = typeof q?.quant_method === "string" ? q.quant_method.toLowerCase() : undefined;
  if (method === "awq" || method === "gptq" || method === "fp8") return method;
  if (method === "bitsandbytes" && q?.load_in_4bit === true) return "bnb-nf4";
  return undefined;
}

/** Parameter counts (billions) of a config: total and active per token. */
export function countParameters(c: HubConfig): { totalB: number; activeB: number } {
  const hidden = num(c, "hidden_size", "n_embd", "d_model")!;
  const layers = num(c, "num_hidden_layers", "num_layers", "n_layer")!;
  const heads = num(c, "num_attention_heads", "n_head")!;
  const kvHeads = num(c, "num_key_value_heads", "multi_query_group_num") ?? heads;
  const headDim = num(c, "head_dim", "kv_channels") ?? hidden / heads;
  const vocab = num(c, "vocab_size", "padded_vocab_size") ?? 0;
  const inter = num(c, "intermediate_size", "ffn_hidden_size") ?? 4 * hidden;
  const tied = c.tie_word_embeddings === true;
  let attention: number;
  const kvLora = num(c, "kv_lora_rank");
  if (kvLora !== undefined) {
    const rope = num(c, "qk_rope_head_dim") ?? 64;
    const nope = num(c, "qk_nope_head_dim") ?? 128;
    const v = num(c, "v_head_dim") ?? 128;
    const qLora = num(c, "q_lora_rank");
    const q = qLora ? hidden * qLora + qLora * heads * (nope + rope) : hidden * heads * (nope + rope);
    attention = q + hidden * (kvLora + rope) + kvLora * heads * (nope + v) + heads * v * hidden;
  } else {
    attention = hidden * heads * headDim * 2 + 2 * hidden * kvHeads * headDim;
  }
  const experts = num(c, "n_routed_experts", "num_local_experts", "num_experts");
  const perToken = num(c, "num_experts_per_tok", "moe_topk") ?? 0;
  const shared = num(c, "n_shared_experts") ?? 0;
  const moeInter = num(c, "moe_intermediate_size") ?? inter;
  const denseLayers = experts ? Math.min(layers, num(c, "first_k_dense_replace") ?? 0) : layers;
  const moeLayers = layers - denseLayers;
  const expert = 3 * hidden * moeInter;
  const embeddings = vocab * hidden * (tied ? 1 : 2);
  const common = embeddings + layers * attention + denseLayers * 3 * hidden * inter + (experts ? moeLayers * hidden * experts : 0);
  const total = common + (experts ? moeLayers * (experts + shared) * expert : 0);
  const active = common + (experts ? moeLayers * (perToken + shared) * expert : 0);
  return { totalB: total / 1e9, activeB: active / 1e9 };
}

/** Problems that keep a config from being sized (missing required fields); empty when it can be. */
export function configProblems(c: HubConfig): string[] {
  const missing: string[] = [];
  if (num(c, "hidden_size", "n_embd", "d_model") === undefined) missing.push("hidden_size");
  if (num(c, "num_hidden_layers", "num_layers", "n_layer") === undefined) missing.push("num_hidden_layers");
  if (num(c, "num_attention_heads", "n_head") === undefined) missing.push("num_attention_heads");
  return missing.map((m) => `config.json has no ${m}`);
}

/**
 * The catalog shape of a hub model from its `config.json`: its id is `hub:<id>` and `<id>` is its alias,
 * with the `quantization_config` format when the checkpoint is published quantized (so the planner
 * reads its format like a catalogued pre-quantized repo).
 * Throws when a required field is missing (see {@link configProblems}).
 */
export function shapeFromConfig(id: string, c: HubConfig, sourceId = "hub_config"): ModelShape {
  const problems = configProblems(c);
  if (problems.length) throw new Error(`${id}: ${problems.join("; ")}`);
  const hidden = num(c, "hidden_size", "n_embd", "d_model")!;
  const heads = num(c, "num_attention_heads", "n_head")!;
  const kvLora = num(c, "kv_lora_rank");
  const kvHeads = kvLora !== undefined ? heads : (num(c, "num_key_value_heads", "multi_query_group_num") ?? heads);
  const { totalB, activeB } = countParameters(c);
  const experts = num(c, "n_routed_experts", "num_local_experts", "num_experts");
  const quantization = quantizationOf(c);
  const sliding = num(c, "sliding_window");
  const useSliding = c.use_sliding_window !== false && sliding !== undefined && sliding > 0;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    id: `hub:${id}`,
    aliases: [quantization ? { id, quantization } : { id }],
    parametersB: round(totalB),
    activeParametersB: round(Math.min(activeB, totalB)),
    ...(num(c, "vocab_size", "padded_vocab_size") !== undefined ? { vocabSize: num(c, "vocab_size", "padded_vocab_size") } : {}),
    tieWordEmbeddings: c.tie_word_embeddings === true,
    ...(num(c, "intermediate_size", "ffn_hidden_size") !== undefined ? { intermediateSize: num(c, "intermediate_size", "ffn_hidden_size") } : {}),
    ...(experts
      ? { moe: { experts, expertsPerToken: num(c, "num_experts_per_tok", "moe_topk") ?? 1, ...(num(c, "n_shared_experts") ? { sharedExperts: num(c, "n_shared_experts") } : {}), moeIntermediateSize: num(c, "moe_intermediate_size", "intermediate_size")! } }
      : {}),
    ...(kvLora !== undefined ? { mla: { kvLoraRank: kvLora, qkRopeHeadDim: num(c, "qk_rope_head_dim") ?? 64 } } : {}),
    ...(useSliding ? { slidingWindow: sliding } : {}),
    layers: num(c, "num_hidden_layers", "num_layers", "n_layer")!,
    attentionHeads: heads,
    kvHeads,
    headDim: kvLora !== undefined ? (num(c, "v_head_dim") ?? 128) : (num(c, "head_dim", "kv_channels") ?? hidden / heads),
    hiddenSize: hidden,
    maxContextTokens: num(c, "max_position_embeddings", "seq_length", "n_positions") ?? 4096,
    gated: false,
    specStatus: "third-party",
    source: sourceId,
  };
}

