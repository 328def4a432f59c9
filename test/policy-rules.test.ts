/**
 * Every rule of the pack (except the deployability rules, exercised over real runs in
 * test/check-matrix.test.ts) with a compliant case, a violating case and a case with the property
 * missing or unknown at preview, run through the offline runner `gpukit check` uses (props wrapped
 * in `unknownCheckingProxy`). Expected messages are written by hand.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { RULES, type StackContext } from "../policies/rules";
import { b64, check, contextOf, res, TAGS, UNKNOWN } from "./policy-harness";
import { withIds } from "../policies/rules/deployability";
import type { CheckResource } from "../cli/format/check-run";

const ALI_LT = "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate";
const ALI_ASG = "alicloud:ess/scalingGroup:ScalingGroup";
const ALI_RULE = "alicloud:ecs/securityGroupRule:SecurityGroupRule";
const ALB = "alicloud:alb/loadBalancer:LoadBalancer";
const AWS_LT = "aws:ec2/launchTemplate:LaunchTemplate";
const AWS_IN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const TC_VM = "tencentcloud:Instance/instance:Instance";

let dev: StackContext;
beforeAll(() => {
  dev = contextOf("dev");
});

const target = () => res("gpu-inference:alicloud:VmTarget", "hangzhou", {}, { custom: false, id: undefined });
const parent = "urn:pulumi:test::gpu-inference::gpu-inference:alicloud:VmTarget::hangzhou";
const lt = (over: Record<string, unknown> = {}) =>
  res(ALI_LT, "hangzhou-lt", { instanceType: "ecs.gn7i-c8g1.2xlarge", httpTokens: "required", internetMaxBandwidthOut: 0, spotStrategy: "SpotAsPriceGo", systemDisk: { encrypted: true, size: 70 }, tags: TAGS, userData: b64("#cloud-config\nruncmd: [echo hi]\n"), ...over }, { parent });
const asg = (over: Record<string, unknown> = {}) => res(ALI_ASG, "hangzhou-asg", { minSize: 1, maxSize: 1, tags: TAGS, ...over }, { parent });
const aliRule = (name: string, over: Record<string, unknown>) => res(ALI_RULE, name, { type: "ingress", policy: "accept", ipProtocol: "tcp", nicType: "intranet", ...over });
const alb = (addressType: string, over: Record<string, unknown> = {}) => res(ALB, "hangzhou-alb", { addressType, tags: TAGS, ...over });
const provider = (cloud: string, region: unknown) => res(`pulumi:providers:${cloud}`, `${cloud}-provider`, { region });
const withSpec = (ctx: StackContext, patch: (spec: StackContext["spec"]) => StackContext["spec"]): StackContext => ({ ...ctx, spec: patch(structuredClone(ctx.spec)) });

/** One rule's cases. `edge` expects a violation matching the RegExp, "cant-run" (advisory can't-run), or "none". */
interface Case {
  /** Distinguishes several cases of one rule. */
  name?: string;
  rule: string;
  ctx?: () => StackContext | null;
  config?: Record<string, unknown>;
  good: () => CheckResource[];
  bad: () => CheckResource[];
  badMessage: RegExp;
  edge: () => CheckResource[];
  edgeCtx?: () => StackContext | null;
  edgeExpect: RegExp | "cant-run" | "none";
}

const NO_SPEC = /has no gpu-inference:deployment spec/;
const CASES: Case[] = [
  { rule: "cost-monthly-budget", config: { maxMonthly: 1e9 }, good: () => [target(), lt(), asg()], bad: () => [target(), lt(), asg()], badMessage: /exceeds the budget of 1000000000\.00 CNY|exceeds the budget of 1\.00 CNY/, edge: () => [lt()], edgeCtx: () => null, edgeExpect: NO_SPEC },
  { rule: "cost-max-gpus", config: { maxGpus: 1 }, good: () => [target(), lt(), asg({ maxSize: 1 })], bad: () => [target(), lt(), asg({ maxSize: 4 })], badMessage: /can run 4 GPUs .*hangzhou-lt: 1×4.*above maxGpus 1/, edge: () => [target(), lt(), asg({ maxSize: UNKNOWN })], edgeExpect: "cant-run" },
  { rule: "cost-allowed-gpu-models", config: { allowedModels: ["A10"] }, good: () => [lt()], bad: () => [lt({ instanceType: "ecs.gn8is.2xlarge" })], badMessage: /hangzhou-lt runs L20 \(ecs\.gn8is\.2xlarge\); allowed in this environment: A10/, edge: () => [lt({ instanceType: UNKNOWN })], edgeExpect: "cant-run" },
  { rule: "cost-spot-required", config: { requireSpot: true }, good: () => [lt()], bad: () => [lt({ spotStrategy: "NoSpot" })], badMessage: /hangzhou-lt \(ecs\.gn7i-c8g1\.2xlarge\) is on-demand/, edge: () => [lt({ spotStrategy: UNKNOWN })], edgeExpect: "cant-run" },
  { rule: "cost-top-tier-gpus", good: () => [lt()], bad: () => [lt({ instanceType: "ecs.gn8v.4xlarge" }), lt({ instanceType: "ecs.gn7i-8x.16xlarge" })], badMessage: /top-tier GPU H20 .*|8-GPU board/, edge: () => [lt({ instanceType: UNKNOWN })], edgeExpect: "cant-run" },
  { rule: "cost-autoscaling-max", config: { maxReplicas: 2 }, good: () => [asg({ maxSize: 2 })], bad: () => [asg({ maxSize: 5 })], badMessage: /hangzhou-asg maxSize 5 is above maxReplicas 2/, edge: () => [asg({ maxSize: undefined })], edgeExpect: /hangzhou-asg has no maxSize/ },
  { rule: "cost-unpriced-resources", good: () => [target()], bad: () => [res("alicloud:foo/bar:Bar", "hangzhou-bar", {})], badMessage: /hangzhou-bar \(alicloud:foo\/bar:Bar\) is unpriced: no price rule/, edge: () => [target()], edgeCtx: () => null, edgeExpect: NO_SPEC },
  { rule: "sec-no-admin-ports-open", good: () => [aliRule("hangzhou-ssh", { cidrIp: "10.0.0.0/8", portRange: "22/22" })], bad: () => [aliRule("hangzhou-ssh", { cidrIp: "0.0.0.0/0", portRange: "20/25" }), res("tencentcloud:Security/groupRuleSet:GroupRuleSet", "gz-rules", { ingresses: [{ action: "ACCEPT", cidrBlock: "0.0.0.0/0", port: "3389", protocol: "TCP" }] })], badMessage: /hangzhou-ssh admits port\(s\) 22 from 0\.0\.0\.0\/0|gz-rules admits port\(s\) 3389/, edge: () => [aliRule("hangzhou-ssh", { cidrIp: UNKNOWN, portRange: "22/22" })], edgeExpect: "cant-run" },
  { rule: "sec-engine-port-lb-only", good: () => [aliRule("hangzhou-host-in-engine-0", { cidrIp: "10.42.240.0/24", portRange: "8000/8000" }), res(AWS_IN, "use1-host-in-engine", { fromPort: 8000, toPort: 8000, ipProtocol: "tcp", referencedSecurityGroupId: "sg-lb" })], bad: () => [aliRule("hangzhou-host-in-engine-0", { cidrIp: "10.0.0.0/8", portRange: "8000/8000" })], badMessage: /hangzhou-host-in-engine-0 admits engine port 8000 from 10\.0\.0\.0\/8; only the load balancer \(10\.42\.240\.0\/24/, edge: () => [aliRule("hangzhou-host-in-engine-0", { cidrIp: UNKNOWN, portRange: "8000/8000" })], edgeExpect: "cant-run" },
  { rule: "sec-https-listeners", config: { requireHttps: true }, good: () => [res("aws:lb/listener:Listener", "use1-https", { protocol: "HTTPS", port: 443 })], bad: () => [res("alicloud:alb/listener:Listener", "hangzhou-http", { listenerProtocol: "HTTP" })], badMessage: /hangzhou-http listens with HTTP; this environment requires HTTPS/, edge: () => [res("volcengine:clb/listener:Listener", "beijing-listener", {})], edgeExpect: /beijing-listener has no protocol/ },
  {
    rule: "sec-open-listener-auth",
    good: () => [alb("Intranet"), res("alicloud:alb/aclEntryAttachment:AclEntryAttachment", "hangzhou-acl-entry-0", { entry: "0.0.0.0/0" })],
    bad: () => [alb("Internet"), res("alicloud:alb/aclEntryAttachment:AclEntryAttachment", "hangzhou-acl-entry-0", { entry: "0.0.0.0/0" })],
    badMessage: /hangzhou-alb is internet-facing and open to the internet \(hangzhou-acl-entry-0\) with no engine API key/,
    edge: () => [alb(UNKNOWN)],
    edgeExpect: "cant-run",
  },
  { rule: "sec-data-stores-private", good: () => [res("aws:rds/instance:Instance", "db", { publiclyAccessible: false })], bad: () => [res("aws:rds/instance:Instance", "db", { publiclyAccessible: true })], badMessage: /db \(aws:rds\/instance:Instance\) is reachable from the internet/, edge: () => [res("alicloud:rds/instance:Instance", "db", { securityIps: UNKNOWN })], edgeExpect: "cant-run" },
  { rule: "sec-data-stores-private", name: "gateway Redis", good: () => [res("aws:elasticache/replicationGroup:ReplicationGroup", "redis", { securityGroupIds: ["sg-1"] }), res("alicloud:kvstore/instance:Instance", "tair", { securityIps: "10.42.0.0/20,10.42.16.0/20" })], bad: () => [res("alicloud:kvstore/instance:Instance", "tair", { securityIps: "10.42.0.0/20,0.0.0.0/0" })], badMessage: /tair \(alicloud:kvstore\/instance:Instance\) is reachable from the internet/, edge: () => [res("alicloud:kvstore/instance:Instance", "tair", { securityIps: UNKNOWN })], edgeExpect: "cant-run" },
  { rule: "sec-no-public-ip-gpu-hosts", good: () => [lt(), res(TC_VM, "gz-host-0", { allocatePublicIp: false })], bad: () => [lt({ internetMaxBandwidthOut: 100 })], badMessage: /hangzhou-lt: internetMaxBandwidthOut is 100/, edge: () => [res(AWS_LT, "use1-lt", { instanceType: "g6e.xlarge" })], edgeExpect: /use1-lt: no networkInterfaces: whether hosts get a public IP depends on the subnet/ },
  { rule: "sec-imds-hardened", good: () => [lt({ httpTokens: "optional" }), res(AWS_LT, "use1-lt", { metadataOptions: { httpTokens: "required" } })], bad: () => [res(AWS_LT, "use1-lt", { metadataOptions: { httpTokens: "optional" } })], badMessage: /use1-lt does not require metadata tokens \(httpTokens: optional\)/, edge: () => [res(AWS_LT, "use1-lt", {})], edgeExpect: /use1-lt does not require metadata tokens \(httpTokens: unset/ },
  { rule: "sec-imds-plain-reads", good: () => [lt()], bad: () => [lt({ httpTokens: "optional" })], badMessage: /hangzhou-lt allows plain metadata reads for auto_install/, edge: () => [lt({ httpTokens: UNKNOWN })], edgeExpect: "cant-run" },
  { rule: "sec-encrypted-disks", good: () => [lt(), res(TC_VM, "gz-host-0", { dataDisks: [{ dataDiskName: "w", encrypt: true }] })], bad: () => [lt({ systemDisk: { encrypted: false } }), res(TC_VM, "gz-host-0", { dataDisks: [{ dataDiskName: "w", encrypt: false }] })], badMessage: /hangzhou-lt: unencrypted system disk|gz-host-0: unencrypted data disk w/, edge: () => [res(AWS_LT, "use1-lt", {})], edgeExpect: /use1-lt: unencrypted root volume \(no blockDeviceMappings/ },
  { rule: "sec-disk-encryption-unavailable", good: () => [lt()], bad: () => [res(TC_VM, "gz-host-0", {})], badMessage: /gz-host-0: the provider cannot encrypt the system disk/, edge: () => [res("volcengine:ecs/instance:Instance", "bj-host-0", { systemVolumeType: UNKNOWN })], edgeExpect: /bj-host-0: the provider cannot encrypt the system volume/ },
  { rule: "sec-no-plaintext-secrets", good: () => [lt({ userData: b64('#cloud-config\nruncmd: [ "HF_TOKEN=$(md secret)" ]\n') })], bad: () => [lt({ userData: b64("#cloud-config\nwrite_files: [{content: 'HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH'}]\n") }), res("kubernetes:apps/v1:Deployment", "engine", { spec: { template: { spec: { containers: [{ env: [{ name: "AWS_ACCESS_KEY_ID", value: "AKIAABCDEFGHIJKLMNOP" }] }] } } } })], badMessage: /hangzhou-lt carries a Hugging Face token in user-data|engine carries a AWS access key id in container env/, edge: () => [lt({ userData: UNKNOWN })], edgeExpect: "cant-run" },
  { rule: "comp-required-tags", good: () => [lt(), res(ALI_RULE, "r", {})], bad: () => [lt({ tags: { environment: "dev", "cost-center": "x" } })], badMessage: /hangzhou-lt is missing tag\(s\) owner/, edge: () => [lt({ tags: undefined })], edgeExpect: /hangzhou-lt has no tags \(needs environment, owner, cost-center\)/ },
  { rule: "comp-data-classification-tag", good: () => [lt({ tags: { ...TAGS, "data-classification": "internal" } })], bad: () => [lt()], badMessage: /hangzhou-lt has data-classification unset; the spec says internal/, edge: () => [lt()], edgeCtx: () => null, edgeExpect: NO_SPEC },
  { rule: "comp-data-residency", good: () => [provider("alicloud", "cn-hangzhou"), lt({ userData: b64("ossutil64 cp -r s d -e oss-cn-hangzhou-internal.aliyuncs.com") })], bad: () => [provider("alicloud", "ap-southeast-1"), lt({ userData: b64("aws s3 sync --only-show-errors --region 'us-east-1' s d") })], badMessage: /provider alicloud-provider is in ap-southeast-1 .*outside mainland China|pulls weights from aws object storage in us-east-1/, edge: () => [provider("alicloud", UNKNOWN)], edgeExpect: "cant-run" },
  { rule: "comp-export-control", config: { blockedStatuses: ["licence-required", "barred"] }, good: () => [lt()], bad: () => [lt({ instanceType: "ecs.gn7-c12g1.3xlarge" })], badMessage: /hangzhou-lt runs A100-40G in cn-hangzhou: export-control status licence-required \(since 2022-10-07\)/, edge: () => [lt({ instanceType: UNKNOWN })], edgeExpect: "cant-run" },
  { rule: "comp-cn-filing-moderation", good: () => [alb("Intranet")], bad: () => [alb("Internet")], badMessage: /hangzhou-alb serve\(s\) the public in mainland China without compliance\.filingNumber \(备案号\) and compliance\.moderation/, edge: () => [provider("alicloud", "cn-hangzhou"), alb("Internet")], edgeCtx: () => null, edgeExpect: NO_SPEC },
  { rule: "comp-cn-log-retention", good: () => [alb("Internet"), res("alicloud:log/store:Store", "hangzhou-logs", { retentionPeriod: 365 })], bad: () => [alb("Internet")], badMessage: /no log store yet: request\/response logs are not retained 180 days/, edge: () => [alb("Internet"), res("alicloud:log/store:Store", "hangzhou-logs", { retentionPeriod: UNKNOWN })], edgeExpect: "cant-run" },
];

describe("every rule has a compliant, a violating and a missing/unknown case", () => {
  it("covers every non-deployability rule", () => {
    const named = RULES.filter((r) => r.meta.category !== "deployability").map((r) => r.policy.name).sort();
    expect([...new Set(CASES.map((c) => c.rule))].sort()).toEqual(named);
  });

  for (const c of CASES) {
    describe(c.name ? `${c.rule} (${c.name})` : c.rule, () => {
      const ctx = () => (c.ctx ? c.ctx() : dev);
      it("compliant: no violation", async () => {
        expect(await check(c.rule, c.good(), ctx(), c.config)).toEqual([]);
      });
      it("violating: a mandatory violation with the expected message", async () => {
        const config = c.rule === "cost-monthly-budget" ? { maxMonthly: 1 } : c.config;
        const v = await check(c.rule, c.bad(), ctx(), config);
        expect(v.length).toBeGreaterThan(0);
        for (const x of v) {
          expect(x.policy).toBe(c.rule);
          expect(x.enforcementLevel).toBe("mandatory");
          expect(x.message).toMatch(c.badMessage);
          expect(x.remediation.length).toBeGreaterThan(10);
        }
      });
      it("missing or unknown property", async () => {
        const v = await check(c.rule, c.edge(), c.edgeCtx ? c.edgeCtx() : ctx(), c.config);
        if (c.edgeExpect === "none") return void expect(v).toEqual([]);
        expect(v.length).toBeGreaterThan(0);
        if (c.edgeExpect === "cant-run") {
          expect(v[0]!.enforcementLevel).toBe("advisory");
          expect(v[0]!.message).toMatch(new RegExp(`^can't run policy '${c.rule}' from policy pack 'gpu-inference-kit@v0\\.1\\.0' during preview: string value at \\.`));
        } else {
          expect(v[0]!.enforcementLevel).toBe("mandatory");
          expect(v[0]!.message).toMatch(c.edgeExpect);
        }
      });
    });
  }
});

describe("rule details", () => {
  it("sec-open-listener-auth passes a public open listener when the spec sets an engine API key", async () => {
    const keyed = withSpec(dev, (s) => ({ ...s, engine: { ...s.engine, apiKeySecret: "engineApiKey" } }));
    expect(await check("sec-open-listener-auth", [alb("Internet"), res("alicloud:alb/aclEntryAttachment:AclEntryAttachment", "hangzhou-acl-entry-0", { entry: "0.0.0.0/0" })], keyed)).toEqual([]);
  });
  it("sec-open-listener-auth: an Alibaba ALB with no ACL at all is open", async () => {
    const v = await check("sec-open-listener-auth", [alb("Internet"), res(ALI_RULE, "hangzhou-host-in-engine-0", { type: "ingress", cidrIp: "10.42.240.0/24", portRange: "8000/8000" })], dev);
    expect(v.map((x) => x.message)).toEqual(["hangzhou-alb is internet-facing and open to the internet (no client allow-list) with no engine API key and no gateway"]);
  });
  it("deployability rules rebuild ids from propertyDependencies under the host (no ids given)", () => {
    const eip = { type: "alicloud:ecs/eipAddress:EipAddress", name: "hangzhou-nat-eip", urn: "urn:eip", props: {} };
    const assoc = { type: "alicloud:ecs/eipAssociation:EipAssociation", name: "hangzhou-nat-eip-assoc", urn: "urn:assoc", props: { allocationId: "eip-123", instanceId: "ngw-9" }, propertyDependencies: { allocationId: [{ urn: "urn:eip" }], instanceId: [{ urn: "urn:nat" }, { urn: "urn:other" }] } };
    const nat = { type: "alicloud:vpc/natGateway:NatGateway", name: "hangzhou-nat", urn: "urn:nat", props: {} };
    expect(withIds([eip, assoc, nat]).map((r) => r.id)).toEqual(["eip-123", undefined, undefined]);
  });
  it("sec-no-admin-ports-open: public Kubernetes API endpoints (EKS, ACK) and EKS SSH without a source group", async () => {
    const eks = (vpcConfig: Record<string, unknown>) => res("aws:eks/cluster:Cluster", "use1-eks", { vpcConfig });
    expect(await check("sec-no-admin-ports-open", [eks({ endpointPublicAccess: false }), res("alicloud:cs/managedKubernetes:ManagedKubernetes", "hz-ack", { slbInternetEnabled: false })], dev)).toEqual([]);
    const v = await check("sec-no-admin-ports-open", [eks({ endpointPublicAccess: true }), res("alicloud:cs/managedKubernetes:ManagedKubernetes", "hz-ack", {}), res("aws:eks/nodeGroup:NodeGroup", "use1-ng", { remoteAccess: { ec2SshKey: "k" } })], dev);
    expect(v.map((x) => x.message.split(":")[0])).toEqual(["use1-eks", "hz-ack", "use1-ng"]);
  });
  it("comp-cn-filing-moderation passes with a filing number and moderation", async () => {
    const filed = withSpec(dev, (s) => ({ ...s, compliance: { ...s.compliance!, filingNumber: "Beijing-XX-2026-001", moderation: { provider: "alicloud-content-moderation" } as never } }));
    expect(await check("comp-cn-filing-moderation", [alb("Internet")], filed)).toEqual([]);
  });
  it("sec-imds-hardened refuses Alibaba httpTokens optional when the plan names no boot tool", async () => {
    const strict = structuredClone(dev);
    strict.plan.targets[0]!.bootstrap.metadata = { ...strict.plan.targets[0]!.bootstrap.metadata, mode: "token-required", plainModeTools: [] };
    const v = await check("sec-imds-hardened", [lt({ httpTokens: "optional" })], strict);
    expect(v.map((x) => x.message)).toEqual(["hangzhou-lt sets httpTokens: optional but the plan's metadata facts name no boot tool that needs plain reads"]);
  });
  it("comp-export-control: a GPU restricted for China is unrestricted outside mainland regions", async () => {
    const staging = contextOf("staging");
    const v = await check("comp-export-control", [res(AWS_LT, "use1-lt", { instanceType: "g6e.xlarge" })], staging, { blockedStatuses: ["licence-required", "barred"] });
    expect(v).toEqual([]);
  });
  it("a rule configured `disabled` does not run, and `all` applies where a rule has no entry", async () => {
    const { runPolicies } = await import("../cli/format/check-run.js");
    const rule = RULES.find((r) => r.policy.name === "sec-no-public-ip-gpu-hosts")!;
    const bad = [lt({ internetMaxBandwidthOut: 5 })];
    expect((await runPolicies([rule.policy], bad, { all: "disabled" }, { name: "p", version: "1" })).policiesRun).toBe(0);
    expect((await runPolicies([rule.policy], bad, { all: "advisory" }, { name: "p", version: "1" })).violations[0]!.enforcementLevel).toBe("advisory");
    expect((await runPolicies([rule.policy], bad, { all: "advisory", "sec-no-public-ip-gpu-hosts": "mandatory" }, { name: "p", version: "1" })).violations[0]!.enforcementLevel).toBe("mandatory");
  });
});
