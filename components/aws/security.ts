/**
 * AWS security-group building block: the load balancer's group (listener ports from the allowed
 * CIDRs only) and the GPU hosts' group (engine port from the load balancer's group only, no SSH).
 */
import * as pulumi from "@pulumi/pulumi";
import { SecurityGroup } from "@pulumi/aws/ec2/securityGroup";
import { SecurityGroupEgressRule } from "@pulumi/aws/vpc/securityGroupEgressRule";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc/securityGroupIngressRule";
import { awsTags } from "../tags";

/** Inputs of {@link createAwsSecurityGroups}. */
export interface AwsSecurityArgs {
  vpcId: pulumi.Input<string>;
  /** Port the engine listens on (TCP). */
  enginePort: number;
  /** Listener ports of the load balancer (443 and 80 with TLS, 80 without). */
  listenerPorts: number[];
  /**
   * Client CIDRs allowed to reach the listeners. The caller applies the spec default: `0.0.0.0/0`
   * for a public load balancer, the VPC CIDR for an internal one.
   */
  allowedCidrs: pulumi.Input<string>[];
  tags: Record<string, string>;
}

/** The two security groups of a target. */
export interface AwsSecurityGroups {
  lbSecurityGroupId: pulumi.Output<string>;
  hostSecurityGroupId: pulumi.Output<string>;
}

/**
 * Creates the groups with standalone rules (`aws.vpc.SecurityGroupIngressRule`/`EgressRule`, no
 * inline rules, so nothing else can silently add or drop one):
 * - `<name>-lb-sg`: ingress on each listener port from each allowed CIDR; egress only to the host
 *   group on the engine port (the ALB has no reason to reach anything else);
 * - `<name>-host-sg`: ingress ONLY on the engine port and only from the LB group (source security
 *   group, no CIDR); no SSH (Session Manager is the shell); egress all (image and weight pulls
 *   through the NAT gateway, secret store, package mirrors).
 */
export function createAwsSecurityGroups(
  name: string,
  args: AwsSecurityArgs,
  parent: pulumi.Resource,
  provider?: pulumi.ProviderResource,
): AwsSecurityGroups {
  const opts: pulumi.CustomResourceOptions = { parent, ...(provider ? { provider } : {}) };
  const lbSg = new SecurityGroup(
    `${name}-lb-sg`,
    { vpcId: args.vpcId, description: `Load balancer of ${name}: listener ports from allowed CIDRs`, tags: awsTags(args.tags, name, "lb-sg") },
    opts,
  );
  const hostSg = new SecurityGroup(
    `${name}-host-sg`,
    { vpcId: args.vpcId, description: `GPU hosts of ${name}: engine port from the load balancer only`, tags: awsTags(args.tags, name, "host-sg") },
    opts,
  );

  args.listenerPorts.forEach((port) =>
    args.allowedCidrs.forEach(
      (cidr, i) =>
        new SecurityGroupIngressRule(
          `${name}-lb-in-${port}-${i}`,
          {
            securityGroupId: lbSg.id,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            cidrIpv4: cidr,
            description: `Clients to listener ${port}`,
            tags: awsTags(args.tags, name, `lb-in-${port}-${i}`),
          },
          opts,
        ),
    ),
  );
  new SecurityGroupEgressRule(
    `${name}-lb-out-engine`,
    {
      securityGroupId: lbSg.id,
      ipProtocol: "tcp",
      fromPort: args.enginePort,
      toPort: args.enginePort,
      referencedSecurityGroupId: hostSg.id,
      description: "Load balancer to the engine port of the GPU hosts",
      tags: awsTags(args.tags, name, "lb-out-engine"),
    },
    opts,
  );
  new SecurityGroupIngressRule(
    `${name}-host-in-engine`,
    {
      securityGroupId: hostSg.id,
      ipProtocol: "tcp",
      fromPort: args.enginePort,
      toPort: args.enginePort,
      referencedSecurityGroupId: lbSg.id,
      description: "Engine port from the load balancer only",
      tags: awsTags(args.tags, name, "host-in-engine"),
    },
    opts,
  );
  new SecurityGroupEgressRule(
    `${name}-host-out-all`,
    { securityGroupId: hostSg.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "Egress for image, weight and secret pulls", tags: awsTags(args.tags, name, "host-out-all") },
    opts,
  );
  return { lbSecurityGroupId: lbSg.id, hostSecurityGroupId: hostSg.id };
}
