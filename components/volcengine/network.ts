/**
 * The target's network, exactly as `plan.network` lays it out: a VPC with one host subnet per zone
 * (the i-th /20 of the VPC) and the one load-balancer subnet (a /24 from index 240), plus the hosts'
 * internet egress: a NAT gateway with an EIP and one SNAT entry per host subnet. Or, for
 * `mode: existing`, the given VPC and subnet ids, whose egress is the owner's.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import type { SubnetPlan } from "../plan/network";
import type { TargetPlan } from "../plan/types";
import { volcengineDescription } from "./description";
import { Address, Associate } from "./resources/eip";
import { Gateway, SnatEntry } from "./resources/nat";
import { Subnet, Vpc, volcengineTags } from "./resources/vpc";

/** Peak bandwidth of the NAT gateway's EIP, Mbit/s (pay by traffic: the cap itself costs nothing). */
export const VOLCENGINE_NAT_EIP_BANDWIDTH_MBPS = 100;
/** The NAT gateway: pay-as-you-go, smallest spec, internet-facing. */
export const VOLCENGINE_NAT_GATEWAY = { billingType: "PostPaid", spec: "Small", networkType: "internet" } as const;
/** The NAT gateway's EIP: pay by traffic over BGP. */
export const VOLCENGINE_NAT_EIP = { billingType: "PostPaidByTraffic", isp: "BGP", bandwidth: VOLCENGINE_NAT_EIP_BANDWIDTH_MBPS } as const;

/** Inputs of {@link createVolcengineNetwork}. */
export interface VolcengineNetworkArgs {
  plan: TargetPlan;
  tags: Record<string, string>;
}

/** A host subnet the host group launches into. */
export interface VolcengineHostSubnet {
  id: pulumi.Input<string>;
  zone: string;
}

/** What the network building block hands to the others. */
export interface VolcengineNetwork {
  vpcId: pulumi.Input<string>;
  /** In the order of `plan.network.hostSubnets` (one per zone). */
  hostSubnets: VolcengineHostSubnet[];
  /** The CLB's subnet. */
  lbSubnetId: pulumi.Input<string>;
  /** The NAT gateway and its EIP, when the kit creates the hosts' egress. */
  egress?: { natGatewayId: pulumi.Output<string>; eipId: pulumi.Output<string>; eipAddress: pulumi.Output<string> };
}

/**
 * Builds the network of one target. Children of `parent`, named `<name>-<role>`, through `provider`:
 * - created (`plan.network.mode: create`): `<name>-vpc` (CIDR `plan.network.vpcCidr`),
 *   `<name>-host-subnet-<i>` per host subnet and `<name>-lb-subnet-0` (the plan's single
 *   load-balancer subnet),
 *   with the planned CIDRs and zones; then `<name>-nat` (`volcengine:nat/gateway:Gateway`, in
 *   `plan.network.egress.natSubnet`), `<name>-nat-eip` (`volcengine:eip/address:Address`),
 *   `<name>-nat-eip-assoc` (`volcengine:eip/associate:Associate`, instance type `Nat`) and one
 *   `<name>-snat-<i>` (`volcengine:nat/snatEntry:SnatEntry`) per host subnet, created after the
 *   association (an SNAT entry uses an EIP already bound to its gateway). No route entry is
 *   declared: the first NAT gateway of a VPC puts the `0.0.0.0/0` route into the system route table
 *   itself, which is why `CreateNatGateway` requires that table to have no `0.0.0.0/0` entry yet
 *   (https://www.volcengine.com/docs/6404/79662). Cloud-side names are `<plan.names.physical>-<role>`.
 * - existing: the plan's VPC and subnet ids; the CLB goes in the plan's first load-balancer subnet
 *   (a CLB sits in one subnet; the planner lists the host subnets when `lbSubnetIds` is not given).
 */
export function createVolcengineNetwork(name: string, args: VolcengineNetworkArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): VolcengineNetwork {
  const { plan } = args;
  const net = plan.network;
  const fail = (message: string) => targetError(plan, parent, message);
  const zoneOf = (s: SubnetPlan): string => {
    const zone = s.zone ?? plan.placement.zones[s.index];
    if (!zone) throw fail(`host subnet ${s.index} has no zone in the plan`);
    return zone;
  };
  if (net.hostSubnets.length === 0) throw fail("the plan has no host subnet");
  if (net.lbSubnets.length === 0) throw fail("the plan has no load-balancer subnet");

  if (net.mode === "existing") {
    if (!net.vpcId) throw fail("network.existing needs a VPC id");
    const ids = [...net.hostSubnets, net.lbSubnets[0]].map((s) => {
      if (!s.id) throw fail(`the existing ${s.role} subnet ${s.index} has no id in the plan`);
      return s.id;
    });
    if (net.egress.kind !== "existing-network") throw fail(`an existing network keeps its own egress; the plan asks for ${net.egress.kind}`);
    return { vpcId: net.vpcId, hostSubnets: net.hostSubnets.map((s, i) => ({ id: ids[i], zone: zoneOf(s) })), lbSubnetId: ids[ids.length - 1] };
  }

  if (!net.vpcCidr) throw fail("the plan creates a VPC but gives no CIDR");
  if (net.lbSubnets.length !== 1) throw fail(`a Volcano Engine CLB sits in one subnet; the plan has ${net.lbSubnets.length} load-balancer subnets`);
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const tags = volcengineTags(args.tags);
  const physical = plan.names.physical;
  const vpc = new Vpc(
    `${name}-vpc`,
    { vpcName: `${physical}-vpc`, cidrBlock: net.vpcCidr, description: volcengineDescription(plan, parent, `GPU inference target ${physical}`), tags },
    opts,
  );
  const subnet = (s: SubnetPlan): Subnet => {
    if (!s.cidr || !s.zone) throw fail(`the ${s.role} subnet ${s.index} the kit creates needs a CIDR and a zone in the plan`);
    return new Subnet(`${name}-${s.role}-subnet-${s.index}`, { subnetName: `${physical}-${s.role}-${s.index}`, vpcId: vpc.id, zoneId: s.zone, cidrBlock: s.cidr, tags }, opts);
  };
  const hostSubnets = net.hostSubnets.map(subnet);
  const lbSubnet = subnet(net.lbSubnets[0]);
  const network: VolcengineNetwork = {
    vpcId: vpc.id,
    hostSubnets: hostSubnets.map((s, i) => ({ id: s.id, zone: zoneOf(net.hostSubnets[i]) })),
    lbSubnetId: lbSubnet.id,
  };

  const egress = net.egress;
  if (egress.kind !== "nat-gateway") throw fail(`a network the kit creates needs a NAT gateway for the hosts' egress; the plan says ${egress.kind}`);
  if (egress.hostRoute !== "snat-entry") throw fail(`Volcano Engine NAT gateways serve subnets through SNAT entries; the plan asks for ${egress.hostRoute}`);
  if (!egress.natSubnet) throw fail("a Volcano Engine NAT gateway sits in a subnet; the plan gives none");
  const where = egress.natSubnet;
  const created: Record<string, Subnet> = { [`lb-${net.lbSubnets[0].index}`]: lbSubnet };
  net.hostSubnets.forEach((s, i) => (created[`host-${s.index}`] = hostSubnets[i]));
  const natSubnet = created[`${where.role}-${where.index}`] ?? subnet(where);

  const nat = new Gateway(
    `${name}-nat`,
    {
      vpcId: vpc.id,
      subnetId: natSubnet.id,
      natGatewayName: `${physical}-nat`,
      ...VOLCENGINE_NAT_GATEWAY,
      description: volcengineDescription(plan, parent, `Egress of the GPU hosts of ${physical}`),
      tags,
    },
    opts,
  );
  const eip = new Address(
    `${name}-nat-eip`,
    { name: `${physical}-nat-eip`, ...VOLCENGINE_NAT_EIP, description: volcengineDescription(plan, parent, `NAT egress of ${physical}`), tags },
    opts,
  );
  const association = new Associate(`${name}-nat-eip-assoc`, { allocationId: eip.id, instanceId: nat.id, instanceType: "Nat" }, opts);
  hostSubnets.forEach(
    (s, i) =>
      new SnatEntry(
        `${name}-snat-${i}`,
        { natGatewayId: nat.id, subnetId: s.id, eipId: eip.id, snatEntryName: `${physical}-host-${net.hostSubnets[i].index}` },
        { ...opts, dependsOn: [association] },
      ),
  );
  network.egress = { natGatewayId: nat.id, eipId: eip.id, eipAddress: eip.eipAddress };
  return network;
}
