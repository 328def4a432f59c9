/**
 * The target's CLB: a layer-4 listener (`TCP`, or `TCP_SSL` with the certificate when TLS is on)
 * with an HTTP health check on the engine's readiness path.
 *
 * Why layer 4: on Tencent CLB, HTTP/HTTPS listeners take their health check and backends on a
 * forwarding rule (`tencentcloud:Clb/listenerRule:ListenerRule`), which is not among the verified
 * resources of pulumi-tencentcloud v0.2.3 we declare (Appendix A). TCP/TCP_SSL listeners carry the
 * health check themselves (`healthCheckHttpPath` is documented "of TCP listener"). Trade-off: no
 * host/path routing, no `X-Forwarded-For` (backends see client IPs directly), no HTTP/2 at the CLB.
 */
import * as pulumi from "@pulumi/pulumi";
import { childOptions, type TencentContext } from "./provider";
import { ClbInstance, ClbListener } from "./resources/clb";

/** Inputs of {@link createLoadBalancer}. */
export interface LoadBalancerOptions {
  /** Internet-facing (`OPEN`) when true, `INTERNAL` otherwise. */
  public: boolean;
  /** TLS certificate id (Tencent SSL certificate); plain TCP when absent. */
  certificateId?: string;
  vpcId: pulumi.Input<string>;
  /** Subnet of the VIP of an INTERNAL CLB. */
  subnetId: pulumi.Input<string>;
  /** Security group of the CLB (client allow-list). */
  securityGroupId: pulumi.Input<string>;
  /** Backend (engine) port. */
  enginePort: number;
  /** HTTP path that returns 200 once the model is loaded. */
  readinessPath: string;
}

/** The CLB and its listener. */
export interface TencentLoadBalancer {
  clbId: pulumi.Output<string>;
  listenerId: pulumi.Output<string>;
  /** Listener port: 443 with TLS, 80 without. */
  port: number;
  /** `https://<VIP or domain>` or `http://…`. */
  endpoint: pulumi.Output<string>;
}

/** Health check timings: seconds and consecutive-result thresholds. */
export const HEALTH_CHECK = { intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3 } as const;

/**
 * Creates `${name}-clb` and `${name}-listener`. The CLB gets the client security group and
 * `loadBalancerPassToTarget: true`, so traffic through the CLB is checked against that group only
 * (layer-4 CLBs keep the client's source IP, which the hosts' group would otherwise see).
 */
export function createLoadBalancer(ctx: TencentContext, options: LoadBalancerOptions): TencentLoadBalancer {
  const tls = options.certificateId !== undefined;
  const clb = new ClbInstance(
    `${ctx.name}-clb`,
    {
      clbName: `${ctx.name}-clb`,
      networkType: options.public ? "OPEN" : "INTERNAL",
      vpcId: options.vpcId,
      subnetId: options.public ? undefined : options.subnetId,
      securityGroups: [options.securityGroupId],
      loadBalancerPassToTarget: true,
      tags: ctx.tags,
    },
    childOptions(ctx),
  );
  const port = tls ? 443 : 80;
  const listener = new ClbListener(
    `${ctx.name}-listener`,
    {
      clbId: clb.id,
      listenerName: `${ctx.name}-${tls ? "tcp-ssl" : "tcp"}-${port}`,
      protocol: tls ? "TCP_SSL" : "TCP",
      port,
      certificateId: options.certificateId,
      certificateSslMode: tls ? "UNIDIRECTIONAL" : undefined,
      scheduler: "LEAST_CONN",
      targetType: "NODE",
      healthCheckSwitch: true,
      healthCheckType: "HTTP",
      healthCheckHttpPath: options.readinessPath,
      healthCheckHttpMethod: "GET",
      healthCheckHttpCode: 2,
      healthCheckHttpVersion: "HTTP/1.0",
      healthCheckPort: options.enginePort,
      healthCheckIntervalTime: HEALTH_CHECK.intervalSeconds,
      healthCheckTimeOut: HEALTH_CHECK.timeoutSeconds,
      healthCheckHealthNum: HEALTH_CHECK.healthyThreshold,
      healthCheckUnhealthNum: HEALTH_CHECK.unhealthyThreshold,
    },
    childOptions(ctx),
  );
  const scheme = tls ? "https" : "http";
  const endpoint = pulumi.all([clb.clbVips, clb.domain]).apply(([vips, domain]) => `${scheme}://${vips?.[0] || domain || "pending"}`);
  return { clbId: clb.id, listenerId: listener.listenerId, port, endpoint };
}
