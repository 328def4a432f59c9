/**
 * Security groups of a target: one for the CLB (clients → listener port) and one for the GPU hosts
 * (CLB → engine port only). Rules are ordered rule sets ending in an explicit DROP; no SSH.
 */
import * as pulumi from "@pulumi/pulumi";
import { childOptions, type TencentContext } from "./provider";
import { GroupRuleSet, SecurityGroup, type GroupRuleSetRule } from "./resources/security";

/** Inputs of {@link createSecurity}. */
export interface SecurityOptions {
  /** Port the engine listens on (TCP). */
  enginePort: number;
  /** Port of the CLB listener (TCP). */
  listenerPort: number;
  /** Client CIDRs allowed to reach the listener; at least one. */
  allowedCidrs: string[];
}

/** Ids of the two security groups. */
export interface TencentSecurity {
  /** Attached to the CLB (`securityGroups`). */
  lbSecurityGroupId: pulumi.Output<string>;
  /** Attached to the GPU hosts (`orderlySecurityGroups` / `securityGroupIds`). */
  hostSecurityGroupId: pulumi.Output<string>;
}

const ALLOW_ALL_EGRESS: GroupRuleSetRule = { action: "ACCEPT", protocol: "ALL", cidrBlock: "0.0.0.0/0", description: "all egress" };
const DROP_ALL_INGRESS: GroupRuleSetRule = { action: "DROP", protocol: "ALL", cidrBlock: "0.0.0.0/0", description: "deny all other ingress" };

/**
 * Creates `${name}-lb-sg` + `${name}-lb-rules` (ACCEPT TCP listener port from each allowed CIDR,
 * then DROP) and `${name}-host-sg` + `${name}-host-rules` (ACCEPT TCP engine port from the CLB's
 * security group, then DROP). Both allow all egress (image pulls, model downloads).
 */
export function createSecurity(ctx: TencentContext, options: SecurityOptions): TencentSecurity {
  if (options.allowedCidrs.length === 0) throw new Error(`tencentcloud target ${ctx.name}: allowedCidrs is empty`);
  const lbGroup = new SecurityGroup(
    `${ctx.name}-lb-sg`,
    { name: `${ctx.name}-lb`, description: `clients to the ${ctx.name} load balancer`, tags: ctx.tags },
    childOptions(ctx),
  );
  new GroupRuleSet(
    `${ctx.name}-lb-rules`,
    {
      securityGroupId: lbGroup.id,
      ingresses: [
        ...options.allowedCidrs.map(
          (cidr): GroupRuleSetRule => ({ action: "ACCEPT", protocol: "TCP", port: String(options.listenerPort), cidrBlock: cidr, description: "clients to listener" }),
        ),
        DROP_ALL_INGRESS,
      ],
      egresses: [ALLOW_ALL_EGRESS],
    },
    childOptions(ctx),
  );
  const hostGroup = new SecurityGroup(
    `${ctx.name}-host-sg`,
    { name: `${ctx.name}-hosts`, description: `GPU hosts of ${ctx.name}: engine port from the load balancer only`, tags: ctx.tags },
    childOptions(ctx),
  );
  new GroupRuleSet(
    `${ctx.name}-host-rules`,
    {
      securityGroupId: hostGroup.id,
      ingresses: [
        { action: "ACCEPT", protocol: "TCP", port: String(options.enginePort), sourceSecurityId: lbGroup.id, description: "load balancer to engine" },
        DROP_ALL_INGRESS,
      ],
      egresses: [ALLOW_ALL_EGRESS],
    },
    childOptions(ctx),
  );
  return { lbSecurityGroupId: lbGroup.id, hostSecurityGroupId: hostGroup.id };
}
