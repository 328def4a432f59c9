/**
 * Thin bindings for Volcano Engine VPC, subnet, security group and rule (pulumi-volcengine v0.0.47,
 * Appendix B). Volcengine token modules are lower case: `volcengine:vpc/vpc:Vpc`.
 */
import * as pulumi from "@pulumi/pulumi";
import { VOLCENGINE_PLUGIN, ThinResource } from "../../providers/thin";

/** One tag; every Volcengine resource takes a list of these. */
export interface VolcengineTag {
  key: pulumi.Input<string>;
  value: pulumi.Input<string>;
}

/** Tags list, Volcengine style (`[{key, value}]`). */
export type VolcengineTags = pulumi.Input<pulumi.Input<VolcengineTag>[]>;

/** Converts a tag map to Volcengine's list form, sorted by key. */
export function volcengineTags(tags: Record<string, string>): VolcengineTag[] {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ key, value: tags[key] }));
}

/** Inputs of `volcengine:vpc/vpc:Vpc`. */
export interface VpcArgs {
  /** IPv4 CIDR (required). */
  cidrBlock: pulumi.Input<string>;
  vpcName?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  dnsServers?: pulumi.Input<pulumi.Input<string>[]>;
  enableIpv6?: pulumi.Input<boolean>;
  projectName?: pulumi.Input<string>;
  tags?: VolcengineTags;
}

/** A VPC. */
export class Vpc extends ThinResource {
  public static readonly __pulumiType = "volcengine:vpc/vpc:Vpc";
  declare public readonly vpcId: pulumi.Output<string>;
  declare public readonly cidrBlock: pulumi.Output<string>;

  constructor(name: string, args: VpcArgs, opts?: pulumi.CustomResourceOptions) {
    super(Vpc.__pulumiType, name, args, ["accountId", "creationTime", "status", "vpcId", "routeTableIds", "securityGroupIds", "subnetIds"], VOLCENGINE_PLUGIN, opts);
  }
}

/** Inputs of `volcengine:vpc/subnet:Subnet`. */
export interface SubnetArgs {
  cidrBlock: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  /** Zone id, e.g. `cn-beijing-a`. */
  zoneId: pulumi.Input<string>;
  subnetName?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  tags?: VolcengineTags;
}

/** A subnet in one zone. */
export class Subnet extends ThinResource {
  public static readonly __pulumiType = "volcengine:vpc/subnet:Subnet";
  declare public readonly cidrBlock: pulumi.Output<string>;
  declare public readonly zoneId: pulumi.Output<string>;

  constructor(name: string, args: SubnetArgs, opts?: pulumi.CustomResourceOptions) {
    super(Subnet.__pulumiType, name, args, ["creationTime", "status"], VOLCENGINE_PLUGIN, opts);
  }
}

/** Inputs of `volcengine:vpc/securityGroup:SecurityGroup`. */
export interface SecurityGroupArgs {
  vpcId: pulumi.Input<string>;
  securityGroupName?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  projectName?: pulumi.Input<string>;
  /** `cidrOnly`, or a normal group when absent. */
  type?: pulumi.Input<string>;
  tags?: VolcengineTags;
}

/**
 * A security group. Volcano Engine gives every new custom group default rules: egress to everything,
 * and ingress from instances of the same group (https://docs.byteplus.com/en/docs/vpc/Security-group-overview).
 */
export class SecurityGroup extends ThinResource {
  public static readonly __pulumiType = "volcengine:vpc/securityGroup:SecurityGroup";

  constructor(name: string, args: SecurityGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(SecurityGroup.__pulumiType, name, args, ["creationTime", "status"], VOLCENGINE_PLUGIN, opts);
  }
}

/** Inputs of `volcengine:vpc/securityGroupRule:SecurityGroupRule`. */
export interface SecurityGroupRuleArgs {
  securityGroupId: pulumi.Input<string>;
  direction: pulumi.Input<"ingress" | "egress">;
  /** `tcp`, `udp`, `icmp`, `all`, `icmpv6`. */
  protocol: pulumi.Input<"tcp" | "udp" | "icmp" | "all" | "icmpv6">;
  /** 1–65535 for tcp/udp; -1 for all/icmp. */
  portStart: pulumi.Input<number>;
  /** 1–65535 for tcp/udp; -1 for all/icmp. */
  portEnd: pulumi.Input<number>;
  cidrIp?: pulumi.Input<string>;
  sourceGroupId?: pulumi.Input<string>;
  /** `accept` (default) or `drop`. */
  policy?: pulumi.Input<"accept" | "drop">;
  /** 1–100, default 1. */
  priority?: pulumi.Input<number>;
  description?: pulumi.Input<string>;
}

/** One security group rule. */
export class SecurityGroupRule extends ThinResource {
  public static readonly __pulumiType = "volcengine:vpc/securityGroupRule:SecurityGroupRule";

  constructor(name: string, args: SecurityGroupRuleArgs, opts?: pulumi.CustomResourceOptions) {
    super(SecurityGroupRule.__pulumiType, name, args, ["status"], VOLCENGINE_PLUGIN, opts);
  }
}
