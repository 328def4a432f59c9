/**
 * Alibaba Cloud adapter under mocks: the plan's network, regional provider on every resource and
 * look-up, engine port only from the ALB vSwitches, listener ACL, secrets under a target KMS key,
 * zone verification, ESS replacement and health settings. Expected values are written by hand.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { mockCalls, mockOutputs } from "../cli/offline/mocks";
import { installRecorder, settle, type MockCalls, type RecordedResource } from "../cli/offline/recorder";
import { failureSignal } from "../cli/offline/run";
import { alicloudAdapter } from "../components/alicloud";
import { admitsEveryone } from "../components/alicloud/load-balancer";
import { ALB_ZONES_TOKEN, ECS_ZONES_TOKEN, missingZones } from "../components/alicloud/zones";
import type { CloudTarget, CloudTargetArgs } from "../components/adapter";
import type { TargetPlan } from "../components/plan/types";
import { FIXTURE_SECRET_VALUES, targetArgs, targetPlan, type TargetPlanOptions } from "./fixtures/target-plan";
import { ofType } from "./helpers/recording";
import { assertSecureDefaults } from "./security-defaults";

const T = {
  provider: "pulumi:providers:alicloud",
  vpc: "alicloud:vpc/network:Network",
  vswitch: "alicloud:vpc/switch:Switch",
  nat: "alicloud:vpc/natGateway:NatGateway",
  eip: "alicloud:ecs/eipAddress:EipAddress",
  eipAssoc: "alicloud:ecs/eipAssociation:EipAssociation",
  snat: "alicloud:vpc/snatEntry:SnatEntry",
  sg: "alicloud:ecs/securityGroup:SecurityGroup",
  rule: "alicloud:ecs/securityGroupRule:SecurityGroupRule",
  key: "alicloud:kms/key:Key",
  secret: "alicloud:oos/secretParameter:SecretParameter",
  role: "alicloud:ram/role:Role",
  policy: "alicloud:ram/policy:Policy",
  attach: "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment",
  lt: "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate",
  asg: "alicloud:ess/scalingGroup:ScalingGroup",
  alb: "alicloud:alb/loadBalancer:LoadBalancer",
  servers: "alicloud:alb/serverGroup:ServerGroup",
  listener: "alicloud:alb/listener:Listener",
  acl: "alicloud:alb/acl:Acl",
  aclEntries: "alicloud:alb/aclEntryAttachment:AclEntryAttachment",
  aclAttach: "alicloud:alb/listenerAclAttachment:ListenerAclAttachment",
} as const;

const OPTIONAL = new Set<string>([T.acl, T.aclEntries, T.aclAttach]);
const REQUIRED_TAGS = { environment: "dev", owner: "ml-platform", "cost-center": "cc-4242", stack: "test", "managed-by": "gpu-inference-kit" };

function valueOf<V>(output: pulumi.Output<V>): Promise<V> {
  return new Promise((resolve) => output.apply((v) => (resolve(v), v)));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** An invoke as the mock saw it: token, inputs and the region of its provider. */
interface Invoke {
  token: string;
  inputs: Record<string, unknown>;
  region?: string;
}

/** A call override: an answer for (token, inputs, region), or undefined for the shared mock's. */
type Override = (token: string, inputs: Record<string, unknown>, region: string | undefined) => Record<string, unknown> | undefined;

/**
 * Records `build` under the offline mocks (region-aware, optionally overridden), noting every invoke
 * with its region, the `deleteBeforeReplace` option of every registration, and the errors the run
 * logs or rejects with. Waits at most `settleMs` when a failed look-up leaves registrations pending.
 */
async function recordAlicloud(build: () => void, override?: Override, settleMs = 1500) {
  const invokes: Invoke[] = [];
  const deleteBeforeReplace = new Map<string, boolean>();
  const errors: string[] = [];
  const failed = failureSignal(errors);
  try {
    const calls: MockCalls = (token, inputs, region) => {
      invokes.push({ token, inputs, region });
      return override?.(token, inputs, region) ?? mockCalls(token, inputs, region);
    };
    const records = await installRecorder({ project: "gpu-inference", stack: "test", outputs: mockOutputs, calls });
    const monitor = pulumi.runtime.getMonitor() as Any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: Any, callback: Any) => {
      deleteBeforeReplace.set(req.getName(), req.getDeletebeforereplace());
      return register(req, callback);
    };
    try {
      build();
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    await Promise.race([settle(records), new Promise((resolve) => setTimeout(resolve, settleMs))]);
    return { records, invokes, deleteBeforeReplace, errors };
  } finally {
    failed.dispose();
  }
}

async function build(options: TargetPlanOptions = {}, extra: Partial<CloudTargetArgs> = {}) {
  let target!: CloudTarget;
  let plan!: TargetPlan;
  const run = await recordAlicloud(() => {
    plan = targetPlan("alicloud", options);
    target = alicloudAdapter.createTarget("main", { ...targetArgs(plan), ...extra }, {});
  });
  expect(run.errors).toEqual([]);
  const { records } = run;
  const component = records.find((r) => r.type === "gpu-inference:alicloud:VmTarget")!;
  expect(component).toBeDefined();
  const byName = (name: string): RecordedResource => {
    const r = records.find((x) => x.name === name);
    if (!r) throw new Error(`no resource ${name}: ${records.map((x) => x.name).join(", ")}`);
    return r;
  };
  return { ...run, plan, target, component, byName };
}

const ingressRules = (records: RecordedResource[]) => ofType(records, T.rule).filter((r) => r.inputs.type === "ingress");

describe("alicloudAdapter (vm)", () => {
  it("builds every building block as a child of the target component", async () => {
    const { records, component } = await build();
    for (const type of Object.values(T)) {
      if (OPTIONAL.has(type)) continue;
      const ofT = ofType(records, type);
      expect(ofT.length, type).toBeGreaterThan(0);
      for (const r of ofT) expect(r.parent, `${type} ${r.name}`).toBe(component.urn);
    }
    for (const r of records.filter((x) => x.custom)) expect(r.name.startsWith("main-"), r.name).toBe(true);
    expect(alicloudAdapter.cloud).toBe("alicloud");
  });

  it("creates exactly the plan's vSwitches: host /20s in the host zones, ALB /24s from index 240", async () => {
    const { records, byName } = await build();
    expect(byName("main-vpc").inputs).toMatchObject({ cidrBlock: "10.42.0.0/16", vpcName: "test-main-vpc" });
    expect(
      ofType(records, T.vswitch).map((v) => [v.name, v.inputs.zoneId, v.inputs.cidrBlock, v.inputs.vswitchName, v.inputs.vpcId]),
    ).toEqual([
      ["main-host-0", "cn-hangzhou-j", "10.42.0.0/20", "test-main-host-0", "main-vpc-id"],
      ["main-host-1", "cn-hangzhou-k", "10.42.16.0/20", "test-main-host-1", "main-vpc-id"],
      ["main-lb-0", "cn-hangzhou-j", "10.42.240.0/24", "test-main-lb-0", "main-vpc-id"],
      ["main-lb-1", "cn-hangzhou-k", "10.42.241.0/24", "test-main-lb-1", "main-vpc-id"],
    ]);
  });

  it("gives hosts egress through an enhanced NAT gateway in the plan's NAT vSwitch with one SNAT entry per host vSwitch", async () => {
    const { records, byName } = await build();
    expect(byName("main-nat").inputs).toMatchObject({
      natType: "Enhanced",
      networkType: "internet",
      paymentType: "PayAsYouGo",
      internetChargeType: "PayByLcu",
      vswitchId: "main-lb-0-id",
      vpcId: "main-vpc-id",
      natGatewayName: "test-main-nat",
    });
    expect(byName("main-nat-eip").inputs).toMatchObject({ paymentType: "PayAsYouGo", internetChargeType: "PayByTraffic", bandwidth: "200" });
    expect(byName("main-nat-eip-assoc").inputs).toMatchObject({ allocationId: "main-nat-eip-id", instanceId: "main-nat-id", instanceType: "Nat" });
    const snat = ofType(records, T.snat);
    expect(snat.map((s) => s.inputs.sourceVswitchId)).toEqual(["main-host-0-id", "main-host-1-id"]);
    for (const s of snat) expect(s.inputs).toMatchObject({ snatTableId: "stb-main-nat", snatIp: "203.0.113.20" });
  });

  it("opens the engine port only from exactly the two ALB vSwitch CIDRs, with no SSH and no open ingress", async () => {
    const { records, byName } = await build();
    expect(byName("main-host-sg").inputs).toMatchObject({ innerAccessPolicy: "Drop", securityGroupName: "test-main-host-sg", vpcId: "main-vpc-id" });
    const ingress = ingressRules(records);
    expect(ingress.map((r) => r.inputs.cidrIp)).toEqual(["10.42.240.0/24", "10.42.241.0/24"]);
    for (const r of ingress) {
      expect(r.inputs).toMatchObject({ ipProtocol: "tcp", portRange: "8000/8000", nicType: "intranet", policy: "accept", securityGroupId: "main-host-sg-id" });
      expect(r.inputs.sourceSecurityGroupId).toBeUndefined();
    }
    // the host vSwitches (where other hosts of the VPC could live) are not sources
    expect(ingress.map((r) => r.inputs.cidrIp)).not.toContain("10.42.0.0/20");
    const egress = ofType(records, T.rule).filter((r) => r.inputs.type === "egress");
    expect(egress.map((r) => [r.inputs.ipProtocol, r.inputs.portRange, r.inputs.cidrIp])).toEqual([["all", "-1/-1", "0.0.0.0/0"]]);
  });

  it("hardens the launch template: no public IP, metadata hardened mode, encrypted ESSD of the plan's size, base64 user-data without secrets", async () => {
    const { byName } = await build({ rootVolumeGb: 250 });
    const lt = byName("main-lt").inputs as Any;
    expect(lt).toMatchObject({
      launchTemplateName: "test-main-lt",
      instanceName: "test-main-host",
      instanceType: "ecs.gn7i-c8g1.2xlarge",
      imageId: "ubuntu_22_04_x64_20G_alibase_20260901.vhd",
      instanceChargeType: "PostPaid",
      spotStrategy: "NoSpot",
      internetMaxBandwidthOut: 0,
      httpTokens: "required",
      httpEndpoint: "enabled",
      securityGroupIds: ["main-host-sg-id"],
      vswitchId: "main-host-0-id",
      ramRoleName: "test-main-host",
    });
    expect(lt.systemDisk).toEqual({ category: "cloud_essd", size: 250, encrypted: true, deleteWithInstance: true });
    expect(lt.keyPairName).toBeUndefined();
    const userData = Buffer.from(lt.userData, "base64").toString("utf8");
    expect(userData.startsWith("#cloud-config\n")).toBe(true);
    for (const value of Object.values(FIXTURE_SECRET_VALUES)) expect(userData).not.toContain(value);
  });

  it("passes spot through to the template and the scaling group", async () => {
    const spot = await build({ spot: true });
    expect(spot.byName("main-lt").inputs.spotStrategy).toBe("SpotAsPriceGo");
    expect(spot.byName("main-asg").inputs).toMatchObject({ multiAzPolicy: "COST_OPTIMIZED", spotInstanceRemedy: true });
    expect(spot.invokes.find((i) => i.token === ECS_ZONES_TOKEN)?.inputs).toMatchObject({ spotStrategy: "SpotAsPriceGo" });
    const onDemand = await build();
    expect(onDemand.byName("main-asg").inputs.multiAzPolicy).toBe("BALANCE");
    expect(onDemand.byName("main-asg").inputs.spotInstanceRemedy).toBeUndefined();
  });

  it("replaces the scaling group (multiAzPolicy is ForceNew, the name stays) and the named secret parameters delete-before-replace, nothing else", async () => {
    const { byName, deleteBeforeReplace, records } = await build({ spot: true });
    expect(byName("main-asg").inputs.scalingGroupName).toBe("test-main-asg");
    expect(deleteBeforeReplace.get("main-asg")).toBe(true);
    const flagged = records.filter((r) => deleteBeforeReplace.get(r.name)).map((r) => r.name);
    expect(flagged.sort()).toEqual(["main-asg", "main-secret-apiKey", "main-secret-hubToken"]);
  });

  it("uses ECS health only: ESS never replaces hosts on ALB health, which has no grace period for the start budget", async () => {
    const { byName, plan } = await build();
    const asg = byName("main-asg").inputs as Any;
    expect(plan.bootstrap.startBudgetSec).toBe(3600);
    expect(asg.healthCheckTypes).toEqual(["ECS"]);
    expect(asg.healthCheckType).toBeUndefined();
    expect(asg.healthCheckTypes).not.toContain("LOAD_BALANCER");
  });

  it("sizes the scaling group, attaches it to the server group that checks the readiness path", async () => {
    const { byName, target } = await build({ replicas: { min: 0, max: 3 }, readinessPath: "/ready" });
    const asg = byName("main-asg").inputs as Any;
    expect(asg).toMatchObject({ minSize: 0, maxSize: 3, desiredCapacity: 0, launchTemplateId: "main-lt-id", launchTemplateVersion: "Latest" });
    expect(asg.vswitchIds).toEqual(["main-host-0-id", "main-host-1-id"]);
    expect(asg.albServerGroups).toEqual([{ albServerGroupId: "main-servers-id", port: 8000, weight: 100 }]);
    const hc = (byName("main-servers").inputs as Any).healthCheckConfig;
    expect(hc).toMatchObject({ healthCheckEnabled: true, healthCheckPath: "/ready", healthCheckCodes: ["http_2xx"], healthCheckProtocol: "HTTP", healthCheckConnectPort: 8000 });
    expect(byName("main-servers").inputs.serverGroupName).toBe("test-main-servers");
    expect(byName("main-alb").inputs).toMatchObject({
      loadBalancerName: "test-main-alb",
      addressType: "Internet",
      loadBalancerEdition: "Standard",
      loadBalancerBillingConfig: { payType: "PayAsYouGo" },
      vpcId: "main-vpc-id",
    });
    expect((byName("main-alb").inputs as Any).zoneMappings).toEqual([
      { vswitchId: "main-lb-0-id", zoneId: "cn-hangzhou-j" },
      { vswitchId: "main-lb-1-id", zoneId: "cn-hangzhou-k" },
    ]);
    expect(byName("main-http").inputs).toMatchObject({ listenerPort: 80, listenerProtocol: "HTTP" });
    expect(await valueOf(target.endpoint)).toBe("http://main-alb.cn-hangzhou.alb.aliyuncsslb.com");
    expect(await valueOf(target.hostGroupId)).toBe("main-asg-id");
  });

  it("serves HTTPS with the plan's certificate and whitelists the allowed client CIDRs", async () => {
    const { records, byName, target } = await build({
      loadBalancer: { public: true, tls: { certificateId: "12345-cn-hangzhou" }, allowedCidrs: ["198.51.100.0/24", "203.0.113.0/25"] },
    });
    expect(byName("main-https").inputs).toMatchObject({
      listenerPort: 443,
      listenerProtocol: "HTTPS",
      certificates: { certificateId: "12345-cn-hangzhou" },
      securityPolicyId: "tls_cipher_policy_1_2_strict_with_1_3",
    });
    expect(records.find((r) => r.name === "main-http")).toBeUndefined();
    expect(byName("main-acl").inputs.aclName).toBe("test-main-clients");
    expect((byName("main-acl-entries").inputs as Any).entries).toEqual([
      { entry: "198.51.100.0/24", description: "allowed client CIDR" },
      { entry: "203.0.113.0/25", description: "allowed client CIDR" },
    ]);
    expect(byName("main-acl-attach").inputs).toMatchObject({ listenerId: "main-https-id", aclId: "main-acl-id", aclType: "White" });
    expect(await valueOf(target.endpoint)).toBe("https://main-alb.cn-hangzhou.alb.aliyuncsslb.com");
    // the client whitelist never reaches the engine port
    expect(ingressRules(records).map((r) => r.inputs.cidrIp)).toEqual(["10.42.240.0/24", "10.42.241.0/24"]);
  });

  it("stores secrets as OOS secret parameters under a target KMS key, readable and decryptable only by the hosts' RAM role", async () => {
    const { records, byName } = await build();
    expect(byName("main-secrets-key").inputs).toMatchObject({ keySpec: "Aliyun_AES_256", keyUsage: "ENCRYPT/DECRYPT", pendingWindowInDays: 7 });
    expect(byName("main-secrets-key").inputs.dkmsInstanceId).toBeUndefined();
    const secrets = ofType(records, T.secret);
    expect(secrets.map((s) => s.inputs.secretParameterName).sort()).toEqual(["gpu-inference/test/main/apiKey", "gpu-inference/test/main/hubToken"]);
    for (const s of secrets) expect(s.inputs).toMatchObject({ type: "Secret", value: "[secret]", keyId: "main-secrets-key-id" });
    const doc = JSON.parse(byName("main-host-secrets").inputs.policyDocument as string);
    expect(doc.Statement).toHaveLength(2);
    expect(doc.Statement[0].Action).toEqual(["oos:GetSecretParameter", "oos:GetSecretParameters"]);
    expect(doc.Statement[0].Resource.sort()).toEqual([
      "acs:oos:cn-hangzhou:*:secretparameter/gpu-inference/test/main/apiKey",
      "acs:oos:cn-hangzhou:*:secretparameter/gpu-inference/test/main/hubToken",
    ]);
    // finding 11: Decrypt on the target's key only, not acs:kms:<region>:*:key/*
    expect(doc.Statement[1]).toEqual({ Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["acs:kms:cn-hangzhou:*:key/main-secrets-key-id"] });
    const trust = JSON.parse(byName("main-host-role").inputs.assumeRolePolicyDocument as string);
    expect(trust.Statement[0].Principal).toEqual({ Service: ["ecs.aliyuncs.com"] });
    expect(byName("main-host-role").inputs.roleName).toBe("test-main-host");
    expect(byName("main-host-secrets-attach").inputs).toMatchObject({ policyType: "Custom", roleName: "test-main-host", policyName: "test-main-secrets" });
  });

  it("takes secret-store names from the plan and fails on a planned secret without a value", async () => {
    const renamed = await build({}, {});
    expect(ofType(renamed.records, T.secret).map((s) => s.inputs.secretParameterName)).toEqual(renamed.plan.secrets.map((s) => s.storeName));
    const run = await recordAlicloud(() => {
      const plan = targetPlan("alicloud");
      const args = targetArgs(plan);
      alicloudAdapter.createTarget("main", { ...args, secrets: args.secrets.filter((s) => s.name !== "apiKey") }, {});
    });
    expect(run.errors.join("\n")).toContain("target main (alicloud cn-hangzhou): secret apiKey (VLLM_API_KEY) has no value");
  });

  it("without secrets creates no key, secret parameter or RAM role", async () => {
    const { records, byName } = await build({ secrets: [] }, { secrets: [] });
    for (const t of [T.key, T.secret, T.role, T.policy, T.attach]) expect(ofType(records, t)).toHaveLength(0);
    expect(byName("main-lt").inputs.ramRoleName).toBeUndefined();
  });

  it("tags every taggable resource with the five required tags", async () => {
    const { records } = await build();
    const untaggable = new Set<string>([T.provider, T.eipAssoc, T.snat, T.rule, T.attach, T.aclEntries, T.aclAttach]);
    const taggable = records.filter((r) => r.custom && !untaggable.has(r.type));
    expect(taggable.length).toBeGreaterThan(12);
    for (const r of taggable) expect(r.inputs.tags, `${r.type} ${r.name}`).toMatchObject(REQUIRED_TAGS);
  });

  it("makes an internal ALB intranet-only and whitelists the plan's client CIDRs (the VPC by default)", async () => {
    const { byName, target, records } = await build({ loadBalancer: { public: false } });
    expect(byName("main-alb").inputs.addressType).toBe("Intranet");
    expect((byName("main-acl-entries").inputs as Any).entries).toEqual([{ entry: "10.42.0.0/16", description: "allowed client CIDR" }]);
    expect(byName("main-nat").inputs.natType).toBe("Enhanced");
    expect(await valueOf(target.endpoint)).toMatch(/^http:\/\//);
    expect(ingressRules(records).map((r) => r.inputs.cidrIp)).toEqual(["10.42.240.0/24", "10.42.241.0/24"]);
  });

  it("a public ALB open to exactly 0.0.0.0/0 has no ACL; any narrower client list gets one", async () => {
    const { records } = await build();
    for (const t of [T.acl, T.aclEntries, T.aclAttach]) expect(ofType(records, t)).toHaveLength(0);
    expect(admitsEveryone(["0.0.0.0/0"])).toBe(true);
    expect(admitsEveryone(["0.0.0.0/0", "10.0.0.0/8"])).toBe(false);
    expect(admitsEveryone(["10.0.0.0/8"])).toBe(false);
  });

  it("with one zone uses the plan's second ALB zone and keeps hosts in the plan's zone", async () => {
    const { records, byName, plan } = await build({ zones: ["cn-hangzhou-j"] });
    expect(plan.network.lbSubnets.map((s) => s.zone)).toEqual(["cn-hangzhou-j", "cn-hangzhou-h"]);
    const vswitches = ofType(records, T.vswitch);
    expect(vswitches.filter((v) => v.name.startsWith("main-host-")).map((v) => [v.inputs.zoneId, v.inputs.cidrBlock])).toEqual([["cn-hangzhou-j", "10.42.0.0/20"]]);
    expect(byName("main-lb-1").inputs).toMatchObject({ zoneId: "cn-hangzhou-h", cidrBlock: "10.42.241.0/24" });
    expect((byName("main-alb").inputs as Any).zoneMappings.map((z: Any) => z.zoneId)).toEqual(["cn-hangzhou-j", "cn-hangzhou-h"]);
    expect(ofType(records, T.snat)).toHaveLength(1);
    expect(ingressRules(records).map((r) => r.inputs.cidrIp)).toEqual(["10.42.240.0/24", "10.42.241.0/24"]);
  });

  it("deploys into an existing network: hosts in the plan's vSwitches, the ALB in the dedicated ones, engine port from their looked-up CIDRs", async () => {
    const network = { existing: { vpcId: "vpc-existing", subnetIds: ["vsw-j", "vsw-k"], lbSubnetIds: ["vsw-albh", "vsw-albi"] }, vpcCidr: "172.16.0.0/12" };
    const { records, byName, invokes } = await build({ network });
    for (const t of [T.vpc, T.vswitch, T.nat, T.eip, T.snat]) expect(ofType(records, t)).toHaveLength(0);
    expect((byName("main-asg").inputs as Any).vswitchIds).toEqual(["vsw-j", "vsw-k"]);
    expect(byName("main-lt").inputs.vswitchId).toBe("vsw-j");
    expect(byName("main-host-sg").inputs.vpcId).toBe("vpc-existing");
    // the shared mock answers zone `<region>-<last letter>` and CIDR 172.16.<(code % 16) × 16>.0/20
    expect((byName("main-alb").inputs as Any).zoneMappings).toEqual([
      { vswitchId: "vsw-albh", zoneId: "cn-hangzhou-h" },
      { vswitchId: "vsw-albi", zoneId: "cn-hangzhou-i" },
    ]);
    expect(ingressRules(records).map((r) => r.inputs.cidrIp)).toEqual(["172.16.128.0/20", "172.16.144.0/20"]);
    const lookups = invokes.filter((i) => i.token === "alicloud:vpc/getSwitches:getSwitches");
    expect(lookups.map((i) => i.inputs)).toEqual([
      { ids: ["vsw-albh"], vpcId: "vpc-existing" },
      { ids: ["vsw-albi"], vpcId: "vpc-existing" },
    ]);
    // the host vSwitches are never sources of the engine port
    expect(ingressRules(records)).toHaveLength(2);
  });

  it("an existing ALB vSwitch that is not in the plan's VPC fails with a target error", async () => {
    const run = await recordAlicloud(
      () => {
        const plan = targetPlan("alicloud", { network: { existing: { vpcId: "vpc-existing", subnetIds: ["vsw-j", "vsw-k"], lbSubnetIds: ["vsw-albh", "vsw-albi"] } }, loadBalancer: { public: true } });
        alicloudAdapter.createTarget("main", targetArgs(plan), {});
      },
      (token, inputs) => (token === "alicloud:vpc/getSwitches:getSwitches" && (inputs.ids as string[])[0] === "vsw-albi" ? { ...inputs, vswitches: [] } : undefined),
    );
    expect(run.errors.join("\n")).toContain("target main (alicloud cn-hangzhou): ALB vSwitch vsw-albi (network.existing.lbSubnetIds) was not found in VPC vpc-existing in cn-hangzhou");
    expect(ofType(run.records, T.alb)).toHaveLength(0);
  });

  it("rejects a plan for another cloud", async () => {
    const run = await recordAlicloud(() => void alicloudAdapter.createTarget("main", targetArgs(targetPlan("aws")), {}));
    expect(run.errors.join("\n")).toMatch(/not alicloud/);
  });
});

describe("alicloud secure defaults (test/security-defaults.ts)", () => {
  const report = (records: RecordedResource[]): Any => ({
    targets: [{ engine: { port: 8000 } }],
    resources: records.map((r) => ({ ...r, parent: r.parent ?? null, provider: r.provider ?? null, region: r.region ?? null })),
  });
  const edit = (records: RecordedResource[], name: string, inputs: Record<string, unknown>) =>
    records.map((r) => (r.name === name ? { ...r, inputs: { ...r.inputs, ...inputs } } : r));

  it("the adapter's output passes, and each Alibaba check catches its defect", async () => {
    const { records } = await build();
    expect(() => assertSecureDefaults(report(records), Object.values(FIXTURE_SECRET_VALUES))).not.toThrow();
    const anyKey = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["acs:kms:cn-hangzhou:*:key/*"] }] });
    expect(() => assertSecureDefaults(report(edit(records, "main-host-secrets", { policyDocument: anyKey })))).toThrow(/decrypts with any key/);
    expect(() => assertSecureDefaults(report(edit(records, "main-host-in-engine-0", { cidrIp: "10.42.0.0/20" })))).toThrow(/opens the engine port to 10.42.0.0\/20/);
    expect(() => assertSecureDefaults(report(edit(records, "main-asg", { healthCheckTypes: ["ECS", "LOAD_BALANCER"] })))).toThrow(/ALB health/);
    const noProvider = records.map((r) => (r.name === "main-vpc" ? { ...r, provider: undefined } : r));
    expect(() => assertSecureDefaults(report(noProvider))).toThrow(/main-vpc uses the default alicloud provider/);
  });
});

describe("alicloud regional provider", () => {
  it("every resource and look-up of two targets goes through a provider of its own plan's region", async () => {
    const targets: CloudTarget[] = [];
    const plans: Record<string, TargetPlan> = {};
    const run = await recordAlicloud(() => {
      plans.hz = targetPlan("alicloud", { name: "hz" });
      plans.sh = targetPlan("alicloud", { name: "sh", region: "cn-shanghai", zones: ["cn-shanghai-e", "cn-shanghai-f"] });
      for (const name of ["hz", "sh"]) targets.push(alicloudAdapter.createTarget(name, targetArgs(plans[name]), {}));
    });
    expect(run.errors).toEqual([]);
    const providers = ofType(run.records, T.provider);
    expect(providers.map((p) => [p.name, p.inputs.region])).toEqual([
      ["hz-provider", "cn-hangzhou"],
      ["sh-provider", "cn-shanghai"],
    ]);
    const providerRegion = new Map(providers.map((p) => [p.urn, p.inputs.region]));
    const custom = run.records.filter((r) => r.custom && r.type !== T.provider);
    expect(custom.length).toBeGreaterThan(40);
    for (const r of custom) {
      expect(r.provider, r.name).toBeDefined();
      const urn = r.provider!.slice(0, r.provider!.lastIndexOf("::"));
      const expected = plans[r.name.split("-")[0]].placement.region;
      expect(providerRegion.get(urn), `${r.type} ${r.name}`).toBe(expected);
      expect(r.region, r.name).toBe(expected);
    }
    // the providers are children of their targets and exposed on them
    for (const p of providers) expect(p.parent).toBe(run.records.find((r) => r.name === p.name.replace(/-provider$/, "") && !r.custom)!.urn);
    expect(targets.map((t) => t.provider.constructor.name)).toEqual(["Provider", "Provider"]);
    // every alicloud look-up had a provider of one of the two regions (an invoke on the default provider has none)
    const alicloudInvokes = run.invokes.filter((i) => i.token.startsWith("alicloud:"));
    expect(new Set(alicloudInvokes.map((i) => i.token))).toEqual(new Set([ALB_ZONES_TOKEN, ECS_ZONES_TOKEN, "alicloud:ecs/getImages:getImages"]));
    expect(alicloudInvokes.map((i) => i.region).sort()).toEqual([
      "cn-hangzhou",
      "cn-hangzhou",
      "cn-hangzhou",
      "cn-shanghai",
      "cn-shanghai",
      "cn-shanghai",
    ]);
    // the cn-shanghai vSwitches are in cn-shanghai zones
    expect(run.records.filter((r) => r.type === T.vswitch && r.name.startsWith("sh-")).map((r) => r.inputs.zoneId)).toEqual([
      "cn-shanghai-e",
      "cn-shanghai-f",
      "cn-shanghai-e",
      "cn-shanghai-f",
    ]);
  });

  it("uses args.provider when given and creates none", async () => {
    let given!: pulumi.ProviderResource;
    const run = await recordAlicloud(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Provider } = require("@pulumi/alicloud/provider");
      given = new Provider("shared", { region: "cn-hangzhou" });
      alicloudAdapter.createTarget("main", { ...targetArgs(targetPlan("alicloud")), provider: given }, {});
    });
    expect(run.errors).toEqual([]);
    expect(ofType(run.records, T.provider).map((p) => p.name)).toEqual(["shared"]);
    const shared = ofType(run.records, T.provider)[0];
    for (const r of run.records.filter((x) => x.custom && x.type !== T.provider)) expect(r.provider?.startsWith(`${shared.urn}::`), r.name).toBe(true);
  });
});

describe("alicloud zone verification", () => {
  const lacking =
    (token: string, zone: string): Override =>
    (t, inputs, region) => {
      if (t !== token) return undefined;
      const base = mockCalls(t, inputs, region) as { zones: { id: string }[] };
      const zones = base.zones.filter((z) => z.id !== zone);
      return { ...base, ids: zones.map((z) => z.id), zones };
    };

  it("names the missing zones", () => {
    expect(missingZones(["a", "b", "c"], ["c", "a"])).toEqual(["b"]);
    expect(missingZones([], ["a"])).toEqual([]);
  });

  it("asks for the plan's instance type, pay-as-you-go, in the target's region", async () => {
    const { invokes } = await build();
    expect(invokes.filter((i) => i.token === ECS_ZONES_TOKEN)).toEqual([
      {
        token: ECS_ZONES_TOKEN,
        inputs: { availableInstanceType: "ecs.gn7i-c8g1.2xlarge", availableResourceCreation: "Instance", instanceChargeType: "PostPaid", spotStrategy: "NoSpot" },
        region: "cn-hangzhou",
      },
    ]);
    expect(invokes.filter((i) => i.token === ALB_ZONES_TOKEN).map((i) => i.region)).toEqual(["cn-hangzhou"]);
  });

  it("fails before any host exists when a host zone does not offer the instance type, naming the zones that do", async () => {
    const run = await recordAlicloud(() => {
      alicloudAdapter.createTarget("main", targetArgs(targetPlan("alicloud")), {});
    }, lacking(ECS_ZONES_TOKEN, "cn-hangzhou-k"));
    expect(run.errors.join("\n")).toContain(
      "target main (alicloud cn-hangzhou): instance type ecs.gn7i-c8g1.2xlarge is not offered pay-as-you-go in cn-hangzhou-k; " +
        "zones of cn-hangzhou offering it: cn-hangzhou-h, cn-hangzhou-i, cn-hangzhou-j. Set the target's zones to those",
    );
    expect(ofType(run.records, T.lt)).toHaveLength(0);
    expect(ofType(run.records, T.asg)).toHaveLength(0);
  });

  it("fails when no zone of the region offers the instance type", async () => {
    const run = await recordAlicloud(
      () => void alicloudAdapter.createTarget("main", targetArgs(targetPlan("alicloud")), {}),
      (t, inputs) => (t === ECS_ZONES_TOKEN ? { ...inputs, ids: [], zones: [] } : undefined),
    );
    expect(run.errors.join("\n")).toContain("instance type ecs.gn7i-c8g1.2xlarge is not offered pay-as-you-go in any zone of cn-hangzhou; choose another instance type (gpu) or region");
  });

  it("fails before the ALB exists when an ALB zone lacks ALB, naming the ALB zones", async () => {
    const run = await recordAlicloud(() => {
      alicloudAdapter.createTarget("main", targetArgs(targetPlan("alicloud")), {});
    }, lacking(ALB_ZONES_TOKEN, "cn-hangzhou-k"));
    expect(run.errors.join("\n")).toContain(
      "target main (alicloud cn-hangzhou): ALB is not offered in cn-hangzhou-k; ALB zones in cn-hangzhou: cn-hangzhou-j, cn-hangzhou-i, cn-hangzhou-h. Set the target's zones to ALB zones",
    );
    expect(ofType(run.records, T.alb)).toHaveLength(0);
  });
});
