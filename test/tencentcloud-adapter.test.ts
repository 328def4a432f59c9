/**
 * Tencent Cloud adapter under mocks: security defaults, health check, TLS, spot, tags, explicit
 * provider, plugin version and download URL.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { CloudTarget } from "../components/adapter";
import { IMAGE_NAME_REGEX } from "../components/bootstrap";
import { TENCENTCLOUD_PLUGIN } from "../components/providers/thin";
import { tencentcloudAdapter } from "../components/tencentcloud";
import { IMAGES_TOKEN, lookupImageId } from "../components/tencentcloud/image";
import { checkInstanceTypeInZone, INSTANCE_TYPES_TOKEN, verifyInstanceType } from "../components/tencentcloud/instance-type";
import type { TencentContext } from "../components/tencentcloud/provider";
import { TencentcloudProvider } from "../components/tencentcloud/resources/provider";
import type { RecordedResource } from "../cli/offline/recorder";
import { ofType, record } from "./helpers/recording";
import {
  capturePluginRequests,
  CERTIFICATE_ID,
  chinaTargetArgs,
  chinaTargetPlan,
  ENGINE,
  recordWithCalls,
  TAGS,
  type CallOverride,
  type PlanVariant,
  type PluginRequest,
} from "./fixtures/china-target-plan";

const T = {
  instance: "tencentcloud:Instance/instance:Instance",
  ruleSet: "tencentcloud:Security/groupRuleSet:GroupRuleSet",
  group: "tencentcloud:Security/group:Group",
  clb: "tencentcloud:Clb/instance:Instance",
  listener: "tencentcloud:Clb/listener:Listener",
  attachment: "tencentcloud:Clb/attachment:Attachment",
  scalingConfig: "tencentcloud:As/scalingConfig:ScalingConfig",
  scalingGroup: "tencentcloud:As/scalingGroup:ScalingGroup",
  vpc: "tencentcloud:Vpc/instance:Instance",
  subnet: "tencentcloud:Subnet/instance:Instance",
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const valueOf = <V>(output: pulumi.Output<V>): Promise<V> => (output as any).promise();

interface Built {
  records: RecordedResource[];
  requests: PluginRequest[];
  target: CloudTarget;
}

async function build(variant: Omit<PlanVariant, "cloud"> = {}, extra: (args: ReturnType<typeof chinaTargetArgs>) => void = () => {}, config?: Record<string, string>): Promise<Built> {
  let requests: PluginRequest[] = [];
  let target!: CloudTarget;
  const records = await record(() => {
    if (config) pulumi.runtime.setAllConfig(config, Object.keys(config).filter((k) => k.endsWith("secretKey")));
    requests = capturePluginRequests();
    const args = chinaTargetArgs({ cloud: "tencentcloud", ...variant });
    extra(args);
    target = tencentcloudAdapter.createTarget("tc", args, {});
  });
  return { records, requests, target };
}

const byName = (records: RecordedResource[], name: string) => records.find((r) => r.name === name)!;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rule = Record<string, any>;

describe("tencentcloud adapter", () => {
  it("hosts: no public IP, encrypted weights disk, plain cloud-init, spread over zones", async () => {
    const { records } = await build();
    const hosts = ofType(records, T.instance);
    expect(hosts).toHaveLength(2);
    expect(hosts.map((h) => h.inputs.availabilityZone)).toEqual(["ap-guangzhou-3", "ap-guangzhou-6"]);
    for (const host of hosts) {
      expect(host.inputs).toMatchObject({ allocatePublicIp: false, internetMaxBandwidthOut: 0, instanceChargeType: "POSTPAID_BY_HOUR", systemDiskType: "CLOUD_SSD", imageId: "img-gpu-ubuntu2204" });
      expect(host.inputs.spotInstanceType).toBeUndefined();
      expect(host.inputs.userData).toBeUndefined();
      expect(host.inputs.userDataRaw).toContain("vllm/vllm-openai:v0.11.0");
      expect(String(host.inputs.userDataRaw).startsWith("#cloud-config\nfs_setup:")).toBe(true);
      expect(host.inputs.userDataRaw).toContain('[ "LABEL=gpukit-weights", "/opt/models", ext4');
      expect(host.inputs.dataDisks).toEqual([expect.objectContaining({ encrypt: true, dataDiskType: "CLOUD_SSD", deleteWithInstance: true })]);
      expect(host.inputs.keyIds).toBeUndefined();
      expect(host.inputs.password).toBeUndefined();
    }
    expect(byName(records, "tc-backends").inputs.targets).toEqual([
      { instanceId: "tc-host-0-id", port: ENGINE.port, weight: 10 },
      { instanceId: "tc-host-1-id", port: ENGINE.port, weight: 10 },
    ]);
  });

  it("security groups: engine port only from the CLB's group, then DROP; no SSH; no 0.0.0.0/0 accept to the engine", async () => {
    const { records } = await build();
    const hostRules = byName(records, "tc-host-rules").inputs;
    const lbGroup = byName(records, "tc-lb-sg");
    const ingresses = hostRules.ingresses as Rule[];
    expect(ingresses[0]).toMatchObject({ action: "ACCEPT", protocol: "TCP", port: String(ENGINE.port), sourceSecurityId: lbGroup.id });
    expect(ingresses.at(-1)).toMatchObject({ action: "DROP" });
    expect(ingresses.filter((r) => r.action === "ACCEPT")).toHaveLength(1);
    for (const rules of ofType(records, T.ruleSet)) {
      for (const rule of rules.inputs.ingresses as Rule[]) {
        expect(rule.port).not.toBe("22");
        if (rule.action === "ACCEPT" && rule.cidrBlock === "0.0.0.0/0") expect(rule.port).not.toBe(String(ENGINE.port));
      }
    }
    expect(byName(records, "tc-clb").inputs).toMatchObject({ networkType: "OPEN", securityGroups: [lbGroup.id], loadBalancerPassToTarget: true });
    expect((byName(records, "tc-lb-rules").inputs.ingresses as Rule[])[0]).toMatchObject({ action: "ACCEPT", port: "80", cidrBlock: "0.0.0.0/0" });
  });

  it("listener: TCP with an HTTP health check on the readiness path; endpoint http://VIP", async () => {
    const { records, target } = await build();
    expect(byName(records, "tc-listener").inputs).toMatchObject({
      protocol: "TCP",
      port: 80,
      healthCheckSwitch: true,
      healthCheckType: "HTTP",
      healthCheckHttpPath: ENGINE.readinessPath,
      healthCheckHttpCode: 2,
      healthCheckPort: ENGINE.port,
    });
    expect(await valueOf(target.endpoint)).toBe("http://203.0.113.20");
    expect(await valueOf(target.hostGroupId)).toBe("tc-host-0-id,tc-host-1-id");
  });

  it("TLS: TCP_SSL listener on 443 with the certificate, one-way; endpoint https", async () => {
    const { records, target } = await build({ tls: true });
    expect(byName(records, "tc-listener").inputs).toMatchObject({ protocol: "TCP_SSL", port: 443, certificateId: CERTIFICATE_ID, certificateSslMode: "UNIDIRECTIONAL", healthCheckHttpPath: ENGINE.readinessPath });
    expect((byName(records, "tc-lb-rules").inputs.ingresses as Rule[])[0]).toMatchObject({ port: "443" });
    expect(await valueOf(target.endpoint)).toBe("https://203.0.113.20");
  });

  it("internal CLB: INTERNAL in the first subnet, clients from the VPC CIDR", async () => {
    const { records } = await build({ public: false });
    const subnet = byName(records, "tc-subnet-ap-guangzhou-3");
    expect(subnet.inputs.cidrBlock).toBe("10.42.0.0/20");
    expect(byName(records, "tc-subnet-ap-guangzhou-6").inputs.cidrBlock).toBe("10.42.16.0/20");
    expect(byName(records, "tc-clb").inputs).toMatchObject({ networkType: "INTERNAL", subnetId: subnet.id });
    expect((byName(records, "tc-lb-rules").inputs.ingresses as Rule[])[0]).toMatchObject({ cidrBlock: "10.42.0.0/16" });
  });

  it("spot instances: SPOTPAID, ONE-TIME", async () => {
    const { records } = await build({ spot: true });
    for (const host of ofType(records, T.instance)) expect(host.inputs).toMatchObject({ instanceChargeType: "SPOTPAID", spotInstanceType: "ONE-TIME" });
  });

  it("scaling group: launch config without public IP, base64 user-data, group bound to the listener on the engine port", async () => {
    const { records, target } = await build({ hostGroup: "scaling-group", spot: true });
    expect(ofType(records, T.instance)).toHaveLength(0);
    expect(ofType(records, T.attachment)).toHaveLength(0);
    const config = ofType(records, T.scalingConfig)[0].inputs;
    expect(config).toMatchObject({ publicIpAssigned: false, internetMaxBandwidthOut: 0, instanceChargeType: "SPOTPAID", spotInstanceType: "one-time", instanceTypes: ["GN7.2XLARGE32"], systemDiskSize: 120 });
    expect(Buffer.from(String(config.userData), "base64").toString("utf8")).toContain("#cloud-config");
    const group = ofType(records, T.scalingGroup)[0];
    expect(group.inputs).toMatchObject({ minSize: 1, maxSize: 3, desiredCapacity: 1 });
    expect(group.inputs.forwardBalancerIds).toEqual([{ loadBalancerId: "tc-clb-id", listenerId: "lbl-tc-listener", targetAttributes: [{ port: ENGINE.port, weight: 10 }] }]);
    expect(await valueOf(target.hostGroupId)).toBe("tc-scaling-group-id");
  });

  it("every taggable resource carries the tags", async () => {
    const { records } = await build({ hostGroup: "scaling-group" });
    const taggable = records.filter((r) => r.type.startsWith("tencentcloud:") && ![T.ruleSet, T.listener, T.attachment].includes(r.type));
    expect(taggable.length).toBeGreaterThan(5);
    for (const r of taggable) expect(r.inputs.tags, r.name).toEqual(TAGS);
    expect(ofType(records, T.scalingConfig)[0].inputs.instanceTags).toEqual(TAGS);
  });

  it("explicit provider for the region on every child; plugin version and URL on provider, resources and the image invoke", async () => {
    const { records, requests } = await build();
    const provider = records.find((r) => r.type === "pulumi:providers:tencentcloud")!;
    expect(provider.inputs).toMatchObject({ region: "ap-guangzhou" });
    const ref = `${provider.urn}::${provider.id}`;
    const component = records.find((r) => r.type === "gpu-inference:tencentcloud:VmTarget")!;
    const children = records.filter((r) => r.type.startsWith("tencentcloud:"));
    expect(children.length).toBeGreaterThan(8);
    for (const r of children) {
      expect(r.provider, r.name).toBe(ref);
      expect(r.parent, r.name).toBe(component.urn);
      expect(r.name.startsWith("tc-"), r.name).toBe(true);
    }
    const invokes = requests.filter((r) => r.kind === "invoke");
    const plugin = requests.filter((r) => r.token.startsWith("tencentcloud:") || r.token === "pulumi:providers:tencentcloud");
    expect(plugin.length).toBe(children.length + 1 + invokes.length);
    for (const r of plugin) expect({ token: r.token, version: r.version, url: r.pluginDownloadURL }).toEqual({ token: r.token, version: "0.2.3", url: "github://api.github.com/tencentcloudstack" });
    // one instance-type look-up per zone, then the image look-up (which waits on the verified type)
    expect(invokes.map((r) => r.token)).toEqual([INSTANCE_TYPES_TOKEN, INSTANCE_TYPES_TOKEN, IMAGES_TOKEN]);
    for (const r of invokes) expect(r.provider, r.token).toBe(ref);
    expect(invokes.slice(0, 2).map((r) => r.args)).toEqual(
      ["ap-guangzhou-3", "ap-guangzhou-6"].map((zone) => ({
        filters: [
          { name: "zone", values: [zone] },
          { name: "instance-family", values: ["GN7"] },
        ],
        excludeSoldOut: true,
      })),
    );
    expect(invokes[2].args).toEqual({ imageNameRegex: IMAGE_NAME_REGEX.tencentcloud.gpu, imageTypes: ["PUBLIC_IMAGE"], instanceType: "GN7.2XLARGE32" });
    expect(TencentcloudProvider.__pulumiType).toBe(TENCENTCLOUD_PLUGIN.name);
  });

  it("credentials from stack config: secretId plain, secretKey secret", async () => {
    const { records } = await build({}, () => {}, { "tencentcloud:secretId": "AKIDexample", "tencentcloud:secretKey": "sk-example" });
    const provider = records.find((r) => r.type === "pulumi:providers:tencentcloud")!;
    expect(provider.inputs).toMatchObject({ region: "ap-guangzhou", secretId: "AKIDexample", secretKey: "[secret]" });
  });

  it("uses a caller's provider and an existing network when given", async () => {
    const { records } = await build({}, (args) => {
      args.provider = new TencentcloudProvider("shared", { region: "ap-guangzhou" });
      Object.assign(args, { network: { vpcCidr: "172.16.0.0/16", existing: { vpcId: "vpc-existing", subnetIds: ["subnet-a", "subnet-b"] } } });
    });
    expect(records.filter((r) => r.type === "pulumi:providers:tencentcloud").map((r) => r.name)).toEqual(["shared"]);
    expect(ofType(records, T.vpc)).toHaveLength(0);
    expect(ofType(records, T.subnet)).toHaveLength(0);
    expect(ofType(records, T.instance).map((h) => h.inputs.subnetId)).toEqual(["subnet-a", "subnet-b"]);
  });

  it("fails clearly when the user-data exceeds 16 KB after base64", async () => {
    const big = `#cloud-config\nwrite_files:\n  - path: /etc/big\n    content: "${"x".repeat(13_000)}"\n`;
    await expect(build({ userData: big })).rejects.toThrow(/user-data is \d+ bytes after base64.*16 KB/);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const settled = <V>(output: pulumi.Output<V>): Promise<V> => (output as any).promise();

/**
 * Runs a look-up of this folder against a provider and component made under mocks with `override`;
 * `invokes` are those made with that provider (a look-up left over from an earlier failed build may
 * land in the same mock monitor).
 */
async function lookUp<V>(override: CallOverride, fn: (ctx: TencentContext) => pulumi.Output<V>) {
  let output!: pulumi.Output<V>;
  const { requests } = await recordWithCalls(() => {
    const parent = new pulumi.ComponentResource("test:index:Parent", "tc");
    const ctx: TencentContext = { name: "tc", parent, provider: new TencentcloudProvider("tc-provider", { region: "ap-guangzhou" }, { parent }), tags: {} };
    output = fn(ctx);
  }, override);
  return { value: settled(output).then((v) => ({ ok: true as const, v }), (e: Error) => ({ ok: false as const, error: e.message })), invokes: requests.filter((r) => r.kind === "invoke" && r.provider.includes("test:index:Parent")) };
}

const plan = chinaTargetPlan({ cloud: "tencentcloud" });
const { gpu, ubuntu } = IMAGE_NAME_REGEX.tencentcloud;
const images = (byRegex: Record<string, string[]>): CallOverride => (token, inputs) =>
  token === IMAGES_TOKEN ? { ...inputs, images: (byRegex[String(inputs.imageNameRegex)] ?? []).map((imageId) => ({ imageId })) } : undefined;
const offering = (byZone: Record<string, string[]>): CallOverride => (token, inputs) => {
  if (token !== INSTANCE_TYPES_TOKEN) return undefined;
  const zone = (inputs.filters as { name: string; values: string[] }[]).find((f) => f.name === "zone")!.values[0];
  return { ...inputs, instanceTypes: (byZone[zone] ?? []).map((instanceType) => ({ instanceType, family: "GN7", availabilityZone: zone, status: "SELL" })) };
};

describe("tencentcloud deploy-time look-ups", () => {
  it("image: the GPU image regex first, plain Ubuntu only when it matches nothing", async () => {
    expect(plan.bootstrap.image).toEqual({ lookup: "name-regex", value: gpu, fallback: ubuntu });
    const found = await lookUp(images({ [gpu]: ["img-gpu"], [ubuntu]: ["img-ubuntu"] }), (ctx) => lookupImageId(ctx, plan));
    expect(await found.value).toEqual({ ok: true, v: "img-gpu" });
    expect(found.invokes.map((r) => [r.token, r.args?.imageNameRegex])).toEqual([[IMAGES_TOKEN, gpu]]);
    const fallback = await lookUp(images({ [ubuntu]: ["img-ubuntu", "img-ubuntu-old"] }), (ctx) => lookupImageId(ctx, plan));
    expect(await fallback.value).toEqual({ ok: true, v: "img-ubuntu" });
    expect(fallback.invokes.map((r) => [r.token, r.args?.imageNameRegex])).toEqual([
      [IMAGES_TOKEN, gpu],
      [IMAGES_TOKEN, ubuntu],
    ]);
    for (const r of fallback.invokes) expect({ provider: r.provider.includes("tc-provider"), version: r.version, url: r.pluginDownloadURL }).toEqual({ provider: true, version: "0.2.3", url: "github://api.github.com/tencentcloudstack" });
  });

  it("image: fails naming both regexes, the type and the region when neither matches", async () => {
    const none = await lookUp(images({}), (ctx) => lookupImageId(ctx, plan));
    expect(await none.value).toEqual({
      ok: false,
      error: `tencentcloud target tencentcloud-main: no public image matches /${gpu}/ or /${ubuntu}/ for GN7.2XLARGE32 in ap-guangzhou`,
    });
  });

  it("image fallback under the whole target: hosts boot the Ubuntu image", async () => {
    const { records, errors } = await recordWithCalls(() => {
      tencentcloudAdapter.createTarget("tc", chinaTargetArgs({ cloud: "tencentcloud" }), {});
    }, images({ [ubuntu]: ["img-ubuntu"] }));
    expect(errors).toEqual([]);
    expect(ofType(records, T.instance).map((h) => h.inputs.imageId)).toEqual(["img-ubuntu", "img-ubuntu"]);
  });

  it("instance type: fails naming the type, the zone and what the look-up offered", async () => {
    const missing = await lookUp(offering({ "ap-guangzhou-3": ["GN7.2XLARGE32"], "ap-guangzhou-6": ["GN7.5XLARGE80", "GN7.8XLARGE128"] }), (ctx) => verifyInstanceType(ctx, plan));
    expect(await missing.value).toEqual({
      ok: false,
      error:
        "tencentcloud target tencentcloud-main: instance type GN7.2XLARGE32 is not offered in zone ap-guangzhou-6 " +
        "(tencentcloud:Instance/getTypes:getTypes for family GN7, sold-out excluded, offers: GN7.5XLARGE80, GN7.8XLARGE128); pick an offered type or another zone",
    });
    expect(missing.invokes.map((r) => r.token)).toEqual([INSTANCE_TYPES_TOKEN, INSTANCE_TYPES_TOKEN]);
    const ok = await lookUp(offering({ "ap-guangzhou-3": ["GN7.2XLARGE32"], "ap-guangzhou-6": ["GN7.2XLARGE32"] }), (ctx) => verifyInstanceType(ctx, plan));
    expect(await ok.value).toEqual({ ok: true, v: "GN7.2XLARGE32" });
  });

  it("instance type: lists at most five offered types, and says when none is", () => {
    const many = { instanceTypes: ["GN7.5XLARGE80", "GN7.8XLARGE128", "GN7.10XLARGE160", "GN7.20XLARGE320", "GN7.LARGE20", "GN7.2XLARGE64"].map((instanceType) => ({ instanceType })) };
    expect(() => checkInstanceTypeInZone(plan, "ap-guangzhou-3", many)).toThrow("offers: GN7.5XLARGE80, GN7.8XLARGE128, GN7.10XLARGE160, GN7.20XLARGE320, GN7.LARGE20, … (6 in all))");
    expect(() => checkInstanceTypeInZone(plan, "ap-guangzhou-3", {})).toThrow("offers: none)");
    expect(() => checkInstanceTypeInZone(plan, "ap-guangzhou-3", { instanceTypes: [{ instanceType: "GN7.2XLARGE32" }] })).not.toThrow();
  });

  it("instance type: a type missing in a zone gates the hosts (no instance, no scaling config registered)", async () => {
    const override = offering({ "ap-guangzhou-3": ["GN7.2XLARGE32"] });
    for (const hostGroup of ["instances", "scaling-group"] as const) {
      const { records } = await recordWithCalls(() => {
        tencentcloudAdapter.createTarget("tc", chinaTargetArgs({ cloud: "tencentcloud", hostGroup }), {});
      }, override);
      expect(ofType(records, T.vpc), hostGroup).toHaveLength(1);
      expect(ofType(records, T.instance), hostGroup).toHaveLength(0);
      expect(ofType(records, T.scalingConfig), hostGroup).toHaveLength(0);
    }
  });
});
