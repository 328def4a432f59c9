/**
 * Cost arithmetic and China-market alternatives with expectations computed by hand: min ≠ max
 * replicas, mixed currencies at a stated rate, an unpriced target, and the exact alternative list.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCatalog, type Catalog } from "../catalog";
import { planDeployment } from "../components/plan";
import { summarizeCost } from "../components/plan/cost";
import type { TargetPlan } from "../components/plan/types";
import { ConfigError, parseDeploymentSpec, type DeploymentSpec } from "../components/spec";
import { targetPlan } from "./fixtures/target-plan";

/** A catalog whose only relevant part is an FX rate chosen to make the arithmetic exact: 1 USD = 8 CNY. */
const catalog = { ...loadCatalog(), fx: { usdCny: 8, status: "assumption", source: "test", date: "2026-01-01" } } as Catalog;

function priced(name: string, hourly: number | null, currency: "USD" | "CNY", replicas: { min: number; max: number }): TargetPlan {
  const plan = targetPlan(currency === "USD" ? "aws" : "alicloud", { name, replicas });
  return { ...plan, offering: { ...plan.offering, price: { hourly, currency: hourly === null ? null : currency, status: hourly === null ? "unknown" : "estimate", source: null, date: null } } };
}

const spec = (monthly: number) => ({ budget: { monthly, currency: "USD", hoursPerMonth: 730 } }) as DeploymentSpec;

describe("summarizeCost", () => {
  const usd = priced("use1", 1.006, "USD", { min: 2, max: 4 });
  const cny = priced("hangzhou", 12.5, "CNY", { min: 1, max: 3 });

  it("sums at replicas.min, converts CNY at the stored rate, and reports the maximum at replicas.max", () => {
    const cost = summarizeCost([usd, cny], spec(3000), catalog);
    // 1.006 × 2 + 12.5 / 8 × 1 = 2.012 + 1.5625
    expect(cost.totalHourlyCost).toBe(3.5745);
    // 3.5745 × 730
    expect(cost.totalMonthlyCost).toBe(2609.385);
    // 1.006 × 4 + 1.5625 × 3 = 4.024 + 4.6875
    expect(cost.maxHourlyCost).toBe(8.7115);
    expect(cost.currency).toBe("USD");
    expect(cost.fx).toBe("1 USD = 8 CNY (assumption, 2026-01-01)");
    expect(cost.status).toBe("estimate");
    expect(cost.budget.withinBudget).toBe(true);
  });

  it("is over budget when the monthly total exceeds it", () => {
    expect(summarizeCost([usd, cny], spec(2600), catalog).budget.withinBudget).toBe(false);
  });

  it("states no FX when every price is already in the budget currency", () => {
    const cost = summarizeCost([usd], spec(3000), catalog);
    expect(cost.fx).toBeNull();
    expect(cost.totalHourlyCost).toBe(2.012);
  });

  it("never counts an unpriced target as zero: the total is unknown and the target is named", () => {
    const unknown = priced("beijing", null, "CNY", { min: 2, max: 2 });
    const cost = summarizeCost([usd, unknown, cny], spec(3000), catalog);
    expect(cost.totalHourlyCost).toBeNull();
    expect(cost.totalMonthlyCost).toBeNull();
    expect(cost.maxHourlyCost).toBeNull();
    expect(cost.unpriced).toEqual(["beijing"]);
    expect(cost.status).toBe("unknown");
    expect(cost.budget.withinBudget).toBeNull();
  });
});

describe("export control: the alternatives named for a pinned GPU no mainland offering has", () => {
  it("refuses H100 in cn-beijing because no offering exists, and lists the region's offerings that fit, cheapest first (Qwen2.5-72B AWQ, 8k × 16)", () => {
    const file = path.join(__dirname, "fixtures", "stacks", "Pulumi.h100-cn.yaml");
    const raw = parse(readFileSync(file, "utf8")).config["gpu-inference:deployment"];
    const cat = loadCatalog();
    let error: unknown;
    try {
      planDeployment(parseDeploymentSpec(raw, cat), "h100-cn", cat);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues.find((i) => i.path === "targets[0].gpu");
    // Availability, not a ban list: Alibaba lists no H100 in cn-beijing. Needed: weights 41.46 GB (AWQ linears 4.156 bits,
    // embeddings 16-bit) + KV 16 × 8192 × 320 KiB = 42.95 GB + 3.3 GB per GPU at TP 1 (5.2 at TP ≥ 2), at 90 % of memory (GB of 10^9 B):
    // H20 ×1 (103.1 × 0.9 = 92.8 ≥ 87.7) at 30 CNY/h; L20 ×4 (172.8 ≥ 105.2) 58; A100-80G ×2 (154.6 ≥ 94.8) 70;
    // A10 ×8 (TP 8: 172.8 ≥ 126.0) 88; A100-40G ×4 (154.4 ≥ 105.2) 120 — placeholder prices, cheapest first, one per GPU model.
    expect(issue?.message).toMatch(/^no H100-SXM offering exists in alicloud cn-beijing in the catalog \(export control: licence-required since 2022-10-07\)/);
    expect(issue?.message).toContain(
      "offerings there that fit Qwen/Qwen2.5-72B-Instruct-AWQ: ecs.gn8v.4xlarge (H20 ×1), ecs.gn8is-4x.16xlarge (L20 ×4), ecs.gn7e-c16g1.8xlarge (A100-80G ×2), ecs.gn7i-8x.16xlarge (A10 ×8), ecs.gn7-c13g1.13xlarge (A100-40G ×4)",
    );
  });
});
