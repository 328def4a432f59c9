/**
 * The local hub-config cache: one JSON file (default `.gpukit/hub-cache.json`, meant to be committed)
 * holding each fetched model's `config.json`, where it came from and when, and the checkpoint size from
 * `model.safetensors.index.json`. Offline runs read it; nothing here touches the network.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { HubConfig } from "../../components/plan/hub/config";
import type { GgufSummary } from "../../components/plan/hub/gguf";

/** Default cache file, relative to the working directory. */
export const DEFAULT_HUB_CACHE = path.join(".gpukit", "hub-cache.json");

/** One cached model. */
export interface HubCacheEntry {
  /** `huggingface` or `modelscope`. */
  hub: "huggingface" | "modelscope";
  /** URL the config was read from. */
  url: string;
  /** ISO timestamp of the fetch. */
  fetchedAt: string;
  config: HubConfig;
  /** `metadata.total_size` of `model.safetensors.index.json` in bytes, when the repo has one. */
  checkpointBytes?: number;
  /**
   * Set when the shape came from a GGUF header (`config` is then the header translated to
   * `config.json` key names): the file read, what its header says and how many bytes it took.
   */
  gguf?: GgufSummary & { file: string; headerBytes: number };
}

/** The cache file. */
export interface HubCache {
  version: 1;
  models: Record<string, HubCacheEntry>;
}

/** Reads the cache; an absent file is an empty cache. Throws on a malformed file, naming it. */
export function readHubCache(file: string = DEFAULT_HUB_CACHE): HubCache {
  if (!fs.existsSync(file)) return { version: 1, models: {} };
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as HubCache;
  if (parsed?.version !== 1 || typeof parsed.models !== "object") throw new Error(`${file}: not a gpukit hub cache (version 1 with a models object)`);
  return parsed;
}

/** Adds or replaces one model and writes the file (creating its directory). */
export function writeHubCacheEntry(file: string, id: string, entry: HubCacheEntry): void {
  const cache = readHubCache(file);
  cache.models[id] = entry;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(cache, null, 2)}\n`);
}
