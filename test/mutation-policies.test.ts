/**
 * Hand-computed cases for the policy pack's security rules (policies/rules/security-network.ts,
 * security-host.ts) written against the mutants that survived test/policy-rules.test.ts
 * (bench/RESULTS.md, extended block): every reader of every resource type with a compliant and a
 * violating props object and the exact finding, the not-applicable paths, and the stack context
 * (plan targets) the engine-port and metadata rules read — a hand-made plan, not the planner's.
 * Pure: the rules are called directly over recorded props; no Pulumi SDK, no subprocess.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { afterEach, describe, expect, it } from "vitest";
import { NO_CONTEXT, setStackContext, type StackContext } from "../policies/rules/context";
import { diskEncryptionUnavailable, encryptedDisks, findSecret, imdsHardened, imdsPlainReads, noPlaintextSecrets, noPublicIp } from "../policies/rules/security-host";
import { dataStoresPrivate, enginePortLbOnly, httpsListeners, noAdminPortsOpen, openListenerNeedsAuth } from "../policies/rules/security-network";
import type { KitRule } from "../policies/rules/types";

type Props = Record<string, unknown>;
interface Findings {
  reports: string[];
  notApplicable: string[];
}

/** Runs a resource rule over one resource named `name`. */
function onResource(rule: KitRule, type: string, props: Props, name = "hz-res", config: Props = {}): Findings {
  const out: Findings = { reports: [], notApplicable: [] };
  const validate = (rule.policy as ResourceValidationPolicy).validateResource as (args: unknown, report: (m: string) => void) => void;
  validate({ type, name, props, urn: `urn:pulumi:t::p::${type}::${name}`, getConfig: () => config, notApplicable: (why: string) => void out.notApplicable.push(why) }, (m) => out.reports.push(m));
  return out;
}
/** The findings of one resource rule, as a list of messages. */
const reportsOf = (rule: KitRule, type: string, props: Props, name = "hz-res", config: Props = {}) => onResource(rule, type, props, name, config).reports;

/** Runs a stack rule over `[type, name, props]` resources; each finding as `message @ urn-name`. */
function onStack(rule: KitRule, resources: [string, string, Props][], config: Props = {}): string[] {
  const out: string[] = [];
  const validate = (rule.policy as StackValidationPolicy).validateStack as (args: unknown, report: (m: string, urn?: string) => void) => void;
  validate({ resources: resources.map(([type, name, props]) => ({ type, name, props, urn: `urn:${name}` })), getConfig: () => config }, (m, urn) => out.push(`${m} @ ${urn ?? "stack"}`));
  return out;
}

/** A hand-made stack context: the spec's engine and gateway, plan targets with only what the rules read. */
function pin(targets: Props[], spec: { apiKeySecret?: string; gateway?: unknown } = {}): void {
  setStackContext({ stack: "t", spec: { engine: { apiKeySecret: spec.apiKeySecret }, gateway: spec.gateway }, plan: { targets } } as unknown as StackContext);
}
afterEach(() => setStackContext(undefined));

const ALI_RULE = "alicloud:ecs/securityGroupRule:SecurityGroupRule";
const AWS_IN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const TC_RULES = "tencentcloud:Security/groupRuleSet:GroupRuleSet";
const ali = (cidrIp: string | undefined, portRange: string, over: Props = {}) => ({ type: "ingress", policy: "accept", ipProtocol: "tcp", cidrIp, portRange, ...over });

describe("sec-no-admin-ports-open", () => {
  it("public Kubernetes API endpoints, per cloud, with the exact reason", () => {
    const eks = "aws:eks/cluster:Cluster";
    const why = "use1-eks: the Kubernetes API endpoint is public and open to 0.0.0.0/0 (vpcConfig.endpointPublicAccess / publicAccessCidrs)";
    expect(reportsOf(noAdminPortsOpen, eks, { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["10.0.0.0/8"] } }, "use1-eks")).toEqual([]);
    expect(reportsOf(noAdminPortsOpen, eks, { vpcConfig: { publicAccessCidrs: ["10.0.0.0/8", "0.0.0.0/0"] } }, "use1-eks")).toEqual([why]);
    expect(reportsOf(noAdminPortsOpen, eks, {}, "use1-eks")).toEqual([why]);
    for (const [type, verb] of [["tencentcloud:Kubernetes/cluster:Cluster", "has"], ["tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint", "gets"]] as const) {
      expect(reportsOf(noAdminPortsOpen, type, { clusterInternet: true }, "gz-tke")).toEqual([`gz-tke: the TKE API server ${verb} an internet endpoint (clusterInternet is true)`]);
      expect(reportsOf(noAdminPortsOpen, type, { clusterInternet: false }, "gz-tke")).toEqual([]);
      expect(reportsOf(noAdminPortsOpen, type, {}, "gz-tke")).toEqual([]);
    }
    const vke = "volcengine:vke/cluster:Cluster";
    const vkeWhy = "bj-vke: the VKE API server has a public endpoint (clusterConfig.apiServerPublicAccessEnabled is not false)";
    expect(reportsOf(noAdminPortsOpen, vke, { clusterConfig: { apiServerPublicAccessEnabled: false } }, "bj-vke")).toEqual([]);
    expect(reportsOf(noAdminPortsOpen, vke, {}, "bj-vke")).toEqual([vkeWhy]);
    expect(reportsOf(noAdminPortsOpen, vke, { clusterConfig: {} }, "bj-vke")).toEqual([vkeWhy]);
    const kc = "volcengine:vke/kubeconfig:Kubeconfig";
    expect(reportsOf(noAdminPortsOpen, kc, { type: "Public" }, "bj-kc")).toEqual(["bj-kc: a kubeconfig for the VKE public endpoint is issued (type Public)"]);
    expect(reportsOf(noAdminPortsOpen, kc, { type: "Private" }, "bj-kc")).toEqual([]);
  });

  it("EKS node groups: SSH only when remoteAccess has no source group", () => {
    const ng = "aws:eks/nodeGroup:NodeGroup";
    expect(reportsOf(noAdminPortsOpen, ng, {})).toEqual([]);
    expect(reportsOf(noAdminPortsOpen, ng, { remoteAccess: { ec2SshKey: "k", sourceSecurityGroupIds: ["sg-1"] } })).toEqual([]);
    expect(reportsOf(noAdminPortsOpen, ng, { remoteAccess: { ec2SshKey: "k" } }, "use1-ng")).toEqual(["use1-ng: remoteAccess without sourceSecurityGroupIds opens SSH (22) to the internet"]);
  });

  it("security-group rules: only internet sources, only the configured ports, each listed", () => {
    expect(onResource(noAdminPortsOpen, "aws:s3/bucket:Bucket", {})).toEqual({ reports: [], notApplicable: ["not a security-group rule"] });
    expect(reportsOf(noAdminPortsOpen, ALI_RULE, ali("0.0.0.0/0", "22/22", { sourceSecurityGroupId: "sg-1" }))).toEqual([]);
    expect(reportsOf(noAdminPortsOpen, ALI_RULE, ali("0.0.0.0/0", "443/443"))).toEqual([]);
    expect(reportsOf(noAdminPortsOpen, ALI_RULE, ali("0.0.0.0/0", "20/3389"), "hz-ssh")).toEqual(["hz-ssh admits port(s) 22, 3389 from 0.0.0.0/0"]);
    // a Tencent rule set: "80,22" is two ranges, one of them SSH
    expect(reportsOf(noAdminPortsOpen, TC_RULES, { ingresses: [{ action: "ACCEPT", cidrBlock: "::/0", port: "80,22", protocol: "TCP" }] }, "gz-rules")).toEqual(["gz-rules admits port(s) 22 from ::/0"]);
    expect(reportsOf(noAdminPortsOpen, ALI_RULE, ali("0.0.0.0/0", "2222/2222"), "hz-ssh", { ports: [2222] })).toEqual(["hz-ssh admits port(s) 2222 from 0.0.0.0/0"]);
  });
});

describe("sec-engine-port-lb-only", () => {
  const vmTarget = { name: "hz", engine: { port: 9000 }, loadBalancer: { backendAccess: { cidrs: ["10.0.240.0/24"] } }, network: { vpcCidr: "10.0.0.0/16" } };
  const k8s = (mode: string, networks?: Props) => ({ ...vmTarget, name: "ack", kubernetes: { cluster: { mode, networks } } });

  it("without a stack context: port 8000, only a source group may reach it", () => {
    setStackContext(null);
    expect(onResource(enginePortLbOnly, "aws:s3/bucket:Bucket", {})).toEqual({ reports: [], notApplicable: ["not a security-group rule"] });
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("0.0.0.0/0", "8000/8000"), "x-in")).toEqual(["x-in admits engine port 8000 from 0.0.0.0/0; only the load balancer (its security group) may reach it"]);
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("0.0.0.0/0", "22/22"), "x-in")).toEqual([]);
    expect(reportsOf(enginePortLbOnly, AWS_IN, { ipProtocol: "tcp", fromPort: 8000, toPort: 8000, referencedSecurityGroupId: "sg-lb" })).toEqual([]);
    expect(reportsOf(enginePortLbOnly, AWS_IN, { ipProtocol: "tcp", fromPort: 8000, toPort: 8000 }, "x-in")).toEqual(["x-in admits engine port 8000 from an unstated source"]);
    expect(reportsOf(enginePortLbOnly, TC_RULES, { ingresses: [{ action: "ACCEPT", cidrBlock: "10.0.0.0/8", port: "22,8000" }] }, "x-in")).toEqual([
      "x-in admits engine port 8000 from 10.0.0.0/8; only the load balancer (its security group) may reach it",
    ]);
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("10.1.0.0/24", "8000/8000"), "x-in", { allowedSourceCidrs: ["10.1.0.0/16"] })).toEqual([]);
    const two = { enginePorts: [8000, 8001] };
    expect(reportsOf(enginePortLbOnly, AWS_IN, { ipProtocol: "tcp", fromPort: 7000, toPort: 9000 }, "x-in", two)).toEqual(["x-in admits engine port 8000, 8001 from an unstated source"]);
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("10.9.0.0/24", "8000/8001"), "x-in", { ...two, allowedSourceCidrs: ["10.1.0.0/16", "10.2.0.0/16"] })).toEqual([
      "x-in admits engine port 8000, 8001 from 10.9.0.0/24; only the load balancer (10.1.0.0/16, 10.2.0.0/16) may reach it",
    ]);
  });

  it("a vm target: the plan's engine port, only its load-balancer CIDRs (not the VPC)", () => {
    pin([vmTarget]);
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("0.0.0.0/0", "8000/8000"), "hz-in")).toEqual([]);
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("10.0.240.0/25", "9000/9000"), "hz-in")).toEqual([]);
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("10.0.5.0/24", "9000/9000"), "hz-in")).toEqual(["hz-in admits engine port 9000 from 10.0.5.0/24; only the load balancer (10.0.240.0/24) may reach it"]);
  });

  it("a managed cluster admits the VPC and the pod CIDR; a kubeconfig cluster does not", () => {
    pin([k8s("new", { podCidr: "172.16.0.0/16" })]);
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("10.0.5.0/24", "9000/9000"), "ack-in")).toEqual([]);
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("172.16.3.0/24", "9000/9000"), "ack-in")).toEqual([]);
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("192.168.0.0/24", "9000/9000"), "ack-in")).toEqual([
      "ack-in admits engine port 9000 from 192.168.0.0/24; only the load balancer (10.0.240.0/24, 10.0.0.0/16, 172.16.0.0/16) may reach it",
    ]);
    pin([k8s("existing")]); // no pod CIDR known: the VPC only
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("10.0.5.0/24", "9000/9000"), "ack-in")).toEqual([]);
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("192.168.0.0/24", "9000/9000"), "ack-in")).toEqual(["ack-in admits engine port 9000 from 192.168.0.0/24; only the load balancer (10.0.240.0/24, 10.0.0.0/16) may reach it"]);
    pin([k8s("kubeconfig", { podCidr: "172.16.0.0/16" })]);
    expect(reportsOf(enginePortLbOnly, ALI_RULE, ali("10.0.5.0/24", "9000/9000"), "ack-in")).toEqual(["ack-in admits engine port 9000 from 10.0.5.0/24; only the load balancer (10.0.240.0/24) may reach it"]);
  });
});

describe("sec-https-listeners", () => {
  it("only when required; TLS protocols in any case; a missing protocol is reported", () => {
    expect(onResource(httpsListeners, "aws:lb/loadBalancer:LoadBalancer", {})).toEqual({ reports: [], notApplicable: ["not a listener"] });
    expect(reportsOf(httpsListeners, "aws:lb/listener:Listener", { protocol: "HTTP" })).toEqual([]);
    const strict = { requireHttps: true };
    for (const protocol of ["https", "TLS", "TCP_SSL", "QUIC", "TERMINATED_HTTPS"]) expect(reportsOf(httpsListeners, "aws:lb/listener:Listener", { protocol }, "l", strict)).toEqual([]);
    expect(reportsOf(httpsListeners, "tencentcloud:Clb/listener:Listener", { protocol: "TCP" }, "gz-l", strict)).toEqual(["gz-l listens with TCP; this environment requires HTTPS"]);
    expect(reportsOf(httpsListeners, "alicloud:alb/listener:Listener", {}, "hz-l", strict)).toEqual(["hz-l has no listenerProtocol: cannot tell whether it terminates TLS"]);
  });
});

describe("sec-open-listener-auth", () => {
  const ALB: [string, string, Props] = ["alicloud:alb/loadBalancer:LoadBalancer", "hz-alb", { addressType: "Internet" }];
  const ACL_ATTACH: [string, string, Props] = ["alicloud:alb/listenerAclAttachment:ListenerAclAttachment", "hz-acl-attach", {}];
  const entry = (name: string, cidr: string): [string, string, Props] => ["alicloud:alb/aclEntryAttachment:AclEntryAttachment", name, { entry: cidr }];
  const open = (lb: string, what: string) => `${lb} is internet-facing and open to the internet (${what}) with no engine API key and no gateway @ urn:${lb}`;

  it("no internet-facing load balancer: nothing to check, even without a context", () => {
    setStackContext(null);
    expect(onStack(openListenerNeedsAuth, [["alicloud:alb/loadBalancer:LoadBalancer", "hz-alb", { addressType: "Intranet" }], entry("hz-e", "0.0.0.0/0")])).toEqual([]);
    expect(onStack(openListenerNeedsAuth, [ALB])).toEqual([`${NO_CONTEXT} @ stack`]);
  });

  it("Alibaba ALB: an open ACL entry or no ACL is open; narrow entries in this target are not; other targets do not count", () => {
    pin([]);
    expect(onStack(openListenerNeedsAuth, [ALB, ACL_ATTACH, entry("hz-e0", "10.0.0.0/8"), entry("bj-e0", "0.0.0.0/0")])).toEqual([]);
    expect(onStack(openListenerNeedsAuth, [ALB, ACL_ATTACH, entry("hz-e0", "::/0"), entry("hz-e1", "0.0.0.0/0")])).toEqual([open("hz-alb", "hz-e0, hz-e1")]);
    expect(onStack(openListenerNeedsAuth, [ALB, entry("hz-e0", "10.0.0.0/8")])).toEqual([open("hz-alb", "no client allow-list")]);
  });

  it("an API key, the spec's gateway or a configured gateway type lets an open listener pass", () => {
    const resources = [ALB, entry("hz-e1", "0.0.0.0/0"), ["x:gw:Gw", "hz-gw", {}] as [string, string, Props]];
    pin([], { apiKeySecret: "engineKey" });
    expect(onStack(openListenerNeedsAuth, resources)).toEqual([]);
    pin([], { gateway: { consumers: [] } });
    expect(onStack(openListenerNeedsAuth, resources)).toEqual([]);
    pin([]);
    expect(onStack(openListenerNeedsAuth, resources, { gatewayTypes: ["x:gw:Gw"] })).toEqual([]);
    expect(onStack(openListenerNeedsAuth, resources, { gatewayTypes: ["y:gw:Gw"] })).toEqual([open("hz-alb", "hz-e1")]);
  });

  it("Volcano CLB: an ACL with any open entry; a listener with the ACL off restricts nothing", () => {
    pin([]);
    const clb: [string, string, Props] = ["volcengine:clb/clb:Clb", "bj-clb", { type: "public" }];
    const listener = (aclStatus: string): [string, string, Props] => ["volcengine:clb/listener:Listener", "bj-l", { aclStatus }];
    const acl = (...entries: string[]): [string, string, Props] => ["volcengine:clb/acl:Acl", "bj-acl", { aclEntries: entries.map((e) => ({ entry: e })) }];
    expect(onStack(openListenerNeedsAuth, [clb, listener("on"), acl("10.0.0.0/8")])).toEqual([]);
    expect(onStack(openListenerNeedsAuth, [clb, listener("on"), acl("10.0.0.0/8", "0.0.0.0/0")])).toEqual([open("bj-clb", "bj-acl")]);
    expect(onStack(openListenerNeedsAuth, [clb, listener("off"), acl("10.0.0.0/8")])).toEqual([open("bj-clb", "no client allow-list")]);
  });

  it("security-group ingress: open only from the internet without a source group", () => {
    pin([]);
    const lb: [string, string, Props] = ["aws:lb/loadBalancer:LoadBalancer", "use1-alb", { internal: false }];
    const ingress = (name: string, p: Props): [string, string, Props] => [AWS_IN, name, { ipProtocol: "tcp", fromPort: 443, toPort: 443, ...p }];
    expect(onStack(openListenerNeedsAuth, [lb, ingress("use1-in", { cidrIpv4: "0.0.0.0/0" })])).toEqual([open("use1-alb", "use1-in")]);
    expect(onStack(openListenerNeedsAuth, [lb, ingress("use1-in", { cidrIpv4: "10.0.0.0/8" }), ingress("use1-in2", {})])).toEqual([]);
    expect(onStack(openListenerNeedsAuth, [ALB, ACL_ATTACH, [ALI_RULE, "hz-in", ali("0.0.0.0/0", "443/443", { sourceSecurityGroupId: "sg-1" })]])).toEqual([]);
  });
});

describe("sec-data-stores-private", () => {
  const isPublic = (type: string, props: Props) => reportsOf(dataStoresPrivate, type, props, "db").length === 1;
  it("reads each data store's own notion of public", () => {
    expect(onResource(dataStoresPrivate, "aws:s3/bucket:Bucket", {})).toEqual({ reports: [], notApplicable: ["not a data store"] });
    expect(reportsOf(dataStoresPrivate, "aws:rds/instance:Instance", { publiclyAccessible: true }, "db")).toEqual(["db (aws:rds/instance:Instance) is reachable from the internet"]);
    expect(isPublic("aws:rds/instance:Instance", {})).toBe(false);
    const aliRds = "alicloud:rds/instance:Instance";
    expect([isPublic(aliRds, { securityIps: ["10.0.0.0/8"], dbInstanceNetType: "Intranet" }), isPublic(aliRds, { securityIps: ["10.0.0.0/8"], dbInstanceNetType: "Internet" }), isPublic(aliRds, { securityIps: ["10.0.0.0/8", "0.0.0.0/0"] })]).toEqual([false, true, true]);
    expect([isPublic("tencentcloud:Postgresql/instance:Instance", { publicAccessSwitch: true }), isPublic("tencentcloud:Postgresql/instance:Instance", {})]).toEqual([true, false]);
    const volc = "volcengine:rds_postgresql/allowList:AllowList";
    expect([isPublic(volc, { allowLists: ["10.0.0.0/8", "0.0.0.0/0"] }), isPublic(volc, { allowLists: ["10.0.0.0/8"] })]).toEqual([true, false]);
    const redis = "aws:elasticache/replicationGroup:ReplicationGroup";
    expect([isPublic(redis, { securityGroupIds: ["sg-1"] }), isPublic(redis, { securityGroupIds: [] })]).toEqual([false, true]);
    const tair = "alicloud:kvstore/instance:Instance";
    expect([isPublic(tair, { securityIps: "10.0.0.0/8, 0.0.0.0/0" }), isPublic(tair, { securityIps: "10.0.0.0/8" }), isPublic(tair, {})]).toEqual([true, false, false]);
  });

  it("Kubernetes: a database chart or service exposed as LoadBalancer/NodePort", () => {
    const helm = "kubernetes:helm.sh/v3:Release";
    expect([
      isPublic(helm, { chart: "qdrant", values: { service: { type: "LoadBalancer" } } }),
      isPublic(helm, { chart: "milvus", values: { service: { type: "NodePort" } } }),
      isPublic(helm, { chart: "qdrant", values: { service: { type: "ClusterIP" } } }),
      isPublic(helm, { chart: "qdrant" }),
      isPublic(helm, { chart: "nginx", values: { service: { type: "LoadBalancer" } } }),
      isPublic(helm, { values: { service: { type: "LoadBalancer" } } }),
    ]).toEqual([true, true, false, false, false, false]);
    const svc = "kubernetes:core/v1:Service";
    const db = { labels: { app: "pgvector" } };
    expect([
      isPublic(svc, { metadata: db, spec: { type: "LoadBalancer" } }),
      isPublic(svc, { metadata: db, spec: { type: "NodePort" } }),
      isPublic(svc, { metadata: db, spec: { type: "ClusterIP" } }),
      isPublic(svc, { metadata: { labels: { app: "web" } }, spec: { type: "LoadBalancer" } }),
      isPublic(svc, { spec: { type: "LoadBalancer" } }),
      isPublic(svc, { metadata: {}, spec: { type: "LoadBalancer" } }),
    ]).toEqual([true, true, false, false, false, false]);
  });
});

describe("sec-no-public-ip-gpu-hosts", () => {
  it("each host type: the exact reason when public, nothing when private", () => {
    expect(onResource(noPublicIp, "aws:s3/bucket:Bucket", {})).toEqual({ reports: [], notApplicable: ["not a GPU host or host address"] });
    const cases: [string, Props, string | undefined][] = [
      ["aws:ec2/launchTemplate:LaunchTemplate", { networkInterfaces: [{ associatePublicIpAddress: false }, { associatePublicIpAddress: "true" }] }, "networkInterfaces[].associatePublicIpAddress is true"],
      ["aws:ec2/launchTemplate:LaunchTemplate", { networkInterfaces: [{ associatePublicIpAddress: false }] }, undefined],
      ["aws:ec2/instance:Instance", { associatePublicIpAddress: true }, "associatePublicIpAddress is true"],
      ["aws:ec2/instance:Instance", { associatePublicIpAddress: false }, undefined],
      ["aws:ec2/eip:Eip", { instance: "i-1" }, "an Elastic IP is attached to an instance"],
      ["aws:ec2/eip:Eip", { networkInterface: "eni-1" }, "an Elastic IP is attached to an instance"],
      ["aws:ec2/eip:Eip", { domain: "vpc" }, undefined],
      ["alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", { internetMaxBandwidthOut: "10" }, "internetMaxBandwidthOut is 10"],
      ["alicloud:cs/nodePool:NodePool", { internetMaxBandwidthOut: 5 }, "internetMaxBandwidthOut is 5"],
      ["alicloud:cs/nodePool:NodePool", { internetMaxBandwidthOut: 0 }, undefined],
      ["alicloud:ecs/instance:Instance", { internetMaxBandwidthOut: 1 }, "internetMaxBandwidthOut is 1"],
      ["alicloud:ecs/instance:Instance", {}, undefined],
      ["alicloud:ecs/eipAssociation:EipAssociation", { instanceType: "EcsInstance", instanceId: "x" }, "an EIP is associated with an ECS instance"],
      ["alicloud:ecs/eipAssociation:EipAssociation", { instanceId: "i-bp1" }, "an EIP is associated with an ECS instance"],
      ["alicloud:ecs/eipAssociation:EipAssociation", { instanceType: "Nat", instanceId: "ngw-i-1" }, undefined],
      ["alicloud:ecs/eipAssociation:EipAssociation", {}, undefined],
      ["tencentcloud:Instance/instance:Instance", { allocatePublicIp: true }, "allocatePublicIp / internetMaxBandwidthOut give the host a public IP"],
      ["tencentcloud:Instance/instance:Instance", { allocatePublicIp: false, internetMaxBandwidthOut: 10 }, "allocatePublicIp / internetMaxBandwidthOut give the host a public IP"],
      ["tencentcloud:Instance/instance:Instance", { allocatePublicIp: false, internetMaxBandwidthOut: 0 }, undefined],
      ["tencentcloud:As/scalingConfig:ScalingConfig", { publicIpAssigned: true }, "publicIpAssigned is true"],
      ["tencentcloud:As/scalingConfig:ScalingConfig", { publicIpAssigned: false }, undefined],
      ["volcengine:ecs/instance:Instance", { eipId: "eip-1" }, "the instance is created with an EIP"],
      ["volcengine:ecs/instance:Instance", {}, undefined],
      ["volcengine:eip/associate:Associate", { instanceType: "EcsInstance" }, "an EIP is associated with an ECS instance"],
      ["volcengine:eip/associate:Associate", { instanceType: "Nat" }, undefined],
      ["volcengine:autoscaling/scalingConfiguration:ScalingConfiguration", { eipBandwidth: 10 }, "eipBandwidth is 10"],
      ["volcengine:autoscaling/scalingConfiguration:ScalingConfiguration", { eipBandwidth: 0 }, undefined],
      ["tencentcloud:Kubernetes/nodePool:NodePool", { autoScalingConfig: { publicIpAssigned: true } }, "autoScalingConfig.publicIpAssigned / internetMaxBandwidthOut give the nodes a public IP"],
      ["tencentcloud:Kubernetes/nodePool:NodePool", { autoScalingConfig: { internetMaxBandwidthOut: 5 } }, "autoScalingConfig.publicIpAssigned / internetMaxBandwidthOut give the nodes a public IP"],
      ["tencentcloud:Kubernetes/nodePool:NodePool", { autoScalingConfig: { publicIpAssigned: false, internetMaxBandwidthOut: 0 } }, undefined],
      ["tencentcloud:Kubernetes/nodePool:NodePool", {}, undefined],
      ["volcengine:vke/cluster:Cluster", { clusterConfig: { resourcePublicAccessDefaultEnabled: true } }, "clusterConfig.resourcePublicAccessDefaultEnabled gives the nodes public access"],
      ["volcengine:vke/cluster:Cluster", {}, undefined],
    ];
    for (const [type, props, why] of cases) expect([type, reportsOf(noPublicIp, type, props, "h")]).toEqual([type, why ? [`h: ${why}`] : []]);
  });
});

describe("sec-imds-hardened and sec-imds-plain-reads", () => {
  const ALI_LT = "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate";
  const tokenOptional = (tools: string[]) => ({ name: "hz", bootstrap: { metadata: { mode: "token-optional", plainModeTools: tools } } });

  it("hardened: required passes; AWS optional/unset fails; Alibaba optional only with a plan boot tool", () => {
    expect(onResource(imdsHardened, "aws:ec2/eip:Eip", {})).toEqual({ reports: [], notApplicable: ["no token-only metadata mode for this type"] });
    pin([tokenOptional(["auto_install"])]);
    expect(reportsOf(imdsHardened, "aws:ec2/instance:Instance", { metadataOptions: { httpTokens: "required" } })).toEqual([]);
    expect(reportsOf(imdsHardened, "aws:ec2/instance:Instance", {}, "use1-vm")).toEqual(["use1-vm does not require metadata tokens (httpTokens: unset, the cloud's default allows plain reads)"]);
    expect(reportsOf(imdsHardened, "aws:ec2/instance:Instance", { metadataOptions: { httpTokens: "optional" } }, "hz-vm")).toEqual(["hz-vm does not require metadata tokens (httpTokens: optional)"]);
    expect(reportsOf(imdsHardened, ALI_LT, { httpTokens: "optional" }, "hz-lt")).toEqual([]);
    expect(reportsOf(imdsHardened, ALI_LT, {}, "hz-lt")).toEqual(["hz-lt does not require metadata tokens (httpTokens: unset, the cloud's default allows plain reads)"]);
    pin([tokenOptional([])]);
    expect(reportsOf(imdsHardened, ALI_LT, { httpTokens: "optional" }, "hz-lt")).toEqual(["hz-lt sets httpTokens: optional but the plan's metadata facts name no boot tool that needs plain reads"]);
    setStackContext(null);
    expect(reportsOf(imdsHardened, ALI_LT, { httpTokens: "optional" }, "hz-lt")).toEqual([`hz-lt sets httpTokens: optional and ${NO_CONTEXT}`]);
  });

  it("plain reads: reported on Alibaba hosts with httpTokens optional while the plan names boot tools", () => {
    expect(onResource(imdsPlainReads, "aws:ec2/instance:Instance", {})).toEqual({ reports: [], notApplicable: ["not an Alibaba host"] });
    expect(onResource(imdsPlainReads, "alicloud:ecs/disk:Disk", {})).toEqual({ reports: [], notApplicable: ["not an Alibaba host"] });
    pin([tokenOptional(["auto_install", "ossutil"])]);
    expect(reportsOf(imdsPlainReads, ALI_LT, { httpTokens: "optional" }, "hz-lt")).toEqual(["hz-lt allows plain metadata reads for auto_install, ossutil (plan bootstrap.metadata.plainModeTools)"]);
    expect(reportsOf(imdsPlainReads, ALI_LT, { httpTokens: "required" }, "hz-lt")).toEqual([]);
    expect(reportsOf(imdsPlainReads, ALI_LT, { httpTokens: "optional" }, "bj-lt")).toEqual([]); // no plan target bj
    pin([{ name: "hz", bootstrap: { metadata: { mode: "token-required", plainModeTools: ["auto_install"] } } }]);
    expect(reportsOf(imdsPlainReads, ALI_LT, { httpTokens: "optional" }, "hz-lt")).toEqual([]);
    setStackContext(null);
    expect(reportsOf(imdsPlainReads, "alicloud:ecs/instance:Instance", { httpTokens: "optional" }, "hz-vm")).toEqual([]);
  });
});

describe("sec-encrypted-disks and sec-disk-encryption-unavailable", () => {
  it("each disk reader names the unencrypted disks (data disks by name, else by their index in the list)", () => {
    expect(onResource(encryptedDisks, "aws:s3/bucket:Bucket", {})).toEqual({ reports: [], notApplicable: ["no disk settings on this type"] });
    const enc = { encrypted: true };
    const cases: [string, Props, string | undefined][] = [
      ["aws:ec2/launchTemplate:LaunchTemplate", {}, "root volume (no blockDeviceMappings: encryption left to the AMI and account default)"],
      ["aws:ec2/launchTemplate:LaunchTemplate", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: enc }, { deviceName: "/dev/xvdb", ebs: { encrypted: false } }, {}] }, "/dev/xvdb, volume"],
      ["aws:ec2/launchTemplate:LaunchTemplate", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: enc }] }, undefined],
      ["aws:ec2/instance:Instance", { rootBlockDevice: enc }, undefined],
      ["aws:ec2/instance:Instance", {}, "root volume"],
      ["alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", { systemDisk: enc, dataDisks: [{ name: "w", ...enc }, { encrypted: false }] }, "data disk 1"],
      ["alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", { dataDisks: [{ name: "w", encrypted: "false" }] }, "system disk, data disk w"],
      ["alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", { systemDisk: enc, dataDisks: [enc] }, undefined],
      ["alicloud:ecs/instance:Instance", { systemDiskEncrypted: true, dataDisks: [enc, { name: "m" }] }, "data disk m"],
      ["alicloud:ecs/instance:Instance", { dataDisks: [enc] }, "system disk"],
      ["alicloud:cs/nodePool:NodePool", { systemDiskEncrypted: true, dataDisks: [enc, {}] }, "data disk 1"],
      ["alicloud:cs/nodePool:NodePool", { systemDiskEncrypted: true }, undefined],
      ["alicloud:cs/nodePool:NodePool", { dataDisks: [] }, "system disk"],
      ["tencentcloud:Cbs/storage:Storage", { encrypt: true }, undefined],
      ["tencentcloud:Cbs/storage:Storage", {}, "disk"],
      ["tencentcloud:Instance/instance:Instance", { dataDisks: [{ encrypt: true }, { dataDiskName: "w" }, {}] }, "data disk w, data disk 2"],
      ["tencentcloud:Instance/instance:Instance", {}, undefined],
      ["tencentcloud:As/scalingConfig:ScalingConfig", { dataDisks: [{ encrypt: true }, { encrypt: false }] }, "data disk 1"],
      ["tencentcloud:As/scalingConfig:ScalingConfig", { dataDisks: [{ encrypt: true }] }, undefined],
      ["tencentcloud:Kubernetes/nodePool:NodePool", { autoScalingConfig: { dataDisks: [{ encrypt: true }, {}] } }, "data disk 1"],
      ["tencentcloud:Kubernetes/nodePool:NodePool", {}, undefined],
      ["aws:ebs/volume:Volume", { encrypted: true }, undefined],
      ["aws:ebs/volume:Volume", {}, "volume"],
      ["alicloud:ecs/disk:Disk", { encrypted: true }, undefined],
      ["alicloud:ecs/disk:Disk", { encrypted: false }, "disk"],
      ["alicloud:rds/instance:Instance", { encryptionKey: "key-1" }, undefined],
      ["alicloud:rds/instance:Instance", { encryptionKey: "disabled" }, "database storage (encryptionKey)"],
      ["alicloud:rds/instance:Instance", { encryptionKey: "" }, "database storage (encryptionKey)"],
      ["alicloud:rds/instance:Instance", { encryptionKey: 1 }, "database storage (encryptionKey)"],
      ["tencentcloud:Postgresql/instance:Instance", { needSupportTde: 1 }, undefined],
      ["tencentcloud:Postgresql/instance:Instance", { needSupportTde: 0 }, "database storage (needSupportTde)"],
    ];
    for (const [type, props, plain] of cases) expect([type, reportsOf(encryptedDisks, type, props, "d")]).toEqual([type, plain ? [`d: unencrypted ${plain}`] : []]);
  });

  it("what a provider cannot encrypt is reported, other types are not applicable", () => {
    expect(onResource(diskEncryptionUnavailable, "aws:ec2/instance:Instance", {})).toEqual({ reports: [], notApplicable: ["the provider can encrypt this type's disks"] });
    expect(reportsOf(diskEncryptionUnavailable, "tencentcloud:As/scalingConfig:ScalingConfig", {}, "gz-sc")).toEqual(["gz-sc: the provider cannot encrypt the system disk (the scaling configuration has no system-disk encryption input)"]);
  });
});

describe("sec-no-plaintext-secrets", () => {
  const KEY = "AKIAABCDEFGHIJKLMNOP";
  const env = (spec: Props) => reportsOf(noPlaintextSecrets, "kubernetes:apps/v1:Deployment", { spec }, "eng");
  const pod = (envs: Props[]) => ({ containers: [{ name: "c", env: envs }] });

  it("container env of deployments, pods and cron jobs; values only, not secret references", () => {
    const found = ["eng carries a AWS access key id in container env"];
    expect(env({ template: { spec: pod([{ name: "A", value: "x" }, { name: "AWS_ACCESS_KEY_ID", value: KEY }]) } })).toEqual(found);
    expect(env({ template: { spec: pod([{ name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: KEY } } }]) } })).toEqual([]);
    expect(reportsOf(noPlaintextSecrets, "kubernetes:core/v1:Pod", { spec: pod([{ name: "K", value: KEY }]) }, "eng")).toEqual(found);
    expect(reportsOf(noPlaintextSecrets, "kubernetes:batch/v1:CronJob", { spec: { jobTemplate: { spec: { template: { spec: pod([{ name: "K", value: KEY }]) } } } } }, "eng")).toEqual(found);
    expect(reportsOf(noPlaintextSecrets, "kubernetes:batch/v1:CronJob", { spec: { jobTemplate: { spec: { template: { spec: pod([{ name: "K", value: "fine" }]) } } } } }, "eng")).toEqual([]);
    expect(env({ template: { spec: pod([{ name: "MODE", value: "AKIA" }, { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db" } } }]) } })).toEqual([]);
    expect([env({ template: { spec: { containers: [{ name: "c" }] } } }), onResource(noPlaintextSecrets, "kubernetes:apps/v1:Deployment", {})]).toEqual([[], { reports: [], notApplicable: [] }]);
  });

  it("SSM parameters: only a String parameter with a secret-looking value; other types are not applicable", () => {
    const ssm = "aws:ssm/parameter:Parameter";
    expect(reportsOf(noPlaintextSecrets, ssm, { type: "String", value: KEY }, "p")).toEqual(["p stores a secret-looking value as String (not SecureString)"]);
    expect(reportsOf(noPlaintextSecrets, ssm, { type: "SecureString", value: KEY }, "p")).toEqual([]);
    expect(reportsOf(noPlaintextSecrets, ssm, { type: "String", value: "us-east-1" }, "p")).toEqual([]);
    expect(onResource(noPlaintextSecrets, ssm, { type: "String" })).toEqual({ reports: [], notApplicable: [] });
    expect(onResource(noPlaintextSecrets, "aws:s3/bucket:Bucket", {})).toEqual({ reports: [], notApplicable: ["no user-data or container env"] });
  });
});

describe("findSecret: each pattern at its boundaries (hand-made strings)", () => {
  it("names the kind of the first pattern that matches, and nothing for near misses", () => {
    const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const cases: [string, string | undefined][] = [
      [`key AKIA${A.slice(0, 16)} end`, "AWS access key id"], [`ASIA${A.slice(0, 16)}`, "AWS access key id"], [`AKIA${A.slice(0, 15)}`, undefined], [`AKIA${A.slice(0, 17)}`, undefined], [`xAKIA${A.slice(0, 16)}`, undefined], [`AKIA${A.slice(0, 16).toLowerCase()}`, undefined],
      [`LTAI${A.slice(0, 12)}`, "Alibaba Cloud AccessKey id"], [`LTAI${A.slice(0, 24)}`, "Alibaba Cloud AccessKey id"], [`LTAI${A.slice(0, 11)}`, undefined], [`LTAI${A.slice(0, 25)}`, undefined],
      [`AKID${A.slice(0, 32)}`, "Tencent Cloud SecretId"], [`AKID${A.slice(0, 31)}`, undefined],
      [`AKLT${A.slice(0, 20)}`, "Volcano Engine AccessKey id"], [`AKLG${A.slice(0, 20)}`, "Volcano Engine AccessKey id"], [`AKLX${A.slice(0, 20)}`, undefined], [`AKLT${A.slice(0, 19)}`, undefined],
      [`hf_${A.slice(0, 30)}`, "Hugging Face token"], [`hf_${A.slice(0, 29)}`, undefined],
      ["-----BEGIN RSA PRIVATE KEY-----", "private key"], ["-----BEGIN PRIVATE KEY-----", "private key"], ["-----BEGIN PUBLIC KEY-----", undefined],
      ["db_password=hunter22", "password"], ["PASSWORD: 'abcdef'", "password"], ["api_key = abcdefg", "password"], ["secret_key:abcdefgh", "password"], ["passwd=abcdefgh", "password"], ["my-password-file=abcdefgh", "password"],
      ["password=abc12", undefined], ["password=$DBPASS", undefined], ["password=<secret>", undefined], ["password={{ x }}", undefined], ["password", undefined], ["pass=abcdefgh", undefined],
    ];
    expect(cases.map(([text]) => [text, findSecret(text)])).toEqual(cases);
  });
});
