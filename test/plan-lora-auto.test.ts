/**
 * `gpu: auto` counts the LoRA adapters' GPU memory while it chooses (not after): hand-computed
 * boundary on Qwen2.5-7B AWQ in cn-hangzhou, and a brute-force search with the adapter memory
 * written out here.
 *
 * Hand figures (Qwen2.5-7B: 7.61 B params, vocab 152,064, hidden 3,584, untied, 28 layers, 4 KV heads,
 * head dim 128, intermediate 18,944; devSpec: AWQ, 8,192 tokens × 16 requests, vLLM, utilization 0.9):
 * - weights: embeddings 152,064 × 3,584 × 2 = 1,089,994,752 at 2 B; the other 6,520,005,248 at
 *   4.156/8 B = 3,387,142,726 B → 5,567,132,230 B;
 * - KV: 2 × 28 × 4 × 128 × 2 B = 57,344 B/token × 8,192 × 16 = 7,516,192,768 B;
 * - overhead: vLLM at TP 1 = 3.3 GB; required 16.3833 GB of 24 × 0.9 = 21.6 GB on an A10 (5.2167 GB spare);
 * - vLLM LoRA slots at TP 1: maxLoras × rank × 2 B × 28 layers × Σ (d_in + d_out) over q,k,v,o,gate,up,down
 *   (7,168 + 4,096 + 4,096 + 7,168 + 3 × 22,528 = 90,112) = maxLoras × rank × 5,046,272 B:
 *   8 × 128 → 5,167,382,528 B (fits the A10: 21.5507 ≤ 21.6), 9 × 128 → 5,813,305,344 B (22.1966 > 21.6).
 */
import { describe, expect, it } from "vitest";
import { convertCurrency, findGpu, findModel, findRegion, loadCatalog, offeringsIn, priceOf } from "../catalog";
import { planDeployment, type DeploymentPlan } from "../components/plan";
import { checkCompatibility } from "../components/engines/compatibility";
import { factorFor, meetsSlo, performanceAt, type PerformanceOption } from "../components/plan/performance";
import { runtimeOverheadGb, sizeReplica } from "../components/plan/sizing";
import { ConfigError, parseDeploymentSpec, type DeploymentSpecInput } from "../components/spec";
import { devSpec } from "./fixtures/specs";

const catalog = loadCatalog();
const plan = (raw: DeploymentSpecInput): DeploymentPlan => planDeployment(parseDeploymentSpec(raw, catalog), "lora-auto", catalog);

/** devSpec with `gpu: auto` on 1-GPU offerings and two rank-128 adapters kept `maxLoras` at a time. */
function withAdapters(maxLoras: number | undefined): DeploymentSpecInput {
  const raw = devSpec();
  raw.targets[0] = { ...raw.targets[0], gpu: "auto", gpusPerReplica: 1 };
  if (maxLoras === undefined) return raw;
  raw.model.adapters = [
    { name: "support", source: "oss://acme-lora/support", rank: 128 },
    { name: "legal", source: "oss://acme-lora/legal", rank: 128 },
  ];
  raw.engine = { ...raw.engine, maxLoras };
  return raw;
}

describe("gpu: auto with LoRA adapters (hourly ranking, cn-hangzhou, 1-GPU offerings)", () => {
  it("without adapters the cheapest fitting offering is the A10 at 9.74 CNY/h with 5.22 GB spare", () => {
    const t = plan(withAdapters(undefined)).targets[0]!;
    expect(t.offering.instanceType).toBe("ecs.gn7i-c8g1.2xlarge");
    expect(t.offering.price.hourly).toBe(9.74);
    expect(t.memory).toMatchObject({ weightsGb: 5.57, kvCacheGb: 7.52, overheadGb: 3.3, requiredGb: 16.38, availableGb: 21.6 });
    expect(t.memory.loraGb).toBeUndefined();
  });

  it("8 slots × rank 128 (5.17 GB) still fit the A10: it stays the choice, with the adapters in its budget", () => {
    const t = plan(withAdapters(8)).targets[0]!;
    expect(t.offering.instanceType).toBe("ecs.gn7i-c8g1.2xlarge");
    expect(t.engine.command.join(" ")).toContain("--max-loras 8 --max-lora-rank 128");
    expect(t.memory.loraGb).toBe(5.17); // 5,167,382,528 B
    expect(t.memory.requiredGb).toBe(21.55); // 16.3833 + 5.1674
    // KV room 21.6 − 5.5671 − 3.3 − 5.1674 = 7.5655 GB ÷ 0.4698 GB per 8,192-token sequence = 16.1 → 16
    expect(t.maxConcurrentSequences).toBe(16);
  });

  it("9 slots × rank 128 (5.81 GB) no longer fit the A10: auto picks the next cheapest that holds them, a 1 × L20 at 14.5 CNY/h", () => {
    // Hourly order of the priced 1-GPU offerings: A10 9.74 < T4 (16 GB: 14.4 GB usable, never fits) 11.84 < L20 gn8is.4xlarge 14.5 (placeholder) < gn8is.2xlarge 14.63.
    const t = plan(withAdapters(9)).targets[0]!;
    expect(t.offering.instanceType).toBe("ecs.gn8is.4xlarge");
    expect(t.offering.gpu).toMatchObject({ model: "L20", count: 1 });
    expect(t.offering.price.hourly).toBe(14.5);
    expect(t.memory.loraGb).toBe(5.81); // 5,813,305,344 B
    expect(t.memory.requiredGb).toBe(22.2); // 16.3833 + 5.8133 = 22.1966
    expect(t.memory.availableGb).toBe(43.2); // 48 × 0.9
    // the feasible alternatives that lost are all dearer than the winner (the A10s are rejected, see the pinned case below)
    expect(t.alternatives.length).toBeGreaterThan(0);
    for (const a of t.alternatives) expect(a.reason).toMatch(/^more expensive \([\d.]+ CNY\/h vs 14\.5 CNY\/h\)$|^does not fit|price unknown/);
  });

  it("a pinned A10 that cannot hold 9 slots is refused at its instanceType, naming the adapters' share", () => {
    const raw = withAdapters(9);
    raw.targets[0] = { ...raw.targets[0], gpu: "A10", instanceType: "ecs.gn7i-c8g1.2xlarge" };
    let issues: ConfigError["issues"] = [];
    try {
      plan(raw);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues = error.issues;
    }
    expect(issues).toEqual(expect.arrayContaining([
      expect.objectContaining({
        path: "targets[0].instanceType",
        message: "ecs.gn7i-c8g1.2xlarge cannot serve Qwen/Qwen2.5-7B-Instruct-AWQ: does not fit: needs 22.2 GB (5.81 GB of it for the LoRA adapters), 24 GB GPUs give 21.6 GB usable",
      }),
    ]));
  });
});

/** vLLM LoRA bytes per slot-rank per layer at TP `tp`: A replicated on column-parallel, B on row-parallel layers. */
function vllmLoraPerRankPerLayer(hidden: number, q: number, kv: number, inter: number, tp: number): number {
  const column = (dIn: number, dOut: number) => tp * dIn + dOut;
  const row = (dIn: number, dOut: number) => dIn + tp * dOut;
  return column(hidden, q) + column(hidden, kv) + column(hidden, kv) + row(q, hidden) + 2 * column(hidden, inter) + row(inter, hidden);
}

describe("gpu: auto with adapters equals a brute-force search that counts them", () => {
  const CASE = { model: "Qwen/Qwen2.5-7B-Instruct-AWQ", region: "cn-hangzhou", users: 200, inputTokens: 1024, outputTokens: 256, slo: { ttftMs: 2000, tpotMs: 60 }, maxLoras: 16, rank: 256 };

  function spec(withLora: boolean): DeploymentSpecInput {
    const raw = devSpec();
    raw.targets[0] = { ...raw.targets[0], gpu: "auto", gpusPerReplica: undefined, replicas: { min: 1, max: 1000 }, spot: false };
    raw.budget = { monthly: 1e9, currency: "CNY" };
    raw.serving = { load: { concurrentUsers: CASE.users, inputTokens: CASE.inputTokens, outputTokens: CASE.outputTokens }, slo: CASE.slo, rankBy: "cost" };
    if (withLora) {
      raw.model.adapters = [{ name: "support", source: "oss://acme-lora/support", rank: CASE.rank }];
      raw.engine = { ...raw.engine, maxLoras: CASE.maxLoras };
    }
    return raw;
  }

  /** Every (offering, TP) pair in the region, with the adapter memory computed here; the pairs with the lowest monthly USD cost. */
  function bruteForce(withLora: boolean): { best: number; winners: string[]; evaluated: number } {
    const region = findRegion(catalog, "alicloud", CASE.region)!;
    const shape = findModel(catalog, CASE.model)!.shape;
    const hidden = shape.hiddenSize!;
    let best = Infinity;
    let winners: string[] = [];
    let evaluated = 0;
    for (const offering of offeringsIn(catalog, "alicloud", CASE.region)) {
      const gpu = findGpu(catalog, offering.gpu)!;
      if (checkCompatibility({ engine: "vllm", quantization: "awq", kvCacheDtype: "auto", gpu }, catalog.gpus).length) continue;
      const price = priceOf(catalog, offering, region.region);
      if (price.hourly === null) continue;
      for (const tp of [1, 2, 4, 8]) {
        if (tp > offering.gpuCount || shape.attentionHeads % tp || shape.kvHeads % tp) continue;
        if (tp > 1 && (shape.intermediateSize! / tp) % 128 !== 0) continue;
        const perRank = vllmLoraPerRankPerLayer(hidden, shape.attentionHeads * shape.headDim, shape.kvHeads * shape.headDim, shape.intermediateSize!, tp);
        const loraGb = withLora ? (CASE.maxLoras * CASE.rank * 2 * shape.layers * perRank) / 1e9 : 0;
        const base = { shape, quantization: "awq" as const, kvCacheDtype: "auto" as const, gpus: tp, gpuMemoryGb: gpu.memoryGb, gpuMemoryUtilization: 0.9, memoryBandwidthGBs: gpu.memoryBandwidthGBs, overheadGbPerGpu: runtimeOverheadGb("vllm", tp, catalog), loraGb };
        if (!sizeReplica({ ...base, maxContextTokens: 8192, maxConcurrentRequests: 1 }).fits) continue;
        const room = sizeReplica({ ...base, maxContextTokens: CASE.inputTokens + CASE.outputTokens, maxConcurrentRequests: 1 }).maxConcurrentSequences;
        const option: PerformanceOption = { shape, quantization: "awq", kvCacheDtype: "auto", engine: "vllm", gpu, tensorParallel: tp, nvlink: gpu.nvlinkGBs !== null, factor: factorFor(catalog, "vllm", gpu.computeCapability), interconnect: catalog.performance!.interconnect };
        const request = { inputTokens: CASE.inputTokens, outputTokens: CASE.outputTokens };
        let conc = 0;
        for (let k = 1; k <= Math.min(1024, room); k++) {
          if (meetsSlo(performanceAt(option, request, k), CASE.slo)) conc = k;
          else break;
        }
        if (conc === 0) continue;
        evaluated++;
        const instances = Math.ceil(Math.ceil(CASE.users / conc) / Math.floor(offering.gpuCount / tp));
        const objective = convertCurrency(instances * price.hourly * 730, price.currency!, "USD", catalog.fx);
        const key = `${offering.instanceType}@tp${tp}`;
        if (best === Infinity || objective < best - 1e-9 * best) {
          best = objective;
          winners = [key];
        } else if (Math.abs(objective - best) <= 1e-9 * best) winners.push(key);
      }
    }
    return { best, winners, evaluated };
  }

  it("the planner's pick is among the brute-force minima with the adapters counted, and the adapters change the answer", () => {
    const withLora = bruteForce(true);
    const without = bruteForce(false);
    expect(withLora.evaluated).toBeGreaterThan(1);
    const t = plan(spec(true)).targets[0]!;
    expect(withLora.winners).toContain(`${t.offering.instanceType}@tp${t.tensorParallel}`);
    expect(convertCurrency(t.monthlyCostForLoad!, t.offering.price.currency!, "USD", catalog.fx)).toBeCloseTo(withLora.best, 0);
    expect(t.memory.loraGb).toBeGreaterThan(0);
    // 16 slots × rank 256 (≥ 20 GB at TP 1) make the load cost more than without adapters: the search saw them.
    expect(withLora.best).toBeGreaterThan(without.best);
    const base = plan(spec(false)).targets[0]!;
    expect(without.winners).toContain(`${base.offering.instanceType}@tp${base.tensorParallel}`);
  });
});
