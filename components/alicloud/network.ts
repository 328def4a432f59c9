/**
 * Alibaba Cloud network building block: exactly the plan's network (`plan.network`). Created: the
 * VPC, the host and ALB vSwitches with the plan's CIDRs and zones, an enhanced NAT gateway in the
 * plan's NAT vSwitch with an EIP and one SNAT entry per host vSwitch. Existing: the plan's VPC and
 * vSwitch ids, with the ALB vSwitches' zones and CIDRs looked up only when the plan does not know them.
 */
import * as pulumi from "@pulumi/pulumi";
import { EipAddress } from "@pulumi/alicloud/ecs/eipAddress";
import { EipAssociation } from "@pulumi/alicloud/ecs/eipAssociation";
import { getSwitchesOutput } from "@pulumi/alicloud/vpc/getSwitches";
import { NatGateway } from "@pulumi/alicloud/vpc/natGateway";
import { Network } from "@pulumi/alicloud/vpc/network";
import { SnatEntry } from "@pulumi/alicloud/vpc/snatEntry";
import { Switch } from "@pulumi/alicloud/vpc/switch";
import { targetError } from "../adapter";
import type { SubnetPlan, TargetPlan } from "../plan/types";
import { alicloudTags } from "../tags";

/** Bandwidth cap of the NAT gateway's EIP, in Mbit/s (pay-by-traffic: the cap costs nothing by itself). Default 200. */
export const ALICLOUD_NAT_EIP_BANDWIDTH_MBPS = 200;

/** Inputs of {@link createAlicloudNetwork}. */
export interface AlicloudNetworkArgs {
  plan: TargetPlan;
  tags: Record<string, string>;
}

/** A vSwitch with its zone, as the load balancer and host group need it. */
export interface AlicloudSwitchRef {
  id: pulumi.Input<string>;
  zoneId: pulumi.Input<string>;
}

/** What the network building block hands to the others. */
export interface AlicloudNetwork {
  vpcId: pulumi.Output<string>;
  /** vSwitches the GPU hosts launch in (no public IPs; egress through the NAT gateway or the owner's routing). */
  hostSwitches: AlicloudSwitchRef[];
  /** vSwitches of the ALB (its zone mappings), in plan order. */
  lbSwitches: AlicloudSwitchRef[];
  /**
   * The only sources the hosts admit on the engine port: `plan.loadBalancer.backendAccess.cidrs`, or
   * the looked-up CIDRs of the existing ALB vSwitches when the plan leaves them null.
   */
  backendCidrs: pulumi.Input<string>[];
}

/**
 * Builds the plan's network, children of `parent` named `<name>-<role>`, cloud-side names
 * `<physical>-<role>`, every resource and look-up through `provider`.
 *
 * Create mode (`plan.network.mode: "create"`):
 * - `<name>-vpc` with `network.vpcCidr`;
 * - `<name>-host-<i>` and `<name>-lb-<i>`: one vSwitch per `hostSubnets[i]` / `lbSubnets[i]`, with the
 *   plan's CIDR and zone (host /20s, ALB /24s from index 240 of the VPC);
 * - `<name>-nat`: enhanced internet NAT gateway (pay-as-you-go, `PayByLcu`, the only charge type of an
 *   enhanced NAT) in the vSwitch named by `egress.natSubnet`; Alibaba adds the VPC's 0.0.0.0/0 route
 *   to it by itself;
 * - `<name>-nat-eip` (pay-by-traffic, {@link ALICLOUD_NAT_EIP_BANDWIDTH_MBPS} Mbit/s cap) and
 *   `<name>-nat-eip-assoc` (`instanceType: "Nat"`);
 * - `<name>-snat-<i>`: one SNAT entry per host vSwitch (`egress.hostRoute: "snat-entry"`), after the
 *   association.
 *
 * Existing mode: nothing is created. Hosts use `hostSubnets[].id`, the ALB uses the dedicated
 * `lbSubnets[].id` (the planner requires `lbSubnetIds` on Alibaba Cloud, so no other workload shares
 * the vSwitches the engine port is opened to). `<name>-lb-<i>` look-ups
 * (`alicloud.vpc.getSwitches`, ids and the plan's VPC id) run only for an ALB vSwitch whose zone the
 * plan does not know, or when `backendAccess.cidrs` is null; a vSwitch not found in the VPC fails
 * with a target error.
 */
export function createAlicloudNetwork(name: string, args: AlicloudNetworkArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): AlicloudNetwork {
  const { plan } = args;
  const net = plan.network;
  const access = plan.loadBalancer.backendAccess;
  if (access.kind !== "lb-subnets") {
    throw targetError(plan, parent, `the Alibaba Cloud ALB reaches hosts from its vSwitches (backend access lb-subnets), the plan says ${access.kind}`);
  }
  if (net.mode === "existing") return existingNetwork(plan, parent, provider);

  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const tags = alicloudTags(args.tags);
  const physical = plan.names.physical;
  if (!net.vpcCidr) throw targetError(plan, parent, "a created network needs the plan's VPC CIDR");
  const missing = [...net.hostSubnets, ...net.lbSubnets].filter((s) => !s.cidr || !s.zone);
  if (missing.length) throw targetError(plan, parent, `created vSwitches need a CIDR and a zone in the plan: ${missing.map((s) => `${s.role}-${s.index}`).join(", ")}`);
  if (!access.cidrs) throw targetError(plan, parent, "a created network needs the ALB vSwitch CIDRs in plan.loadBalancer.backendAccess.cidrs");

  const vpc = new Network(`${name}-vpc`, { vpcName: `${physical}-vpc`, cidrBlock: net.vpcCidr, description: `GPU inference target ${plan.name}`, tags }, opts);
  const vswitch = (s: SubnetPlan) =>
    new Switch(`${name}-${s.role}-${s.index}`, { vpcId: vpc.id, vswitchName: `${physical}-${s.role}-${s.index}`, zoneId: s.zone!, cidrBlock: s.cidr!, tags }, opts);
  const hostSwitches = net.hostSubnets.map((s) => ({ plan: s, vsw: vswitch(s) }));
  const lbSwitches = net.lbSubnets.map((s) => ({ plan: s, vsw: vswitch(s) }));

  const egress = net.egress;
  if (egress.kind !== "nat-gateway" || !egress.natSubnet || egress.hostRoute !== "snat-entry") {
    throw targetError(plan, parent, "a created Alibaba Cloud network needs a NAT gateway in a vSwitch of the plan with SNAT entries for the hosts (egress nat-gateway, natSubnet, hostRoute snat-entry)");
  }
  const natPlan = egress.natSubnet;
  const natSwitch = [...hostSwitches, ...lbSwitches].find((s) => s.plan.role === natPlan.role && s.plan.index === natPlan.index);
  if (!natSwitch) throw targetError(plan, parent, `the NAT vSwitch ${natPlan.role}-${natPlan.index} is not one of the plan's vSwitches`);

  const nat = new NatGateway(
    `${name}-nat`,
    {
      vpcId: vpc.id,
      vswitchId: natSwitch.vsw.id,
      natGatewayName: `${physical}-nat`,
      natType: "Enhanced",
      networkType: "internet",
      paymentType: "PayAsYouGo",
      internetChargeType: "PayByLcu",
      description: `Egress of the GPU hosts of ${plan.name}`,
      tags,
    },
    opts,
  );
  const eip = new EipAddress(
    `${name}-nat-eip`,
    {
      addressName: `${physical}-nat-eip`,
      paymentType: "PayAsYouGo",
      internetChargeType: "PayByTraffic",
      bandwidth: String(ALICLOUD_NAT_EIP_BANDWIDTH_MBPS),
      description: `NAT egress of ${plan.name}`,
      tags,
    },
    opts,
  );
  const association = new EipAssociation(`${name}-nat-eip-assoc`, { allocationId: eip.id, instanceId: nat.id, instanceType: "Nat" }, opts);
  hostSwitches.forEach(
    (s, i) =>
      new SnatEntry(
        `${name}-snat-${i}`,
        { snatTableId: nat.snatTableIds, sourceVswitchId: s.vsw.id, snatIp: eip.ipAddress, snatEntryName: `${physical}-host-${i}` },
        { ...opts, dependsOn: [association] },
      ),
  );
  return {
    vpcId: vpc.id,
    hostSwitches: hostSwitches.map((s) => ({ id: s.vsw.id, zoneId: s.plan.zone! })),
    lbSwitches: lbSwitches.map((s) => ({ id: s.vsw.id, zoneId: s.plan.zone! })),
    backendCidrs: [...access.cidrs],
  };
}

function existingNetwork(plan: TargetPlan, parent: pulumi.Resource, provider: pulumi.ProviderResource): AlicloudNetwork {
  const net = plan.network;
  const vpcId = net.vpcId;
  if (!vpcId) throw targetError(plan, parent, "an existing network needs network.existing.vpcId");
  const withoutId = [...net.hostSubnets, ...net.lbSubnets].filter((s) => !s.id);
  if (withoutId.length) throw targetError(plan, parent, `existing vSwitches need ids: ${withoutId.map((s) => `${s.role}-${s.index}`).join(", ")}`);
  const hostWithoutZone = net.hostSubnets.filter((s) => !s.zone);
  if (hostWithoutZone.length) throw targetError(plan, parent, `host vSwitches need the plan's zones: ${hostWithoutZone.map((s) => s.id).join(", ")}`);
  const knownCidrs = plan.loadBalancer.backendAccess.cidrs;
  const lbSwitches = net.lbSubnets.map((s) => {
    if (s.zone && knownCidrs) return { id: s.id!, zoneId: s.zone, cidrBlock: undefined };
    const found = getSwitchesOutput({ ids: [s.id!], vpcId }, { parent, provider }).vswitches.apply((v) => {
      const hit = (v ?? []).find((x) => x.id === s.id);
      if (!hit) {
        throw targetError(plan, parent, `ALB vSwitch ${s.id} (network.existing.lbSubnetIds) was not found in VPC ${vpcId} in ${plan.placement.region}; give vSwitches of that VPC`);
      }
      return hit;
    });
    return { id: s.id!, zoneId: s.zone ?? found.zoneId, cidrBlock: found.cidrBlock };
  });
  return {
    vpcId: pulumi.output(vpcId),
    hostSwitches: net.hostSubnets.map((s) => ({ id: s.id!, zoneId: s.zone! })),
    lbSwitches: lbSwitches.map(({ id, zoneId }) => ({ id, zoneId })),
    backendCidrs: knownCidrs ? [...knownCidrs] : lbSwitches.map((s) => s.cidrBlock!),
  };
}
