/**
 * Usage assumptions of the cost preview, resolved from the spec's optional `budget.usage` with the
 * kit's defaults. Every assumption used is listed in the report (`describeUsage`).
 */
import type { TargetPlan } from "../components/plan/types";
import type { ReplicaScenario } from "./types";

/** Weeks per month used to turn a weekly schedule into hours per month: 52 / 12. */
export const WEEKS_PER_MONTH = 52 / 12;
/** Default expected internet egress through each NAT gateway / public IP, GB per month. */
export const DEFAULT_EGRESS_GB_PER_MONTH = 100;
/** Default load-balancer capacity units consumed per hour (AWS ALB LCU, Alibaba ALB LCU, Tencent CLB LCU). */
export const DEFAULT_LCU_PER_HOUR = 1;
/** Default capacity units per hour of an Alibaba enhanced NAT gateway billed PayByLcu. */
export const DEFAULT_NAT_CU_PER_HOUR = 1;

/** The spec's `budget.usage` as written (all optional). */
export interface UsageInput {
  /** Replicas expected to run: `min` (default), `max`, or a count clamped into [min, max] per target. */
  expectedReplicas?: "min" | "max" | number;
  /** Hosts run only on a weekly schedule (non-prod): days per week × hours per day. */
  schedule?: { daysPerWeek: number; hoursPerDay: number };
  /** Internet egress per NAT gateway or public IP, GB per month (default 100). */
  egressGbPerMonth?: number;
  /** Load-balancer capacity units per hour (default 1). */
  lcuPerHour?: number;
}

/** Usage with every default filled in. */
export interface ResolvedUsage {
  /** Hours always-on resources run per month (`budget.hoursPerMonth`, default 730). */
  hoursPerMonth: number;
  /** Hours GPU hosts and their disks run per month: the schedule's, else `hoursPerMonth`. */
  computeHoursPerMonth: number;
  schedule: { daysPerWeek: number; hoursPerDay: number } | null;
  expectedReplicas: "min" | "max" | number;
  egressGbPerMonth: number;
  lcuPerHour: number;
  natCuPerHour: number;
}

/** Fills the defaults in. `hoursPerMonth` is the spec's `budget.hoursPerMonth`. */
export function resolveUsage(hoursPerMonth: number, input: UsageInput = {}): ResolvedUsage {
  const schedule = input.schedule ?? null;
  const scheduled = schedule ? Math.min(hoursPerMonth, schedule.daysPerWeek * schedule.hoursPerDay * WEEKS_PER_MONTH) : hoursPerMonth;
  return {
    hoursPerMonth,
    computeHoursPerMonth: Math.round(scheduled * 100) / 100,
    schedule,
    expectedReplicas: input.expectedReplicas ?? "min",
    egressGbPerMonth: input.egressGbPerMonth ?? DEFAULT_EGRESS_GB_PER_MONTH,
    lcuPerHour: input.lcuPerHour ?? DEFAULT_LCU_PER_HOUR,
    natCuPerHour: DEFAULT_NAT_CU_PER_HOUR,
  };
}

/** Replicas of `target` in a scenario: min, max, or the expected count clamped into [min, max]. */
export function replicasOf(target: Pick<TargetPlan, "replicas">, usage: ResolvedUsage, scenario: ReplicaScenario = "expected"): number {
  const { min, max } = target.replicas;
  if (scenario === "min") return min;
  if (scenario === "max") return max;
  const e = usage.expectedReplicas;
  if (e === "min") return min;
  if (e === "max") return max;
  return Math.min(max, Math.max(min, e));
}

/** One sentence per assumption, for the report. */
export function describeUsage(u: ResolvedUsage): string[] {
  const out = [
    `Always-on resources run ${u.hoursPerMonth} h/month (budget.hoursPerMonth; monthly = hourly × ${u.hoursPerMonth}).`,
    u.schedule
      ? `GPU hosts and their disks run ${u.schedule.daysPerWeek} days × ${u.schedule.hoursPerDay} h per week = ${u.computeHoursPerMonth} h/month (× 52/12 weeks).`
      : `GPU hosts run ${u.computeHoursPerMonth} h/month (no schedule).`,
    `Replicas priced: ${typeof u.expectedReplicas === "number" ? `${u.expectedReplicas} per target, clamped into [min, max]` : `replicas.${u.expectedReplicas}`} (min and max totals shown too).`,
    `Internet egress: ${u.egressGbPerMonth} GB/month per NAT gateway or public IP (budget.usage.egressGbPerMonth).`,
    `Load balancers: ${u.lcuPerHour} capacity unit(s) per hour (budget.usage.lcuPerHour); NAT capacity units: ${u.natCuPerHour} per hour.`,
    "Prices are list prices (on-demand / pay-as-you-go) unless a price book line says otherwise; taxes and support plans excluded.",
  ];
  return out;
}
