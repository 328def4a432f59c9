/**
 * GGUF checkpoints on a hub (llama.cpp / Ollama repos, which usually have no `config.json`): lists
 * the repo's files, picks a `.gguf` (the first shard of a split file), reads only its header with
 * HTTP Range requests — growing the range while the metadata is longer (tokenizer vocabularies make
 * it megabytes) — and parses it with `components/plan/hub/gguf.ts`. Never downloads the weights: a
 * server that ignores Range is read only up to the requested length and the transfer is cancelled.
 */
import { GgufTruncatedError, ggufToConfig, parseGgufHeader, type GgufSummary } from "../../components/plan/hub/gguf";
import type { HubConfig } from "../../components/plan/hub/config";
import type { Quantization } from "../../catalog";
import { hubFileUrl, type HubFetchOptions } from "./fetch";

/** First range requested, bytes: 2 MiB holds most headers whose vocabulary is below ~100k tokens. */
export const GGUF_INITIAL_BYTES = 2 * 1024 * 1024;
/** Largest range requested, bytes (64 MiB); a longer header is refused as not plausible. */
export const GGUF_MAX_BYTES = 64 * 1024 * 1024;

/** Range settings (tests use small ones). */
export interface GgufRangeOptions {
  /** First range in bytes; default {@link GGUF_INITIAL_BYTES}. */
  initialBytes?: number;
  /** Largest range in bytes; default {@link GGUF_MAX_BYTES}. Each retry multiplies the range by 4. */
  maxBytes?: number;
  token?: string;
  /** Milliseconds per request; default 10,000. */
  timeoutMs?: number;
}

/** What {@link fetchGgufModel} returns: the config-like object the planner sizes, and where it came from. */
export interface GgufFetchResult {
  url: string;
  file: string;
  config: HubConfig;
  gguf: GgufSummary & { headerBytes: number };
}

function endpointOf(options: Pick<HubFetchOptions, "hub" | "endpoint">): string {
  return options.endpoint ?? (options.hub === "huggingface" ? (process.env.HF_ENDPOINT ?? "https://huggingface.co") : (process.env.MODELSCOPE_ENDPOINT ?? "https://www.modelscope.cn"));
}

function tokenOf(options: Pick<HubFetchOptions, "hub" | "token">): string | undefined {
  return options.token ?? (options.hub === "huggingface" ? process.env.HF_TOKEN : process.env.MODELSCOPE_API_TOKEN);
}

/** Reads at most `limit` bytes of a response body, then cancels the transfer. */
async function readAtMost(res: Response, limit: number): Promise<Uint8Array> {
  const out = new Uint8Array(limit);
  let n = 0;
  const reader = res.body?.getReader();
  if (!reader) return out.subarray(0, 0);
  while (n < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = Math.min(value.byteLength, limit - n);
    out.set(value.subarray(0, take), n);
    n += take;
  }
  await reader.cancel().catch(() => undefined);
  return out.subarray(0, n);
}

/**
 * Fetches and parses a GGUF header from `url` with `Range: bytes=0-(n-1)`, n growing ×4 from
 * `initialBytes` up to `maxBytes` while the header is longer. Throws with the URL on an HTTP error,
 * a file that ends inside its header ("truncated"), a header longer than `maxBytes`, or a corrupt one.
 */
export async function fetchGgufHeader(url: string, options: GgufRangeOptions = {}): Promise<ReturnType<typeof parseGgufHeader>> {
  const max = options.maxBytes ?? GGUF_MAX_BYTES;
  let size = Math.min(options.initialBytes ?? GGUF_INITIAL_BYTES, max);
  for (;;) {
    const res = await fetch(url, {
      headers: { range: `bytes=0-${size - 1}`, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (res.status === 401 || res.status === 403) throw new Error(`${url}: HTTP ${res.status} — the repo is gated or private; set the hub token`);
    if (res.status !== 206 && res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    const bytes = await readAtMost(res, size);
    try {
      return parseGgufHeader(bytes);
    } catch (error) {
      if (!(error instanceof GgufTruncatedError)) throw new Error(`${url}: ${(error as Error).message}`);
      if (bytes.byteLength < size) throw new Error(`${url}: the file ends after ${bytes.byteLength} bytes, inside its GGUF header (truncated download or not a complete GGUF file)`);
      if (size >= max) throw new Error(`${url}: the GGUF header is longer than ${max} bytes (read ${size}); not plausible for a model header`);
      size = Math.min(size * 4, max);
    }
  }
}

/** Files of a repo: Hugging Face `GET /api/models/<id>` (`siblings[].rfilename`), ModelScope `GET /api/v1/models/<id>/repo/files?Revision=master&Recursive=true` (`Data.Files[].Path`, as modelscope/hub/api.py `get_model_files` reads it; recursive because GGUF repos keep quantizations in sub-directories). */
export async function listHubFiles(id: string, options: Pick<HubFetchOptions, "hub" | "endpoint" | "token" | "timeoutMs">): Promise<string[]> {
  const base = endpointOf(options).replace(/\/+$/, "");
  const url = options.hub === "huggingface" ? `${base}/api/models/${id}` : `${base}/api/v1/models/${id}/repo/files?Revision=master&Recursive=true`;
  const token = tokenOf(options);
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const body = (await res.json()) as { siblings?: { rfilename?: unknown }[]; Data?: { Files?: { Path?: unknown }[] } };
  const names = options.hub === "huggingface" ? (body.siblings ?? []).map((s) => s.rfilename) : (body.Data?.Files ?? []).map((f) => f.Path);
  return names.filter((n): n is string => typeof n === "string");
}

/** Tag of a kit quantization in GGUF file names. */
const FILE_TAG: Partial<Record<Quantization, string>> = { "gguf-q4_k_m": "q4_k_m", "gguf-q8_0": "q8_0", fp16: "f16", bf16: "bf16" };

/**
 * The `.gguf` file to read: only first shards of split files (`-00001-of-000NN`), the one whose name
 * carries the wanted quantization's tag (e.g. `q4_k_m`) when given, else the first by name. Undefined without any.
 */
export function pickGgufFile(files: readonly string[], quantization?: Quantization): string | undefined {
  const firstShard = (f: string) => {
    const split = /-(\d+)-of-(\d+)\.gguf$/i.exec(f);
    return !split || Number(split[1]) === 1;
  };
  const ggufs = files.filter((f) => f.toLowerCase().endsWith(".gguf") && firstShard(f)).sort();
  const tag = quantization ? FILE_TAG[quantization] : undefined;
  return (tag && ggufs.find((f) => f.toLowerCase().includes(tag))) || ggufs[0];
}

/** Lists the repo, picks a `.gguf` ({@link pickGgufFile}) and reads its header. Throws when the repo has none. */
export async function fetchGgufModel(id: string, options: HubFetchOptions & GgufRangeOptions & { quantization?: Quantization }): Promise<GgufFetchResult> {
  const files = await listHubFiles(id, options);
  const file = pickGgufFile(files, options.quantization);
  if (!file) throw new Error(`${id} has no .gguf file on ${options.hub} (files: ${files.slice(0, 8).join(", ") || "none"})`);
  const url = hubFileUrl(options.hub, endpointOf(options), id, file);
  const header = await fetchGgufHeader(url, { ...options, token: tokenOf(options) });
  const { config, summary } = ggufToConfig(file, header);
  return { url, file, config, gguf: { ...summary, headerBytes: header.headerBytes } };
}
