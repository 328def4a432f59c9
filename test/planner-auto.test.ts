/**
 * `gpu: auto` against a brute-force search: for several load/SLO cases, every (offering, tensor-parallel
 * degree) of the region is enumerated here with its own loops — divisibility, fit, a linear scan of
 * concurrencies for the SLO, replicas and monthly cost written out by hand — and the planner's pick
 * must have the minimum objective. The brute force reuses only the model primitives
 * (sizeReplica, performanceAt), not the planner's search, ranking or replica arithmetic.
 */
import { describe, expect, it } from "vitest";
import { convertCurrency, findGpu, findModel, findRegion, loadCatalog, offeringsIn, priceOf, type Cloud, type Quantization } from "../catalog";
import { planDeployment } from "../components/plan";
import { evaluateOffering } from "../components/plan/offering";
import { checkCompatibility } from "../components/engines/compatibility";
import { factorFor, meetsSlo, performanceAt, type PerformanceOption } from "../components/plan/performance";
import { runtimeOverheadGb, sizeReplica } from "../components/plan/sizing";
import { parseDeploymentSpec, type DeploymentSpecInput } from "../components/spec";
import { clone, devSpec } from "./fixtures/specs";

const catalog = loadCatalog();

interface Case {
  name: string;
  model: string;
  quantization: Quantization;
  cloud: Cloud;
  region: string;
  load: { concurrentUsers?: number; requestsPerSecond?: number };
  inputTokens: number;
  outputTokens: number;
  slo: { ttftMs?: number; tpotMs?: number };
  rankBy?: "cost" | "latency";
}

const CASES: Case[] = [
  { name: "Qwen2.5-72B AWQ, 100 users, TTFT ≤ 1 s, TPOT ≤ 50 ms, cn-hangzhou", model: "Qwen/Qwen2.5-72B-Instruct-AWQ", quantization: "awq", cloud: "alicloud", region: "cn-hangzhou", load: { concurrentUsers: 100 }, inputTokens: 1024, outputTokens: 256, slo: { ttftMs: 1000, tpotMs: 50 } },
  { name: "Llama-3.1-8B bf16, 20 req/s, TPOT ≤ 30 ms, us-east-1", model: "meta-llama/Llama-3.1-8B-Instruct", quantization: "bf16", cloud: "aws", region: "us-east-1", load: { requestsPerSecond: 20 }, inputTokens: 512, outputTokens: 128, slo: { tpotMs: 30 } },
  { name: "Qwen2.5-7B AWQ, 500 users, TTFT ≤ 2 s, ap-guangzhou", model: "Qwen/Qwen2.5-7B-Instruct-AWQ", quantization: "awq", cloud: "tencentcloud", region: "ap-guangzhou", load: { concurrentUsers: 500 }, inputTokens: 2000, outputTokens: 500, slo: { ttftMs: 2000 } },
  { name: "Llama-3.1-70B bf16, 50 users, lowest TPOT, us-west-2", model: "meta-llama/Llama-3.1-70B-Instruct", quantization: "bf16", cloud: "aws", region: "us-west-2", load: { concurrentUsers: 50 }, inputTokens: 1024, outputTokens: 256, slo: { tpotMs: 80 }, rankBy: "latency" },
];

function specFor(c: Case): DeploymentSpecInput {
  const raw = clone(devSpec());
  const gated = findModel(catalog, c.model)!.shape.gated;
  raw.model = { id: c.model, source: "modelscope", quantization: c.quantization, maxContextTokens: 8192, ...(gated ? { source: "huggingface", hubTokenSecret: "hfToken" } : {}) };
  raw.engine = { name: "vllm" };
  const mirror = c.cloud === "alicloud" ? { registryMirror: `registry-vpc.${c.region}.aliyuncs.com/acme` } : c.cloud === "tencentcloud" ? { registryMirror: "ccr.ccs.tencentyun.com/acme" } : {};
  raw.targets = [{ name: "t1", cloud: c.cloud, region: c.region, gpu: "auto", replicas: { min: 1, max: 1000 }, runtime: "vm", ...mirror }];
  raw.compliance = c.cloud === "aws" ? undefined : raw.compliance;
  raw.budget = { monthly: 1e9, currency: "USD" };
  raw.serving = { load: { ...c.load, inputTokens: c.inputTokens, outputTokens: c.outputTokens }, slo: c.slo, rankBy: c.rankBy ?? "cost" };
  return raw;
}

/** Brute force: the minimum objective over every (offering, TP) pair, and the pairs that reach it. */
function bruteForce(c: Case): { best: number; winners: string[]; evaluated: number } {
  const region = findRegion(catalog, c.cloud, c.region)!;
  const shape = { ...findModel(catalog, c.model)!.shape };
  const alias = shape.aliases.find((a) => a.id === c.model);
  if (alias?.intermediateSize) shape.intermediateSize = alias.intermediateSize;
  let best = Infinity;
  let winners: string[] = [];
  let evaluated = 0;
  for (const offering of offeringsIn(catalog, c.cloud, c.region)) {
    const gpu = findGpu(catalog, offering.gpu)!;
    if (checkCompatibility({ engine: "vllm", quantization: c.quantization, kvCacheDtype: "auto", gpu }, catalog.gpus).length) continue;
    const price = priceOf(catalog, offering, region.region);
    for (const tp of [1, 2, 4, 8, 16]) {
      if (tp > offering.gpuCount) continue;
      if (shape.attentionHeads % tp || shape.kvHeads % tp) continue;
      if ((c.quantization === "awq" || c.quantization === "gptq") && tp > 1 && (shape.intermediateSize! / tp) % 128 !== 0) continue;
      const base = { shape, quantization: c.quantization, kvCacheDtype: "auto" as const, gpus: tp, gpuMemoryGb: gpu.memoryGb, gpuMemoryUtilization: 0.9, memoryBandwidthGBs: gpu.memoryBandwidthGBs, overheadGbPerGpu: runtimeOverheadGb("vllm", tp, catalog) };
      if (!sizeReplica({ ...base, maxContextTokens: 8192, maxConcurrentRequests: 1 }).fits) continue;
      const room = sizeReplica({ ...base, maxContextTokens: c.inputTokens + c.outputTokens, maxConcurrentRequests: 1 }).maxConcurrentSequences;
      const option: PerformanceOption = { shape, quantization: c.quantization, kvCacheDtype: "auto", engine: "vllm", gpu, tensorParallel: tp, nvlink: gpu.nvlinkGBs !== null, factor: factorFor(catalog, "vllm", gpu.computeCapability), interconnect: catalog.performance!.interconnect };
      const request = { inputTokens: c.inputTokens, outputTokens: c.outputTokens };
      let conc = 0;
      for (let k = 1; k <= Math.min(1024, room); k++) {
        if (meetsSlo(performanceAt(option, request, k), c.slo)) conc = k;
        else break;
      }
      if (conc === 0) continue;
      evaluated++;
      const point = performanceAt(option, request, conc);
      const engineReplicas = c.load.concurrentUsers !== undefined ? Math.ceil(c.load.concurrentUsers / conc) : Math.ceil(c.load.requestsPerSecond! / point.requestsPerSecond);
      const perInstance = Math.floor(offering.gpuCount / tp);
      const instances = Math.ceil(engineReplicas / perInstance);
      let objective: number;
      if (c.rankBy === "latency") objective = point.tpotMs;
      else if (price.hourly === null) continue;
      else objective = convertCurrency(instances * price.hourly * 730, price.currency!, "USD", catalog.fx);
      if (best === Infinity || objective < best - 1e-9 * best) {
        best = objective;
        winners = [`${offering.instanceType}@tp${tp}`];
      } else if (Math.abs(objective - best) <= 1e-9 * best) winners.push(`${offering.instanceType}@tp${tp}`);
    }
  }
  return { best, winners, evaluated };
}

describe("gpu: auto minimises the objective over the catalog, as a brute-force search does", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const brute = bruteForce(c);
      expect(brute.evaluated).toBeGreaterThan(1); // a real choice, not a single candidate
      const spec = parseDeploymentSpec(specFor(c), catalog);
      const t = planDeployment(spec, "auto", catalog).targets[0];
      expect(brute.winners).toContain(`${t.offering.instanceType}@tp${t.tensorParallel}`);
      if (c.rankBy === "latency") {
        expect(t.performance!.tpotMs).toBeCloseTo(brute.best, 1);
      } else {
        const usd = convertCurrency(t.monthlyCostForLoad!, t.offering.price.currency!, "USD", catalog.fx);
        expect(usd).toBeCloseTo(brute.best, 0);
        // replicas.min was raised to the instances the load needs, and the load fits within them
        expect(t.replicas.min).toBe(t.replicasForLoad);
        expect(t.loadHeadroomPct!).toBeGreaterThanOrEqual(0);
      }
      if (c.slo.ttftMs !== undefined) expect(t.performance!.ttftMs).toBeLessThanOrEqual(c.slo.ttftMs);
      if (c.slo.tpotMs !== undefined) expect(t.performance!.tpotMs).toBeLessThanOrEqual(c.slo.tpotMs);
      expect(t.alternatives.length).toBeGreaterThan(0);
    });
  }

  it("an offering that misses the SLO even with one request in flight is rejected with its TTFT and TPOT", () => {
    const c = { ...CASES[0], slo: { ttftMs: 5 } };
    const region = findRegion(catalog, "alicloud", "cn-hangzhou")!;
    const offering = offeringsIn(catalog, "alicloud", "cn-hangzhou").find((o) => o.instanceType === "ecs.gn7e-c16g1.8xlarge")!;
    const model = { id: c.model, shape: { ...findModel(catalog, c.model)!.shape, intermediateSize: 29696 }, gated: false, warnings: [] };
    const serving = { request: { inputTokens: 1024, outputTokens: 256 }, slo: c.slo, load: c.load, rankBy: "cost" as const };
    const cand = evaluateOffering(offering, region, { model, quantization: "awq", engine: "vllm", kvCacheDtype: "auto", maxContextTokens: 8192, maxConcurrentRequests: 16, gpuMemoryUtilization: 0.9, tensorParallel: "auto", serving }, catalog);
    expect(cand.rejected).toMatch(/^misses the SLO even with one request in flight \(TTFT \d+ ms, TPOT [\d.]+ ms\)$/);
  });

  it("a load above replicas.max is an error naming replicas.max", () => {
    const raw = specFor(CASES[0]);
    raw.targets[0].replicas = { min: 1, max: 2 };
    expect(() => planDeployment(parseDeploymentSpec(raw, catalog), "auto", catalog)).toThrow(/targets\[0\]\.replicas\.max[\s\S]*needs \d+ ×/);
  });
});

describe("the serving section and model ids are validated with their config paths", () => {
  it("both concurrentUsers and requestsPerSecond (or neither) is refused at serving.load", () => {
    const raw = specFor(CASES[0]);
    raw.serving!.load = { concurrentUsers: 10, requestsPerSecond: 2, inputTokens: 100, outputTokens: 100 };
    expect(() => parseDeploymentSpec(raw, catalog)).toThrow(/serving\.load[\s\S]*Set exactly one of concurrentUsers or requestsPerSecond/);
  });
  it("an Ollama library name needs engine ollama", () => {
    const raw = clone(devSpec());
    raw.model = { id: "qwen2.5:7b", source: "huggingface", quantization: "gguf-q4_k_m", maxContextTokens: 8192 };
    expect(() => planDeployment(parseDeploymentSpec(raw, catalog), "t", catalog)).toThrow(/model\.id[\s\S]*qwen2\.5:7b is an Ollama library name; use it with engine\.name ollama/);
  });
});
