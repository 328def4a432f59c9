/**
 * AWS price rules (`aws:*` type tokens). GPU hosts are priced on the launch template (replicas from
 * the plan), with gp3 root volumes including provisioned IOPS above 3000 and throughput above
 * 125 MiB/s; ALB = hours + LCUs; NAT gateway = hours + GB processed + internet egress; EIP = public IPv4 hours.
 */
import { free, num, priceHosts, priceLines, str, unpriced, type DiskSpec } from "./common";
import type { PriceRule } from "../types";

/** gp3 free baseline: 3000 IOPS and 125 MiB/s per volume. */
export const GP3_FREE_IOPS = 3000;
/** gp3 free baseline throughput in MiB/s. */
export const GP3_FREE_THROUGHPUT = 125;

function ebsDisks(mappings: unknown): DiskSpec[] {
  if (!Array.isArray(mappings)) return [];
  return mappings.flatMap((m, i): DiskSpec[] => {
    const ebs = (m as { ebs?: Record<string, unknown> })?.ebs;
    const size = num(ebs?.volumeSize);
    if (!ebs || size === undefined) return [];
    const cls = str(ebs.volumeType) ?? "gp3";
    const extras =
      cls === "gp3"
        ? [
            { name: `Provisioned IOPS above ${GP3_FREE_IOPS}`, key: "ebs.gp3.iops", unit: "IOPS-month" as const, quantity: Math.max(0, (num(ebs.iops) ?? GP3_FREE_IOPS) - GP3_FREE_IOPS) },
            { name: `Provisioned throughput above ${GP3_FREE_THROUGHPUT} MiB/s`, key: "ebs.gp3.throughput", unit: "MiBps-month" as const, quantity: Math.max(0, (num(ebs.throughput) ?? GP3_FREE_THROUGHPUT) - GP3_FREE_THROUGHPUT) },
          ]
        : [];
    return [{ role: i === 0 ? "system" : "data", diskClass: cls, key: `ebs.${cls}.storage`, sizeGb: size, extras }];
  });
}

const launchTemplate: PriceRule = (r, ctx, cloud) => {
  const market = (r.inputs.instanceMarketOptions as { marketType?: string } | undefined)?.marketType;
  return priceHosts(r, ctx, cloud, {
    instanceType: str(r.inputs.instanceType),
    billing: market === "spot" || ctx.target?.spot ? "spot" : "on-demand",
    perReplica: true,
    disks: ebsDisks(r.inputs.blockDeviceMappings),
  });
};

const instance: PriceRule = (r, ctx, cloud) => {
  const root = r.inputs.rootBlockDevice as Record<string, unknown> | undefined;
  return priceHosts(r, ctx, cloud, {
    instanceType: str(r.inputs.instanceType),
    billing: (r.inputs.instanceMarketOptions as { marketType?: string } | undefined)?.marketType === "spot" ? "spot" : "on-demand",
    perReplica: false,
    disks: root ? ebsDisks([{ ebs: root }]) : [],
  });
};

const loadBalancer: PriceRule = (r, ctx, cloud) => {
  const type = str(r.inputs.loadBalancerType) ?? "application";
  if (type !== "application") return { kind: "unpriced", category: "load-balancer", reason: `no catalog price for a ${type} load balancer` };
  return priceLines(r, ctx, cloud, "load-balancer", [
    { name: "Application load balancer", key: "elb.alb.hour", unit: "hour", quantity: 1 },
    { name: "Load balancer capacity units", key: "elb.alb.lcu", unit: "LCU-hour", quantity: ctx.usage.lcuPerHour, usageBased: true },
  ]);
};

const natGateway: PriceRule = (r, ctx, cloud) => {
  const gb = ctx.usage.egressGbPerMonth;
  const publicNat = (str(r.inputs.connectivityType) ?? "public") === "public";
  return priceLines(r, ctx, cloud, "network", [
    { name: "NAT gateway", key: "vpc.nat.hour", unit: "hour", quantity: 1 },
    { name: "Data processed", key: "vpc.nat.data", unit: "GB", quantity: gb, usageBased: true },
    ...(publicNat ? [{ name: "Internet data transfer out", key: "egress.internet", unit: "GB" as const, quantity: gb, usageBased: true }] : []),
  ]);
};

const eip: PriceRule = (r, ctx, cloud) => priceLines(r, ctx, cloud, "network", [{ name: "Public IPv4 address", key: "vpc.ipv4.hour", unit: "hour", quantity: 1 }]);

const ssmParameter: PriceRule = (r) =>
  (str(r.inputs.tier) ?? "Standard") === "Standard"
    ? { kind: "free", category: "other", reason: "SSM Parameter Store standard parameters have no storage charge (standard throughput)" }
    : { kind: "unpriced", category: "other", reason: `SSM ${String(r.inputs.tier)} parameters are billed per parameter-month; no catalog price` };

/** Rules of every AWS type the kit creates, by type token. */
export const AWS_RULES: Readonly<Record<string, PriceRule>> = {
  "aws:ec2/launchTemplate:LaunchTemplate": launchTemplate,
  "aws:ec2/instance:Instance": instance,
  "aws:autoscaling/group:Group": free("its instances are priced on the launch template line (replicas from the plan)", "compute"),
  "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:ec2/natGateway:NatGateway": natGateway,
  "aws:ec2/eip:Eip": eip,
  "aws:ssm/parameter:Parameter": ssmParameter,
  "aws:ec2/vpc:Vpc": free("VPCs have no charge"),
  "aws:ec2/subnet:Subnet": free("subnets have no charge"),
  "aws:ec2/routeTable:RouteTable": free("route tables have no charge"),
  "aws:ec2/route:Route": free("routes have no charge"),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": free("route table associations have no charge"),
  "aws:ec2/internetGateway:InternetGateway": free("internet gateways have no charge (traffic is priced on the NAT gateway line)"),
  "aws:ec2/securityGroup:SecurityGroup": free("security groups have no charge"),
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": free("security group rules have no charge"),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": free("security group rules have no charge"),
  "aws:iam/role:Role": free("IAM has no charge", "other"),
  "aws:iam/rolePolicy:RolePolicy": free("IAM has no charge", "other"),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": free("IAM has no charge", "other"),
  "aws:iam/instanceProfile:InstanceProfile": free("IAM has no charge", "other"),
  "aws:lb/listener:Listener": free("listeners are included in the load balancer's hours and LCUs", "load-balancer"),
  "aws:lb/targetGroup:TargetGroup": free("target groups are included in the load balancer's hours and LCUs", "load-balancer"),
  "aws:kms/key:Key": unpriced("customer-managed KMS keys are billed per key-month; no catalog price", "other"),
  // the private Qdrant host beside a vm target (components/aws/qdrant-host.ts): the instance is priced by `instance`
  "aws:ebs/volume:Volume": (r, ctx, cloud) => {
    const cls = str(r.inputs.type) ?? "gp3";
    return priceLines(r, ctx, cloud, "storage", [{ name: `Data volume (${cls}, ${num(r.inputs.size) ?? 0} GB)`, key: `ebs.${cls}.storage`, unit: "GB-month", quantity: num(r.inputs.size) ?? 0 }]);
  },
  "aws:ec2/volumeAttachment:VolumeAttachment": free("attaching a volume has no charge (the volume is priced)", "storage"),
  "aws:dlm/lifecyclePolicy:LifecyclePolicy": unpriced("DLM is free, but the EBS snapshots it keeps are billed per GB-month of changed blocks; no catalog price", "storage"),
};
