/**
 * Thin binding for TencentDB for PostgreSQL, `tencentcloud:Postgresql/instance:Instance`
 * (tencentcloudstack/pulumi-tencentcloud v0.2.3 `sdk/nodejs/postgresql/instance.ts`): the inputs the
 * kit sends, with the SDK's names; `rootPassword` is an additional secret output as in the SDK.
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, ThinResource } from "../../providers/thin";
import type { TencentTags } from "./vpc";

/** `InstanceBackupPlan` (types/input.ts `Postgresql.InstanceBackupPlan`). */
export interface PostgresqlInstanceBackupPlan {
  /** Days data backups are kept. */
  baseBackupRetentionPeriod?: pulumi.Input<number>;
  /** Weekdays of the backup (`monday` … `sunday`; at least two). */
  backupPeriods?: pulumi.Input<pulumi.Input<string>[]>;
  /** Earliest / latest backup start, `hh:mm:ss`. */
  minBackupStartTime?: pulumi.Input<string>;
  maxBackupStartTime?: pulumi.Input<string>;
}

/** Inputs of `tencentcloud:Postgresql/instance:Instance` the kit uses. */
export interface PostgresqlInstanceArgs {
  /** Required. */
  availabilityZone: pulumi.Input<string>;
  /** Required: GB. */
  memory: pulumi.Input<number>;
  cpu?: pulumi.Input<number>;
  /** Required: GB, a multiple of 10. */
  storage: pulumi.Input<number>;
  /** Required. */
  rootPassword: pulumi.Input<string>;
  rootUser?: pulumi.Input<string>;
  /** Required. */
  vpcId: pulumi.Input<string>;
  /** Required. */
  subnetId: pulumi.Input<string>;
  securityGroups?: pulumi.Input<pulumi.Input<string>[]>;
  name?: pulumi.Input<string>;
  /** `10` … `16`. */
  dbMajorVersion?: pulumi.Input<string>;
  /** `POSTPAID_BY_HOUR` (default) or `PREPAID`. */
  chargeType?: pulumi.Input<string>;
  charset?: pulumi.Input<string>;
  /** Default false. */
  deleteProtection?: pulumi.Input<boolean>;
  /** Transparent data encryption: 1 yes, 0 no (default). */
  needSupportTde?: pulumi.Input<number>;
  kmsKeyId?: pulumi.Input<string>;
  kmsRegion?: pulumi.Input<string>;
  publicAccessSwitch?: pulumi.Input<boolean>;
  backupPlan?: pulumi.Input<PostgresqlInstanceBackupPlan>;
  projectId?: pulumi.Input<number>;
  tags?: TencentTags;
}

/** A TencentDB for PostgreSQL instance. */
export class PostgresqlInstance extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Postgresql/instance:Instance";
  /** VPC address clients connect to. */
  declare public readonly privateAccessIp: pulumi.Output<string>;
  declare public readonly privateAccessPort: pulumi.Output<number>;

  constructor(name: string, args: PostgresqlInstanceArgs, opts?: pulumi.CustomResourceOptions) {
    super(PostgresqlInstance.__pulumiType, name, args, ["createTime", "privateAccessIp", "privateAccessPort", "publicAccessHost", "publicAccessPort", "uid"], TENCENTCLOUD_PLUGIN, opts, ["rootPassword"]);
  }
}
