/**
 * Alibaba Cloud GPU host-group building block: an ECS launch template (hardened host) and an Auto
 * Scaling (ESS) group that attaches its instances to the ALB server group.
 */
import * as pulumi from "@pulumi/pulumi";
import { EcsLaunchTemplate } from "@pulumi/alicloud/ecs/ecsLaunchTemplate";
import { ScalingGroup } from "@pulumi/alicloud/ess/scalingGroup";
import type { TargetPlan } from "../plan/types";
import { lbTargetPort } from "../plan/gateway";
import { alicloudTags } from "../tags";
import { userDataBase64 } from "../bootstrap/user-data-encoding";

/** System disk category of the GPU hosts: ESSD (PL0 unless the plan says otherwise). */
export const ALICLOUD_SYSTEM_DISK_CATEGORY = "cloud_essd";

/** Health-check types of the scaling group: ECS instance status only (see {@link createAlicloudHostGroup}). */
export const ALICLOUD_ESS_HEALTH_CHECK_TYPES = ["ECS"] as const;

/** Inputs of {@link createAlicloudHostGroup}. */
export interface AlicloudHostGroupArgs {
  plan: TargetPlan;
  /** The plan's instance type once verified in the host zones (`verifyInstanceTypeZones`). */
  instanceType: pulumi.Input<string>;
  imageId: pulumi.Input<string>;
  securityGroupId: pulumi.Input<string>;
  /** Host vSwitches (first one is the template's default; the group spreads over all). */
  vswitchIds: pulumi.Input<string>[];
  /** RAM role for secret access; none when the target has no secrets. */
  ramRoleName?: pulumi.Input<string>;
  /** ALB server group the instances join on the engine port. */
  serverGroupId: pulumi.Input<string>;
  /** Resources the scaling group must wait for (the listener, so health checks exist). */
  dependsOn?: pulumi.Resource[];
  tags: Record<string, string>;
}

/**
 * Creates (cloud names `<physical>-<role>`, both through `provider`):
 * - `<name>-lt`: `alicloud.ecs.EcsLaunchTemplate` with the verified instance type and the image,
 *   pay-as-you-go, `spotStrategy` `SpotAsPriceGo` when `plan.spot` else `NoSpot`, NO public IP
 *   (`internetMaxBandwidthOut: 0`), the host security group, base64 cloud-init user-data (free of
 *   secrets), the RAM role, metadata mode from `plan.bootstrap.metadata.mode` (hardened `required` when every
 *   reader sends the token, `optional` otherwise; the kit's own scripts always send it), an encrypted
 *   ESSD system disk of `bootstrap.rootVolumeGb` GB released with the instance; tags on template
 *   and instances; new versions become the default;
 * - `<name>-asg`: `alicloud.ess.ScalingGroup` from the template's `Latest` version (a group created
 *   from a launch template is enabled automatically, no scaling configuration needed), min/max =
 *   `replicas`, desired = min, over the host vSwitches, `BALANCE` across zones on demand or
 *   `COST_OPTIMIZED` with spot remedy for spot, instances attached to the ALB server group on the
 *   engine port.
 *
 * The group is replaced when `multiAzPolicy` changes (ForceNew in the provider: toggling `spot`
 * flips BALANCE ↔ COST_OPTIMIZED) and keeps its explicit name, so it is `deleteBeforeReplace`: the
 * old group and its hosts go before the new one is created (a short outage on that change) instead
 * of two groups and two fleets under one name.
 *
 * Health: `healthCheckTypes` {@link ALICLOUD_ESS_HEALTH_CHECK_TYPES}. ESS then replaces an instance
 * only when it is no longer Running (stopped, released, failed). With `LOAD_BALANCER`, ESS would also
 * remove instances the ALB server group reports unhealthy, and `alicloud.ess.ScalingGroup` (3.108,
 * like `alicloud_ess_scaling_group` in terraform-provider-alicloud) has no grace period to cover
 * `plan.bootstrap.startBudgetSec` of image pull and model load, so hosts would be replaced while
 * they load. The ALB's own health check stops routing to an unready or failing host.
 */
export function createAlicloudHostGroup(
  name: string,
  args: AlicloudHostGroupArgs,
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): { launchTemplateId: pulumi.Output<string>; scalingGroupId: pulumi.Output<string> } {
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const { plan } = args;
  const physical = plan.names.physical;
  const tags = alicloudTags(args.tags);
  const lt = new EcsLaunchTemplate(
    `${name}-lt`,
    {
      launchTemplateName: `${physical}-lt`,
      description: `GPU hosts of ${physical}: ${plan.offering.instanceType}, ${plan.engine.name}`,
      instanceType: args.instanceType,
      imageId: args.imageId,
      instanceName: `${physical}-host`,
      instanceChargeType: "PostPaid",
      spotStrategy: plan.spot ? "SpotAsPriceGo" : "NoSpot",
      networkType: "vpc",
      vswitchId: args.vswitchIds[0],
      securityGroupIds: [args.securityGroupId],
      internetMaxBandwidthOut: 0,
      userData: userDataBase64(plan.bootstrap.userData, plan.bootstrap.userDataEncoding ?? "plain"),
      ...(args.ramRoleName ? { ramRoleName: args.ramRoleName } : {}),
      httpEndpoint: "enabled",
      // Hardened (token-only) mode when the plan says every metadata reader on the host sends the
      // token; otherwise normal mode (the plan warns which downloaded tool may read it plainly).
      httpTokens: plan.bootstrap.metadata.mode === "token-required" ? "required" : "optional",
      httpPutResponseHopLimit: 2,
      securityEnhancementStrategy: "Active",
      systemDisk: {
        category: ALICLOUD_SYSTEM_DISK_CATEGORY,
        size: plan.bootstrap.rootVolumeGb,
        encrypted: true,
        deleteWithInstance: true,
      },
      updateDefaultVersionNumber: true,
      tags,
      templateTags: tags,
    },
    opts,
  );
  const group = new ScalingGroup(
    `${name}-asg`,
    {
      scalingGroupName: `${physical}-asg`,
      minSize: plan.replicas.min,
      maxSize: plan.replicas.max,
      desiredCapacity: plan.replicas.min,
      vswitchIds: args.vswitchIds,
      launchTemplateId: lt.id,
      launchTemplateVersion: "Latest",
      multiAzPolicy: plan.spot ? "COST_OPTIMIZED" : "BALANCE",
      ...(plan.spot ? { spotInstanceRemedy: true } : {}),
      albServerGroups: [{ albServerGroupId: args.serverGroupId, port: lbTargetPort(plan), weight: 100 }],
      healthCheckTypes: [...ALICLOUD_ESS_HEALTH_CHECK_TYPES],
      removalPolicies: ["OldestScalingConfiguration", "OldestInstance"],
      tags,
    },
    { ...opts, dependsOn: args.dependsOn, deleteBeforeReplace: true },
  );
  return { launchTemplateId: lt.id, scalingGroupId: group.id };
}
