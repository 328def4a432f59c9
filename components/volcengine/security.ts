/**
 * The GPU hosts' security group: the engine port open to the CLB's source range and nothing else;
 * no SSH.
 *
 * Volcano Engine gives a new custom security group two default rules
 * (https://docs.byteplus.com/en/docs/vpc/Security-group-overview):
 * - egress to everything: the hosts' internet egress (through the NAT gateway) relies on it, so the
 *   kit declares no egress rule of its own. A duplicate would at best be redundant, and destroying it
 *   could revoke the identical default;
 * - ingress from instances of the same group. KNOWN GAP: GPU hosts of one target can reach each
 *   other on every port. The provider (v0.0.47) has no input to create a group without it, and the
 *   default rule is not a resource the kit owns; revoke it by hand if host isolation is wanted.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { lbTargetPort } from "../plan/gateway";
import { volcengineDescription } from "./description";
import { SecurityGroup, SecurityGroupRule, volcengineTags } from "./resources/vpc";

/** Inputs of {@link createVolcengineSecurity}. */
export interface VolcengineSecurityArgs {
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  tags: Record<string, string>;
}

/**
 * Creates `<name>-host-sg` and one `<name>-engine-from-lb-<i>` rule per CIDR of
 * `plan.loadBalancer.backendAccess.cidrs` (ingress TCP on the engine port, accept). Volcano Engine's
 * layer-7 CLB sends proxied requests and health checks from the fixed range 100.64.0.0/10, whatever
 * its subnet (catalog/facts/load-balancers.ts), so that range is the only source. Returns the
 * group id.
 */
export function createVolcengineSecurity(name: string, args: VolcengineSecurityArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): { securityGroupId: pulumi.Output<string> } {
  const { plan } = args;
  const access = plan.loadBalancer.backendAccess;
  if (access.kind !== "fixed-cidrs" || !access.cidrs || access.cidrs.length === 0) {
    throw targetError(plan, parent, `the Volcano Engine CLB reaches hosts from fixed CIDRs; the plan's backend access is ${access.kind} with ${JSON.stringify(access.cidrs)}`);
  }
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const physical = plan.names.physical;
  const port = lbTargetPort(plan);
  const group = new SecurityGroup(
    `${name}-host-sg`,
    {
      vpcId: args.vpcId,
      securityGroupName: `${physical}-hosts`,
      description: volcengineDescription(plan, parent, `GPU hosts of ${physical}, engine port from the load balancer only`),
      tags: volcengineTags(args.tags),
    },
    opts,
  );
  access.cidrs.forEach(
    (cidr, i) =>
      new SecurityGroupRule(
        `${name}-engine-from-lb-${i}`,
        {
          securityGroupId: group.id,
          direction: "ingress",
          protocol: "tcp",
          portStart: port,
          portEnd: port,
          cidrIp: cidr,
          policy: "accept",
          priority: 1,
          description: volcengineDescription(plan, parent, `load balancer to engine port ${port}`),
        },
        opts,
      ),
  );
  return { securityGroupId: group.id };
}
