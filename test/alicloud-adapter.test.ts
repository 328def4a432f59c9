/**
 * Alibaba Cloud adapter under mocks: the plan's network, regional provider on every resource and
 * look-up, engine port only from the ALB vSwitches, listener ACL, secrets under a target KMS key,
 * zone verification, ESS replacement and health settings. Expected values are written by hand.
 */
import { describe, expect, it } from "vitest";
import { alicloudAdapter } from "../components/alicloud";
import { admitsEveryone } from "../components/alicloud/load-balancer";
import { ECS_ZONES_TOKEN } from "../components/alicloud/zones";
import { FIXTURE_SECRET_VALUES, targetArgs, targetPlan } from "./fixtures/target-plan";
import { ofType } from "./helpers/recording";
import { T, OPTIONAL, REQUIRED_TAGS, valueOf, type Any, recordAlicloud, build, ingressRules } from "./helpers/alicloud-adapter";

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
