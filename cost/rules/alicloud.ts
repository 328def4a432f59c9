/**
 * Alibaba Cloud price rules (`alicloud:*`). GPU hosts are priced on the ECS launch template
 * (replicas from the plan): on-demand (PostPaid), spot (SpotAsPriceGo / SpotWithPriceLimit) or
 * subscription (PrePaid); ESSD system and data disks by performance level; ALB = instance fee by
 * edition + LCUs; enhanced NAT = instance fee + CUs; EIP = configuration fee + traffic.
 */
import { findOffering } from "../../catalog/lookup";
import { free, num, priceHosts, priceLines, str, unpriced, type DiskSpec } from "./common";
import type { PriceContext, PriceRule } from "../types";

/** Size of the ESSD PL1 system disk the third-party DescribePrice quotes include, GB. */
export const QUOTE_INCLUDED_DISK_GB = 100;

/** Whether the catalog price of `instanceType` in `region` is a DescribePrice quote that already includes the system disk. */
function quoteIncludesDisk(ctx: PriceContext, instanceType: string, region: string): boolean {
  if (ctx.priceBook?.prices.some((e) => e.cloud === "alicloud" && e.offering === instanceType && (e.region === undefined || e.region === region))) return false;
  const row = findOffering(ctx.catalog, "alicloud", instanceType)?.prices.find((p) => p.regions.includes(region));
  return row?.source === "alibaba_describeprice_3rdparty";
}

function essd(role: string, disk: Record<string, unknown> | undefined): DiskSpec | undefined {
  const size = num(disk?.size);
  if (!disk || size === undefined) return undefined;
  const category = str(disk.category) ?? "cloud_essd";
  const level = category === "cloud_essd" ? (str(disk.performanceLevel) ?? "PL1") : undefined;
  return { role, diskClass: level ? `${category} ${level}` : category, key: level ? `disk.${category}.${level}` : `disk.${category}`, sizeGb: size };
}

const launchTemplate: PriceRule = (r, ctx, cloud) => {
  const instanceType = str(r.inputs.instanceType);
  const region = r.region ?? ctx.target?.placement.region ?? "";
  const spot = str(r.inputs.spotStrategy) ?? "NoSpot";
  const prepaid = (str(r.inputs.instanceChargeType) ?? "PostPaid") === "PrePaid";
  const system = essd("system", r.inputs.systemDisk as Record<string, unknown> | undefined);
  if (system && instanceType && system.diskClass === "cloud_essd PL1" && system.sizeGb <= QUOTE_INCLUDED_DISK_GB && quoteIncludesDisk(ctx, instanceType, region)) {
    system.includedReason = `included in the instance's DescribePrice quote (which covers a ${QUOTE_INCLUDED_DISK_GB} GiB ESSD PL1 system disk)`;
  }
  const data = Array.isArray(r.inputs.dataDisks) ? r.inputs.dataDisks.map((d) => essd("data", d as Record<string, unknown>)) : [];
  return priceHosts(r, ctx, cloud, {
    instanceType,
    billing: prepaid ? "subscription" : spot !== "NoSpot" || ctx.target?.spot ? "spot" : "on-demand",
    perReplica: true,
    disks: [system, ...data].filter((d): d is DiskSpec => d !== undefined),
  });
};

const alb: PriceRule = (r, ctx, cloud) => {
  const edition = (str(r.inputs.loadBalancerEdition) ?? "Standard").toLowerCase();
  const key = edition === "basic" ? "alb.basic.hour" : edition === "standard" ? "alb.standard.hour" : `alb.${edition}.hour`;
  return priceLines(r, ctx, cloud, "load-balancer", [
    { name: `ALB instance (${edition})`, key, unit: "hour", quantity: 1 },
    { name: "Load balancer capacity units", key: "alb.lcu", unit: "LCU-hour", quantity: ctx.usage.lcuPerHour, usageBased: true },
  ]);
};

const nat: PriceRule = (r, ctx, cloud) => {
  if ((str(r.inputs.natType) ?? "Enhanced") !== "Enhanced") return { kind: "unpriced", category: "network", reason: "only enhanced NAT gateways are priced" };
  return priceLines(r, ctx, cloud, "network", [
    { name: "NAT gateway instance", key: "nat.enhanced.hour", unit: "hour", quantity: 1 },
    { name: "NAT capacity units", key: "nat.cu", unit: "CU-hour", quantity: ctx.usage.natCuPerHour, usageBased: true },
  ]);
};

const eip: PriceRule = (r, ctx, cloud) => {
  const charge = str(r.inputs.internetChargeType) ?? "PayByBandwidth";
  if (charge !== "PayByTraffic") return { kind: "unpriced", category: "network", reason: `EIP billed ${charge}: no catalog price (only PayByTraffic is modelled)` };
  return priceLines(r, ctx, cloud, "network", [
    { name: "EIP configuration fee", key: "eip.config.hour", unit: "hour", quantity: 1 },
    { name: "Internet data transfer out", key: "eip.traffic", unit: "GB", quantity: ctx.usage.egressGbPerMonth, usageBased: true },
  ]);
};

/** Rules of every Alibaba Cloud type the kit creates, by type token. */
export const ALICLOUD_RULES: Readonly<Record<string, PriceRule>> = {
  "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate": launchTemplate,
  "alicloud:ess/scalingGroup:ScalingGroup": free("its instances are priced on the launch template line (replicas from the plan)", "compute"),
  "alicloud:alb/loadBalancer:LoadBalancer": alb,
  "alicloud:vpc/natGateway:NatGateway": nat,
  "alicloud:ecs/eipAddress:EipAddress": eip,
  "alicloud:vpc/network:Network": free("VPCs have no charge"),
  "alicloud:vpc/switch:Switch": free("vSwitches have no charge"),
  "alicloud:vpc/snatEntry:SnatEntry": free("SNAT entries have no charge (the NAT gateway and EIP are priced)"),
  "alicloud:ecs/eipAssociation:EipAssociation": free("associating an EIP has no charge (the EIP is priced)"),
  "alicloud:ecs/securityGroup:SecurityGroup": free("security groups have no charge"),
  "alicloud:ecs/securityGroupRule:SecurityGroupRule": free("security group rules have no charge"),
  "alicloud:alb/acl:Acl": free("ALB access control lists have no charge", "load-balancer"),
  "alicloud:alb/aclEntryAttachment:AclEntryAttachment": free("ALB access control lists have no charge", "load-balancer"),
  "alicloud:alb/listener:Listener": free("listeners are included in the ALB instance fee and LCUs", "load-balancer"),
  "alicloud:alb/listenerAclAttachment:ListenerAclAttachment": free("ALB access control lists have no charge", "load-balancer"),
  "alicloud:alb/serverGroup:ServerGroup": free("server groups are included in the ALB instance fee and LCUs", "load-balancer"),
  "alicloud:ram/role:Role": free("RAM has no charge", "other"),
  "alicloud:ram/policy:Policy": free("RAM has no charge", "other"),
  "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment": free("RAM has no charge", "other"),
  "alicloud:oos/secretParameter:SecretParameter": free("OOS parameters have no storage charge (the KMS key is its own line)", "other"),
  "alicloud:kms/key:Key": unpriced("KMS keys are billed by key / KMS instance; no catalog price", "other"),
  // the vector database beside a vm target: Qdrant host (components/alicloud/qdrant-host.ts), RDS PostgreSQL (pgvector.ts)
  "alicloud:ecs/instance:Instance": (r, ctx, cloud) =>
    priceHosts(r, ctx, cloud, {
      instanceType: str(r.inputs.instanceType),
      billing: str(r.inputs.spotStrategy) && r.inputs.spotStrategy !== "NoSpot" ? "spot" : "on-demand",
      perReplica: false,
      disks: [{ role: "system", diskClass: str(r.inputs.systemDiskCategory) ?? "cloud_essd", key: `disk.${str(r.inputs.systemDiskCategory) ?? "cloud_essd"}.PL1`, sizeGb: num(r.inputs.systemDiskSize) ?? 40 }],
    }),
  "alicloud:ecs/disk:Disk": (r, ctx, cloud) => {
    const cls = str(r.inputs.category) ?? "cloud_essd";
    const pl = str(r.inputs.performanceLevel) ?? "PL1";
    return priceLines(r, ctx, cloud, "storage", [{ name: `Data disk (${cls} ${pl}, ${num(r.inputs.size) ?? 0} GB)`, key: `disk.${cls}.${pl}`, unit: "GB-month", quantity: num(r.inputs.size) ?? 0 }]);
  },
  "alicloud:ecs/diskAttachment:DiskAttachment": free("attaching a disk has no charge (the disk is priced)", "storage"),
  "alicloud:ecs/autoSnapshotPolicy:AutoSnapshotPolicy": unpriced("the policy is free, but the snapshots it keeps are billed per GB-month; no catalog price", "storage"),
  "alicloud:ecs/ecsAutoSnapshotPolicyAttachment:EcsAutoSnapshotPolicyAttachment": free("applying a snapshot policy has no charge", "storage"),
  "alicloud:rds/instance:Instance": unpriced("RDS PostgreSQL is billed per instance class-hour and GB-month of ESSD; no catalog price", "database"),
  "alicloud:rds/backupPolicy:BackupPolicy": unpriced("RDS backups beyond the free backup quota are billed per GB-month; no catalog price", "database"),
  "alicloud:rds/account:Account": free("database accounts have no charge", "database"),
  "alicloud:rds/database:Database": free("databases inside an instance have no charge", "database"),
};
