/**
 * Thin binding for the Volcano Engine ECS instance `volcengine:ecs/instance:Instance`
 * (pulumi-volcengine v0.0.47, Appendix B).
 */
import * as pulumi from "@pulumi/pulumi";
import { VOLCENGINE_PLUGIN, ThinResource } from "../../providers/thin";
import type { VolcengineTags } from "./vpc";

/** A data volume (`InstanceDataVolume`). */
export interface InstanceDataVolume {
  /** GB (required). */
  size: pulumi.Input<number>;
  /** `PTSSD`, `ESSD_PL0`, `ESSD_PL1`, `ESSD_PL2`, `ESSD_FlexPL` (required). */
  volumeType: pulumi.Input<string>;
  deleteWithInstance?: pulumi.Input<boolean>;
}

/** Inputs of `volcengine:ecs/instance:Instance` we use. */
export interface InstanceArgs {
  imageId: pulumi.Input<string>;
  instanceType: pulumi.Input<string>;
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  subnetId: pulumi.Input<string>;
  /** GB; ESSD_PL0 20–2048. */
  systemVolumeSize: pulumi.Input<number>;
  /** `PTSSD`, `ESSD_PL0`, `ESSD_PL1`, `ESSD_PL2`, `ESSD_FlexPL`. */
  systemVolumeType: pulumi.Input<string>;
  zoneId?: pulumi.Input<string>;
  instanceName?: pulumi.Input<string>;
  hostName?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** `PostPaid` or `PrePaid`. */
  instanceChargeType?: pulumi.Input<"PostPaid" | "PrePaid">;
  /** `NoSpot` (default), `SpotAsPriceGo`, `SpotWithPriceLimit`. */
  spotStrategy?: pulumi.Input<"NoSpot" | "SpotAsPriceGo" | "SpotWithPriceLimit">;
  spotPriceLimit?: pulumi.Input<number>;
  dataVolumes?: pulumi.Input<pulumi.Input<InstanceDataVolume>[]>;
  /** Base64. */
  userData?: pulumi.Input<string>;
  keyPairName?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
  /** `Active` (default) or `InActive`. */
  securityEnhancementStrategy?: pulumi.Input<string>;
  deploymentSetId?: pulumi.Input<string>;
  projectName?: pulumi.Input<string>;
  primaryIpAddress?: pulumi.Input<string>;
  tags?: VolcengineTags;
}

/** An ECS instance. `password` is a secret output, as in the generated SDK. */
export class Instance extends ThinResource {
  public static readonly __pulumiType = "volcengine:ecs/instance:Instance";
  declare public readonly instanceId: pulumi.Output<string>;
  declare public readonly primaryIpAddress: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: InstanceArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = { ...args, password: args.password === undefined ? undefined : pulumi.secret(args.password) };
    const outputs = ["cpus", "createdAt", "gpuDevices", "instanceId", "isGpu", "memorySize", "networkInterfaceId", "osName", "osType", "status", "systemVolumeId", "vpcId", "primaryIpAddress"];
    super(Instance.__pulumiType, name, inputs, outputs, VOLCENGINE_PLUGIN, opts, ["password"]);
  }
}
