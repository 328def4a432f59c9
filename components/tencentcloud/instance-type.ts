/**
 * Checks at deploy time that the planned CVM instance type is sold in every zone of the target with
 * the plan's charge type, with the data source `tencentcloud:Instance/getTypes:getTypes` (TF
 * `tencentcloud_instance_types`). The host group takes its instance type from
 * {@link verifyTencentcloudInstanceType}, so a wrong, sold-out or not-for-spot type fails the
 * deployment before any host is created.
 *
 * The look-up filters on `zone`, `instance-family` and `instance-charge-type`
 * (`Instance.GetTypesFilter` in pulumi-tencentcloud v0.2.3 `sdk/nodejs/types/input.ts`): the filters go
 * straight to DescribeZoneInstanceConfigInfos, which returns one row per charge type
 * (terraform-provider-tencentcloud v1.82.42 `tencentcloud/services/cvm/data_source_tc_instance_types.go`),
 * so without the charge-type filter a type sold only on demand would pass for a spot plan.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { TENCENTCLOUD_PLUGIN, thinInvoke } from "../providers/thin";

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

/** Inputs of {@link verifyTencentcloudInstanceType}. */
export interface TencentcloudInstanceTypeArgs {
  plan: TargetPlan;
}

/** Instance family of the plan: the offering's family, else the type's prefix (`PNV5b.8XLARGE96` → `PNV5b`). */
export function instanceFamily(plan: TargetPlan): string {
  return plan.offering.family || plan.offering.instanceType.split(".")[0];
}

/** CVM charge type of the plan's hosts: `SPOTPAID` for spot, else `POSTPAID_BY_HOUR`. */
export function instanceChargeType(plan: TargetPlan): "SPOTPAID" | "POSTPAID_BY_HOUR" {
  return plan.spot ? "SPOTPAID" : "POSTPAID_BY_HOUR";
}

/**
 * Arguments of the look-up for one zone: filters `zone`, `instance-family` and
 * `instance-charge-type`, sold-out types excluded. `availabilityZone` is not sent: it conflicts with
 * `filters`.
 */
export function instanceTypesArgs(plan: TargetPlan, zone: string): pulumi.Inputs {
  return {
    filters: [
      { name: "zone", values: [zone] },
      { name: "instance-family", values: [instanceFamily(plan)] },
      { name: "instance-charge-type", values: [instanceChargeType(plan)] },
    ],
    excludeSoldOut: true,
  };
}

/** The error message when `result` (the look-up for `zone`) does not offer the plan's type, else null. */
export function instanceTypeMissing(plan: TargetPlan, zone: string, result: TencentInstanceTypesResult): string | null {
  const type = plan.offering.instanceType;
  const rows = result.instanceTypes ?? [];
  if (rows.some((row) => row.instanceType === type)) return null;
  const offered = [...new Set(rows.map((row) => row.instanceType))];
  const shown = offered.slice(0, OFFERED_IN_ERROR).join(", ") + (offered.length > OFFERED_IN_ERROR ? `, … (${offered.length} in all)` : "");
  return (
    `instance type ${type} is not offered as ${instanceChargeType(plan)} in zone ${zone} ` +
    `(${INSTANCE_TYPES_TOKEN} for family ${instanceFamily(plan)}, sold-out excluded, offers: ${shown || "none"}); ` +
    (plan.spot ? "pick an offered type or another zone, or set spot: false" : "pick an offered type or another zone")
  );
}

/**
 * The plan's instance type once the look-up has found it in every zone of the target (one invoke per
 * zone through `provider`, with the plugin's version and download URL); fails with a target error
 * naming the type, zone, charge type and what is offered otherwise.
 */
export function verifyTencentcloudInstanceType(
  _name: string,
  args: TencentcloudInstanceTypeArgs,
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): pulumi.Output<string> {
  const { plan } = args;
  const checks = plan.placement.zones.map((zone) =>
    thinInvoke<TencentInstanceTypesResult>(TENCENTCLOUD_PLUGIN, INSTANCE_TYPES_TOKEN, instanceTypesArgs(plan, zone), { parent, provider }).apply((result) => {
      const missing = instanceTypeMissing(plan, zone, result);
      if (missing) throw targetError(plan, parent, missing);
      return zone;
    }),
  );
  return pulumi.all(checks).apply(() => plan.offering.instanceType);
}
