/**
 * Security-group rules of the four clouds, normalized: which group, direction, protocol, ports,
 * peer (CIDR or group) and whether the rule accepts. Read from the providers' real input names:
 * AWS `vpc.SecurityGroupIngressRule`/`EgressRule` (`cidrIpv4`, `referencedSecurityGroupId`),
 * `ec2.SecurityGroupRule` (`type`, `cidrBlocks`, `sourceSecurityGroupId`) and inline
 * `ec2.SecurityGroup` `ingress`/`egress`; Alibaba `ecs.SecurityGroupRule` (`type`, `portRange`,
 * `cidrIp`, `sourceSecurityGroupId`, `policy`); Tencent `Security/groupRuleSet` (`ingresses`/`egresses`
 * with `action`, `port`, `cidrBlock`, `sourceSecurityId`); Volcano Engine `vpc/securityGroupRule`
 * (`direction`, `portStart`/`portEnd`, `cidrIp`, `sourceGroupId`, `policy`). Pure.
 */
import type { Cloud } from "../catalog/schema";
import { TOKENS } from "./facts";
import { ALL_PORTS, parsePorts, type PortRange } from "./net";
import { asNumber, asStrings, ofTypes } from "./scope";
import type { RecordedResourceLike, TargetScope } from "./types";

/** One rule, normalized across clouds. `source` is the peer: the source of ingress, the destination of egress. */
export interface IngressRule {
  resource: RecordedResourceLike;
  /** Security group the rule belongs to. */
  groupId: string | undefined;
  direction: "ingress" | "egress";
  /** Lower-case protocol; `all` for every protocol. */
  protocol: string;
  ports: PortRange[];
  source: { kind: "cidr" | "group" | "other"; value: string };
  accept: boolean;
}

/** Extra token the egress side of AWS uses. */
const AWS_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

function proto(value: unknown): string {
  const p = String(value ?? "all").toLowerCase();
  return p === "-1" ? "all" : p;
}

function awsPorts(protocol: string, from: unknown, to: unknown): PortRange[] {
  if (protocol === "all") return [ALL_PORTS];
  const f = asNumber(from);
  const t = asNumber(to);
  if (f === undefined || f < 0) return [ALL_PORTS];
  return [[f, t ?? f]];
}

type Peer = [kind: IngressRule["source"]["kind"], value: unknown];

function peers(entries: Peer[]): IngressRule["source"][] {
  return entries.flatMap(([kind, v]) => asStrings(v).map((value) => ({ kind, value })));
}

/** Every security-group rule of the scope on `cloud`, both directions, normalized. */
export function securityRules(cloud: Cloud, scope: TargetScope): IngressRule[] {
  const out: IngressRule[] = [];
  const push = (resource: RecordedResourceLike, groupId: unknown, direction: IngressRule["direction"], protocol: string, ports: PortRange[], sources: IngressRule["source"][], accept: boolean) => {
    for (const source of sources) out.push({ resource, groupId: typeof groupId === "string" ? groupId : undefined, direction, protocol, ports, source, accept });
  };
  const types = cloud === "aws" ? [...TOKENS.aws.securityRules, AWS_EGRESS_RULE] : TOKENS[cloud].securityRules;
  for (const r of ofTypes(scope, types)) {
    const i = r.inputs;
    switch (r.type) {
      case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
      case AWS_EGRESS_RULE: {
        const p = proto(i.ipProtocol);
        const dir = r.type === AWS_EGRESS_RULE ? "egress" : "ingress";
        push(r, i.securityGroupId, dir, p, awsPorts(p, i.fromPort, i.toPort), peers([["cidr", i.cidrIpv4], ["cidr", i.cidrIpv6], ["group", i.referencedSecurityGroupId], ["other", i.prefixListId]]), true);
        break;
      }
      case "aws:ec2/securityGroupRule:SecurityGroupRule": {
        if (i.type !== "ingress" && i.type !== "egress") break;
        const p = proto(i.protocol);
        const self: Peer[] = i.self === true ? [["group", i.securityGroupId]] : [];
        push(r, i.securityGroupId, i.type, p, awsPorts(p, i.fromPort, i.toPort), peers([["cidr", i.cidrBlocks], ["cidr", i.ipv6CidrBlocks], ["group", i.sourceSecurityGroupId], ["other", i.prefixListIds], ...self]), true);
        break;
      }
      case "aws:ec2/securityGroup:SecurityGroup": {
        for (const dir of ["ingress", "egress"] as const) {
          for (const rule of Array.isArray(i[dir]) ? (i[dir] as Record<string, unknown>[]) : []) {
            const p = proto(rule.protocol);
            const self: Peer[] = rule.self === true ? [["group", r.id]] : [];
            push(r, r.id, dir, p, awsPorts(p, rule.fromPort, rule.toPort), peers([["cidr", rule.cidrBlocks], ["cidr", rule.ipv6CidrBlocks], ["group", rule.securityGroups], ["other", rule.prefixListIds], ...self]), true);
          }
        }
        break;
      }
      case "alicloud:ecs/securityGroupRule:SecurityGroupRule": {
        if (i.type !== "ingress" && i.type !== "egress") break;
        const p = proto(i.ipProtocol);
        push(r, i.securityGroupId, i.type, p, p === "all" ? [ALL_PORTS] : parsePorts(i.portRange), peers([["cidr", i.cidrIp], ["cidr", i.ipv6CidrIp], ["group", i.sourceSecurityGroupId], ["other", i.prefixListId]]), i.policy !== "drop");
        break;
      }
      case "tencentcloud:Security/groupRuleSet:GroupRuleSet": {
        for (const [key, dir] of [["ingresses", "ingress"], ["egresses", "egress"]] as const) {
          for (const rule of Array.isArray(i[key]) ? (i[key] as Record<string, unknown>[]) : []) {
            const p = proto(rule.protocol);
            push(
              r,
              i.securityGroupId,
              dir,
              p,
              p === "all" ? [ALL_PORTS] : parsePorts(rule.port),
              peers([["cidr", rule.cidrBlock], ["cidr", rule.ipv6CidrBlock], ["group", rule.sourceSecurityId], ["other", rule.addressTemplateId], ["other", rule.addressTemplateGroup]]),
              String(rule.action ?? "").toUpperCase() === "ACCEPT",
            );
          }
        }
        break;
      }
      case "volcengine:vpc/securityGroupRule:SecurityGroupRule": {
        if (i.direction !== "ingress" && i.direction !== "egress") break;
        const p = proto(i.protocol);
        const start = asNumber(i.portStart);
        const ports: PortRange[] = p === "all" || start === undefined || start < 0 ? [ALL_PORTS] : [[start, asNumber(i.portEnd) ?? start]];
        push(r, i.securityGroupId, i.direction, p, ports, peers([["cidr", i.cidrIp], ["group", i.sourceGroupId]]), i.policy !== "drop");
        break;
      }
    }
  }
  return out;
}

/** The ingress rules of {@link securityRules}. */
export function ingressRules(cloud: Cloud, scope: TargetScope): IngressRule[] {
  return securityRules(cloud, scope).filter((r) => r.direction === "ingress");
}
