/**
 * Deploy-time look-ups that VERIFY the plan's zones on Alibaba Cloud (they decide nothing): the ALB
 * is offered in every zone of its zone mappings (`alicloud.alb.getZones`), and the GPU instance type
 * can be bought in every host zone (`alicloud.getZones({ availableInstanceType })`, the pinned SDK's
 * form of `ecs.getZones`; a sold-out zone is not listed). A failed check stops the deployment with a
 * target error naming the zones that would work, before any ALB or host is created: the ALB's zone
 * mappings and the launch template's instance type are taken from these outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { getZonesOutput as getAlbZonesOutput } from "@pulumi/alicloud/alb/getZones";
import { getZonesOutput } from "@pulumi/alicloud/getZones";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";

/** Invoke token of the ALB zone look-up. */
export const ALB_ZONES_TOKEN = "alicloud:alb/getZones:getZones";
/** Invoke token of the ECS zone look-up (by instance type). */
export const ECS_ZONES_TOKEN = "alicloud:index/getZones:getZones";

/** Zones of `wanted` that `offered` lacks, in `wanted` order. */
export function missingZones(wanted: readonly string[], offered: readonly string[]): string[] {
  return wanted.filter((z) => !offered.includes(z));
}

/**
 * The ALB zones once `alb.getZones` (through `provider`) lists each of them; fails with a target
 * error naming the zones the ALB is offered in otherwise.
 */
export function verifyAlbZones(plan: TargetPlan, zones: pulumi.Input<string>[], parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string[]> {
  const offered = getAlbZonesOutput({}, { parent, provider });
  return pulumi.all([pulumi.all(zones), offered]).apply(([wanted, result]) => {
    const ids = (result.zones ?? []).map((z) => z.id);
    const missing = missingZones(wanted, ids);
    if (missing.length) {
      throw targetError(
        plan,
        parent,
        `ALB is not offered in ${missing.join(", ")}; ALB zones in ${plan.placement.region}: ${ids.join(", ") || "none"}. ` +
          (plan.network.mode === "create" ? "Set the target's zones to ALB zones" : "Give network.existing.lbSubnetIds vSwitches in ALB zones"),
      );
    }
    return wanted;
  });
}

/**
 * The plan's instance type once `getZones({ availableInstanceType, availableResourceCreation:
 * "Instance", instanceChargeType: "PostPaid", spotStrategy })` lists every host zone (through
 * `provider`); fails with a target error naming the zones that offer the type otherwise.
 */
export function verifyInstanceTypeZones(plan: TargetPlan, parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string> {
  const type = plan.offering.instanceType;
  const hostZones = plan.network.hostSubnets.map((s) => s.zone).filter((z): z is string => Boolean(z));
  const purchase = plan.spot ? "SpotAsPriceGo" : "NoSpot";
  return getZonesOutput(
    { availableInstanceType: type, availableResourceCreation: "Instance", instanceChargeType: "PostPaid", spotStrategy: purchase },
    { parent, provider },
  ).apply((result) => {
    const ids = (result.zones ?? []).map((z) => z.id);
    const missing = missingZones(hostZones, ids);
    if (missing.length) {
      const how = plan.spot ? "as spot" : "pay-as-you-go";
      throw targetError(
        plan,
        parent,
        ids.length
          ? `instance type ${type} is not offered ${how} in ${missing.join(", ")}; zones of ${plan.placement.region} offering it: ${ids.join(", ")}. Set the target's zones to those`
          : `instance type ${type} is not offered ${how} in any zone of ${plan.placement.region}; choose another instance type (gpu) or region`,
      );
    }
    return type;
  });
}
