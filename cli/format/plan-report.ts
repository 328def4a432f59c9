/**
 * The `gpukit plan` report: the JSON contract (`--format json`) and its table and markdown
 * renderings. The JSON object is the machine-readable truth; the others are views of it.
 */
import Table from "cli-table3";
import type { OfflineRunResult } from "../offline/run";
import type { GatewayPlan } from "../../components/plan/gateway";

/** The JSON document `gpukit plan --format json` prints. */
export interface PlanReport {
  stack: string;
  targets: {
    name: string;
    cloud: string;
    region: string;
    zones: string[];
    instanceType: string;
    gpu: { model: string; count: number; memoryGb: number };
    tensorParallel: number;
    dataParallel: number;
    replicas: { min: number; max: number };
    spot: boolean;
    /** GB (10^9 bytes); `loraGb` only with LoRA adapters. */
    memory: { weightsGb: number; kvCacheGb: number; overheadGb: number; loraGb?: number; requiredGb: number; availableGb: number };
    maxConcurrentSequences: number;
    latencyBoundMsPerToken: number;
    engine: { name: string; image: string; command: string[]; port: number; healthPath: string; metricsPath: string | null };
    bootstrap: { strategy: string; rootVolumeGb: number; userDataBytes: number };
    price: { hourly: number | null; currency: string | null; status: string; source: string | null; date: string | null };
    alternatives: { instanceType: string; reason: string }[];
    /**
     * Performance model at the SLO-limited concurrency (components/plan/performance.ts): TTFT and TPOT
     * in ms, output tokens/s and requests/s of the minimum replicas and per instance; null when not modelled.
     */
    performance: { concurrency: number; ttftMs: number; tpotMs: number; outputTokensPerSecond: number; requestsPerSecond: number; perInstanceOutputTokensPerSecond: number } | null;
    /** Instances `serving.load` needs within `serving.slo`; null without a load. */
    replicasForLoad: number | null;
    /** Monthly cost of `replicasForLoad` instances in the price's currency; null without a load or price. */
    monthlyCostForLoad: number | null;
    /** Price's currency per 10^6 output tokens at the modelled concurrency; null without a price. */
    costPerMillionTokens: number | null;
    /** Spare capacity of `replicasForLoad` over the load, percent; null without a load. */
    loadHeadroomPct: number | null;
    warnings: string[];
    /** The target's inference gateway (`spec.gateway`), absent otherwise. */
    gateway?: GatewayPlan;
  }[];
  resources: { type: string; name: string; urn: string; parent: string | null; provider: string | null; region: string | null; protect: boolean; inputs: Record<string, unknown> }[];
  cost: {
    currency: string;
    totalHourlyCost: number | null;
    totalMonthlyCost: number | null;
    hoursPerMonth: number;
    maxHourlyCost: number | null;
    status: string;
    unpriced: string[];
    fx: string | null;
    budget: { monthly: number; withinBudget: boolean | null };
    /** What the totals cover: GPU instances at minimum replicas. */
    scope: string;
    /** Billable resources the totals do not price yet, by type: listed, never counted as zero. */
    unpricedResources: { type: string; count: number }[];
  };
  warnings: string[];
}

/**
 * Resource types that cost money but are not priced yet (load balancers, NAT gateways, public IPs,
 * extra disks). GPU instances are priced from the plan; networking, IAM and secrets are free or
 * negligible. The cost-preview issue prices these from per-cloud price books.
 */
export const BILLABLE_UNPRICED_TYPES: ReadonlySet<string> = new Set([
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/eip:Eip",
  "alicloud:alb/loadBalancer:LoadBalancer",
  "alicloud:vpc/natGateway:NatGateway",
  "alicloud:ecs/eipAddress:EipAddress",
  "tencentcloud:Clb/instance:Instance",
  "tencentcloud:Cbs/storage:Storage",
  "volcengine:clb/clb:Clb",
  "volcengine:eip/address:Address",
  "volcengine:ebs/volume:Volume",
]);

/** Counts of recorded resources whose type is billable but not priced yet. */
export function unpricedResources(resources: readonly { type: string }[]): { type: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of resources) if (BILLABLE_UNPRICED_TYPES.has(r.type)) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts].map(([type, count]) => ({ type, count }));
}

/** Builds the JSON report from an offline run. */
export function buildPlanReport(run: OfflineRunResult): PlanReport {
  const { plan } = run;
  return {
    stack: run.stack,
    targets: plan.targets.map((t) => ({
      name: t.name,
      cloud: t.placement.cloud,
      region: t.placement.region,
      zones: t.placement.zones,
      instanceType: t.offering.instanceType,
      gpu: { model: t.offering.gpu.model, count: t.offering.gpu.count, memoryGb: t.offering.gpu.memoryGb },
      tensorParallel: t.tensorParallel,
      dataParallel: t.dataParallel,
      replicas: t.replicas,
      spot: t.spot,
      memory: t.memory,
      maxConcurrentSequences: t.maxConcurrentSequences,
      latencyBoundMsPerToken: t.latencyBoundMsPerToken,
      engine: { name: t.engine.name, image: t.engine.image, command: t.engine.command, port: t.engine.port, healthPath: t.engine.readinessPath, metricsPath: t.engine.metricsPath },
      bootstrap: { strategy: t.bootstrap.strategy, rootVolumeGb: t.bootstrap.rootVolumeGb, userDataBytes: t.bootstrap.userDataBytes },
      price: { hourly: t.offering.price.hourly, currency: t.offering.price.currency, status: t.offering.price.status, source: t.offering.price.source, date: t.offering.price.date },
      alternatives: t.alternatives,
      performance: t.performance ?? null,
      replicasForLoad: t.replicasForLoad ?? null,
      monthlyCostForLoad: t.monthlyCostForLoad ?? null,
      costPerMillionTokens: t.costPerMillionTokens ?? null,
      loadHeadroomPct: t.loadHeadroomPct ?? null,
      warnings: t.warnings,
      // the inference gateway: consumers, routes, limits, moderation and the rendered Higress config (components/plan/gateway.ts)
      ...(t.gateway ? { gateway: t.gateway } : {}),
    })),
    resources: run.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, parent: r.parent ?? null, provider: r.provider ?? null, region: r.region ?? null, protect: r.protect, inputs: r.inputs })),
    cost: {
      currency: plan.cost.currency,
      totalHourlyCost: plan.cost.totalHourlyCost,
      totalMonthlyCost: plan.cost.totalMonthlyCost,
      hoursPerMonth: plan.cost.hoursPerMonth,
      maxHourlyCost: plan.cost.maxHourlyCost,
      status: plan.cost.status,
      unpriced: plan.cost.unpriced,
      fx: plan.cost.fx,
      budget: { monthly: plan.cost.budget.monthly, withinBudget: plan.cost.budget.withinBudget },
      scope: "GPU instances at minimum replicas (root disks included only where the price source includes them)",
      unpricedResources: unpricedResources(run.resources),
    },
    warnings: [...plan.warnings, ...run.notes],
  };
}

/** Key settings of a resource for the table view: a few well-known inputs, compactly. */
export function keySettings(inputs: Record<string, unknown>): string {
  const keys = [
    "instanceType", "instanceTypes", "cidrBlock", "availabilityZone", "zoneId", "port", "protocol", "listenerPort", "listenerProtocol",
    "minSize", "maxSize", "fromPort", "toPort", "ipProtocol", "portRange", "internal", "addressType", "networkType", "type",
    "loadBalancerType", "spotStrategy", "instanceChargeType", "healthCheck", "httpTokens",
  ];
  const parts: string[] = [];
  for (const key of keys) {
    const value = inputs[key];
    if (value === undefined || value === null) continue;
    const text = typeof value === "object" ? JSON.stringify(value) : String(value);
    parts.push(`${key}=${text.length > 60 ? text.slice(0, 57) + "..." : text}`);
    if (parts.length >= 4) break;
  }
  return parts.join(" ");
}

function money(value: number | null, currency: string | null): string {
  return value === null ? "unknown" : `${value.toFixed(2)} ${currency ?? ""}`.trim();
}

/** A number with thousands separators and at most `digits` decimals (`1,234.5`). */
function num(value: number, digits: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/**
 * The table rows of a target's performance fields, with units: latency and throughput at the
 * modelled concurrency, then the load (replicas, monthly cost, headroom) and the cost per 10^6
 * output tokens (in the price's currency). Empty when the plan has no performance model for the target.
 */
export function performanceRows(t: PlanReport["targets"][number]): Record<string, string>[] {
  const p = t.performance;
  if (!p) return [];
  const currency = t.price.currency;
  const rows: Record<string, string>[] = [
    {
      Latency: `TTFT ${num(p.ttftMs, 0)} ms, TPOT ${num(p.tpotMs, 1)} ms at ${p.concurrency} request${p.concurrency === 1 ? "" : "s"} in flight per engine replica`,
    },
    {
      Throughput: `${num(p.perInstanceOutputTokensPerSecond, 1)} output tok/s per replica (instance); ${num(p.outputTokensPerSecond, 1)} tok/s and ${num(p.requestsPerSecond, 2)} req/s at ${t.replicas.min} replica${t.replicas.min === 1 ? "" : "s"}`,
    },
  ];
  if (t.replicasForLoad === null) {
    rows.push({ Load: "no serving section: replicas not sized from a load; modelled for 1,024 prompt + 256 output tokens" });
  } else {
    const monthly = t.monthlyCostForLoad === null ? "monthly cost unknown (no price)" : `${money(t.monthlyCostForLoad, currency)}/month`;
    const headroom = t.loadHeadroomPct === null ? "" : `, headroom ${num(t.loadHeadroomPct, 1)} %`;
    rows.push({ Load: `${t.replicasForLoad} replica${t.replicasForLoad === 1 ? "" : "s"} for serving.load: ${monthly}${headroom}` });
  }
  rows.push({ "Token cost": t.costPerMillionTokens === null ? "unknown (no price)" : `${money(t.costPerMillionTokens, currency)} per 10^6 output tokens` });
  return rows;
}

/** Human-readable plan: per target placement, memory, engine command, then resources and cost. */
export function renderPlanTable(report: PlanReport): string {
  const out: string[] = [`Stack ${report.stack}: ${report.targets.length} target(s), ${report.resources.length} resources`, ""];
  for (const t of report.targets) {
    out.push(`Target ${t.name} — ${t.cloud} ${t.region} (${t.zones.join(", ")})`);
    const table = new Table({ style: { head: [], border: [] }, wordWrap: true, colWidths: [13, 104] });
    table.push(
      { Offering: `${t.instanceType}: ${t.gpu.count} × ${t.gpu.model} (${t.gpu.memoryGb} GB)` },
      { Parallelism: `tensor ${t.tensorParallel}, data ${t.dataParallel}; replicas ${t.replicas.min}–${t.replicas.max}${t.spot ? " (spot)" : ""}` },
      { Memory: `weights ${t.memory.weightsGb} + KV ${t.memory.kvCacheGb} + overhead ${t.memory.overheadGb}${t.memory.loraGb ? ` + LoRA ${t.memory.loraGb}` : ""} = ${t.memory.requiredGb} GB of ${t.memory.availableGb} GB usable` },
      { Bounds: `≥ ${t.latencyBoundMsPerToken} ms/token decode; ≤ ${t.maxConcurrentSequences} full-context sequences` },
      { Engine: `${t.engine.name} ${t.engine.image} on :${t.engine.port}, ready at ${t.engine.healthPath}` },
      { Command: t.engine.command.join(" ") },
      { Bootstrap: `${t.bootstrap.strategy}, root disk ${t.bootstrap.rootVolumeGb} GB, user-data ${t.bootstrap.userDataBytes} bytes` },
      ...performanceRows(t),
      { Price: `${money(t.price.hourly, t.price.currency)}/h per instance (${t.price.status}${t.price.source ? `; ${t.price.source}` : ""}${t.price.date ? `, ${t.price.date}` : ""})` },
    );
    out.push(table.toString());
    for (const a of t.alternatives) out.push(`  alternative ${a.instanceType}: ${a.reason}`);
    for (const w of t.warnings) out.push(`  warning: ${w}`);
    out.push("");
  }
  const resources = new Table({ head: ["type", "name", "key settings"], style: { head: [], border: [] }, wordWrap: true, colWidths: [52, 34, 60] });
  for (const r of report.resources) resources.push([r.type, r.name, keySettings(r.inputs)]);
  out.push("Resources", resources.toString(), "");
  const c = report.cost;
  out.push(
    `GPU instance cost (prices: ${c.status}): ${money(c.totalHourlyCost, c.currency)}/h, ${money(c.totalMonthlyCost, c.currency)}/month at ${c.hoursPerMonth} h/month and minimum replicas` +
      (c.maxHourlyCost !== null ? `; up to ${money(c.maxHourlyCost, c.currency)}/h at maximum replicas` : ""),
  );
  if (c.unpriced.length) out.push(`Unpriced targets (price unknown, not counted as zero): ${c.unpriced.join(", ")}`);
  out.push(`Covers: ${c.scope}`);
  if (c.unpricedResources.length) out.push(`Not priced yet (listed, not counted as zero): ${c.unpricedResources.map((u) => `${u.count} × ${u.type}`).join(", ")}`);
  if (c.fx) out.push(`Currency conversion: ${c.fx}`);
  out.push(`Budget: ${c.budget.monthly} ${c.currency}/month — ${c.budget.withinBudget === null ? "cannot compare (unpriced targets)" : c.budget.withinBudget ? "within budget" : "OVER budget"}`);
  for (const w of report.warnings) out.push(`warning: ${w}`);
  return out.join("\n") + "\n";
}

/** Markdown plan, for pull-request comments. */
export function renderPlanMarkdown(report: PlanReport): string {
  const out: string[] = [`## gpukit plan — stack \`${report.stack}\``, ""];
  out.push("| target | cloud / region | offering | TP | replicas | memory (req / usable GB) | engine | price/h |", "|---|---|---|---|---|---|---|---|");
  for (const t of report.targets) {
    out.push(
      `| ${t.name} | ${t.cloud} ${t.region} | ${t.instanceType} (${t.gpu.count}× ${t.gpu.model}) | ${t.tensorParallel} | ${t.replicas.min}–${t.replicas.max}${t.spot ? " spot" : ""} | ${t.memory.requiredGb} / ${t.memory.availableGb} | ${t.engine.name} | ${money(t.price.hourly, t.price.currency)} (${t.price.status}) |`,
    );
  }
  const c = report.cost;
  out.push("", `**GPU instance cost (prices: ${c.status})**: ${money(c.totalHourlyCost, c.currency)}/h, ${money(c.totalMonthlyCost, c.currency)}/month (${c.hoursPerMonth} h). Budget ${c.budget.monthly} ${c.currency}.`);
  if (c.unpriced.length) out.push("", `Unpriced: ${c.unpriced.join(", ")}`);
  out.push("", `Covers ${c.scope}.${c.unpricedResources.length ? ` Not priced yet: ${c.unpricedResources.map((u) => `${u.count} × \`${u.type}\``).join(", ")}.` : ""}`);
  out.push("", `<details><summary>${report.resources.length} resources</summary>`, "", "| type | name |", "|---|---|");
  for (const r of report.resources) out.push(`| \`${r.type}\` | ${r.name} |`);
  out.push("", "</details>");
  for (const w of report.warnings) out.push("", `> warning: ${w}`);
  return out.join("\n") + "\n";
}
