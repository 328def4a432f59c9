import { describe, expect, it } from "vitest";
import { findOffering, loadCatalog, offeringsIn, type Offering } from "../catalog";
import { UsageError, type CliIo } from "../cli/command";
import { sizeCommand, sizeOptions, type SizeOption, type SizeQuery } from "../cli/commands/size";

const catalog = loadCatalog();

/** Runs the command with parseArgs-style values and collects what it writes. */
async function run(values: Record<string, string | boolean | undefined>, positionals: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await sizeCommand.run(values, positionals, io);
  return { code, stdout, stderr };
}

async function usageError(values: Record<string, string | boolean | undefined>): Promise<UsageError> {
  const err = await run(values).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  return err as UsageError;
}

/** USD-equivalent hourly price, computed here from the catalog's FX row (null when unknown). */
function usd(o: { hourlyCost: number | null; currency: string | null }): number | null {
  if (o.hourlyCost === null || o.currency === null) return null;
  return o.currency === "CNY" ? o.hourlyCost / catalog.fx.usdCny : o.hourlyCost;
}

/** Default ranking without a load: cost per million output tokens (USD-equivalent), unknown prices last. */
function expectCheapestFirst(options: ReadonlyArray<{ costPerMillionTokens: number | null; currency: string | null }>): void {
  const prices = options.map((o) => usd({ hourlyCost: o.costPerMillionTokens, currency: o.currency }));
  const firstUnknown = prices.indexOf(null);
  if (firstUnknown >= 0) expect(prices.slice(firstUnknown).every((p) => p === null)).toBe(true);
  const known = prices.filter((p): p is number => p !== null);
  for (let i = 1; i < known.length; i++) expect(known[i]).toBeGreaterThanOrEqual(known[i - 1] - 1e-9);
}

const LLAMA_8B: SizeQuery = { model: "meta-llama/Llama-3.1-8B-Instruct", quantization: "bf16" };
const QWEN_72B_AWQ: SizeQuery = { model: "Qwen/Qwen2.5-72B-Instruct-AWQ" };

describe("gpukit size --format json", () => {
  it("prints exactly one JSON object with the documented fields", async () => {
    const { code, stdout } = await run({ model: "Qwen/Qwen2.5-72B-Instruct-AWQ", quantization: "awq", format: "json" });
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc).sort()).toEqual(["assumptions", "infeasible", "model", "options"]);
    expect(doc.model).toBe("Qwen/Qwen2.5-72B-Instruct-AWQ");
    expect(doc.options.length).toBeGreaterThan(0);
    expect(doc.infeasible.length).toBeGreaterThan(0);
    for (const o of doc.options) {
      expect(Object.keys(o).sort()).toEqual(
        [
          "cloud",
          "costPerMillionTokens",
          "currency",
          "dataParallel",
          "exportControl",
          "gpu",
          "hourlyCost",
          "instanceType",
          "latencyBoundMsPerToken",
          "maxConcurrentSequences",
          "memory",
          "monthlyCostForLoad",
          "performance",
          "priceSource",
          "priceStatus",
          "region",
          "replicasForLoad",
          "tensorParallel",
        ].sort(),
      );
      expect(Object.keys(o.performance).sort()).toEqual(["concurrency", "outputTokensPerSecond", "requestsPerSecond", "tpotMs", "ttftMs"]);
      expect(o.replicasForLoad).toBeNull(); // no load given
      expect(o.monthlyCostForLoad).toBeNull();
      expect(Object.keys(o.exportControl).sort()).toEqual(["since", "status"]
      );
      expect(Object.keys(o.gpu).sort()).toEqual(["count", "memoryGb", "model"]);
      expect(Object.keys(o.memory).sort()).toEqual(["availableGb", "kvCacheGb", "overheadGb", "requiredGb", "weightsGb"]);
      expect(o.memory.requiredGb).toBeLessThanOrEqual(o.memory.availableGb);
      expect(typeof o.latencyBoundMsPerToken).toBe("number");
    }
    for (const i of doc.infeasible) {
      expect(Object.keys(i).sort()).toEqual(["cloud", "instanceType", "reason", "region"]);
      expect(i.reason.length).toBeGreaterThan(0);
    }
    expectCheapestFirst(doc.options);
  });

  it("orders options by cost per million output tokens over the whole list, unknown prices last", () => {
    for (const q of [LLAMA_8B, QWEN_72B_AWQ, { ...LLAMA_8B, engine: "sglang" as const }]) {
      const report = sizeOptions(q, catalog);
      expect(report.options.length).toBeGreaterThan(1);
      expectCheapestFirst(report.options);
    }
  });
});

describe("sizeOptions figures", () => {
  it("matches a hand computation for Llama-3.1-8B bf16 on g6e.xlarge in us-east-1", () => {
    const model = catalog.models.find((m) => m.id === "meta-llama/Llama-3.1-8B-Instruct")!;
    const offering = findOffering(catalog, "aws", "g6e.xlarge") as Offering;
    const gpu = catalog.gpus.find((g) => g.key === offering.gpu)!;
    const price = offering.prices.find((p) => p.regions.includes("us-east-1"))!;

    const context = Math.min(model.maxContextTokens, 8192);
    const weightsGb = (model.parametersB * 1e9 * 2) / 1e9; // bf16: 2 bytes per weight
    const kvPerToken = 2 * model.layers * model.kvHeads * model.headDim * 2; // K and V, 2-byte elements
    const kvCacheGb = (kvPerToken * context * 16) / 1e9;
    const overheadGb = 3.3; // vLLM at tensor parallel 1 (PR #10511 profile)
    const availableGb = 48 * 0.9; // L40S: 45,776 MiB = 48.0 GB
    const maxSeqs = Math.floor((availableGb - weightsGb - overheadGb) / ((kvPerToken * context) / 1e9)); // (43.2 − 16.06 − 3.3) / 1.07 = 22
    const latencyMs = Math.round(((weightsGb + (kvPerToken * context) / 1e9) / gpu.memoryBandwidthGBs) * 1000 * 100) / 100; // weights + one 8k KV read

    const report = sizeOptions({ ...LLAMA_8B, cloud: "aws", region: "us-east-1" }, catalog);
    const o = report.options.find((x) => x.instanceType === "g6e.xlarge")!;
    expect(o).toBeDefined();
    expect(o.tensorParallel).toBe(1);
    expect(o.gpu).toEqual({ model: gpu.key, count: 1, memoryGb: 48 });
    expect(o.memory.weightsGb).toBeCloseTo(weightsGb, 2);
    expect(o.memory.kvCacheGb).toBeCloseTo(kvCacheGb, 2);
    expect(o.memory.overheadGb).toBe(overheadGb);
    expect(o.memory.requiredGb).toBeCloseTo(weightsGb + kvCacheGb + overheadGb, 1);
    expect(o.memory.availableGb).toBeCloseTo(availableGb, 2);
    expect(o.maxConcurrentSequences).toBe(maxSeqs);
    expect(o.latencyBoundMsPerToken).toBeCloseTo(latencyMs, 2);
    expect(o.hourlyCost).toBe(price.hourly);
    expect(o.currency).toBe(price.currency);
    expect(o.performance.concurrency).toBe(16); // min(--concurrency 16, 22 that fit)
    expect(o.costPerMillionTokens).toBeCloseTo((price.hourly! / (o.performance.outputTokensPerSecond * 3600)) * 1e6, 2);
    expect(report.workload.contextTokens).toBe(context);
    expect(report.workload.concurrency).toBe(16);
  });

  it("computes cost per million tokens from the hourly price and the modelled throughput of the instance", () => {
    const report = sizeOptions({ ...QWEN_72B_AWQ, concurrency: 64 }, catalog);
    const check = (o: SizeOption): void => {
      expect(o.dataParallel).toBe(Math.floor(o.gpu.count / o.tensorParallel));
      expect(o.performance.concurrency).toBeLessThanOrEqual(Math.min(64, Math.max(1, o.maxConcurrentSequences)));
      if (o.hourlyCost === null) {
        expect(o.costPerMillionTokens).toBeNull();
      } else {
        expect(o.costPerMillionTokens!).toBeCloseTo((o.hourlyCost / (o.performance.outputTokensPerSecond * 3600)) * 1e6, 1);
      }
    };
    expect(report.options.length).toBeGreaterThan(3);
    report.options.forEach(check);
  });

  it("with a load and an SLO: per-option performance within the SLO, replicas and monthly cost for the load, ranked by it", () => {
    const report = sizeOptions({ ...QWEN_72B_AWQ, cloud: "alicloud", region: "cn-hangzhou", concurrency: 100, sloTtftMs: 1000, sloTpotMs: 50 }, catalog);
    expect(report.workload.load).toEqual({ concurrentUsers: 100 });
    expect(report.options.length).toBeGreaterThan(1);
    for (const o of report.options) {
      expect(o.performance.ttftMs).toBeLessThanOrEqual(1000);
      expect(o.performance.tpotMs).toBeLessThanOrEqual(50);
      expect(o.replicasForLoad).toBe(Math.ceil(Math.ceil(100 / o.performance.concurrency) / o.dataParallel));
      expect(o.monthlyCostForLoad).toBeCloseTo(o.replicasForLoad! * o.hourlyCost! * 730, 1);
    }
    const monthly = report.options.map((o) => usd({ hourlyCost: o.monthlyCostForLoad, currency: o.currency })!);
    for (let i = 1; i < monthly.length; i++) expect(monthly[i]).toBeGreaterThanOrEqual(monthly[i - 1] - 1e-6);
  });

  it("--rank-by latency orders by TPOT, --rank-by hourly by price", () => {
    const lat = sizeOptions({ ...LLAMA_8B, cloud: "aws", rankBy: "latency" }, catalog).options.map((o) => o.performance.tpotMs);
    for (let i = 1; i < lat.length; i++) expect(lat[i]).toBeGreaterThanOrEqual(lat[i - 1] - 0.01);
    const hourly = sizeOptions({ ...LLAMA_8B, cloud: "aws", region: "us-east-1", rankBy: "hourly" }, catalog).options.map((o) => o.hourlyCost!);
    for (let i = 1; i < hourly.length; i++) expect(hourly[i]).toBeGreaterThanOrEqual(hourly[i - 1]);
  });

  it("--gpu X --gpus N evaluates one configuration outside any cloud (on-premises RTX 4090), unpriced", () => {
    const report = sizeOptions({ model: "Qwen/Qwen2.5-7B-Instruct-AWQ", gpu: "RTX 4090", gpus: 2 }, catalog);
    expect(report.options).toHaveLength(1);
    const o = report.options[0];
    expect(o).toMatchObject({ cloud: "on-premises", region: "on-premises", instanceType: "2x RTX4090", hourlyCost: null, costPerMillionTokens: null });
    expect(o.gpu).toEqual({ model: "RTX4090", count: 2, memoryGb: 25.8 });
    expect(o.performance.outputTokensPerSecond).toBeGreaterThan(0);
    const a10 = sizeOptions({ model: "hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4", gpu: "A10" }, catalog);
    expect(a10.options.length).toBeGreaterThan(0);
    expect(new Set(a10.options.map((x) => x.gpu.model))).toEqual(new Set(["A10"]));
  });

  it("Ollama library names resolve for engine ollama", () => {
    const report = sizeOptions({ model: "qwen2.5:7b", engine: "ollama", gpu: "RTX4090D", gpus: 1 }, catalog);
    expect(report.workload).toMatchObject({ quantization: "gguf-q4_k_m", parametersB: 7.61, shapeSource: "catalog" });
  });

  it("defaults the context to the model's maximum capped at 8192 and the quantization to the published one", () => {
    expect(sizeOptions(QWEN_72B_AWQ, catalog).workload).toMatchObject({ quantization: "awq", contextTokens: 8192, concurrency: 16, engine: "vllm" });
    const small = catalog.models.reduce((a, b) => (a.maxContextTokens <= b.maxContextTokens ? a : b));
    expect(sizeOptions({ model: small.id, quantization: "bf16" }, catalog).workload.contextTokens).toBe(Math.min(small.maxContextTokens, 8192));
    expect(sizeOptions({ ...LLAMA_8B, context: 2048 }, catalog).workload.contextTokens).toBe(2048);
  });
});

describe("filters", () => {
  it("--cloud keeps one cloud", () => {
    const report = sizeOptions({ ...LLAMA_8B, cloud: "tencentcloud" }, catalog);
    expect(report.options.length).toBeGreaterThan(0);
    expect([...report.options, ...report.infeasible].every((r) => r.cloud === "tencentcloud")).toBe(true);
  });

  it("--region with --cloud keeps one region; without --cloud it searches every cloud for that id", () => {
    const one = sizeOptions({ ...LLAMA_8B, cloud: "aws", region: "us-east-1" }, catalog);
    expect([...one.options, ...one.infeasible].every((r) => r.cloud === "aws" && r.region === "us-east-1")).toBe(true);
    // cn-beijing is a region id on more than one cloud; every cloud selling GPUs there must appear.
    const clouds = new Set(catalog.regions.filter((r) => r.region === "cn-beijing" && offeringsIn(catalog, r.cloud, r.region).length > 0).map((r) => r.cloud));
    expect(clouds.size).toBeGreaterThan(1);
    const any = sizeOptions({ ...LLAMA_8B, region: "cn-beijing" }, catalog);
    const rows = [...any.options, ...any.infeasible];
    expect(rows.every((r) => r.region === "cn-beijing")).toBe(true);
    expect(new Set(rows.map((r) => r.cloud))).toEqual(clouds);
  });

  it("rejects a region the cloud does not have, listing the cloud's regions", async () => {
    const err = await usageError({ model: LLAMA_8B.model, quantization: "bf16", cloud: "aws", region: "cn-hangzhou" });
    expect(err.message).toContain("--region cn-hangzhou");
    expect(err.message).toContain("us-east-1");
  });
});

describe("model and option errors", () => {
  it("an unknown model without --parameters is a UsageError naming --parameters and the known models", async () => {
    expect(() => sizeOptions({ model: "acme/unknown-13b", quantization: "bf16" }, catalog)).toThrow(UsageError);
    const err = await usageError({ model: "acme/unknown-13b", quantization: "bf16" });
    expect(err.message).toContain("--parameters");
    expect(err.message).toContain("acme/unknown-13b");
    expect(err.message).toContain(catalog.models[0].id);
  });

  it("an unknown model with --parameters is sized from an estimated shape", async () => {
    const report = sizeOptions({ model: "acme/unknown-13b", parameters: 13, quantization: "bf16", cloud: "aws" }, catalog);
    expect(report.options.length).toBeGreaterThan(0);
    expect(report.workload).toMatchObject({ parametersB: 13, catalogued: false, contextTokens: 8192 });
    expect(report.warnings.join(" ")).toContain("estimated");
    const { code, stdout } = await run({ model: "acme/unknown-13b", parameters: "13", quantization: "bf16", format: "json" });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).options[0].memory.weightsGb).toBeCloseTo(26, 2);
  });

  it("reports a bad quantization, engine and cloud together, each with its allowed values", async () => {
    const err = await usageError({ model: LLAMA_8B.model, quantization: "int3", engine: "fastllm", cloud: "gcp", concurrency: "0", context: "1.5" });
    for (const text of ['"int3"', '"fastllm"', '"gcp"', "--concurrency", "--context", "gguf-q4_k_m", "tensorrt-llm", "volcengine"]) {
      expect(err.message).toContain(text);
    }
  });

  it("requires --model, a quantization for unpublished ids, and no positionals", async () => {
    expect((await usageError({})).message).toContain("--model is required");
    expect((await usageError({ model: LLAMA_8B.model })).message).toContain("--quantization is required");
    expect((await usageError({ model: QWEN_72B_AWQ.model, quantization: "bf16" })).message).toContain("published in awq");
    await expect(run({ model: LLAMA_8B.model, quantization: "bf16" }, ["extra"])).rejects.toBeInstanceOf(UsageError);
  });
});

describe("feasibility", () => {
  it("offers the GPUs mainland offerings list (A100 on gn7/gn7e) with their export-control status, and refuses none for it", () => {
    const report = sizeOptions({ ...LLAMA_8B, cloud: "alicloud", region: "cn-hangzhou" }, catalog);
    const a100 = report.options.filter((o) => o.gpu.model.startsWith("A100"));
    expect(a100.length).toBeGreaterThan(0);
    for (const o of a100) expect(o.exportControl).toEqual({ status: "licence-required", since: "2022-10-07" });
    expect(report.infeasible.some((i) => /export/.test(i.reason))).toBe(false);
  });

  it("reports bad --gpu/--gpus/--rps combinations together", async () => {
    const message = (await usageError({ model: LLAMA_8B.model, quantization: "bf16", gpus: "2", rps: "3", concurrency: "4", "rank-by": "fastest", cloud: "aws" })).message;
    expect(message).toContain("--gpus needs --gpu");
    expect(message).toContain("--rps and --concurrency are two ways to give the load");
    expect(message).toContain('--rank-by "fastest" is not valid; allowed: cost, hourly, cost-per-token, latency');
    expect((await usageError({ model: LLAMA_8B.model, quantization: "bf16", gpu: "H300" })).message).toContain("--gpu H300 is not in the catalog");
  });

  it("GGUF on TGI is infeasible everywhere, with the reason", () => {
    const report = sizeOptions({ ...LLAMA_8B, quantization: "gguf-q4_k_m", engine: "tgi", cloud: "aws" }, catalog);
    expect(report.options).toEqual([]);
    expect(report.infeasible.length).toBeGreaterThan(0);
    for (const i of report.infeasible) expect(i.reason).toMatch(/GGUF/);
  });
});

describe("gpukit size table", () => {
  it("fits 120 columns, shows the top 15 options and counts the rest; --all shows everything", async () => {
    const { code, stdout } = await run({ model: "Qwen/Qwen2.5-72B-Instruct-AWQ", quantization: "awq" });
    expect(code).toBe(0);
    for (const line of stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(120);
    expect(stdout).toContain("Infeasible:");
    expect(stdout).toMatch(/… and \d+ more option/);
    expect(stdout).toContain("Assumptions:");
    const ranks = (text: string) => [...text.matchAll(/^│\s+(\d+) │/gm)].map((m) => Number(m[1]));
    expect(Math.max(...ranks(stdout))).toBe(15);
    const full = await run({ model: "Qwen/Qwen2.5-72B-Instruct-AWQ", all: true });
    const report = sizeOptions(QWEN_72B_AWQ, catalog);
    expect(Math.max(...ranks(full.stdout))).toBe(report.options.length);
    expect(full.stdout).not.toMatch(/… and \d+ more/);
    for (const line of full.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(120);
  });

  it("says so when nothing fits", async () => {
    const { stdout } = await run({ model: LLAMA_8B.model, quantization: "gguf-q4_k_m", engine: "tgi", cloud: "aws" });
    expect(stdout).toContain("No offering can serve this workload");
    expect(stdout).toContain("GGUF");
  });
});
