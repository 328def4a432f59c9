/**
 * The performance model against hand computations on round numbers, and the SLO search against a
 * linear scan. The accuracy against published runs is bench/planner-accuracy.ts (bench/RESULTS.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { decodeStepMs, factorFor, generationOf, meetsSlo, performanceAt, prefillMs, sloConcurrency, staticBatchThroughput, type PerformanceOption } from "../components/plan/performance";
import { evaluateCases, median, renderSection, spliceSection } from "../bench/planner-accuracy";

const catalog = loadCatalog();
/** A 10 B dense model without embeddings figures, on a 1,000 GB/s / 100 TFLOPS GPU, efficiencies 1 and no overheads. */
const base: PerformanceOption = {
  shape: { parametersB: 10, layers: 10, kvHeads: 1, headDim: 100, attentionHeads: 10, hiddenSize: 1000 },
  quantization: "bf16",
  kvCacheDtype: "auto",
  engine: "x",
  gpu: { computeCapability: 8, memoryBandwidthGBs: 1000, fp16DenseTflops: 100, bf16DenseTflops: 100, fp8DenseTflops: null, nvlinkGBs: null },
  tensorParallel: 1,
  nvlink: false,
  factor: { bandwidthEfficiency: 1, computeEfficiency: 1, stepOverheadMs: 0, requestOverheadMs: 0 },
  interconnect: { nvlinkLatencyUs: 0, pcieLatencyUs: 0, pcieGBs: 10, nvlinkEfficiency: 1 },
};

describe("decode step", () => {
  it("memory-bound at batch 1: 20 GB of weights + 1,000 tokens × 4,000 B of KV = 20.004 GB ÷ 1,000 GB/s = 20.004 ms", () => {
    // KV per token = 2 × 10 layers × 1 head × 100 × 2 B = 4,000 B
    expect(decodeStepMs(base, 1, 1000)).toBeCloseTo(20.004, 6);
  });
  it("compute-bound at batch 1,024: 2 × 10e9 × 1,024 FLOPs (+ attention 4 × 10 × 1,000 × 1,000 × 1,024) ÷ 100 TFLOPS = 205.2 ms", () => {
    const memMs = 20 + (1024 * 1000 * 4000) / 1e9; // 24.096 ms
    const computeMs = ((2 * 10e9 * 1024 + 4 * 10 * 1000 * 1000 * 1024) / 100e12) * 1000; // 205.21 ms
    expect(decodeStepMs(base, 1024, 1000)).toBeCloseTo(Math.max(memMs, computeMs), 6);
  });
  it("tensor parallel 2 over PCIe halves the bytes and adds 2 all-reduces per layer", () => {
    const o = { ...base, tensorParallel: 2 };
    const comm = 2 * 10 * ((2 * 1) / 2 * (1 * 1000 * 2) / 10e9) * 1000; // ring 1 × 2,000 B ÷ 10 GB/s per all-reduce
    expect(decodeStepMs(o, 1, 1000)).toBeCloseTo(20.004 / 2 + comm, 6);
  });
});

describe("prefill, TTFT and TPOT", () => {
  it("prefill of 1,000 tokens: (2 × 10e9 × 1,000 + 2 × 10 × 1,000² × 1,000) FLOPs ÷ 100 TFLOPS = 200.2 ms", () => {
    expect(prefillMs(base, 1000)).toBeCloseTo(((2 * 10e9 * 1000 + 2 * 10 * 1000 * 1000 * 1000) / 100e12) * 1000, 6);
  });
  it("one request: TTFT = prefill, TPOT = one step; more requests add their prefills to TPOT", () => {
    const request = { inputTokens: 1000, outputTokens: 100 };
    const p1 = performanceAt(base, request, 1);
    const prefill = prefillMs(base, 1000);
    expect(p1.ttftMs).toBeCloseTo(prefill, 6);
    expect(p1.tpotMs).toBeCloseTo(decodeStepMs(base, 1, 1050), 6);
    expect(p1.outputTokensPerSecond).toBeCloseTo((100 * 1000) / (prefill + 99 * p1.tpotMs), 6);
    const p4 = performanceAt(base, request, 4);
    expect(p4.tpotMs).toBeCloseTo(decodeStepMs(base, 4, 1050) + (3 * prefill) / 100, 6);
  });
  it("static batch throughput integrates the step over the growing context", () => {
    const t = staticBatchThroughput(base, { inputTokens: 100, outputTokens: 1 }, 1);
    expect(t).toBeCloseTo(1000 / prefillMs(base, 100), 6);
  });
});

describe("SLO-limited concurrency", () => {
  const request = { inputTokens: 500, outputTokens: 200 };
  for (const slo of [{ tpotMs: 25 }, { ttftMs: 150 }, { ttftMs: 400, tpotMs: 40 }, { tpotMs: 1 }]) {
    it(`the binary search equals a linear scan for ${JSON.stringify(slo)}`, () => {
      let linear = 0;
      for (let c = 1; c <= 300; c++) if (meetsSlo(performanceAt(base, request, c), slo)) linear = c;
      expect(sloConcurrency(base, request, slo, 300)).toBe(linear);
    });
  }
});

describe("calibration data", () => {
  it("maps compute capability to generations and falls back to the * rows", () => {
    expect([7.0, 7.5, 8.0, 8.6, 8.9, 9.0, 10.0].map(generationOf)).toEqual(["volta", "turing", "ampere", "ampere", "ada", "hopper", "blackwell"]);
    expect(factorFor(catalog, "vllm", 9).bandwidthEfficiency).toBe(0.8);
    expect(factorFor(catalog, "ollama", 9)).toMatchObject({ bandwidthEfficiency: 0.6, computeEfficiency: 0.4 });
  });
});

describe("bench/planner-accuracy", () => {
  const file = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "bench", "data", "planner-cases.json"), "utf8"));
  const rows = evaluateCases(file, catalog);
  it("has at least 15 published performance cases on at least 4 GPU types and 2 engines, each with a URL and status", () => {
    const perf = rows.filter((r) => r.metric !== "weights-gb");
    expect(perf.length).toBeGreaterThanOrEqual(15);
    expect(new Set(perf.map((r) => r.gpu)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(perf.map((r) => r.engine)).size).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(r.url).toMatch(/^https:\/\//);
      expect(["verified", "third-party", "estimate", "unknown"]).toContain(r.status);
    }
  });
  it("computes the absolute percentage error and the median by hand", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const r = rows[0];
    expect(r.errorPct).toBeCloseTo((Math.abs(r.predicted - r.measured) / r.measured) * 100, 9);
  });
  it("writes only its own marked section of RESULTS.md", () => {
    const section = renderSection(rows);
    const other = "# Bench\n\n<!-- fleet:start -->\nfleet\n<!-- fleet:end -->\n";
    const once = spliceSection(other, section);
    expect(once).toContain("<!-- fleet:start -->\nfleet\n<!-- fleet:end -->");
    expect(spliceSection(once, section)).toBe(once);
    expect(section).toMatch(/\| output throughput \| \d+ \| [\d.]+ % \| [\d.]+ % \|/);
  });
});
