/**
 * The target's CLB: a layer-7 listener (HTTP, or HTTPS with the plan's certificate) on
 * `plan.loadBalancer.listenerPort`, whose health check requests the engine's readiness path, in
 * front of one server group; client ranges enforced with a whitelist ACL.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import { ANYWHERE } from "../plan/network";
import type { TargetPlan } from "../plan/types";
import { volcengineDescription } from "./description";
import { Acl, Clb, Listener, ServerGroup } from "./resources/clb";
import { volcengineTags } from "./resources/vpc";

/** Inputs of {@link createVolcengineLoadBalancer}. */
export interface VolcengineLoadBalancerArgs {
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /** The CLB's subnet (the network's `lbSubnetId`). */
  subnetId: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** The CLB, its server group, listener and client ACL. */
export interface VolcengineLoadBalancer {
  clbId: pulumi.Output<string>;
  serverGroupId: pulumi.Output<string>;
  listenerId: pulumi.Output<string>;
  /** Id of the whitelist ACL; undefined when every client is admitted. */
  aclId?: pulumi.Output<string>;
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

/** Whether `clientCidrs` admits everyone, so that no ACL is needed: exactly `["0.0.0.0/0"]`. */
export function admitsEveryone(clientCidrs: readonly string[]): boolean {
  return clientCidrs.length === 1 && clientCidrs[0] === ANYWHERE;
}

/**
 * Creates `<name>-clb` (`public` with an EIP, or `private`, in `subnetId`), `<name>-servers`,
 * `<name>-clients-acl` (`volcengine:clb/acl:Acl`, one entry per `plan.loadBalancer.clientCidrs`;
 * not created when they are exactly `["0.0.0.0/0"]`) and `<name>-listener` (scheduler `wlc`, least
 * connections, which suits long-running LLM requests; `aclStatus: on`, `aclType: white`, the ACL's
 * id, when there is an ACL).
 */
export function createVolcengineLoadBalancer(name: string, args: VolcengineLoadBalancerArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): VolcengineLoadBalancer {
  const { plan } = args;
  const lb = plan.loadBalancer;
  if (lb.clientCidrs.length === 0) throw targetError(plan, parent, "the plan admits no client CIDR on the listener");
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const tags = volcengineTags(args.tags);
  const physical = plan.names.physical;
  const describe = (text: string) => volcengineDescription(plan, parent, text);
  const tls = lb.tls !== null;
  const port = lb.listenerPort;
  const clb = new Clb(
    `${name}-clb`,
    {
      loadBalancerName: `${physical}-clb`,
      type: lb.public ? "public" : "private",
      vpcId: args.vpcId,
      subnetId: args.subnetId,
      loadBalancerSpec: LOAD_BALANCER_SPEC,
      eipBillingConfig: lb.public ? { ...EIP } : undefined,
      description: describe(`load balancer of ${physical}`),
      tags,
    },
    opts,
  );
  const serverGroup = new ServerGroup(
    `${name}-servers`,
    { loadBalancerId: clb.id, serverGroupName: `${physical}-servers`, type: "instance", description: describe(`GPU hosts of ${physical}`), tags },
    opts,
  );
  const acl = admitsEveryone(lb.clientCidrs)
    ? undefined
    : new Acl(
        `${name}-clients-acl`,
        {
          aclName: `${physical}-clients`,
          description: describe(`clients admitted to the load balancer of ${physical}`),
          aclEntries: lb.clientCidrs.map((cidr) => ({ entry: cidr, description: describe("allowed client range") })),
          tags,
        },
        opts,
      );
  const listener = new Listener(
    `${name}-listener`,
    {
      loadBalancerId: clb.id,
      listenerName: `${physical}-${tls ? "https" : "http"}-${port}`,
      protocol: tls ? "HTTPS" : "HTTP",
      port,
      serverGroupId: serverGroup.id,
      certificateId: lb.tls?.certificateId,
      enabled: "on",
      scheduler: "wlc",
      proxyReadTimeout: PROXY_TIMEOUT_SECONDS,
      proxySendTimeout: PROXY_TIMEOUT_SECONDS,
      healthCheck: { enabled: "on", method: "GET", uri: plan.engine.readinessPath, httpCode: "http_2xx", ...HEALTH_CHECK },
      ...(acl ? { aclStatus: "on" as const, aclType: "white" as const, aclIds: [acl.id] } : {}),
      tags,
    },
    opts,
  );
  const scheme = tls ? "https" : "http";
  const address = lb.public ? clb.eipAddress : clb.eniAddress;
  return { clbId: clb.id, serverGroupId: serverGroup.id, listenerId: listener.listenerId, aclId: acl?.id, endpoint: pulumi.interpolate`${scheme}://${address}` };
}
