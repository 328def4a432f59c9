/**
 * Builds the cost report of one offline run: prices every recorded resource with `price()`,
 * assigns it to its plan target (through its parent component), converts to the reporting
 * currency at the catalog's dated FX rate, and sums by target, category and replica scenario.
 */
import type { Catalog } from "../catalog/load";
import { convertCurrency } from "../catalog/price";
import { PRICE_STATUSES, type Currency, type PriceStatus } from "../catalog/schema";
import type { ComponentPrices } from "../catalog/prices/schema";
import type { DeploymentPlan, TargetPlan } from "../components/plan/types";
import { cloudOfType, price } from "./price";
import type { PriceBook } from "./price-book";
import type { Amounts, CostReport, ReportComponent, ReportResource, TargetCost } from "./report-types";
import { COST_CATEGORIES, type CostCategory, type PriceableResource, type ReplicaScenario } from "./types";
import { describeUsage, replicasOf, resolveUsage, type ResolvedUsage, type UsageInput } from "./usage";

/** What the report needs of an offline run (`OfflineRunResult` fits). */
export interface CostInput {
  stack: string;
  spec: { environment: string; budget: { monthly: number; currency: Currency; hoursPerMonth: number; usage?: UsageInput } };
  plan: DeploymentPlan;
  resources: readonly PriceableResource[];
}

/** Options of {@link buildCostReport}. */
export interface CostReportOptions {
  catalog: Catalog;
  prices: ComponentPrices;
  /** Reporting currency; default the spec's budget currency. */
  currency?: Currency;
  priceBook?: PriceBook;
  /** ISO time stamp; default now. */
  timeGenerated?: string;
}

const r4 = (n: number): number => Math.round(n * 1e4) / 1e4;
/** Hourly amounts keep 6 decimals so that hourly × 730 reproduces the monthly total to the cent. */
const r6 = (n: number): number => Math.round(n * 1e6) / 1e6;
const zeroByCategory = (): Record<CostCategory, number> => Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as Record<CostCategory, number>;

/** The plan target of each resource: the `*Target` component among its ancestors, else a `<target>-` name prefix. */
export function targetsOf(resources: readonly PriceableResource[], plan: DeploymentPlan): Map<PriceableResource, TargetPlan | undefined> {
  const byUrn = new Map(resources.filter((r) => r.urn).map((r) => [r.urn!, r]));
  const byName = new Map(plan.targets.map((t) => [t.name, t]));
  const out = new Map<PriceableResource, TargetPlan | undefined>();
  for (const r of resources) {
    let found: TargetPlan | undefined;
    for (let p: PriceableResource | undefined = r, depth = 0; p && depth < 20; p = p.parent ? byUrn.get(p.parent) : undefined, depth++) {
      if (/^gpu-inference:[a-z]+:[A-Za-z]*Target$/.test(p.type)) {
        found = byName.get(p.name);
        break;
      }
    }
    found ??= plan.targets.find((t) => r.name === t.name || r.name.startsWith(`${t.name}-`));
    out.set(r, found);
  }
  return out;
}

/** Tokens per hour one replica can decode at the plan's bound: sequences × 1000 / ms-per-token × 3600 × engines per instance. */
export function tokensPerHour(t: Pick<TargetPlan, "maxConcurrentSequences" | "latencyBoundMsPerToken" | "dataParallel">): number | null {
  if (!(t.latencyBoundMsPerToken > 0) || !(t.maxConcurrentSequences > 0)) return null;
  return t.maxConcurrentSequences * (1000 / t.latencyBoundMsPerToken) * 3600 * Math.max(1, t.dataParallel ?? 1);
}

interface Priced {
  resource: ReportResource;
  target?: TargetPlan;
}

function priceAll(input: CostInput, opts: CostReportOptions, usage: ResolvedUsage, scenario: ReplicaScenario, currency: Currency, targets: Map<PriceableResource, TargetPlan | undefined>): Priced[] {
  const fx = opts.catalog.fx;
  const conv = (v: number | null, from: Currency | null): number | null => (v === null || from === null ? null : convertCurrency(v, from, currency, fx));
  return input.resources.map((r) => {
    const target = targets.get(r);
    const result = price(r, { catalog: opts.catalog, prices: opts.prices, usage, target, scenario, priceBook: opts.priceBook });
    const components: ReportComponent[] =
      result.kind === "priced"
        ? result.components.map(({ currency: native, ...c }) => ({ ...c, priceCurrency: native, hourlyCost: conv(c.hourlyCost, native), monthlyCost: conv(c.monthlyCost, native) }))
        : [];
    const known = components.filter((c) => !c.priceNotFound);
    const sum = (k: "hourlyCost" | "monthlyCost"): number => known.reduce((s, c) => s + (c[k] ?? 0), 0);
    const resource: ReportResource = {
      name: r.name,
      resourceType: r.type,
      target: target?.name ?? null,
      cloud: cloudOfType(r.type) ?? null,
      region: r.region ?? target?.placement.region ?? null,
      category: result.category,
      pricing: result.kind,
      hourlyCost: result.kind === "unpriced" ? null : result.kind === "free" ? 0 : known.length ? sum("hourlyCost") : null,
      monthlyCost: result.kind === "unpriced" ? null : result.kind === "free" ? 0 : known.length ? sum("monthlyCost") : null,
      priceBook: components.some((c) => c.priceBook !== undefined),
      costComponents: components,
    };
    if (result.kind !== "priced") resource.reason = result.reason;
    return { resource, target };
  });
}

function totals(priced: readonly Priced[], filter: (p: Priced) => boolean = () => true): Amounts {
  let hourly = 0;
  let monthly = 0;
  for (const p of priced) {
    if (!filter(p)) continue;
    hourly += p.resource.hourlyCost ?? 0;
    monthly += p.resource.monthlyCost ?? 0;
  }
  return { hourly: r6(hourly), monthly: r4(monthly) };
}

/** Builds the report (see {@link CostReport}); pure apart from the default time stamp. */
export function buildCostReport(input: CostInput, opts: CostReportOptions): CostReport {
  const currency = opts.currency ?? input.spec.budget.currency;
  const usage = resolveUsage(input.spec.budget.hoursPerMonth, input.spec.budget.usage);
  const targets = targetsOf(input.resources, input.plan);
  const run = (s: ReplicaScenario) => priceAll(input, opts, usage, s, currency, targets);
  const expected = run("expected");
  const scenarios = { min: totals(run("min")), expected: totals(expected), max: totals(run("max")) };
  const perTarget = (s: "min" | "max", name: string) => totals(run(s), (p) => p.target?.name === name);

  const lines = expected.flatMap((p) => p.resource.costComponents.map((c) => ({ p, c })));
  const natives = new Set(lines.map((l) => l.c.priceCurrency).filter((c): c is Currency => c !== null));
  const fx = opts.catalog.fx;
  const byCategory = Object.fromEntries(COST_CATEGORIES.map((c) => [c, { hourly: 0, monthly: 0 }])) as Record<CostCategory, Amounts>;
  for (const { c } of lines) {
    if (c.priceNotFound) continue;
    byCategory[c.category].hourly = r6(byCategory[c.category].hourly + (c.hourlyCost ?? 0));
    byCategory[c.category].monthly = r4(byCategory[c.category].monthly + (c.monthlyCost ?? 0));
  }

  const targetCosts: TargetCost[] = input.plan.targets.map((t) => {
    const mine = expected.filter((p) => p.target?.name === t.name);
    const sum = totals(mine);
    const cat = zeroByCategory();
    let unpricedLines = 0;
    for (const p of mine) {
      if (p.resource.pricing === "unpriced") unpricedLines++;
      for (const c of p.resource.costComponents) {
        if (c.priceNotFound) unpricedLines++;
        else cat[c.category] = r4(cat[c.category] + (c.monthlyCost ?? 0));
      }
    }
    const replicas = { min: t.replicas.min, expected: replicasOf(t, usage, "expected"), max: t.replicas.max };
    const tph = tokensPerHour(t);
    const perMillion =
      tph && replicas.expected > 0 && sum.hourly > 0
        ? {
            value: r4((1e6 / (tph * replicas.expected)) * sum.hourly),
            tokensPerHour: Math.round(tph * replicas.expected),
            note:
              "Lower bound: 1e6 / (maxConcurrentSequences × 1000/latencyBoundMsPerToken × 3600 × replicas) × target hourly cost; real throughput is lower than the bound, so the real cost per token is higher." +
              (unpricedLines ? ` The hourly cost excludes ${unpricedLines} unpriced line(s).` : ""),
          }
        : null;
    return {
      name: t.name,
      cloud: t.placement.cloud,
      region: t.placement.region,
      replicas,
      hourlyCost: sum.hourly,
      monthlyCost: sum.monthly,
      byCategory: cat,
      scenarios: { min: perTarget("min", t.name), expected: sum, max: perTarget("max", t.name) },
      unpricedLines,
      costPerMillionOutputTokens: perMillion,
    };
  });

  const resources = expected.map((p) => p.resource);
  const statuses = Object.fromEntries(PRICE_STATUSES.map((s) => [s, 0])) as Record<PriceStatus, number>;
  for (const { c } of lines) statuses[c.status]++;
  const unpriced = [
    ...resources.filter((r) => r.pricing === "unpriced").map((r) => ({ name: r.name, resourceType: r.resourceType, component: null, reason: r.reason ?? "unpriced" })),
    ...lines.filter((l) => l.c.priceNotFound).map((l) => ({ name: l.p.resource.name, resourceType: l.p.resource.resourceType, component: l.c.name, reason: l.c.note ?? "no price found" })),
  ];
  const total = scenarios.expected;
  const converted = [...natives].some((n) => n !== currency);
  const fxText = `1 USD = ${fx.usdCny} CNY (${fx.status}, ${fx.date}, source ${fx.source})`;
  return {
    version: "1",
    stack: input.stack,
    environment: input.spec.environment,
    currency,
    timeGenerated: opts.timeGenerated ?? new Date().toISOString(),
    fx: { usdCny: fx.usdCny, status: fx.status, source: fx.source, date: fx.date, applied: converted, text: fxText },
    usage,
    assumptions: [
      ...describeUsage(usage),
      `Totals in ${currency}; ${converted ? `converted at ${fxText}` : "no conversion was needed"}.`,
      "Spot lines state their basis (recorded price, ratio or the on-demand ceiling); spot capacity can be reclaimed at any time.",
    ],
    priceBook: opts.priceBook ? { name: opts.priceBook.name, date: opts.priceBook.date } : null,
    totalHourlyCost: total.hourly,
    totalMonthlyCost: total.monthly,
    complete: unpriced.length === 0,
    scenarios,
    budget: {
      monthly: input.spec.budget.monthly,
      currency: input.spec.budget.currency,
      withinBudget: convertCurrency(total.monthly, currency, input.spec.budget.currency, fx) <= input.spec.budget.monthly,
    },
    byCategory,
    targets: targetCosts,
    projects: [{ name: input.stack, metadata: { stack: input.stack, environment: input.spec.environment }, breakdown: { resources, totalHourlyCost: total.hourly, totalMonthlyCost: total.monthly } }],
    summary: {
      totalResources: resources.length,
      pricedResources: resources.filter((r) => r.pricing === "priced" && r.costComponents.every((c) => !c.priceNotFound)).length,
      freeResources: resources.filter((r) => r.pricing === "free").length,
      unpricedResources: resources.filter((r) => r.pricing === "unpriced" || (r.pricing === "priced" && r.costComponents.every((c) => c.priceNotFound))).length,
      partiallyPricedResources: resources.filter((r) => r.pricing === "priced" && r.costComponents.some((c) => c.priceNotFound) && r.costComponents.some((c) => !c.priceNotFound)).length,
      unpricedComponents: lines.filter((l) => l.c.priceNotFound).length,
      priceBookComponents: lines.filter((l) => l.c.priceBook !== undefined).length,
      statuses,
    },
    unpriced,
  };
}
