/**
 * Volcano Engine adapter under mocks: security defaults, health check, TLS, spot, tags, explicit
 * provider, plugin version and download URL.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { CloudTarget } from "../components/adapter";
import { IMAGE_NAME_REGEX } from "../components/bootstrap";
import type { TargetPlan } from "../components/plan/types";
import { volcengineAdapter } from "../components/volcengine";
import { IMAGES_TOKEN, lookupImageId } from "../components/volcengine/image";
import { checkInstanceType, INSTANCE_TYPES_TOKEN, productNameMatches, verifyInstanceType } from "../components/volcengine/instance-type";
import { volcengineContext, type VolcengineContext } from "../components/volcengine/provider";
import { VolcengineProvider } from "../components/volcengine/resources/provider";
import { MOCK_VOLCENGINE_GPUS } from "../cli/offline/mocks";
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

const V = {
  instance: "volcengine:ecs/instance:Instance",
  rule: "volcengine:vpc/securityGroupRule:SecurityGroupRule",
  clb: "volcengine:clb/clb:Clb",
  listener: "volcengine:clb/listener:Listener",
  server: "volcengine:clb/serverGroupServer:ServerGroupServer",
  scalingGroup: "volcengine:autoscaling/scalingGroup:ScalingGroup",
  scalingConfig: "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration",
  attachment: "volcengine:autoscaling/scalingConfigurationAttachment:ScalingConfigurationAttachment",
  enabler: "volcengine:autoscaling/scalingGroupEnabler:ScalingGroupEnabler",
};
const TAG_LIST = Object.keys(TAGS)
  .sort()
  .map((key) => ({ key, value: TAGS[key] }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const valueOf = <T>(output: pulumi.Output<T>): Promise<T> => (output as any).promise();

async function build(variant: Omit<PlanVariant, "cloud"> = {}, config?: Record<string, string>) {
  let requests: PluginRequest[] = [];
  let target!: CloudTarget;
  const records = await record(() => {
    if (config) pulumi.runtime.setAllConfig(config, ["volcengine:secretKey"]);
    requests = capturePluginRequests();
    target = volcengineAdapter.createTarget("ve", chinaTargetArgs({ cloud: "volcengine", ...variant }), {});
  });
  return { records, requests, target };
}

const byName = (records: RecordedResource[], name: string) => records.find((r) => r.name === name)!;

describe("volcengine adapter", () => {
  it("hosts: pay-as-you-go, no EIP, ESSD system volume of the plan's size, base64 user-data, spread over zones", async () => {
    const { records, target } = await build();
    const hosts = ofType(records, V.instance);
    expect(hosts.map((h) => h.inputs.zoneId)).toEqual(["cn-beijing-a", "cn-beijing-b"]);
    for (const host of hosts) {
      expect(host.inputs).toMatchObject({ instanceChargeType: "PostPaid", spotStrategy: "NoSpot", systemVolumeType: "ESSD_PL0", systemVolumeSize: 120, imageId: "image-ubuntu2204-gpu" });
      expect(host.inputs.eipAddress).toBeUndefined();
      expect(host.inputs.eipId).toBeUndefined();
      expect(host.inputs.keyPairName).toBeUndefined();
      expect(Buffer.from(String(host.inputs.userData), "base64").toString("utf8")).toMatch(/^#cloud-config/);
    }
    expect(ofType(records, V.server).map((s) => s.inputs)).toEqual([
      expect.objectContaining({ instanceId: "ve-host-0-id", type: "ecs", port: ENGINE.port }),
      expect.objectContaining({ instanceId: "ve-host-1-id", type: "ecs", port: ENGINE.port }),
    ]);
    expect(await valueOf(target.hostGroupId)).toBe("ve-host-0-id,ve-host-1-id");
  });

  it("security group: engine port only from the CLB subnet, no SSH, no 0.0.0.0/0 ingress", async () => {
    const { records } = await build();
    const ingress = ofType(records, V.rule).filter((r) => r.inputs.direction === "ingress");
    expect(ingress.map((r) => r.inputs)).toEqual([expect.objectContaining({ protocol: "tcp", portStart: ENGINE.port, portEnd: ENGINE.port, cidrIp: "10.42.32.0/20", policy: "accept" })]);
    expect(byName(records, "ve-lb-subnet").inputs.cidrBlock).toBe("10.42.32.0/20");
    for (const rule of ingress) {
      expect(rule.inputs.cidrIp).not.toBe("0.0.0.0/0");
      expect(Number(rule.inputs.portStart) <= 22 && Number(rule.inputs.portEnd) >= 22).toBe(false);
    }
    expect(ofType(records, V.rule).find((r) => r.inputs.direction === "egress")!.inputs).toMatchObject({ protocol: "all", cidrIp: "0.0.0.0/0" });
  });

  it("listener: HTTP with health check on the readiness path (API enum spellings); public CLB with EIP", async () => {
    const { records, target } = await build();
    expect(byName(records, "ve-listener").inputs).toMatchObject({
      protocol: "HTTP",
      port: 80,
      serverGroupId: "ve-servers-id",
      healthCheck: expect.objectContaining({ enabled: "on", uri: ENGINE.readinessPath, httpCode: "http_2xx", method: "GET" }),
    });
    expect(byName(records, "ve-clb").inputs).toMatchObject({ type: "public", loadBalancerSpec: "small_1", subnetId: "ve-lb-subnet-id", eipBillingConfig: { eipBillingType: "PostPaidByTraffic", isp: "BGP", bandwidth: 100 } });
    expect(await valueOf(target.endpoint)).toBe("http://198.51.100.30");
  });

  it("TLS: HTTPS listener on 443 with the certificate; private CLB endpoint on its private address", async () => {
    const { records, target } = await build({ tls: true, public: false });
    expect(byName(records, "ve-listener").inputs).toMatchObject({ protocol: "HTTPS", port: 443, certificateId: CERTIFICATE_ID });
    expect(byName(records, "ve-clb").inputs).toMatchObject({ type: "private" });
    expect(byName(records, "ve-clb").inputs.eipBillingConfig).toBeUndefined();
    expect(await valueOf(target.endpoint)).toBe("https://10.42.48.10");
  });

  it("spot: SpotAsPriceGo on instances and on the scaling configuration", async () => {
    const instances = await build({ spot: true });
    for (const host of ofType(instances.records, V.instance)) expect(host.inputs.spotStrategy).toBe("SpotAsPriceGo");
    const scaling = await build({ spot: true, hostGroup: "scaling-group" });
    expect(ofType(scaling.records, V.scalingConfig)[0].inputs.spotStrategy).toBe("SpotAsPriceGo");
  });

  it("scaling group: bound to the server group on the engine port, configuration attached and the group enabled", async () => {
    const { records, target } = await build({ hostGroup: "scaling-group" });
    expect(ofType(records, V.instance)).toHaveLength(0);
    const group = ofType(records, V.scalingGroup)[0].inputs;
    expect(group).toMatchObject({ minInstanceNumber: 1, maxInstanceNumber: 3, desireInstanceNumber: 1, serverGroupAttributes: [{ serverGroupId: "ve-servers-id", port: ENGINE.port, weight: 50 }] });
    const config = ofType(records, V.scalingConfig)[0].inputs;
    expect(config).toMatchObject({ scalingGroupId: "scg-ve-scaling-group", volumes: [{ volumeType: "ESSD_PL0", size: 120, deleteWithInstance: true }] });
    expect(config.eipBillingType).toBeUndefined();
    expect(ofType(records, V.attachment)[0].inputs).toEqual({ scalingConfigurationId: "scc-ve-scaling-config" });
    expect(ofType(records, V.enabler)[0].inputs).toEqual({ scalingGroupId: "scg-ve-scaling-group" });
    expect(await valueOf(target.hostGroupId)).toBe("ve-scaling-group-id");
  });

  it("every taggable resource carries the tags as a key/value list", async () => {
    const { records } = await build({ hostGroup: "scaling-group" });
    const taggable = records.filter((r) => r.type.startsWith("volcengine:") && ![V.rule, V.server, V.attachment, V.enabler].includes(r.type));
    expect(taggable.length).toBeGreaterThan(5);
    for (const r of taggable) expect(r.inputs.tags, r.name).toEqual(TAG_LIST);
  });

  it("explicit provider for the region on every child; plugin version and URL on provider, resources and the image invoke", async () => {
    const { records, requests } = await build();
    const provider = records.find((r) => r.type === "pulumi:providers:volcengine")!;
    expect(provider.inputs).toMatchObject({ region: "cn-beijing" });
    const ref = `${provider.urn}::${provider.id}`;
    const component = records.find((r) => r.type === "gpu-inference:volcengine:VmTarget")!;
    const children = records.filter((r) => r.type.startsWith("volcengine:"));
    for (const r of children) {
      expect(r.provider, r.name).toBe(ref);
      expect(r.parent, r.name).toBe(component.urn);
    }
    const invokes = requests.filter((r) => r.kind === "invoke");
    const plugin = requests.filter((r) => r.token.startsWith("volcengine:") || r.token === "pulumi:providers:volcengine");
    expect(plugin.length).toBe(children.length + 1 + invokes.length);
    for (const r of plugin) expect({ token: r.token, version: r.version, url: r.pluginDownloadURL }).toEqual({ token: r.token, version: "0.0.47", url: "github://api.github.com/volcengine" });
    // the instance-type look-up, then the image look-up (which waits on the verified type)
    expect(invokes.map((r) => r.token)).toEqual([INSTANCE_TYPES_TOKEN, IMAGES_TOKEN]);
    for (const r of invokes) expect(r.provider, r.token).toBe(ref);
    expect(invokes[0].args).toEqual({ ids: ["ecs.gni2.3xlarge"] });
    expect(invokes[1].args).toEqual({ nameRegex: IMAGE_NAME_REGEX.volcengine.gpu, osType: "Linux", visibility: "public", instanceTypeId: "ecs.gni2.3xlarge" });
  });

  it("credentials from stack config (secret key as a secret); booleans JSON-stringified like the SDK", async () => {
    const { records } = await build({}, { "volcengine:accessKey": "AKLTexample", "volcengine:secretKey": "sk-example" });
    expect(records.find((r) => r.type === "pulumi:providers:volcengine")!.inputs).toMatchObject({ region: "cn-beijing", accessKey: "AKLTexample", secretKey: "[secret]" });
    const direct = await record(() => {
      new VolcengineProvider("direct", { region: "cn-shanghai", disableSsl: false });
    });
    expect(direct[0].inputs).toMatchObject({ region: "cn-shanghai", disableSsl: "false" });
  });

  it("refuses allowedCidrs it cannot enforce (no CLB ACL yet)", async () => {
    await expect(build({ allowedCidrs: ["203.0.113.0/24"] })).rejects.toThrow(/allowedCidrs .* cannot be enforced/);
    await expect(build({ allowedCidrs: ["0.0.0.0/0"] })).resolves.toBeDefined();
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const settled = <V>(output: pulumi.Output<V>): Promise<V> => (output as any).promise();

/**
 * Runs a look-up of this folder against a provider and component made under mocks with `override`;
 * `invokes` are those made with that provider (a look-up left over from an earlier failed build may
 * land in the same mock monitor).
 */
async function lookUp<V>(override: CallOverride, fn: (ctx: VolcengineContext) => pulumi.Output<V>) {
  let output!: pulumi.Output<V>;
  const { requests } = await recordWithCalls(() => {
    const parent = new pulumi.ComponentResource("test:index:Parent", "ve");
    output = fn(volcengineContext("ve", parent, new VolcengineProvider("ve-provider", { region: "cn-beijing" }, { parent }), {}));
  }, override);
  return { value: settled(output).then((v) => ({ ok: true as const, v }), (e: Error) => ({ ok: false as const, error: e.message })), invokes: requests.filter((r) => r.kind === "invoke" && r.provider.includes("test:index:Parent")) };
}

const plan = chinaTargetPlan({ cloud: "volcengine" });
const { gpu, ubuntu } = IMAGE_NAME_REGEX.volcengine;
const images = (byRegex: Record<string, string[]>): CallOverride => (token, inputs) =>
  token === IMAGES_TOKEN ? { ...inputs, images: (byRegex[String(inputs.nameRegex)] ?? []).map((imageId) => ({ imageId })) } : undefined;
const gpus = (devices: { productName: string; count: number }[] | null): CallOverride => (token, inputs) => {
  if (token !== INSTANCE_TYPES_TOKEN) return undefined;
  const ids = inputs.ids as string[];
  return { ...inputs, instanceTypes: devices === null ? [] : ids.map((instanceTypeId) => ({ instanceTypeId, instanceTypeFamily: "ecs.gni2", gpus: [{ gpuDevices: devices }] })) };
};
const withGpu = (model: string, count: number): TargetPlan => ({ ...plan, offering: { ...plan.offering, gpu: { ...plan.offering.gpu, model, count } } });

describe("volcengine deploy-time look-ups", () => {
  it("image: the GPU image regex first, plain Ubuntu only when it matches nothing", async () => {
    expect(plan.bootstrap.image).toEqual({ lookup: "name-regex", value: gpu, fallback: ubuntu });
    const found = await lookUp(images({ [gpu]: ["image-gpu"], [ubuntu]: ["image-ubuntu"] }), (ctx) => lookupImageId(ctx, plan));
    expect(await found.value).toEqual({ ok: true, v: "image-gpu" });
    expect(found.invokes.map((r) => [r.token, r.args?.nameRegex])).toEqual([[IMAGES_TOKEN, gpu]]);
    const fallback = await lookUp(images({ [ubuntu]: ["image-ubuntu"] }), (ctx) => lookupImageId(ctx, plan));
    expect(await fallback.value).toEqual({ ok: true, v: "image-ubuntu" });
    expect(fallback.invokes.map((r) => [r.token, r.args?.nameRegex])).toEqual([
      [IMAGES_TOKEN, gpu],
      [IMAGES_TOKEN, ubuntu],
    ]);
    for (const r of fallback.invokes) expect({ version: r.version, url: r.pluginDownloadURL }).toEqual({ version: "0.0.47", url: "github://api.github.com/volcengine" });
  });

  it("image: fails naming both regexes, the type and the region when neither matches", async () => {
    const none = await lookUp(images({}), (ctx) => lookupImageId(ctx, plan));
    expect(await none.value).toEqual({
      ok: false,
      error: `volcengine target volcengine-main: no public Linux image matches /${gpu}/ or /${ubuntu}/ for ecs.gni2.3xlarge in cn-beijing`,
    });
  });

  it("instance type: found with the planned GPU model and count", async () => {
    const ok = await lookUp(gpus([{ productName: "NVIDIA A10", count: 1 }]), (ctx) => verifyInstanceType(ctx, plan));
    expect(await ok.value).toEqual({ ok: true, v: "ecs.gni2.3xlarge" });
    expect(ok.invokes.map((r) => [r.token, r.args])).toEqual([[INSTANCE_TYPES_TOKEN, { ids: ["ecs.gni2.3xlarge"] }]]);
    expect(ok.invokes[0].provider).toContain("ve-provider");
  });

  it("instance type: a missing type fails with 'not found in <region>'", async () => {
    const missing = await lookUp(gpus(null), (ctx) => verifyInstanceType(ctx, plan));
    expect(await missing.value).toEqual({
      ok: false,
      error: "volcengine target volcengine-main: instance type ecs.gni2.3xlarge not found in cn-beijing (volcengine:ecs/getInstanceTypes:getInstanceTypes returned no such type); check the target's instanceType",
    });
  });

  it("instance type: another GPU model or count fails naming what the type has", async () => {
    const model = await lookUp(gpus([{ productName: "NVIDIA A100-SXM4-80GB", count: 1 }]), (ctx) => verifyInstanceType(ctx, plan));
    expect(await model.value).toEqual({
      ok: false,
      error: "volcengine target volcengine-main: instance type ecs.gni2.3xlarge in cn-beijing has 1 × NVIDIA A100-SXM4-80GB, the plan expects 1 × A10; fix the target's gpu / gpusPerReplica or its instanceType",
    });
    const count = await lookUp(gpus([{ productName: "NVIDIA A10", count: 2 }]), (ctx) => verifyInstanceType(ctx, plan));
    expect(await count.value).toMatchObject({ ok: false, error: expect.stringContaining("has 2 × NVIDIA A10, the plan expects 1 × A10") });
    expect(() => checkInstanceType(plan, { instanceTypes: [{ instanceTypeId: "ecs.gni2.3xlarge" }] })).toThrow("has no GPU, the plan expects 1 × A10");
  });

  it("instance type: the catalog key matches the product name as a whole model number", () => {
    expect(productNameMatches("NVIDIA A800-SXM4-80GB", "A800")).toBe(true);
    expect(productNameMatches("nvidia a10", "A10")).toBe(true);
    expect(productNameMatches("NVIDIA A100-SXM4-80GB", "A10")).toBe(false);
    expect(productNameMatches("NVIDIA H200", "H20")).toBe(false);
    expect(productNameMatches("NVIDIA H100 80GB HBM3", "H100-SXM")).toBe(true);
    expect(productNameMatches("NVIDIA L40S", "L4")).toBe(false);
    // the offline mock's answers for the shipped stacks' types pass the check
    for (const [id, model] of [["ecs.pni2.14xlarge", "A800"], ["ecs.gni2.3xlarge", "A10"]] as const) {
      const g = MOCK_VOLCENGINE_GPUS[id];
      expect(() => checkInstanceType({ ...withGpu(model, g.count), offering: { ...withGpu(model, g.count).offering, instanceType: id } }, { instanceTypes: [{ instanceTypeId: id, gpus: [{ gpuDevices: [g] }] }] })).not.toThrow();
    }
  });

  it("instance type: a mismatch gates the hosts (no instance, no scaling configuration registered)", async () => {
    const override = gpus([{ productName: "NVIDIA A800-SXM4-80GB", count: 1 }]);
    for (const hostGroup of ["instances", "scaling-group"] as const) {
      const { records } = await recordWithCalls(() => {
        volcengineAdapter.createTarget("ve", chinaTargetArgs({ cloud: "volcengine", hostGroup }), {});
      }, override);
      expect(records.filter((r) => r.type === "volcengine:vpc/vpc:Vpc"), hostGroup).toHaveLength(1);
      expect(ofType(records, V.instance), hostGroup).toHaveLength(0);
      expect(ofType(records, V.scalingConfig), hostGroup).toHaveLength(0);
    }
  });
});
