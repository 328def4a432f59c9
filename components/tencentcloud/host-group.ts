/**
 * GPU hosts of a target: a fixed set of CVM instances spread over the zones when
 * `replicas.min == replicas.max`, else an Auto Scaling launch configuration + scaling group that
 * registers its instances with the CLB listener.
 */
import * as pulumi from "@pulumi/pulumi";
import type { TargetPlan } from "../plan/types";
import { base64Bytes } from "../providers/thin";
import { childOptions, type TencentContext } from "./provider";
import { ClbAttachment } from "./resources/clb";
import { Instance } from "./resources/cvm";
import { ScalingConfig, ScalingGroup } from "./resources/as";
import { withWeightsDisk } from "./weights-disk";

/** Tencent's user-data limit: 16 KB after base64 (CVM `userData`/`userDataRaw`, AS `userData`). */
export const USER_DATA_LIMIT_BYTES = 16 * 1024;
/** Largest system disk the kit requests, GB (Tencent cloud-disk system disks: 20–1024 GB). */
export const SYSTEM_DISK_MAX_GB = 1024;
/** Smallest system disk, GB (Tencent's default). */
export const SYSTEM_DISK_MIN_GB = 50;
/** Cloud disk type of system and data disks; valid for CVM and AS launch configurations. */
export const DISK_TYPE = "CLOUD_SSD";

/** Inputs of {@link createHostGroup}. */
export interface HostGroupOptions {
  plan: TargetPlan;
  /**
   * The plan's instance type as the deploy-time look-up verified it (`verifyInstanceType`): hosts
   * wait on it, so a wrong type fails before any host is created.
   */
  instanceType: pulumi.Input<string>;
  imageId: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  /** One per zone, in the order of `plan.placement.zones`. */
  subnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  clbId: pulumi.Input<string>;
  listenerId: pulumi.Input<string>;
}

/** Size in GB of the encrypted weights disk: weights × 1.25 + 10 GB, rounded up to 10 GB, at least 50. */
export function weightsDiskGb(plan: TargetPlan): number {
  return Math.max(50, Math.ceil((plan.memory.weightsGb * 1.25 + 10) / 10) * 10);
}

/** Throws when user-data exceeds Tencent's limit of 16 KB after base64. */
export function checkUserData(plan: TargetPlan, userData: string): void {
  const size = base64Bytes(userData);
  if (size > USER_DATA_LIMIT_BYTES) {
    throw new Error(`tencentcloud target ${plan.name}: user-data is ${size} bytes after base64, Tencent Cloud accepts at most ${USER_DATA_LIMIT_BYTES} (16 KB); shorten the bootstrap`);
  }
}

function systemDiskGb(plan: TargetPlan, gb: number): number {
  const size = Math.max(SYSTEM_DISK_MIN_GB, Math.ceil(gb));
  if (size > SYSTEM_DISK_MAX_GB) {
    throw new Error(`tencentcloud target ${plan.name}: system disk of ${size} GB exceeds ${SYSTEM_DISK_MAX_GB} GB`);
  }
  return size;
}

/** Charge settings: spot → `SPOTPAID` (+ spot type), else `POSTPAID_BY_HOUR`. */
function charge(plan: TargetPlan, spotInstanceType: string) {
  return plan.spot ? { instanceChargeType: "SPOTPAID", spotInstanceType } : { instanceChargeType: "POSTPAID_BY_HOUR" };
}

/**
 * Builds the host group and returns its id: the instance ids joined by `,` (fixed size) or the
 * scaling group id. Fixed-size hosts get the weights on an encrypted CBS data disk mounted at the
 * model's host path; the system disk holds OS and engine image.
 */
export function createHostGroup(ctx: TencentContext, options: HostGroupOptions): pulumi.Output<string> {
  const { plan } = options;
  const { min, max } = plan.replicas;
  const zones = plan.placement.zones;
  const port = plan.engine.port;
  if (min === max) {
    const dataGb = weightsDiskGb(plan);
    const userData = withWeightsDisk(plan.bootstrap.userData, plan.modelSource.hostPath);
    checkUserData(plan, userData);
    const systemGb = systemDiskGb(plan, plan.bootstrap.rootVolumeGb - plan.memory.weightsGb);
    const instances = Array.from({ length: min }, (_, i) => {
      const zoneIndex = i % zones.length;
      return new Instance(
        `${ctx.name}-host-${i}`,
        {
          instanceName: `${ctx.name}-host-${i}`,
          availabilityZone: zones[zoneIndex],
          imageId: options.imageId,
          instanceType: options.instanceType,
          vpcId: options.vpcId,
          subnetId: options.subnetIds[zoneIndex],
          orderlySecurityGroups: [options.securityGroupId],
          allocatePublicIp: false,
          internetMaxBandwidthOut: 0,
          ...charge(plan, "ONE-TIME"),
          systemDiskType: DISK_TYPE,
          systemDiskSize: systemGb,
          dataDisks: [{ dataDiskType: DISK_TYPE, dataDiskSize: dataGb, dataDiskName: `${ctx.name}-weights-${i}`, encrypt: true, deleteWithInstance: true }],
          userDataRaw: userData,
          tags: ctx.tags,
        },
        childOptions(ctx),
      );
    });
    new ClbAttachment(
      `${ctx.name}-backends`,
      { clbId: options.clbId, listenerId: options.listenerId, targets: instances.map((instance) => ({ instanceId: instance.id, port, weight: 10 })) },
      childOptions(ctx),
    );
    return pulumi.all(instances.map((instance) => instance.id)).apply((ids) => ids.join(","));
  }
  checkUserData(plan, plan.bootstrap.userData);
  const config = new ScalingConfig(
    `${ctx.name}-launch-config`,
    {
      configurationName: `${ctx.name}-launch-config`,
      imageId: options.imageId,
      instanceTypes: [options.instanceType],
      ...charge(plan, "one-time"),
      systemDiskType: DISK_TYPE,
      systemDiskSize: systemDiskGb(plan, plan.bootstrap.rootVolumeGb),
      securityGroupIds: [options.securityGroupId],
      publicIpAssigned: false,
      internetMaxBandwidthOut: 0,
      userData: Buffer.from(plan.bootstrap.userData, "utf8").toString("base64"),
      instanceTags: ctx.tags,
      tags: ctx.tags,
    },
    childOptions(ctx),
  );
  const group = new ScalingGroup(
    `${ctx.name}-scaling-group`,
    {
      scalingGroupName: `${ctx.name}-scaling-group`,
      configurationId: config.id,
      minSize: min,
      maxSize: max,
      desiredCapacity: min,
      vpcId: options.vpcId,
      subnetIds: options.subnetIds,
      multiZoneSubnetPolicy: "EQUALITY",
      forwardBalancerIds: [{ loadBalancerId: options.clbId, listenerId: options.listenerId, targetAttributes: [{ port, weight: 10 }] }],
      tags: ctx.tags,
    },
    childOptions(ctx),
  );
  return group.id;
}
