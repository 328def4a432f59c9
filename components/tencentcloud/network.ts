/**
 * The target's network: a VPC (default `10.42.0.0/16`) with one /20 subnet per zone, or an
 * existing VPC and subnets passed in `network.existing`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_VPC_CIDR, splitCidr, type TargetNetworkOptions } from "../providers/thin";
import type { TencentContext } from "./provider";
import { Subnet, Vpc } from "./resources/vpc";

/** The network the other building blocks attach to. */
export interface TencentNetwork {
  vpcId: pulumi.Input<string>;
  /** One subnet per zone, in the order of `zones`. */
  subnetIds: pulumi.Input<string>[];
  zones: string[];
  /** CIDR of the VPC when known (created here or declared in `network.vpcCidr`), else null. */
  vpcCidr: string | null;
}

/**
 * Creates `${name}-vpc` and `${name}-subnet-<zone>` (subnet i = i-th /20 of the VPC CIDR), or
 * returns the existing ids. Throws when an existing network has fewer subnets than zones.
 */
export function createNetwork(ctx: TencentContext, zones: string[], options: TargetNetworkOptions): TencentNetwork {
  if (zones.length === 0) throw new Error(`tencentcloud target ${ctx.name}: at least one zone is required`);
  if (options.existing) {
    const { vpcId, subnetIds } = options.existing;
    if (subnetIds.length < zones.length) {
      throw new Error(`tencentcloud target ${ctx.name}: network.existing has ${subnetIds.length} subnets for ${zones.length} zones (one per zone, in zone order)`);
    }
    return { vpcId, subnetIds: subnetIds.slice(0, zones.length), zones, vpcCidr: options.vpcCidr ?? null };
  }
  const vpcCidr = options.vpcCidr ?? DEFAULT_VPC_CIDR;
  const cidrs = splitCidr(vpcCidr, zones.length);
  const vpc = new Vpc(`${ctx.name}-vpc`, { name: `${ctx.name}-vpc`, cidrBlock: vpcCidr, tags: ctx.tags }, { parent: ctx.parent, provider: ctx.provider });
  const subnetIds = zones.map(
    (zone, i) =>
      new Subnet(
        `${ctx.name}-subnet-${zone}`,
        { name: `${ctx.name}-${zone}`, vpcId: vpc.id, availabilityZone: zone, cidrBlock: cidrs[i], tags: ctx.tags },
        { parent: ctx.parent, provider: ctx.provider },
      ).id,
  );
  return { vpcId: vpc.id, subnetIds, zones, vpcCidr };
}
