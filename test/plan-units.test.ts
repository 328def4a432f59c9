/**
 * Small planner units with hand-computed expectations, written against the mutants Stryker found
 * surviving (bench/RESULTS.md): the per-target cost, the weaker of two price statuses, the budget
 * boundary, cloud-side name prefixes, secret-store names and CIDR validation.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog, type Catalog } from "../catalog";
import { cidrContains, parseCidr, subnetCidr } from "../components/plan/cidr";
import { summarizeCost, targetCost, weakerStatus } from "../components/plan/cost";
import { physicalNamePrefix, planSecrets, secretStoreName } from "../components/plan/secrets";
import type { TargetPlan } from "../components/plan/types";
import type { DeploymentSpec } from "../components/spec";
import { targetPlan } from "./fixtures/target-plan";

describe("targetCost", () => {
  it("is price × replicas.min per hour and × hoursPerMonth per month, in the offering's currency", () => {
    const price = { hourly: 2.5, currency: "USD" as const, status: "verified" as const, source: "s", date: "2026-01-01" };
    expect(targetCost(price, { min: 3 }, 700)).toEqual({ hourly: 7.5, monthly: 5250, currency: "USD", status: "verified" });
  });
  it("is unknown (null, never zero) when the price is unknown", () => {
    const price = { hourly: null, currency: null, status: "unknown" as const, source: null, date: null };
    expect(targetCost(price, { min: 2 }, 730)).toEqual({ hourly: null, monthly: null, currency: null, status: "unknown" });
  });
});

describe("weakerStatus", () => {
  it("keeps the least trustworthy of two statuses, in either order", () => {
    expect(weakerStatus("verified", "estimate")).toBe("estimate");
    expect(weakerStatus("estimate", "verified")).toBe("estimate");
    expect(weakerStatus("third-party", "third-party")).toBe("third-party");
    expect(weakerStatus("unknown", "third-party")).toBe("unknown");
  });
});

describe("summarizeCost at the budget boundary", () => {
  const catalog = { ...loadCatalog(), fx: { usdCny: 8, status: "assumption", source: "test", date: "2026-01-01" } } as Catalog;
  const one = (): TargetPlan => {
    const p = targetPlan("aws", { replicas: { min: 1, max: 1 } });
    return { ...p, offering: { ...p.offering, price: { hourly: 1, currency: "USD", status: "verified", source: null, date: null } } };
  };
  it("is within budget when the monthly total equals it exactly (1 USD/h × 730 h = 730)", () => {
    expect(summarizeCost([one()], { budget: { monthly: 730, currency: "USD", hoursPerMonth: 730 } } as DeploymentSpec, catalog).budget.withinBudget).toBe(true);
    expect(summarizeCost([one()], { budget: { monthly: 729.99, currency: "USD", hoursPerMonth: 730 } } as DeploymentSpec, catalog).budget.withinBudget).toBe(false);
  });
  it("names a target whose price has an hourly figure but no currency as unpriced", () => {
    const p = one();
    const odd = { ...p, name: "odd", offering: { ...p.offering, price: { ...p.offering.price, currency: null } } } as TargetPlan;
    expect(summarizeCost([odd], { budget: { monthly: 1, currency: "USD", hoursPerMonth: 730 } } as DeploymentSpec, catalog).unpriced).toEqual(["odd"]);
  });
});

describe("names the plan decides", () => {
  it("prefixes cloud-side names with <stack>-<target>, lower case, other characters as dashes, at most 48 characters", () => {
    expect(physicalNamePrefix("prod", "hangzhou")).toBe("prod-hangzhou");
    expect(physicalNamePrefix("Prod_EU", "Main.1")).toBe("prod-eu-main-1");
    expect(physicalNamePrefix("s".repeat(40), "target-name")).toBe(`${"s".repeat(40)}-target`);
  });
  it("stores secrets as gpu-inference/<stack>/<target>/<secret> with their config key", () => {
    expect(secretStoreName("dev", "hz", "apiKey")).toBe("gpu-inference/dev/hz/apiKey");
    expect(planSecrets("dev", "hz", [{ name: "hubToken", envVar: "HF_TOKEN", configKey: "hfToken" }])).toEqual([
      { name: "hubToken", envVar: "HF_TOKEN", storeName: "gpu-inference/dev/hz/hubToken", configKey: "hfToken" },
    ]);
  });
});

describe("CIDR parsing refuses what is not an IPv4 CIDR", () => {
  it.each(["10.0.0.0", "x10.0.0.0/8", "10.0.0.0/8x", "10.0.0.256/8", "256.0.0.0/8", "10.0.0.0/33", "10.0.1000.0/8"])("%s", (cidr) => {
    expect(() => parseCidr(cidr)).toThrow(`Not an IPv4 CIDR: ${cidr}`);
  });
  it("accepts the edges and clears host bits", () => {
    expect(parseCidr("255.255.255.255/32")).toEqual({ base: 0xffffffff, prefix: 32 });
    expect(parseCidr("10.1.2.3/8")).toEqual({ base: 10 * 2 ** 24, prefix: 8 });
    expect(parseCidr("0.0.0.0/0")).toEqual({ base: 0, prefix: 0 });
    expect(subnetCidr("10.0.0.0/24", 8, 3)).toBe("10.0.0.3/32");
    expect(() => subnetCidr("10.0.0.0/24", 9, 0)).toThrow("10.0.0.0/24 cannot be split into /33 subnets");
    expect(parseCidr("192.168.10.77/24").base).toBe(((192 << 24) >>> 0) + (168 << 16) + (10 << 8));
  });
  it("containment needs the inner prefix to be at least as long, and equal prefixes only for the same network", () => {
    expect(cidrContains("10.0.0.0/16", "10.0.0.0/16")).toBe(true);
    expect(cidrContains("10.0.0.0/16", "10.1.0.0/16")).toBe(false);
    expect(cidrContains("10.0.0.0/24", "10.0.0.0/23")).toBe(false);
  });
});
