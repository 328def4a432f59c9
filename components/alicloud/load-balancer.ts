/**
 * Alibaba Cloud load-balancer building block, from `plan.loadBalancer`: an ALB over the plan's ALB
 * vSwitches (≥ 2 zones, verified against `alb.getZones`), a server group health-checking the
 * engine's readiness endpoint, one listener (HTTPS with the certificate, or HTTP), and a whitelist
 * ACL of the plan's client CIDRs unless they admit everyone.
 */
import * as pulumi from "@pulumi/pulumi";
import { Acl } from "@pulumi/alicloud/alb/acl";
import { AclEntryAttachment } from "@pulumi/alicloud/alb/aclEntryAttachment";
import { Listener } from "@pulumi/alicloud/alb/listener";
import { ListenerAclAttachment } from "@pulumi/alicloud/alb/listenerAclAttachment";
import { LoadBalancer } from "@pulumi/alicloud/alb/loadBalancer";
import { ServerGroup } from "@pulumi/alicloud/alb/serverGroup";
import { targetError } from "../adapter";
import { ANYWHERE } from "../plan/network";
import type { TargetPlan } from "../plan/types";
import { lbTargetPort } from "../plan/gateway";
import { alicloudTags } from "../tags";
import type { AlicloudSwitchRef } from "./network";
import { verifyAlbZones } from "./zones";

/** TLS policy of the HTTPS listener: ALB's strict TLS 1.2 + 1.3 system policy. */
export const ALICLOUD_TLS_POLICY = "tls_cipher_policy_1_2_strict_with_1_3";
/** Listener idle and request timeout in seconds (long generations and slow first tokens). Default 300. */
export const ALICLOUD_ALB_TIMEOUT_SECONDS = 300;

/** Inputs of {@link createAlicloudLoadBalancer}. */
export interface AlicloudLoadBalancerArgs {
  /** The plan: `loadBalancer` (public, TLS, listener port, client CIDRs), engine port and readiness path, names. */
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /** ALB vSwitches (the plan's LB subnets), ≥ 2 zones. */
  switches: AlicloudSwitchRef[];
  tags: Record<string, string>;
}

/** The load balancer's handles. */
export interface AlicloudLoadBalancer {
  dnsName: pulumi.Output<string>;
  serverGroupId: pulumi.Output<string>;
  listener: Listener;
  scheme: "https" | "http";
}

/** Whether `clientCidrs` admits everyone and nothing narrower: then the listener needs no ACL. */
export function admitsEveryone(clientCidrs: readonly string[]): boolean {
  return clientCidrs.length === 1 && clientCidrs[0] === ANYWHERE;
}

/**
 * Creates (cloud names `<physical>-<role>`, every resource through `provider`):
 * - `<name>-alb`: Standard edition, pay-as-you-go, `Internet` when `plan.loadBalancer.public` else
 *   `Intranet`, zone mappings over the ALB vSwitches once {@link verifyAlbZones} has confirmed that
 *   ALB is offered in each of their zones;
 * - `<name>-servers`: HTTP server group (instances), health check `GET readinessPath` expecting
 *   `http_2xx` every 15 s (timeout 5 s, healthy after 2, unhealthy after 5), connection draining
 *   120 s; ESS attaches the hosts. ALB only stops routing to a failing host: the scaling group's
 *   health check is `ECS` (see `createAlicloudHostGroup`), so this check never replaces a host;
 * - `<name>-https` (`listenerPort` 443, the plan's certificate, {@link ALICLOUD_TLS_POLICY}) or
 *   `<name>-http` (80); no 80→443 redirect (an ALB redirect needs a listener rule, out of scope here);
 * - unless `clientCidrs` is exactly `["0.0.0.0/0"]`: `<name>-acl`, `<name>-acl-entries` (one entry per
 *   client CIDR) and `<name>-acl-attach` (whitelist on the listener).
 */
export function createAlicloudLoadBalancer(
  name: string,
  args: AlicloudLoadBalancerArgs,
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): AlicloudLoadBalancer {
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const { plan } = args;
  const lbPlan = plan.loadBalancer;
  const physical = plan.names.physical;
  const tags = alicloudTags(args.tags);
  if (args.switches.length < 2) {
    throw targetError(plan, parent, `an ALB needs vSwitches in two zones, the plan has ${args.switches.length}`);
  }
  if (lbPlan.clientCidrs.length === 0) {
    throw targetError(plan, parent, "the plan admits no client CIDR on the listener; set loadBalancer.allowedCidrs");
  }
  const zones = verifyAlbZones(
    plan,
    args.switches.map((s) => s.zoneId),
    parent,
    provider,
  );
  const alb = new LoadBalancer(
    `${name}-alb`,
    {
      loadBalancerName: `${physical}-alb`,
      vpcId: args.vpcId,
      addressType: lbPlan.public ? "Internet" : "Intranet",
      addressAllocatedMode: "Dynamic",
      loadBalancerEdition: "Standard",
      loadBalancerBillingConfig: { payType: "PayAsYouGo" },
      zoneMappings: pulumi.all([pulumi.all(args.switches.map((s) => s.id)), zones]).apply(([vswitchIds, zoneIds]) => vswitchIds.map((vswitchId, i) => ({ vswitchId, zoneId: zoneIds[i] }))),
      tags,
    },
    opts,
  );
  const port = lbTargetPort(plan);
  const servers = new ServerGroup(
    `${name}-servers`,
    {
      serverGroupName: `${physical}-servers`,
      serverGroupType: "Instance",
      protocol: "HTTP",
      vpcId: args.vpcId,
      scheduler: "Wrr",
      healthCheckConfig: {
        healthCheckEnabled: true,
        healthCheckProtocol: "HTTP",
        healthCheckMethod: "GET",
        healthCheckPath: plan.engine.readinessPath,
        healthCheckConnectPort: port,
        healthCheckCodes: ["http_2xx"],
        healthCheckHttpVersion: "HTTP1.1",
        healthCheckInterval: 15,
        healthCheckTimeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 5,
      },
      connectionDrainConfig: { connectionDrainEnabled: true, connectionDrainTimeout: 120 },
      tags,
    },
    opts,
  );
  const tls = lbPlan.tls;
  const listener = new Listener(
    tls ? `${name}-https` : `${name}-http`,
    {
      loadBalancerId: alb.id,
      listenerPort: lbPlan.listenerPort,
      listenerProtocol: tls ? "HTTPS" : "HTTP",
      listenerDescription: `${plan.name} engine API`,
      ...(tls ? { certificates: { certificateId: tls.certificateId }, securityPolicyId: ALICLOUD_TLS_POLICY } : {}),
      idleTimeout: ALICLOUD_ALB_TIMEOUT_SECONDS,
      requestTimeout: ALICLOUD_ALB_TIMEOUT_SECONDS,
      defaultActions: [{ type: "ForwardGroup", forwardGroupConfig: { serverGroupTuples: [{ serverGroupId: servers.id }] } }],
      tags,
    },
    opts,
  );
  if (!admitsEveryone(lbPlan.clientCidrs)) {
    const acl = new Acl(`${name}-acl`, { aclName: `${physical}-clients`, tags }, opts);
    new AclEntryAttachment(
      `${name}-acl-entries`,
      { aclId: acl.id, entries: lbPlan.clientCidrs.map((cidr) => ({ entry: cidr, description: "allowed client CIDR" })) },
      opts,
    );
    new ListenerAclAttachment(`${name}-acl-attach`, { listenerId: listener.id, aclId: acl.id, aclType: "White" }, opts);
  }
  return { dnsName: alb.dnsName, serverGroupId: servers.id, listener, scheme: tls ? "https" : "http" };
}
