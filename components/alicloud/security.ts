/**
 * Alibaba Cloud security-group building block: the GPU hosts' group, with the engine port open only
 * to the ALB's vSwitch CIDRs and no SSH.
 */
import * as pulumi from "@pulumi/pulumi";
import { SecurityGroup } from "@pulumi/alicloud/ecs/securityGroup";
import { SecurityGroupRule } from "@pulumi/alicloud/ecs/securityGroupRule";
import type { TargetPlan } from "../plan/types";
import { lbTargetPort } from "../plan/gateway";
import { alicloudTags } from "../tags";

/** Inputs of {@link createAlicloudSecurityGroup}. */
export interface AlicloudSecurityArgs {
  /** The plan: engine port and the cloud-side name prefix. */
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /**
   * The only sources of traffic to the engine port: `plan.loadBalancer.backendAccess.cidrs` (the ALB
   * vSwitches), or their looked-up CIDRs for an existing network (see `createAlicloudNetwork`).
   */
  backendCidrs: pulumi.Input<string>[];
  tags: Record<string, string>;
}

/**
 * Creates `<name>-host-sg` (cloud name `<physical>-host-sg`, `innerAccessPolicy: "Drop"`: hosts of
 * the group do not reach each other) with:
 * - `<name>-host-in-engine-<i>`: ingress TCP engine port from each backend CIDR, `nicType`
 *   `intranet`, priority 1. An ALB reaches backends from local addresses in its own vSwitches and
 *   cannot be named as a source security group, so its dedicated vSwitches (nothing else runs in
 *   them) are the tightest source;
 * - `<name>-host-out-all`: egress all (image, weight and secret pulls through the NAT gateway).
 * No SSH rule: use Cloud Assistant / Workbench sessions.
 */
export function createAlicloudSecurityGroup(
  name: string,
  args: AlicloudSecurityArgs,
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): { hostSecurityGroupId: pulumi.Output<string> } {
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const { plan } = args;
  const sg = new SecurityGroup(
    `${name}-host-sg`,
    {
      vpcId: args.vpcId,
      securityGroupName: `${plan.names.physical}-host-sg`,
      securityGroupType: "normal",
      innerAccessPolicy: "Drop",
      description: `GPU hosts of ${plan.name}: engine port from the load balancer only`,
      tags: alicloudTags(args.tags),
    },
    opts,
  );
  // the gateway's port when the target has one (the engine then listens on loopback), else the engine port
  const port = `${lbTargetPort(plan)}/${lbTargetPort(plan)}`;
  args.backendCidrs.forEach(
    (cidr, i) =>
      new SecurityGroupRule(
        `${name}-host-in-engine-${i}`,
        {
          securityGroupId: sg.id,
          type: "ingress",
          ipProtocol: "tcp",
          portRange: port,
          cidrIp: cidr,
          nicType: "intranet",
          policy: "accept",
          priority: 1,
          description: "Engine port from the ALB vSwitch",
        },
        opts,
      ),
  );
  new SecurityGroupRule(
    `${name}-host-out-all`,
    {
      securityGroupId: sg.id,
      type: "egress",
      ipProtocol: "all",
      portRange: "-1/-1",
      cidrIp: "0.0.0.0/0",
      nicType: "intranet",
      policy: "accept",
      priority: 1,
      description: "Egress for image, weight and secret pulls",
    },
    opts,
  );
  return { hostSecurityGroupId: sg.id };
}
