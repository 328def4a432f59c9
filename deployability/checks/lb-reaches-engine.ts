/**
 * `lb-reaches-engine`: the hosts' security rules admit the engine port from exactly the source the
 * cloud's load balancer sends requests and health checks from (`catalog/facts/load-balancers.ts`),
 * and from nothing else; no rule on a GPU host admits 0.0.0.0/0 on any port.
 *
 * - AWS: the ALB's security group (a rule referencing it), nothing else on the engine port.
 * - Alibaba Cloud: the ALB vSwitches' CIDRs (zone mappings), nothing else.
 * - Tencent Cloud: `loadBalancerPassToTarget: true` on the CLB; then no engine-port rule is needed,
 *   and any is a hole (a layer-4 CLB keeps the client address, real-path review #11).
 * - Volcano Engine: 100.64.0.0/10, nothing else (real-path review tencent-volcengine #5).
 */
import { LOAD_BALANCER_FACTS } from "../../catalog/facts/load-balancers";
import { lbTargetPort } from "../../components/plan/gateway";
import { SG_EGRESS_FACTS, TOKENS } from "../facts";
import { hostSecurityGroups } from "../hosts";
import { cidrContains, coversPort, isAnywhere, sameCidr } from "../net";
import { ingressRules, securityRules, type IngressRule } from "../rules";
import { asStrings, handle, ofTypes, RunIndex, targetScopes } from "../scope";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note, RecordedResourceLike, TargetScope } from "../types";

const ID = "lb-reaches-engine" as const;

function describe(rule: IngressRule): string {
  const ports = rule.ports.map(([a, b]) => (a === 0 && b === 65535 ? "all ports" : a === b ? `port ${a}` : `ports ${a}-${b}`)).join(", ");
  return `${rule.protocol} ${ports} from ${rule.source.kind === "group" ? `security group ${rule.source.value}` : rule.source.value}`;
}

/** The load balancers of the scope. */
function loadBalancers(scope: TargetScope): RecordedResourceLike[] {
  return ofTypes(scope, TOKENS[scope.plan.placement.cloud].loadBalancers);
}

/** Alibaba: CIDRs of the ALB's zone-mapping vSwitches (recorded), else the plan's backend CIDRs. */
function alibabaLbCidrs(scope: TargetScope, index: RunIndex): string[] {
  const cidrs: string[] = [];
  for (const lb of loadBalancers(scope)) {
    const maps = Array.isArray(lb.inputs.zoneMappings) ? (lb.inputs.zoneMappings as Record<string, unknown>[]) : [];
    for (const m of maps) {
      const vsw = index.resolve(m.vswitchId, TOKENS.alicloud.subnets);
      if (vsw && typeof vsw.inputs.cidrBlock === "string") cidrs.push(vsw.inputs.cidrBlock);
    }
  }
  return cidrs.length ? cidrs : (scope.plan.loadBalancer?.backendAccess?.cidrs ?? []);
}

export const lbReachesEngine: DeployabilityCheck = {
  id: ID,
  description: "The hosts' security rules admit the engine port from exactly the load balancer's documented source, and nothing else; no GPU-host rule admits 0.0.0.0/0.",
  remediation: "Admit the engine port per plan.loadBalancer.backendAccess (AWS: the ALB's security group; Alibaba: the ALB vSwitch CIDRs; Tencent: loadBalancerPassToTarget and no rule; Volcano Engine: 100.64.0.0/10) and remove every other source.",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    const notes: Note[] = [];
    for (const scope of targetScopes(run, index)) {
      if (!scope.component) continue;
      const { plan } = scope;
      const cloud = plan.placement.cloud;
      const target = plan.name;
      // the gateway's port when the target has one (components/plan/gateway.ts), else the engine port
      const port = lbTargetPort(plan);
      const fact = LOAD_BALANCER_FACTS[cloud];
      const lbs = loadBalancers(scope);
      const lbGroupIds = cloud === "aws" ? lbs.flatMap((lb) => asStrings(lb.inputs.securityGroups)) : [];
      const hostGroups = hostSecurityGroups(scope, index, lbGroupIds);
      const hostIds = new Set(hostGroups.map((g) => g.id).filter((id): id is string => Boolean(id)));
      const rules = ingressRules(cloud, scope).filter((r) => r.accept && r.groupId !== undefined && hostIds.has(r.groupId));
      if (!lbs.length) {
        findings.push({
          check: ID,
          target,
          resource: `${plan.names?.logical ?? target}-lb`,
          message: `no load balancer (${TOKENS[cloud].loadBalancers.join(" | ")}) was recorded for the target, so nothing reaches the engine port ${port}`,
          fix: "create the target's load balancer from plan.loadBalancer",
        });
      }
      if (!hostGroups.length) {
        notes.push({ check: ID, target, message: "no security group of the hosts was recorded; engine-port rules not checked" });
        continue;
      }
      // 0.0.0.0/0 on any port of a GPU host
      for (const r of rules) {
        if (r.source.kind === "cidr" && isAnywhere(r.source.value)) {
          findings.push({
            check: ID,
            target,
            resource: handle(r.resource),
            message: `${r.resource.name} admits ${describe(r)} on the GPU hosts' security group ${r.groupId}: the hosts are open to the internet`,
            fix: `remove the ${r.source.value} ingress from ${r.resource.name}; only the load balancer's source may reach the hosts`,
          });
        }
      }
      // AWS: the ALB's own group has no egress unless the kit adds one to the hosts' engine port
      if (cloud === "aws" && SG_EGRESS_FACTS.aws.startsClosed) {
        const hostCidrs = (plan.network?.hostSubnets ?? []).map((s) => s.cidr).filter((c): c is string => Boolean(c));
        for (const lbGroupId of lbGroupIds) {
          const out = securityRules(cloud, scope).filter(
            (r) =>
              r.direction === "egress" &&
              r.accept &&
              r.groupId === lbGroupId &&
              (r.protocol === "tcp" || r.protocol === "all") &&
              r.ports.some((p) => coversPort(p, port)) &&
              (r.source.kind === "group" ? hostIds.has(r.source.value) : r.source.kind === "cidr" && hostCidrs.length > 0 && hostCidrs.every((c) => cidrContains(r.source.value, c))),
          );
          if (!out.length) {
            const lbGroup = index.resolve(lbGroupId, TOKENS.aws.securityGroups);
            findings.push({
              check: ID,
              target,
              resource: lbGroup ? handle(lbGroup) : lbGroupId,
              message: `the load balancer's security group ${lbGroup?.name ?? lbGroupId} has no egress rule to the hosts on TCP ${port}; the provider removes AWS's default allow-all egress, so the ALB cannot reach any target (${SG_EGRESS_FACTS.aws.source})`,
              fix: `add a vpc.SecurityGroupEgressRule on ${lbGroup?.name ?? lbGroupId}: TCP ${port} to the hosts' security group`,
            });
          }
        }
      }
      const onEngine = rules.filter((r) => (r.protocol === "tcp" || r.protocol === "all") && r.ports.some((p) => coversPort(p, port)) && !(r.source.kind === "cidr" && isAnywhere(r.source.value)));
      const source = `${fact.source} (${fact.status})`;
      if (fact.backendSource === "bypasses-host-security-group") {
        for (const lb of lbs) {
          if (lb.inputs.loadBalancerPassToTarget !== true) {
            findings.push({
              check: ID,
              target,
              resource: handle(lb),
              message: `CLB ${lb.name} does not set loadBalancerPassToTarget: true, so its traffic and health checks meet the hosts' security group, which admits nothing on port ${port}: every backend stays unhealthy (${source})`,
              fix: `set loadBalancerPassToTarget: true on ${lb.name}`,
            });
          }
        }
        for (const r of onEngine) {
          findings.push({
            check: ID,
            target,
            resource: handle(r.resource),
            message: `${r.resource.name} admits ${describe(r)} on the engine port of the GPU hosts; with pass-to-target the CLB needs no rule, so this only lets other clients bypass the CLB (${source})`,
            fix: `remove the engine-port ingress from ${r.resource.name}`,
          });
        }
        continue;
      }
      let allowed: { kind: "cidr" | "group"; values: string[] };
      if (fact.backendSource === "lb-security-group") allowed = { kind: "group", values: lbGroupIds };
      else if (fact.backendSource === "lb-subnets") allowed = { kind: "cidr", values: alibabaLbCidrs(scope, index) };
      else allowed = { kind: "cidr", values: [...fact.cidrs] };
      const matches = (r: IngressRule, v: string) => r.source.kind === allowed.kind && (allowed.kind === "group" ? r.source.value === v : sameCidr(r.source.value, v));
      const sourceName = allowed.kind === "group" ? "the load balancer's security group" : "the load balancer's source range";
      for (const v of allowed.values) {
        if (!onEngine.some((r) => matches(r, v))) {
          const group = hostGroups[0]!;
          findings.push({
            check: ID,
            target,
            resource: handle(group),
            message: `no rule of the GPU hosts' security group ${group.name} admits TCP ${port} from ${sourceName} ${v}: the load balancer's requests and health checks are dropped and no backend turns healthy (${source})`,
            fix: `add an ingress rule on ${group.name}: TCP ${port} from ${allowed.kind === "group" ? `security group ${v}` : v}`,
          });
        }
      }
      if (!allowed.values.length) {
        notes.push({ check: ID, target, message: `the load balancer's source (${fact.backendSource}) could not be resolved from the recording; only extra sources were checked` });
      }
      for (const r of onEngine) {
        if (allowed.values.some((v) => matches(r, v))) continue;
        findings.push({
          check: ID,
          target,
          resource: handle(r.resource),
          message: `${r.resource.name} admits ${describe(r)} on the GPU hosts; only ${sourceName} (${allowed.values.join(", ") || "unresolved"}) may reach engine port ${port} (${source})`,
          fix: `remove this source from ${r.resource.name}; admit TCP ${port} from ${allowed.kind === "group" ? "the load balancer's security group" : allowed.values.join(", ")} only`,
        });
      }
    }
    return { findings, notes };
  },
};
