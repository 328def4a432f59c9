/**
 * Checks at deploy time that the planned ECS instance type exists in the region and carries the
 * planned GPUs, with the data source `volcengine:ecs/getInstanceTypes:getInstanceTypes`. This is how
 * a spec-declared (unverified) type such as `ecs.pni2.14xlarge` gets verified on a real `pulumi up`.
 * The host group takes its instance type from {@link verifyInstanceType}, so a wrong type fails the
 * deployment before any host is created.
 */
import * as pulumi from "@pulumi/pulumi";
import type { TargetPlan } from "../plan/types";
import { VOLCENGINE_PLUGIN, thinInvoke } from "../providers/thin";
import type { VolcengineContext } from "./provider";

/** Token of the instance-type data source. */
export const INSTANCE_TYPES_TOKEN = "volcengine:ecs/getInstanceTypes:getInstanceTypes";

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

/** Throws unless `result` lists the plan's instance type with the plan's GPU model and count. */
export function checkInstanceType(plan: TargetPlan, result: VolcengineInstanceTypesResult): void {
  const type = plan.offering.instanceType;
  const { region } = plan.placement;
  const row = (result.instanceTypes ?? []).find((r) => r.instanceTypeId === type);
  if (!row) {
    throw new Error(`volcengine target ${plan.name}: instance type ${type} not found in ${region} (${INSTANCE_TYPES_TOKEN} returned no such type); check the target's instanceType`);
  }
  const devices = (row.gpus ?? []).flatMap((g) => g.gpuDevices ?? []);
  const count = devices.reduce((sum, d) => sum + (d.count ?? 0), 0);
  const { model, count: expected } = plan.offering.gpu;
  const modelOk = devices.length > 0 && devices.every((d) => productNameMatches(d.productName ?? "", model));
  if (!modelOk || count !== expected) {
    const found = devices.length ? devices.map((d) => `${d.count ?? "?"} × ${d.productName ?? "unnamed GPU"}`).join(" + ") : "no GPU";
    throw new Error(
      `volcengine target ${plan.name}: instance type ${type} in ${region} has ${found}, the plan expects ${expected} × ${model}; ` +
        `fix the target's gpu / gpusPerReplica or its instanceType`,
    );
  }
}

/**
 * The plan's instance type once the look-up (ids = [type], explicit provider, plugin version and
 * download URL) has confirmed it and its GPUs; fails with {@link checkInstanceType}'s error otherwise.
 */
export function verifyInstanceType(ctx: VolcengineContext, plan: TargetPlan): pulumi.Output<string> {
  const type = plan.offering.instanceType;
  return thinInvoke<VolcengineInstanceTypesResult>(VOLCENGINE_PLUGIN, INSTANCE_TYPES_TOKEN, { ids: [type] }, { provider: ctx.provider, parent: ctx.parent }).apply((result) => {
    checkInstanceType(plan, result);
    return type;
  });
}
