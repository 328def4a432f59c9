/**
 * Thin bindings for Tencent Cloud internet egress: the EIP and the (public) NAT gateway that uses
 * it. Tokens and input names from pulumi-tencentcloud v0.2.3 `sdk/nodejs/eip/instance.ts` and
 * `sdk/nodejs/nat/gateway.ts` (TF `tencentcloud_eip`, `tencentcloud_nat_gateway`,
 * terraform-provider-tencentcloud v1.82.42).
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, ThinResource } from "../../providers/thin";
import type { TencentTags } from "./vpc";

/** Inputs of `tencentcloud:Eip/instance:Instance` we use (no input is required by the schema). */
export interface EipArgs {
  name?: pulumi.Input<string>;
  /** `EIP` (default), `AnycastEIP`, `HighQualityEIP`, `AntiDDoSEIP`. */
  type?: pulumi.Input<string>;
  /** `BANDWIDTH_PACKAGE`, `BANDWIDTH_POSTPAID_BY_HOUR`, `BANDWIDTH_PREPAID_BY_MONTH`, `TRAFFIC_POSTPAID_BY_HOUR`. */
  internetChargeType?: pulumi.Input<string>;
  /** Mbps. */
  internetMaxBandwidthOut?: pulumi.Input<number>;
  /** `BGP`, `CMCC`, `CTCC`, `CUCC`. */
  internetServiceProvider?: pulumi.Input<string>;
  bandwidthPackageId?: pulumi.Input<string>;
  tags?: TencentTags;
}

/** An elastic public IP. */
export class Eip extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Eip/instance:Instance";
  /** The address (what `Nat/gateway` `assignedEipSets` takes). */
  declare public readonly publicIp: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: EipArgs, opts?: pulumi.CustomResourceOptions) {
    super(Eip.__pulumiType, name, args, ["publicIp", "status"], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** Inputs of `tencentcloud:Nat/gateway:Gateway` (required: `vpcId`, `assignedEipSets`; TF also requires `name`). */
export interface NatGatewayArgs {
  vpcId: pulumi.Input<string>;
  /** EIP addresses (not ids) the gateway translates to; 1–10. */
  assignedEipSets: pulumi.Input<pulumi.Input<string>[]>;
  /** 1–60 characters (required by TF `tencentcloud_nat_gateway`). */
  name?: pulumi.Input<string>;
  /** `1` traditional (classic, default) or `2` standard. */
  natProductVersion?: pulumi.Input<number>;
  /** Mbps, classic NAT only: 20, 50, 100 (default), 200, 500, 1000, 2000, 5000. */
  bandwidth?: pulumi.Input<number>;
  /** Classic NAT only: 1000000 (default), 3000000, 10000000. */
  maxConcurrent?: pulumi.Input<number>;
  zone?: pulumi.Input<string>;
  subnetId?: pulumi.Input<string>;
  stockPublicIpAddressesBandwidthOut?: pulumi.Input<number>;
  tags?: TencentTags;
}

/** A public NAT gateway; host subnets reach it through a route-table entry (`nextType: "NAT"`). */
export class NatGateway extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Nat/gateway:Gateway";
  declare public readonly createdTime: pulumi.Output<string>;

  constructor(name: string, args: NatGatewayArgs, opts?: pulumi.CustomResourceOptions) {
    super(NatGateway.__pulumiType, name, args, ["createdTime"], TENCENTCLOUD_PLUGIN, opts);
  }
}
