/**
 * Thin bindings for Tencent Cloud Auto Scaling: launch configuration and scaling group
 * (pulumi-tencentcloud v0.2.3, Appendix A; nested `forwardBalancerIds` fields verified from the
 * provider's Go SDK `sdk/go/tencentcloud/as/pulumiTypes.go`).
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, ThinResource } from "../../providers/thin";
import type { TencentTags } from "./vpc";

/** Inputs of `tencentcloud:As/scalingConfig:ScalingConfig` we use. */
export interface ScalingConfigArgs {
  /** Launch configuration name (required). */
  configurationName: pulumi.Input<string>;
  /** CVM instance types, tried in order (required). */
  instanceTypes: pulumi.Input<pulumi.Input<string>[]>;
  imageId?: pulumi.Input<string>;
  /** `PREPAID`, `POSTPAID_BY_HOUR` (default), `SPOTPAID`, `CDCPAID`. */
  instanceChargeType?: pulumi.Input<string>;
  /** Only `one-time` (lower case in this resource); with `SPOTPAID`. */
  spotInstanceType?: pulumi.Input<string>;
  spotMaxPrice?: pulumi.Input<string>;
  /** `CLOUD_PREMIUM` (default) or `CLOUD_SSD`. */
  systemDiskType?: pulumi.Input<string>;
  /** GB, default 50. */
  systemDiskSize?: pulumi.Input<number>;
  securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  publicIpAssigned?: pulumi.Input<boolean>;
  /** Mbps, default 0. */
  internetMaxBandwidthOut?: pulumi.Input<number>;
  internetChargeType?: pulumi.Input<string>;
  /** Base64, up to 16 KB. */
  userData?: pulumi.Input<string>;
  keyIds?: pulumi.Input<pulumi.Input<string>[]>;
  password?: pulumi.Input<string>;
  camRoleName?: pulumi.Input<string>;
  projectId?: pulumi.Input<number>;
  enhancedMonitorService?: pulumi.Input<boolean>;
  enhancedSecurityService?: pulumi.Input<boolean>;
  /** Tags of the CVM instances the group launches. */
  instanceTags?: TencentTags;
  /** Tags of the launch configuration. */
  tags?: TencentTags;
}

/** An AS launch configuration. */
export class ScalingConfig extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:As/scalingConfig:ScalingConfig";
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: ScalingConfigArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = { ...args, password: args.password === undefined ? undefined : pulumi.secret(args.password) };
    super(ScalingConfig.__pulumiType, name, inputs, ["createTime", "status"], TENCENTCLOUD_PLUGIN, opts, ["password"]);
  }
}

/** Backend port and weight of a forward balancer binding (`ScalingGroupForwardBalancerIdTargetAttribute`). */
export interface ScalingGroupForwardBalancerIdTargetAttribute {
  port: pulumi.Input<number>;
  /** 0–100. */
  weight: pulumi.Input<number>;
}

/** A CLB listener (and rule, for layer 7) the group registers its instances with. */
export interface ScalingGroupForwardBalancerId {
  loadBalancerId: pulumi.Input<string>;
  listenerId: pulumi.Input<string>;
  /** Layer-7 rule id; omit for TCP/UDP/TCP_SSL listeners. */
  ruleId?: pulumi.Input<string>;
  targetAttributes: pulumi.Input<pulumi.Input<ScalingGroupForwardBalancerIdTargetAttribute>[]>;
}

/** Inputs of `tencentcloud:As/scalingGroup:ScalingGroup` we use. */
export interface ScalingGroupArgs {
  scalingGroupName: pulumi.Input<string>;
  configurationId: pulumi.Input<string>;
  /** 0–2000. */
  minSize: pulumi.Input<number>;
  /** 0–2000. */
  maxSize: pulumi.Input<number>;
  vpcId: pulumi.Input<string>;
  desiredCapacity?: pulumi.Input<number>;
  subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
  zones?: pulumi.Input<pulumi.Input<string>[]>;
  /** `PRIORITY` or `EQUALITY`. */
  multiZoneSubnetPolicy?: pulumi.Input<string>;
  /** Application CLBs; conflicts with `loadBalancerIds`. */
  forwardBalancerIds?: pulumi.Input<pulumi.Input<ScalingGroupForwardBalancerId>[]>;
  /** Seconds, default 300. */
  defaultCooldown?: pulumi.Input<number>;
  /** `CVM` or `CLB`. */
  healthCheckType?: pulumi.Input<string>;
  /** Seconds. */
  lbHealthCheckGracePeriod?: pulumi.Input<number>;
  replaceLoadBalancerUnhealthy?: pulumi.Input<boolean>;
  /** `IMMEDIATE_RETRY` or `INCREMENTAL_INTERVALS`. */
  retryPolicy?: pulumi.Input<string>;
  projectId?: pulumi.Input<number>;
  tags?: TencentTags;
}

/** An AS scaling group. */
export class ScalingGroup extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:As/scalingGroup:ScalingGroup";
  declare public readonly instanceCount: pulumi.Output<number>;
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: ScalingGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(ScalingGroup.__pulumiType, name, args, ["createTime", "instanceCount", "status"], TENCENTCLOUD_PLUGIN, opts);
  }
}
