/**
 * GPU hosts of a target: a fixed set of ECS instances spread over the zones when
 * `replicas.min == replicas.max`, else an Auto Scaling group + configuration (attached and
 * enabled) that registers its instances in the CLB server group.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { lbTargetPort } from "../plan/gateway";
import { volcengineDescription } from "./description";
import type { VolcengineHostSubnet } from "./network";
import { ScalingConfiguration, ScalingConfigurationAttachment, ScalingGroup, ScalingGroupEnabler } from "./resources/autoscaling";
import { ServerGroupServer } from "./resources/clb";
import { Instance } from "./resources/ecs";
import { EcsIamRoleAttachment } from "./resources/iam";
import { volcengineTags } from "./resources/vpc";
import { gzipUserData, userDataBase64, userDataSize } from "../bootstrap/user-data-encoding";

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

/** Inputs of {@link createVolcengineHostGroup}. */
export interface VolcengineHostGroupArgs {
  plan: TargetPlan;
  /**
   * The plan's instance type as the deploy-time look-up verified it (`verifyVolcengineInstanceType`):
   * hosts wait on it, so a wrong or sold-out type fails before any host is created.
   */
  instanceType: pulumi.Input<string>;
  imageId: pulumi.Input<string>;
  /** The network's host subnets, one per zone, in the plan's order. */
  subnets: VolcengineHostSubnet[];
  securityGroupId: pulumi.Input<string>;
  serverGroupId: pulumi.Input<string>;
  /**
   * IAM role the hosts read their secrets with (`createVolcengineSecrets`); absent = no role. Bound
   * to each fixed-size instance by `ecs/iamRoleAttachment`; a scaling group cannot carry one (the
   * pinned SDK's scaling configuration has no role input), so a role with `min != max` is an error.
   */
  iamRoleName?: pulumi.Input<string>;
  tags: Record<string, string>;
}

function systemVolumeGb(plan: TargetPlan, parent: pulumi.Resource, max: number): number {
  const size = Math.max(SYSTEM_VOLUME_MIN_GB, Math.ceil(plan.bootstrap.rootVolumeGb));
  if (size > max) throw targetError(plan, parent, `system volume of ${size} GB exceeds ${max} GB for this host group kind`);
  return size;
}

/** Base64 user-data; throws a {@link targetError} above Volcano Engine's 16 KB limit. */
export function encodeUserData(plan: TargetPlan, parent: pulumi.Resource): string {
  const encoding = plan.bootstrap.userDataEncoding ?? "plain";
  const bytes = userDataSize("volcengine", encoding === "gzip" ? gzipUserData(plan.bootstrap.userData) : Buffer.from(plan.bootstrap.userData, "utf8"));
  if (bytes > USER_DATA_LIMIT_BYTES) {
    throw targetError(plan, parent, `user-data is ${bytes} bytes, Volcano Engine accepts at most ${USER_DATA_LIMIT_BYTES} (16 KB) before base64; shorten the bootstrap`);
  }
  return userDataBase64(plan.bootstrap.userData, encoding);
}

/**
 * Builds the host group, children of `parent` named `<name>-<role>` through `provider`, and returns
 * its id: the instance ids joined by `,` (fixed size: `<name>-host-<i>` in subnet `i mod zones`,
 * each registered as `<name>-server-<i>`) or the scaling group id (`<name>-scaling-group`,
 * `-scaling-config`, `-scaling-config-attachment`, `-scaling-enabler`). Pay-as-you-go; spot →
 * `SpotAsPriceGo`. No EIP (egress goes through the network's NAT gateway), no key pair, no password.
 * With `iamRoleName`, each fixed-size instance gets `<name>-host-<i>-role` (`ecs/iamRoleAttachment`).
 */
export function createVolcengineHostGroup(name: string, args: VolcengineHostGroupArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): { hostGroupId: pulumi.Output<string> } {
  const { plan, subnets } = args;
  const { min, max } = plan.replicas;
  if (subnets.length === 0) throw targetError(plan, parent, "no host subnet to launch into");
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const tags = volcengineTags(args.tags);
  const physical = plan.names.physical;
  const port = lbTargetPort(plan);
  const userData = encodeUserData(plan, parent);
  const spotStrategy = plan.spot ? "SpotAsPriceGo" : "NoSpot";
  if (min === max) {
    const systemGb = systemVolumeGb(plan, parent, INSTANCE_SYSTEM_VOLUME_MAX_GB);
    const instances = Array.from({ length: min }, (_, i) => {
      const subnet = subnets[i % subnets.length];
      return new Instance(
        `${name}-host-${i}`,
        {
          instanceName: `${physical}-host-${i}`,
          imageId: args.imageId,
          instanceType: args.instanceType,
          zoneId: subnet.zone,
          subnetId: subnet.id,
          securityGroupIds: [args.securityGroupId],
          instanceChargeType: "PostPaid",
          spotStrategy,
          systemVolumeType: VOLUME_TYPE,
          systemVolumeSize: systemGb,
          userData,
          tags,
        },
        opts,
      );
    });
    instances.forEach(
      (instance, i) =>
        new ServerGroupServer(
          `${name}-server-${i}`,
          { serverGroupId: args.serverGroupId, instanceId: instance.id, type: "ecs", port, weight: 50, description: volcengineDescription(plan, parent, `${physical}-host-${i}`) },
          opts,
        ),
    );
    const roleName = args.iamRoleName;
    if (roleName !== undefined) {
      instances.forEach((instance, i) => new EcsIamRoleAttachment(`${name}-host-${i}-role`, { iamRoleName: roleName, instanceId: instance.id }, opts));
    }
    return { hostGroupId: pulumi.all(instances.map((instance) => instance.id)).apply((ids) => ids.join(",")) };
  }
  if (args.iamRoleName !== undefined) {
    throw targetError(plan, parent, `the hosts read secrets through an IAM role, which Volcano Engine scaling groups cannot attach (no role input on volcengine:autoscaling/scalingConfiguration in pulumi-volcengine 0.0.47); set replicas.min equal to replicas.max (got ${min}..${max})`);
  }
  const group = new ScalingGroup(
    `${name}-scaling-group`,
    {
      scalingGroupName: `${physical}-scaling-group`,
      subnetIds: subnets.map((s) => s.id),
      minInstanceNumber: min,
      maxInstanceNumber: max,
      desireInstanceNumber: min,
      multiAzPolicy: "BALANCE",
      instanceTerminatePolicy: "OldestInstance",
      serverGroupAttributes: [{ serverGroupId: args.serverGroupId, port, weight: 50 }],
      tags,
    },
    opts,
  );
  const configuration = new ScalingConfiguration(
    `${name}-scaling-config`,
    {
      scalingConfigurationName: `${physical}-scaling-config`,
      scalingGroupId: group.scalingGroupId,
      imageId: args.imageId,
      instanceName: `${physical}-host`,
      instanceTypes: [args.instanceType],
      securityGroupIds: [args.securityGroupId],
      volumes: [{ volumeType: VOLUME_TYPE, size: systemVolumeGb(plan, parent, SCALING_SYSTEM_VOLUME_MAX_GB), deleteWithInstance: true }],
      userData,
      spotStrategy,
      tags,
    },
    opts,
  );
  const attachment = new ScalingConfigurationAttachment(`${name}-scaling-config-attachment`, { scalingConfigurationId: configuration.scalingConfigurationId }, opts);
  new ScalingGroupEnabler(`${name}-scaling-enabler`, { scalingGroupId: group.scalingGroupId }, { ...opts, dependsOn: [attachment] });
  return { hostGroupId: group.id };
}
