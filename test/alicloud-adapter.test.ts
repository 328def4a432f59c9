import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { RecordedResource } from "../cli/offline/recorder";
import { alicloudAdapter } from "../components/alicloud";
import type { CloudTarget, CloudTargetArgs } from "../components/adapter";
import { FIXTURE_SECRET_VALUES, targetArgs, targetPlan, type TargetPlanOptions } from "./fixtures/target-plan";
import { ofType, record } from "./helpers/recording";

const T = {
  vpc: "alicloud:vpc/network:Network",
  vswitch: "alicloud:vpc/switch:Switch",
  nat: "alicloud:vpc/natGateway:NatGateway",
  eip: "alicloud:ecs/eipAddress:EipAddress",
  eipAssoc: "alicloud:ecs/eipAssociation:EipAssociation",
  snat: "alicloud:vpc/snatEntry:SnatEntry",
  sg: "alicloud:ecs/securityGroup:SecurityGroup",
  rule: "alicloud:ecs/securityGroupRule:SecurityGroupRule",
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

async function build(plan: TargetPlanOptions = {}, extra: Partial<CloudTargetArgs> = {}) {
  let target!: CloudTarget;
  const records = await record(() => {
    const p = targetPlan("alicloud", plan);
    target = alicloudAdapter.createTarget("main", { ...targetArgs(p), ...extra }, {});
  });
  const component = records.find((r) => r.type === "gpu-inference:alicloud:VmTarget")!;
  expect(component).toBeDefined();
  const byName = (name: string): RecordedResource => {
    const r = records.find((x) => x.name === name);
    if (!r) throw new Error(`no resource ${name}: ${records.map((x) => x.name).join(", ")}`);
    return r;
  };
  return { records, target, component, byName };
}

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

  it("gives hosts egress through an enhanced NAT gateway with one SNAT entry per host vSwitch", async () => {
    const { records, byName } = await build();
    expect(byName("main-vpc").inputs).toMatchObject({ cidrBlock: "10.42.0.0/16" });
    expect(byName("main-host-0").inputs).toMatchObject({ zoneId: "cn-hangzhou-j", cidrBlock: "10.42.0.0/20" });
    expect(byName("main-lb-1").inputs).toMatchObject({ zoneId: "cn-hangzhou-k", cidrBlock: "10.42.241.0/24" });
    expect(byName("main-nat").inputs).toMatchObject({ natType: "Enhanced", networkType: "internet", paymentType: "PayAsYouGo", vswitchId: "main-lb-0-id" });
    expect(byName("main-nat-eip-assoc").inputs).toMatchObject({ allocationId: "main-nat-eip-id", instanceId: "main-nat-id", instanceType: "Nat" });
    const snat = ofType(records, T.snat);
    expect(snat.map((s) => s.inputs.sourceVswitchId)).toEqual(["main-host-0-id", "main-host-1-id"]);
    for (const s of snat) expect(s.inputs).toMatchObject({ snatTableId: "stb-main-nat", snatIp: "203.0.113.20" });
  });

  it("restricts the engine port to the ALB vSwitches, with no SSH and no open ingress", async () => {
    const { records, byName } = await build();
    expect(byName("main-host-sg").inputs).toMatchObject({ innerAccessPolicy: "Drop" });
    const ingress = ofType(records, T.rule).filter((r) => r.inputs.type === "ingress");
    expect(ingress.map((r) => r.inputs.cidrIp)).toEqual(["10.42.240.0/24", "10.42.241.0/24"]);
    for (const r of ingress) {
      expect(r.inputs).toMatchObject({ ipProtocol: "tcp", portRange: "8000/8000", nicType: "intranet", policy: "accept" });
      expect(r.inputs.cidrIp).not.toBe("0.0.0.0/0");
      expect(String(r.inputs.portRange)).not.toMatch(/^22\//);
    }
  });

  it("hardens the launch template: no public IP, metadata hardened mode, encrypted ESSD, base64 user-data without secrets", async () => {
    const { byName } = await build({ rootVolumeGb: 250 });
    const lt = byName("main-lt").inputs as Any;
    expect(lt).toMatchObject({
      instanceType: "ecs.gn7i-c8g1.2xlarge",
      imageId: "ubuntu_22_04_x64_20G_alibase_20260901.vhd",
      instanceChargeType: "PostPaid",
      spotStrategy: "NoSpot",
      internetMaxBandwidthOut: 0,
      httpTokens: "required",
      httpEndpoint: "enabled",
      securityGroupIds: ["main-host-sg-id"],
      vswitchId: "main-host-0-id",
      ramRoleName: "gpu-inference-test-main-host",
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
    const onDemand = await build();
    expect(onDemand.byName("main-asg").inputs.multiAzPolicy).toBe("BALANCE");
    expect(onDemand.byName("main-asg").inputs.spotInstanceRemedy).toBeUndefined();
  });

  it("sizes the scaling group, attaches it to the server group that checks the readiness path", async () => {
    const { byName, target } = await build({ replicas: { min: 0, max: 3 }, readinessPath: "/ready" });
    const asg = byName("main-asg").inputs as Any;
    expect(asg).toMatchObject({ minSize: 0, maxSize: 3, desiredCapacity: 0, launchTemplateId: "main-lt-id", launchTemplateVersion: "Latest" });
    expect(asg.vswitchIds).toEqual(["main-host-0-id", "main-host-1-id"]);
    expect(asg.albServerGroups).toEqual([{ albServerGroupId: "main-servers-id", port: 8000, weight: 100 }]);
    const hc = (byName("main-servers").inputs as Any).healthCheckConfig;
    expect(hc).toMatchObject({ healthCheckEnabled: true, healthCheckPath: "/ready", healthCheckCodes: ["http_2xx"], healthCheckProtocol: "HTTP" });
    expect(byName("main-alb").inputs).toMatchObject({ addressType: "Internet", loadBalancerEdition: "Standard", loadBalancerBillingConfig: { payType: "PayAsYouGo" } });
    expect((byName("main-alb").inputs as Any).zoneMappings).toEqual([
      { vswitchId: "main-lb-0-id", zoneId: "cn-hangzhou-j" },
      { vswitchId: "main-lb-1-id", zoneId: "cn-hangzhou-k" },
    ]);
    expect(byName("main-http").inputs).toMatchObject({ listenerPort: 80, listenerProtocol: "HTTP" });
    expect(await valueOf(target.endpoint)).toBe("http://main-alb.cn-hangzhou.alb.aliyuncsslb.com");
    expect(await valueOf(target.hostGroupId)).toBe("main-asg-id");
  });

  it("serves HTTPS with the certificate and whitelists allowed CIDRs", async () => {
    const { records, byName, target } = await build({}, { loadBalancer: { public: true, tls: { certificateId: "12345-cn-hangzhou" }, allowedCidrs: ["198.51.100.0/24"] } });
    expect(byName("main-https").inputs).toMatchObject({
      listenerPort: 443,
      listenerProtocol: "HTTPS",
      certificates: { certificateId: "12345-cn-hangzhou" },
      securityPolicyId: "tls_cipher_policy_1_2_strict_with_1_3",
    });
    expect(records.find((r) => r.name === "main-http")).toBeUndefined();
    expect((byName("main-acl-entries").inputs as Any).entries).toEqual([{ entry: "198.51.100.0/24", description: "allowed client CIDR" }]);
    expect(byName("main-acl-attach").inputs).toMatchObject({ listenerId: "main-https-id", aclId: "main-acl-id", aclType: "White" });
    expect(await valueOf(target.endpoint)).toBe("https://main-alb.cn-hangzhou.alb.aliyuncsslb.com");
  });

  it("stores secrets as OOS secret parameters readable only by the hosts' RAM role", async () => {
    const { records, byName } = await build();
    const secrets = ofType(records, T.secret);
    expect(secrets.map((s) => s.inputs.secretParameterName).sort()).toEqual(["gpu-inference/test/main/apiKey", "gpu-inference/test/main/hubToken"]);
    for (const s of secrets) expect(s.inputs).toMatchObject({ type: "Secret", value: "[secret]" });
    const doc = JSON.parse(byName("main-host-secrets").inputs.policyDocument as string);
    expect(doc.Statement[0].Resource.sort()).toEqual([
      "acs:oos:cn-hangzhou:*:secretparameter/gpu-inference/test/main/apiKey",
      "acs:oos:cn-hangzhou:*:secretparameter/gpu-inference/test/main/hubToken",
    ]);
    const trust = JSON.parse(byName("main-host-role").inputs.assumeRolePolicyDocument as string);
    expect(trust.Statement[0].Principal).toEqual({ Service: ["ecs.aliyuncs.com"] });
    expect(byName("main-host-secrets-attach").inputs).toMatchObject({ policyType: "Custom", roleName: "gpu-inference-test-main-host" });
  });

  it("without secrets creates no secret parameter and no RAM role", async () => {
    const { records, byName } = await build({ secrets: [] }, { secrets: [] });
    for (const t of [T.secret, T.role, T.policy, T.attach]) expect(ofType(records, t)).toHaveLength(0);
    expect(byName("main-lt").inputs.ramRoleName).toBeUndefined();
  });

  it("tags every taggable resource with the five required tags", async () => {
    const { records } = await build();
    const untaggable = new Set<string>([T.eipAssoc, T.snat, T.rule, T.attach, T.aclEntries, T.aclAttach]);
    const taggable = records.filter((r) => r.custom && !untaggable.has(r.type));
    expect(taggable.length).toBeGreaterThan(12);
    for (const r of taggable) expect(r.inputs.tags, `${r.type} ${r.name}`).toMatchObject(REQUIRED_TAGS);
  });

  it("makes an internal ALB intranet-only and whitelists the VPC CIDR by default", async () => {
    const { byName, target } = await build({}, { loadBalancer: { public: false } });
    expect(byName("main-alb").inputs.addressType).toBe("Intranet");
    expect((byName("main-acl-entries").inputs as Any).entries).toEqual([{ entry: "10.42.0.0/16", description: "allowed client CIDR" }]);
    expect(byName("main-nat").inputs.natType).toBe("Enhanced");
    expect(await valueOf(target.endpoint)).toMatch(/^http:\/\//);
  });

  it("a public ALB without allowedCidrs has no ACL", async () => {
    const { records } = await build();
    for (const t of [T.acl, T.aclEntries, T.aclAttach]) expect(ofType(records, t)).toHaveLength(0);
  });

  it("with one zone adds a second ALB vSwitch in another zone and keeps hosts in the plan's zone", async () => {
    const { records, byName } = await build({ zones: ["cn-hangzhou-j"] });
    const vswitches = ofType(records, T.vswitch);
    expect(vswitches.filter((v) => v.name.startsWith("main-host-")).map((v) => v.inputs.zoneId)).toEqual(["cn-hangzhou-j"]);
    expect(byName("main-lb-1").inputs.zoneId).toBe("cn-hangzhou-k");
    expect((byName("main-alb").inputs as Any).zoneMappings.map((z: Any) => z.zoneId)).toEqual(["cn-hangzhou-j", "cn-hangzhou-k"]);
    expect(ofType(records, T.snat)).toHaveLength(1);
  });

  it("deploys into an existing network, restricting the engine port to its vSwitch CIDRs", async () => {
    const { records, byName } = await build({}, { network: { existing: { vpcId: "vpc-existing", subnetIds: ["vsw-j", "vsw-k"] } } });
    for (const t of [T.vpc, T.vswitch, T.nat, T.eip, T.snat]) expect(ofType(records, t)).toHaveLength(0);
    expect((byName("main-asg").inputs as Any).vswitchIds).toEqual(["vsw-j", "vsw-k"]);
    expect((byName("main-alb").inputs as Any).zoneMappings).toEqual([
      { vswitchId: "vsw-j", zoneId: "cn-hangzhou-j" },
      { vswitchId: "vsw-k", zoneId: "cn-hangzhou-k" },
    ]);
    const ingress = ofType(records, T.rule).filter((r) => r.inputs.type === "ingress");
    expect(ingress.map((r) => r.inputs.cidrIp)).toEqual(["172.16.160.0/20", "172.16.176.0/20"]);
  });

  it("rejects a plan for another cloud", async () => {
    await expect(record(() => void alicloudAdapter.createTarget("main", targetArgs(targetPlan("aws")), {}))).rejects.toThrow(/not alicloud/);
  });
});
