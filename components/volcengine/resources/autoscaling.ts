/**
 * Thin bindings for Volcano Engine Auto Scaling (pulumi-volcengine v0.0.47): scaling group and
 * configuration from Appendix B; the configuration attachment and group enabler, and the nested
 * `serverGroupAttributes` / `volumes` fields, verified from the provider's generated SDK
 * (`sdk/nodejs/autoscaling/*.ts`, `sdk/python/pulumi_volcengine/autoscaling/_inputs.py`).
 */
import * as pulumi from "@pulumi/pulumi";
import { VOLCENGINE_PLUGIN, ThinResource } from "../../providers/thin";
import type { VolcengineTags } from "./vpc";

/** A CLB server group the group registers its instances with (`ScalingGroupServerGroupAttribute`). */
export interface ScalingGroupServerGroupAttribute {
  serverGroupId: pulumi.Input<string>;
  /** 1–65535. */
  port: pulumi.Input<number>;
  /** 0–100. */
  weight: pulumi.Input<number>;
  loadBalancerId?: pulumi.Input<string>;
}

/** Inputs of `volcengine:autoscaling/scalingGroup:ScalingGroup` we use. */
export interface ScalingGroupArgs {
  scalingGroupName: pulumi.Input<string>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** 0–100. */
  minInstanceNumber: pulumi.Input<number>;
  /** 0–100. */
  maxInstanceNumber: pulumi.Input<number>;
  desireInstanceNumber?: pulumi.Input<number>;
  /** `PRIORITY` (default) or `BALANCE`. */
  multiAzPolicy?: pulumi.Input<"PRIORITY" | "BALANCE">;
  /** Seconds, 5–86400, default 300. */
  defaultCooldown?: pulumi.Input<number>;
  /** e.g. `OldestInstance`, `NewestInstance`. */
  instanceTerminatePolicy?: pulumi.Input<string>;
  serverGroupAttributes?: pulumi.Input<pulumi.Input<ScalingGroupServerGroupAttribute>[]>;
  projectName?: pulumi.Input<string>;
  tags?: VolcengineTags;
}

/** A scaling group; it launches nothing until a configuration is attached and the group enabled. */
export class ScalingGroup extends ThinResource {
  public static readonly __pulumiType = "volcengine:autoscaling/scalingGroup:ScalingGroup";
  declare public readonly scalingGroupId: pulumi.Output<string>;
  declare public readonly lifecycleState: pulumi.Output<string>;

  constructor(name: string, args: ScalingGroupArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["activeScalingConfigurationId", "createdAt", "healthCheckType", "lifecycleState", "loadBalancerHealthCheckGracePeriod", "scalingGroupId", "totalInstanceCount", "vpcId"];
    super(ScalingGroup.__pulumiType, name, args, outputs, VOLCENGINE_PLUGIN, opts);
  }
}

/** A volume of a scaling configuration (`ScalingConfigurationVolume`); the first is the system volume. */
export interface ScalingConfigurationVolume {
  /** GB; system volume 10–500, data volume 10–8192. */
  size: pulumi.Input<number>;
  volumeType: pulumi.Input<string>;
  /** Default `true`. */
  deleteWithInstance?: pulumi.Input<boolean>;
}

/** Inputs of `volcengine:autoscaling/scalingConfiguration:ScalingConfiguration` we use. */
export interface ScalingConfigurationArgs {
  scalingConfigurationName: pulumi.Input<string>;
  scalingGroupId: pulumi.Input<string>;
  imageId: pulumi.Input<string>;
  instanceName: pulumi.Input<string>;
  /** Up to 10 types. */
  instanceTypes: pulumi.Input<pulumi.Input<string>[]>;
  /** Up to 5 groups. */
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  volumes: pulumi.Input<pulumi.Input<ScalingConfigurationVolume>[]>;
  /** Base64. */
  userData?: pulumi.Input<string>;
  /** `NoSpot` (default) or `SpotAsPriceGo`. */
  spotStrategy?: pulumi.Input<"NoSpot" | "SpotAsPriceGo">;
  instanceDescription?: pulumi.Input<string>;
  hostName?: pulumi.Input<string>;
  keyPairName?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
  /** `Active` or `InActive`. */
  securityEnhancementStrategy?: pulumi.Input<string>;
  projectName?: pulumi.Input<string>;
  tags?: VolcengineTags;
}

/** A scaling configuration (launch template of the group's instances). */
export class ScalingConfiguration extends ThinResource {
  public static readonly __pulumiType = "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration";
  declare public readonly scalingConfigurationId: pulumi.Output<string>;

  constructor(name: string, args: ScalingConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = { ...args, password: args.password === undefined ? undefined : pulumi.secret(args.password) };
    super(ScalingConfiguration.__pulumiType, name, inputs, ["createdAt", "lifecycleState", "scalingConfigurationId", "updatedAt"], VOLCENGINE_PLUGIN, opts, ["password"]);
  }
}

/** Inputs of `volcengine:autoscaling/scalingConfigurationAttachment:ScalingConfigurationAttachment`. */
export interface ScalingConfigurationAttachmentArgs {
  scalingConfigurationId: pulumi.Input<string>;
}

/** Makes a configuration the active one of its group. */
export class ScalingConfigurationAttachment extends ThinResource {
  public static readonly __pulumiType = "volcengine:autoscaling/scalingConfigurationAttachment:ScalingConfigurationAttachment";

  constructor(name: string, args: ScalingConfigurationAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(ScalingConfigurationAttachment.__pulumiType, name, args, [], VOLCENGINE_PLUGIN, opts);
  }
}

/** Inputs of `volcengine:autoscaling/scalingGroupEnabler:ScalingGroupEnabler`. */
export interface ScalingGroupEnablerArgs {
  scalingGroupId: pulumi.Input<string>;
}

/** Enables a scaling group (it then launches `desireInstanceNumber` instances). */
export class ScalingGroupEnabler extends ThinResource {
  public static readonly __pulumiType = "volcengine:autoscaling/scalingGroupEnabler:ScalingGroupEnabler";

  constructor(name: string, args: ScalingGroupEnablerArgs, opts?: pulumi.CustomResourceOptions) {
    super(ScalingGroupEnabler.__pulumiType, name, args, [], VOLCENGINE_PLUGIN, opts);
  }
}
