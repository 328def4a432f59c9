/**
 * The table view of `gpukit plan` prints the performance fields the JSON carries — TTFT, TPOT,
 * output tok/s per replica, replicas and monthly cost for the load, cost per 10^6 output tokens,
 * headroom — with units. Reports are built by hand here (expected strings written out), and once
 * from a planned spec to show the JSON and the table carry the plan's own figures.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { planDeployment } from "../components/plan";
import { parseDeploymentSpec } from "../components/spec";
import { buildPlanReport, performanceRows, renderPlanTable, type PlanReport } from "../cli/format/plan-report";
import type { OfflineRunResult } from "../cli/offline/run";
import { devSpec } from "./fixtures/specs";

type ReportTarget = PlanReport["targets"][number];

function target(over: Partial<ReportTarget> = {}): ReportTarget {
  return {
    name: "hz",
    cloud: "alicloud",
    region: "cn-hangzhou",
    zones: ["cn-hangzhou-h"],
    instanceType: "ecs.gn8is.2xlarge",
    gpu: { model: "L20", count: 1, memoryGb: 48 },
    tensorParallel: 1,
    dataParallel: 1,
    replicas: { min: 3, max: 4 },
    spot: false,
    memory: { weightsGb: 5.57, kvCacheGb: 0.47, overheadGb: 3.3, requiredGb: 9.34, availableGb: 43.2 },
    maxConcurrentSequences: 70,
    latencyBoundMsPerToken: 6.1,
    engine: { name: "vllm", image: "vllm/vllm-openai:v0", command: ["vllm", "serve"], port: 8000, healthPath: "/health", metricsPath: "/metrics" },
    bootstrap: { strategy: "docker", rootVolumeGb: 100, userDataBytes: 1234 },
    price: { hourly: 14.63, currency: "CNY", status: "estimate", source: null, date: null },
    alternatives: [],
    performance: { concurrency: 24, ttftMs: 312.4, tpotMs: 18.44, outputTokensPerSecond: 3703.5, requestsPerSecond: 14.467, perInstanceOutputTokensPerSecond: 1234.5 },
    replicasForLoad: 3,
    monthlyCostForLoad: 32039.7,
    costPerMillionTokens: 3.2919,
    loadHeadroomPct: 12.5,
    warnings: [],
    ...over,
  };
}

function report(t: ReportTarget): PlanReport {
  return {
    stack: "t",
    targets: [t],
    resources: [],
    cost: { currency: "CNY", totalHourlyCost: 43.89, totalMonthlyCost: 32039.7, hoursPerMonth: 730, maxHourlyCost: 58.52, status: "estimate", unpriced: [], fx: null, budget: { monthly: 50000, withinBudget: true }, scope: "GPU instances", unpricedResources: [] },
    warnings: [],
  };
}

describe("plan table: performance rows", () => {
  it("with a load: latency, throughput per replica, replicas, monthly cost, headroom and cost per 10^6 tokens, each with its unit", () => {
    const text = renderPlanTable(report(target()));
    expect(text).toContain("TTFT 312 ms, TPOT 18.4 ms at 24 requests in flight per engine replica");
    expect(text).toContain("1,234.5 output tok/s per replica (instance); 3,703.5 tok/s and 14.47 req/s at 3 replicas");
    expect(text).toContain("3 replicas for serving.load: 32039.70 CNY/month, headroom 12.5 %");
    expect(text).toContain("3.29 CNY per 10^6 output tokens");
    // rows sit between Bootstrap and Price, labelled
    const order = ["Bootstrap", "Latency", "Throughput", "Load", "Token cost", "Price"].map((label) => text.indexOf(`│ ${label}`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("without a load: says the replicas were not sized from one, still gives the cost per token; 1 request is singular", () => {
    const rows = performanceRows(target({ replicasForLoad: null, monthlyCostForLoad: null, loadHeadroomPct: null, replicas: { min: 1, max: 1 }, performance: { concurrency: 1, ttftMs: 95, tpotMs: 7.04, outputTokensPerSecond: 140.2, requestsPerSecond: 0.55, perInstanceOutputTokensPerSecond: 140.2 } }));
    expect(rows).toEqual([
      { Latency: "TTFT 95 ms, TPOT 7 ms at 1 request in flight per engine replica" },
      { Throughput: "140.2 output tok/s per replica (instance); 140.2 tok/s and 0.55 req/s at 1 replica" },
      { Load: "no serving section: replicas not sized from a load; modelled for 1,024 prompt + 256 output tokens" },
      { "Token cost": "3.29 CNY per 10^6 output tokens" },
    ]);
  });

  it("an unknown price says so instead of printing a number; no performance model prints no rows", () => {
    const rows = performanceRows(target({ monthlyCostForLoad: null, costPerMillionTokens: null, price: { hourly: null, currency: null, status: "unknown", source: null, date: null } }));
    expect(rows[2]).toEqual({ Load: "3 replicas for serving.load: monthly cost unknown (no price), headroom 12.5 %" });
    expect(rows[3]).toEqual({ "Token cost": "unknown (no price)" });
    expect(performanceRows(target({ performance: null }))).toEqual([]);
    expect(renderPlanTable(report(target({ performance: null })))).not.toContain("TTFT");
  });

  it("LoRA memory shows in the memory row when the plan has it", () => {
    const text = renderPlanTable(report(target({ memory: { weightsGb: 5.57, kvCacheGb: 7.52, overheadGb: 3.3, loraGb: 5.81, requiredGb: 22.2, availableGb: 43.2 } })));
    expect(text).toContain("weights 5.57 + KV 7.52 + overhead 3.3 + LoRA 5.81 = 22.2 GB of 43.2 GB usable");
  });
});

describe("plan JSON and table from a planned spec", () => {
  it("the JSON carries the plan's performance fields and the table prints the same figures", () => {
    const catalog = loadCatalog();
    const raw = devSpec();
    raw.targets[0] = { ...raw.targets[0], replicas: { min: 1, max: 50 } };
    raw.serving = { load: { concurrentUsers: 100, inputTokens: 1024, outputTokens: 256 }, slo: { ttftMs: 2000, tpotMs: 50 }, rankBy: "cost" };
    const spec = parseDeploymentSpec(raw, catalog);
    const plan = planDeployment(spec, "t", catalog);
    const run: OfflineRunResult = { stack: "t", spec, plan, resources: [], notes: [] };
    const json = buildPlanReport(run).targets[0]!;
    const t = plan.targets[0]!;
    expect(json.performance).toEqual(t.performance);
    expect(json).toMatchObject({ replicasForLoad: t.replicasForLoad, monthlyCostForLoad: t.monthlyCostForLoad, costPerMillionTokens: t.costPerMillionTokens, loadHeadroomPct: t.loadHeadroomPct });
    expect(json.replicasForLoad).toBeGreaterThan(1); // 100 users need several A10 replicas
    const text = renderPlanTable(buildPlanReport(run));
    expect(text).toContain(`TTFT ${Math.round(t.performance!.ttftMs)} ms`);
    expect(text).toContain(`${json.replicasForLoad} replicas for serving.load: ${t.monthlyCostForLoad!.toFixed(2)} CNY/month`);
    expect(text).toContain(`${t.costPerMillionTokens!.toFixed(2)} CNY per 10^6 output tokens`);
  });
});
