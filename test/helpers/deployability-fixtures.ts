/** Shared set-up of the deployability-fixtures tests (split from deployability.test.ts). */
import { ADAPTERS } from "../../components/adapter-registry";
import type { DeploymentPlan, TargetPlan } from "../../components/plan/types";
import type { Cloud } from "../../catalog/schema";
import { deployabilityCheck, type CheckId, type Finding, type RecordedResourceLike } from "../../deployability";
import { targetArgs, targetPlan } from "../fixtures/target-plan";
import { record } from "./recording";


// ---------------------------------------------------------------------------------------------
// helpers

export function deployment(...targets: TargetPlan[]): DeploymentPlan {
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

export function check(id: CheckId, plan: TargetPlan, resources: readonly RecordedResourceLike[]) {
  return deployabilityCheck(id).run({ plan: deployment(plan), resources });
}

export function findings(id: CheckId, plan: TargetPlan, resources: readonly RecordedResourceLike[]): Finding[] {
  return check(id, plan, resources).findings;
}

export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function named(resources: readonly RecordedResourceLike[], name: string, type?: string): RecordedResourceLike {
  const r = resources.find((x) => x.name === name && (!type || x.type === type));
  if (!r) throw new Error(`no recorded resource ${name}`);
  return r;
}

export const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

export async function recordTarget(plan: TargetPlan): Promise<RecordedResourceLike[]> {
  return record(() => {
    ADAPTERS[plan.placement.cloud].createTarget(plan.names.logical, targetArgs(plan), {});
  });
}

/** Replaces the engine image everywhere in a plan (engine.image and the user-data). */
export function withImage(plan: TargetPlan, image: string): TargetPlan {
  const p = clone(plan);
  p.bootstrap.userData = p.bootstrap.userData.split(plan.engine.image).join(image);
  p.engine.image = image;
  return p;
}

/** The plan without `bootstrap.disk`, so disk-floor falls back to catalog/facts/images.ts (the values the tests spell out). */
export function withoutDiskFacts(plan: TargetPlan): TargetPlan {
  const p = clone(plan);
  delete (p.bootstrap as { disk?: unknown }).disk;
  return p;
}

/** The plan with `bootstrap.metadata.mode` set (the rest of the facet as the planner would write it for Alibaba Cloud). */
export function withMetadataMode(plan: TargetPlan, mode: "token-required" | "token-optional"): TargetPlan {
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

export const ROOT = "urn:pulumi:test::gpu-inference::";

/** Builds a recording under one target component with one explicit provider. */
export function builder(cloud: Cloud, region: string) {
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

export const USER_DATA = b64("#cloud-config\nruncmd:\n  - [docker, pull, 'ccr.ccs.tencentyun.com/kit/vllm-openai:v0.11.0']\n");

/** The layout the rewritten Tencent adapter must record (scaling-group variant). */
export function tencentRecording(): RecordedResourceLike[] {
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
export function volcengineRecording(): RecordedResourceLike[] {
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


/** The targets the recordings are made from. */
export const awsPlan = targetPlan("aws");
export const aliPlan = withImage(targetPlan("alicloud"), "registry-vpc.cn-hangzhou.aliyuncs.com/kit/vllm-openai:v0.11.0");
export const tencentPlan = withImage(targetPlan("tencentcloud", { secrets: [] }), "ccr.ccs.tencentyun.com/kit/vllm-openai:v0.11.0");
export const volcPlan = withImage(targetPlan("volcengine", { secrets: [] }), "kit-cn-beijing.cr.volces.com/kit/vllm-openai:v0.11.0");
export const tencentFixedPlan = withImage(targetPlan("tencentcloud", { secrets: [], replicas: { min: 2, max: 2 } }), "ccr.ccs.tencentyun.com/kit/vllm-openai:v0.11.0");
