/**
 * Checks of the kit's secure defaults over recorded resources, shared by the stack tests: no public
 * SSH, engine port never open to the world, IMDSv2, encrypted disks, no public IPs on GPU hosts,
 * secrets only as secret references and never in user-data.
 */
import { expect } from "vitest";
import type { PlanReport } from "../cli/format/plan-report";
import { LOAD_BALANCER_FACTS } from "../catalog/facts/load-balancers";
import { isVolcengineDescription } from "../components/volcengine/description";

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
  const aliAlbCidrs = new Set(report.resources.filter((r) => r.type === "alicloud:vpc/switch:Switch" && /-lb-\d+$/.test(r.name)).map((r) => String(r.inputs.cidrBlock)));
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
      // the engine port only from the ALB's own vSwitches (created networks: `<target>-lb-<i>`)
      if (aliAlbCidrs.size && enginePorts.some((p) => coversPort(from, to, p))) expect([...aliAlbCidrs], `${r.name} opens the engine port to ${i.cidrIp ?? i.sourceSecurityGroupId}`).toContain(i.cidrIp);
    }
    // Alibaba: every resource through an explicit regional provider; Decrypt on one key; no ALB-health replacement without grace
    if (r.type.startsWith("alicloud:")) {
      expect(r.provider, `${r.name} uses the default alicloud provider`).toBeTruthy();
      expect(r.region, `${r.name} has no region`).toBeTruthy();
    }
    if (r.type === "alicloud:ram/policy:Policy" && typeof i.policyDocument === "string") {
      for (const st of JSON.parse(i.policyDocument).Statement ?? []) {
        if ([st.Action].flat().includes("kms:Decrypt")) for (const res of [st.Resource].flat()) expect(String(res), `${r.name} decrypts with any key`).not.toMatch(/key\/\*$|^\*$/);
      }
    }
    if (r.type === "alicloud:ess/scalingGroup:ScalingGroup") expect([i.healthCheckTypes ?? [], i.healthCheckType].flat(), `${r.name} replaces hosts on ALB health without a grace period`).not.toContain("LOAD_BALANCER");
    // Tencent ordered rule sets
    if (r.type === "tencentcloud:Security/groupRuleSet:GroupRuleSet") {
      for (const rule of (i.ingresses ?? []) as Record<string, any>[]) {
        if (String(rule.action).toUpperCase() !== "ACCEPT") continue;
        expect(WORLD.has(rule.cidrBlock) && (String(rule.port).includes("22") || enginePorts.some((p) => String(rule.port).includes(String(p)))), `${r.name} accepts from the world`).toBe(false);
        expect(String(rule.port) === "22", `${r.name} opens SSH`).toBe(false);
        // CLB pass-to-target bypasses the hosts' group: no rule of any group admits the engine port
        expect(enginePorts.some((p) => String(rule.port).split(/[,-]/).includes(String(p))), `${r.name} admits an engine port`).toBe(false);
      }
      for (const rule of [...((i.ingresses ?? []) as Record<string, any>[]), ...((i.egresses ?? []) as Record<string, any>[])]) {
        if (String(rule.protocol).toUpperCase() === "ALL") expect(String(rule.port).toUpperCase(), `${r.name}: protocol ALL needs port ALL`).toBe("ALL");
      }
    }
    if (r.type === "tencentcloud:Clb/instance:Instance") expect(i.loadBalancerPassToTarget, `${r.name} must pass traffic to targets`).toBe(true);
    if (r.type === "tencentcloud:As/scalingConfig:ScalingConfig") {
      expect(Boolean(i.publicIpAssigned), `${r.name} assigns public IPs`).toBe(false);
      expect(Number(i.internetMaxBandwidthOut ?? 0)).toBe(0);
    }
    // Volcano Engine rules
    if (r.type === "volcengine:vpc/securityGroupRule:SecurityGroupRule" && i.direction === "ingress" && String(i.policy ?? "accept") === "accept") {
      for (const port of [22, ...enginePorts]) if (WORLD.has(i.cidrIp)) expect(coversPort(i.portStart, i.portEnd, port), `${r.name} opens ${port} to the world`).toBe(false);
      expect(coversPort(i.portStart, i.portEnd, 22) && Number(i.portStart) !== -1, `${r.name} opens SSH`).toBe(false);
      // the engine port only from the CLB's fixed source range (layer-7 CLB: 100.64.0.0/10)
      if (enginePorts.some((p) => coversPort(i.portStart, i.portEnd, p))) expect(LOAD_BALANCER_FACTS.volcengine.cidrs, `${r.name} opens the engine port to ${i.cidrIp ?? i.sourceGroupId}`).toContain(i.cidrIp);
    }
    // Volcano Engine: explicit regional provider; descriptions in the API's character set (a colon fails at create time)
    if (r.type.startsWith("volcengine:")) {
      expect(r.provider, `${r.name} uses the default volcengine provider`).toBeTruthy();
      expect(r.region, `${r.name} has no region`).toBeTruthy();
      const texts = [i.description, ...((i.aclEntries ?? []) as Record<string, any>[]).map((e) => e.description)].filter((d) => d !== undefined);
      for (const d of texts) expect(isVolcengineDescription(String(d)), `${r.name} description ${JSON.stringify(d)}`).toBe(true);
    }
    // Host hardening
    if (r.type === "aws:ec2/launchTemplate:LaunchTemplate") {
      expect(i.metadataOptions?.httpTokens).toBe("required");
      for (const ni of i.networkInterfaces ?? []) expect(String(ni.associatePublicIpAddress)).toBe("false");
      for (const bd of i.blockDeviceMappings ?? []) expect(String(bd.ebs?.encrypted)).toBe("true");
      expect(i.keyName, `${r.name} has an SSH key pair`).toBeUndefined();
    }
    // AWS: every resource goes through an explicit regional provider, never the default one
    if (r.type.startsWith("aws:")) {
      expect(r.provider, `${r.name} uses the default aws provider`).toBeTruthy();
      expect(r.region, `${r.name} has no region`).toBeTruthy();
    }
    if (r.type === "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate") {
      // Hardened mode unless a downloaded tool may read metadata plainly, which the plan must say.
      expect(["required", "optional"]).toContain(i.httpTokens);
      if (i.httpTokens !== "required") expect(JSON.stringify(report)).toContain("httpTokens: optional");
      expect(Number(i.internetMaxBandwidthOut ?? 0)).toBe(0);
      expect(i.systemDisk?.encrypted).toBe(true);
    }
    if (r.type === "tencentcloud:Instance/instance:Instance") {
      expect(Boolean(i.allocatePublicIp)).toBe(false);
      expect(Number(i.internetMaxBandwidthOut ?? 0)).toBe(0);
      for (const d of i.dataDisks ?? []) expect(d.encrypt).toBe(true);
    }
    if (r.type === "volcengine:ecs/instance:Instance") expect(i.eipAddress).toBeUndefined();
    // Kubernetes runtime: nodes, data and the vector database stay private and encrypted
    if (r.type === "alicloud:cs/nodePool:NodePool") {
      expect(i.systemDiskEncrypted, `${r.name} has unencrypted disks`).toBe(true);
      expect(i.instanceMetadataOptions?.httpTokens).toBe("required");
      expect(Number(i.internetMaxBandwidthOut ?? 0)).toBe(0);
    }
    if (r.type === "aws:rds/instance:Instance") {
      expect(i.publiclyAccessible, `${r.name} is public`).toBe(false);
      expect(i.storageEncrypted, `${r.name} is unencrypted`).toBe(true);
      expect(i.password).toBe("[secret]");
      expect(r.protect, `${r.name} holds data unprotected`).toBe(true);
    }
    if (r.type === "kubernetes:helm.sh/v3:Release" && /-vectordb-release$/.test(r.name)) {
      expect(r.protect, `${r.name} holds data unprotected`).toBe(true);
      expect(i.values?.service?.type ?? "ClusterIP", `${r.name} is exposed outside the cluster`).toBe("ClusterIP");
    }
    if (r.type === "kubernetes:core/v1:Service" && i.spec?.type === "LoadBalancer") {
      expect(i.spec.loadBalancerSourceRanges?.length, `${r.name} admits every client`).toBeGreaterThan(0);
    }
    if (r.type === "kubernetes:core/v1:Secret") expect(i.stringData).toBe("[secret]");
    // Secrets are stored as secrets
    if (r.type === "aws:ssm/parameter:Parameter") expect(i.value).toBe("[secret]");
    if (r.type === "alicloud:oos/secretParameter:SecretParameter") expect(i.value).toBe("[secret]");
  }
  // AWS: the GPU hosts' security groups admit only other security groups (the load balancer's), no CIDR
  const awsHostGroups = new Set(
    report.resources
      .filter((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate")
      .flatMap((r) => ((r.inputs.networkInterfaces ?? []) as { securityGroups?: string[] }[]).flatMap((ni) => ni.securityGroups ?? [])),
  );
  for (const r of report.resources.filter((x) => x.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && awsHostGroups.has(x.inputs.securityGroupId as string))) {
    expect(r.inputs.referencedSecurityGroupId, `${r.name} admits hosts from something other than a security group`).toBeTruthy();
    for (const key of ["cidrIpv4", "cidrIpv6", "prefixListId"]) expect(r.inputs[key], `${r.name} ${key}`).toBeUndefined();
  }
  const json = JSON.stringify(report);
  for (const secret of secretValues) expect(json.includes(secret), "a secret value leaked into the plan").toBe(false);
  for (const ud of userDataOf(report.resources)) {
    expect(ud.startsWith("#cloud-config")).toBe(true);
    expect(Buffer.byteLength(ud)).toBeLessThanOrEqual(16384);
    for (const secret of secretValues) expect(ud.includes(secret)).toBe(false);
  }
}
