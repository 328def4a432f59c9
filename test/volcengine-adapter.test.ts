/**
 * Volcano Engine adapter under mocks: security defaults, health check, TLS, spot, tags, explicit
 * provider, plugin version and download URL.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { CloudTarget } from "../components/adapter";
import { volcengineAdapter } from "../components/volcengine";
import { VolcengineProvider } from "../components/volcengine/resources/provider";
import type { RecordedResource } from "../cli/offline/recorder";
import { ofType, record } from "./helpers/recording";
import { capturePluginRequests, CERTIFICATE_ID, chinaTargetArgs, ENGINE, TAGS, type PlanVariant, type PluginRequest } from "./fixtures/china-target-plan";

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
    const plugin = requests.filter((r) => r.token.startsWith("volcengine:") || r.token === "pulumi:providers:volcengine");
    expect(plugin.length).toBe(children.length + 2);
    for (const r of plugin) expect({ token: r.token, version: r.version, url: r.pluginDownloadURL }).toEqual({ token: r.token, version: "0.0.47", url: "github://api.github.com/volcengine" });
    const invoke = requests.find((r) => r.kind === "invoke")!;
    expect(invoke).toMatchObject({ token: "volcengine:ecs/getImages:getImages", provider: ref });
    expect(invoke.args).toEqual({ nameRegex: "^Ubuntu Server 22\\.04.*GPU", osType: "Linux", visibility: "public", instanceTypeId: "ecs.gni2.3xlarge" });
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
