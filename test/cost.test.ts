/**
 * The cost preview: price(), the report, currencies, price books, --compare and --fail-above.
 * Recorded resources are built by hand (no Pulumi run); every expected number is computed by hand
 * from list prices written here, not read from the catalog tables.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { findOffering } from "../catalog/lookup";
import { priceOf } from "../catalog/price";
import { loadComponentPrices, validateComponentPrices } from "../catalog/prices/load";
import { main } from "../cli/main";
import { makeCostCommand } from "../cli/commands/cost";
import { renderCostMarkdown } from "../cli/format/cost-markdown";
import { renderCostCsv } from "../cli/format/cost-csv";
import { renderCostHtml } from "../cli/format/cost-html";
import { renderCostTable } from "../cli/format/cost-table";
import type { Cloud } from "../catalog/schema";
import type { DeploymentPlan, TargetPlan } from "../components/plan/types";
import { price } from "../cost/price";
import { parsePriceBook, PriceBookError } from "../cost/price-book";
import { buildCostReport, type CostInput } from "../cost/report";
import type { PriceableResource } from "../cost/types";
import { resolveUsage } from "../cost/usage";
import { targetPlan } from "./fixtures/target-plan";

const catalog = loadCatalog();
const prices = loadComponentPrices();
const HOURS = 730;

/** A target whose offering price is the catalog's (as the planner resolves it). */
function target(cloud: Cloud, instanceType: string, opts: { name?: string; spot?: boolean; replicas?: { min: number; max: number } } = {}): TargetPlan {
  const base = targetPlan(cloud, { name: opts.name ?? "main", instanceType, replicas: opts.replicas ?? { min: 1, max: 1 }, spot: opts.spot ?? false });
  const offering = findOffering(catalog, cloud, instanceType)!;
  return { ...base, offering: { ...base.offering, instanceType, price: priceOf(catalog, offering, base.placement.region) } };
}

function res(type: string, name: string, region: string, inputs: Record<string, unknown>, parent = "urn:t"): PriceableResource {
  return { type, name, urn: `urn:${name}`, parent, region, inputs };
}

/** The resources the AWS adapter records for one target (shape of a real `gpukit plan --format json`). */
function awsResources(iops = 3000, throughput = 125): PriceableResource[] {
  const r = "us-east-1";
  return [
    { type: "gpu-inference:aws:VmTarget", name: "main", urn: "urn:t", region: r, inputs: {} },
    res("aws:ec2/vpc:Vpc", "main-vpc", r, { cidrBlock: "10.42.0.0/16" }),
    res("aws:ec2/launchTemplate:LaunchTemplate", "main-lt", r, {
      instanceType: "g5.xlarge",
      blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { volumeSize: 100, volumeType: "gp3", iops, throughput } }],
    }),
    res("aws:autoscaling/group:Group", "main-asg", r, { minSize: 1, maxSize: 1 }),
    res("aws:lb/loadBalancer:LoadBalancer", "main-alb", r, { loadBalancerType: "application", internal: true }),
    res("aws:ec2/natGateway:NatGateway", "main-nat", r, { connectivityType: "public" }),
    res("aws:ec2/eip:Eip", "main-nat-eip", r, { domain: "vpc" }),
    res("aws:iam/role:Role", "main-role", r, {}),
    { type: "pulumi:providers:aws", name: "main-provider", urn: "urn:p", region: r, inputs: { region: r } },
  ];
}

function plan(targets: TargetPlan[]): DeploymentPlan {
  return { stack: "test", environment: "dev", tags: {}, model: { id: "m", parametersB: 7, quantization: "awq", maxContextTokens: 8192 }, targets, cost: {} as DeploymentPlan["cost"], warnings: [] };
}

function input(targets: TargetPlan[], resources: PriceableResource[], currency: "USD" | "CNY" = "USD", usage?: CostInput["spec"]["budget"]["usage"]): CostInput {
  return { stack: "test", spec: { environment: "dev", budget: { monthly: 1000, currency, hoursPerMonth: HOURS, usage } }, plan: plan(targets), resources };
}

const at = "2026-11-29T00:00:00.000Z";

describe("component price data", () => {
  it("validates, and reports bad rows with their path", () => {
    expect(validateComponentPrices(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "catalog", "data", "component-prices.json"), "utf8")))).toEqual([]);
    const bad = structuredClone(prices) as unknown as { prices: Array<Record<string, unknown>> };
    bad.prices[0].price = null;
    bad.prices[1].source = "nope";
    const problems = validateComponentPrices(bad);
    expect(problems).toContain("component-prices.json.prices[0]: status third-party requires a price and a currency");
    expect(problems).toContain('component-prices.json.prices[1].source: unknown source id "nope"');
  });
});

describe("price()", () => {
  const usage = resolveUsage(HOURS);
  it("prices an AWS g5.xlarge launch template with its gp3 disk and charges provisioned IOPS/throughput above the free baseline", () => {
    const t = target("aws", "g5.xlarge");
    const lt = awsResources(6000, 500)[2];
    const r = price(lt, { catalog, prices, usage, target: t });
    expect(r.kind).toBe("priced");
    if (r.kind !== "priced") return;
    const [instance, disk, iops, tput] = r.components;
    expect(instance.hourlyCost).toBeCloseTo(1.006, 6); // g5.xlarge on-demand, us-east-1
    expect(instance.monthlyCost).toBeCloseTo(1.006 * 730, 6);
    expect(disk.monthlyCost).toBeCloseTo(100 * 0.08, 6); // gp3 $0.08/GB-month
    expect(iops.monthlyCost).toBeCloseTo((6000 - 3000) * 0.005, 6);
    expect(tput.monthlyCost).toBeCloseTo((500 - 125) * 0.04, 6);
  });

  it("prices free resources at zero on purpose with the reason, and unknown types as unpriced", () => {
    expect(price(res("aws:ec2/vpc:Vpc", "v", "us-east-1", {}), { catalog, prices, usage })).toEqual({ kind: "free", category: "network", reason: "VPCs have no charge" });
    expect(price(res("aws:rds/instance:Instance", "db", "us-east-1", {}), { catalog, prices, usage })).toEqual({ kind: "unpriced", category: "database", reason: "RDS PostgreSQL is billed per instance-hour and GB-month; no catalog price" });
    expect(price(res("aws:memorydb/cluster:Cluster", "m", "us-east-1", {}), { catalog, prices, usage })).toEqual({ kind: "unpriced", category: "other", reason: "no price rule for aws:memorydb/cluster:Cluster" });
    expect(price(res("kubernetes:core/v1:Namespace", "ns", "us-east-1", {}), { catalog, prices, usage })).toMatchObject({ kind: "free", reason: expect.stringContaining("in-cluster object") });
  });

  it("keeps a component without a catalog price unpriced (priceNotFound, null cost), never zero", () => {
    const r = price(res("volcengine:nat/gateway:Gateway", "n", "cn-beijing", { spec: "Small" }), { catalog, prices, usage });
    expect(r.kind === "priced" && r.components[0]).toMatchObject({ priceNotFound: true, price: null, monthlyCost: null, status: "unknown" });
  });

  it("applies the stated spot basis: the on-demand ceiling from the catalog, a price-book ratio, or a dated spot price", () => {
    const t = target("alicloud", "ecs.gn7i-c8g1.2xlarge", { spot: true });
    const lt = res("alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", "main-lt", "cn-hangzhou", { instanceType: "ecs.gn7i-c8g1.2xlarge", spotStrategy: "SpotAsPriceGo", systemDisk: { category: "cloud_essd", size: 70 } });
    const cap = price(lt, { catalog, prices, usage, target: t });
    if (cap.kind !== "priced") throw new Error("not priced");
    expect(cap.components[0].hourlyCost).toBeCloseTo(9.74, 6); // ceiling = pay-as-you-go 9.74 CNY/h
    expect(cap.components[0].note).toMatch(/Spot basis: ceiling = 1 × on-demand \(an upper bound\)/);
    expect(cap.components[1]).toMatchObject({ price: 0, priceNotFound: false }); // 70 GB ESSD inside the quote's 100 GiB
    expect(cap.components[1].note).toMatch(/included in the instance's DescribePrice quote/);
    const ratioBook = parsePriceBook({ name: "b", date: "2026-11-01", prices: [{ cloud: "alicloud", offering: "ecs.gn7i-c8g1.2xlarge", spotRatio: 0.3, note: "30-day average" }] });
    const ratio = price(lt, { catalog, prices, usage, target: t, priceBook: ratioBook });
    if (ratio.kind !== "priced") throw new Error("not priced");
    expect(ratio.components[0].hourlyCost).toBeCloseTo(9.74 * 0.3, 6);
    expect(ratio.components[0]).toMatchObject({ priceBook: "b" });
    const dated = parsePriceBook({ name: "b", date: "2026-11-01", prices: [{ cloud: "alicloud", offering: "ecs.gn7i-c8g1.2xlarge", spotHourly: 2.5, currency: "CNY", date: "2026-11-20" }] });
    const d = price(lt, { catalog, prices, usage, target: t, priceBook: dated });
    if (d.kind !== "priced") throw new Error("not priced");
    expect(d.components[0]).toMatchObject({ hourlyCost: 2.5, date: "2026-11-20" });
    expect(d.components[0].note).toMatch(/recorded spot price of 2026-11-20/);
  });

  it("prices replicas min / expected / max and a weekday schedule", () => {
    const t = target("aws", "g5.xlarge", { replicas: { min: 1, max: 3 } });
    const lt = awsResources()[2];
    const u = resolveUsage(HOURS, { expectedReplicas: 2, schedule: { daysPerWeek: 5, hoursPerDay: 10 } });
    const inst = (scenario: "min" | "expected" | "max") => {
      const r = price(lt, { catalog, prices, usage: u, target: t, scenario });
      return r.kind === "priced" ? r.components[0] : undefined;
    };
    expect(inst("min")?.hourlyQuantity).toBe(1);
    expect(inst("expected")?.hourlyQuantity).toBe(2);
    expect(inst("max")?.hourlyQuantity).toBe(3);
    const scheduled = (5 * 10 * 52) / 12; // 216.67 h/month
    expect(inst("expected")?.monthlyCost).toBeCloseTo(1.006 * 2 * 216.67, 2);
    expect(u.computeHoursPerMonth).toBeCloseTo(scheduled, 2);
  });
});

describe("cost report", () => {
  it("one-replica AWS g5.xlarge target = instance + disk + ALB + NAT gateway + public IP; monthly = hourly × 730", () => {
    const report = buildCostReport(input([target("aws", "g5.xlarge")], awsResources()), { catalog, prices, timeGenerated: at });
    const instance = 1.006 * 730; // 734.38
    const disk = 100 * 0.08; // 8.00
    const alb = (0.0225 + 1 * 0.008) * 730; // 22.265
    const nat = 0.045 * 730 + 100 * 0.045 + 100 * 0.09; // 32.85 + 4.5 + 9.0 = 46.35
    const ip = 0.005 * 730; // 3.65
    expect(report.totalMonthlyCost).toBeCloseTo(instance + disk + alb + nat + ip, 3); // 814.645
    expect(report.totalMonthlyCost).toBeCloseTo(report.totalHourlyCost * 730, 2);
    expect(report.complete).toBe(true);
    expect(report.targets[0]).toMatchObject({ name: "main", cloud: "aws", region: "us-east-1", unpricedLines: 0 });
    expect(report.byCategory.compute.monthly).toBeCloseTo(instance, 3);
    expect(report.byCategory.storage.monthly).toBeCloseTo(disk, 3);
    expect(report.byCategory["load-balancer"].monthly).toBeCloseTo(alb, 3);
    expect(report.byCategory.network.monthly).toBeCloseTo(nat + ip, 3);
    expect(report.summary).toMatchObject({ totalResources: 9, pricedResources: 4, freeResources: 5, unpricedResources: 0, unpricedComponents: 0 });
  });

  it("reports a CNY stack in USD at the stored rate and states rate and date", () => {
    const t = target("alicloud", "ecs.gn7i-c8g1.2xlarge");
    const resources = [
      { type: "gpu-inference:alicloud:VmTarget", name: "main", urn: "urn:t", region: "cn-hangzhou", inputs: {} },
      res("alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", "main-lt", "cn-hangzhou", { instanceType: "ecs.gn7i-c8g1.2xlarge", systemDisk: { category: "cloud_essd", size: 70 } }),
      res("alicloud:alb/loadBalancer:LoadBalancer", "main-alb", "cn-hangzhou", { loadBalancerEdition: "Standard" }),
    ];
    const cny = buildCostReport(input([t], resources, "CNY"), { catalog, prices, timeGenerated: at });
    const usd = buildCostReport(input([t], resources, "CNY"), { catalog, prices, currency: "USD", timeGenerated: at });
    expect(cny.totalHourlyCost).toBeCloseTo(9.74 + 0.147, 4);
    expect(usd.totalHourlyCost).toBeCloseTo((9.74 + 0.147) / 7.2, 4); // fx.json: 1 USD = 7.2 CNY
    expect(usd.fx).toMatchObject({ usdCny: 7.2, date: "2026-11-22", applied: true });
    expect(renderCostTable(usd)).toContain("1 USD = 7.2 CNY (assumption, 2026-11-22");
    expect(usd.complete).toBe(false); // ALB LCU price unknown: listed, not zero
    expect(usd.unpriced).toEqual([{ name: "main-alb", resourceType: "alicloud:alb/loadBalancer:LoadBalancer", component: "Load balancer capacity units", reason: expect.stringMatching(/No price found for alicloud alb.lcu/) }]);
    expect(usd.targets[0].costPerMillionOutputTokens?.note).toMatch(/excludes 1 unpriced line/);
  });

  it("marks price-book lines in every format", () => {
    const book = parsePriceBook({ name: "acme-2026", date: "2026-11-01", prices: [{ cloud: "aws", region: "us-east-1", offering: "g5.xlarge", hourly: 0.85, currency: "USD" }] });
    const report = buildCostReport(input([target("aws", "g5.xlarge")], awsResources()), { catalog, prices, priceBook: book, timeGenerated: at });
    const line = report.projects[0].breakdown.resources.find((r) => r.name === "main-lt")!.costComponents[0];
    expect(line).toMatchObject({ price: 0.85, priceBook: "acme-2026", date: "2026-11-01" });
    expect(report.summary.priceBookComponents).toBe(1);
    expect(renderCostTable(report)).toContain("[price book acme-2026]");
    expect(renderCostMarkdown(report)).toContain("📒");
    expect(renderCostCsv(report)).toMatch(/Instance usage \(g5\.xlarge[^\n]*,acme-2026,/);
    expect(renderCostHtml(report)).toContain('class="book"');
  });

  it("states the cost per million output tokens as a lower bound", () => {
    const t = { ...target("aws", "g5.xlarge"), maxConcurrentSequences: 10, latencyBoundMsPerToken: 20, dataParallel: 1 };
    const report = buildCostReport(input([t], awsResources()), { catalog, prices, timeGenerated: at });
    const tokensPerHour = 10 * (1000 / 20) * 3600; // 1.8M
    expect(report.targets[0].costPerMillionOutputTokens?.value).toBeCloseTo((1e6 / tokensPerHour) * report.totalHourlyCost, 4);
    expect(report.targets[0].costPerMillionOutputTokens?.note).toMatch(/Lower bound/);
  });

  it("renders one SVG bar group per target in the HTML page", () => {
    const t2 = { ...target("aws", "g5.xlarge"), name: "second" };
    const second = awsResources().map((r) => ({ ...r, name: r.name.replace("main", "second"), urn: r.urn?.replace("main", "second"), parent: r.parent === "urn:t" ? "urn:t2" : r.parent }));
    second[0] = { ...second[0], urn: "urn:t2" };
    const report = buildCostReport(input([target("aws", "g5.xlarge"), t2], [...awsResources(), ...second]), { catalog, prices, timeGenerated: at });
    const html = renderCostHtml(report);
    expect(new Set([...html.matchAll(/data-target="([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set(["main", "second"]));
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});

describe("price books", () => {
  it("reports every error with its path", () => {
    expect(() => parsePriceBook({ name: "", date: "Nov", prices: [{ cloud: "gcp", offering: "x" }, { cloud: "aws", component: "elb.alb.hour" }] })).toThrow(PriceBookError);
    try {
      parsePriceBook({ name: "", date: "Nov", prices: [{ cloud: "aws", offering: "x" }, { cloud: "aws", component: "elb.alb.hour" }] });
    } catch (error) {
      const problems = (error as PriceBookError).problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^name: /),
          "date: expected an ISO date YYYY-MM-DD",
          "prices[0].offering: an offering line needs hourly, spotHourly, spotRatio or subscriptionMonthly",
          "prices[1].price: a component line needs price",
        ]),
      );
    }
  });
});

describe("gpukit cost (injected run)", () => {
  const run = async () => ({ ...input([target("aws", "g5.xlarge")], awsResources()), notes: [] });
  const cli = async (argv: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await main(["cost", ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, [makeCostCommand({ loadRun: run })]);
    return { code, stdout, stderr };
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gpukit-cost-"));

  it("writes JSON that validates against schema/cost-report.schema.json", async () => {
    const r = await cli(["--stack", "x", "--format", "json"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "schema", "cost-report.schema.json"), "utf8"));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const ok = validate(JSON.parse(r.stdout));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("--compare a saved baseline: before, after and delta per resource and in total", async () => {
    const baseline = path.join(tmp, "baseline.json");
    fs.writeFileSync(baseline, (await cli(["--stack", "x", "--format", "json"])).stdout);
    const book = path.join(tmp, "book.yaml");
    fs.writeFileSync(book, "name: acme\ndate: 2026-11-01\nprices:\n  - { cloud: aws, offering: g5.xlarge, hourly: 0.85, currency: USD }\n");
    const r = await cli(["--stack", "x", "--price-book", book, "--compare", baseline, "--format", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.diffTotalMonthlyCost).toBeCloseTo((0.85 - 1.006) * 730, 3); // -113.88
    expect(report.pastTotalMonthlyCost).toBeCloseTo(814.645, 3);
    expect(report.diff.resources[0]).toMatchObject({ name: "main-lt", change: "changed" });
    expect(report.diff.resources[0].diffMonthlyCost).toBeCloseTo(-113.88, 3);
    const md = await cli(["--stack", "x", "--price-book", book, "--compare", baseline, "--format", "markdown"]);
    expect(md.stdout).toMatch(/Biggest changes[\s\S]*main-lt[^\n]*-113\.88/);
  });

  it("--fail-above exits 1 above the amount, 0 below it, 2 on invalid input", async () => {
    expect((await cli(["--stack", "x", "--fail-above", "800"])).code).toBe(1);
    expect((await cli(["--stack", "x", "--fail-above", "900"])).code).toBe(0);
    expect((await cli(["--stack", "x", "--fail-above", "lots"])).code).toBe(2);
    expect((await cli(["--stack", "x", "--currency", "EUR"])).code).toBe(2);
    expect((await cli(["--stack", "x", "--format", "pdf"])).code).toBe(2);
    const badBook = path.join(tmp, "bad.yaml");
    fs.writeFileSync(badBook, "name: x\ndate: 2026-11-01\nprices:\n  - { cloud: aws, component: elb.alb.hour }\n");
    const r = await cli(["--stack", "x", "--price-book", badBook]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("prices[0].price: a component line needs price");
  });

  it("--compare another stack runs it in a child process", async () => {
    const calls: string[][] = [];
    const other = JSON.parse((await cli(["--stack", "x", "--format", "json"])).stdout);
    const code = await main(["cost", "--stack", "x", "--compare", "dev"], { stdout: () => undefined, stderr: () => undefined }, [
      makeCostCommand({ loadRun: run, runOtherStack: (args) => (calls.push(args), other) }),
    ]);
    expect(code).toBe(0);
    expect(calls).toEqual([["--stack", "dev", "--currency", "USD"]]);
  });
});
