/**
 * Checks of the kit's secure defaults over recorded resources, shared by the stack tests: no public
 * SSH, engine port never open to the world, IMDSv2, encrypted disks, no public IPs on GPU hosts,
 * secrets only as secret references and never in user-data.
 */
import { expect } from "vitest";
import type { PlanReport } from "../cli/format/plan-report";

type Res = PlanReport["resources"][number];
const WORLD = new Set(["0.0.0.0/0", "::/0"]);

function decodeUserData(value: unknown): string {
  if (typeof value !== "string") return "";
  return value.startsWith("#cloud-config") ? value : Buffer.from(value, "base64").toString("utf8");
}

/** Every user-data text found in the resources (launch templates, instances, scaling configs). */
export function userDataOf(resources: Res[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    for (const key of ["userData", "userDataRaw", "userDataBase64"]) {
      if (typeof r.inputs[key] === "string") out.push(decodeUserData(r.inputs[key]));
    }
  }
  return out;
}

function coversPort(from: unknown, to: unknown, port: number): boolean {
  const f = Number(from ?? -1);
  const t = Number(to ?? f);
  return f === -1 || (f <= port && port <= t);
}

/** Asserts the secure defaults for every resource of a stack run. */
export function assertSecureDefaults(report: PlanReport, secretValues: string[] = []): void {
  const enginePorts = report.targets.map((t) => t.engine.port);
  for (const r of report.resources) {
    const i = r.inputs as Record<string, any>;
    // AWS security group rules
    if (r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && i.cidrIpv4 && WORLD.has(i.cidrIpv4)) {
      for (const port of [22, ...enginePorts]) expect(coversPort(i.fromPort, i.toPort, port), `${r.name} opens ${port} to the world`).toBe(false);
    }
    if (r.type === "aws:ec2/securityGroup:SecurityGroup") expect(i.ingress ?? [], `${r.name} has inline ingress`).toEqual([]);
    // Alibaba security group rules
    if (r.type === "alicloud:ecs/securityGroupRule:SecurityGroupRule" && i.type === "ingress") {
      const [from, to] = String(i.portRange ?? "-1/-1").split("/");
      const open = WORLD.has(i.cidrIp) || (!i.cidrIp && !i.sourceSecurityGroupId);
      for (const port of [22, ...enginePorts]) if (open) expect(coversPort(from, to, port), `${r.name} opens ${port} to the world`).toBe(false);
      expect(coversPort(from, to, 22), `${r.name} opens SSH`).toBe(false);
    }
    // Tencent ordered rule sets
    if (r.type === "tencentcloud:Security/groupRuleSet:GroupRuleSet") {
      for (const rule of (i.ingresses ?? []) as Record<string, any>[]) {
        if (String(rule.action).toUpperCase() !== "ACCEPT") continue;
        expect(WORLD.has(rule.cidrBlock) && (String(rule.port).includes("22") || enginePorts.some((p) => String(rule.port).includes(String(p)))), `${r.name} accepts from the world`).toBe(false);
        expect(String(rule.port) === "22", `${r.name} opens SSH`).toBe(false);
      }
    }
    // Volcano Engine rules
    if (r.type === "volcengine:vpc/securityGroupRule:SecurityGroupRule" && i.direction === "ingress" && String(i.policy ?? "accept") === "accept") {
      for (const port of [22, ...enginePorts]) if (WORLD.has(i.cidrIp)) expect(coversPort(i.portStart, i.portEnd, port), `${r.name} opens ${port} to the world`).toBe(false);
      expect(coversPort(i.portStart, i.portEnd, 22) && Number(i.portStart) !== -1, `${r.name} opens SSH`).toBe(false);
    }
    // Host hardening
    if (r.type === "aws:ec2/launchTemplate:LaunchTemplate") {
      expect(i.metadataOptions?.httpTokens).toBe("required");
      for (const ni of i.networkInterfaces ?? []) expect(String(ni.associatePublicIpAddress)).toBe("false");
      for (const bd of i.blockDeviceMappings ?? []) expect(String(bd.ebs?.encrypted)).toBe("true");
    }
    if (r.type === "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate") {
      expect(i.httpTokens).toBe("required");
      expect(Number(i.internetMaxBandwidthOut ?? 0)).toBe(0);
      expect(i.systemDisk?.encrypted).toBe(true);
    }
    if (r.type === "tencentcloud:Instance/instance:Instance") {
      expect(Boolean(i.allocatePublicIp)).toBe(false);
      for (const d of i.dataDisks ?? []) expect(d.encrypt).toBe(true);
    }
    if (r.type === "volcengine:ecs/instance:Instance") expect(i.eipAddress).toBeUndefined();
    // Secrets are stored as secrets
    if (r.type === "aws:ssm/parameter:Parameter") expect(i.value).toBe("[secret]");
    if (r.type === "alicloud:oos/secretParameter:SecretParameter") expect(i.value).toBe("[secret]");
  }
  const json = JSON.stringify(report);
  for (const secret of secretValues) expect(json.includes(secret), "a secret value leaked into the plan").toBe(false);
  for (const ud of userDataOf(report.resources)) {
    expect(ud.startsWith("#cloud-config")).toBe(true);
    expect(Buffer.byteLength(ud)).toBeLessThanOrEqual(16384);
    for (const secret of secretValues) expect(ud.includes(secret)).toBe(false);
  }
}
