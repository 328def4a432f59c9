/**
 * Hand-computed expectations for price resolution, currency conversion, the cost summary and the
 * cloud-side name prefix, aimed at the mutants Stryker left alive in catalog/price.ts,
 * components/plan/cost.ts and secrets.ts (bench/RESULTS.md). The catalog here is a small one built
 * by hand, so every figure below is worked out in the comment beside it, not read from the data.
 */
import { describe, expect, it } from "vitest";
import type { Catalog } from "../catalog";
import type { Offering } from "../catalog/schema";
import { convertCurrency, priceOf } from "../catalog/price";
import { summarizeCost } from "../components/plan/cost";
import { physicalNamePrefix } from "../components/plan/secrets";
import type { TargetPlan } from "../components/plan/types";
import type { DeploymentSpec } from "../components/spec";

const fx = { usdCny: 8, status: "assumption" as const, source: "test", date: "2026-01-01" };

const catalog = {
  sources: [
    { id: "first", title: "First source", url: "https://example.test/first", date: null },
    { id: "list", title: "Price list", url: "https://example.test/list", date: "2026-01-01" },
    { id: "book", title: "Untitled book", date: null },
    { id: "est", title: "Estimates", date: null },
  ],
  regions: [
    // The first region of another cloud is mainland China: a lookup that ignored cloud/region would find it.
    { cloud: "alicloud", region: "cn-hangzhou", residency: "cn" },
    { cloud: "tencentcloud", region: "ap-singapore", residency: "global" },
    { cloud: "tencentcloud", region: "ap-guangzhou", residency: "cn" },
  ],
  estimates: { status: "estimate", currency: "CNY", source: "est", date: "2026-02-02", note: "n", perGpuHour: { A10: [5, 8], L20: [10, 13] } },
  fx,
} as unknown as Catalog;

const offering = (over: Partial<Offering> = {}): Offering =>
  ({ cloud: "tencentcloud", instanceType: "GN7.2XLARGE32", gpu: "T4", gpuCount: 1, prices: [], ...over }) as Offering;

describe("priceOf", () => {
  it("labels a recorded price with the source's title and URL, and carries its note", () => {
    const o = offering({ prices: [{ regions: ["ap-guangzhou"], hourly: 1.5, currency: "USD", status: "verified", source: "list", date: "2026-01-01", note: "promo" }] });
    expect(priceOf(catalog, o, "ap-guangzhou")).toStrictEqual({
      hourly: 1.5,
      currency: "USD",
      status: "verified",
      source: "Price list (https://example.test/list)",
      date: "2026-01-01",
      note: "promo",
    });
  });
  it("labels a source without URL with its title, one missing from the catalog with its id, and adds no note key without a note", () => {
    const row = { regions: ["ap-guangzhou"], hourly: 2, currency: "CNY" as const, status: "third-party" as const, date: null };
    expect(priceOf(catalog, offering({ prices: [{ ...row, source: "book" }] }), "ap-guangzhou")).toStrictEqual({
      hourly: 2,
      currency: "CNY",
      status: "third-party",
      source: "Untitled book",
      date: null,
    });
    expect(priceOf(catalog, offering({ prices: [{ ...row, source: "gone" }] }), "ap-guangzhou").source).toBe("gone");
  });
  it("estimates a mainland region without a price row: midpoint × GPU count in CNY, singular for one GPU", () => {
    // A10 range 5-8 CNY per GPU-hour: midpoint 6.5 × 1 GPU = 6.5
    expect(priceOf(catalog, offering({ gpu: "A10" }), "ap-guangzhou")).toStrictEqual({
      hourly: 6.5,
      currency: "CNY",
      status: "estimate",
      source: "Estimates",
      date: "2026-02-02",
      note: "Placeholder, not a quote: midpoint of the 5-8 CNY per GPU-hour range for A10 × 1 GPU; no price found for GN7.2XLARGE32 in ap-guangzhou. Override with a real quote.",
    });
    // L20 range 10-13: midpoint 11.5 × 3 GPUs = 34.5
    const three = priceOf(catalog, offering({ gpu: "L20", gpuCount: 3, instanceType: "X3" }), "ap-guangzhou");
    expect(three.hourly).toBe(34.5);
    expect(three.note).toBe(
      "Placeholder, not a quote: midpoint of the 10-13 CNY per GPU-hour range for L20 × 3 GPUs; no price found for X3 in ap-guangzhou. Override with a real quote.",
    );
  });
  it("does not estimate outside mainland China, nor in a region the catalog does not know, nor for a GPU without a range", () => {
    const unknown = (region: string) => ({
      hourly: null,
      currency: null,
      status: "unknown",
      source: null,
      date: null,
      note: `No price found for GN7.2XLARGE32 in ${region}.`,
    });
    expect(priceOf(catalog, offering({ gpu: "A10" }), "ap-singapore")).toStrictEqual(unknown("ap-singapore"));
    // cn-hangzhou is mainland China but of another cloud: not this offering's region
    expect(priceOf(catalog, offering({ gpu: "A10" }), "cn-hangzhou")).toStrictEqual(unknown("cn-hangzhou"));
    expect(priceOf(catalog, offering({ gpu: "A10" }), "ap-nowhere")).toStrictEqual(unknown("ap-nowhere"));
    expect(priceOf(catalog, offering({ gpu: "T4" }), "ap-guangzhou")).toStrictEqual(unknown("ap-guangzhou"));
  });
});

describe("convertCurrency", () => {
  it("multiplies USD into CNY and divides CNY into USD by the rate; identity for one currency", () => {
    expect(convertCurrency(3, "USD", "CNY", fx)).toBe(24);
    expect(convertCurrency(24, "CNY", "USD", fx)).toBe(3);
    expect(convertCurrency(24, "CNY", "CNY", fx)).toBe(24);
    expect(convertCurrency(3, "USD", "USD", fx)).toBe(3);
  });
  it("refuses a currency it does not know, in either position", () => {
    expect(() => convertCurrency(1, "EUR" as "USD", "CNY", fx)).toThrow("Unsupported currency conversion EUR → CNY");
    expect(() => convertCurrency(1, "USD", "EUR" as "USD", fx)).toThrow("Unsupported currency conversion USD → EUR");
    expect(() => convertCurrency(1, "EUR" as "USD", "USD", fx)).toThrow("Unsupported currency conversion EUR → USD");
    expect(() => convertCurrency(1, "CNY", "EUR" as "USD", fx)).toThrow("Unsupported currency conversion CNY → EUR");
  });
});

describe("summarizeCost", () => {
  const spec = (currency: "USD" | "CNY", monthly = 1_000_000) => ({ budget: { monthly, currency, hoursPerMonth: 730 } }) as DeploymentSpec;
  // Only the fields summarizeCost reads: name, replicas, offering.price, kubernetes.workload.nodesPerReplica.
  const priced = (name: string, hourly: number | null, currency: "USD" | "CNY" | null, replicas = { min: 1, max: 1 }, nodesPerReplica?: number): TargetPlan =>
    ({
      name,
      replicas,
      offering: { price: { hourly, currency, status: "verified", source: null, date: null } },
      ...(nodesPerReplica !== undefined ? { kubernetes: { workload: { nodesPerReplica } } } : {}),
    }) as unknown as TargetPlan;
  it("with no target: zero, verified, nothing converted", () => {
    expect(summarizeCost([], spec("USD"), catalog)).toMatchObject({ totalHourlyCost: 0, maxHourlyCost: 0, status: "verified", unpriced: [], fx: null });
  });
  it("converts a CNY target into a USD budget and says at which rate", () => {
    // 16 CNY/h ÷ 8 = 2 USD/h × 2 replicas = 4 USD/h; max 3 replicas = 6 USD/h; 4 × 730 = 2920 per month
    const s = summarizeCost([priced("gz", 16, "CNY", { min: 2, max: 3 })], spec("USD"), catalog);
    expect(s).toMatchObject({ totalHourlyCost: 4, maxHourlyCost: 6, totalMonthlyCost: 2920, fx: "1 USD = 8 CNY (assumption, 2026-01-01)" });
  });
  it("pays for every node of a replica that spans nodes", () => {
    // 1.5 USD/h × 2 nodes per replica × 3 replicas = 9 USD/h; max 4 replicas = 12 USD/h
    const s = summarizeCost([priced("k", 1.5, "USD", { min: 3, max: 4 }, 2)], spec("USD"), catalog);
    expect(s).toMatchObject({ totalHourlyCost: 9, maxHourlyCost: 12, fx: null });
  });
  it("an hourly null with a currency is still unpriced, and the totals are unknown", () => {
    const s = summarizeCost([priced("a", 1, "USD"), priced("b", null, "USD")], spec("USD"), catalog);
    expect(s).toMatchObject({ totalHourlyCost: null, totalMonthlyCost: null, maxHourlyCost: null, unpriced: ["b"] });
    expect(s.budget.withinBudget).toBeNull();
  });
});

describe("physicalNamePrefix", () => {
  it("drops every trailing dash the 48-character cut leaves, not only the last", () => {
    // 46 a's + "-" + "-b": the first 48 characters end in "--"
    expect(physicalNamePrefix("a".repeat(46), "-b")).toBe("a".repeat(46));
  });
});
