/**
 * GGUF headers for "any model": a header built byte by byte here (little-endian, GGUF v3, the layout
 * of ggml docs/gguf.md) is parsed into a hand-computed shape; truncated and corrupt input give clear
 * errors; and a local HTTP server (127.0.0.1) that honours Range serves the file, so the fetch grows
 * its range, reads only the header, caches it and sizes the model offline afterwards.
 *
 * The model is Llama-3.1-8B's shape: 32 blocks, hidden 4,096, 32 heads, 8 KV heads, FFN 14,336,
 * vocab 128,256, context 131,072, untied `output.weight`, file type 15 (Q4_K_M). Parameters from the
 * tensor infos: 2 × 128,256 × 4,096 (embeddings, output) + 32 × (2 × 4,096² + 2 × 4,096 × 1,024
 * + 3 × 4,096 × 14,336 + 2 × 4,096 norms) + 4,096 (final norm) = 1,050,673,152 + 6,979,584,000 + 4,096
 * = 8,030,261,248.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { GgufFormatError, GgufTruncatedError, ggufToConfig, parseGgufHeader, shapeFromGguf } from "../components/plan/hub/gguf";
import { kvBytesPerToken } from "../components/plan/sizing";
import { readHubCache } from "../cli/hub/cache";
import { fetchGgufHeader, pickGgufFile } from "../cli/hub/gguf";
import { cachedHubModels, hubModelsFor } from "../cli/hub/resolve";

/** Little-endian byte writer for GGUF. */
class Bytes {
  private parts: Buffer[] = [];
  u8(v: number) { const b = Buffer.alloc(1); b.writeUInt8(v); this.parts.push(b); return this; }
  u32(v: number) { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.parts.push(b); return this; }
  u64(v: number) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.parts.push(b); return this; }
  f32(v: number) { const b = Buffer.alloc(4); b.writeFloatLE(v); this.parts.push(b); return this; }
  raw(b: Buffer) { this.parts.push(b); return this; }
  str(s: string) { const b = Buffer.from(s, "utf8"); return this.u64(b.length).raw(b); }
  kvU32(k: string, v: number) { return this.str(k).u32(4).u32(v); }
  kvStr(k: string, v: string) { return this.str(k).u32(8).str(v); }
  kvF32(k: string, v: number) { return this.str(k).u32(6).f32(v); }
  done() { return Buffer.concat(this.parts); }
}

const H = 4096, FF = 14336, KV = 1024, V = 128256, L = 32;

/** Tensor infos of the model: [name, dims] (GGUF lists the fastest dimension first). */
function tensors(tied = false): [string, number[]][] {
  const out: [string, number[]][] = [["token_embd.weight", [H, V]]];
  for (let i = 0; i < L; i++) {
    out.push([`blk.${i}.attn_q.weight`, [H, H]], [`blk.${i}.attn_k.weight`, [H, KV]], [`blk.${i}.attn_v.weight`, [H, KV]], [`blk.${i}.attn_output.weight`, [H, H]]);
    out.push([`blk.${i}.ffn_gate.weight`, [H, FF]], [`blk.${i}.ffn_up.weight`, [H, FF]], [`blk.${i}.ffn_down.weight`, [FF, H]]);
    out.push([`blk.${i}.attn_norm.weight`, [H]], [`blk.${i}.ffn_norm.weight`, [H]]);
  }
  out.push(["output_norm.weight", [H]]);
  if (!tied) out.push(["output.weight", [H, V]]);
  return out;
}

/** A GGUF v3 header (no tensor data) for the model, with a 3-token vocabulary array and an 8-item u32 array to skip. */
function buildGguf(opts: { version?: number; tied?: boolean; fileType?: number; chatTemplateBytes?: number } = {}): Buffer {
  const list = tensors(opts.tied);
  const kv = new Bytes()
    .kvStr("general.architecture", "llama")
    .kvStr("general.name", "Test Llama 8B")
    .kvU32("general.file_type", opts.fileType ?? 15)
    .kvU32("llama.block_count", L)
    .kvU32("llama.context_length", 131072)
    .kvU32("llama.embedding_length", H)
    .kvU32("llama.feed_forward_length", FF)
    .kvU32("llama.attention.head_count", 32)
    .kvU32("llama.attention.head_count_kv", 8)
    .kvF32("llama.rope.freq_base", 500000)
    .kvU32("llama.vocab_size", V)
    .str("tokenizer.ggml.tokens").u32(9).u32(8).u64(3).str("<s>").str("hi").str("</s>")
    .str("tokenizer.ggml.token_type").u32(9).u32(5).u64(8).raw(Buffer.alloc(32, 1))
    .kvStr("tokenizer.chat_template", "x".repeat(opts.chatTemplateBytes ?? 10))
    .str("general.bool").u32(7).u8(1)
    .done();
  const head = new Bytes().raw(Buffer.from("GGUF", "ascii")).u32(opts.version ?? 3).u64(list.length).u64(15).done();
  const infos = new Bytes();
  let offset = 0;
  for (const [name, dims] of list) {
    infos.str(name).u32(dims.length);
    for (const d of dims) infos.u64(d);
    infos.u32(12).u64(offset); // Q4_K
    offset += 4096;
  }
  return Buffer.concat([head, kv, infos.done()]);
}

const PARAMS = 2 * V * H + L * (2 * H * H + 2 * H * KV + 3 * H * FF + 2 * H) + H; // 8,030,261,248

describe("GGUF header → shape", () => {
  it("reads header, metadata (skipping arrays) and tensor infos of a v3 file", () => {
    const bytes = buildGguf();
    const h = parseGgufHeader(bytes);
    expect(h.version).toBe(3);
    expect(h.tensorCount).toBe(1 + 9 * 32 + 2);
    expect(h.headerBytes).toBe(bytes.length);
    expect(h.metadata["general.architecture"]).toBe("llama");
    expect(h.metadata["llama.rope.freq_base"]).toBe(500000);
    expect(h.metadata["general.bool"]).toBe(true);
    expect(h.metadata["tokenizer.ggml.tokens"]).toEqual({ arrayOf: 8, length: 3, items: ["<s>", "hi", "</s>"] });
    expect(h.tensors.find((t) => t.name === "blk.0.ffn_down.weight")).toEqual({ name: "blk.0.ffn_down.weight", dims: [FF, H], type: 12 });
    expect(PARAMS).toBe(8_030_261_248);
  });

  it("derives the hand-computed shape: 8.03 B parameters, GQA 8 × 128, Q4_K_M, untied", () => {
    const { config, summary } = ggufToConfig("m.gguf", parseGgufHeader(buildGguf()));
    expect(summary).toEqual({ architecture: "llama", fileType: 15, fileTypeName: "Q4_K_M", quantization: "gguf-q4_k_m", parameters: 8_030_261_248, tieWordEmbeddings: false });
    const shape = shapeFromGguf("acme/llama-gguf", config, summary);
    expect(shape).toMatchObject({
      id: "hub:acme/llama-gguf",
      aliases: [{ id: "acme/llama-gguf", quantization: "gguf-q4_k_m" }],
      parametersB: 8.03,
      activeParametersB: 8.03,
      layers: 32,
      attentionHeads: 32,
      kvHeads: 8,
      headDim: 128, // 4,096 / 32
      hiddenSize: 4096,
      intermediateSize: 14336,
      vocabSize: 128256,
      tieWordEmbeddings: false,
      maxContextTokens: 131072,
      source: "hub_gguf",
    });
    expect(kvBytesPerToken(shape, "auto")).toBe(2 * 32 * 8 * 128 * 2); // 131,072 B
  });

  it("no output.weight means tied embeddings; file type 7 is Q8_0, an unknown one keeps no quantization", () => {
    const tied = ggufToConfig("t.gguf", parseGgufHeader(buildGguf({ tied: true, fileType: 7 })));
    expect(tied.summary).toMatchObject({ tieWordEmbeddings: true, quantization: "gguf-q8_0", fileTypeName: "Q8_0", parameters: 8_030_261_248 - V * H });
    expect(ggufToConfig("u.gguf", parseGgufHeader(buildGguf({ fileType: 99 }))).summary).toMatchObject({ fileType: 99, fileTypeName: null, quantization: null });
  });
});

describe("truncated and corrupt input", () => {
  const full = buildGguf();
  it("bytes that end inside the metadata or the tensor infos are truncated (the fetcher grows its range)", () => {
    for (const cut of [3, 20, 100, full.length - 5]) {
      expect(() => parseGgufHeader(full.subarray(0, cut))).toThrow(GgufTruncatedError);
    }
    expect(() => parseGgufHeader(full.subarray(0, 100))).toThrow(/^GGUF header truncated: 100 bytes end inside/);
  });
  it("a wrong magic, GGUF v1, a big-endian file, an unknown value type or an absurd length is a format error naming it", () => {
    const bad = Buffer.from(full);
    bad.write("GGML", 0, "ascii");
    expect(() => parseGgufHeader(bad)).toThrow(new GgufFormatError('not a GGUF file: the first 4 bytes are 47 47 4d 4c, not 47 47 55 46 ("GGUF")'));
    expect(() => parseGgufHeader(buildGguf({ version: 1 }))).toThrow(/GGUF version 1 \(32-bit counts\) is not supported/);
    const big = Buffer.from(full);
    big.writeUInt32BE(3, 4);
    expect(() => parseGgufHeader(big)).toThrow(/GGUF version 50331648 is not supported \(2 or 3\); the file is big-endian/);
    // the first key's value type sits after magic 4 + version 4 + counts 16 + key length 8 + "general.architecture" 20 = byte 52
    const type = Buffer.from(full);
    type.writeUInt32LE(13, 52);
    expect(() => parseGgufHeader(type)).toThrow(/GGUF general.architecture has value type 13 at byte 52; known types are 0–12: corrupt header/);
    const count = Buffer.from(full);
    count.writeBigUInt64LE(2n ** 40n, 16); // metadata count
    expect(() => parseGgufHeader(count)).toThrow(/metadata key\/value count is 1099511627776 at byte 16, above 100000000: corrupt header/);
  });
  it("a header without the shape keys names the missing GGUF keys", () => {
    const minimal = new Bytes().raw(Buffer.from("GGUF")).u32(3).u64(0).u64(1).kvStr("general.architecture", "qwen2").done();
    expect(() => ggufToConfig("q.gguf", parseGgufHeader(minimal))).toThrow("q.gguf: GGUF metadata has no qwen2.block_count, qwen2.embedding_length, qwen2.attention.head_count");
  });
});

describe("file choice", () => {
  it("picks the wanted quantization's file, and only first shards of split files", () => {
    const files = ["README.md", "m-Q8_0.gguf", "m-Q4_K_M-00002-of-00002.gguf", "m-Q4_K_M-00001-of-00002.gguf", "m-f16.gguf"];
    expect(pickGgufFile(files, "gguf-q4_k_m")).toBe("m-Q4_K_M-00001-of-00002.gguf");
    expect(pickGgufFile(files, "gguf-q8_0")).toBe("m-Q8_0.gguf");
    expect(pickGgufFile(files)).toBe("m-Q4_K_M-00001-of-00002.gguf"); // first by name
    expect(pickGgufFile(["config.json"])).toBeUndefined();
  });
});

describe("Range fetch from a local hub (127.0.0.1)", () => {
  const file = buildGguf({ chatTemplateBytes: 5000 }); // ~30 KB of header
  const truncated = file.subarray(0, 1000);
  let server: http.Server;
  let endpoint = "";
  const ranges: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpukit-gguf-"));
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = req.url ?? "";
      if (url === "/api/models/acme/Llama-GGUF") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ siblings: [{ rfilename: "README.md" }, { rfilename: "llama-Q8_0.gguf" }, { rfilename: "llama-Q4_K_M.gguf" }] }));
      const body = url.endsWith("/llama-Q4_K_M.gguf") || url.endsWith("/llama-Q8_0.gguf") ? file : url.endsWith("/cut.gguf") ? truncated : undefined;
      if (!body) return void res.writeHead(404).end();
      ranges.push(`${url.split("/").pop()} ${req.headers.range ?? "none"}`);
      const m = /^bytes=0-(\d+)$/.exec(String(req.headers.range ?? ""));
      if (!m) return void res.writeHead(200).end(body);
      const end = Math.min(Number(m[1]), body.length - 1);
      res.writeHead(206, { "content-range": `bytes 0-${end}/${body.length}` }).end(body.subarray(0, end + 1));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("grows the range ×4 until the header parses: 1 KiB, 4 KiB, 16 KiB, 64 KiB", async () => {
    ranges.length = 0;
    const h = await fetchGgufHeader(`${endpoint}/acme/Llama-GGUF/resolve/main/llama-Q4_K_M.gguf`, { initialBytes: 1024 });
    expect(h.headerBytes).toBe(file.length);
    expect(file.length).toBeGreaterThan(16384);
    expect(file.length).toBeLessThan(65536);
    expect(ranges).toEqual(["llama-Q4_K_M.gguf bytes=0-1023", "llama-Q4_K_M.gguf bytes=0-4095", "llama-Q4_K_M.gguf bytes=0-16383", "llama-Q4_K_M.gguf bytes=0-65535"]);
  });

  it("a file that ends inside its header is reported as truncated; a cap below the header length says so", async () => {
    await expect(fetchGgufHeader(`${endpoint}/acme/x/resolve/main/cut.gguf`, { initialBytes: 512 })).rejects.toThrow(/cut\.gguf: the file ends after 1000 bytes, inside its GGUF header \(truncated download or not a complete GGUF file\)/);
    await expect(fetchGgufHeader(`${endpoint}/acme/Llama-GGUF/resolve/main/llama-Q4_K_M.gguf`, { initialBytes: 1024, maxBytes: 4096 })).rejects.toThrow(/the GGUF header is longer than 4096 bytes/);
    await expect(fetchGgufHeader(`${endpoint}/acme/x/resolve/main/none.gguf`)).rejects.toThrow(/none\.gguf: HTTP 404/);
  });

  it("a repo without config.json: lists its files, reads the Q4_K_M header, caches it, and later runs offline from the cache", async () => {
    const cacheFile = path.join(dir, "cache.json");
    const notes: string[] = [];
    const io = { stderr: (t: string) => notes.push(t) };
    const catalog = loadCatalog();
    const got = await hubModelsFor("acme/Llama-GGUF", catalog, { cacheFile, endpoint, gguf: { initialBytes: 4096 } }, io);
    expect(got!.models[0]).toMatchObject({ parametersB: 8.03, layers: 32, kvHeads: 8, aliases: [{ id: "acme/Llama-GGUF", quantization: "gguf-q4_k_m" }] });
    expect(notes.join("")).toMatch(/has no config\.json; read the GGUF header of llama-Q4_K_M\.gguf \(\d+ bytes, llama, Q4_K_M\) from http:\/\/127\.0\.0\.1:\d+\/acme\/Llama-GGUF\/resolve\/main\/llama-Q4_K_M\.gguf and cached it/);
    const entry = readHubCache(cacheFile).models["acme/Llama-GGUF"]!;
    expect(entry.gguf).toMatchObject({ file: "llama-Q4_K_M.gguf", fileType: 15, parameters: 8_030_261_248, headerBytes: file.length });
    expect(entry.config).toMatchObject({ num_hidden_layers: 32, hidden_size: 4096, num_key_value_heads: 8 });
    ranges.length = 0;
    const again = await hubModelsFor("acme/Llama-GGUF", catalog, { cacheFile, endpoint, offline: true }, io);
    expect(ranges).toEqual([]); // from the cache, no request
    expect(notes[1]).toMatch(/using the GGUF header of llama-Q4_K_M\.gguf from the cache/);
    expect(again!.models[0]!.parametersB).toBe(8.03);
    expect(cachedHubModels(cacheFile)!.models[0]!.aliases).toEqual([{ id: "acme/Llama-GGUF", quantization: "gguf-q4_k_m" }]);
  });

  it("neither config.json nor a .gguf: the note gives both reasons", async () => {
    const notes: string[] = [];
    expect(await hubModelsFor("acme/Nothing", loadCatalog(), { cacheFile: path.join(dir, "n.json"), endpoint }, { stderr: (t) => notes.push(t) })).toBeUndefined();
    expect(notes.join("")).toMatch(/its config\.json could not be fetched \(.*HTTP 404\) nor a GGUF header read \(.*api\/models\/acme\/Nothing: HTTP 404\); pass --parameters/);
  });
});
