/**
 * Hub configs for `gpukit size` and the planner: a model outside the catalog is looked up in the
 * cache file, else (unless offline) fetched from its hub and cached; the notes say which. Models in
 * the catalog never touch the network.
 */
import type { Catalog } from "../../catalog";
import { findModel } from "../../catalog";
import { shapeFromConfig } from "../../components/plan/hub/config";
import { shapeFromGguf } from "../../components/plan/hub/gguf";
import type { HubModels } from "../../components/plan/model";
import { DEFAULT_HUB_CACHE, readHubCache, writeHubCacheEntry, type HubCacheEntry } from "./cache";
import { fetchHubConfig } from "./fetch";
import { fetchGgufModel, type GgufRangeOptions } from "./gguf";

/** Where to look. */
export interface HubLookup {
  /** Cache file; default {@link DEFAULT_HUB_CACHE}. */
  cacheFile?: string;
  /** Never fetch (cache and catalog only). */
  offline?: boolean;
  /** Hub to fetch from; default `huggingface`. */
  hub?: "huggingface" | "modelscope";
  endpoint?: string;
  token?: string;
  /** Range settings for GGUF headers (defaults in cli/hub/gguf.ts). */
  gguf?: Pick<GgufRangeOptions, "initialBytes" | "maxBytes">;
}

/** The shape of a cached model: from its GGUF header summary when it has one, else from its config.json. */
export function shapeOfEntry(id: string, entry: Pick<HubCacheEntry, "config" | "gguf">) {
  return entry.gguf ? shapeFromGguf(id, entry.config, entry.gguf) : shapeFromConfig(id, entry.config);
}

/** Every cached model as shapes, for the planner (`planDeployment(spec, stack, catalog, hub)`); undefined when the cache is empty. */
export function cachedHubModels(cacheFile: string = DEFAULT_HUB_CACHE): HubModels | undefined {
  const cache = readHubCache(cacheFile);
  const models = Object.entries(cache.models).map(([id, e]) => shapeOfEntry(id, e));
  return models.length ? { models, origin: `cache ${cacheFile}` } : undefined;
}

/**
 * The hub shape of `id` when it is not in the catalog: from the cache, else fetched and cached.
 * Writes a note to `io.stderr` saying which (or why none). Undefined for catalog models and misses.
 */
export async function hubModelsFor(id: string | undefined, catalog: Catalog, lookup: HubLookup, io: { stderr(text: string): void }): Promise<HubModels | undefined> {
  if (!id || findModel(catalog, id) || !id.includes("/")) return undefined;
  const file = lookup.cacheFile ?? DEFAULT_HUB_CACHE;
  const entry = readHubCache(file).models[id];
  if (entry) {
    const what = entry.gguf ? `the GGUF header of ${entry.gguf.file}` : "its config.json";
    io.stderr(`note: ${id} is not in the catalog; using ${what} from the cache ${file} (fetched ${entry.fetchedAt} from ${entry.url})\n`);
    return { models: [shapeOfEntry(id, entry)], origin: `cache ${file}, fetched ${entry.fetchedAt}` };
  }
  if (lookup.offline) {
    io.stderr(`note: ${id} is not in the catalog nor in the cache ${file}, and --offline forbids a fetch: pass --parameters to estimate its shape\n`);
    return undefined;
  }
  const hub = lookup.hub ?? "huggingface";
  try {
    const fetched = await fetchHubConfig(id, { hub, endpoint: lookup.endpoint, token: lookup.token });
    const shape = shapeFromConfig(id, fetched.config);
    writeHubCacheEntry(file, id, { hub, url: fetched.url, fetchedAt: new Date().toISOString(), config: fetched.config, ...(fetched.checkpointBytes !== undefined ? { checkpointBytes: fetched.checkpointBytes } : {}) });
    io.stderr(`note: ${id} is not in the catalog; read its config.json from ${fetched.url} and cached it in ${file}\n`);
    return { models: [shape], origin: fetched.url };
  } catch (error) {
    const configError = (error as Error).message;
    // No usable config.json: a llama.cpp / Ollama repo publishes .gguf files instead; read one's header.
    try {
      const fetched = await fetchGgufModel(id, { hub, endpoint: lookup.endpoint, token: lookup.token, ...lookup.gguf });
      const gguf = { file: fetched.file, ...fetched.gguf };
      const shape = shapeOfEntry(id, { config: fetched.config, gguf });
      writeHubCacheEntry(file, id, { hub, url: fetched.url, fetchedAt: new Date().toISOString(), config: fetched.config, gguf });
      io.stderr(`note: ${id} is not in the catalog and has no config.json; read the GGUF header of ${fetched.file} (${fetched.gguf.headerBytes} bytes, ${fetched.gguf.architecture}, ${fetched.gguf.fileTypeName ?? "file type unknown"}) from ${fetched.url} and cached it in ${file}\n`);
      return { models: [shape], origin: fetched.url };
    } catch (ggufError) {
      io.stderr(`note: ${id} is not in the catalog; its config.json could not be fetched (${configError}) nor a GGUF header read (${(ggufError as Error).message}); pass --parameters to estimate its shape\n`);
      return undefined;
    }
  }
}
