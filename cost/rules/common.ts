/**
 * Rule helpers shared by the four clouds: free and unpriced results, the region of a resource, and
 * the GPU host line (instances × replicas, with their disks) every cloud's host group maps to.
 */
import type { Cloud } from "../../catalog/schema";
import type { PriceUnit } from "../../catalog/prices/schema";
import { componentPrice, costLine, instancePrice, type Billing } from "../lines";
import { replicasOf } from "../usage";
import type { CostCategory, CostComponent, PriceContext, PriceableResource, PriceResult, PriceRule } from "../types";

/** Priced at zero on purpose: the cloud does not bill this resource (the reason says why). */
export function free(reason: string, category: CostCategory = "network"): PriceRule {
  return () => ({ kind: "free", category, reason });
}

/** A billable resource the kit cannot price (the reason says what is missing). */
export function unpriced(reason: string, category: CostCategory = "other"): PriceRule {
  return () => ({ kind: "unpriced", category, reason });
}

/** The resource's recorded region, else its target's region; undefined when neither is known. */
export function regionOf(r: PriceableResource, ctx: PriceContext): string | undefined {
  return r.region ?? (typeof r.inputs.region === "string" ? r.inputs.region : undefined) ?? ctx.target?.placement.region;
}

/** A number input (numbers and numeric strings, as the AWS and Alibaba SDKs record some); undefined otherwise. */
export function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** A string input; undefined otherwise. */
export function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** One disk of a host: its component key (`disk.<class>`), size and any extra priced lines (provisioned IOPS). */
export interface DiskSpec {
  /** `system` or `data`. */
  role: string;
  /** Disk class as the cloud spells it (`gp3`, `cloud_essd`, `CLOUD_SSD`, `ESSD_PL0`). */
  diskClass: string;
  /** Component key of its GB-month price. */
  key: string;
  sizeGb: number;
  /** Extra lines per disk (AWS gp3 IOPS/throughput above the free baseline). */
  extras?: Array<{ name: string; key: string; unit: PriceUnit; quantity: number }>;
  /** A reason the disk costs nothing extra (included in the instance quote). */
  includedReason?: string;
}

/** What a host-group resource says about its instances. */
export interface HostSpec {
  instanceType: string | undefined;
  billing: Billing;
  /** Instances this resource stands for: replicas of the target (templates) or 1 (one instance resource). */
  perReplica: boolean;
  /** Instances this resource stands for when it says so itself (a node pool's desired size); wins over `perReplica`. */
  count?: number;
  disks: DiskSpec[];
}

/**
 * Prices a GPU host resource: the instance line (hours × instances, on-demand, spot or
 * subscription) and one storage line per disk (GB × instances, plus provisioned extras).
 */
export function priceHosts(r: PriceableResource, ctx: PriceContext, cloud: Cloud, host: HostSpec): PriceResult {
  const region = regionOf(r, ctx);
  if (!region) return { kind: "unpriced", category: "compute", reason: "region unknown (no region input, provider region or target)" };
  if (!host.instanceType) return { kind: "unpriced", category: "compute", reason: "no instance type in the recorded inputs" };
  if (host.count === undefined && host.perReplica && !ctx.target) return { kind: "unpriced", category: "compute", reason: "not under a planned target, so its replica count is unknown" };
  const count = host.count ?? (host.perReplica ? replicasOf(ctx.target!, ctx.usage, ctx.scenario) : 1);
  const components: CostComponent[] = [];
  const unit = instancePrice(ctx, cloud, region, host.instanceType, host.billing);
  const what = `${host.instanceType}, ${host.billing}${host.count !== undefined ? `, ${count} node${count === 1 ? "" : "s"}` : host.perReplica ? `, ${count} replica${count === 1 ? "" : "s"}` : ""}`;
  if (unit.unit === "month") components.push(costLine({ name: `Instance (${what})`, category: "compute", quantity: count }, unit, ctx));
  else components.push(costLine({ name: `Instance usage (${what})`, category: "compute", quantity: count, hours: ctx.usage.computeHoursPerMonth }, unit, ctx));
  for (const d of host.disks) {
    const label = `${d.role === "system" ? "System" : "Data"} disk (${d.diskClass}, ${d.sizeGb} GB${count === 1 ? "" : ` × ${count}`})`;
    if (d.includedReason) {
      components.push(costLine({ name: label, category: "storage", quantity: d.sizeGb * count, note: d.includedReason }, { unit: "GB-month", price: 0, currency: unit.currency ?? "CNY", status: unit.status, source: unit.source, date: unit.date }, ctx));
      continue;
    }
    components.push(costLine({ name: label, category: "storage", quantity: d.sizeGb * count }, componentPrice(ctx, cloud, d.key, region, "GB-month"), ctx));
    for (const x of d.extras ?? []) {
      if (x.quantity <= 0) continue;
      components.push(costLine({ name: x.name, category: "storage", quantity: x.quantity * count }, componentPrice(ctx, cloud, x.key, region, x.unit), ctx));
    }
  }
  return { kind: "priced", category: "compute", components, notes: [] };
}

/** Prices fixed lines (`key`, unit, quantity) of a network or load-balancer resource in its region. */
export function priceLines(
  r: PriceableResource,
  ctx: PriceContext,
  cloud: Cloud,
  category: CostCategory,
  lines: Array<{ name: string; key: string; unit: PriceUnit; quantity: number; usageBased?: boolean; category?: CostCategory }>,
): PriceResult {
  const region = regionOf(r, ctx);
  if (!region) return { kind: "unpriced", category, reason: "region unknown (no region input, provider region or target)" };
  const components = lines.map((l) =>
    costLine({ name: l.name, category: l.category ?? category, quantity: l.quantity, usageBased: l.usageBased }, componentPrice(ctx, cloud, l.key, region, l.unit), ctx),
  );
  return { kind: "priced", category, components, notes: [] };
}
