/**
 * Thin bindings for the Volcano Engine NAT gateway and its SNAT entries (pulumi-volcengine v0.0.47,
 * `sdk/nodejs/nat/gateway.ts` and `sdk/nodejs/nat/snatEntry.ts`; semantics from
 * terraform-provider-volcengine v0.0.194 `volcengine/nat/nat_gateway` and `volcengine/nat/snat_entry`).
 */
import * as pulumi from "@pulumi/pulumi";
import { VOLCENGINE_PLUGIN, ThinResource } from "../../providers/thin";
import type { VolcengineTags } from "./vpc";

/** Inputs of `volcengine:nat/gateway:Gateway` (required: `subnetId`, `vpcId`). */
export interface GatewayArgs {
  /** VPC of the gateway (required, force-new). */
  vpcId: pulumi.Input<string>;
  /** Subnet the gateway sits in (required, force-new); any subnet of the VPC. */
  subnetId: pulumi.Input<string>;
  natGatewayName?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** `PostPaid` (default), `PrePaid` or `PostPaidByUsage` (force-new). */
  billingType?: pulumi.Input<"PostPaid" | "PrePaid" | "PostPaidByUsage">;
  /** `Small` (default), `Medium`, `Large`; not with `PostPaidByUsage`. */
  spec?: pulumi.Input<"Small" | "Medium" | "Large">;
  /** `internet` (default) or `intranet` (force-new). */
  networkType?: pulumi.Input<"internet" | "intranet">;
  /** Months, PrePaid only. */
  period?: pulumi.Input<number>;
  projectName?: pulumi.Input<string>;
  tags?: VolcengineTags;
}

/** A NAT gateway; its `id` is the NAT gateway id (`ngw-…`). */
export class Gateway extends ThinResource {
  public static readonly __pulumiType = "volcengine:nat/gateway:Gateway";

  constructor(name: string, args: GatewayArgs, opts?: pulumi.CustomResourceOptions) {
    super(Gateway.__pulumiType, name, args, [], VOLCENGINE_PLUGIN, opts);
  }
}

/**
 * Inputs of `volcengine:nat/snatEntry:SnatEntry` (required: `natGatewayId`; exactly one of
 * `subnetId` / `sourceCidr`; `eipId` for an internet NAT gateway, `natIpId` for an intranet one).
 */
export interface SnatEntryArgs {
  natGatewayId: pulumi.Input<string>;
  /** Subnet whose instances use the entry (exactly one of `subnetId`, `sourceCidr`). */
  subnetId?: pulumi.Input<string>;
  sourceCidr?: pulumi.Input<string>;
  /** Allocation id of the EIP (bound to the gateway first). */
  eipId?: pulumi.Input<string>;
  natIpId?: pulumi.Input<string>;
  snatEntryName?: pulumi.Input<string>;
}

/** One SNAT entry: traffic from a subnet leaves through the gateway's EIP. */
export class SnatEntry extends ThinResource {
  public static readonly __pulumiType = "volcengine:nat/snatEntry:SnatEntry";
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: SnatEntryArgs, opts?: pulumi.CustomResourceOptions) {
    super(SnatEntry.__pulumiType, name, args, ["status"], VOLCENGINE_PLUGIN, opts);
  }
}
