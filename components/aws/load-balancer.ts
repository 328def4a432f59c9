/**
 * AWS load-balancer building block, from `plan.loadBalancer`: an application load balancer, a
 * target group health-checking the engine's readiness endpoint, and the listeners (HTTPS with
 * redirect, or HTTP).
 */
import * as pulumi from "@pulumi/pulumi";
import { Listener } from "@pulumi/aws/lb/listener";
import { LoadBalancer } from "@pulumi/aws/lb/loadBalancer";
import { TargetGroup } from "@pulumi/aws/lb/targetGroup";
import type { TargetPlan } from "../plan/types";
import { lbTargetPort } from "../plan/gateway";
import { awsTags } from "../tags";

/** TLS policy of the HTTPS listener: TLS 1.3 and 1.2 with forward-secret ciphers only. */
export const AWS_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** Idle timeout of the ALB in seconds: long enough for token streams with slow first tokens. Default 300. */
export const AWS_ALB_IDLE_TIMEOUT_SECONDS = 300;

/** Inputs of {@link createAwsLoadBalancer}. */
export interface AwsLoadBalancerArgs {
  /**
   * The target's plan: `loadBalancer.public` (internet-facing or internal), `loadBalancer.tls`
   * (ACM certificate ARN: HTTPS on `listenerPort` and 80 redirecting to it; plain HTTP on
   * `listenerPort` otherwise), `engine` (port and readiness path).
   */
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /** The plan's load-balancer subnets (≥ 2 zones). */
  subnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** The load balancer's handles. */
export interface AwsLoadBalancer {
  dnsName: pulumi.Output<string>;
  targetGroupArn: pulumi.Output<string>;
  /** `https` or `http`. */
  scheme: "https" | "http";
}

/**
 * Creates, all through `provider`:
 * - `<name>-alb`: application LB, `internal = !plan.loadBalancer.public`, invalid header fields
 *   dropped, idle timeout {@link AWS_ALB_IDLE_TIMEOUT_SECONDS} s, in the plan's load-balancer
 *   subnets (≥ 2 zones) and security group;
 * - `<name>-tg`: HTTP target group on the engine port, instance targets, health check on
 *   `engine.readinessPath` expecting 200 every 15 s (timeout 5 s, healthy after 2, unhealthy after
 *   5), 120 s deregistration delay so running streams can finish;
 * - `<name>-https` (`listenerPort` 443, {@link AWS_TLS_POLICY}, the plan's certificate) and
 *   `<name>-http-redirect` (80 → 443, 301) with TLS, else `<name>-http` (`listenerPort` 80)
 *   forwarding to the group.
 * The security groups open exactly these ports (`awsListenerPorts` in security.ts).
 */
export function createAwsLoadBalancer(name: string, args: AwsLoadBalancerArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): AwsLoadBalancer {
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const { plan } = args;
  const lb = plan.loadBalancer;
  const tags = (role: string) => awsTags(args.tags, plan.names.physical, role);
  const alb = new LoadBalancer(
    `${name}-alb`,
    {
      loadBalancerType: "application",
      internal: !lb.public,
      subnets: args.subnetIds,
      securityGroups: [args.securityGroupId],
      dropInvalidHeaderFields: true,
      idleTimeout: AWS_ALB_IDLE_TIMEOUT_SECONDS,
      enableDeletionProtection: false,
      tags: tags("alb"),
    },
    opts,
  );
  const tg = new TargetGroup(
    `${name}-tg`,
    {
      vpcId: args.vpcId,
      port: lbTargetPort(plan),
      protocol: "HTTP",
      targetType: "instance",
      deregistrationDelay: 120,
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        port: "traffic-port",
        path: plan.engine.readinessPath,
        matcher: "200",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 5,
      },
      tags: tags("tg"),
    },
    opts,
  );
  const forward = [{ type: "forward", targetGroupArn: tg.arn }];
  if (lb.tls) {
    new Listener(
      `${name}-https`,
      { loadBalancerArn: alb.arn, port: lb.listenerPort, protocol: "HTTPS", sslPolicy: AWS_TLS_POLICY, certificateArn: lb.tls.certificateId, defaultActions: forward, tags: tags("https") },
      opts,
    );
    new Listener(
      `${name}-http-redirect`,
      {
        loadBalancerArn: alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: String(lb.listenerPort), statusCode: "HTTP_301" } }],
        tags: tags("http-redirect"),
      },
      opts,
    );
  } else {
    new Listener(`${name}-http`, { loadBalancerArn: alb.arn, port: lb.listenerPort, protocol: "HTTP", defaultActions: forward, tags: tags("http") }, opts);
  }
  return { dnsName: alb.dnsName, targetGroupArn: tg.arn, scheme: lb.tls ? "https" : "http" };
}
