/**
 * Volcano Engine adapter under mocks: network from the plan, NAT egress, CLB source range on the
 * engine port, client ACL, descriptions, security defaults, health check, TLS, spot, tags, explicit
 * regional provider, plugin version and download URL. Expected values are written by hand.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { CloudTarget } from "../components/adapter";
import { IMAGE_NAME_REGEX } from "../components/bootstrap";
import type { TargetPlan } from "../components/plan/types";
import { VOLCENGINE_VM_TARGET_TYPE, volcengineAdapter } from "../components/volcengine";
import { IMAGES_TOKEN } from "../components/volcengine/image";
import { AVAILABLE_RESOURCES_TOKEN, INSTANCE_TYPES_TOKEN } from "../components/volcengine/instance-type";
import { VolcengineProvider } from "../components/volcengine/resources/provider";
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
  type PlanVariant,
  type PluginRequest,
} from "./fixtures/china-target-plan";
import { fixtureTags, targetPlan } from "./fixtures/target-plan";

const V = {
  vpc: "volcengine:vpc/vpc:Vpc",
  subnet: "volcengine:vpc/subnet:Subnet",
  sg: "volcengine:vpc/securityGroup:SecurityGroup",
  rule: "volcengine:vpc/securityGroupRule:SecurityGroupRule",
  nat: "volcengine:nat/gateway:Gateway",
  snat: "volcengine:nat/snatEntry:SnatEntry",
  eip: "volcengine:eip/address:Address",
  eipAssoc: "volcengine:eip/associate:Associate",
  instance: "volcengine:ecs/instance:Instance",
  clb: "volcengine:clb/clb:Clb",
  acl: "volcengine:clb/acl:Acl",
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

/** Registrations with the URNs of the resources they depend on (`dependsOn` and input dependencies). */
function captureDependencies(): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const monitor: any = pulumi.runtime.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  monitor.registerResource = (req: any, callback: any) => {
    deps.set(req.getName(), req.getDependenciesList());
    return register(req, callback);
  };
  return deps;
}

async function build(variant: Omit<PlanVariant, "cloud"> = {}, config?: Record<string, string>) {
  let requests: PluginRequest[] = [];
  let deps = new Map<string, string[]>();
  let target!: CloudTarget;
  const records = await record(() => {
    if (config) pulumi.runtime.setAllConfig(config, ["volcengine:secretKey"]);
    requests = capturePluginRequests();
    deps = captureDependencies();
    target = volcengineAdapter.createTarget("ve", chinaTargetArgs({ cloud: "volcengine", ...variant }), {});
  });
  return { records, requests, target, deps };
}

const byName = (records: RecordedResource[], name: string) => {
  const found = records.find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name} among ${records.map((r) => r.name).join(", ")}`);
  return found;
};

describe("volcengine adapter: network from the plan", () => {
  it("a VPC with exactly the plan's host subnets (CIDR, zone) and the single load-balancer subnet", async () => {
    const { records } = await build();
    expect(ofType(records, V.vpc).map((r) => r.inputs)).toEqual([expect.objectContaining({ cidrBlock: "10.42.0.0/16", vpcName: "test-volcengine-main-vpc" })]);
    expect(ofType(records, V.subnet).map((r) => [r.name, r.inputs.cidrBlock, r.inputs.zoneId, r.inputs.vpcId])).toEqual([
      ["ve-host-subnet-0", "10.42.0.0/20", "cn-beijing-a", "ve-vpc-id"],
      ["ve-host-subnet-1", "10.42.16.0/20", "cn-beijing-b", "ve-vpc-id"],
      ["ve-lb-subnet-0", "10.42.240.0/24", "cn-beijing-a", "ve-vpc-id"],
    ]);
    expect(byName(records, "ve-clb").inputs).toMatchObject({ subnetId: "ve-lb-subnet-0-id", vpcId: "ve-vpc-id" });
    const hosts = ofType(records, V.instance);
    expect(hosts.map((h) => [h.inputs.zoneId, h.inputs.subnetId])).toEqual([
      ["cn-beijing-a", "ve-host-subnet-0-id"],
      ["cn-beijing-b", "ve-host-subnet-1-id"],
    ]);
    const scaling = await build({ hostGroup: "scaling-group" });
    expect(ofType(scaling.records, V.scalingGroup)[0].inputs.subnetIds).toEqual(["ve-host-subnet-0-id", "ve-host-subnet-1-id"]);
  });

  it("egress (finding #4): a NAT gateway in the plan's NAT subnet, an EIP bound to it, one SNAT entry per host subnet after the binding", async () => {
    const { records, deps } = await build();
    expect(ofType(records, V.nat).map((r) => r.inputs)).toEqual([
      {
        vpcId: "ve-vpc-id",
        subnetId: "ve-lb-subnet-0-id",
        natGatewayName: "test-volcengine-main-nat",
        billingType: "PostPaid",
        spec: "Small",
        networkType: "internet",
        description: "Egress of the GPU hosts of test-volcengine-main",
        tags: TAG_LIST,
      },
    ]);
    expect(ofType(records, V.eip).map((r) => r.inputs)).toEqual([
      { name: "test-volcengine-main-nat-eip", billingType: "PostPaidByTraffic", isp: "BGP", bandwidth: 100, description: "NAT egress of test-volcengine-main", tags: TAG_LIST },
    ]);
    expect(ofType(records, V.eipAssoc).map((r) => r.inputs)).toEqual([{ allocationId: "ve-nat-eip-id", instanceId: "ve-nat-id", instanceType: "Nat" }]);
    expect(ofType(records, V.snat).map((r) => [r.name, r.inputs])).toEqual([
      ["ve-snat-0", { natGatewayId: "ve-nat-id", subnetId: "ve-host-subnet-0-id", eipId: "ve-nat-eip-id", snatEntryName: "test-volcengine-main-host-0" }],
      ["ve-snat-1", { natGatewayId: "ve-nat-id", subnetId: "ve-host-subnet-1-id", eipId: "ve-nat-eip-id", snatEntryName: "test-volcengine-main-host-1" }],
    ]);
    const association = byName(records, "ve-nat-eip-assoc").urn;
    for (const snat of ["ve-snat-0", "ve-snat-1"]) expect(deps.get(snat), snat).toContain(association);
    // the hosts themselves stay private
    for (const host of ofType(records, V.instance)) expect(Object.keys(host.inputs).filter((k) => /eip/i.test(k))).toEqual([]);
  });

  it("existing network: the plan's VPC and subnet ids, no VPC, subnet or NAT created, no vpcCidr needed", async () => {
    const plan = targetPlan("volcengine", {
      secrets: [],
      replicas: { min: 2, max: 2 },
      network: { existing: { vpcId: "vpc-own", subnetIds: ["subnet-a", "subnet-b"] } },
    });
    expect(plan.network).toMatchObject({ mode: "existing", vpcCidr: null, egress: { kind: "existing-network" } });
    const records = await record(() => {
      volcengineAdapter.createTarget("ve", { plan, tags: fixtureTags(), secrets: [] }, {});
    });
    for (const type of [V.vpc, V.subnet, V.nat, V.eip, V.eipAssoc, V.snat]) expect(ofType(records, type), type).toHaveLength(0);
    expect(byName(records, "ve-host-sg").inputs.vpcId).toBe("vpc-own");
    expect(byName(records, "ve-clb").inputs).toMatchObject({ vpcId: "vpc-own", subnetId: "subnet-a" });
    expect(ofType(records, V.instance).map((h) => [h.inputs.subnetId, h.inputs.zoneId])).toEqual([
      ["subnet-a", "cn-beijing-a"],
      ["subnet-b", "cn-beijing-b"],
    ]);
    // the engine port from the CLB's fixed range, not from a VPC CIDR
    expect(ofType(records, V.rule).map((r) => r.inputs.cidrIp)).toEqual(["100.64.0.0/10"]);
  });

  it("refuses a created network whose plan has more than one load-balancer subnet", async () => {
    const base = chinaTargetPlan({ cloud: "volcengine" });
    const second = { ...base.network.lbSubnets[0], index: 1, cidr: "10.42.241.0/24", zone: "cn-beijing-b" };
    const plan: TargetPlan = { ...base, network: { ...base.network, lbSubnets: [...base.network.lbSubnets, second] } };
    const { errors } = await recordWithCalls(() => {
      volcengineAdapter.createTarget("ve", { plan, tags: TAGS, secrets: [] }, {});
    }, () => undefined);
    expect(errors.join("\n")).toContain("target volcengine-main (volcengine cn-beijing): a Volcano Engine CLB sits in one subnet; the plan has 2 load-balancer subnets");
  });
});

describe("volcengine adapter: security", () => {
  it("CLB → hosts (finding #5): the engine port only from 100.64.0.0/10; no SSH, no world ingress, no kit egress rule (finding #7)", async () => {
    const { records } = await build();
    const rules = ofType(records, V.rule);
    expect(rules.map((r) => [r.name, r.inputs])).toEqual([
      [
        "ve-engine-from-lb-0",
        {
          securityGroupId: "ve-host-sg-id",
          direction: "ingress",
          protocol: "tcp",
          portStart: 8000,
          portEnd: 8000,
          cidrIp: "100.64.0.0/10",
          policy: "accept",
          priority: 1,
          description: "load balancer to engine port 8000",
        },
      ],
    ]);
    // the old rule admitted the CLB's own subnet, which a layer-7 CLB never sends from
    expect(rules.some((r) => r.inputs.cidrIp === "10.42.240.0/24" || r.inputs.cidrIp === "10.42.32.0/20")).toBe(false);
    expect(rules.filter((r) => r.inputs.direction === "egress")).toEqual([]);
    expect(byName(records, "ve-host-sg").inputs).toMatchObject({ securityGroupName: "test-volcengine-main-hosts", vpcId: "ve-vpc-id" });
    for (const host of ofType(records, V.instance)) expect(host.inputs.securityGroupIds).toEqual(["ve-host-sg-id"]);
  });

  it("planned secrets without values fail before any resource is registered (KMS secrets: test/volcengine-secrets.test.ts)", async () => {
    const plan = targetPlan("volcengine");
    expect(plan.secrets.map((s) => s.name)).toEqual(["hubToken", "apiKey"]);
    const { errors, records } = await recordWithCalls(() => {
      volcengineAdapter.createTarget("ve", { plan, tags: fixtureTags(), secrets: [] }, {});
    }, () => undefined);
    expect(errors.join("\n")).toContain("secrets hubToken (HF_TOKEN), apiKey (VLLM_API_KEY) have no value");
    expect(records.filter((r) => r.type.startsWith("volcengine:"))).toEqual([]);
  });
});

describe("volcengine adapter: load balancer", () => {
  it("listener: HTTP on 80 with health check on the readiness path (API enum spellings); public CLB with EIP; no ACL for 0.0.0.0/0", async () => {
    const { records, target } = await build();
    const listener = byName(records, "ve-listener").inputs;
    expect(listener).toMatchObject({
      protocol: "HTTP",
      port: 80,
      serverGroupId: "ve-servers-id",
      listenerName: "test-volcengine-main-http-80",
      healthCheck: expect.objectContaining({ enabled: "on", uri: ENGINE.readinessPath, httpCode: "http_2xx", method: "GET" }),
    });
    expect([listener.aclStatus, listener.aclType, listener.aclIds]).toEqual([undefined, undefined, undefined]);
    expect(ofType(records, V.acl)).toEqual([]);
    expect(byName(records, "ve-clb").inputs).toMatchObject({ type: "public", loadBalancerSpec: "small_1", eipBillingConfig: { eipBillingType: "PostPaidByTraffic", isp: "BGP", bandwidth: 100 } });
    expect(await valueOf(target.endpoint)).toBe("http://198.51.100.30");
  });

  it("client CIDRs: allowedCidrs become a whitelist ACL attached to the listener", async () => {
    const { records } = await build({ allowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] });
    expect(ofType(records, V.acl).map((r) => [r.name, r.inputs])).toEqual([
      [
        "ve-clients-acl",
        {
          aclName: "test-volcengine-main-clients",
          description: "clients admitted to the load balancer of test-volcengine-main",
          aclEntries: [
            { entry: "203.0.113.0/24", description: "allowed client range" },
            { entry: "198.51.100.0/24", description: "allowed client range" },
          ],
          tags: TAG_LIST,
        },
      ],
    ]);
    expect(byName(records, "ve-listener").inputs).toMatchObject({ aclStatus: "on", aclType: "white", aclIds: ["ve-clients-acl-id"] });
    // explicit 0.0.0.0/0 needs no ACL
    const open = await build({ allowedCidrs: ["0.0.0.0/0"] });
    expect(ofType(open.records, V.acl)).toEqual([]);
    expect(byName(open.records, "ve-listener").inputs.aclStatus).toBeUndefined();
  });

  it("TLS, private: HTTPS on 443 with the certificate, the VPC CIDR as the only client range, endpoint on the private address", async () => {
    const { records, target } = await build({ tls: true, public: false });
    expect(byName(records, "ve-listener").inputs).toMatchObject({ protocol: "HTTPS", port: 443, certificateId: CERTIFICATE_ID, aclStatus: "on", aclType: "white", aclIds: ["ve-clients-acl-id"] });
    expect(byName(records, "ve-listener").inputs.certificateSource).toBeUndefined();
    expect(byName(records, "ve-clients-acl").inputs.aclEntries).toEqual([{ entry: "10.42.0.0/16", description: "allowed client range" }]);
    expect(byName(records, "ve-clb").inputs).toMatchObject({ type: "private" });
    expect(byName(records, "ve-clb").inputs.eipBillingConfig).toBeUndefined();
    expect(await valueOf(target.endpoint)).toBe("https://10.42.240.10");
  });
});

describe("volcengine adapter: hosts", () => {
  it("pay-as-you-go, no EIP, ESSD system volume of the plan's size, base64 user-data, registered in the server group", async () => {
    const { records, target } = await build();
    const hosts = ofType(records, V.instance);
    expect(hosts.map((h) => [h.name, h.inputs.instanceName])).toEqual([
      ["ve-host-0", "test-volcengine-main-host-0"],
      ["ve-host-1", "test-volcengine-main-host-1"],
    ]);
    for (const host of hosts) {
      expect(host.inputs).toMatchObject({ instanceChargeType: "PostPaid", spotStrategy: "NoSpot", systemVolumeType: "ESSD_PL0", systemVolumeSize: 120, imageId: "image-ubuntu2204-gpu", instanceType: "ecs.gni2.3xlarge" });
      expect(host.inputs.keyPairName).toBeUndefined();
      expect(host.inputs.password).toBeUndefined();
      expect(Buffer.from(String(host.inputs.userData), "base64").toString("utf8")).toMatch(/^#cloud-config/);
    }
    expect(ofType(records, V.server).map((s) => s.inputs)).toEqual([
      expect.objectContaining({ instanceId: "ve-host-0-id", type: "ecs", port: ENGINE.port }),
      expect.objectContaining({ instanceId: "ve-host-1-id", type: "ecs", port: ENGINE.port }),
    ]);
    expect(await valueOf(target.hostGroupId)).toBe("ve-host-0-id,ve-host-1-id");
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
    expect(group).toMatchObject({ scalingGroupName: "test-volcengine-main-scaling-group", minInstanceNumber: 1, maxInstanceNumber: 3, desireInstanceNumber: 1, serverGroupAttributes: [{ serverGroupId: "ve-servers-id", port: ENGINE.port, weight: 50 }] });
    const config = ofType(records, V.scalingConfig)[0].inputs;
    expect(config).toMatchObject({ scalingGroupId: "scg-ve-scaling-group", volumes: [{ volumeType: "ESSD_PL0", size: 120, deleteWithInstance: true }] });
    expect(ofType(records, V.attachment)[0].inputs).toEqual({ scalingConfigurationId: "scc-ve-scaling-config" });
    expect(ofType(records, V.enabler)[0].inputs).toEqual({ scalingGroupId: "scg-ve-scaling-group" });
    expect(await valueOf(target.hostGroupId)).toBe("ve-scaling-group-id");
  });

  it("user-data above 16 KB fails with a target error", async () => {
    const { errors, records } = await recordWithCalls(() => {
      volcengineAdapter.createTarget("ve", chinaTargetArgs({ cloud: "volcengine", userData: `#cloud-config\n${"x".repeat(17000)}\n` }), {});
    }, () => undefined);
    expect(errors.join("\n")).toMatch(/target volcengine-main \(volcengine cn-beijing\): user-data is 17015 bytes, Volcano Engine accepts at most 16384/);
    expect(ofType(records, V.instance)).toHaveLength(0);
  });
});

describe("volcengine adapter: provider, tags, plugin", () => {
  it("every taggable resource carries the tags as a key/value list", async () => {
    const { records } = await build({ hostGroup: "scaling-group", allowedCidrs: ["203.0.113.0/24"] });
    const untagged = [V.rule, V.server, V.attachment, V.enabler, V.eipAssoc, V.snat];
    const taggable = records.filter((r) => r.type.startsWith("volcengine:") && !untagged.includes(r.type));
    expect(taggable.map((r) => r.type).sort()).toEqual([V.acl, V.clb, V.eip, V.listener, V.nat, V.scalingConfig, V.scalingGroup, "volcengine:clb/serverGroup:ServerGroup", V.sg, V.subnet, V.subnet, V.subnet, V.vpc].sort());
    for (const r of taggable) expect(r.inputs.tags, r.name).toEqual(TAG_LIST);
  });

  it("explicit provider for the plan's region on every resource and invoke; plugin version and URL everywhere", async () => {
    const { records, requests } = await build();
    const providers = records.filter((r) => r.type === "pulumi:providers:volcengine");
    expect(providers.map((p) => [p.name, p.inputs.region])).toEqual([["ve-provider", "cn-beijing"]]);
    const ref = `${providers[0].urn}::${providers[0].id}`;
    const component = records.find((r) => r.type === VOLCENGINE_VM_TARGET_TYPE)!;
    expect(providers[0].parent).toBe(component.urn);
    const children = records.filter((r) => r.type.startsWith("volcengine:"));
    expect(children.length).toBeGreaterThan(15);
    for (const r of children) {
      expect(r.provider, r.name).toBe(ref);
      expect(r.region, r.name).toBe("cn-beijing");
      expect(r.parent, r.name).toBe(component.urn);
    }
    const invokes = requests.filter((r) => r.kind === "invoke");
    const plugin = requests.filter((r) => r.token.startsWith("volcengine:") || r.token === "pulumi:providers:volcengine");
    expect(plugin.length).toBe(children.length + 1 + invokes.length);
    for (const r of plugin) expect({ token: r.token, version: r.version, url: r.pluginDownloadURL }).toEqual({ token: r.token, version: "0.0.47", url: "github://api.github.com/volcengine" });
    // the instance-type look-up, stock per zone, then the image look-up (which waits on the verified type)
    expect(invokes.map((r) => [r.token, r.args])).toEqual([
      [INSTANCE_TYPES_TOKEN, { ids: ["ecs.gni2.3xlarge"] }],
      [AVAILABLE_RESOURCES_TOKEN, { destinationResource: "InstanceType", instanceTypeId: "ecs.gni2.3xlarge", zoneId: "cn-beijing-a", instanceChargeType: "PostPaid", spotStrategy: "NoSpot" }],
      [AVAILABLE_RESOURCES_TOKEN, { destinationResource: "InstanceType", instanceTypeId: "ecs.gni2.3xlarge", zoneId: "cn-beijing-b", instanceChargeType: "PostPaid", spotStrategy: "NoSpot" }],
      [IMAGES_TOKEN, { nameRegex: IMAGE_NAME_REGEX.volcengine.gpu, osType: "Linux", visibility: "public", instanceTypeId: "ecs.gni2.3xlarge" }],
    ]);
    for (const r of invokes) expect(r.provider, r.token).toBe(ref);
  });

  it("another region: the provider and every resource follow the plan's region", async () => {
    const plan = targetPlan("volcengine", { secrets: [], region: "cn-shanghai", zones: ["cn-shanghai-a", "cn-shanghai-b"] });
    const records = await record(() => {
      volcengineAdapter.createTarget("sh", { plan, tags: fixtureTags(), secrets: [] }, {});
    });
    expect(records.filter((r) => r.type === "pulumi:providers:volcengine").map((p) => p.inputs.region)).toEqual(["cn-shanghai"]);
    const children = records.filter((r) => r.type.startsWith("volcengine:"));
    expect(new Set(children.map((r) => r.region))).toEqual(new Set(["cn-shanghai"]));
    expect(ofType(records, V.subnet).map((r) => r.inputs.zoneId)).toEqual(["cn-shanghai-a", "cn-shanghai-b", "cn-shanghai-a"]);
  });

  it("a provider passed in args is used as is: no provider of its own", async () => {
    const records = await record(() => {
      const provider = new VolcengineProvider("given", { region: "cn-beijing" });
      volcengineAdapter.createTarget("ve", { ...chinaTargetArgs({ cloud: "volcengine" }), provider }, {});
    });
    const providers = records.filter((r) => r.type === "pulumi:providers:volcengine");
    expect(providers.map((p) => p.name)).toEqual(["given"]);
    for (const r of records.filter((r) => r.type.startsWith("volcengine:"))) expect(r.provider, r.name).toBe(`${providers[0].urn}::${providers[0].id}`);
  });

  it("credentials from stack config (secret key as a secret); booleans JSON-stringified like the SDK", async () => {
    const { records } = await build({}, { "volcengine:accessKey": "AKLTexample", "volcengine:secretKey": "sk-example" });
    expect(records.find((r) => r.type === "pulumi:providers:volcengine")!.inputs).toMatchObject({ region: "cn-beijing", accessKey: "AKLTexample", secretKey: "[secret]" });
    const direct = await record(() => {
      new VolcengineProvider("direct", { region: "cn-shanghai", disableSsl: false });
    });
    expect(direct[0].inputs).toMatchObject({ region: "cn-shanghai", disableSsl: "false" });
  });
});
