/**
 * Thin binding for the Tencent Cloud CVM instance `tencentcloud:Instance/instance:Instance`
 * (pulumi-tencentcloud v0.2.3, Appendix A).
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, ThinResource } from "../../providers/thin";
import type { TencentTags } from "./vpc";

/** One data disk (`InstanceDataDisk`). */
export interface InstanceDataDisk {
  /** GB (required). */
  dataDiskSize: pulumi.Input<number>;
  /** e.g. `CLOUD_SSD`, `CLOUD_BSSD`, `CLOUD_PREMIUM` (required). */
  dataDiskType: pulumi.Input<string>;
  dataDiskName?: pulumi.Input<string>;
  dataDiskId?: pulumi.Input<string>;
  dataDiskSnapshotId?: pulumi.Input<string>;
  /**
   * Only `CLOUD_BASIC`, `CLOUD_SSD`, `CLOUD_PREMIUM`; defaults to true, and true is refused unless the
   * instance is `POSTPAID_BY_HOUR` (send false for `SPOTPAID`).
   */
  deleteWithInstance?: pulumi.Input<boolean>;
  deleteWithInstancePrepaid?: pulumi.Input<boolean>;
  /** Default `false`. */
  encrypt?: pulumi.Input<boolean>;
  kmsKeyId?: pulumi.Input<string>;
  throughputPerformance?: pulumi.Input<number>;
}

/** Inputs of `tencentcloud:Instance/instance:Instance` we use (no input is required by the schema). */
export interface InstanceArgs {
  availabilityZone?: pulumi.Input<string>;
  imageId?: pulumi.Input<string>;
  instanceType?: pulumi.Input<string>;
  instanceName?: pulumi.Input<string>;
  hostname?: pulumi.Input<string>;
  vpcId?: pulumi.Input<string>;
  subnetId?: pulumi.Input<string>;
  privateIp?: pulumi.Input<string>;
  orderlySecurityGroups?: pulumi.Input<pulumi.Input<string>[]>;
  /** Default `false`. */
  allocatePublicIp?: pulumi.Input<boolean>;
  /** Mbps. */
  internetMaxBandwidthOut?: pulumi.Input<number>;
  internetChargeType?: pulumi.Input<string>;
  /** `PREPAID`, `POSTPAID_BY_HOUR` (default), `SPOTPAID`, `CDHPAID`, `CDCPAID`. */
  instanceChargeType?: pulumi.Input<string>;
  /** Only `ONE-TIME`; with `SPOTPAID`. */
  spotInstanceType?: pulumi.Input<string>;
  /** Decimal string, e.g. `"0.50"`; with `SPOTPAID`. */
  spotMaxPrice?: pulumi.Input<string>;
  systemDiskType?: pulumi.Input<string>;
  /** GB, default 50. */
  systemDiskSize?: pulumi.Input<number>;
  systemDiskName?: pulumi.Input<string>;
  dataDisks?: pulumi.Input<pulumi.Input<InstanceDataDisk>[]>;
  /** Base64, up to 16 KB. Conflicts with `userDataRaw`. */
  userData?: pulumi.Input<string>;
  /** Plain text, up to 16 KB after base64. Conflicts with `userData`. */
  userDataRaw?: pulumi.Input<string>;
  userDataReplaceOnChange?: pulumi.Input<boolean>;
  keyIds?: pulumi.Input<pulumi.Input<string>[]>;
  password?: pulumi.Input<string>;
  camRoleName?: pulumi.Input<string>;
  placementGroupId?: pulumi.Input<string>;
  projectId?: pulumi.Input<number>;
  disableApiTermination?: pulumi.Input<boolean>;
  forceDelete?: pulumi.Input<boolean>;
  runningFlag?: pulumi.Input<boolean>;
  tags?: TencentTags;
}

/** A CVM instance. `password` is a secret output, as in the generated SDK. */
export class Instance extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Instance/instance:Instance";
  declare public readonly privateIp: pulumi.Output<string>;
  declare public readonly publicIp: pulumi.Output<string>;
  declare public readonly instanceStatus: pulumi.Output<string>;
  declare public readonly availabilityZone: pulumi.Output<string>;

  constructor(name: string, args: InstanceArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = { ...args, password: args.password === undefined ? undefined : pulumi.secret(args.password) };
    const outputs = ["cpu", "createTime", "expiredTime", "instanceStatus", "ipv6Addresses", "memory", "osName", "publicIp", "publicIpv6Addresses", "uuid", "privateIp"];
    super(Instance.__pulumiType, name, inputs, outputs, TENCENTCLOUD_PLUGIN, opts, ["password"]);
  }
}
