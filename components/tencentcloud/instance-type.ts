/**
 * Checks at deploy time that the planned CVM instance type is sold in every zone of the target,
 * with the data source `tencentcloud:Instance/getTypes:getTypes` (TF `tencentcloud_instance_types`).
 * The host group takes its instance type from {@link verifyInstanceType}, so a wrong or sold-out
 * type fails the deployment before any host is created.
 */
import * as pulumi from "@pulumi/pulumi";
import type { TargetPlan } from "../plan/types";
import { TENCENTCLOUD_PLUGIN, thinInvoke } from "../providers/thin";
import type { TencentContext } from "./provider";

/** Token of the instance-type data source. */
export const INSTANCE_TYPES_TOKEN = "tencentcloud:Instance/getTypes:getTypes";

/** How many offered types an error lists. */
export const OFFERED_IN_ERROR = 5;

/** One row of `instanceTypes[]` (fields we read). */
export interface TencentInstanceTypeRow {
  instanceType: string;
  family?: string;
  cpuCoreCount?: number;
  gpuCoreCount?: number;
  memorySize?: number;
  availabilityZone?: string;
  instanceChargeType?: string;
  status?: string;
}

/** Result of `getTypes` (fields we read). */
export interface TencentInstanceTypesResult {
  instanceTypes?: TencentInstanceTypeRow[];
}

/** Instance family of the plan: the offering's family, else the type's prefix (`PNV5b.8XLARGE96` → `PNV5b`). */
export function instanceFamily(plan: TargetPlan): string {
  return plan.offering.family || plan.offering.instanceType.split(".")[0];
}

/**
 * Arguments of the look-up for one zone: filters `zone` and `instance-family`, sold-out types
 * excluded. `availabilityZone` is not sent: it conflicts with `filters`.
 */
export function instanceTypesArgs(zone: string, family: string): pulumi.Inputs {
  return {
    filters: [
      { name: "zone", values: [zone] },
      { name: "instance-family", values: [family] },
    ],
    excludeSoldOut: true,
  };
}

/** Throws unless `result` (the look-up for `zone`) offers the plan's instance type. */
export function checkInstanceTypeInZone(plan: TargetPlan, zone: string, result: TencentInstanceTypesResult): void {
  const type = plan.offering.instanceType;
  const rows = result.instanceTypes ?? [];
  if (rows.some((row) => row.instanceType === type)) return;
  const offered = [...new Set(rows.map((row) => row.instanceType))];
  const shown = offered.slice(0, OFFERED_IN_ERROR).join(", ") + (offered.length > OFFERED_IN_ERROR ? `, … (${offered.length} in all)` : "");
  throw new Error(
    `tencentcloud target ${plan.name}: instance type ${type} is not offered in zone ${zone} ` +
      `(${INSTANCE_TYPES_TOKEN} for family ${instanceFamily(plan)}, sold-out excluded, offers: ${shown || "none"}); ` +
      `pick an offered type or another zone`,
  );
}

/**
 * The plan's instance type once the look-up has found it in every zone of the target (one invoke
 * per zone, explicit provider, plugin version and download URL); fails with
 * {@link checkInstanceTypeInZone}'s error otherwise.
 */
export function verifyInstanceType(ctx: TencentContext, plan: TargetPlan): pulumi.Output<string> {
  const family = instanceFamily(plan);
  const checks = plan.placement.zones.map((zone) =>
    thinInvoke<TencentInstanceTypesResult>(TENCENTCLOUD_PLUGIN, INSTANCE_TYPES_TOKEN, instanceTypesArgs(zone, family), { provider: ctx.provider, parent: ctx.parent }).apply((result) => {
      checkInstanceTypeInZone(plan, zone, result);
      return zone;
    }),
  );
  return pulumi.all(checks).apply(() => plan.offering.instanceType);
}
