/**
 * GPU hosts of a target: a fixed set of CVM instances spread over the plan's host subnets when
 * `replicas.min == replicas.max`, else an Auto Scaling launch configuration + scaling group that
 * registers its instances with the CLB listener. Hosts have no public address and wait for the
 * network's egress route (`egress`), so their boot script can pull images and weights.
 *
 * Spot (`plan.spot`): `instanceChargeType: "SPOTPAID"` with `spotInstanceType` (`ONE-TIME` on CVM,
 * `one-time` on AS, each provider's validator) and `spotMaxPrice`, which both resources document as
 * required with SPOTPAID ("`SPOTPAID` instance must set `spot_instance_type` and `spot_max_price` at
 * the same time", terraform-provider-tencentcloud v1.82.42 `resource_tc_instance.go:135`); the AS
 * launch configuration would otherwise send `MaxPrice: ""` (`resource_tc_as_scaling_config.go:465-472`).
 * The max price is the plan's on-demand hourly price ({@link spotMaxPrice}).
 *
 * Spot weights disk: the CVM resource refuses `deleteWithInstance: true` unless the instance is
 * POSTPAID_BY_HOUR, and the field defaults to true ("param `delete_with_instance` only can be true
 * when `instance_charge_type` is POSTPAID_BY_HOUR", `resource_tc_instance.go:346-352, 829-832`), so
 * spot hosts send `false`. Clean-up: nothing deletes that disk automatically. `pulumi destroy` (or a
 * replacement) deletes the instance and leaves the disk unattached, and a reclaimed spot instance
 * leaves it too; it keeps being billed until deleted. Every such disk is named
 * `<physical>-weights-<i>`; the target logs a warning saying so, and docs/clouds.md should tell the
 * operator to delete unattached disks of that name (CBS console, or `tccli cbs DescribeDisks` with
 * filters `disk-name` and `disk-state: UNATTACHED`, then `TerminateDisks`). A reclaimed host's
 * replacement (next `pulumi up`) gets a new blank disk, not the old one.
 *
 * Unverified (need a real account, review finding 14):
 * - {@link DISK_TYPE} `CLOUD_SSD` is in the CVM and AS disk-type lists, but whether every GPU family
 *   (notably PNV5b, L20) offers it for system and data disks is not verified; `getTypes` `cbsFilter`
 *   can tell, the kit does not query it.
 * - The weights data disk is encrypted (`encrypt: true`, no `kmsKeyId`: the CBS default key). CBS
 *   encryption needs KMS activated in the region; without it instance creation fails. The system disk
 *   (OS, engine image; the whole host on the scaling-group path) has no encryption input in v0.2.3.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { lbTargetPort } from "../plan/gateway";
import { instanceChargeType } from "./instance-type";
import { ClbAttachment } from "./resources/clb";
import { Instance } from "./resources/cvm";
import { chooseUserDataEncoding, userDataBase64 } from "../bootstrap/user-data-encoding";
import { ScalingConfig, ScalingGroup } from "./resources/as";
import { withWeightsDisk } from "./weights-disk";

/** Tencent's user-data limit: 16 KB after base64 (CVM `userData`/`userDataRaw`, AS `userData`). */
export const USER_DATA_LIMIT_BYTES = 16 * 1024;
/** Largest system disk the kit requests, GB (Tencent cloud-disk system disks: 20–1024 GB). */
export const SYSTEM_DISK_MAX_GB = 1024;
/** Smallest system disk, GB (Tencent's default). */
export const SYSTEM_DISK_MIN_GB = 50;
/** Cloud disk type of system and data disks; in the CVM and AS lists (per-family offer unverified, see above). */
export const DISK_TYPE = "CLOUD_SSD";
/** Spot instance type: the CVM validator takes `ONE-TIME`, the AS validator `one-time`. */
export const SPOT_INSTANCE_TYPE = { instance: "ONE-TIME", scalingConfig: "one-time" } as const;

/** Inputs of {@link createTencentcloudHostGroup}. */
export interface TencentcloudHostGroupArgs {
  plan: TargetPlan;
  /**
   * The plan's instance type as the deploy-time look-up verified it: hosts wait on it, so a wrong
   * type fails before any host is created.
   */
  instanceType: pulumi.Input<string>;
  imageId: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  /** One per `plan.network.hostSubnets[i]`, in zone order. */
  hostSubnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  clbId: pulumi.Input<string>;
  listenerId: pulumi.Input<string>;
  /** Resources the hosts wait for (the default route to the NAT gateway). */
  egress: pulumi.Resource[];
  /** CAM role the hosts run with (reads the target's SSM secrets at boot); absent = no role. */
  camRoleName?: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** Size in GB of the encrypted weights disk: weights × 1.25 + 10 GB, rounded up to 10 GB, at least 50. */
export function weightsDiskGb(plan: TargetPlan): number {
  return Math.max(50, Math.ceil((plan.memory.weightsGb * 1.25 + 10) / 10) * 10);
}

/** The error when user-data exceeds Tencent's limit of 16 KB after base64 even gzip-compressed, else null. */
export function userDataTooLarge(userData: string): string | null {
  const { fits, size, encoding } = chooseUserDataEncoding("tencentcloud", userData);
  return fits ? null : `user-data is ${size} bytes after base64${encoding === "gzip" ? " even gzip-compressed" : ""}, Tencent Cloud accepts at most ${USER_DATA_LIMIT_BYTES} (16 KB); shorten the bootstrap`;
}

/**
 * The user-data input of a host: `userDataRaw` (plain text) when it fits as is, else `userData`, the
 * base64 of its gzip (cloud-init decompresses it). The plan chose the encoding for its text; the
 * weights-disk lines added here can tip it, so it is chosen again on the final text.
 */
function hostUserData(userData: string): { userDataRaw: string } | { userData: string } {
  const { encoding } = chooseUserDataEncoding("tencentcloud", userData);
  return encoding === "plain" ? { userDataRaw: userData } : { userData: userDataBase64(userData, "gzip") };
}

/**
 * `spotMaxPrice` of a spot plan: the on-demand hourly price of the plan's offering
 * (`plan.offering.price.hourly`, in the catalog's currency) as a decimal string with two decimals,
 * rounded up so the cap is never below that price (`"1.26"`). Tencent reads it in the account's
 * billing currency; the spot price moves below the on-demand price (3–20 % of it, per Tencent's
 * billing-mode page https://www.tencentcloud.com/document/product/213/15373), so the cap only
 * stops a launch when it is lower than the market price. Throws a target error when the price is
 * unknown.
 */
export function spotMaxPrice(plan: TargetPlan, parent: pulumi.Resource): string {
  const hourly = plan.offering.price.hourly;
  if (hourly === null || !(hourly > 0)) {
    throw targetError(
      plan,
      parent,
      `spot on Tencent Cloud needs a maximum price (spotMaxPrice), and the catalog has no on-demand hourly price for ${plan.offering.instanceType} in ${plan.placement.region}; ` +
        "add that price to the catalog (catalog/data/offerings/tencentcloud.json) or set spot: false",
    );
  }
  const cents = Math.ceil(Math.round(hourly * 1e6) / 1e4);
  return (cents / 100).toFixed(2);
}

function systemDiskGb(plan: TargetPlan, parent: pulumi.Resource, gb: number): number {
  const size = Math.max(SYSTEM_DISK_MIN_GB, Math.ceil(gb));
  if (size > SYSTEM_DISK_MAX_GB) throw targetError(plan, parent, `system disk of ${size} GB exceeds ${SYSTEM_DISK_MAX_GB} GB`);
  return size;
}

/**
 * Builds the host group and returns its id: the instance ids joined by `,` (fixed size) or the
 * scaling group id. Children: `<name>-host-<i>` + `<name>-backends` (fixed size) or
 * `<name>-launch-config` + `<name>-scaling-group`. Fixed-size hosts get the weights on an encrypted
 * CBS data disk mounted at the model's host path; the system disk holds OS and engine image.
 */
export function createTencentcloudHostGroup(name: string, args: TencentcloudHostGroupArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string> {
  const { plan, tags } = args;
  const { min, max } = plan.replicas;
  const hostSubnets = plan.network.hostSubnets;
  const zones = plan.placement.zones;
  if (args.hostSubnetIds.length !== hostSubnets.length || hostSubnets.length < zones.length) {
    throw targetError(plan, parent, `one host subnet per zone is needed (zones: ${zones.join(", ")}; host subnets: ${hostSubnets.length})`);
  }
  const port = lbTargetPort(plan);
  const physical = plan.names.physical;
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const maxPrice = plan.spot ? spotMaxPrice(plan, parent) : undefined;
  const charge = (spotInstanceType: string) =>
    plan.spot ? { instanceChargeType: instanceChargeType(plan), spotInstanceType, spotMaxPrice: maxPrice } : { instanceChargeType: instanceChargeType(plan) };

  if (min === max) {
    const dataGb = weightsDiskGb(plan);
    const userData = withWeightsDisk(plan.bootstrap.userData, plan.modelSource.hostPath);
    const tooLarge = userDataTooLarge(userData);
    if (tooLarge) throw targetError(plan, parent, tooLarge);
    const systemGb = systemDiskGb(plan, parent, plan.bootstrap.rootVolumeGb - plan.memory.weightsGb);
    if (plan.spot && min > 0) {
      pulumi.log.warn(
        `target ${plan.name}: spot hosts' weights disks (${physical}-weights-<i>, ${dataGb} GB ${DISK_TYPE}) are not deleted with their instance ` +
          "(Tencent refuses deleteWithInstance on SPOTPAID); after a reclaim, a replacement or pulumi destroy, delete the unattached disks of that name",
        parent,
      );
    }
    const instances = Array.from({ length: min }, (_, i) => {
      const subnet = i % zones.length;
      return new Instance(
        `${name}-host-${i}`,
        {
          instanceName: `${physical}-host-${i}`,
          availabilityZone: hostSubnets[subnet].zone ?? zones[subnet],
          imageId: args.imageId,
          instanceType: args.instanceType,
          vpcId: args.vpcId,
          subnetId: args.hostSubnetIds[subnet],
          orderlySecurityGroups: [args.securityGroupId],
          allocatePublicIp: false,
          internetMaxBandwidthOut: 0,
          ...charge(SPOT_INSTANCE_TYPE.instance),
          systemDiskType: DISK_TYPE,
          systemDiskSize: systemGb,
          dataDisks: [{ dataDiskType: DISK_TYPE, dataDiskSize: dataGb, dataDiskName: `${physical}-weights-${i}`, encrypt: true, deleteWithInstance: !plan.spot }],
          ...hostUserData(userData),
          ...(args.camRoleName ? { camRoleName: args.camRoleName } : {}),
          tags,
        },
        { ...opts, dependsOn: args.egress },
      );
    });
    new ClbAttachment(
      `${name}-backends`,
      { clbId: args.clbId, listenerId: args.listenerId, targets: instances.map((instance) => ({ instanceId: instance.id, port, weight: 10 })) },
      opts,
    );
    return pulumi.all(instances.map((instance) => instance.id)).apply((ids) => ids.join(","));
  }
  const tooLarge = userDataTooLarge(plan.bootstrap.userData);
  if (tooLarge) throw targetError(plan, parent, tooLarge);
  const config = new ScalingConfig(
    `${name}-launch-config`,
    {
      configurationName: `${physical}-launch-config`,
      imageId: args.imageId,
      instanceTypes: [args.instanceType],
      ...charge(SPOT_INSTANCE_TYPE.scalingConfig),
      systemDiskType: DISK_TYPE,
      systemDiskSize: systemDiskGb(plan, parent, plan.bootstrap.rootVolumeGb),
      securityGroupIds: [args.securityGroupId],
      publicIpAssigned: false,
      internetMaxBandwidthOut: 0,
      userData: userDataBase64(plan.bootstrap.userData, plan.bootstrap.userDataEncoding ?? "plain"),
      ...(args.camRoleName ? { camRoleName: args.camRoleName } : {}),
      instanceTags: tags,
      tags,
    },
    opts,
  );
  const group = new ScalingGroup(
    `${name}-scaling-group`,
    {
      scalingGroupName: `${physical}-hosts`,
      configurationId: config.id,
      minSize: min,
      maxSize: max,
      desiredCapacity: min,
      vpcId: args.vpcId,
      subnetIds: args.hostSubnetIds,
      multiZoneSubnetPolicy: "EQUALITY",
      forwardBalancerIds: [{ loadBalancerId: args.clbId, listenerId: args.listenerId, targetAttributes: [{ port, weight: 10 }] }],
      tags,
    },
    { ...opts, dependsOn: args.egress },
  );
  return group.id;
}
