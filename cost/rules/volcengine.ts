/**
 * Volcano Engine price rules (`volcengine:*`). ECS instances (one resource per replica) and
 * auto-scaling configurations (replicas from the plan): PostPaid, spot (SpotAsPriceGo) or PrePaid,
 * with ESSD_PL0 / ESSD_FlexPL volumes; CLB = spec fee; NAT gateway = spec fee; EIP = hours + traffic.
 */
import { free, num, priceHosts, priceLines, str, unpriced, type DiskSpec } from "./common";
import type { Billing } from "../lines";
import type { PriceRule } from "../types";

function billingOf(charge: string | undefined, spot: string | undefined, targetSpot: boolean | undefined): Billing {
  if (charge === "PrePaid") return "subscription";
  if ((spot !== undefined && spot !== "NoSpot") || targetSpot) return "spot";
  return "on-demand";
}

function volume(role: string, type: unknown, size: unknown): DiskSpec | undefined {
  const gb = num(size);
  if (gb === undefined) return undefined;
  const cls = str(type) ?? "ESSD_PL0";
  return { role, diskClass: cls, key: `disk.${cls}`, sizeGb: gb };
}

const instance: PriceRule = (r, ctx, cloud) => {
  const data = Array.isArray(r.inputs.dataVolumes) ? r.inputs.dataVolumes.map((d) => volume("data", (d as Record<string, unknown>).volumeType, (d as Record<string, unknown>).size)) : [];
  return priceHosts(r, ctx, cloud, {
    instanceType: str(r.inputs.instanceType),
    billing: billingOf(str(r.inputs.instanceChargeType), str(r.inputs.spotStrategy), false),
    perReplica: false,
    disks: [volume("system", r.inputs.systemVolumeType, r.inputs.systemVolumeSize), ...data].filter((d): d is DiskSpec => d !== undefined),
  });
};

const scalingConfiguration: PriceRule = (r, ctx, cloud) => {
  const types = Array.isArray(r.inputs.instanceTypes) ? r.inputs.instanceTypes : [];
  const vols = Array.isArray(r.inputs.volumes) ? r.inputs.volumes : [];
  return priceHosts(r, ctx, cloud, {
    instanceType: str(types[0]),
    billing: billingOf(undefined, str(r.inputs.spotStrategy), ctx.target?.spot),
    perReplica: true,
    disks: vols.map((v, i) => volume(i === 0 ? "system" : "data", (v as Record<string, unknown>).volumeType, (v as Record<string, unknown>).size)).filter((d): d is DiskSpec => d !== undefined),
  });
};

const clb: PriceRule = (r, ctx, cloud) => {
  const spec = str(r.inputs.loadBalancerSpec) ?? "small_1";
  return priceLines(r, ctx, cloud, "load-balancer", [{ name: `CLB (${spec})`, key: `clb.${spec}.hour`, unit: "hour", quantity: 1 }]);
};

const nat: PriceRule = (r, ctx, cloud) => {
  const spec = str(r.inputs.spec) ?? "Small";
  return priceLines(r, ctx, cloud, "network", [{ name: `NAT gateway (${spec})`, key: `nat.${spec}.hour`, unit: "hour", quantity: 1 }]);
};

const eip: PriceRule = (r, ctx, cloud) => {
  const billing = str(r.inputs.billingType) ?? "PostPaidByBandwidth";
  if (billing !== "PostPaidByTraffic") return { kind: "unpriced", category: "network", reason: `EIP billed ${billing}: no catalog price (only PostPaidByTraffic is modelled)` };
  return priceLines(r, ctx, cloud, "network", [
    { name: "EIP", key: "eip.hour", unit: "hour", quantity: 1 },
    { name: "Internet data transfer out", key: "eip.traffic", unit: "GB", quantity: ctx.usage.egressGbPerMonth, usageBased: true },
  ]);
};

/**
 * VKE node pool: like a GPU scaling group, instances × the autoscaler's minimum (= its desired size)
 * with its system and data volumes; the autoscaler adds nodes up to maxReplicas.
 */
const vkeNodePool: PriceRule = (r, ctx, cloud) => {
  const node = (r.inputs.nodeConfig ?? {}) as Record<string, unknown>;
  const scaling = (r.inputs.autoScaling ?? {}) as Record<string, unknown>;
  const sys = (node.systemVolume ?? {}) as Record<string, unknown>;
  const data = Array.isArray(node.dataVolumes) ? node.dataVolumes.map((d) => volume("data", (d as Record<string, unknown>).type, (d as Record<string, unknown>).size)) : [];
  return priceHosts(r, ctx, cloud, {
    instanceType: str((node.instanceTypeIds as unknown[] | undefined)?.[0]),
    billing: billingOf(str(node.instanceChargeType), undefined, false),
    perReplica: false,
    count: num(scaling.desiredReplicas) ?? num(scaling.minReplicas) ?? 1,
    disks: [volume("system", sys.type, sys.size), ...data].filter((d): d is DiskSpec => d !== undefined),
  });
};

/** Rules of every Volcano Engine type the kit creates, by type token. */
export const VOLCENGINE_RULES: Readonly<Record<string, PriceRule>> = {
  "volcengine:ecs/instance:Instance": instance,
  "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration": scalingConfiguration,
  "volcengine:autoscaling/scalingGroup:ScalingGroup": free("its instances are priced on the scaling configuration line (replicas from the plan)", "compute"),
  "volcengine:autoscaling/scalingConfigurationAttachment:ScalingConfigurationAttachment": free("attaching a configuration has no charge", "compute"),
  "volcengine:autoscaling/scalingGroupEnabler:ScalingGroupEnabler": free("enabling a scaling group has no charge", "compute"),
  "volcengine:clb/clb:Clb": clb,
  "volcengine:nat/gateway:Gateway": nat,
  "volcengine:eip/address:Address": eip,
  "volcengine:eip/associate:Associate": free("associating an EIP has no charge (the EIP is priced)"),
  "volcengine:nat/snatEntry:SnatEntry": free("SNAT entries have no charge (the NAT gateway and EIP are priced)"),
  "volcengine:vpc/vpc:Vpc": free("VPCs have no charge"),
  "volcengine:vpc/subnet:Subnet": free("subnets have no charge"),
  "volcengine:vpc/securityGroup:SecurityGroup": free("security groups have no charge"),
  "volcengine:vpc/securityGroupRule:SecurityGroupRule": free("security group rules have no charge"),
  "volcengine:clb/listener:Listener": free("listeners are included in the CLB fee", "load-balancer"),
  "volcengine:clb/serverGroup:ServerGroup": free("server groups are included in the CLB fee", "load-balancer"),
  "volcengine:clb/serverGroupServer:ServerGroupServer": free("backends are included in the CLB fee", "load-balancer"),
  "volcengine:clb/acl:Acl": free("CLB access control lists have no charge", "load-balancer"),
  "volcengine:vke/cluster:Cluster": unpriced("the VKE control plane fee is not in the catalog (unverified whether it is charged)", "other"),
  "volcengine:vke/kubeconfig:Kubeconfig": free("issuing a kubeconfig has no charge", "other"),
  "volcengine:vke/nodePool:NodePool": vkeNodePool,
  "volcengine:kms/secret:Secret": unpriced("KMS secrets are billed by Volcano Engine's secrets-manager pricing, which no official price page found here states (searched 2026-11); no catalog price", "other"),
  "volcengine:iam/role:Role": free("IAM roles have no charge", "other"),
  "volcengine:iam/policy:Policy": free("IAM policies have no charge", "other"),
  "volcengine:iam/rolePolicyAttachment:RolePolicyAttachment": free("IAM policy attachments have no charge", "other"),
  "volcengine:ecs/iamRoleAttachment:IamRoleAttachment": free("binding an IAM role to an instance has no charge", "other"),
};
