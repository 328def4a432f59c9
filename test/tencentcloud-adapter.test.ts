/**
 * Tencent Cloud adapter under mocks: the plan's network with NAT egress, security groups, CLB
 * listener and health check (checked against the provider's own rule), spot settings, tags,
 * explicit regional provider, plugin version and download URL. Expected values are written by hand.
 */
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it, vi } from "vitest";
import { IMAGE_NAME_REGEX } from "../components/bootstrap";
import type { TargetPlan } from "../components/plan/types";
import { TENCENTCLOUD_PLUGIN } from "../components/providers/thin";
import { TENCENTCLOUD_VM_TARGET_TYPE } from "../components/tencentcloud";
import { checkHealthCheckPara, type HealthCheckInputs } from "../components/tencentcloud/health-check";
import { spotMaxPrice } from "../components/tencentcloud/host-group";
import { IMAGES_TOKEN } from "../components/tencentcloud/image";
import { INSTANCE_TYPES_TOKEN } from "../components/tencentcloud/instance-type";
import { TencentcloudProvider } from "../components/tencentcloud/resources/provider";
import { CERTIFICATE_ID, chinaTargetPlan, ENGINE, TAGS } from "./fixtures/china-target-plan";
import { withPlannedNetwork } from "./fixtures/network-plan";
import { ofType } from "./helpers/recording";
import { T, PHYSICAL, valueOf, build, byName, type Rule } from "./helpers/tencentcloud-adapter";

describe("tencentcloud adapter: network from the plan, NAT egress", () => {
  it("creates the plan's VPC, host subnets (route table) and single LB subnet", async () => {
    const { records } = await build();
    expect(byName(records, "tc-vpc").inputs).toMatchObject({ name: `${PHYSICAL}-vpc`, cidrBlock: "10.42.0.0/16", tags: TAGS });
    expect(ofType(records, T.subnet).map((s) => s.name).sort()).toEqual(["tc-host-subnet-0", "tc-host-subnet-1", "tc-lb-subnet-0"]);
    expect(byName(records, "tc-host-subnet-0").inputs).toMatchObject({
      name: `${PHYSICAL}-host-0`,
      vpcId: "tc-vpc-id",
      availabilityZone: "ap-guangzhou-3",
      cidrBlock: "10.42.0.0/20",
      routeTableId: "tc-host-routes-id",
    });
    expect(byName(records, "tc-host-subnet-1").inputs).toMatchObject({ availabilityZone: "ap-guangzhou-6", cidrBlock: "10.42.16.0/20", routeTableId: "tc-host-routes-id" });
    const lbSubnet = byName(records, "tc-lb-subnet-0").inputs;
    expect(lbSubnet).toMatchObject({ name: `${PHYSICAL}-lb-0`, availabilityZone: "ap-guangzhou-3", cidrBlock: "10.42.240.0/24" });
    expect(lbSubnet.routeTableId).toBeUndefined();
    const hosts = ofType(records, T.instance);
    expect(hosts.map((h) => [h.inputs.availabilityZone, h.inputs.subnetId])).toEqual([
      ["ap-guangzhou-3", "tc-host-subnet-0-id"],
      ["ap-guangzhou-6", "tc-host-subnet-1-id"],
    ]);
  });

  it("egress: EIP → classic NAT gateway → 0.0.0.0/0 route (nextType NAT) in the host subnets' route table", async () => {
    const { records } = await build();
    expect(byName(records, "tc-host-routes").inputs).toEqual({ vpcId: "tc-vpc-id", name: `${PHYSICAL}-hosts`, tags: TAGS });
    expect(byName(records, "tc-nat-eip").inputs).toEqual({ name: `${PHYSICAL}-nat`, internetChargeType: "TRAFFIC_POSTPAID_BY_HOUR", internetMaxBandwidthOut: 100, tags: TAGS });
    expect(byName(records, "tc-nat").inputs).toEqual({
      name: `${PHYSICAL}-nat`,
      vpcId: "tc-vpc-id",
      assignedEipSets: ["203.0.113.40"],
      natProductVersion: 1,
      bandwidth: 100,
      maxConcurrent: 1000000,
      tags: TAGS,
    });
    expect(byName(records, "tc-default-route").inputs).toEqual({
      routeTableId: "tc-host-routes-id",
      destinationCidrBlock: "0.0.0.0/0",
      nextType: "NAT",
      nextHub: "tc-nat-id",
      description: `egress of ${PHYSICAL} hosts`,
    });
    for (const type of [T.eip, T.nat, T.routeTable, T.routeEntry]) expect(ofType(records, type), type).toHaveLength(1);
  });

  it("hosts and the scaling group wait for the default route", async () => {
    const fixed = await build();
    for (const host of ["tc-host-0", "tc-host-1"]) expect(fixed.dependencies.get(host), host).toContain("tc-default-route");
    const scaling = await build({ hostGroup: "scaling-group" });
    expect(scaling.dependencies.get("tc-scaling-group")).toContain("tc-default-route");
  });

  it("existing network: the plan's ids, nothing created, no NAT", async () => {
    const { records } = await build({}, (args) => {
      args.plan = withPlannedNetwork(args.plan, {
        loadBalancer: { public: false, allowedCidrs: ["192.168.0.0/16"] },
        network: { vpcCidr: "172.16.0.0/16", existing: { vpcId: "vpc-existing", subnetIds: ["subnet-a", "subnet-b"], lbSubnetIds: ["subnet-lb"] } },
      });
    });
    for (const type of [T.vpc, T.subnet, T.eip, T.nat, T.routeTable, T.routeEntry]) expect(ofType(records, type), type).toHaveLength(0);
    expect(ofType(records, T.instance).map((h) => [h.inputs.subnetId, h.inputs.vpcId])).toEqual([
      ["subnet-a", "vpc-existing"],
      ["subnet-b", "vpc-existing"],
    ]);
    expect(byName(records, "tc-clb").inputs).toMatchObject({ networkType: "INTERNAL", vpcId: "vpc-existing", subnetId: "subnet-lb" });
    expect((byName(records, "tc-lb-rules").inputs.ingresses as Rule[])[0]).toMatchObject({ cidrBlock: "192.168.0.0/16", port: "80" });
  });

  it("refuses a plan with more than one load-balancer subnet", async () => {
    await expect(
      build({}, (args) => {
        const lb = args.plan.network.lbSubnets[0];
        args.plan = { ...args.plan, network: { ...args.plan.network, lbSubnets: [lb, { ...lb, index: 1, cidr: "10.42.241.0/24" }] } };
      }),
    ).rejects.toThrow("target tencentcloud-main (tencentcloud ap-guangzhou): a Tencent CLB takes one subnet, the plan has 2 load-balancer subnets");
  });
});

describe("tencentcloud adapter: security groups", () => {
  it("host group admits nothing (CLB pass-to-target bypasses it): one DROP ALL/ALL rule, no engine-port rule", async () => {
    const { records } = await build();
    const hostRules = byName(records, "tc-host-rules").inputs;
    expect(hostRules.ingresses).toEqual([{ action: "DROP", protocol: "ALL", port: "ALL", cidrBlock: "0.0.0.0/0", description: "deny all other ingress" }]);
    expect(hostRules.egresses).toEqual([{ action: "ACCEPT", protocol: "ALL", port: "ALL", cidrBlock: "0.0.0.0/0", description: "all egress" }]);
    for (const rules of ofType(records, T.ruleSet)) {
      for (const rule of rules.inputs.ingresses as Rule[]) {
        expect(rule.port, rules.name).not.toBe(String(ENGINE.port));
        expect(rule.sourceSecurityId, rules.name).toBeUndefined();
        expect(rule.port).not.toBe("22");
      }
    }
    expect(ofType(records, T.instance).map((h) => h.inputs.orderlySecurityGroups)).toEqual([["tc-host-sg-id"], ["tc-host-sg-id"]]);
    expect(byName(records, "tc-clb").inputs).toMatchObject({ networkType: "OPEN", securityGroups: ["tc-lb-sg-id"], loadBalancerPassToTarget: true });
  });

  it("LB group admits the client CIDRs on the listener port, then DROP; protocol ALL rules send port ALL", async () => {
    const { records } = await build({ allowedCidrs: ["198.51.100.0/24", "203.0.113.0/24"] });
    const lbRules = byName(records, "tc-lb-rules").inputs;
    expect(lbRules.ingresses).toEqual([
      { action: "ACCEPT", protocol: "TCP", port: "80", cidrBlock: "198.51.100.0/24", description: "clients to listener" },
      { action: "ACCEPT", protocol: "TCP", port: "80", cidrBlock: "203.0.113.0/24", description: "clients to listener" },
      { action: "DROP", protocol: "ALL", port: "ALL", cidrBlock: "0.0.0.0/0", description: "deny all other ingress" },
    ]);
    expect(byName(records, "tc-lb-sg").inputs).toMatchObject({ name: `${PHYSICAL}-lb` });
    const tls = await build({ tls: true });
    expect((byName(tls.records, "tc-lb-rules").inputs.ingresses as Rule[])[0]).toMatchObject({ port: "443", cidrBlock: "0.0.0.0/0" });
  });

  it("internal CLB: INTERNAL in the plan's LB subnet, clients from the VPC CIDR", async () => {
    const { records } = await build({ public: false });
    expect(byName(records, "tc-clb").inputs).toMatchObject({ networkType: "INTERNAL", subnetId: "tc-lb-subnet-0-id" });
    expect((byName(records, "tc-lb-rules").inputs.ingresses as Rule[])[0]).toMatchObject({ cidrBlock: "10.42.0.0/16", port: "80" });
  });
});

const HTTP_FIELDS = ["healthCheckHttpPath", "healthCheckHttpMethod", "healthCheckHttpCode", "healthCheckHttpVersion", "healthCheckHttpDomain"];

describe("tencentcloud adapter: listener and health check", () => {
  it("TCP: HTTP check on the readiness path, accepted by the provider's rule; endpoint http://VIP", async () => {
    const { records, target } = await build();
    const listener = byName(records, "tc-listener").inputs;
    expect(listener).toEqual({
      clbId: "tc-clb-id",
      listenerName: `${PHYSICAL}-tcp-80`,
      protocol: "TCP",
      port: 80,
      scheduler: "LEAST_CONN",
      targetType: "NODE",
      healthCheckSwitch: true,
      healthCheckIntervalTime: 10,
      healthCheckTimeOut: 5,
      healthCheckHealthNum: 2,
      healthCheckUnhealthNum: 3,
      healthCheckType: "HTTP",
      healthCheckHttpPath: "/health",
      healthCheckHttpMethod: "GET",
      healthCheckHttpCode: 2,
      healthCheckHttpVersion: "HTTP/1.0",
      healthCheckPort: 8000,
    });
    expect(checkHealthCheckPara("TCP", "listener", listener as HealthCheckInputs)).toBeNull();
    expect(await valueOf(target.endpoint)).toBe("http://203.0.113.20");
    expect(await valueOf(target.hostGroupId)).toBe("tc-host-0-id,tc-host-1-id");
  });

  it("TLS: TCP_SSL on 443 with the certificate and a TCP check, no HTTP check field; endpoint https", async () => {
    const { records, target } = await build({ tls: true });
    const listener = byName(records, "tc-listener").inputs;
    expect(listener).toMatchObject({
      listenerName: `${PHYSICAL}-tcp-ssl-443`,
      protocol: "TCP_SSL",
      port: 443,
      certificateId: CERTIFICATE_ID,
      certificateSslMode: "UNIDIRECTIONAL",
      healthCheckSwitch: true,
      healthCheckType: "TCP",
    });
    for (const field of [...HTTP_FIELDS, "healthCheckPort"]) expect(listener, field).not.toHaveProperty(field);
    expect(checkHealthCheckPara("TCP_SSL", "listener", listener as HealthCheckInputs)).toBeNull();
    // what the kit sent before: the provider refuses it
    expect(checkHealthCheckPara("TCP_SSL", "listener", { ...(listener as HealthCheckInputs), healthCheckType: "HTTP", healthCheckHttpPath: "/health", healthCheckHttpCode: 2, healthCheckHttpVersion: "HTTP/1.0" })).toBe(
      "health_check_http_code can only be set with protocol HTTP/HTTPS or HTTP of TCP",
    );
    expect(await valueOf(target.endpoint)).toBe("https://203.0.113.20");
  });
});

describe("checkHealthCheckPara (terraform-provider-tencentcloud v1.82.42 service_tencentcloud_clb.go:855-1000)", () => {
  const cases: [string, Parameters<typeof checkHealthCheckPara>, string | null][] = [
    ["TCP + HTTP check, all HTTP fields", ["TCP", "listener", { healthCheckSwitch: true, healthCheckType: "HTTP", healthCheckHttpPath: "/h", healthCheckHttpCode: 2, healthCheckHttpMethod: "GET", healthCheckHttpVersion: "HTTP/1.0" }], null],
    ["TCP_SSL + TCP check", ["TCP_SSL", "listener", { healthCheckSwitch: true, healthCheckType: "TCP", healthCheckTimeOut: 5 }], null],
    ["TCP_SSL + HTTP path", ["TCP_SSL", "listener", { healthCheckSwitch: true, healthCheckType: "HTTP", healthCheckHttpPath: "/h" }], "health_check_http_path can only be set with protocol HTTP/HTTPS or HTTP of TCP"],
    ["TCP_SSL + HTTP version only", ["TCP_SSL", "listener", { healthCheckSwitch: true, healthCheckType: "HTTP", healthCheckHttpVersion: "HTTP/1.1" }], "health_check_http_version can only be set with protocol HTTP of TCP"],
    ["TCP + TCP check + HTTP method", ["TCP", "listener", { healthCheckSwitch: true, healthCheckType: "TCP", healthCheckHttpMethod: "GET" }], "health_check_http_method can only be set with protocol HTTP/HTTPS or HTTP of TCP"],
    ["HTTPS rule + HTTP path and code", ["HTTPS", "rule", { healthCheckSwitch: true, healthCheckType: "HTTP", healthCheckHttpPath: "/h", healthCheckHttpCode: 2 }], null],
    ["HTTPS rule + HTTP version", ["HTTPS", "rule", { healthCheckSwitch: true, healthCheckHttpVersion: "HTTP/1.1" }], "health_check_http_version can only be set with protocol HTTP of TCP"],
    ["HTTPS listener with a check", ["HTTPS", "listener", { healthCheckSwitch: true, healthCheckIntervalTime: 10 }], "health para can only be set with TCP/UDP/TCP_SSL listener or rule of HTTP/HTTPS listener"],
    ["TCP rule with a check", ["TCP", "rule", { healthCheckSwitch: true }], "health para can only be set with TCP/UDP/TCP_SSL listener or rule of HTTP/HTTPS listener"],
    ["switch off: HTTP fields ignored", ["TCP_SSL", "listener", { healthCheckSwitch: false, healthCheckHttpPath: "/h", healthCheckHttpCode: 2 }], null],
    ["UDP + CUSTOM + send context", ["UDP", "listener", { healthCheckSwitch: true, healthCheckType: "CUSTOM", healthCheckSendContext: "ping" }], null],
    ["TCP_SSL + CUSTOM context", ["TCP_SSL", "listener", { healthCheckSwitch: true, healthCheckType: "CUSTOM", healthCheckContextType: "TEXT" }], "health_check_context_type can only be set with protocol CUSTOM of TCP/UDP"],
    ["empty strings count as unset (GetOk)", ["TCP_SSL", "listener", { healthCheckSwitch: true, healthCheckType: "TCP", healthCheckHttpPath: "", healthCheckHttpVersion: "" }], null],
  ];
  for (const [label, args, expected] of cases) it(label, () => expect(checkHealthCheckPara(...args)).toBe(expected));
});

describe("tencentcloud adapter: hosts", () => {
  it("on demand: no public IP, encrypted weights disk deleted with the instance, plain cloud-init", async () => {
    const { records } = await build();
    const hosts = ofType(records, T.instance);
    expect(hosts.map((h) => h.name)).toEqual(["tc-host-0", "tc-host-1"]);
    hosts.forEach((host, i) => {
      expect(host.inputs).toMatchObject({
        instanceName: `${PHYSICAL}-host-${i}`,
        allocatePublicIp: false,
        internetMaxBandwidthOut: 0,
        instanceChargeType: "POSTPAID_BY_HOUR",
        systemDiskType: "CLOUD_SSD",
        imageId: "img-gpu-ubuntu2204",
        instanceType: "GN7.2XLARGE32",
      });
      for (const field of ["spotInstanceType", "spotMaxPrice", "userData", "keyIds", "password"]) expect(host.inputs, field).not.toHaveProperty(field);
      expect(host.inputs.dataDisks).toEqual([{ dataDiskType: "CLOUD_SSD", dataDiskSize: 50, dataDiskName: `${PHYSICAL}-weights-${i}`, encrypt: true, deleteWithInstance: true }]);
      expect(String(host.inputs.userDataRaw).startsWith("#cloud-config\nfs_setup:")).toBe(true);
      expect(host.inputs.userDataRaw).toContain('[ "LABEL=gpukit-weights", "/opt/models", ext4');
      expect(host.inputs.userDataRaw).toContain("vllm/vllm-openai:v0.11.0");
    });
    expect(byName(records, "tc-backends").inputs.targets).toEqual([
      { instanceId: "tc-host-0-id", port: 8000, weight: 10 },
      { instanceId: "tc-host-1-id", port: 8000, weight: 10 },
    ]);
  });

  it("spot instances: SPOTPAID, ONE-TIME, max price = on-demand hourly price, weights disk kept (deleteWithInstance false)", async () => {
    const warn = vi.spyOn(pulumi.log, "warn");
    const { records } = await build({ spot: true, hourlyPrice: 12.3456 });
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    warn.mockRestore();
    expect(warnings).toContainEqual(expect.stringContaining(`spot hosts' weights disks (${PHYSICAL}-weights-<i>, 50 GB CLOUD_SSD) are not deleted with their instance`));
    const hosts = ofType(records, T.instance);
    expect(hosts).toHaveLength(2);
    for (const host of hosts) {
      expect(host.inputs).toMatchObject({ instanceChargeType: "SPOTPAID", spotInstanceType: "ONE-TIME", spotMaxPrice: "12.35" });
      expect(host.inputs.dataDisks).toEqual([expect.objectContaining({ encrypt: true, deleteWithInstance: false })]);
    }
  });

  it("spot scaling group: launch config SPOTPAID, one-time, max price; group bound to the listener on the engine port", async () => {
    const { records, target } = await build({ hostGroup: "scaling-group", spot: true });
    expect(ofType(records, T.instance)).toHaveLength(0);
    expect(ofType(records, T.attachment)).toHaveLength(0);
    const config = byName(records, "tc-launch-config").inputs;
    expect(config).toMatchObject({
      configurationName: `${PHYSICAL}-launch-config`,
      publicIpAssigned: false,
      internetMaxBandwidthOut: 0,
      instanceChargeType: "SPOTPAID",
      spotInstanceType: "one-time",
      spotMaxPrice: "8.68",
      instanceTypes: ["GN7.2XLARGE32"],
      systemDiskSize: 120,
      securityGroupIds: ["tc-host-sg-id"],
    });
    expect(Buffer.from(String(config.userData), "base64").toString("utf8")).toContain("#cloud-config");
    const group = byName(records, "tc-scaling-group").inputs;
    expect(group).toMatchObject({ scalingGroupName: `${PHYSICAL}-hosts`, minSize: 1, maxSize: 3, desiredCapacity: 1, subnetIds: ["tc-host-subnet-0-id", "tc-host-subnet-1-id"] });
    expect(group.forwardBalancerIds).toEqual([{ loadBalancerId: "tc-clb-id", listenerId: "lbl-tc-listener", targetAttributes: [{ port: 8000, weight: 10 }] }]);
    expect(await valueOf(target.hostGroupId)).toBe("tc-scaling-group-id");
  });

  it("on-demand scaling config sends no spot field", async () => {
    const { records } = await build({ hostGroup: "scaling-group" });
    const config = byName(records, "tc-launch-config").inputs;
    expect(config.instanceChargeType).toBe("POSTPAID_BY_HOUR");
    for (const field of ["spotInstanceType", "spotMaxPrice"]) expect(config, field).not.toHaveProperty(field);
  });

  it("spot without a known price fails, telling to set a price or drop spot", async () => {
    await expect(build({ spot: true, hourlyPrice: null })).rejects.toThrow(
      "target tencentcloud-main (tencentcloud ap-guangzhou): spot on Tencent Cloud needs a maximum price (spotMaxPrice), and the catalog has no on-demand hourly price for GN7.2XLARGE32 in ap-guangzhou; " +
        "add that price to the catalog (catalog/data/offerings/tencentcloud.json) or set spot: false",
    );
    // on demand, the unknown price does not matter
    await expect(build({ hourlyPrice: null })).resolves.toBeDefined();
  });

  it("spotMaxPrice: decimal string, two decimals, rounded up", () => {
    const parent = {} as pulumi.Resource;
    const withPrice = (hourly: number | null): TargetPlan => chinaTargetPlan({ cloud: "tencentcloud", spot: true, hourlyPrice: hourly });
    expect(spotMaxPrice(withPrice(1.26), parent)).toBe("1.26");
    expect(spotMaxPrice(withPrice(8), parent)).toBe("8.00");
    expect(spotMaxPrice(withPrice(12.3401), parent)).toBe("12.35");
    expect(spotMaxPrice(withPrice(0.001), parent)).toBe("0.01");
    expect(() => spotMaxPrice(withPrice(null), parent)).toThrow("needs a maximum price");
  });

  it("sends user-data over 16 KB after base64 gzip-compressed, and fails clearly when even that is over", async () => {
    const compressible = `#cloud-config\nwrite_files:\n  - path: /etc/big\n    content: "${"x".repeat(13_000)}"\n`;
    const { records } = await build({ userData: compressible });
    const host = records.find((r) => r.type === T.instance)!;
    expect(host.inputs.userDataRaw).toBeUndefined();
    expect(gunzipSync(Buffer.from(String(host.inputs.userData), "base64")).toString("utf8")).toContain("/etc/big");
    let noise = "";
    for (let i = 0; noise.length < 40_000; i++) noise += createHash("sha256").update(String(i)).digest("hex");
    const big = `#cloud-config\nwrite_files:\n  - path: /etc/big\n    content: "${noise}"\n`;
    await expect(build({ userData: big })).rejects.toThrow(/target tencentcloud-main \(tencentcloud ap-guangzhou\): user-data is \d+ bytes after base64 even gzip-compressed.*16 KB/);
  });

  it("fails a planned secret without a value (secrets go to SSM: test/tencentcloud-secrets.test.ts)", async () => {
    await expect(
      build({}, (args) => {
        args.plan = { ...args.plan, secrets: [{ name: "hubToken", envVar: "HF_TOKEN", storeName: "gpu-inference/test/tencentcloud-main/hubToken", configKey: "hfToken" }] };
      }),
    ).rejects.toThrow("secrets hubToken (HF_TOKEN) have no value");
  });
});

describe("tencentcloud adapter: provider, tags, plugin", () => {
  it("every taggable resource carries the tags", async () => {
    const { records } = await build({ hostGroup: "scaling-group" });
    const untaggable = [T.ruleSet, T.listener, T.attachment, T.routeEntry];
    const taggable = records.filter((r) => r.type.startsWith("tencentcloud:") && !untaggable.includes(r.type));
    expect(taggable.map((r) => r.type)).toEqual(expect.arrayContaining([T.vpc, T.subnet, T.routeTable, T.eip, T.nat, T.group, T.clb, T.scalingConfig, T.scalingGroup]));
    for (const r of taggable) expect(r.inputs.tags, r.name).toEqual(TAGS);
    expect(byName(records, "tc-launch-config").inputs.instanceTags).toEqual(TAGS);
  });

  it("explicit provider for the region on every child and invoke, each resource in ap-guangzhou; plugin version and URL everywhere", async () => {
    const { records, requests, target } = await build();
    const provider = records.find((r) => r.type === "pulumi:providers:tencentcloud")!;
    expect(provider.name).toBe("tc-provider");
    expect(provider.inputs).toMatchObject({ region: "ap-guangzhou" });
    expect(target.provider).toBeInstanceOf(TencentcloudProvider);
    const ref = `${provider.urn}::${provider.id}`;
    const component = records.find((r) => r.type === TENCENTCLOUD_VM_TARGET_TYPE)!;
    expect(TENCENTCLOUD_VM_TARGET_TYPE).toBe("gpu-inference:tencentcloud:VmTarget");
    const children = records.filter((r) => r.type.startsWith("tencentcloud:"));
    // VPC, route table, 3 subnets, EIP, NAT, route; 2 groups + 2 rule sets; CLB, listener; 2 hosts, attachment
    expect(children).toHaveLength(17);
    for (const r of children) {
      expect(r.provider, r.name).toBe(ref);
      expect(r.region, r.name).toBe("ap-guangzhou");
      expect(r.parent, r.name).toBe(component.urn);
      expect(r.name.startsWith("tc-"), r.name).toBe(true);
    }
    expect(component.region).toBe("ap-guangzhou");
    const invokes = requests.filter((r) => r.kind === "invoke");
    const plugin = requests.filter((r) => r.token.startsWith("tencentcloud:") || r.token === "pulumi:providers:tencentcloud");
    expect(plugin.length).toBe(children.length + 1 + invokes.length);
    for (const r of plugin) expect({ token: r.token, version: r.version, url: r.pluginDownloadURL }).toEqual({ token: r.token, version: "0.2.3", url: "github://api.github.com/tencentcloudstack" });
    // one instance-type look-up per zone, then the image look-up (which waits on the verified type)
    expect(invokes.map((r) => r.token)).toEqual([INSTANCE_TYPES_TOKEN, INSTANCE_TYPES_TOKEN, IMAGES_TOKEN]);
    for (const r of invokes) expect(r.provider, r.token).toBe(ref);
    expect(invokes[2].args).toEqual({ imageNameRegex: IMAGE_NAME_REGEX.tencentcloud.gpu, imageTypes: ["PUBLIC_IMAGE"], instanceType: "GN7.2XLARGE32" });
    expect(TencentcloudProvider.__pulumiType).toBe(TENCENTCLOUD_PLUGIN.name);
  });

  it("instance-type look-up filters on zone, family and the plan's charge type", async () => {
    const charge = async (spot: boolean) => (await build({ spot })).requests.filter((r) => r.kind === "invoke" && r.token === INSTANCE_TYPES_TOKEN).map((r) => r.args);
    const filters = (zone: string, type: string) => ({
      filters: [
        { name: "zone", values: [zone] },
        { name: "instance-family", values: ["GN7"] },
        { name: "instance-charge-type", values: [type] },
      ],
      excludeSoldOut: true,
    });
    expect(await charge(false)).toEqual([filters("ap-guangzhou-3", "POSTPAID_BY_HOUR"), filters("ap-guangzhou-6", "POSTPAID_BY_HOUR")]);
    expect(await charge(true)).toEqual([filters("ap-guangzhou-3", "SPOTPAID"), filters("ap-guangzhou-6", "SPOTPAID")]);
  });

  it("credentials from stack config: secretId plain, secretKey secret", async () => {
    const { records } = await build({}, () => {}, { "tencentcloud:secretId": "AKIDexample", "tencentcloud:secretKey": "sk-example" });
    const provider = records.find((r) => r.type === "pulumi:providers:tencentcloud")!;
    expect(provider.inputs).toMatchObject({ region: "ap-guangzhou", secretId: "AKIDexample", secretKey: "[secret]" });
  });

  it("uses a caller's provider when given, and creates none", async () => {
    const { records } = await build({}, (args) => {
      args.provider = new TencentcloudProvider("shared", { region: "ap-guangzhou" });
    });
    expect(records.filter((r) => r.type === "pulumi:providers:tencentcloud").map((r) => r.name)).toEqual(["shared"]);
    const shared = records.find((r) => r.name === "shared")!;
    for (const r of records.filter((x) => x.type.startsWith("tencentcloud:"))) expect(r.provider, r.name).toBe(`${shared.urn}::${shared.id}`);
  });
});
