/**
 * The `costEstimate` stack output prices every resource the program registers with the price
 * function of `gpukit cost`: offline it equals the report's totals for the same run.
 */
import { describe, expect, it } from "vitest";
import type * as pulumi from "@pulumi/pulumi";
import { runOffline } from "../cli/offline/run";
import { buildCostReport } from "../cost/report";
import { loadCatalog } from "../catalog";
import { loadComponentPrices } from "../catalog/prices/load";
import { freshProgram } from "./helpers/program";

async function estimateAndReport(stack: string) {
  let program: { costEstimate: pulumi.Output<Record<string, unknown>> } | undefined;
  const run = await runOffline({ stack, costEstimate: true, loadProgram: async () => (program = (await freshProgram()) as never) });
  expect(program!.costEstimate, "the program exports costEstimate when asked").toBeDefined();
  const estimate = await new Promise<Record<string, unknown>>((resolve) => program!.costEstimate.apply((v) => (resolve(v), v)));
  const report = buildCostReport(run, { catalog: loadCatalog(), prices: loadComponentPrices() });
  return { estimate, report };
}

describe("costEstimate stack output", () => {
  it("staging (AWS, every line priced): the totals of gpukit cost, complete, within budget", async () => {
    const { estimate, report } = await estimateAndReport("staging");
    expect(report.complete).toBe(true);
    expect(report.totalMonthlyCost).toBeGreaterThan(1000);
    expect(estimate).toEqual({ hourly: report.totalHourlyCost, monthly: report.totalMonthlyCost, currency: "USD", unpriced: 0, complete: true, withinBudget: report.budget.withinBudget });
  });

  it("prod (three clouds, some China lines unpriced): the same lower-bound totals and the unpriced count", async () => {
    const { estimate, report } = await estimateAndReport("prod");
    expect(report.complete).toBe(false);
    expect(estimate.monthly).toBe(report.totalMonthlyCost);
    expect(estimate.currency).toBe("CNY");
    expect(estimate.complete).toBe(false);
    expect(estimate.unpriced).toBe(report.summary.unpricedResources + report.summary.unpricedComponents);
    expect(estimate.unpriced as number).toBeGreaterThan(0);
  });
});
