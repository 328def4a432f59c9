/**
 * Fetches a model's `config.json` (and `model.safetensors.index.json` when present) from Hugging Face
 * or ModelScope over HTTP with the hub token where the repo is gated. Endpoints come from
 * `HF_ENDPOINT` (default https://huggingface.co) and `MODELSCOPE_ENDPOINT` (default
 * https://www.modelscope.cn); tests point them at a local server. Bounded by a timeout.
 */
import type { HubConfig } from "../../components/plan/hub/config";

/** Where and how to fetch. */
export interface HubFetchOptions {
  hub: "huggingface" | "modelscope";
  /** Base URL; default from the environment (see the file comment). */
  endpoint?: string;
  /** Bearer token (`HF_TOKEN` / `MODELSCOPE_API_TOKEN` by default). */
  token?: string;
  /** Milliseconds before a request is abandoned; default 10,000. */
  timeoutMs?: number;
}

/** What a fetch returns. */
export interface HubFetchResult {
  url: string;
  config: HubConfig;
  checkpointBytes?: number;
}

/** URL of a file of a repo on a hub. */
export function hubFileUrl(hub: HubFetchOptions["hub"], endpoint: string, id: string, file: string): string {
  const base = endpoint.replace(/\/+$/, "");
  return hub === "huggingface" ? `${base}/${id}/resolve/main/${file}` : `${base}/api/v1/models/${id}/repo?Revision=master&FilePath=${encodeURIComponent(file)}`;
}

async function getJson(url: string, token: string | undefined, timeoutMs: number): Promise<{ status: number; body?: unknown }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) return { status: res.status };
  return { status: res.status, body: await res.json() };
}

/** Fetches config.json (required) and the safetensors index (optional). Throws with the URL and status on failure. */
export async function fetchHubConfig(id: string, options: HubFetchOptions): Promise<HubFetchResult> {
  const endpoint = options.endpoint ?? (options.hub === "huggingface" ? (process.env.HF_ENDPOINT ?? "https://huggingface.co") : (process.env.MODELSCOPE_ENDPOINT ?? "https://www.modelscope.cn"));
  const token = options.token ?? (options.hub === "huggingface" ? process.env.HF_TOKEN : process.env.MODELSCOPE_API_TOKEN);
  const timeout = options.timeoutMs ?? 10_000;
  const url = hubFileUrl(options.hub, endpoint, id, "config.json");
  const config = await getJson(url, token, timeout);
  if (config.status === 401 || config.status === 403) throw new Error(`${url}: HTTP ${config.status} — ${id} is gated or private; set ${options.hub === "huggingface" ? "HF_TOKEN" : "MODELSCOPE_API_TOKEN"}`);
  if (!config.body || typeof config.body !== "object") throw new Error(`${url}: HTTP ${config.status}`);
  const out: HubFetchResult = { url, config: config.body as HubConfig };
  try {
    const index = await getJson(hubFileUrl(options.hub, endpoint, id, "model.safetensors.index.json"), token, timeout);
    const total = (index.body as { metadata?: { total_size?: unknown } } | undefined)?.metadata?.total_size;
    if (typeof total === "number") out.checkpointBytes = total;
  } catch {
    // single-file checkpoints have no index: the size stays unknown
  }
  return out;
}
