/**
 * Thin bindings for Tencent Cloud Block Storage (CBS): a cloud disk, its attachment to a CVM
 * instance, and an automatic snapshot policy with its attachment to disks. Tokens and input names
 * from pulumi-tencentcloud v0.2.3 `sdk/nodejs/cbs/storage.ts`, `storageAttachment.ts`,
 * `snapshotPolicy.ts` and `snapshotPolicyAttachment.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, ThinResource } from "../../providers/thin";
import type { TencentTags } from "./vpc";

/** Inputs of `tencentcloud:Cbs/storage:Storage` (required: `availabilityZone`, `storageName`, `storageSize`, `storageType`). */
export interface CbsStorageArgs {
  availabilityZone: pulumi.Input<string>;
  /** ≤ 60 bytes. */
  storageName: pulumi.Input<string>;
  /** GB. */
  storageSize: pulumi.Input<number>;
  /** `CLOUD_BASIC`, `CLOUD_PREMIUM`, `CLOUD_BSSD`, `CLOUD_SSD`, `CLOUD_HSSD`, `CLOUD_TSSD`. */
  storageType: pulumi.Input<string>;
  /** `PREPAID`, `POSTPAID_BY_HOUR` (default), `CDCPAID`, `DEDICATED_CLUSTER_PAID`. */
  chargeType?: pulumi.Input<string>;
  /** Create an encrypted disk (the CBS default KMS key unless `kmsKeyId`). Default false. */
  encrypt?: pulumi.Input<boolean>;
  /** `ENCRYPT_V1` or `ENCRYPT_V2`; only with `encrypt`. */
  encryptType?: pulumi.Input<string>;
  kmsKeyId?: pulumi.Input<string>;
  /** Delete at once instead of moving to the recycle bin. Default false. */
  forceDelete?: pulumi.Input<boolean>;
  projectId?: pulumi.Input<number>;
  snapshotId?: pulumi.Input<string>;
  tags?: TencentTags;
}

/** A CBS cloud disk. */
export class CbsStorage extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Cbs/storage:Storage";
  declare public readonly attached: pulumi.Output<boolean>;
  declare public readonly storageStatus: pulumi.Output<string>;

  constructor(name: string, args: CbsStorageArgs, opts?: pulumi.CustomResourceOptions) {
    super(CbsStorage.__pulumiType, name, args, ["attached", "storageStatus"], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** Inputs of `tencentcloud:Cbs/storageAttachment:StorageAttachment` (both required). */
export interface CbsStorageAttachmentArgs {
  instanceId: pulumi.Input<string>;
  storageId: pulumi.Input<string>;
}

/** Attaches a CBS disk to a CVM instance (detaching leaves the disk). */
export class CbsStorageAttachment extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Cbs/storageAttachment:StorageAttachment";

  constructor(name: string, args: CbsStorageAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(CbsStorageAttachment.__pulumiType, name, args, [], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** Inputs of `tencentcloud:Cbs/snapshotPolicy:SnapshotPolicy` (required: `repeatHours`, `repeatWeekdays`, `snapshotPolicyName`). */
export interface CbsSnapshotPolicyArgs {
  /** ≤ 60 bytes. */
  snapshotPolicyName: pulumi.Input<string>;
  /** Hours of the day (0–23) a snapshot is taken. */
  repeatHours: pulumi.Input<pulumi.Input<number>[]>;
  /** Days of the week: 0 Sunday, 1–6 Monday to Saturday. */
  repeatWeekdays: pulumi.Input<pulumi.Input<number>[]>;
  /** Days a snapshot is kept; default 7. */
  retentionDays?: pulumi.Input<number>;
}

/** An automatic snapshot policy (applied to disks by {@link CbsSnapshotPolicyAttachment}). */
export class CbsSnapshotPolicy extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Cbs/snapshotPolicy:SnapshotPolicy";

  constructor(name: string, args: CbsSnapshotPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(CbsSnapshotPolicy.__pulumiType, name, args, [], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** Inputs of `tencentcloud:Cbs/snapshotPolicyAttachment:SnapshotPolicyAttachment` (required: `snapshotPolicyId`; one of `storageId`/`storageIds`). */
export interface CbsSnapshotPolicyAttachmentArgs {
  snapshotPolicyId: pulumi.Input<string>;
  storageId?: pulumi.Input<string>;
  storageIds?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Applies a snapshot policy to CBS disks. */
export class CbsSnapshotPolicyAttachment extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Cbs/snapshotPolicyAttachment:SnapshotPolicyAttachment";

  constructor(name: string, args: CbsSnapshotPolicyAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(CbsSnapshotPolicyAttachment.__pulumiType, name, args, [], TENCENTCLOUD_PLUGIN, opts);
  }
}
