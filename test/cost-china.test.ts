/**
 * China component prices: the Alibaba Cloud NAT gateway and EIP rows added from the official
 * (international-site) billing pages, their region scope, the components that stay unpriced with a
 * concrete reason, and a Volcano Engine price book that prices what the catalog cannot.
 * Expected numbers are computed by hand from the list prices written here, not read from the catalog.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { loadComponentPrices } from "../catalog/prices/load";
import { price } from "../cost/price";
import { parsePriceBook } from "../cost/price-book";
import type { CostComponent, PriceContext, PriceResult, PriceableResource } from "../cost/types";
import { resolveUsage } from "../cost/usage";

const catalog = loadCatalog();
const prices = loadComponentPrices();
/** 100 GB egress and 1 LCU/hour are set explicitly so the expectations below do not depend on defaults. */
const usage = resolveUsage(730, { egressGbPerMonth: 100, lcuPerHour: 1 });
const ctx = (extra: Partial<PriceContext> = {}): PriceContext => ({ catalog, prices, usage, ...extra });
const res = (type: string, region: string, inputs: Record<string, unknown>): PriceableResource => ({ type, name: "r", region, inputs });

function lines(r: PriceResult): CostComponent[] {
  expect(r.kind).toBe("priced");
  return r.kind === "priced" ? r.components : [];
}

describe("Alibaba Cloud NAT gateway and EIP (alibabacloud.com billing pages, USD list prices)", () => {
  it("enhanced NAT in cn-hangzhou: instance 0.034 USD/h × 730 h = 24.82 USD; CU fee stays unpriced with its reason", () => {
    const [inst, cu] = lines(price(res("alicloud:vpc/natGateway:NatGateway", "cn-hangzhou", { natType: "Enhanced" }), ctx()));
    expect(inst).toMatchObject({ price: 0.034, currency: "USD", priceUnit: "hour", status: "estimate", priceNotFound: false });
    expect(inst.monthlyCost).toBeCloseTo(24.82, 6);
    expect(inst.hourlyCost).toBeCloseTo(0.034, 6);
    expect(inst.source).toContain("billing-of-internet-nat-gateways");
    expect(cu).toMatchObject({ priceNotFound: true, price: null, monthlyCost: null });
    expect(cu.note).toMatch(/CU fee.*cut off/);
  });

  it("pay-by-traffic EIP in cn-hangzhou: 0.0031 USD/h holding fee × 730 = 2.263 USD plus 100 GB × 0.125 USD = 12.5 USD", () => {
    const [hold, traffic] = lines(price(res("alicloud:ecs/eipAddress:EipAddress", "cn-hangzhou", { internetChargeType: "PayByTraffic" }), ctx()));
    expect(hold).toMatchObject({ price: 0.0031, currency: "USD", status: "estimate" });
    expect(hold.monthlyCost).toBeCloseTo(2.263, 6);
    expect(traffic).toMatchObject({ price: 0.125, currency: "USD", priceUnit: "GB", monthlyQuantity: 100, usageBased: true });
    expect(traffic.monthlyCost).toBeCloseTo(12.5, 6);
  });

  it("the rows are scoped to the regions the page names: Singapore has no row and is unpriced, never zero", () => {
    const [inst] = lines(price(res("alicloud:vpc/natGateway:NatGateway", "ap-southeast-1", { natType: "Enhanced" }), ctx()));
    expect(inst).toMatchObject({ priceNotFound: true, monthlyCost: null });
    expect(inst.note).toContain("No catalog row for alicloud nat.enhanced.hour in ap-southeast-1");
  });

  it("ESSD disks stay unpriced and say why (only database storage prices were found)", () => {
    const row = prices.prices.find((p) => p.cloud === "alicloud" && p.key === "disk.cloud_essd.PL0")!;
    expect(row).toMatchObject({ price: null, status: "unknown" });
    expect(row.note).toMatch(/PolarDB\/ClickHouse/);
  });
});

describe("every China component the shipped stacks create is priced or unpriced with a concrete reason", () => {
  const keys: Array<[string, string]> = [
    ["alicloud", "alb.lcu"], ["alicloud", "nat.cu"], ["alicloud", "disk.cloud_essd.PL1"],
    ["tencentcloud", "clb.instance.hour"], ["tencentcloud", "nat.hour"], ["tencentcloud", "eip.traffic"], ["tencentcloud", "disk.CLOUD_SSD"],
    ["volcengine", "clb.small_1.hour"], ["volcengine", "nat.Small.hour"], ["volcengine", "eip.hour"], ["volcengine", "eip.traffic"], ["volcengine", "disk.ESSD_PL0"],
  ];
  it.each(keys)("%s %s: unknown rows cite a search or a page, not the generic placeholder", (cloud, key) => {
    const row = prices.prices.find((p) => p.cloud === cloud && p.key === key);
    expect(row, `${cloud} ${key}`).toBeDefined();
    expect(row!.price).toBeNull();
    expect(row!.source).not.toBe("kit_no_source");
    const src = prices.sources.find((s) => s.id === row!.source)!;
    expect(src.note ?? "").not.toBe("");
    expect((row!.note ?? "").length, "the row says why it is unpriced").toBeGreaterThan(30);
  });
});

describe("Volcano Engine prices from a user-supplied price book", () => {
  const book = parsePriceBook({
    name: "volc-quote-2026-11",
    date: "2026-11-20",
    prices: [
      { cloud: "volcengine", region: "cn-beijing", component: "nat.Small.hour", price: 0.3, currency: "CNY", note: "console price 2026-11-20" },
      { cloud: "volcengine", component: "disk.ESSD_PL0", price: 0.5, currency: "CNY" },
    ],
  });

  it("a NAT line in cn-beijing: 0.3 CNY/h × 730 = 219 CNY, marked as coming from the book", () => {
    const [nat] = lines(price(res("volcengine:nat/gateway:Gateway", "cn-beijing", { spec: "Small" }), ctx({ priceBook: book })));
    expect(nat).toMatchObject({ price: 0.3, currency: "CNY", priceBook: "volc-quote-2026-11", date: "2026-11-20", priceNotFound: false });
    expect(nat.monthlyCost).toBeCloseTo(219, 6);
  });

  it("a region-scoped line does not leak into another region; an any-region line applies everywhere", () => {
    const [nat] = lines(price(res("volcengine:nat/gateway:Gateway", "cn-shanghai", { spec: "Small" }), ctx({ priceBook: book })));
    expect(nat.priceNotFound).toBe(true);
    const r = price(res("volcengine:ecs/instance:Instance", "cn-shanghai", { instanceType: "ecs.gni2.3xlarge", systemVolumeType: "ESSD_PL0", systemVolumeSize: 130 }), ctx({ priceBook: book }));
    const disk = lines(r).find((c) => c.category === "storage")!;
    // 130 GB × 0.5 CNY = 65 CNY per month.
    expect(disk).toMatchObject({ price: 0.5, priceBook: "volc-quote-2026-11" });
    expect(disk.monthlyCost).toBeCloseTo(65, 6);
  });

  it("without the book the same NAT line is unpriced and names the search that found nothing", () => {
    const [nat] = lines(price(res("volcengine:nat/gateway:Gateway", "cn-beijing", { spec: "Small" }), ctx()));
    expect(nat).toMatchObject({ priceNotFound: true, monthlyCost: null });
    expect(nat.source).toMatch(/Searched for Volcano Engine component prices/);
  });
});
