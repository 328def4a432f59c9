/**
 * Tencent Cloud price rules (`tencentcloud:*`). CVM instances (one resource per replica) and AS
 * scaling configs (replicas from the plan): POSTPAID_BY_HOUR, SPOTPAID or PREPAID, with
 * CLOUD_SSD / CLOUD_PREMIUM / CLOUD_BSSD disks; CLB = instance fee + LCUs; NAT gateway = hours;
 * EIP = traffic.
 */
import { free, num, priceHosts, priceLines, str, unpriced, type DiskSpec } from "./common";
import type { Billing } from "../lines";
import type { PriceRule } from "../types";

function billingOf(charge: string | undefined, targetSpot: boolean | undefined): Billing {
  if (charge === "PREPAID") return "subscription";
  if (charge === "SPOTPAID" || targetSpot) return "spot";
  return "on-demand";
}

function cbs(role: string, type: unknown, size: unknown, defaultType: string): DiskSpec | undefined {
  const gb = num(size);
  if (gb === undefined) return undefined;
  const cls = str(type) ?? defaultType;
  return { role, diskClass: cls, key: `disk.${cls}`, sizeGb: gb };
}

const instance: PriceRule = (r, ctx, cloud) => {
  const data = Array.isArray(r.inputs.dataDisks)
    ? r.inputs.dataDisks.map((d) => cbs("data", (d as Record<string, unknown>).dataDiskType, (d as Record<string, unknown>).dataDiskSize, "CLOUD_PREMIUM"))
    : [];
  return priceHosts(r, ctx, cloud, {
    instanceType: str(r.inputs.instanceType),
    billing: billingOf(str(r.inputs.instanceChargeType), false),
    perReplica: false,
    disks: [cbs("system", r.inputs.systemDiskType, r.inputs.systemDiskSize ?? 50, "CLOUD_PREMIUM"), ...data].filter((d): d is DiskSpec => d !== undefined),
  });
};

const scalingConfig: PriceRule = (r, ctx, cloud) => {
  const types = Array.isArray(r.inputs.instanceTypes) ? r.inputs.instanceTypes : [];
  const data = Array.isArray(r.inputs.dataDisks) ? r.inputs.dataDisks.map((d) => cbs("data", (d as Record<string, unknown>).diskType, (d as Record<string, unknown>).diskSize, "CLOUD_PREMIUM")) : [];
  return priceHosts(r, ctx, cloud, {
    instanceType: str(types[0]),
    billing: billingOf(str(r.inputs.instanceChargeType), ctx.target?.spot),
    perReplica: true,
    disks: [cbs("system", r.inputs.systemDiskType, r.inputs.systemDiskSize ?? 50, "CLOUD_PREMIUM"), ...data].filter((d): d is DiskSpec => d !== undefined),
  });
};

const clb: PriceRule = (r, ctx, cloud) =>
  priceLines(r, ctx, cloud, "load-balancer", [
    { name: `CLB instance (${str(r.inputs.networkType) ?? "OPEN"})`, key: "clb.instance.hour", unit: "hour", quantity: 1 },
    { name: "Load balancer capacity units", key: "clb.lcu", unit: "LCU-hour", quantity: ctx.usage.lcuPerHour, usageBased: true },
  ]);

const nat: PriceRule = (r, ctx, cloud) => priceLines(r, ctx, cloud, "network", [{ name: "NAT gateway", key: "nat.hour", unit: "hour", quantity: 1 }]);

const eip: PriceRule = (r, ctx, cloud) => {
  const charge = str(r.inputs.internetChargeType) ?? "TRAFFIC_POSTPAID_BY_HOUR";
  if (charge !== "TRAFFIC_POSTPAID_BY_HOUR") return { kind: "unpriced", category: "network", reason: `EIP billed ${charge}: no catalog price (only traffic billing is modelled)` };
  return priceLines(r, ctx, cloud, "network", [{ name: "Internet data transfer out", key: "eip.traffic", unit: "GB", quantity: ctx.usage.egressGbPerMonth, usageBased: true }]);
};

/**
 * TKE node pool: like a GPU scaling group, instances × the pool's minimum (its desired size when
 * fixed) with the system and data disks of its launch configuration; the autoscaler adds up to maxSize.
 */
const tkeNodePool: PriceRule = (r, ctx, cloud) => {
  const lc = (r.inputs.autoScalingConfig ?? {}) as Record<string, unknown>;
  const data = Array.isArray(lc.dataDisks) ? lc.dataDisks.map((d) => cbs("data", (d as Record<string, unknown>).diskType, (d as Record<string, unknown>).diskSize, "CLOUD_PREMIUM")) : [];
  return priceHosts(r, ctx, cloud, {
    instanceType: str(lc.instanceType),
    billing: billingOf(str(lc.instanceChargeType), false),
    perReplica: false,
    count: num(r.inputs.desiredCapacity) ?? num(r.inputs.minSize) ?? 1,
    disks: [cbs("system", lc.systemDiskType, lc.systemDiskSize ?? 50, "CLOUD_PREMIUM"), ...data].filter((d): d is DiskSpec => d !== undefined),
  });
};

/** Rules of every Tencent Cloud type the kit creates, by type token. */
export const TENCENTCLOUD_RULES: Readonly<Record<string, PriceRule>> = {
  // pgvector beside a vm target (components/tencentcloud/pgvector.ts)
  "tencentcloud:Postgresql/instance:Instance": unpriced("TencentDB for PostgreSQL is billed per spec-hour and GB-month of storage; no catalog price", "database"),
  "tencentcloud:Instance/instance:Instance": instance,
  "tencentcloud:As/scalingConfig:ScalingConfig": scalingConfig,
  "tencentcloud:As/scalingGroup:ScalingGroup": free("its instances are priced on the scaling config line (replicas from the plan)", "compute"),
  "tencentcloud:Clb/instance:Instance": clb,
  "tencentcloud:Nat/gateway:Gateway": nat,
  "tencentcloud:Eip/instance:Instance": eip,
  "tencentcloud:Eip/association:Association": free("associating an EIP has no charge (the EIP is priced)"),
  "tencentcloud:Vpc/instance:Instance": free("VPCs have no charge"),
  "tencentcloud:Subnet/instance:Instance": free("subnets have no charge"),
  "tencentcloud:Route/table:Table": free("route tables have no charge"),
  "tencentcloud:Route/tableEntry:TableEntry": free("route entries have no charge"),
  "tencentcloud:Vpc/routeTable:RouteTable": free("route tables have no charge"),
  "tencentcloud:Security/group:Group": free("security groups have no charge"),
  "tencentcloud:Security/groupRuleSet:GroupRuleSet": free("security group rules have no charge"),
  "tencentcloud:Security/groupRule:GroupRule": free("security group rules have no charge"),
  "tencentcloud:Clb/listener:Listener": free("listeners are included in the CLB fee", "load-balancer"),
  "tencentcloud:Clb/attachment:Attachment": free("backend bindings are included in the CLB fee", "load-balancer"),
  // the target's secret store (components/tencentcloud/secrets.ts)
  "tencentcloud:Ssm/secret:Secret": (r, ctx, cloud) => priceLines(r, ctx, cloud, "other", [{ name: "SSM credential storage", key: "ssm.secret", unit: "month", quantity: 1 }]),
  "tencentcloud:Ssm/secretVersion:SecretVersion": free("a secret's value; storage is billed per credential on the Ssm/secret line", "other"),
  "tencentcloud:Cam/role:Role": free("CAM roles have no charge (binding an instance role is free: https://www.tencentcloud.com/document/product/213/47668)", "other"),
  "tencentcloud:Cam/policy:Policy": free("CAM policies have no charge", "other"),
  "tencentcloud:Cam/rolePolicyAttachment:RolePolicyAttachment": free("CAM policy attachments have no charge", "other"),
  "tencentcloud:Kubernetes/cluster:Cluster": unpriced("the TKE managed control plane is billed per cluster level (L5, L20, …); no catalog price", "other"),
  "tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint": free("an intranet API endpoint has no charge of its own (unverified; the internet endpoint's CLB would be billed)", "other"),
  "tencentcloud:Kubernetes/nodePool:NodePool": tkeNodePool,
  // the private Qdrant host's data disk and snapshots (components/tencentcloud/qdrant-host.ts)
  "tencentcloud:Cbs/storage:Storage": (r, ctx, cloud) => {
    const cls = str(r.inputs.storageType) ?? "CLOUD_PREMIUM";
    const gb = num(r.inputs.storageSize) ?? 0;
    return priceLines(r, ctx, cloud, "storage", [{ name: `Data disk (${cls}, ${gb} GB)`, key: `disk.${cls}`, unit: "GB-month", quantity: gb }]);
  },
  "tencentcloud:Cbs/storageAttachment:StorageAttachment": free("attaching a disk has no charge (the disk is priced)", "storage"),
  "tencentcloud:Cbs/snapshotPolicy:SnapshotPolicy": unpriced("the policy is free, but the snapshots it keeps are billed per GB-month of snapshot size; no catalog price", "storage"),
  "tencentcloud:Cbs/snapshotPolicyAttachment:SnapshotPolicyAttachment": free("applying a snapshot policy has no charge", "storage"),
};
