/**
 * Checks at deploy time that the planned ECS instance type exists in the region and carries the
 * planned GPUs (`volcengine:ecs/getInstanceTypes:getInstanceTypes`), and that it is on sale, for the
 * plan's charge type and spot strategy, in every zone of the plan
 * (`volcengine:ecs/getAvailableResources:getAvailableResources`, one call per zone). This is how a
 * spec-declared (unverified) type such as `ecs.pni2.14xlarge` gets verified on a real `pulumi up`.
 * The host group takes its instance type from {@link verifyVolcengineInstanceType}, so a wrong or
 * sold-out type fails the deployment before any host is created.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { VOLCENGINE_PLUGIN, thinInvoke } from "../providers/thin";

/** Token of the instance-type data source. */
export const INSTANCE_TYPES_TOKEN = "volcengine:ecs/getInstanceTypes:getInstanceTypes";
/** Token of the per-zone stock data source. */
export const AVAILABLE_RESOURCES_TOKEN = "volcengine:ecs/getAvailableResources:getAvailableResources";
/** Charge type of every host (the adapter creates pay-as-you-go hosts only). */
export const INSTANCE_CHARGE_TYPE = "PostPaid";

/** One GPU device entry of an instance type (fields we read). */
export interface VolcengineGpuDevice {
  productName?: string;
  count?: number;
  memories?: { size?: number }[];
}

/** One row of `instanceTypes[]` (fields we read). */
export interface VolcengineInstanceTypeRow {
  instanceTypeId: string;
  instanceTypeFamily?: string;
  gpus?: { gpuDevices?: VolcengineGpuDevice[] }[];
}

/** Result of `getInstanceTypes` (fields we read). */
export interface VolcengineInstanceTypesResult {
  instanceTypes?: VolcengineInstanceTypeRow[];
}

/**
 * Whether a device's product name names the catalog GPU `model`: the key's base model (the part
 * before a form-factor or memory suffix: `H100` of `H100-SXM`, `A800`) appears in it
 * case-insensitively as a whole model number: `A800` matches `NVIDIA A800-SXM4-80GB`, `A10` matches
 * `NVIDIA A10` but not `NVIDIA A100`, `H20` not `NVIDIA H200`.
 */
export function productNameMatches(productName: string, model: string): boolean {
  const base = model.split("-")[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![a-z0-9])${base}(?![0-9])`, "i").test(productName);
}

/** Result of `getAvailableResources` (fields we read; `sdk/nodejs/types/output.ts` `GetAvailableResourcesAvailableZone…`). */
export interface VolcengineAvailableResourcesResult {
  availableZones?: {
    zoneId?: string;
    regionId?: string;
    /** `Available` or `SoldOut`. */
    status?: string;
    availableResources?: { type?: string; supportedResources?: { value?: string; status?: string }[] }[];
  }[];
}

/**
 * What is wrong with `result` for the plan's instance type and GPUs (not found, another GPU model
 * or count), or undefined when it matches.
 */
export function instanceTypeProblem(plan: TargetPlan, result: VolcengineInstanceTypesResult): string | undefined {
  const type = plan.offering.instanceType;
  const { region } = plan.placement;
  const row = (result.instanceTypes ?? []).find((r) => r.instanceTypeId === type);
  if (!row) return `instance type ${type} not found in ${region} (${INSTANCE_TYPES_TOKEN} returned no such type); check the target's instanceType`;
  const devices = (row.gpus ?? []).flatMap((g) => g.gpuDevices ?? []);
  const count = devices.reduce((sum, d) => sum + (d.count ?? 0), 0);
  const { model, count: expected } = plan.offering.gpu;
  const modelOk = devices.length > 0 && devices.every((d) => productNameMatches(d.productName ?? "", model));
  if (modelOk && count === expected) return undefined;
  const found = devices.length ? devices.map((d) => `${d.count ?? "?"} × ${d.productName ?? "unnamed GPU"}`).join(" + ") : "no GPU";
  return `instance type ${type} in ${region} has ${found}, the plan expects ${expected} × ${model}; fix the target's gpu / gpusPerReplica or its instanceType`;
}

/**
 * Why the plan's instance type cannot be launched in `zone` according to `result` (the zone or the
 * type sold out, or the type not offered there), or undefined when it is `Available`.
 */
export function zoneAvailabilityProblem(plan: TargetPlan, zone: string, result: VolcengineAvailableResourcesResult): string | undefined {
  const type = plan.offering.instanceType;
  const row = (result.availableZones ?? []).find((z) => z.zoneId === zone);
  if (!row) return `${zone} (not offered)`;
  if (row.status !== undefined && row.status !== "Available") return `${zone} (zone ${row.status})`;
  const offered = (row.availableResources ?? [])
    .filter((r) => r.type === undefined || r.type === "InstanceType")
    .flatMap((r) => r.supportedResources ?? [])
    .find((r) => r.value === type);
  if (!offered) return `${zone} (not offered)`;
  if (offered.status !== "Available") return `${zone} (${offered.status ?? "no status"})`;
  return undefined;
}

/** Inputs of {@link verifyVolcengineInstanceType}. */
export interface VolcengineInstanceTypeArgs {
  plan: TargetPlan;
}

/**
 * The plan's instance type once the look-ups (explicit provider, plugin version and download URL)
 * have confirmed it, its GPUs, and its stock in every zone of the plan for `PostPaid` and the plan's
 * spot strategy; else the output fails with a {@link targetError} saying what is wrong and how to fix
 * it. Invokes: `getInstanceTypes {ids: [type]}`, then `getAvailableResources {destinationResource:
 * "InstanceType", instanceTypeId, zoneId, instanceChargeType, spotStrategy}` per zone.
 */
export function verifyVolcengineInstanceType(_name: string, args: VolcengineInstanceTypeArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string> {
  const { plan } = args;
  const type = plan.offering.instanceType;
  const opts = { parent, provider };
  const spotStrategy = plan.spot ? "SpotAsPriceGo" : "NoSpot";
  const types = thinInvoke<VolcengineInstanceTypesResult>(VOLCENGINE_PLUGIN, INSTANCE_TYPES_TOKEN, { ids: [type] }, opts);
  const zones = plan.placement.zones.map((zone) =>
    thinInvoke<VolcengineAvailableResourcesResult>(
      VOLCENGINE_PLUGIN,
      AVAILABLE_RESOURCES_TOKEN,
      { destinationResource: "InstanceType", instanceTypeId: type, zoneId: zone, instanceChargeType: INSTANCE_CHARGE_TYPE, spotStrategy },
      opts,
    ),
  );
  return pulumi.all([types, pulumi.all(zones)]).apply(([typeResult, zoneResults]) => {
    const problem = instanceTypeProblem(plan, typeResult);
    if (problem) throw targetError(plan, parent, problem);
    const missing = plan.placement.zones.flatMap((zone, i) => zoneAvailabilityProblem(plan, zone, zoneResults[i]) ?? []);
    if (missing.length) {
      throw targetError(
        plan,
        parent,
        `instance type ${type} (${INSTANCE_CHARGE_TYPE}, ${spotStrategy}) cannot be launched in ${missing.join(", ")} per ${AVAILABLE_RESOURCES_TOKEN}; ` +
          `choose the target's zones where it is available, or another instanceType`,
      );
    }
    return type;
  });
}
