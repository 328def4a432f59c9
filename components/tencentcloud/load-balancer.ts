/**
 * The target's CLB: a layer-4 listener, `TCP` on 80 or `TCP_SSL` on 443 with the plan's certificate.
 *
 * Health checks, per the provider's `checkHealthCheckPara` (see `health-check.ts`):
 * - `TCP`: an HTTP check on the engine's readiness path (`healthCheckType: "HTTP"` with path, method,
 *   code and version), so a host is in service only once the model is loaded;
 * - `TCP_SSL`: a TCP check (`healthCheckType: "TCP"`, no `healthCheckHttp*` input): the provider
 *   rejects HTTP check fields on a TCP_SSL listener ("health_check_http_code can only be set with
 *   protocol HTTP/HTTPS or HTTP of TCP"). The TCP check passes once the engine accepts connections
 *   on its port; the engines bind their API port after loading the model, so it is a weaker but
 *   still meaningful readiness signal.
 *
 * Why not an `HTTPS` listener plus `tencentcloud:Clb/listenerRule:ListenerRule` (which exists in
 * v0.2.3, `sdk/nodejs/clb/listenerRule.ts`, and would carry the HTTP readiness check): a layer-7
 * rule needs a `domain` (TF `ExactlyOneOf: domain, domains`) and v1.82.42 has no default-server flag
 * on the rule, while the kit's endpoint is the CLB's address with no domain of its own; requests
 * addressed to the VIP would match no rule. It would also move backend binding to the rule
 * (`ruleId` on attachments and scaling-group bindings) and change the source-address behaviour the
 * security design relies on (`catalog/facts/load-balancers.ts`: layer-4 pass-to-target).
 *
 * `loadBalancerPassToTarget: true`: CLB traffic is checked against the CLB's security group only,
 * not the hosts' (whose group admits nothing, see `security.ts`). Trade-offs of layer 4: no
 * host/path routing, no `X-Forwarded-For` (backends see client addresses directly), no HTTP/2.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { lbTargetPort } from "../plan/gateway";
import { checkHealthCheckPara } from "./health-check";
import { ClbInstance, ClbListener, type ClbListenerArgs } from "./resources/clb";

/** Inputs of {@link createTencentcloudLoadBalancer}. */
export interface TencentcloudLoadBalancerArgs {
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /** The plan's load-balancer subnet: the VIP subnet of an INTERNAL CLB. */
  subnetId: pulumi.Input<string>;
  /** Security group of the CLB (client allow-list). */
  securityGroupId: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** The CLB and its listener. */
export interface TencentcloudLoadBalancer {
  clbId: pulumi.Output<string>;
  listenerId: pulumi.Output<string>;
  /** `https://<VIP>` with TLS, `http://<VIP>` otherwise (the domain when no VIP is reported). */
  endpoint: pulumi.Output<string>;
}

/** Health check timings: seconds and consecutive-result thresholds (timeout below the interval). */
export const HEALTH_CHECK = { intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3 } as const;

/** Protocol, port and health check of the listener for a plan (plain data; `clbId` is added later). */
export function listenerInputs(plan: TargetPlan): Omit<ClbListenerArgs, "clbId"> & { protocol: "TCP" | "TCP_SSL"; port: number } {
  const lb = plan.loadBalancer;
  const timings = {
    healthCheckSwitch: true,
    healthCheckIntervalTime: HEALTH_CHECK.intervalSeconds,
    healthCheckTimeOut: HEALTH_CHECK.timeoutSeconds,
    healthCheckHealthNum: HEALTH_CHECK.healthyThreshold,
    healthCheckUnhealthNum: HEALTH_CHECK.unhealthyThreshold,
  };
  const common = { scheduler: "LEAST_CONN", targetType: "NODE", port: lb.listenerPort } as const;
  if (lb.tls) {
    return {
      ...common,
      listenerName: `${plan.names.physical}-tcp-ssl-${lb.listenerPort}`,
      protocol: "TCP_SSL",
      certificateId: lb.tls.certificateId,
      certificateSslMode: "UNIDIRECTIONAL",
      ...timings,
      healthCheckType: "TCP",
    };
  }
  return {
    ...common,
    listenerName: `${plan.names.physical}-tcp-${lb.listenerPort}`,
    protocol: "TCP",
    ...timings,
    healthCheckType: "HTTP",
    healthCheckHttpPath: plan.engine.readinessPath,
    healthCheckHttpMethod: "GET",
    healthCheckHttpCode: 2,
    healthCheckHttpVersion: "HTTP/1.0",
    healthCheckPort: lbTargetPort(plan),
  };
}

/**
 * Creates `${name}-clb` and `${name}-listener`. Throws a target error when the listener inputs break
 * the provider's health-check rule (a guard against regressions: the same rule `pulumi up` applies).
 */
export function createTencentcloudLoadBalancer(
  name: string,
  args: TencentcloudLoadBalancerArgs,
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): TencentcloudLoadBalancer {
  const { plan, tags } = args;
  const lb = plan.loadBalancer;
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const listener = listenerInputs(plan);
  const rejected = checkHealthCheckPara(listener.protocol, "listener", listener as Parameters<typeof checkHealthCheckPara>[2]);
  if (rejected) throw targetError(plan, parent, `the ${listener.protocol} listener's health check would be rejected by the provider: ${rejected}`);
  const clb = new ClbInstance(
    `${name}-clb`,
    {
      clbName: `${plan.names.physical}-clb`,
      networkType: lb.public ? "OPEN" : "INTERNAL",
      vpcId: args.vpcId,
      subnetId: lb.public ? undefined : args.subnetId,
      securityGroups: [args.securityGroupId],
      loadBalancerPassToTarget: true,
      tags,
    },
    opts,
  );
  const created = new ClbListener(`${name}-listener`, { clbId: clb.id, ...listener }, opts);
  const scheme = lb.tls ? "https" : "http";
  const endpoint = pulumi.all([clb.clbVips, clb.domain]).apply(([vips, domain]) => `${scheme}://${vips?.[0] || domain || "pending"}`);
  return { clbId: clb.id, listenerId: created.listenerId, endpoint };
}
