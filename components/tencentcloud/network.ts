/**
 * Tencent Cloud network building block: exactly the plan's network (`plan.network`).
 *
 * Created (`mode: "create"`):
 * - `<name>-vpc` with `network.vpcCidr`;
 * - `<name>-host-routes`: a custom route table for the host subnets, holding
 *   `<name>-default-route` (`0.0.0.0/0`, `nextType: "NAT"`, `nextHub`: the NAT gateway);
 * - `<name>-host-subnet-<i>`: one subnet per `hostSubnets[i]` (the plan's CIDR and zone), associated
 *   with the route table through `routeTableId`;
 * - `<name>-lb-subnet-0`: the plan's single load-balancer subnet (VIP of an INTERNAL CLB), on the
 *   VPC's default route table;
 * - `<name>-nat-eip` and `<name>-nat`: a classic public NAT gateway of the VPC (Tencent's NAT gateway
 *   belongs to the VPC, `egress.natSubnet` is null) translating to one EIP.
 * GPU hosts have no public address; they reach Docker registries, the driver/toolkit repositories and
 * the model hub through that route. The hosts wait for it (`egress`), so the boot script never runs
 * before the route exists.
 *
 * Existing (`mode: "existing"`): nothing is created; hosts and CLB use the plan's ids and egress is
 * the owner's routing.
 *
 * Bandwidth and charges ({@link TENCENTCLOUD_NAT}) are the API defaults made explicit: CreateNatGateway
 * (https://www.tencentcloud.com/document/api/215/34757) defaults `InternetMaxBandwidthOut` to 100 Mbps
 * and `MaxConcurrentConnection` to 1,000,000; the EIP is charged by traffic, so its bandwidth cap
 * costs nothing by itself. Classic (`natProductVersion: 1`) rather than standard NAT: the standard
 * NAT gateway is not sold to bill-by-CVM ("traditional") accounts and was in beta in a few regions only
 * (https://www.tencentcloud.com/document/product/1015/30248); the classic one is available to both
 * account types. Note: on a bill-by-CVM account the EIP's charge type and bandwidth cannot be managed
 * (same page) and the EIP may reject `internetChargeType`; such accounts should deploy into an
 * existing network.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import { ANYWHERE } from "../plan/network";
import type { SubnetPlan, TargetPlan } from "../plan/types";
import { Eip, NatGateway } from "./resources/nat";
import { RouteTable, RouteTableEntry, Subnet, Vpc } from "./resources/vpc";

/** NAT gateway and EIP settings (documented constants, see the module comment). */
export const TENCENTCLOUD_NAT = {
  /** Classic NAT gateway (`1`); `2` is the standard NAT gateway. */
  natProductVersion: 1,
  /** Mbps, the CreateNatGateway default. */
  bandwidthMbps: 100,
  /** Concurrent connections, the CreateNatGateway default (small gateway). */
  maxConcurrent: 1_000_000,
  /** EIP charged by traffic, pay-as-you-go. */
  eipChargeType: "TRAFFIC_POSTPAID_BY_HOUR",
  /** EIP bandwidth cap, Mbps (equal to the gateway's). */
  eipBandwidthMbps: 100,
  /** Route-table next-hop type of a NAT gateway (`ALL_GATE_WAY_TYPES`, `tencentcloud/services/vpc/extension_vpc.go`). */
  nextType: "NAT",
} as const;

/** Inputs of {@link createTencentcloudNetwork}. */
export interface TencentcloudNetworkArgs {
  plan: TargetPlan;
  tags: Record<string, string>;
}

/** What the network building block hands to the others. */
export interface TencentcloudNetwork {
  vpcId: pulumi.Input<string>;
  /** One subnet per `plan.network.hostSubnets[i]`, in plan (zone) order. */
  hostSubnetIds: pulumi.Input<string>[];
  /** The plan's load-balancer subnet (Tencent: exactly one). */
  lbSubnetId: pulumi.Input<string>;
  /** What hosts must wait for before booting: the default route to the NAT gateway (empty for an existing network). */
  egress: pulumi.Resource[];
}

const label = (s: SubnetPlan) => `${s.role}-${s.index}`;

/**
 * Builds the plan's network (see the module comment), children of `parent` named `<name>-<role>`,
 * cloud-side names `<physical>-<role>`, all through `provider`. Throws a target error when the plan
 * is not a Tencent layout: a created network without the VPC CIDR, a subnet without CIDR or zone,
 * not exactly one load-balancer subnet, or egress other than a NAT gateway routed from a route table.
 */
export function createTencentcloudNetwork(name: string, args: TencentcloudNetworkArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): TencentcloudNetwork {
  const { plan, tags } = args;
  const net = plan.network;
  if (net.hostSubnets.length === 0) throw targetError(plan, parent, "the plan has no host subnet");
  if (net.lbSubnets.length !== 1) {
    throw targetError(plan, parent, `a Tencent CLB takes one subnet, the plan has ${net.lbSubnets.length} load-balancer subnets`);
  }
  if (net.mode === "existing") {
    const withoutId = [...net.hostSubnets, ...net.lbSubnets].filter((s) => !s.id);
    if (!net.vpcId || withoutId.length) {
      throw targetError(plan, parent, `an existing network needs the VPC id and subnet ids (missing: ${[...(net.vpcId ? [] : ["vpc"]), ...withoutId.map(label)].join(", ")})`);
    }
    return { vpcId: net.vpcId, hostSubnetIds: net.hostSubnets.map((s) => s.id!), lbSubnetId: net.lbSubnets[0].id!, egress: [] };
  }

  if (!net.vpcCidr) throw targetError(plan, parent, "a created network needs the plan's VPC CIDR");
  const incomplete = [...net.hostSubnets, ...net.lbSubnets].filter((s) => !s.cidr || !s.zone);
  if (incomplete.length) throw targetError(plan, parent, `created subnets need a CIDR and a zone in the plan: ${incomplete.map(label).join(", ")}`);
  const egress = net.egress;
  if (egress.kind !== "nat-gateway" || egress.hostRoute !== "route-table" || egress.natSubnet !== null) {
    throw targetError(plan, parent, "a created Tencent Cloud network needs a VPC NAT gateway reached through a route table (egress nat-gateway, natSubnet null, hostRoute route-table)");
  }

  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const physical = plan.names.physical;
  const vpc = new Vpc(`${name}-vpc`, { name: `${physical}-vpc`, cidrBlock: net.vpcCidr, tags }, opts);
  const routes = new RouteTable(`${name}-host-routes`, { vpcId: vpc.id, name: `${physical}-hosts`, tags }, opts);
  const hostSubnetIds = net.hostSubnets.map(
    (s) =>
      new Subnet(
        `${name}-host-subnet-${s.index}`,
        { name: `${physical}-host-${s.index}`, vpcId: vpc.id, availabilityZone: s.zone!, cidrBlock: s.cidr!, routeTableId: routes.id, tags },
        opts,
      ).id,
  );
  const lbPlan = net.lbSubnets[0];
  const lbSubnet = new Subnet(
    `${name}-lb-subnet-${lbPlan.index}`,
    { name: `${physical}-lb-${lbPlan.index}`, vpcId: vpc.id, availabilityZone: lbPlan.zone!, cidrBlock: lbPlan.cidr!, tags },
    opts,
  );
  const eip = new Eip(
    `${name}-nat-eip`,
    { name: `${physical}-nat`, internetChargeType: TENCENTCLOUD_NAT.eipChargeType, internetMaxBandwidthOut: TENCENTCLOUD_NAT.eipBandwidthMbps, tags },
    opts,
  );
  const nat = new NatGateway(
    `${name}-nat`,
    {
      name: `${physical}-nat`,
      vpcId: vpc.id,
      assignedEipSets: [eip.publicIp],
      natProductVersion: TENCENTCLOUD_NAT.natProductVersion,
      bandwidth: TENCENTCLOUD_NAT.bandwidthMbps,
      maxConcurrent: TENCENTCLOUD_NAT.maxConcurrent,
      tags,
    },
    opts,
  );
  const route = new RouteTableEntry(
    `${name}-default-route`,
    { routeTableId: routes.id, destinationCidrBlock: ANYWHERE, nextType: TENCENTCLOUD_NAT.nextType, nextHub: nat.id, description: `egress of ${physical} hosts` },
    opts,
  );
  return { vpcId: vpc.id, hostSubnetIds, lbSubnetId: lbSubnet.id, egress: [route] };
}
