/**
 * AWS load-balancer building block: an application load balancer, a target group health-checking
 * the engine's readiness endpoint, and the listeners (HTTPS with redirect, or HTTP).
 */
import * as pulumi from "@pulumi/pulumi";
import { Listener } from "@pulumi/aws/lb/listener";
import { LoadBalancer } from "@pulumi/aws/lb/loadBalancer";
import { TargetGroup } from "@pulumi/aws/lb/targetGroup";
import type { TargetPlan } from "../plan/types";
import { awsTags } from "../tags";

/** TLS policy of the HTTPS listener: TLS 1.3 and 1.2 with forward-secret ciphers only. */
export const AWS_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** Idle timeout of the ALB in seconds: long enough for token streams with slow first tokens. Default 300. */
export const AWS_ALB_IDLE_TIMEOUT_SECONDS = 300;

/** Inputs of {@link createAwsLoadBalancer}. */
export interface AwsLoadBalancerArgs {
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  /** Internet-facing when true. */
  public: boolean;
  /** ACM certificate ARN: HTTPS on 443 (and 80 redirecting to it) when set, plain HTTP on 80 otherwise. */
  certificateArn?: string;
  tags: Record<string, string>;
}

/** The load balancer's handles. */
export interface AwsLoadBalancer {
  dnsName: pulumi.Output<string>;
  targetGroupArn: pulumi.Output<string>;
  /** `https` or `http`. */
  scheme: "https" | "http";
}

/** Listener ports the load balancer opens for `tls` (443 + 80 redirect) or plain HTTP (80). */
export function awsListenerPorts(tls: boolean): number[] {
  return tls ? [443, 80] : [80];
}

/**
 * Creates:
 * - `<name>-alb`: application LB, `internal = !public`, invalid header fields dropped, idle timeout
 *   {@link AWS_ALB_IDLE_TIMEOUT_SECONDS} s, in the given subnets (≥ 2 zones) and security group;
 * - `<name>-tg`: HTTP target group on the engine port, instance targets, health check on
 *   `engine.readinessPath` expecting 200 every 15 s (timeout 5 s, healthy after 2, unhealthy after
 *   5), 120 s deregistration delay so running streams can finish;
 * - `<name>-https` (443, {@link AWS_TLS_POLICY}, the certificate) and `<name>-http-redirect`
 *   (80 → 443, 301) when a certificate is given, else `<name>-http` (80) forwarding to the group.
 */
export function createAwsLoadBalancer(name: string, args: AwsLoadBalancerArgs, parent: pulumi.Resource, provider?: pulumi.ProviderResource): AwsLoadBalancer {
  const opts: pulumi.CustomResourceOptions = { parent, ...(provider ? { provider } : {}) };
  const { plan } = args;
  const alb = new LoadBalancer(
    `${name}-alb`,
    {
      loadBalancerType: "application",
      internal: !args.public,
      subnets: args.subnetIds,
      securityGroups: [args.securityGroupId],
      dropInvalidHeaderFields: true,
      idleTimeout: AWS_ALB_IDLE_TIMEOUT_SECONDS,
      enableDeletionProtection: false,
      tags: awsTags(args.tags, name, "alb"),
    },
    opts,
  );
  const tg = new TargetGroup(
    `${name}-tg`,
    {
      vpcId: args.vpcId,
      port: plan.engine.port,
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
      tags: awsTags(args.tags, name, "tg"),
    },
    opts,
  );
  const forward = [{ type: "forward", targetGroupArn: tg.arn }];
  if (args.certificateArn) {
    new Listener(
      `${name}-https`,
      { loadBalancerArn: alb.arn, port: 443, protocol: "HTTPS", sslPolicy: AWS_TLS_POLICY, certificateArn: args.certificateArn, defaultActions: forward, tags: awsTags(args.tags, name, "https") },
      opts,
    );
    new Listener(
      `${name}-http-redirect`,
      {
        loadBalancerArn: alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        tags: awsTags(args.tags, name, "http-redirect"),
      },
      opts,
    );
  } else {
    new Listener(`${name}-http`, { loadBalancerArn: alb.arn, port: 80, protocol: "HTTP", defaultActions: forward, tags: awsTags(args.tags, name, "http") }, opts);
  }
  return { dnsName: alb.dnsName, targetGroupArn: tg.arn, scheme: args.certificateArn ? "https" : "http" };
}
