/**
 * Alibaba Cloud load-balancer building block: an ALB over ≥ 2 zones, a server group health-checking
 * the engine's readiness endpoint, one listener (HTTPS with the certificate, or HTTP), and a
 * whitelist ACL when client CIDRs are restricted.
 */
import * as pulumi from "@pulumi/pulumi";
import { Acl } from "@pulumi/alicloud/alb/acl";
import { AclEntryAttachment } from "@pulumi/alicloud/alb/aclEntryAttachment";
import { Listener } from "@pulumi/alicloud/alb/listener";
import { ListenerAclAttachment } from "@pulumi/alicloud/alb/listenerAclAttachment";
import { LoadBalancer } from "@pulumi/alicloud/alb/loadBalancer";
import { ServerGroup } from "@pulumi/alicloud/alb/serverGroup";
import type { TargetPlan } from "../plan/types";
import { alicloudTags } from "../tags";
import type { AlicloudSwitchRef } from "./network";

/** TLS policy of the HTTPS listener: ALB's strict TLS 1.2 + 1.3 system policy. */
export const ALICLOUD_TLS_POLICY = "tls_cipher_policy_1_2_strict_with_1_3";
/** Listener idle and request timeout in seconds (long generations and slow first tokens). Default 300. */
export const ALICLOUD_ALB_TIMEOUT_SECONDS = 300;

/** Inputs of {@link createAlicloudLoadBalancer}. */
export interface AlicloudLoadBalancerArgs {
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /** ALB vSwitches, ≥ 2 zones. */
  switches: AlicloudSwitchRef[];
  /** Internet-facing (`Internet`) when true, `Intranet` otherwise. */
  public: boolean;
  /** Certificate id (`<id>-<region>` as ALB expects): HTTPS 443 when set, HTTP 80 otherwise. */
  certificateId?: string;
  /** Client CIDRs on a whitelist ACL; `undefined` leaves the listener open (public default 0.0.0.0/0). */
  allowedCidrs?: pulumi.Input<string>[];
  tags: Record<string, string>;
}

/** The load balancer's handles. */
export interface AlicloudLoadBalancer {
  dnsName: pulumi.Output<string>;
  serverGroupId: pulumi.Output<string>;
  listener: Listener;
  scheme: "https" | "http";
}

/**
 * Creates:
 * - `<name>-alb`: Standard edition, pay-as-you-go, `Internet`/`Intranet`, zone mappings over the
 *   ALB vSwitches;
 * - `<name>-servers`: HTTP server group (instances), health check `GET readinessPath` expecting
 *   `http_2xx` every 15 s (timeout 5 s, healthy after 2, unhealthy after 5), connection draining
 *   120 s; ESS attaches the hosts;
 * - `<name>-https` (443, certificate, {@link ALICLOUD_TLS_POLICY}) or `<name>-http` (80); no 80→443
 *   redirect (an ALB redirect needs a listener rule, out of scope here);
 * - when `allowedCidrs` is given: `<name>-acl`, `<name>-acl-entries` and `<name>-acl-attach`
 *   (whitelist on the listener).
 */
export function createAlicloudLoadBalancer(
  name: string,
  args: AlicloudLoadBalancerArgs,
  parent: pulumi.Resource,
  provider?: pulumi.ProviderResource,
): AlicloudLoadBalancer {
  const opts: pulumi.CustomResourceOptions = { parent, ...(provider ? { provider } : {}) };
  const { plan } = args;
  const tags = alicloudTags(args.tags);
  if (args.switches.length < 2) {
    throw new pulumi.ResourceError(`An ALB needs vSwitches in two zones, got ${args.switches.length}`, parent);
  }
  const alb = new LoadBalancer(
    `${name}-alb`,
    {
      loadBalancerName: `${name}-alb`,
      vpcId: args.vpcId,
      addressType: args.public ? "Internet" : "Intranet",
      addressAllocatedMode: "Dynamic",
      loadBalancerEdition: "Standard",
      loadBalancerBillingConfig: { payType: "PayAsYouGo" },
      zoneMappings: args.switches.map((s) => ({ vswitchId: s.id, zoneId: s.zoneId })),
      tags,
    },
    opts,
  );
  const port = plan.engine.port;
  const servers = new ServerGroup(
    `${name}-servers`,
    {
      serverGroupName: `${name}-servers`,
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
  const tls = Boolean(args.certificateId);
  const listener = new Listener(
    tls ? `${name}-https` : `${name}-http`,
    {
      loadBalancerId: alb.id,
      listenerPort: tls ? 443 : 80,
      listenerProtocol: tls ? "HTTPS" : "HTTP",
      listenerDescription: `${name} engine API`,
      ...(tls ? { certificates: { certificateId: args.certificateId }, securityPolicyId: ALICLOUD_TLS_POLICY } : {}),
      idleTimeout: ALICLOUD_ALB_TIMEOUT_SECONDS,
      requestTimeout: ALICLOUD_ALB_TIMEOUT_SECONDS,
      defaultActions: [{ type: "ForwardGroup", forwardGroupConfig: { serverGroupTuples: [{ serverGroupId: servers.id }] } }],
      tags,
    },
    opts,
  );
  if (args.allowedCidrs && args.allowedCidrs.length > 0) {
    const acl = new Acl(`${name}-acl`, { aclName: `${name}-clients`, tags }, opts);
    new AclEntryAttachment(
      `${name}-acl-entries`,
      { aclId: acl.id, entries: args.allowedCidrs.map((cidr) => ({ entry: cidr, description: "allowed client CIDR" })) },
      opts,
    );
    new ListenerAclAttachment(`${name}-acl-attach`, { listenerId: listener.id, aclId: acl.id, aclType: "White" }, opts);
  }
  return { dnsName: alb.dnsName, serverGroupId: servers.id, listener, scheme: tls ? "https" : "http" };
}
