/**
 * The target's network: a VPC (default `10.42.0.0/16`) with one /20 host subnet per zone and one
 * /20 subnet for the CLB, or an existing VPC and subnets passed in `network.existing`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_VPC_CIDR, splitCidr, type TargetNetworkOptions } from "../providers/thin";
import { childOptions, type VolcengineContext } from "./provider";
import { Subnet, Vpc } from "./resources/vpc";

/** The network the other building blocks attach to. */
export interface VolcengineNetwork {
  vpcId: pulumi.Input<string>;
  /** Host subnets, one per zone, in the order of `zones`. */
  subnetIds: pulumi.Input<string>[];
  zones: string[];
  /** Subnet of the CLB. */
  lbSubnetId: pulumi.Input<string>;
  /** CIDR the CLB reaches the hosts from: the CLB subnet, or the VPC CIDR for an existing network. */
  lbSourceCidr: string;
  /** CIDR of the VPC. */
  vpcCidr: string;
}

/**
 * Creates `${name}-vpc`, `${name}-subnet-<zone>` (subnet i = i-th /20) and `${name}-lb-subnet`
 * (the next /20, first zone), or returns the existing ids. An existing network needs
 * `network.vpcCidr` (the hosts' security group admits the CLB from it) and one subnet per zone;
 * the CLB goes in the first.
 */
export function createNetwork(ctx: VolcengineContext, zones: string[], options: TargetNetworkOptions): VolcengineNetwork {
  if (zones.length === 0) throw new Error(`volcengine target ${ctx.name}: at least one zone is required`);
  if (options.existing) {
    const { vpcId, subnetIds } = options.existing;
    if (!options.vpcCidr) throw new Error(`volcengine target ${ctx.name}: network.existing needs network.vpcCidr (the hosts' security group admits the load balancer from it)`);
    if (subnetIds.length < zones.length) {
      throw new Error(`volcengine target ${ctx.name}: network.existing has ${subnetIds.length} subnets for ${zones.length} zones (one per zone, in zone order)`);
    }
    return { vpcId, subnetIds: subnetIds.slice(0, zones.length), zones, lbSubnetId: subnetIds[0], lbSourceCidr: options.vpcCidr, vpcCidr: options.vpcCidr };
  }
  const vpcCidr = options.vpcCidr ?? DEFAULT_VPC_CIDR;
  const cidrs = splitCidr(vpcCidr, zones.length + 1);
  const vpc = new Vpc(`${ctx.name}-vpc`, { vpcName: `${ctx.name}-vpc`, cidrBlock: vpcCidr, tags: ctx.tags }, childOptions(ctx));
  const subnetIds = zones.map(
    (zone, i) =>
      new Subnet(`${ctx.name}-subnet-${zone}`, { subnetName: `${ctx.name}-${zone}`, vpcId: vpc.id, zoneId: zone, cidrBlock: cidrs[i], tags: ctx.tags }, childOptions(ctx)).id,
  );
  const lbCidr = cidrs[zones.length];
  const lbSubnet = new Subnet(`${ctx.name}-lb-subnet`, { subnetName: `${ctx.name}-lb`, vpcId: vpc.id, zoneId: zones[0], cidrBlock: lbCidr, tags: ctx.tags }, childOptions(ctx));
  return { vpcId: vpc.id, subnetIds, zones, lbSubnetId: lbSubnet.id, lbSourceCidr: lbCidr, vpcCidr };
}
