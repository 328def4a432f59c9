/**
 * AWS security-group building block, from `plan.loadBalancer`: the load balancer's group (listener
 * ports from the plan's client CIDRs only) and the GPU hosts' group (engine port from the load
 * balancer's group only, no SSH).
 */
import * as pulumi from "@pulumi/pulumi";
import { SecurityGroup } from "@pulumi/aws/ec2/securityGroup";
import { SecurityGroupEgressRule } from "@pulumi/aws/vpc/securityGroupEgressRule";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc/securityGroupIngressRule";
import { targetError } from "../adapter";
import type { LoadBalancerPlan, TargetPlan } from "../plan/types";
import { lbTargetPort } from "../plan/gateway";
import { awsTags } from "../tags";

/** Inputs of {@link createAwsSecurityGroups}. */
export interface AwsSecurityArgs {
  /** The target's plan: `loadBalancer` (listener, client CIDRs, backend access) and `engine.port`. */
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** The two security groups of a target. */
export interface AwsSecurityGroups {
  lbSecurityGroupId: pulumi.Output<string>;
  hostSecurityGroupId: pulumi.Output<string>;
}

/**
 * Ports the load balancer's listeners open: the plan's `listenerPort`, plus 80 for the
 * HTTP → HTTPS redirect when the listener is TLS.
 */
export function awsListenerPorts(lb: LoadBalancerPlan): number[] {
  return lb.tls && lb.listenerPort !== 80 ? [lb.listenerPort, 80] : [lb.listenerPort];
}

/** `cidrIpv4` or `cidrIpv6` of a rule, by the CIDR's family. */
function cidrInput(cidr: string): { cidrIpv4: string } | { cidrIpv6: string } {
  return cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr };
}

/**
 * Creates the groups with standalone rules (`aws.vpc.SecurityGroupIngressRule`/`EgressRule`, no
 * inline rules, so nothing else can silently add or drop one), all through `provider`:
 * - `<name>-lb-sg`: ingress on each listener port ({@link awsListenerPorts}) from each of
 *   `plan.loadBalancer.clientCidrs` (`<name>-lb-in-<port>-<i>`); egress only to the host group on
 *   the engine port (`<name>-lb-out-engine`: the ALB has no reason to reach anything else);
 * - `<name>-host-sg`: ingress ONLY on the engine port and only from the LB group
 *   (`<name>-host-in-engine`, source security group, no CIDR: `backendAccess.kind` is
 *   `lb-security-group` on AWS, where the ALB sends requests and health checks from its own
 *   group); no SSH (Session Manager is the shell); egress all (`<name>-host-out-all`: image and
 *   weight pulls through the NAT gateway, secret store, package mirrors).
 * Group names start with `<plan.names.physical>-lb-sg-` / `-host-sg-` (AWS adds a unique suffix).
 */
export function createAwsSecurityGroups(name: string, args: AwsSecurityArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): AwsSecurityGroups {
  const { plan } = args;
  const lb = plan.loadBalancer;
  if (lb.backendAccess.kind !== "lb-security-group") {
    throw targetError(plan, parent, `the plan says the load balancer reaches the engine by ${lb.backendAccess.kind}; an AWS ALB reaches it from its security group (lb-security-group)`);
  }
  if (lb.clientCidrs.length === 0) throw targetError(plan, parent, "the plan admits no client CIDRs on the listener: set loadBalancer.allowedCidrs");
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const physical = plan.names.physical;
  const tags = (role: string) => awsTags(args.tags, physical, role);
  // the gateway's port when the target has one (the engine then listens on loopback), else the engine port
  const enginePort = lbTargetPort(plan);

  const lbSg = new SecurityGroup(
    `${name}-lb-sg`,
    { vpcId: args.vpcId, namePrefix: `${physical}-lb-sg-`, description: `Load balancer of ${physical}: listener ports from the client CIDRs`, tags: tags("lb-sg") },
    opts,
  );
  const hostSg = new SecurityGroup(
    `${name}-host-sg`,
    { vpcId: args.vpcId, namePrefix: `${physical}-host-sg-`, description: `GPU hosts of ${physical}: engine port from the load balancer only`, tags: tags("host-sg") },
    opts,
  );

  for (const port of awsListenerPorts(lb)) {
    lb.clientCidrs.forEach(
      (cidr, i) =>
        new SecurityGroupIngressRule(
          `${name}-lb-in-${port}-${i}`,
          {
            securityGroupId: lbSg.id,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            ...cidrInput(cidr),
            description: `Clients to listener ${port}`,
            tags: tags(`lb-in-${port}-${i}`),
          },
          opts,
        ),
    );
  }
  new SecurityGroupEgressRule(
    `${name}-lb-out-engine`,
    {
      securityGroupId: lbSg.id,
      ipProtocol: "tcp",
      fromPort: enginePort,
      toPort: enginePort,
      referencedSecurityGroupId: hostSg.id,
      description: "Load balancer to the engine port of the GPU hosts",
      tags: tags("lb-out-engine"),
    },
    opts,
  );
  new SecurityGroupIngressRule(
    `${name}-host-in-engine`,
    {
      securityGroupId: hostSg.id,
      ipProtocol: "tcp",
      fromPort: enginePort,
      toPort: enginePort,
      referencedSecurityGroupId: lbSg.id,
      description: "Engine port from the load balancer only",
      tags: tags("host-in-engine"),
    },
    opts,
  );
  new SecurityGroupEgressRule(
    `${name}-host-out-all`,
    { securityGroupId: hostSg.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "Egress for image, weight and secret pulls", tags: tags("host-out-all") },
    opts,
  );
  return { lbSecurityGroupId: lbSg.id, hostSecurityGroupId: hostSg.id };
}
