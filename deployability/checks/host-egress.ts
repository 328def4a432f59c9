/**
 * `host-egress`: GPU hosts reach where their engine image, container toolkit and weights come from.
 * Hosts have no public address, so each host subnet needs a default route through a NAT gateway
 * that has a public EIP: a route-table entry `0.0.0.0/0 → NAT` on the table the host subnet uses
 * (AWS, Tencent Cloud) or an SNAT entry covering the host subnet (Alibaba Cloud, Volcano Engine).
 * Without it the boot script's first download fails and the hosts never serve (real-path review
 * tencent-volcengine #4). A target in an existing network relies on the owner's routing: skipped.
 */
import { NAT_FACTS } from "../../catalog/facts/load-balancers";
import type { Cloud } from "../../catalog/schema";
import { EGRESS_FACTS, SG_EGRESS_FACTS, TOKENS } from "../facts";
import { hostSecurityGroups } from "../hosts";
import { securityRules } from "../rules";
import { cidrContains, coversPort, isAnywhere, sameCidr } from "../net";
import { asStrings, handle, ofTypes, RunIndex, targetScopes } from "../scope";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note, RecordedResourceLike, TargetScope } from "../types";

const ID = "host-egress" as const;

interface HostSubnet {
  cidr: string;
  resource: RecordedResourceLike;
}

/** The recorded subnets that are the plan's host subnets (matched by CIDR). */
function hostSubnets(scope: TargetScope, findings: Finding[]): HostSubnet[] {
  const tokens = TOKENS[scope.plan.placement.cloud];
  const subnets = ofTypes(scope, tokens.subnets);
  const out: HostSubnet[] = [];
  for (const planned of scope.plan.network?.hostSubnets ?? []) {
    if (!planned.cidr) continue;
    const r = subnets.find((s) => typeof s.inputs.cidrBlock === "string" && sameCidr(s.inputs.cidrBlock, planned.cidr!));
    if (!r) {
      findings.push({
        check: ID,
        target: scope.plan.name,
        resource: `${scope.plan.names?.logical ?? scope.plan.name}-host-${planned.index}`,
        message: `the planned host subnet ${planned.cidr} (${planned.zone ?? "zone unknown"}) was not recorded, so the hosts' egress cannot be traced`,
        fix: `create the host subnets exactly from plan.network.hostSubnets (cidrBlock "${planned.cidr}")`,
      });
      continue;
    }
    out.push({ cidr: planned.cidr, resource: r });
  }
  return out;
}

function isDefaultRoute(cidr: unknown): boolean {
  return typeof cidr === "string" && cidr.trim() === "0.0.0.0/0";
}

/** NAT gateways of the scope with a public address bound, by cloud. */
function natsWithEip(cloud: Cloud, scope: TargetScope, findings: Finding[]): { nat: RecordedResourceLike; eipIds: string[] }[] {
  const tokens = TOKENS[cloud];
  const fact = EGRESS_FACTS[cloud];
  const target = scope.plan.name;
  const out: { nat: RecordedResourceLike; eipIds: string[] }[] = [];
  const nats = ofTypes(scope, tokens.natGateways);
  if (!nats.length) {
    findings.push({
      check: ID,
      target,
      resource: `${scope.plan.names?.logical ?? target}-nat`,
      message: `no NAT gateway (${tokens.natGateways.join(" | ")}) was recorded for the target: hosts without a public address cannot pull the engine image, the toolkit or the weights`,
      fix: `create a NAT gateway with an EIP for plan.network.egress (${NAT_FACTS[cloud].hostRoute === "route-table" ? "and a 0.0.0.0/0 route to it on the host subnets' route table" : "and an SNAT entry per host subnet"})`,
    });
    return out;
  }
  for (const nat of nats) {
    if (cloud === "aws" && nat.inputs.connectivityType === "private") {
      findings.push({ check: ID, target, resource: handle(nat), message: `NAT gateway ${nat.name} is private (connectivityType "private") and cannot reach the internet`, fix: `set connectivityType: "public" and an allocationId on ${nat.name}` });
      continue;
    }
    if (cloud === "alicloud" && nat.inputs.networkType === "intranet") {
      findings.push({ check: ID, target, resource: handle(nat), message: `NAT gateway ${nat.name} is a VPC (intranet) NAT and cannot reach the internet`, fix: `set networkType: "internet" on ${nat.name}` });
      continue;
    }
    let eipIds: string[] = [];
    if (fact.eipBinding === "allocation") {
      eipIds = asStrings(nat.inputs.allocationId);
    } else if (fact.eipBinding === "assigned-ips") {
      // assignedEipSets holds EIP addresses (mock outputs offline): require the list and an EIP of the target
      eipIds = Array.isArray(nat.inputs.assignedEipSets) ? nat.inputs.assignedEipSets.map((v) => String(v ?? "")) : [];
      if (!ofTypes(scope, tokens.eips).length) eipIds = [];
    } else {
      eipIds = ofTypes(scope, tokens.eipAssociations)
        .filter((a) => a.inputs.instanceId === nat.id && (!fact.natInstanceType || a.inputs.instanceType === undefined || a.inputs.instanceType === fact.natInstanceType))
        .flatMap((a) => asStrings(a.inputs.allocationId));
    }
    if (!eipIds.length) {
      const how =
        fact.eipBinding === "allocation" ? "set allocationId to an aws.ec2.Eip (domain vpc)" : fact.eipBinding === "assigned-ips" ? "list an Eip/instance's public IP in assignedEipSets" : `associate an EIP with it (instanceType "${fact.natInstanceType}")`;
      findings.push({ check: ID, target, resource: handle(nat), message: `NAT gateway ${nat.name} has no EIP bound, so it has no public address to send host traffic from`, fix: `${how} on ${nat.name}` });
      continue;
    }
    out.push({ nat, eipIds });
  }
  return out;
}

/** AWS: the NAT's own subnet routes 0.0.0.0/0 to an internet gateway. */
function awsNatSubnetIsPublic(nat: RecordedResourceLike, scope: TargetScope, routesOf: (tableId: string) => Route[], tableOf: (subnetId: string) => string | undefined): boolean {
  const subnetId = nat.inputs.subnetId;
  if (typeof subnetId !== "string") return false;
  const table = tableOf(subnetId);
  if (!table) return false;
  const igws = new Set(ofTypes(scope, TOKENS.aws.internetGateways).map((g) => g.id));
  return routesOf(table).some((r) => isDefaultRoute(r.cidr) && typeof r.gatewayId === "string" && (igws.has(r.gatewayId) || r.gatewayId.startsWith("igw-")));
}

interface Route {
  cidr: unknown;
  natGatewayId?: unknown;
  gatewayId?: unknown;
  resource: RecordedResourceLike;
}

function checkAws(scope: TargetScope, subnets: HostSubnet[], findings: Finding[]): void {
  const target = scope.plan.name;
  const nats = natsWithEip("aws", scope, findings);
  const routes = new Map<string, Route[]>();
  for (const r of ofTypes(scope, TOKENS.aws.routes)) {
    const t = String(r.inputs.routeTableId ?? "");
    routes.set(t, [...(routes.get(t) ?? []), { cidr: r.inputs.destinationCidrBlock, natGatewayId: r.inputs.natGatewayId, gatewayId: r.inputs.gatewayId, resource: r }]);
  }
  for (const rt of ofTypes(scope, TOKENS.aws.routeTables)) {
    const inline = Array.isArray(rt.inputs.routes) ? (rt.inputs.routes as Record<string, unknown>[]) : [];
    for (const r of inline) routes.set(rt.id ?? "", [...(routes.get(rt.id ?? "") ?? []), { cidr: r.cidrBlock, natGatewayId: r.natGatewayId, gatewayId: r.gatewayId, resource: rt }]);
  }
  const assoc = new Map<string, string>();
  for (const a of ofTypes(scope, TOKENS.aws.routeTableAssociations)) {
    if (typeof a.inputs.subnetId === "string" && typeof a.inputs.routeTableId === "string") assoc.set(a.inputs.subnetId, a.inputs.routeTableId);
  }
  const routesOf = (t: string) => routes.get(t) ?? [];
  const tableOf = (s: string) => assoc.get(s);
  const good = new Set<string>();
  for (const { nat } of nats) {
    if (!awsNatSubnetIsPublic(nat, scope, routesOf, tableOf)) {
      findings.push({
        check: ID,
        target,
        resource: handle(nat),
        message: `NAT gateway ${nat.name} sits in subnet ${String(nat.inputs.subnetId ?? "?")}, which has no 0.0.0.0/0 route to an internet gateway, so the NAT cannot reach the internet`,
        fix: `place ${nat.name} in plan.network.egress.natSubnet and associate that subnet with a route table whose 0.0.0.0/0 route targets the internet gateway`,
      });
      continue;
    }
    if (nat.id) good.add(nat.id);
  }
  if (!good.size) return;
  for (const s of subnets) {
    const table = s.resource.id ? tableOf(s.resource.id) : undefined;
    const ok = table !== undefined && routesOf(table).some((r) => isDefaultRoute(r.cidr) && typeof r.natGatewayId === "string" && good.has(r.natGatewayId));
    if (!ok) {
      findings.push({
        check: ID,
        target,
        resource: handle(s.resource),
        message: `host subnet ${s.resource.name} (${s.cidr}) ${table ? `uses route table ${table}, which has` : "is associated with no route table and has"} no 0.0.0.0/0 route to the NAT gateway`,
        fix: `associate ${s.resource.name} with the private route table and give that table a 0.0.0.0/0 route with natGatewayId = the NAT gateway`,
      });
    }
  }
}

function checkSnat(cloud: "alicloud" | "volcengine", scope: TargetScope, subnets: HostSubnet[], findings: Finding[]): void {
  const target = scope.plan.name;
  const nats = natsWithEip(cloud, scope, findings);
  if (!nats.length) return;
  const natIds = new Set(nats.map((n) => n.nat.id));
  const eipIds = new Set(nats.flatMap((n) => n.eipIds));
  // Volcano Engine entries name their NAT and EIP by id; Alibaba entries name the NAT's SNAT table
  // (an output) and the EIP's address, which the offline run cannot tie back, so any entry counts.
  const entries = ofTypes(scope, TOKENS[cloud].snatEntries).filter(
    (e) => cloud === "alicloud" || (natIds.has(e.inputs.natGatewayId as string) && eipIds.has(e.inputs.eipId as string)),
  );
  const subnetInput = cloud === "alicloud" ? "sourceVswitchId" : "subnetId";
  for (const s of subnets) {
    const ok = entries.some((e) => {
      if (s.resource.id && e.inputs[subnetInput] === s.resource.id) return true;
      const src = e.inputs.sourceCidr;
      return typeof src === "string" && !isAnywhere(src) ? cidrContains(src, s.cidr) : src === "0.0.0.0/0";
    });
    if (!ok) {
      findings.push({
        check: ID,
        target,
        resource: handle(s.resource),
        message: `host subnet ${s.resource.name} (${s.cidr}) is covered by no SNAT entry of the NAT gateway${cloud === "volcengine" ? " with its associated EIP" : ""}, so its hosts cannot reach the internet`,
        fix: `add an SNAT entry (${TOKENS[cloud].snatEntries[0]}) with ${subnetInput} = ${s.resource.name}${cloud === "volcengine" ? ", natGatewayId = the NAT gateway and eipId = its associated EIP" : " and snatIp = the NAT's EIP address"}`,
      });
    }
  }
}

function checkTencent(scope: TargetScope, subnets: HostSubnet[], findings: Finding[]): void {
  const target = scope.plan.name;
  const nats = natsWithEip("tencentcloud", scope, findings);
  if (!nats.length) return;
  const natIds = new Set(nats.map((n) => n.nat.id));
  const tables = new Set(ofTypes(scope, TOKENS.tencentcloud.routeTables).map((t) => t.id));
  const entries = ofTypes(scope, TOKENS.tencentcloud.routes).filter(
    (e) => isDefaultRoute(e.inputs.destinationCidrBlock) && e.inputs.nextType === "NAT" && natIds.has(e.inputs.nextHub as string) && e.inputs.disabled !== true,
  );
  for (const s of subnets) {
    const table = s.resource.inputs.routeTableId;
    const ok = entries.some((e) =>
      typeof table === "string" && table ? e.inputs.routeTableId === table : !tables.has(e.inputs.routeTableId as string) /* the VPC's default table */,
    );
    if (!ok) {
      findings.push({
        check: ID,
        target,
        resource: handle(s.resource),
        message: `host subnet ${s.resource.name} (${s.cidr}) ${typeof table === "string" && table ? `uses route table ${table}, which has` : "uses the VPC's default route table and there is"} no 0.0.0.0/0 entry with nextType NAT to the NAT gateway`,
        fix: `create a Vpc/routeTable, set routeTableId on ${s.resource.name} and add a Route/tableEntry { destinationCidrBlock: "0.0.0.0/0", nextType: "NAT", nextHub: <NAT gateway id> }`,
      });
    }
  }
}

/** Port the hosts' downloads use (registries, hubs, package mirrors: HTTPS). */
const HTTPS = 443;

/**
 * Where the cloud's security group starts with no egress (AWS; Tencent rule sets), the hosts' group
 * must accept egress to 0.0.0.0/0 on HTTPS at least.
 */
function checkHostGroupEgress(scope: TargetScope, index: RunIndex, findings: Finding[]): void {
  const cloud = scope.plan.placement.cloud;
  const fact = SG_EGRESS_FACTS[cloud];
  if (!fact.startsClosed) return;
  const lbGroupIds = cloud === "aws" ? ofTypes(scope, TOKENS.aws.loadBalancers).flatMap((lb) => asStrings(lb.inputs.securityGroups)) : [];
  const groups = hostSecurityGroups(scope, index, lbGroupIds);
  if (!groups.length) return;
  const ids = new Set(groups.map((g) => g.id));
  const ok = securityRules(cloud, scope).some(
    (r) =>
      r.direction === "egress" &&
      r.accept &&
      ids.has(r.groupId) &&
      (r.protocol === "tcp" || r.protocol === "all") &&
      r.ports.some((p) => coversPort(p, HTTPS)) &&
      r.source.kind === "cidr" &&
      r.source.value === "0.0.0.0/0",
  );
  if (!ok) {
    const g = groups[0]!;
    findings.push({
      check: ID,
      target: scope.plan.name,
      resource: handle(g),
      message: `the GPU hosts' security group ${g.name} accepts no egress to 0.0.0.0/0 on TCP ${HTTPS}, and on ${cloud} a group starts without egress (${fact.source}, ${fact.status}): the hosts cannot download the engine image or the weights`,
      fix: `add an egress rule on ${g.name}: TCP 443 (or all traffic) to 0.0.0.0/0`,
    });
  }
}

export const hostEgress: DeployabilityCheck = {
  id: ID,
  description: "GPU hosts have an internet egress path (NAT gateway with an EIP and a default route or SNAT entry on every host subnet) to pull the engine image, the toolkit and the weights.",
  remediation: "Build the network from plan.network: a NAT gateway with an EIP, and per host subnet a 0.0.0.0/0 route to it (AWS, Tencent Cloud) or an SNAT entry (Alibaba Cloud, Volcano Engine).",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    const notes: Note[] = [];
    for (const scope of targetScopes(run, index)) {
      if (!scope.component) continue;
      checkHostGroupEgress(scope, index, findings);
      const egress = scope.plan.network?.egress;
      if (!egress) {
        notes.push({ check: ID, target: scope.plan.name, message: "the plan has no network.egress; egress not checked" });
        continue;
      }
      if (egress.kind === "existing-network") {
        notes.push({ check: ID, target: scope.plan.name, message: "existing network: egress is the owner's routing and is not checked" });
        continue;
      }
      const subnets = hostSubnets(scope, findings);
      const cloud = scope.plan.placement.cloud;
      if (cloud === "aws") checkAws(scope, subnets, findings);
      else if (cloud === "tencentcloud") checkTencent(scope, subnets, findings);
      else checkSnat(cloud, scope, subnets, findings);
    }
    return { findings, notes };
  },
};
