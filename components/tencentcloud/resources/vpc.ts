/**
 * Thin bindings for Tencent Cloud VPC and subnet (pulumi-tencentcloud v0.2.3, Appendix A).
 * Tencent token modules are PascalCase: `tencentcloud:Vpc/instance:Instance`.
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, ThinResource } from "../../providers/thin";

/** Tags map, Tencent style (`{[key]: value}`). */
export type TencentTags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/** Inputs of `tencentcloud:Vpc/instance:Instance`. */
export interface VpcArgs {
  /** IPv4 CIDR inside 10.0.0.0/16, 172.16.0.0/12 or 192.168.0.0/16 (required). */
  cidrBlock: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  dnsServers?: pulumi.Input<pulumi.Input<string>[]>;
  /** Default `true`. */
  isMulticast?: pulumi.Input<boolean>;
  assistantCidrs?: pulumi.Input<pulumi.Input<string>[]>;
  tags?: TencentTags;
}

/** A VPC. */
export class Vpc extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Vpc/instance:Instance";
  declare public readonly cidrBlock: pulumi.Output<string>;
  declare public readonly defaultRouteTableId: pulumi.Output<string>;
  declare public readonly createTime: pulumi.Output<string>;

  constructor(name: string, args: VpcArgs, opts?: pulumi.CustomResourceOptions) {
    super(Vpc.__pulumiType, name, args, ["createTime", "defaultRouteTableId", "dockerAssistantCidrs", "isDefault"], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** Inputs of `tencentcloud:Subnet/instance:Instance`. */
export interface SubnetArgs {
  /** Zone, e.g. `ap-guangzhou-3` (required). */
  availabilityZone: pulumi.Input<string>;
  /** Subnet CIDR inside the VPC CIDR (required). */
  cidrBlock: pulumi.Input<string>;
  /** VPC id (required). */
  vpcId: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  /** Default `true`. */
  isMulticast?: pulumi.Input<boolean>;
  routeTableId?: pulumi.Input<string>;
  cdcId?: pulumi.Input<string>;
  tags?: TencentTags;
}

/** A subnet in one availability zone. */
export class Subnet extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Subnet/instance:Instance";
  declare public readonly cidrBlock: pulumi.Output<string>;
  declare public readonly availabilityZone: pulumi.Output<string>;
  declare public readonly availableIpCount: pulumi.Output<number>;

  constructor(name: string, args: SubnetArgs, opts?: pulumi.CustomResourceOptions) {
    super(Subnet.__pulumiType, name, args, ["availableIpCount", "createTime", "isDefault"], TENCENTCLOUD_PLUGIN, opts);
  }
}
