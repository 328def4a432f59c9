/**
 * Thin bindings for Tencent Cloud security groups and ordered rule sets (pulumi-tencentcloud
 * v0.2.3, Appendix A). TF repeated blocks are plural lists: `ingresses`, `egresses`.
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, ThinResource } from "../../providers/thin";
import type { TencentTags } from "./vpc";

/** Inputs of `tencentcloud:Security/group:Group`. */
export interface SecurityGroupArgs {
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Default project 0. */
  projectId?: pulumi.Input<number>;
  tags?: TencentTags;
}

/** A security group (rules come from a {@link GroupRuleSet}). */
export class SecurityGroup extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Security/group:Group";

  constructor(name: string, args: SecurityGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(SecurityGroup.__pulumiType, name, args, [], TENCENTCLOUD_PLUGIN, opts);
  }
}

/**
 * One rule of a rule set (`GroupRuleSetIngress` / `GroupRuleSetEgress`, same fields). Exactly one
 * source of `cidrBlock`, `ipv6CidrBlock`, `sourceSecurityId`, `addressTemplate*`.
 */
export interface GroupRuleSetRule {
  /** `ACCEPT` or `DROP` (required). */
  action: pulumi.Input<"ACCEPT" | "DROP">;
  /** `TCP`, `UDP`, `ICMP`, `ICMPv6` or `ALL`; all protocols when absent. */
  protocol?: pulumi.Input<"TCP" | "UDP" | "ICMP" | "ICMPv6" | "ALL">;
  /** `all`, a port, `80,90` or `80-90`; all ports when absent. A string even for one port. */
  port?: pulumi.Input<string>;
  cidrBlock?: pulumi.Input<string>;
  ipv6CidrBlock?: pulumi.Input<string>;
  /** Source (ingress) or destination (egress) security group id. */
  sourceSecurityId?: pulumi.Input<string>;
  addressTemplateId?: pulumi.Input<string>;
  addressTemplateGroup?: pulumi.Input<string>;
  serviceTemplateId?: pulumi.Input<string>;
  serviceTemplateGroup?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  policyIndex?: pulumi.Input<number>;
}

/** Inputs of `tencentcloud:Security/groupRuleSet:GroupRuleSet`. */
export interface GroupRuleSetArgs {
  /** Security group the rules belong to (required). */
  securityGroupId: pulumi.Input<string>;
  /** Ordered: the first rule has the highest priority. */
  ingresses?: pulumi.Input<pulumi.Input<GroupRuleSetRule>[]>;
  /** Ordered: the first rule has the highest priority. */
  egresses?: pulumi.Input<pulumi.Input<GroupRuleSetRule>[]>;
}

/** The complete, ordered rule list of one security group. */
export class GroupRuleSet extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Security/groupRuleSet:GroupRuleSet";
  declare public readonly version: pulumi.Output<string>;

  constructor(name: string, args: GroupRuleSetArgs, opts?: pulumi.CustomResourceOptions) {
    super(GroupRuleSet.__pulumiType, name, args, ["version"], TENCENTCLOUD_PLUGIN, opts);
  }
}
