/**
 * The GPU hosts' security group: engine port from the CLB's subnet only, all egress, no SSH. A
 * Volcengine security group denies ingress that no rule accepts, so no explicit drop rule is needed.
 */
import * as pulumi from "@pulumi/pulumi";
import { childOptions, type VolcengineContext } from "./provider";
import { SecurityGroup, SecurityGroupRule } from "./resources/vpc";

/**
 * Creates `${name}-host-sg` with `${name}-engine-from-lb` (ingress TCP engine port from
 * `lbSourceCidr`) and `${name}-egress-all`. Returns the group id.
 */
export function createSecurity(ctx: VolcengineContext, vpcId: pulumi.Input<string>, enginePort: number, lbSourceCidr: string): pulumi.Output<string> {
  const group = new SecurityGroup(
    `${ctx.name}-host-sg`,
    { vpcId, securityGroupName: `${ctx.name}-hosts`, description: `GPU hosts of ${ctx.name}: engine port from the load balancer only`, tags: ctx.tags },
    childOptions(ctx),
  );
  new SecurityGroupRule(
    `${ctx.name}-engine-from-lb`,
    {
      securityGroupId: group.id,
      direction: "ingress",
      protocol: "tcp",
      portStart: enginePort,
      portEnd: enginePort,
      cidrIp: lbSourceCidr,
      policy: "accept",
      priority: 1,
      description: "load balancer to engine",
    },
    childOptions(ctx),
  );
  new SecurityGroupRule(
    `${ctx.name}-egress-all`,
    { securityGroupId: group.id, direction: "egress", protocol: "all", portStart: -1, portEnd: -1, cidrIp: "0.0.0.0/0", policy: "accept", priority: 1, description: "all egress" },
    childOptions(ctx),
  );
  return group.id;
}
