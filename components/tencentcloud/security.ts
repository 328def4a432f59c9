/**
 * Security groups of a Tencent Cloud target, as ordered rule sets ending in an explicit DROP; no SSH.
 *
 * - `<name>-lb-sg`: the CLB's group. It admits `plan.loadBalancer.clientCidrs` on the listener port
 *   and nothing else. With `loadBalancerPassToTarget` (see `load-balancer.ts`) this is the only group
 *   CLB traffic is checked against.
 * - `<name>-host-sg`: the GPU hosts' group. It admits nothing: the plan's backend access on Tencent
 *   is `bypasses-host-security-group` (catalog/facts/load-balancers.ts: with pass-to-target the CVM
 *   group is not consulted for CLB traffic and health checks, and a layer-4 CLB keeps the client's
 *   address, so a rule naming the CLB's group would never match). The engine port is thereby closed
 *   to everything but the CLB.
 *
 * Rules with protocol `ALL` carry `port: "ALL"`: the rule-set docs say "If the `Protocol` value is
 * set to `ALL`, the `Port` value also needs to be set to `all`", and the provider's acceptance test
 * sends `protocol = "ALL"`, `port = "ALL"` (terraform-provider-tencentcloud v1.82.42
 * `tencentcloud/services/vpc/resource_tc_security_group_rule_set_test.go:167-168`).
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { GroupRuleSet, SecurityGroup, type GroupRuleSetRule } from "./resources/security";

/** Inputs of {@link createTencentcloudSecurity}. */
export interface TencentcloudSecurityArgs {
  plan: TargetPlan;
  tags: Record<string, string>;
}

/** Ids of the two security groups. */
export interface TencentcloudSecurity {
  /** Attached to the CLB (`securityGroups`). */
  lbSecurityGroupId: pulumi.Output<string>;
  /** Attached to the GPU hosts (`orderlySecurityGroups` / `securityGroupIds`). */
  hostSecurityGroupId: pulumi.Output<string>;
}

/** All egress (image pulls, weights downloads through the NAT gateway). */
export const ALLOW_ALL_EGRESS: GroupRuleSetRule = { action: "ACCEPT", protocol: "ALL", port: "ALL", cidrBlock: "0.0.0.0/0", description: "all egress" };
/** Last ingress rule of both groups. */
export const DROP_ALL_INGRESS: GroupRuleSetRule = { action: "DROP", protocol: "ALL", port: "ALL", cidrBlock: "0.0.0.0/0", description: "deny all other ingress" };

/**
 * Creates `${name}-lb-sg` + `${name}-lb-rules` (ACCEPT TCP `listenerPort` from each client CIDR,
 * then DROP) and `${name}-host-sg` + `${name}-host-rules` (DROP only). Both allow all egress.
 * Throws a target error when the plan's backend access is not the Tencent pass-to-target kind, or
 * when it admits no client.
 */
export function createTencentcloudSecurity(name: string, args: TencentcloudSecurityArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): TencentcloudSecurity {
  const { plan, tags } = args;
  const lb = plan.loadBalancer;
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  if (lb.backendAccess.kind !== "bypasses-host-security-group") {
    throw targetError(plan, parent, `the Tencent CLB passes traffic to targets without the hosts' security group (backend access bypasses-host-security-group), the plan says ${lb.backendAccess.kind}`);
  }
  if (lb.clientCidrs.length === 0) throw targetError(plan, parent, "the plan admits no client CIDR on the listener (plan.loadBalancer.clientCidrs is empty)");
  const physical = plan.names.physical;
  const lbGroup = new SecurityGroup(`${name}-lb-sg`, { name: `${physical}-lb`, description: `clients to the ${physical} load balancer`, tags }, opts);
  new GroupRuleSet(
    `${name}-lb-rules`,
    {
      securityGroupId: lbGroup.id,
      ingresses: [
        ...lb.clientCidrs.map((cidr): GroupRuleSetRule => ({ action: "ACCEPT", protocol: "TCP", port: String(lb.listenerPort), cidrBlock: cidr, description: "clients to listener" })),
        DROP_ALL_INGRESS,
      ],
      egresses: [ALLOW_ALL_EGRESS],
    },
    opts,
  );
  const hostGroup = new SecurityGroup(
    `${name}-host-sg`,
    { name: `${physical}-hosts`, description: `GPU hosts of ${physical}, reached only through the load balancer (pass-to-target)`, tags },
    opts,
  );
  new GroupRuleSet(`${name}-host-rules`, { securityGroupId: hostGroup.id, ingresses: [DROP_ALL_INGRESS], egresses: [ALLOW_ALL_EGRESS] }, opts);
  return { lbSecurityGroupId: lbGroup.id, hostSecurityGroupId: hostGroup.id };
}
