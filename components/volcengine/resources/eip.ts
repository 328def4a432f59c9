/**
 * Thin bindings for Volcano Engine elastic IPs (pulumi-volcengine v0.0.47, `sdk/nodejs/eip/address.ts`
 * and `sdk/nodejs/eip/associate.ts`; semantics from terraform-provider-volcengine v0.0.194
 * `volcengine/eip/eip_address` and `volcengine/eip/eip_associate`).
 */
import * as pulumi from "@pulumi/pulumi";
import { VOLCENGINE_PLUGIN, ThinResource } from "../../providers/thin";
import type { VolcengineTags } from "./vpc";

/** Inputs of `volcengine:eip/address:Address` (required: `billingType`). */
export interface AddressArgs {
  /** `PostPaidByBandwidth`, `PostPaidByTraffic` or `PrePaid` (TF validator). */
  billingType: pulumi.Input<"PostPaidByBandwidth" | "PostPaidByTraffic" | "PrePaid">;
  /** Peak bandwidth, Mbit/s. */
  bandwidth?: pulumi.Input<number>;
  /** `BGP`, `ChinaMobile`, `ChinaUnicom`, `ChinaTelecom`, `SingleLine_BGP`, `Static_BGP`, `Fusion_BGP` (force-new). */
  isp?: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  period?: pulumi.Input<number>;
  projectName?: pulumi.Input<string>;
  securityProtectionTypes?: pulumi.Input<pulumi.Input<string>[]>;
  tags?: VolcengineTags;
}

/** An EIP; its `id` is the allocation id (`eip-…`). */
export class Address extends ThinResource {
  public static readonly __pulumiType = "volcengine:eip/address:Address";
  /** The public IPv4 address. */
  declare public readonly eipAddress: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: AddressArgs, opts?: pulumi.CustomResourceOptions) {
    super(Address.__pulumiType, name, args, ["deletedTime", "eipAddress", "expiredTime", "overdueTime", "status"], VOLCENGINE_PLUGIN, opts);
  }
}

/** Inputs of `volcengine:eip/associate:Associate` (all force-new). */
export interface AssociateArgs {
  /** Allocation id of the EIP. */
  allocationId: pulumi.Input<string>;
  /** Id of the instance the EIP is bound to. */
  instanceId: pulumi.Input<string>;
  /** `Nat`, `NetworkInterface`, `ClbInstance`, `EcsInstance` or `HaVip`. */
  instanceType: pulumi.Input<"Nat" | "NetworkInterface" | "ClbInstance" | "EcsInstance" | "HaVip">;
  privateIpAddress?: pulumi.Input<string>;
}

/** Binds an EIP to an instance (here: the NAT gateway). */
export class Associate extends ThinResource {
  public static readonly __pulumiType = "volcengine:eip/associate:Associate";

  constructor(name: string, args: AssociateArgs, opts?: pulumi.CustomResourceOptions) {
    super(Associate.__pulumiType, name, args, [], VOLCENGINE_PLUGIN, opts);
  }
}
