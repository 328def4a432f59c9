/**
 * GPU hosts of a target: a fixed set of ECS instances spread over the zones when
 * `replicas.min == replicas.max`, else an Auto Scaling group + configuration (attached and
 * enabled) that registers its instances in the CLB server group.
 */
import * as pulumi from "@pulumi/pulumi";
import type { TargetPlan } from "../plan/types";
import { childOptions, type VolcengineContext } from "./provider";
import { ScalingConfiguration, ScalingConfigurationAttachment, ScalingGroup, ScalingGroupEnabler } from "./resources/autoscaling";
import { ServerGroupServer } from "./resources/clb";
import { Instance } from "./resources/ecs";

/** Volcengine's user-data limit: 16 KB before base64. */
export const USER_DATA_LIMIT_BYTES = 16 * 1024;
/** System volume type of every host. */
export const VOLUME_TYPE = "ESSD_PL0";
/** Largest ESSD_PL0 system volume of an ECS instance, GB. */
export const INSTANCE_SYSTEM_VOLUME_MAX_GB = 2048;
/** Largest system volume of a scaling configuration, GB. */
export const SCALING_SYSTEM_VOLUME_MAX_GB = 500;
/** Smallest system volume, GB. */
export const SYSTEM_VOLUME_MIN_GB = 20;

/** Inputs of {@link createHostGroup}. */
export interface HostGroupOptions {
  plan: TargetPlan;
  /**
   * The plan's instance type as the deploy-time look-up verified it (`verifyInstanceType`): hosts
   * wait on it, so a wrong type fails before any host is created.
   */
  instanceType: pulumi.Input<string>;
  imageId: pulumi.Input<string>;
  /** One per zone, in the order of `plan.placement.zones`. */
  subnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  clbId: pulumi.Input<string>;
  serverGroupId: pulumi.Input<string>;
}

function systemVolumeGb(plan: TargetPlan, max: number): number {
  const size = Math.max(SYSTEM_VOLUME_MIN_GB, Math.ceil(plan.bootstrap.rootVolumeGb));
  if (size > max) throw new Error(`volcengine target ${plan.name}: system volume of ${size} GB exceeds ${max} GB for this host group kind`);
  return size;
}

/** Base64 user-data; throws above Volcengine's 16 KB limit. */
export function encodeUserData(plan: TargetPlan): string {
  const bytes = Buffer.byteLength(plan.bootstrap.userData, "utf8");
  if (bytes > USER_DATA_LIMIT_BYTES) {
    throw new Error(`volcengine target ${plan.name}: user-data is ${bytes} bytes, Volcano Engine accepts at most ${USER_DATA_LIMIT_BYTES} (16 KB) before base64; shorten the bootstrap`);
  }
  return Buffer.from(plan.bootstrap.userData, "utf8").toString("base64");
}

/**
 * Builds the host group and returns its id: the instance ids joined by `,` (fixed size) or the
 * scaling group id. Pay-as-you-go; spot → `SpotAsPriceGo`. No EIP, no key pair, no password.
 */
export function createHostGroup(ctx: VolcengineContext, options: HostGroupOptions): pulumi.Output<string> {
  const { plan } = options;
  const { min, max } = plan.replicas;
  const zones = plan.placement.zones;
  const port = plan.engine.port;
  const userData = encodeUserData(plan);
  const spotStrategy = plan.spot ? "SpotAsPriceGo" : "NoSpot";
  if (min === max) {
    const systemGb = systemVolumeGb(plan, INSTANCE_SYSTEM_VOLUME_MAX_GB);
    const instances = Array.from({ length: min }, (_, i) => {
      const zoneIndex = i % zones.length;
      return new Instance(
        `${ctx.name}-host-${i}`,
        {
          instanceName: `${ctx.name}-host-${i}`,
          imageId: options.imageId,
          instanceType: options.instanceType,
          zoneId: zones[zoneIndex],
          subnetId: options.subnetIds[zoneIndex],
          securityGroupIds: [options.securityGroupId],
          instanceChargeType: "PostPaid",
          spotStrategy,
          systemVolumeType: VOLUME_TYPE,
          systemVolumeSize: systemGb,
          userData,
          tags: ctx.tags,
        },
        childOptions(ctx),
      );
    });
    instances.forEach(
      (instance, i) =>
        new ServerGroupServer(
          `${ctx.name}-server-${i}`,
          { serverGroupId: options.serverGroupId, instanceId: instance.id, type: "ecs", port, weight: 50, description: `${ctx.name}-host-${i}` },
          childOptions(ctx),
        ),
    );
    return pulumi.all(instances.map((instance) => instance.id)).apply((ids) => ids.join(","));
  }
  const group = new ScalingGroup(
    `${ctx.name}-scaling-group`,
    {
      scalingGroupName: `${ctx.name}-scaling-group`,
      subnetIds: options.subnetIds,
      minInstanceNumber: min,
      maxInstanceNumber: max,
      desireInstanceNumber: min,
      multiAzPolicy: "BALANCE",
      instanceTerminatePolicy: "OldestInstance",
      serverGroupAttributes: [{ serverGroupId: options.serverGroupId, port, weight: 50 }],
      tags: ctx.tags,
    },
    childOptions(ctx),
  );
  const configuration = new ScalingConfiguration(
    `${ctx.name}-scaling-config`,
    {
      scalingConfigurationName: `${ctx.name}-scaling-config`,
      scalingGroupId: group.scalingGroupId,
      imageId: options.imageId,
      instanceName: `${ctx.name}-host`,
      instanceTypes: [options.instanceType],
      securityGroupIds: [options.securityGroupId],
      volumes: [{ volumeType: VOLUME_TYPE, size: systemVolumeGb(plan, SCALING_SYSTEM_VOLUME_MAX_GB), deleteWithInstance: true }],
      userData,
      spotStrategy,
      tags: ctx.tags,
    },
    childOptions(ctx),
  );
  const attachment = new ScalingConfigurationAttachment(
    `${ctx.name}-scaling-config-attachment`,
    { scalingConfigurationId: configuration.scalingConfigurationId },
    childOptions(ctx),
  );
  new ScalingGroupEnabler(`${ctx.name}-scaling-enabler`, { scalingGroupId: group.scalingGroupId }, childOptions(ctx, { dependsOn: [attachment] }));
  return group.id;
}
