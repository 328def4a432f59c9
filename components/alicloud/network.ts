/**
 * Alibaba Cloud network building block: a VPC with host vSwitches per zone, load-balancer vSwitches
 * in ≥ 2 zones, and an enhanced NAT gateway with an EIP and SNAT entries for host egress; or an
 * existing VPC and vSwitches.
 */
import * as pulumi from "@pulumi/pulumi";
import { getZonesOutput as getAlbZonesOutput } from "@pulumi/alicloud/alb/getZones";
import { EipAddress } from "@pulumi/alicloud/ecs/eipAddress";
import { EipAssociation } from "@pulumi/alicloud/ecs/eipAssociation";
import { getNetworksOutput } from "@pulumi/alicloud/vpc/getNetworks";
import { getSwitchesOutput } from "@pulumi/alicloud/vpc/getSwitches";
import { NatGateway } from "@pulumi/alicloud/vpc/natGateway";
import { Network } from "@pulumi/alicloud/vpc/network";
import { SnatEntry } from "@pulumi/alicloud/vpc/snatEntry";
import { Switch } from "@pulumi/alicloud/vpc/switch";
import type { CloudTargetArgs } from "../adapter";
import { alicloudTags, DEFAULT_VPC_CIDR, planSubnets } from "../tags";

/** The target's network spec (`CloudTargetArgs["network"]`). */
export type AlicloudNetworkSpec = NonNullable<CloudTargetArgs["network"]>;

/** Bandwidth cap of the NAT gateway's EIP, in Mbit/s (pay-by-traffic: the cap costs nothing by itself). Default 200. */
export const ALICLOUD_NAT_EIP_BANDWIDTH_MBPS = 200;

/** Inputs of {@link createAlicloudNetwork}. */
export interface AlicloudNetworkArgs {
  /** Zones of the target; one host vSwitch per zone. */
  zones: string[];
  network?: AlicloudNetworkSpec;
  tags: Record<string, string>;
}

/** A vSwitch with its zone and CIDR, as the load balancer and security rules need them. */
export interface AlicloudSwitchRef {
  id: pulumi.Output<string>;
  zoneId: pulumi.Input<string>;
  cidrBlock: pulumi.Input<string>;
}

/** What the network building block hands to the others. */
export interface AlicloudNetwork {
  vpcId: pulumi.Output<string>;
  vpcCidr: pulumi.Output<string>;
  /** vSwitches the GPU hosts launch in (no public IPs; egress through the NAT gateway). */
  hostSwitches: AlicloudSwitchRef[];
  /** vSwitches of the ALB, ≥ 2 zones. */
  lbSwitches: AlicloudSwitchRef[];
}

/**
 * Builds the network of one target, children of `parent` named `<name>-<role>`.
 *
 * Created VPC (default `10.42.0.0/16`): host vSwitches (/20 of a /16) per zone; ALB vSwitches
 * (/24 of a /16) in the plan's zones, plus a second zone from `alicloud.alb.getZones` when the plan
 * has one zone (an ALB needs two); an enhanced, pay-as-you-go internet NAT gateway in the first ALB
 * vSwitch with one pay-by-traffic EIP (bandwidth cap {@link ALICLOUD_NAT_EIP_BANDWIDTH_MBPS} Mbit/s)
 * and one SNAT entry per host vSwitch. An enhanced NAT gateway adds the `0.0.0.0/0` route to the
 * VPC's system route table itself, so no route entry is declared. Cost: the NAT gateway's instance
 * and LCU fees plus EIP traffic.
 *
 * Existing network: `subnetIds` (one vSwitch per zone) serve hosts and the ALB (≥ 2 required);
 * their zones and CIDRs are looked up; egress is the owner's.
 */
export function createAlicloudNetwork(
  name: string,
  args: AlicloudNetworkArgs,
  parent: pulumi.Resource,
  provider?: pulumi.ProviderResource,
): AlicloudNetwork {
  const opts: pulumi.CustomResourceOptions = { parent, ...(provider ? { provider } : {}) };
  const invokeOpts: pulumi.InvokeOutputOptions = { parent, ...(provider ? { provider } : {}) };
  const tags = alicloudTags(args.tags);
  const existing = args.network?.existing;
  if (existing) {
    if (existing.subnetIds.length < 2) {
      throw new pulumi.ResourceError(
        `network.existing.subnetIds: an ALB needs vSwitches in at least two zones, got ${existing.subnetIds.length}`,
        parent,
      );
    }
    const vpc = getNetworksOutput({ ids: [existing.vpcId] }, invokeOpts);
    const switches = existing.subnetIds.map((id) => {
      const found = getSwitchesOutput({ ids: [id] }, invokeOpts).vswitches.apply((v) => {
        if (!v || v.length === 0) throw new Error(`vSwitch ${id} not found`);
        return v[0];
      });
      return { id: pulumi.output(id), zoneId: found.zoneId, cidrBlock: found.cidrBlock };
    });
    return {
      vpcId: pulumi.output(existing.vpcId),
      vpcCidr: vpc.vpcs.apply((v) => {
        if (!v || v.length === 0) throw new Error(`VPC ${existing.vpcId} not found`);
        return v[0].cidrBlock;
      }),
      hostSwitches: switches,
      lbSwitches: switches,
    };
  }

  const cidr = args.network?.vpcCidr ?? DEFAULT_VPC_CIDR;
  const lbCount = Math.max(2, args.zones.length);
  const layout = planSubnets(cidr, args.zones.length, lbCount);
  const lbZones: pulumi.Input<string>[] = [...args.zones];
  if (args.zones.length < 2) {
    const albZones = getAlbZonesOutput({}, invokeOpts);
    lbZones.push(
      albZones.zones.apply((zones) => {
        const other = (zones ?? []).map((z) => z.id).find((z) => !args.zones.includes(z));
        if (!other) throw new Error(`No second ALB zone besides ${args.zones[0]}`);
        return other;
      }),
    );
  }

  const vpc = new Network(`${name}-vpc`, { vpcName: `${name}-vpc`, cidrBlock: cidr, description: `GPU inference target ${name}`, tags }, opts);
  const hostSwitches = args.zones.map((zone, i) => {
    const vsw = new Switch(
      `${name}-host-${i}`,
      { vpcId: vpc.id, vswitchName: `${name}-host-${i}`, zoneId: zone, cidrBlock: layout.hosts[i], tags },
      opts,
    );
    return { id: vsw.id, zoneId: zone, cidrBlock: layout.hosts[i] };
  });
  const lbSwitches = lbZones.map((zone, i) => {
    const vsw = new Switch(`${name}-lb-${i}`, { vpcId: vpc.id, vswitchName: `${name}-lb-${i}`, zoneId: zone, cidrBlock: layout.lb[i], tags }, opts);
    return { id: vsw.id, zoneId: zone, cidrBlock: layout.lb[i] };
  });

  const nat = new NatGateway(
    `${name}-nat`,
    {
      vpcId: vpc.id,
      vswitchId: lbSwitches[0].id,
      natGatewayName: `${name}-nat`,
      natType: "Enhanced",
      networkType: "internet",
      paymentType: "PayAsYouGo",
      internetChargeType: "PayByLcu",
      description: `Egress of the GPU hosts of ${name}`,
      tags,
    },
    opts,
  );
  const eip = new EipAddress(
    `${name}-nat-eip`,
    {
      addressName: `${name}-nat-eip`,
      paymentType: "PayAsYouGo",
      internetChargeType: "PayByTraffic",
      bandwidth: String(ALICLOUD_NAT_EIP_BANDWIDTH_MBPS),
      description: `NAT egress of ${name}`,
      tags,
    },
    opts,
  );
  const association = new EipAssociation(`${name}-nat-eip-assoc`, { allocationId: eip.id, instanceId: nat.id, instanceType: "Nat" }, opts);
  hostSwitches.forEach(
    (vsw, i) =>
      new SnatEntry(
        `${name}-snat-${i}`,
        { snatTableId: nat.snatTableIds, sourceVswitchId: vsw.id, snatIp: eip.ipAddress, snatEntryName: `${name}-host-${i}` },
        { ...opts, dependsOn: [association] },
      ),
  );
  return { vpcId: vpc.id, vpcCidr: vpc.cidrBlock, hostSwitches, lbSwitches };
}
