/**
 * Alibaba Cloud building block of the gateway: the Tair (Redis OSS-compatible) instance the
 * gateways of a multi-host VM target share for their limit counters
 * (plan.gateway.rateLimitStore.kind `managed-redis`), in the first host vSwitch, its whitelist the
 * host vSwitches' CIDRs only. Its connection domain is returned as the value of the plan's
 * `gatewayRedis` secret, stored with the other secrets for the hosts to read at boot.
 */
import * as pulumi from "@pulumi/pulumi";
import { Instance } from "@pulumi/alicloud/kvstore/instance";
import { targetError, type TargetSecret } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { alicloudTags } from "../tags";

/** Inputs of {@link createAlicloudGatewayRedis}. */
export interface AlicloudGatewayRedisArgs {
  /** The plan: `gateway.rateLimitStore.managed` (class, engine version, client CIDRs, endpoint secret) and the names. */
  plan: TargetPlan;
  /** The hosts' first vSwitch and its zone. */
  vswitch: { id: pulumi.Input<string>; zoneId: pulumi.Input<string> };
  tags: Record<string, string>;
}

/**
 * Creates `<name>-redis` (`alicloud.kvstore.Instance`, Redis, the plan's class and engine version,
 * pay-as-you-go, `securityIps` the host vSwitches' CIDRs, `vpcAuthMode: Close` because the Higress
 * plugins connect without a password here and the whitelist is the boundary) through `provider`.
 * Returns the `gatewayRedis` secret with the connection domain as its value.
 */
export function createAlicloudGatewayRedis(name: string, args: AlicloudGatewayRedisArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): TargetSecret {
  const { plan } = args;
  const store = plan.gateway?.rateLimitStore;
  const managed = store?.kind === "managed-redis" ? store.managed : undefined;
  const secret = plan.secrets.find((s) => s.name === managed?.endpointSecret);
  if (!managed || !secret || !managed.clientCidrs?.length) throw targetError(plan, parent, "the plan has no managed Redis with client CIDRs for the gateway (gateway.rateLimitStore.managed)");
  const redis = new Instance(
    `${name}-redis`,
    {
      dbInstanceName: `${plan.names.physical}-gw`,
      instanceType: "Redis",
      instanceClass: managed.size,
      engineVersion: managed.engineVersion,
      paymentType: "PostPaid",
      vswitchId: args.vswitch.id,
      zoneId: args.vswitch.zoneId,
      securityIps: managed.clientCidrs,
      vpcAuthMode: "Close",
      tags: alicloudTags(args.tags),
    },
    { parent, provider },
  );
  return { ...secret, value: pulumi.secret(redis.connectionDomain) };
}
