/**
 * The target's CLB: a layer-7 listener (HTTP, or HTTPS with the certificate) whose health check
 * requests the engine's readiness path, in front of one server group.
 */
import * as pulumi from "@pulumi/pulumi";
import { childOptions, type VolcengineContext } from "./provider";
import { Clb, Listener, ServerGroup } from "./resources/clb";

/** Inputs of {@link createLoadBalancer}. */
export interface LoadBalancerOptions {
  /** `public` (with an EIP) when true, `private` otherwise. */
  public: boolean;
  /** CLB certificate id; HTTP when absent. */
  certificateId?: string;
  vpcId: pulumi.Input<string>;
  subnetId: pulumi.Input<string>;
  /** HTTP path that returns 200 once the model is loaded. */
  readinessPath: string;
}

/** The CLB, its server group and listener. */
export interface VolcengineLoadBalancer {
  clbId: pulumi.Output<string>;
  serverGroupId: pulumi.Output<string>;
  listenerId: pulumi.Output<string>;
  /** 443 with TLS, 80 without. */
  port: number;
  /** `https://<EIP or private address>` or `http://…`. */
  endpoint: pulumi.Output<string>;
}

/** CLB size (API spelling; the SDK doc's `small1` is a tfgen artefact). */
export const LOAD_BALANCER_SPEC = "small_1";
/** Public EIP of a public CLB: pay by traffic, BGP, peak Mbps. */
export const EIP = { eipBillingType: "PostPaidByTraffic", isp: "BGP", bandwidth: 100 } as const;
/** Health check timings: seconds and consecutive-result thresholds. */
export const HEALTH_CHECK = { interval: 10, timeout: 5, healthyThreshold: 2, unHealthyThreshold: 3 } as const;
/** Seconds the CLB waits on the engine: long enough for long streamed generations. */
export const PROXY_TIMEOUT_SECONDS = 900;

/**
 * Creates `${name}-clb`, `${name}-servers` and `${name}-listener` (scheduler `wlc`, least
 * connections, which suits long-running LLM requests).
 */
export function createLoadBalancer(ctx: VolcengineContext, options: LoadBalancerOptions): VolcengineLoadBalancer {
  const tls = options.certificateId !== undefined;
  const clb = new Clb(
    `${ctx.name}-clb`,
    {
      loadBalancerName: `${ctx.name}-clb`,
      type: options.public ? "public" : "private",
      vpcId: options.vpcId,
      subnetId: options.subnetId,
      loadBalancerSpec: LOAD_BALANCER_SPEC,
      eipBillingConfig: options.public ? { ...EIP } : undefined,
      description: `load balancer of ${ctx.name}`,
      tags: ctx.tags,
    },
    childOptions(ctx),
  );
  const serverGroup = new ServerGroup(
    `${ctx.name}-servers`,
    { loadBalancerId: clb.id, serverGroupName: `${ctx.name}-servers`, type: "instance", description: `GPU hosts of ${ctx.name}`, tags: ctx.tags },
    childOptions(ctx),
  );
  const port = tls ? 443 : 80;
  const listener = new Listener(
    `${ctx.name}-listener`,
    {
      loadBalancerId: clb.id,
      listenerName: `${ctx.name}-${tls ? "https" : "http"}-${port}`,
      protocol: tls ? "HTTPS" : "HTTP",
      port,
      serverGroupId: serverGroup.id,
      certificateId: options.certificateId,
      enabled: "on",
      scheduler: "wlc",
      proxyReadTimeout: PROXY_TIMEOUT_SECONDS,
      proxySendTimeout: PROXY_TIMEOUT_SECONDS,
      healthCheck: { enabled: "on", method: "GET", uri: options.readinessPath, httpCode: "http_2xx", ...HEALTH_CHECK },
      tags: ctx.tags,
    },
    childOptions(ctx),
  );
  const scheme = tls ? "https" : "http";
  const address = options.public ? clb.eipAddress : clb.eniAddress;
  return { clbId: clb.id, serverGroupId: serverGroup.id, listenerId: listener.listenerId, port, endpoint: pulumi.interpolate`${scheme}://${address}` };
}
