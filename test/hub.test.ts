/**
 * Any model: config.json parsing (hand-computed parameter counts), and the fetch + cache path against
 * a local HTTP server on 127.0.0.1 serving recorded hub responses (test/fixtures/hub/). Never the
 * internet: HF_ENDPOINT points at the local server for the CLI run.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { countParameters, quantizationOf, shapeFromConfig, type HubConfig } from "../components/plan/hub/config";
import { kvBytesPerToken } from "../components/plan/sizing";
import { readHubCache } from "../cli/hub/cache";
import { hubFileUrl } from "../cli/hub/fetch";
import { cachedHubModels, hubModelsFor } from "../cli/hub/resolve";
import { runCli } from "./helpers/cli";

const FIX = path.join(__dirname, "fixtures", "hub");
const read = (f: string): HubConfig => JSON.parse(fs.readFileSync(path.join(FIX, f), "utf8"));
const catalog = loadCatalog();

describe("config.json → shape", () => {
  it("DeepSeek-V3: 671.0 B total and 37.6 B active from the config, MLA 70,272 B/token, FP8 published", () => {
    const c = read("deepseek-v3.config.json");
    const attention = 7168 * 1536 + 1536 * 128 * (128 + 64) + 7168 * (512 + 64) + 512 * 128 * (128 + 128) + 128 * 128 * 7168; // 187,105,280
    const expert = 3 * 7168 * 2048;
    const common = 129280 * 7168 * 2 + 61 * attention + 3 * (3 * 7168 * 18432) + 58 * 7168 * 256;
    const { totalB, activeB } = countParameters(c);
    expect(totalB).toBeCloseTo((common + 58 * (256 + 1) * expert) / 1e9, 6); // 671.025
    expect(activeB).toBeCloseTo((common + 58 * (8 + 1) * expert) / 1e9, 6); // 37.551
    const shape = shapeFromConfig("deepseek-ai/DeepSeek-V3", c);
    expect(shape).toMatchObject({ layers: 61, mla: { kvLoraRank: 512, qkRopeHeadDim: 64 }, moe: { experts: 256, expertsPerToken: 8, sharedExperts: 1, moeIntermediateSize: 2048 }, maxContextTokens: 163840 });
    expect(kvBytesPerToken(shape, "auto")).toBe(70272);
    expect(quantizationOf(c)).toBe("fp8");
    expect(shape.aliases).toEqual([{ id: "deepseek-ai/DeepSeek-V3", quantization: "fp8" }]);
  });
  it("a self-quantized Qwen2.5-72B AWQ keeps its unpadded 29,568 and ignores the disabled sliding window", () => {
    const shape = shapeFromConfig("my-org/Qwen2.5-72B-AWQ", read("qwen25-72b-awq-selfquant.config.json"));
    expect(shape).toMatchObject({ intermediateSize: 29568, kvHeads: 8, headDim: 128, vocabSize: 152064 });
    expect(shape.slidingWindow).toBeUndefined();
    // 152064 × 8192 × 2 + 80 × (2 × 8192² + 2 × 8192 × 1024 + 3 × 8192 × 29568) = 72.6 B (Qwen's card: 72.7 B with biases and norms)
    expect(shape.parametersB).toBeCloseTo((152064 * 8192 * 2 + 80 * (2 * 8192 * 8192 + 2 * 8192 * 1024 + 3 * 8192 * 29568)) / 1e9, 3);
  });
  it("refuses a config without the fields sizing needs, naming them", () => {
    expect(() => shapeFromConfig("x/y", { model_type: "x" })).toThrow(/config.json has no hidden_size; config.json has no num_hidden_layers; config.json has no num_attention_heads/);
  });
  it("builds Hugging Face and ModelScope file URLs", () => {
    expect(hubFileUrl("huggingface", "https://huggingface.co/", "a/b", "config.json")).toBe("https://huggingface.co/a/b/resolve/main/config.json");
    expect(hubFileUrl("modelscope", "https://www.modelscope.cn", "a/b", "config.json")).toBe("https://www.modelscope.cn/api/v1/models/a/b/repo?Revision=master&FilePath=config.json");
  });
});

describe("fetch and cache against a local hub (127.0.0.1)", () => {
  let server: http.Server;
  let endpoint = "";
  const hits: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpukit-hub-"));
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? "");
      const routes: Record<string, string> = {
        "/my-org/Qwen2.5-72B-AWQ/resolve/main/config.json": "qwen25-72b-awq-selfquant.config.json",
        "/my-org/Qwen2.5-72B-AWQ/resolve/main/model.safetensors.index.json": "qwen25-72b-awq-selfquant.index.json",
        "/deepseek-ai/DeepSeek-V3-Fork/resolve/main/config.json": "deepseek-v3.config.json",
      };
      if (req.url?.startsWith("/gated-org/")) {
        res.writeHead(req.headers.authorization === "Bearer secret" ? 404 : 401).end();
        return;
      }
      const file = routes[req.url ?? ""];
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(fs.readFileSync(path.join(FIX, file)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fetches config.json and the safetensors index once, caches them, and says where the shape came from", async () => {
    const cacheFile = path.join(dir, "cache-a.json");
    const notes: string[] = [];
    const io = { stderr: (t: string) => notes.push(t) };
    const got = await hubModelsFor("my-org/Qwen2.5-72B-AWQ", catalog, { cacheFile, endpoint }, io);
    expect(got!.models[0].intermediateSize).toBe(29568);
    expect(notes.join("")).toMatch(/read its config.json from http:\/\/127\.0\.0\.1:\d+\/my-org\/Qwen2\.5-72B-AWQ\/resolve\/main\/config\.json and cached it/);
    expect(readHubCache(cacheFile).models["my-org/Qwen2.5-72B-AWQ"]).toMatchObject({ hub: "huggingface", checkpointBytes: 41460000000 });
    const before = hits.length;
    const again = await hubModelsFor("my-org/Qwen2.5-72B-AWQ", catalog, { cacheFile, endpoint, offline: true }, io);
    expect(hits.length).toBe(before); // offline: from the cache, no request
    expect(again!.origin).toMatch(/^cache /);
    expect(notes[1]).toMatch(/using its config.json from the cache/);
    expect(cachedHubModels(cacheFile)!.models.map((m) => m.id)).toEqual(["hub:my-org/Qwen2.5-72B-AWQ"]);
  });
  it("offline without a cache entry: no request, and a note saying to pass --parameters", async () => {
    const notes: string[] = [];
    const before = hits.length;
    expect(await hubModelsFor("my-org/Other", catalog, { cacheFile: path.join(dir, "none.json"), endpoint, offline: true }, { stderr: (t) => notes.push(t) })).toBeUndefined();
    expect(hits.length).toBe(before);
    expect(notes.join("")).toMatch(/--offline forbids a fetch: pass --parameters/);
  });
  it("a gated repo without a token says which token to set", async () => {
    const notes: string[] = [];
    expect(await hubModelsFor("gated-org/model", catalog, { cacheFile: path.join(dir, "g.json"), endpoint }, { stderr: (t) => notes.push(t) })).toBeUndefined();
    expect(notes.join("")).toMatch(/HTTP 401 — gated-org\/model is gated or private; set HF_TOKEN/);
  });
  it("catalog models never touch the network", async () => {
    const before = hits.length;
    expect(await hubModelsFor("Qwen/Qwen2.5-7B-Instruct", catalog, { cacheFile: path.join(dir, "c.json"), endpoint }, { stderr: () => undefined })).toBeUndefined();
    expect(hits.length).toBe(before);
  });
  it("gpukit size sizes a hub-only model: the self-quantized AWQ refuses TP 2 on 2-GPU offerings", async () => {
    const saved = process.env.HF_ENDPOINT;
    process.env.HF_ENDPOINT = endpoint;
    try {
      const cacheFile = path.join(dir, "cli.json");
      const r = await runCli(["size", "--model", "my-org/Qwen2.5-72B-AWQ", "--cloud", "alicloud", "--region", "cn-hangzhou", "--hub-cache", cacheFile, "--format", "json"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/read its config.json from http:\/\/127\.0\.0\.1/);
      const report = JSON.parse(r.stdout);
      expect(report.assumptions.workload).toMatchObject({ quantization: "awq", shapeSource: "hub" });
      const twoL20 = report.infeasible.find((i: { instanceType: string }) => i.instanceType === "ecs.gn8is-2x.8xlarge");
      expect(twoL20.reason).toMatch(/tensor parallel 2 refused: intermediate_size 29568 \/ 2 = 14784 is not a multiple of the awq kernel group 128/);
      expect(report.options.every((o: { tensorParallel: number }) => o.tensorParallel === 1)).toBe(true);
      // the DeepSeek fork is read from the same local hub with its MLA cache
      const ds = await runCli(["size", "--model", "deepseek-ai/DeepSeek-V3-Fork", "--cloud", "aws", "--region", "us-west-2", "--hub-cache", cacheFile, "--format", "json"]);
      expect(JSON.parse(ds.stdout).assumptions.workload).toMatchObject({ quantization: "fp8", shapeSource: "hub" });
    } finally {
      if (saved === undefined) delete process.env.HF_ENDPOINT;
      else process.env.HF_ENDPOINT = saved;
    }
  });
});
