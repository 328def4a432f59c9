/**
 * Deployability checks: for each check a passing case and crafted failing cases. AWS and Alibaba
 * Cloud cases start from real recordings of the adapters (test/helpers/recording.ts) and mutate them;
 * Tencent Cloud and Volcano Engine cases use hand-built recordings of the layout the adapters must
 * produce (NAT + EIP + route/SNAT, pass-to-target CLB, 100.64.0.0/10). Expected values are written
 * by hand.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { ADAPTERS } from "../components/adapter-registry";
import type { DeploymentPlan, TargetPlan } from "../components/plan/types";
import type { Cloud } from "../catalog/schema";
import {
  checkDeployability,
  DEPLOYABILITY_CHECKS,
  deployabilityCheck,
  formatFindings,
  runDeployability,
  stackRule,
  toRecorded,
  type CheckId,
  type Finding,
  type RecordedResourceLike,
} from "../deployability";
import { decodeUserData, imagePulls, metadataReads, shellTexts } from "../deployability/userdata";
import { targetArgs, targetPlan } from "./fixtures/target-plan";
import { record } from "./helpers/recording";

// ---------------------------------------------------------------------------------------------
// helpers

function deployment(...targets: TargetPlan[]): DeploymentPlan {
  return {
    stack: "test",
    environment: "dev",
    tags: {},
    model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", parametersB: 7, quantization: "awq", maxContextTokens: 8192 },
    targets,
    cost: {
      currency: "USD",
      totalHourlyCost: null,
      totalMonthlyCost: null,
      hoursPerMonth: 730,
      maxHourlyCost: null,
      status: "estimate",
      unpriced: [],
      fx: null,
      budget: { monthly: 10000, currency: "USD", withinBudget: null },
    },
    warnings: [],
  };
}

function check(id: CheckId, plan: TargetPlan, resources: readonly RecordedResourceLike[]) {
  return deployabilityCheck(id).run({ plan: deployment(plan), resources });
}

function findings(id: CheckId, plan: TargetPlan, resources: readonly RecordedResourceLike[]): Finding[] {
  return check(id, plan, resources).findings;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function named(resources: readonly RecordedResourceLike[], name: string, type?: string): RecordedResourceLike {
  const r = resources.find((x) => x.name === name && (!type || x.type === type));
  if (!r) throw new Error(`no recorded resource ${name}`);
  return r;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

async function recordTarget(plan: TargetPlan): Promise<RecordedResourceLike[]> {
  return record(() => {
    ADAPTERS[plan.placement.cloud].createTarget(plan.names.logical, targetArgs(plan), {});
  });
}

/** Replaces the engine image everywhere in a plan (engine.image and the user-data). */
function withImage(plan: TargetPlan, image: string): TargetPlan {
  const p = clone(plan);
  p.bootstrap.userData = p.bootstrap.userData.split(plan.engine.image).join(image);
  p.engine.image = image;
  return p;
}

/** The plan without `bootstrap.disk`, so disk-floor falls back to catalog/facts/images.ts (the values the tests spell out). */
function withoutDiskFacts(plan: TargetPlan): TargetPlan {
  const p = clone(plan);
  delete (p.bootstrap as { disk?: unknown }).disk;
  return p;
}

/** The plan with `bootstrap.metadata.mode` set (the rest of the facet as the planner would write it for Alibaba Cloud). */
function withMetadataMode(plan: TargetPlan, mode: "token-required" | "token-optional"): TargetPlan {
  const p = clone(plan);
  p.bootstrap.metadata = {
    endpoint: "http://100.100.100.200/latest/meta-data/",
    mode,
    tokenFlow: true,
    scriptsUseToken: true,
    reads: ["source-address"],
    plainModeTools: mode === "token-optional" ? ["auto_install_v4.0.sh"] : [],
    minCloudInit: mode === "token-required" ? "23.2.2" : null,
    source: "test",
  };
  return p;
}

// ---------------------------------------------------------------------------------------------
// hand-built recordings for the thin clouds

const ROOT = "urn:pulumi:test::gpu-inference::";

/** Builds a recording under one target component with one explicit provider. */
function builder(cloud: Cloud, region: string) {
  const componentType = `gpu-inference:${cloud}:VmTarget`;
  const component: RecordedResourceLike = { type: componentType, name: "main", urn: `${ROOT}${componentType}::main`, custom: false, protect: false, inputs: {} };
  const providerType = `pulumi:providers:${cloud}`;
  const provider: RecordedResourceLike = {
    type: providerType,
    name: "main-provider",
    urn: `${ROOT}${componentType}$${providerType}::main-provider`,
    parent: component.urn,
    custom: true,
    id: "main-provider-id",
    protect: false,
    inputs: { region },
  };
  const list: RecordedResourceLike[] = [component, provider];
  const add = (type: string, name: string, inputs: Record<string, unknown>) => {
    list.push({ type, name, urn: `${ROOT}${componentType}$${type}::${name}`, parent: component.urn, provider: `${provider.urn}::main-provider-id`, custom: true, id: `${name}-id`, protect: false, inputs });
  };
  return { list, add };
}

const USER_DATA = b64("#cloud-config\nruncmd:\n  - [docker, pull, 'ccr.ccs.tencentyun.com/kit/vllm-openai:v0.11.0']\n");

/** The layout the rewritten Tencent adapter must record (scaling-group variant). */
function tencentRecording(): RecordedResourceLike[] {
  const { list, add } = builder("tencentcloud", "ap-guangzhou");
  add("tencentcloud:Vpc/instance:Instance", "main-vpc", { cidrBlock: "10.42.0.0/16", name: "test-main-vpc" });
  add("tencentcloud:Vpc/routeTable:RouteTable", "main-host-rt", { vpcId: "main-vpc-id", name: "test-main-host-rt" });
  add("tencentcloud:Subnet/instance:Instance", "main-host-0", { vpcId: "main-vpc-id", cidrBlock: "10.42.0.0/20", availabilityZone: "ap-guangzhou-3", routeTableId: "main-host-rt-id" });
  add("tencentcloud:Subnet/instance:Instance", "main-host-1", { vpcId: "main-vpc-id", cidrBlock: "10.42.16.0/20", availabilityZone: "ap-guangzhou-4", routeTableId: "main-host-rt-id" });
  add("tencentcloud:Subnet/instance:Instance", "main-lb-0", { vpcId: "main-vpc-id", cidrBlock: "10.42.240.0/24", availabilityZone: "ap-guangzhou-3" });
  add("tencentcloud:Eip/instance:Instance", "main-nat-eip", { name: "test-main-nat-eip", internetChargeType: "TRAFFIC_POSTPAID_BY_HOUR", internetMaxBandwidthOut: 100 });
  add("tencentcloud:Nat/gateway:Gateway", "main-nat", { vpcId: "main-vpc-id", name: "test-main-nat", assignedEipSets: ["203.0.113.30"], bandwidth: 100 });
  add("tencentcloud:Route/tableEntry:TableEntry", "main-host-default", { routeTableId: "main-host-rt-id", destinationCidrBlock: "0.0.0.0/0", nextType: "NAT", nextHub: "main-nat-id" });
  add("tencentcloud:Security/group:Group", "main-host-sg", { name: "test-main-host-sg" });
  add("tencentcloud:Security/groupRuleSet:GroupRuleSet", "main-host-rules", {
    securityGroupId: "main-host-sg-id",
    egresses: [{ action: "ACCEPT", protocol: "ALL", port: "ALL", cidrBlock: "0.0.0.0/0" }],
    ingresses: [{ action: "DROP", protocol: "ALL", port: "ALL", cidrBlock: "0.0.0.0/0" }],
  });
  add("tencentcloud:Clb/instance:Instance", "main-clb", { clbName: "test-main-clb", networkType: "OPEN", vpcId: "main-vpc-id", loadBalancerPassToTarget: true });
  add("tencentcloud:Clb/listener:Listener", "main-listener", { clbId: "main-clb-id", listenerName: "http", protocol: "TCP", port: 80 });
  add("tencentcloud:As/scalingConfig:ScalingConfig", "main-launch-config", {
    configurationName: "test-main-launch-config",
    imageId: "img-gpu",
    instanceTypes: ["GN7.2XLARGE32"],
    systemDiskType: "CLOUD_SSD",
    systemDiskSize: 100,
    securityGroupIds: ["main-host-sg-id"],
    userData: USER_DATA,
  });
  add("tencentcloud:As/scalingGroup:ScalingGroup", "main-scaling-group", {
    scalingGroupName: "test-main-scaling-group",
    configurationId: "main-launch-config-id",
    minSize: 1,
    maxSize: 2,
    vpcId: "main-vpc-id",
    subnetIds: ["main-host-0-id", "main-host-1-id"],
    forwardBalancerIds: [{ loadBalancerId: "main-clb-id", listenerId: "lbl-main-listener", targetAttributes: [{ port: 8000, weight: 10 }] }],
  });
  return list;
}

/** The layout the rewritten Volcano Engine adapter must record (scaling-group variant). */
function volcengineRecording(): RecordedResourceLike[] {
  const { list, add } = builder("volcengine", "cn-beijing");
  add("volcengine:vpc/vpc:Vpc", "main-vpc", { cidrBlock: "10.42.0.0/16", vpcName: "test-main-vpc" });
  add("volcengine:vpc/subnet:Subnet", "main-host-0", { vpcId: "main-vpc-id", cidrBlock: "10.42.0.0/20", zoneId: "cn-beijing-a", subnetName: "test-main-host-0" });
  add("volcengine:vpc/subnet:Subnet", "main-host-1", { vpcId: "main-vpc-id", cidrBlock: "10.42.16.0/20", zoneId: "cn-beijing-b", subnetName: "test-main-host-1" });
  add("volcengine:vpc/subnet:Subnet", "main-lb-0", { vpcId: "main-vpc-id", cidrBlock: "10.42.240.0/24", zoneId: "cn-beijing-a", subnetName: "test-main-lb-0" });
  add("volcengine:nat/gateway:Gateway", "main-nat", { vpcId: "main-vpc-id", subnetId: "main-lb-0-id", spec: "Small", natGatewayName: "test-main-nat" });
  add("volcengine:eip/address:Address", "main-nat-eip", { billingType: "PostPaidByTraffic", bandwidth: 200, isp: "BGP" });
  add("volcengine:eip/associate:Associate", "main-nat-eip-assoc", { allocationId: "main-nat-eip-id", instanceId: "main-nat-id", instanceType: "Nat" });
  add("volcengine:nat/snatEntry:SnatEntry", "main-snat-0", { natGatewayId: "main-nat-id", eipId: "main-nat-eip-id", subnetId: "main-host-0-id" });
  add("volcengine:nat/snatEntry:SnatEntry", "main-snat-1", { natGatewayId: "main-nat-id", eipId: "main-nat-eip-id", subnetId: "main-host-1-id" });
  add("volcengine:vpc/securityGroup:SecurityGroup", "main-host-sg", { vpcId: "main-vpc-id", securityGroupName: "test-main-host-sg" });
  add("volcengine:vpc/securityGroupRule:SecurityGroupRule", "main-host-in-engine", {
    securityGroupId: "main-host-sg-id",
    direction: "ingress",
    protocol: "tcp",
    portStart: 8000,
    portEnd: 8000,
    cidrIp: "100.64.0.0/10",
    policy: "accept",
  });
  add("volcengine:vpc/securityGroupRule:SecurityGroupRule", "main-host-out-all", {
    securityGroupId: "main-host-sg-id",
    direction: "egress",
    protocol: "all",
    portStart: -1,
    portEnd: -1,
    cidrIp: "0.0.0.0/0",
  });
  add("volcengine:clb/clb:Clb", "main-clb", { type: "public", subnetId: "main-lb-0-id", loadBalancerSpec: "small_1" });
  add("volcengine:autoscaling/scalingGroup:ScalingGroup", "main-scaling-group", { scalingGroupName: "test-main-scaling-group", minInstanceNumber: 1, maxInstanceNumber: 2, subnetIds: ["main-host-0-id", "main-host-1-id"] });
  add("volcengine:autoscaling/scalingConfiguration:ScalingConfiguration", "main-scaling-config", {
    scalingGroupId: "main-scaling-group-id",
    scalingConfigurationName: "test-main-scaling-config",
    imageId: "image-gpu",
    instanceName: "test-main-host",
    instanceTypes: ["ecs.gni2.3xlarge"],
    securityGroupIds: ["main-host-sg-id"],
    volumes: [{ volumeType: "ESSD_PL0", size: 100, deleteWithInstance: true }],
    userData: b64("#cloud-config\nruncmd:\n  - [docker, pull, 'kit-cn-beijing.cr.volces.com/kit/vllm-openai:v0.11.0']\n"),
  });
  return list;
}

// ---------------------------------------------------------------------------------------------
// recordings of the AWS and Alibaba Cloud adapters

const awsPlan = targetPlan("aws");
const aliPlan = withImage(targetPlan("alicloud"), "registry-vpc.cn-hangzhou.aliyuncs.com/kit/vllm-openai:v0.11.0");
const tencentPlan = withImage(targetPlan("tencentcloud", { secrets: [] }), "ccr.ccs.tencentyun.com/kit/vllm-openai:v0.11.0");
const volcPlan = withImage(targetPlan("volcengine", { secrets: [] }), "kit-cn-beijing.cr.volces.com/kit/vllm-openai:v0.11.0");
let aws: RecordedResourceLike[];
let ali: RecordedResourceLike[];
let tencent: RecordedResourceLike[];
let volc: RecordedResourceLike[];
const tencentFixedPlan = withImage(targetPlan("tencentcloud", { secrets: [], replicas: { min: 2, max: 2 } }), "ccr.ccs.tencentyun.com/kit/vllm-openai:v0.11.0");
let tencentFixed: RecordedResourceLike[];

beforeAll(async () => {
  aws = await recordTarget(awsPlan);
  ali = await recordTarget(aliPlan);
  tencent = await recordTarget(tencentPlan);
  volc = await recordTarget(volcPlan);
  tencentFixed = await recordTarget(tencentFixedPlan);
});

// ---------------------------------------------------------------------------------------------

describe("checkDeployability on deployable targets", () => {
  it("finds nothing on the AWS and Alibaba Cloud recordings and the Tencent and Volcano Engine layouts", () => {
    expect(checkDeployability({ plan: deployment(awsPlan), resources: aws })).toEqual([]);
    expect(checkDeployability({ plan: deployment(aliPlan), resources: ali })).toEqual([]);
    expect(checkDeployability({ plan: deployment(tencentPlan), resources: tencentRecording() })).toEqual([]);
    expect(checkDeployability({ plan: deployment(volcPlan), resources: volcengineRecording() })).toEqual([]);
  });

  it("finds nothing on real recordings of the Tencent Cloud and Volcano Engine adapters (scaling group and fixed size)", () => {
    expect(formatFindings(checkDeployability({ plan: deployment(tencentPlan), resources: tencent }))).toBe("");
    expect(formatFindings(checkDeployability({ plan: deployment(tencentFixedPlan), resources: tencentFixed }))).toBe("");
    expect(formatFindings(checkDeployability({ plan: deployment(volcPlan), resources: volc }))).toBe("");
  });

  it("catches the real-path defects on real recordings: Tencent without the NAT route, Volcano Engine admitting only the CLB subnet", () => {
    const f = checkDeployability({ plan: deployment(tencentFixedPlan), resources: tencentFixed.filter((r) => r.type !== "tencentcloud:Route/tableEntry:TableEntry") });
    expect(f.map((x) => `${x.check} ${x.resource.split("::").pop()}`)).toEqual(["host-egress main-host-subnet-0", "host-egress main-host-subnet-1"]);
    const rs = clone(volc);
    rs.find((r) => r.type === "volcengine:vpc/securityGroupRule:SecurityGroupRule" && r.inputs.direction === "ingress")!.inputs.cidrIp = "10.42.240.0/24";
    const g = checkDeployability({ plan: deployment(volcPlan), resources: rs });
    expect(g.map((x) => x.check)).toEqual(["lb-reaches-engine", "lb-reaches-engine"]);
    expect(g[0]!.message).toContain("100.64.0.0/10");
  });

  it("runs every check once, each with an id, a description and a remediation", () => {
    expect(DEPLOYABILITY_CHECKS.map((c) => c.id)).toEqual(["provider-region", "host-egress", "lb-reaches-engine", "metadata-mode", "disk-floor", "health-grace", "mainland-registry", "kubernetes-workload", "vector-database", "gateway-port"]);
    for (const c of DEPLOYABILITY_CHECKS) {
      expect(c.description.length).toBeGreaterThan(20);
      expect(c.remediation.length).toBeGreaterThan(20);
    }
  });

  it("never imports @pulumi in deployability/ (usable from a policy pack and without a Pulumi runtime)", () => {
    const dir = join(__dirname, "..", "deployability");
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) expect(readFileSync(join(dir, f), "utf8")).not.toMatch(/from "@pulumi\//);
  });
});

describe("provider-region", () => {
  it("passes when every resource goes through the target's regional provider", () => {
    expect(findings("provider-region", awsPlan, aws)).toEqual([]);
  });

  it("flags a resource on the default provider, naming it and the fix", () => {
    const rs = clone(aws);
    delete named(rs, "main-vpc").provider;
    const f = findings("provider-region", awsPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ check: "provider-region", target: "main", resource: "urn:pulumi:test::gpu-inference::gpu-inference:aws:VmTarget$aws:ec2/vpc:Vpc::main-vpc" });
    expect(f[0]!.message).toContain("main-vpc uses the default aws provider");
    expect(f[0]!.message).toContain("us-east-1");
    expect(f[0]!.fix).toContain("pass { provider }");
  });

  it("flags a provider in another region and every resource behind it", () => {
    const rs = clone(aws);
    named(rs, "main-provider").inputs.region = "us-west-2";
    const f = findings("provider-region", awsPlan, rs);
    const provider = f.find((x) => x.resource.endsWith("::main-provider"))!;
    expect(provider.message).toBe('provider main-provider has region "us-west-2", the target is planned in us-east-1');
    expect(provider.fix).toBe('create the provider with { region: "us-east-1" } (plan.placement.region)');
    const vpc = f.find((x) => x.resource.endsWith("::main-vpc"))!;
    expect(vpc.message).toContain('provider main-provider in region "us-west-2"');
    expect(f.length).toBe(rs.filter((r) => r.custom).length);
  });

  it("flags a target whose component was not recorded", () => {
    const f = findings("provider-region", awsPlan, []);
    expect(f).toHaveLength(1);
    expect(f[0]!.resource).toBe("gpu-inference:aws:VmTarget::main");
  });

  it("flags thin-cloud resources behind a provider of another region (Tencent)", () => {
    const rs = tencentRecording();
    named(rs, "main-provider").inputs.region = "ap-shanghai";
    const f = findings("provider-region", tencentPlan, rs);
    expect(f.map((x) => x.resource.split("::").pop())).toContain("main-nat");
    expect(f.every((x) => x.message.includes("ap-shanghai"))).toBe(true);
  });
});

describe("host-egress", () => {
  it("passes with a NAT, an EIP and default routes / SNAT entries on every host subnet", () => {
    expect(findings("host-egress", awsPlan, aws)).toEqual([]);
    expect(findings("host-egress", aliPlan, ali)).toEqual([]);
    expect(findings("host-egress", tencentPlan, tencentRecording())).toEqual([]);
    expect(findings("host-egress", volcPlan, volcengineRecording())).toEqual([]);
  });

  it("AWS: no NAT gateway", () => {
    const rs = aws.filter((r) => r.name !== "main-nat");
    const f = findings("host-egress", awsPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.resource).toBe("main-nat");
    expect(f[0]!.message).toContain("no NAT gateway (aws:ec2/natGateway:NatGateway)");
    expect(f[0]!.fix).toContain("0.0.0.0/0 route");
  });

  it("AWS: host subnets without the default route to the NAT", () => {
    const rs = aws.filter((r) => r.name !== "main-private-default");
    const f = findings("host-egress", awsPlan, rs);
    expect(f.map((x) => x.resource.split("::").pop())).toEqual(["main-host-0", "main-host-1"]);
    expect(f[0]!.message).toBe("host subnet main-host-0 (10.42.0.0/20) uses route table main-private-rt-id, which has no 0.0.0.0/0 route to the NAT gateway");
  });

  it("AWS: a NAT gateway without an EIP, and a NAT in a private subnet", () => {
    const noEip = clone(aws);
    delete named(noEip, "main-nat").inputs.allocationId;
    expect(findings("host-egress", awsPlan, noEip)[0]!.message).toBe("NAT gateway main-nat has no EIP bound, so it has no public address to send host traffic from");
    const inPrivate = clone(aws);
    named(inPrivate, "main-nat").inputs.subnetId = "main-host-0-id";
    expect(findings("host-egress", awsPlan, inPrivate)[0]!.message).toContain("has no 0.0.0.0/0 route to an internet gateway");
  });

  it("Alibaba: a host vSwitch without an SNAT entry, and a NAT without its EIP association", () => {
    const f = findings("host-egress", aliPlan, ali.filter((r) => r.name !== "main-snat-1"));
    expect(f).toHaveLength(1);
    expect(f[0]!.resource).toBe("urn:pulumi:test::gpu-inference::gpu-inference:alicloud:VmTarget$alicloud:vpc/switch:Switch::main-host-1");
    expect(f[0]!.message).toContain("host subnet main-host-1 (10.42.16.0/20) is covered by no SNAT entry");
    const g = findings("host-egress", aliPlan, ali.filter((r) => r.name !== "main-nat-eip-assoc"));
    expect(g[0]!.message).toBe("NAT gateway main-nat has no EIP bound, so it has no public address to send host traffic from");
    expect(g[0]!.fix).toContain('instanceType "Nat"');
  });

  it("Tencent: no route-table entry to the NAT, and a subnet on another route table", () => {
    const f = findings("host-egress", tencentPlan, tencentRecording().filter((r) => r.name !== "main-host-default"));
    expect(f.map((x) => x.resource.split("::").pop())).toEqual(["main-host-0", "main-host-1"]);
    expect(f[0]!.fix).toContain('nextType: "NAT"');
    const rs = tencentRecording();
    named(rs, "main-host-1").inputs.routeTableId = "rtb-other";
    const g = findings("host-egress", tencentPlan, rs);
    expect(g).toHaveLength(1);
    expect(g[0]!.message).toContain("uses route table rtb-other, which has no 0.0.0.0/0 entry with nextType NAT");
  });

  it("Tencent: a NAT gateway without EIPs", () => {
    const rs = tencentRecording().filter((r) => r.name !== "main-nat-eip");
    const f = findings("host-egress", tencentPlan, rs);
    expect(f[0]!.resource.endsWith("::main-nat")).toBe(true);
    expect(f[0]!.fix).toContain("assignedEipSets");
  });

  it("Volcano Engine: no NAT at all, and an SNAT entry on an EIP that is not associated", () => {
    const none = volcengineRecording().filter((r) => !r.type.startsWith("volcengine:nat/") && !r.type.startsWith("volcengine:eip/"));
    expect(findings("host-egress", volcPlan, none).map((x) => x.resource)).toEqual(["main-nat"]);
    const rs = volcengineRecording();
    named(rs, "main-snat-0").inputs.eipId = "eip-other";
    const f = findings("host-egress", volcPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("host subnet main-host-0 (10.42.0.0/20) is covered by no SNAT entry of the NAT gateway with its associated EIP");
  });

  it("AWS and Tencent: the hosts' security group sends nothing out (no default egress on these clouds)", () => {
    const f = findings("host-egress", awsPlan, aws.filter((r) => r.name !== "main-host-out-all"));
    expect(f).toHaveLength(1);
    expect(f[0]!.resource.endsWith("::main-host-sg")).toBe(true);
    expect(f[0]!.message).toContain("the GPU hosts' security group main-host-sg accepts no egress to 0.0.0.0/0 on TCP 443");
    expect(f[0]!.fix).toBe("add an egress rule on main-host-sg: TCP 443 (or all traffic) to 0.0.0.0/0");
    const rs = tencentRecording();
    named(rs, "main-host-rules").inputs.egresses = [{ action: "ACCEPT", protocol: "TCP", port: "443", cidrBlock: "10.0.0.0/8" }];
    expect(findings("host-egress", tencentPlan, rs).map((x) => x.resource.split("::").pop())).toEqual(["main-host-sg"]);
  });

  it("existing network: skipped with a note", () => {
    const plan = clone(volcPlan);
    plan.network.egress = { kind: "existing-network" };
    const r = check("host-egress", plan, []);
    expect(r.findings).toEqual([]);
    const withComponent = check("host-egress", plan, volcengineRecording().filter((x) => !x.type.startsWith("volcengine:nat/")));
    expect(withComponent.findings).toEqual([]);
    expect(withComponent.notes).toEqual([{ check: "host-egress", target: "main", message: "existing network: egress is the owner's routing and is not checked" }]);
  });
});

describe("lb-reaches-engine", () => {
  it("passes when only the documented load-balancer source reaches the engine port", () => {
    expect(findings("lb-reaches-engine", awsPlan, aws)).toEqual([]);
    expect(findings("lb-reaches-engine", aliPlan, ali)).toEqual([]);
    expect(findings("lb-reaches-engine", tencentPlan, tencentRecording())).toEqual([]);
    expect(findings("lb-reaches-engine", volcPlan, volcengineRecording())).toEqual([]);
  });

  it("AWS: the engine port opened to 0.0.0.0/0 instead of the ALB's security group", () => {
    const rs = clone(aws);
    const rule = named(rs, "main-host-in-engine");
    delete rule.inputs.referencedSecurityGroupId;
    rule.inputs.cidrIpv4 = "0.0.0.0/0";
    const f = findings("lb-reaches-engine", awsPlan, rs);
    expect(f).toHaveLength(2);
    expect(f[0]!.resource.endsWith("::main-host-in-engine")).toBe(true);
    expect(f[0]!.message).toBe("main-host-in-engine admits tcp port 8000 from 0.0.0.0/0 on the GPU hosts' security group main-host-sg-id: the hosts are open to the internet");
    expect(f[1]!.resource.endsWith("::main-host-sg")).toBe(true);
    expect(f[1]!.message).toContain("no rule of the GPU hosts' security group main-host-sg admits TCP 8000 from the load balancer's security group main-lb-sg-id");
    expect(f[1]!.fix).toBe("add an ingress rule on main-host-sg: TCP 8000 from security group main-lb-sg-id");
  });

  it("AWS: the ALB's security group without egress to the hosts", () => {
    const f = findings("lb-reaches-engine", awsPlan, aws.filter((r) => r.name !== "main-lb-out-engine"));
    expect(f).toHaveLength(1);
    expect(f[0]!.resource.endsWith("::main-lb-sg")).toBe(true);
    expect(f[0]!.message).toContain("the load balancer's security group main-lb-sg has no egress rule to the hosts on TCP 8000");
  });

  it("AWS: an extra CIDR on the engine port next to the ALB's group", () => {
    const rs = clone(aws);
    const extra = clone(named(rs, "main-host-in-engine"));
    extra.name = "main-host-in-vpc";
    extra.urn = extra.urn.replace("main-host-in-engine", "main-host-in-vpc");
    delete extra.inputs.referencedSecurityGroupId;
    extra.inputs.cidrIpv4 = "10.42.0.0/16";
    rs.push(extra);
    const f = findings("lb-reaches-engine", awsPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("main-host-in-vpc admits tcp port 8000 from 10.42.0.0/16 on the GPU hosts; only the load balancer's security group (main-lb-sg-id) may reach engine port 8000");
  });

  it("Alibaba: a missing ALB vSwitch and a VPC-wide rule", () => {
    const rs = ali.filter((r) => r.name !== "main-host-in-engine-1");
    const f = findings("lb-reaches-engine", aliPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("admits TCP 8000 from the load balancer's source range 10.42.241.0/24");
    const wide = clone(ali);
    named(wide, "main-host-in-engine-0").inputs.cidrIp = "10.42.0.0/16";
    const g = findings("lb-reaches-engine", aliPlan, wide);
    expect(g).toHaveLength(2);
    expect(g[0]!.message).toContain("no rule of the GPU hosts' security group main-host-sg admits TCP 8000 from the load balancer's source range 10.42.240.0/24");
    expect(g[1]!.message).toContain("main-host-in-engine-0 admits tcp port 8000 from 10.42.0.0/16 on the GPU hosts; only the load balancer's source range (10.42.240.0/24, 10.42.241.0/24)");
  });

  it("Alibaba: 0.0.0.0/0 on SSH of a GPU host", () => {
    const rs = clone(ali);
    const ssh = clone(named(rs, "main-host-in-engine-0"));
    ssh.name = "main-host-in-ssh";
    ssh.inputs = { ...ssh.inputs, cidrIp: "0.0.0.0/0", portRange: "22/22" };
    rs.push(ssh);
    const f = findings("lb-reaches-engine", aliPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toBe("main-host-in-ssh admits tcp port 22 from 0.0.0.0/0 on the GPU hosts' security group main-host-sg-id: the hosts are open to the internet");
  });

  it("Tencent: CLB without pass-to-target, and an engine-port rule from the CLB's group", () => {
    const rs = tencentRecording();
    named(rs, "main-clb").inputs.loadBalancerPassToTarget = false;
    (named(rs, "main-host-rules").inputs.ingresses as unknown[]).unshift({ action: "ACCEPT", protocol: "TCP", port: "8000", sourceSecurityId: "main-clb-sg-id" });
    const f = findings("lb-reaches-engine", tencentPlan, rs);
    expect(f).toHaveLength(2);
    expect(f[0]!.message).toContain("CLB main-clb does not set loadBalancerPassToTarget: true");
    expect(f[0]!.fix).toBe("set loadBalancerPassToTarget: true on main-clb");
    expect(f[1]!.message).toContain("main-host-rules admits tcp port 8000 from security group main-clb-sg-id on the engine port");
  });

  it("Volcano Engine: the old subnet-only rule misses 100.64.0.0/10", () => {
    const rs = volcengineRecording();
    named(rs, "main-host-in-engine").inputs.cidrIp = "10.42.240.0/24";
    const f = findings("lb-reaches-engine", volcPlan, rs);
    expect(f).toHaveLength(2);
    expect(f[0]!.message).toContain("admits TCP 8000 from the load balancer's source range 100.64.0.0/10");
    expect(f[0]!.message).toContain("https://docs.byteplus.com/en/docs/clb/Configuring-a-server-security-group");
    expect(f[1]!.message).toContain("main-host-in-engine admits tcp port 8000 from 10.42.240.0/24");
  });

  it("Volcano Engine: an all-ports rule from anywhere", () => {
    const rs = volcengineRecording();
    Object.assign(named(rs, "main-host-in-engine").inputs, { protocol: "all", portStart: -1, portEnd: -1, cidrIp: "0.0.0.0/0" });
    const f = findings("lb-reaches-engine", volcPlan, rs);
    expect(f.map((x) => x.message.split(":")[0])).toEqual(["main-host-in-engine admits all all ports from 0.0.0.0/0 on the GPU hosts' security group main-host-sg-id", "no rule of the GPU hosts' security group main-host-sg admits TCP 8000 from the load balancer's source range 100.64.0.0/10"]);
  });
});

describe("metadata-mode", () => {
  const ALI_TOKEN_SCRIPT = [
    "#cloud-config",
    "write_files:",
    "  - path: /opt/gpukit/setup.sh",
    "    permissions: '0755'",
    "    content: |",
    "      #!/bin/bash",
    "      set -euo pipefail",
    "      md() {",
    "        local t",
    "        t=$(curl -fsS --retry 5 -X PUT -H 'X-aliyun-ecs-metadata-token-ttl-seconds: 300' http://100.100.100.200/latest/api/token)",
    '        curl -fsS --retry 5 -H "X-aliyun-ecs-metadata-token: $t" "http://100.100.100.200/latest/meta-data/$1"',
    "      }",
    '      U="$(md source-address | head -1)"',
    "",
  ].join("\n");

  const aliRequired = withMetadataMode(aliPlan, "token-required");

  function aliWith(userData: string, httpTokens = "required"): RecordedResourceLike[] {
    const rs = clone(ali);
    Object.assign(named(rs, "main-lt").inputs, { userData: b64(userData), httpTokens });
    return rs;
  }

  it("passes when every metadata read sends the token", () => {
    expect(findings("metadata-mode", awsPlan, aws)).toEqual([]);
    expect(findings("metadata-mode", aliRequired, aliWith(ALI_TOKEN_SCRIPT))).toEqual([]);
  });

  it("flags a plain curl of 100.100.100.200 on a token-only Alibaba template", () => {
    const plain = ALI_TOKEN_SCRIPT.replace('U="$(md source-address | head -1)"', 'U="$(curl -fsS --retry 5 http://100.100.100.200/latest/meta-data/source-address | head -1)"');
    const f = findings("metadata-mode", aliRequired, aliWith(plain));
    expect(f).toHaveLength(1);
    expect(f[0]!.resource).toBe("urn:pulumi:test::gpu-inference::gpu-inference:alicloud:VmTarget$alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate::main-lt");
    expect(f[0]!.message).toContain('main-lt requires metadata tokens (httpTokens: "required") but its user-data (write_files:/opt/gpukit/setup.sh) reads 100.100.100.200 without the X-aliyun-ecs-metadata-token header');
    expect(f[0]!.fix).toContain('-H "X-aliyun-ecs-metadata-token: $TOKEN"');
  });

  it("flags a read through a variable and a wget, in plain #!/bin/bash user-data", () => {
    const script = "#!/bin/bash\nMD=http://100.100.100.200/latest/meta-data\nR=$(curl -s $MD/ram/security-credentials/)\nwget -qO- http://100.100.100.200/latest/meta-data/region-id\n";
    const f = findings("metadata-mode", aliRequired, aliWith(script));
    expect(f.map((x) => x.message.match(/`(.*)`/)![1])).toEqual(["curl -s $MD/ram/security-credentials/", "wget -qO- http://100.100.100.200/latest/meta-data/region-id"]);
  });

  it("does not flag plain reads when the template allows them (httpTokens: optional)", () => {
    const f = findings("metadata-mode", aliRequired, aliWith("#!/bin/bash\ncurl http://100.100.100.200/latest/meta-data/region-id\n", "optional"));
    expect(f).toEqual([]);
  });

  it("AWS: a plain IMDS read on an IMDSv2-only launch template", () => {
    const rs = clone(aws);
    named(rs, "main-lt").inputs.userData = b64("#!/bin/bash\nset -e\nREGION=$(curl -s http://169.254.169.254/latest/meta-data/placement/region)\n");
    const f = findings("metadata-mode", awsPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("reads 169.254.169.254 without the X-aws-ec2-metadata-token header");
    expect(f[0]!.fix).toContain("PUT http://169.254.169.254/latest/api/token with X-aws-ec2-metadata-token-ttl-seconds");
  });

  it("flags a token-only template when the plan asks for token-optional hosts", () => {
    const plan = withMetadataMode(aliPlan, "token-optional");
    const f = findings("metadata-mode", plan, aliWith(ALI_TOKEN_SCRIPT));
    expect(f).toHaveLength(1);
    expect(f[0]!.fix).toBe('set httpTokens: "optional" on main-lt when plan.bootstrap.metadata.mode is "token-optional"');
  });
});

describe("disk-floor (catalog facts when the plan has no bootstrap.disk)", () => {
  it("passes when the root disk holds image, engine image and weights", () => {
    expect(findings("disk-floor", withoutDiskFacts(awsPlan), aws)).toEqual([]);
    expect(findings("disk-floor", withoutDiskFacts(aliPlan), ali)).toEqual([]);
    expect(findings("disk-floor", withoutDiskFacts(tencentPlan), tencentRecording())).toEqual([]);
    expect(findings("disk-floor", withoutDiskFacts(volcPlan), volcengineRecording())).toEqual([]);
  });

  it("AWS: a 70 GB root volume is below the 75 GB DLAMI snapshot", () => {
    const rs = clone(aws);
    (named(rs, "main-lt").inputs.blockDeviceMappings as { ebs: { volumeSize: number } }[])[0]!.ebs.volumeSize = 70;
    const f = findings("disk-floor", withoutDiskFacts(awsPlan), rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("main-lt asks for a 70 GB root disk, smaller than the image's 75 GB snapshot: the cloud refuses the launch");
    // DLAMI 75 + installs 0 + vllm 30 + 5.6 × 1.2 = 111.72 → 112
    expect(f[0]!.fix).toBe("set the root disk of main-lt to at least 112 GB (plan.bootstrap.disk.rootVolumeGb)");
  });

  it("AWS: 100 GB holds the snapshot but not the engine image and weights; no mapping at all", () => {
    const rs = clone(aws);
    (named(rs, "main-lt").inputs.blockDeviceMappings as { ebs: { volumeSize: number } }[])[0]!.ebs.volumeSize = 100;
    expect(findings("disk-floor", withoutDiskFacts(awsPlan), rs)[0]!.message).toContain("main-lt asks for a 100 GB root disk; it must hold image floor 75 GB + engine image 30 GB + weights 6.7 GB = 112 GB");
    delete named(rs, "main-lt").inputs.blockDeviceMappings;
    expect(findings("disk-floor", withoutDiskFacts(awsPlan), rs)[0]!.message).toContain("main-lt sets no root volume size, so the root volume is the AMI's snapshot (75 GB)");
  });

  it("uses the plan's bootstrap.disk facts when present", () => {
    const plan = clone(awsPlan);
    plan.bootstrap.disk = {
      snapshotGb: 75,
      imageFloorGb: 75,
      engineImageGb: 30,
      weightsGb: 16,
      weightsHeadroom: 1.2,
      stagingGb: 0,
      recommendedMinGb: 100,
      rootVolumeGb: 130,
      status: "unverified",
      source: "test facts",
    };
    const rs = clone(aws);
    (named(rs, "main-lt").inputs.blockDeviceMappings as { ebs: { volumeSize: number } }[])[0]!.ebs.volumeSize = 120;
    const f = findings("disk-floor", plan, rs);
    // 75 + 30 + 16 × 1.2 = 124.2 → 125
    expect(f[0]!.message).toContain("= 125 GB");
    expect(f[0]!.message).toContain("plan.bootstrap.disk (test facts)");
  });

  it("Alibaba: a 40 GB system disk", () => {
    const rs = clone(ali);
    (named(rs, "main-lt").inputs.systemDisk as { size: number }).size = 40;
    // 20 + 15 (auto-install) + 30 + 6.72 = 71.72 → 72
    expect(findings("disk-floor", withoutDiskFacts(aliPlan), rs)[0]!.fix).toBe("set the root disk of main-lt to at least 72 GB (plan.bootstrap.disk.rootVolumeGb)");
  });

  it("Tencent fixed-size CVM: plain userDataRaw, system disk and weights data disk (dataDiskSize)", () => {
    const rs = tencentRecording().filter((r) => !r.type.startsWith("tencentcloud:As/"));
    rs.push({
      ...named(tencentRecording(), "main-launch-config"),
      type: "tencentcloud:Instance/instance:Instance",
      name: "main-host-0",
      urn: `${ROOT}gpu-inference:tencentcloud:VmTarget$tencentcloud:Instance/instance:Instance::main-host-0`,
      id: "main-host-0-id",
      inputs: {
        instanceName: "test-main-host-0",
        systemDiskSize: 70,
        dataDisks: [{ dataDiskType: "CLOUD_SSD", dataDiskSize: 50, encrypt: true }],
        orderlySecurityGroups: ["main-host-sg-id"],
        userDataRaw: "#cloud-config\nruncmd:\n  - [docker, pull, 'docker.io/vllm/vllm-openai:v0.11.0']\n",
      },
    });
    expect(findings("disk-floor", withoutDiskFacts(tencentPlan), rs)).toEqual([]);
    named(rs, "main-host-0", "tencentcloud:Instance/instance:Instance").inputs.systemDiskSize = 40;
    expect(findings("disk-floor", withoutDiskFacts(tencentPlan), rs).map((x) => x.fix)).toEqual(["set systemDiskSize >= 60 on main-host-0"]);
    expect(findings("mainland-registry", tencentPlan, rs)[0]!.message).toContain("main-host-0's user-data (runcmd[0]) pulls docker.io/vllm/vllm-openai:v0.11.0");
  });

  it("Tencent: weights data disk and system disk sized separately", () => {
    const rs = tencentRecording();
    Object.assign(named(rs, "main-launch-config").inputs, { systemDiskSize: 50, dataDisks: [{ diskType: "CLOUD_SSD", diskSize: 5 }] });
    const f = findings("disk-floor", withoutDiskFacts(tencentPlan), rs);
    // system: 20 + 10 + 30 = 60; weights: 5.6 × 1.2 = 6.72 → 7
    expect(f.map((x) => x.fix)).toEqual(["set systemDiskSize >= 60 on main-launch-config", "size the first data disk of main-launch-config to at least 7 GB"]);
  });

  it("Volcano Engine: the scaling configuration's system volume", () => {
    const rs = volcengineRecording();
    (named(rs, "main-scaling-config").inputs.volumes as { size: number }[])[0]!.size = 60;
    // 40 + 10 + 30 + 6.72 = 86.72 → 87
    expect(findings("disk-floor", withoutDiskFacts(volcPlan), rs)[0]!.message).toContain("main-scaling-config asks for a 60 GB root disk; it must hold image floor 50 GB + engine image 30 GB + weights 6.7 GB = 87 GB");
  });
});

describe("health-grace", () => {
  it("passes when the ELB grace covers the start budget", () => {
    expect(findings("health-grace", awsPlan, aws)).toEqual([]);
    expect(findings("health-grace", aliPlan, ali)).toEqual([]);
  });

  it("AWS: a 20-minute grace against a 60-minute start budget", () => {
    const rs = clone(aws);
    named(rs, "main-asg").inputs.healthCheckGracePeriod = 1200;
    const f = findings("health-grace", awsPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.resource.endsWith("::main-asg")).toBe(true);
    expect(f[0]!.message).toContain("main-asg replaces hosts the load balancer reports unhealthy (healthCheckType) after a 1200 s grace, shorter than the engine's start budget of 3600 s");
    expect(f[0]!.fix).toBe("set healthCheckGracePeriod: 3600 (plan.bootstrap.startBudgetSec) on main-asg");
  });

  it("AWS: no grace set means AWS's 300 s default; EC2 health checks are not judged", () => {
    const rs = clone(aws);
    delete named(rs, "main-asg").inputs.healthCheckGracePeriod;
    expect(findings("health-grace", awsPlan, rs)[0]!.message).toContain("after a 300 s grace (the default)");
    named(rs, "main-asg").inputs.healthCheckType = "EC2";
    expect(findings("health-grace", awsPlan, rs)).toEqual([]);
  });

  it("Alibaba: LOAD_BALANCER health checks with no grace input", () => {
    const rs = clone(ali);
    named(rs, "main-asg").inputs.healthCheckTypes = ["ECS", "LOAD_BALANCER"];
    const f = findings("health-grace", aliPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.fix).toContain("drop LOAD_BALANCER from healthCheckTypes on main-asg");
  });

  it("Tencent: CLB health replacement with a 600 s grace", () => {
    const rs = tencentRecording();
    Object.assign(named(rs, "main-scaling-group").inputs, { replaceLoadBalancerUnhealthy: true, lbHealthCheckGracePeriod: 600 });
    expect(findings("health-grace", tencentPlan, rs)[0]!.fix).toBe("set lbHealthCheckGracePeriod: 3600 (plan.bootstrap.startBudgetSec) on main-scaling-group");
  });
});

describe("mainland-registry", () => {
  it("passes for in-cloud registries in mainland targets, and ignores global targets", () => {
    expect(findings("mainland-registry", aliPlan, ali)).toEqual([]);
    expect(findings("mainland-registry", tencentPlan, tencentRecording())).toEqual([]);
    expect(findings("mainland-registry", volcPlan, volcengineRecording())).toEqual([]);
    expect(findings("mainland-registry", awsPlan, aws)).toEqual([]); // docker.io, but us-east-1
  });

  it("flags a docker.io engine image in cn-hangzhou, in the plan and in the user-data", async () => {
    const plan = targetPlan("alicloud");
    const rs = await recordTarget(plan);
    const f = findings("mainland-registry", plan, rs);
    expect(f).toHaveLength(2);
    expect(f[0]!.message).toContain("target main in cn-hangzhou (mainland China) plans engine image vllm/vllm-openai:v0.11.0: docker.io is blocked from mainland China");
    expect(f[1]!.resource.endsWith("::main-lt")).toBe(true);
    expect(f[1]!.message).toContain("main-lt's user-data (write_files:/usr/local/bin/gpu-inference-start) pulls vllm/vllm-openai:v0.11.0");
    expect(f[1]!.fix).toContain("registry-vpc.cn-hangzhou.aliyuncs.com (ACR)");
  });

  it("flags a VPC-only ACR endpoint of another region and an nvcr.io pull in the user-data", () => {
    const other = withImage(targetPlan("alicloud"), "registry-vpc.cn-beijing.aliyuncs.com/kit/vllm-openai:v0.11.0");
    const f = findings("mainland-registry", other, ali);
    expect(f[0]!.message).toContain("registry-vpc.cn-beijing.aliyuncs.com is a VPC-only endpoint of alicloud cn-beijing; hosts on alicloud cn-hangzhou cannot reach it");
    const rs = tencentRecording();
    named(rs, "main-launch-config").inputs.userData = b64("#cloud-config\nruncmd:\n  - [docker, pull, 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3']\n");
    const g = findings("mainland-registry", tencentPlan, rs);
    expect(g).toHaveLength(1);
    expect(g[0]!.message).toContain("nvcr.io is unreliable from mainland China");
  });
});

describe("as policy-pack rules", () => {
  it("reports the same findings through a StackValidationPolicy-shaped rule", () => {
    const rs = clone(aws);
    named(rs, "main-asg").inputs.healthCheckGracePeriod = 1200;
    const policyResources = rs.map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: r.inputs,
      parent: r.parent ? { urn: r.parent } : undefined,
      provider: r.provider ? { urn: r.provider.slice(0, r.provider.lastIndexOf("::")) } : undefined,
      id: r.id,
    }));
    expect(toRecorded(policyResources).filter((r) => r.custom).length).toBe(rs.filter((r) => r.custom).length);
    const rule = stackRule(deployabilityCheck("health-grace"), () => deployment(awsPlan));
    expect(rule.name).toBe("deployability-health-grace");
    const violations: [string, string | undefined][] = [];
    rule.validateStack({ resources: policyResources }, (m, u) => violations.push([m, u]));
    expect(violations).toHaveLength(1);
    expect(violations[0]![1]).toBe("urn:pulumi:test::gpu-inference::gpu-inference:aws:VmTarget$aws:autoscaling/group:Group::main-asg");
    expect(violations[0]![0]).toContain("-- fix: set healthCheckGracePeriod: 3600");
  });
});

describe("formatting and user-data reading", () => {
  it("formats one line per finding: check, target, resource, message, fix", () => {
    const f: Finding = { check: "disk-floor", target: "main", resource: "urn:x::main-lt", message: "too small", fix: "grow it" };
    expect(formatFindings([f, f])).toBe("disk-floor main urn:x::main-lt: too small -- fix: grow it\ndisk-floor main urn:x::main-lt: too small -- fix: grow it");
  });

  it("runDeployability returns findings and notes of all checks", () => {
    const r = runDeployability({ plan: deployment(tencentPlan), resources: tencentRecording().filter((x) => x.name !== "main-nat") });
    expect(r.findings.map((x) => `${x.check} ${x.resource}`)).toEqual(["host-egress main-nat"]);
  });

  it("decodes base64 and gzip user-data and finds docker pulls, runs and metadata reads", () => {
    const text = "#!/bin/bash\nIMAGE=ccr.ccs.tencentyun.com/kit/vllm:1\ndocker pull \"${IMAGE}\"\nexec docker run --gpus all -p 8000:8000 -e A=b --ipc=host 'ghcr.io/x/y:2' --port 8000\n";
    expect(decodeUserData(b64(text))).toBe(text);
    expect(decodeUserData(gzipSync(Buffer.from(text)).toString("base64"))).toBe(text);
    expect(decodeUserData("[secret]")).toBeUndefined();
    expect(imagePulls(shellTexts(text)).map((p) => p.image)).toEqual(["ccr.ccs.tencentyun.com/kit/vllm:1", "ghcr.io/x/y:2"]);
    const reads = metadataReads(shellTexts("#!/bin/bash\nT=$(curl -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token)\ncurl -H \"X-aws-ec2-metadata-token: $T\" http://169.254.169.254/latest/meta-data/\n"), ["169.254.169.254"]);
    expect(reads.map((r) => [r.tokenRequest, r.headers])).toEqual([
      [true, ["x-aws-ec2-metadata-token-ttl-seconds"]],
      [false, ["x-aws-ec2-metadata-token"]],
    ]);
  });
});
