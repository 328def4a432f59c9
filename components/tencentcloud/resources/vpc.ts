/**
 * Thin bindings for Tencent Cloud VPC, subnet, route table and route-table entry
 * (pulumi-tencentcloud v0.2.3: Appendix A for VPC and subnet, `sdk/nodejs/route/table.ts` and
 * `sdk/nodejs/route/tableEntry.ts` for the route table). Tencent token modules are PascalCase:
 * `tencentcloud:Vpc/instance:Instance`, `tencentcloud:Route/table:Table`.
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
  /** Route table the subnet is associated with (must be in the same VPC); the VPC's default table when absent. */
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

/** Inputs of `tencentcloud:Route/table:Table` (required: `vpcId`; TF also requires `name`, 1–60 characters). */
export interface RouteTableArgs {
  vpcId: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  tags?: TencentTags;
}

/** A custom route table; subnets join it through their `routeTableId`. */
export class RouteTable extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Route/table:Table";
  declare public readonly subnetIds: pulumi.Output<string[]>;

  constructor(name: string, args: RouteTableArgs, opts?: pulumi.CustomResourceOptions) {
    super(RouteTable.__pulumiType, name, args, ["createTime", "isDefault", "routeEntryIds", "subnetIds"], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** Inputs of `tencentcloud:Route/tableEntry:TableEntry` (all but `description`/`disabled` required). */
export interface RouteTableEntryArgs {
  routeTableId: pulumi.Input<string>;
  destinationCidrBlock: pulumi.Input<string>;
  /** `CVM`, `VPN`, `DIRECTCONNECT`, `PEERCONNECTION`, `HAVIP`, `NAT`, `NORMAL_CVM`, `EIP`, `LOCAL_GATEWAY`, `INTRANAT`, `USER_CCN`. */
  nextType: pulumi.Input<string>;
  /** Id of the next hop (the NAT gateway id for `NAT`; `"0"` for `EIP`). */
  nextHub: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  disabled?: pulumi.Input<boolean>;
}

/** One route of a route table. */
export class RouteTableEntry extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Route/tableEntry:TableEntry";
  declare public readonly routeItemId: pulumi.Output<string>;

  constructor(name: string, args: RouteTableEntryArgs, opts?: pulumi.CustomResourceOptions) {
    super(RouteTableEntry.__pulumiType, name, args, ["routeItemId"], TENCENTCLOUD_PLUGIN, opts);
  }
}
