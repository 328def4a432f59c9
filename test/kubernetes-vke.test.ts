/**
 * VKE: the offline plan of a Volcano Engine `runtime: kubernetes` stack (test/fixtures/stacks/
 * Pulumi.k8s-vke.yaml) creates a cluster with no public API endpoint and no public node access, a
 * tainted and labelled GPU node pool with auto scaling between the plan's bounds, a private
 * kubeconfig for the Kubernetes provider, and the engine Deployment; the volumes VKE cannot encrypt
 * are reported, not hidden; every Volcano Engine input is the SDK's; bad input fails in the planner
 * with the config path. Expected values are written out by hand.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import { PROVIDER_INPUTS, unknownProviderInputs } from "./helpers/provider-inputs";
import { offlineRun, resetOfflineSession } from "../cli/offline/session";
import type { MockAnswer } from "../cli/offline/run";
import type { RecordedResource } from "../cli/offline/recorder";
import { loadCatalog } from "../catalog";
import { runDeployability } from "../deployability";
import { planDeployment } from "../components/plan";
import type { DeploymentPlan } from "../components/plan/types";
import { parseDeploymentSpec } from "../components/spec";
import type { DeploymentSpecInput } from "../components/spec/schema";
import { ruleNamed } from "../policies/rules";

const STACK_FILE = path.join(__dirname, "fixtures/stacks/Pulumi.k8s-vke.yaml");

let resources: RecordedResource[];
let plan: DeploymentPlan;
const invokes: MockAnswer[] = [];
beforeAll(async () => {
  // This worker may have run another stack before: the session memoises one run per process.
  resetOfflineSession();
  const run = await offlineRun({ stackFile: STACK_FILE, loadProgram: freshProgram, observeMocks: (a) => (a.kind === "invoke" ? invokes.push(a) : undefined) });
  resources = run.resources;
  plan = run.plan;
}, 120_000);

const named = (name: string) => {
  const r = resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}`);
  return r as RecordedResource & { inputs: Record<string, any> };
};

describe("VKE stack, offline plan", () => {
  it("plans a GPU pool autoscaling between replicas.min and replicas.max nodes and the GPU Operator for the device plugin", () => {
    const k = plan.targets[0].kubernetes!;
    expect(k.nodePools.map((p) => [p.role, p.instanceType, p.minNodes, p.maxNodes])).toEqual([
      ["gpu", "ecs.gni2.3xlarge", 1, 3],
      ["system", "ecs.g3i.xlarge", 2, 3],
    ]);
    expect(k.nodeAutoscaler).toMatchObject({ mechanism: "node-pool", gpuNodes: { min: 1, max: 3 }, clusterAutoscaler: null });
    expect(k.cluster.networks).toEqual({ podCidr: null, serviceCidr: "172.21.0.0/20" });
    // VKE's device plugin is not verified: the operator runs it, driver and toolkit stay the image's.
    expect(k.gpuStack).toMatchObject({ owner: "gpu-operator", values: { driver: { enabled: false }, toolkit: { enabled: false }, devicePlugin: { enabled: true }, dcgmExporter: { enabled: true } } });
    expect(plan.targets[0].warnings.join("\n")).toMatch(/VKE API server has no public endpoint/);
  });

  it("creates the VKE cluster in the host subnets with VPC-CNI and no public API or node access", () => {
    const c = named("bj-cluster");
    expect(c.type).toBe("volcengine:vke/cluster:Cluster");
    const subnets = [named("bj-host-subnet-0").id, named("bj-host-subnet-1").id];
    expect(c.inputs).toMatchObject({
      name: "k8s-vke-bj",
      clusterConfig: { subnetIds: subnets, apiServerPublicAccessEnabled: false, resourcePublicAccessDefaultEnabled: false },
      podsConfig: { podNetworkMode: "VpcCniShared", vpcCniConfig: { subnetIds: subnets } },
      servicesConfig: { serviceCidrsv4s: ["172.21.0.0/20"] },
      deleteProtectionEnabled: false,
    });
    expect(c.inputs.tags).toContainEqual({ key: "owner", value: "platform-team" });
    expect(c.inputs.tags).toContainEqual({ key: "environment", value: "staging" });
  });

  it("creates the GPU node pool: instance type, taint, labels, security group, volumes, autoscaling bounds", () => {
    const gpu = named("bj-gpu-pool");
    expect(gpu.type).toBe("volcengine:vke/nodePool:NodePool");
    expect(gpu.inputs.clusterId).toBe(named("bj-cluster").id);
    expect(gpu.inputs.autoScaling).toEqual({ enabled: true, minReplicas: 1, maxReplicas: 3, desiredReplicas: 1, subnetPolicy: "ZoneBalance" });
    expect(gpu.inputs.nodeConfig).toMatchObject({
      instanceTypeIds: ["ecs.gni2.3xlarge"],
      subnetIds: [named("bj-host-subnet-0").id, named("bj-host-subnet-1").id],
      security: { securityGroupIds: [named("bj-node-sg").id] },
      systemVolume: { type: "ESSD_PL0", size: 100 },
      instanceChargeType: "PostPaid",
    });
    expect(gpu.inputs.nodeConfig.dataVolumes).toEqual([{ type: "ESSD_PL0", size: 90, mountPoint: "/var/lib/gpu-inference" }]);
    expect(gpu.inputs.kubernetesConfig).toEqual({
      cordon: false,
      labels: [
        { key: "gpu-inference.dev/pool", value: "gpu" },
        { key: "gpu-inference.dev/gpu", value: "A10" },
        { key: "nvidia.com/gpu.present", value: "true" },
      ],
      taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
    });
    expect(named("bj-system-pool").inputs.autoScaling).toMatchObject({ minReplicas: 2, maxReplicas: 3 });
  });

  it("issues a Private kubeconfig and reads it by id; checks the GPU type at deploy time", () => {
    expect(named("bj-kubeconfig").inputs).toEqual({ clusterId: named("bj-cluster").id, type: "Private", validDuration: 8760 });
    const read = invokes.filter((a) => a.token === "volcengine:vke/getKubeconfigs:getKubeconfigs");
    expect(read.map((a) => [a.answer.ids, a.answer.types])).toEqual([[[named("bj-kubeconfig").id], ["Private"]]]);
    expect(invokes.filter((a) => a.token === "volcengine:ecs/getInstanceTypes:getInstanceTypes").map((a) => a.answer.ids)).toEqual([["ecs.gni2.3xlarge"]]);
  });

  it("node security group: everything from the VPC, node ports from the clients and the CLB's fixed range", () => {
    const rules = resources.filter((r) => r.type === "volcengine:vpc/securityGroupRule:SecurityGroupRule" && r.name.startsWith("bj-node-")).map((r) => r.inputs as Record<string, any>);
    expect(rules.map((r) => `${r.protocol} ${r.portStart}-${r.portEnd} ${r.cidrIp}`)).toEqual(["all -1--1 10.42.0.0/16", "tcp 30000-32767 10.0.0.0/8", "tcp 30000-32767 100.64.0.0/10"]);
  });

  it("runs the engine Deployment, and passes the deployability checks", () => {
    const pod = named("bj-engine").inputs.spec.template.spec;
    expect(pod.containers[0].resources.limits["nvidia.com/gpu"]).toBe("1");
    expect(pod.tolerations).toContainEqual({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" });
    expect(named("bj-service").inputs.metadata.annotations["service.beta.kubernetes.io/volcengine-loadbalancer-subnet-id"]).toBe(named("bj-lb-subnet-0").id);
    for (const r of resources.filter((x) => x.type.startsWith("volcengine:"))) expect(r.region, r.name).toBe("cn-beijing");
    expect(runDeployability({ plan, resources }).findings).toEqual([]);
  });

  it("reports (advisory) the node volumes VKE cannot encrypt, and flags a public API endpoint or node access", async () => {
    const run = async (rule: string, r: RecordedResource) => {
      const reports: string[] = [];
      const policy = ruleNamed(rule)!.policy as any;
      await policy.validateResource({ type: r.type, name: r.name, urn: r.urn, props: r.inputs, notApplicable: () => undefined, getConfig: () => ({}) }, (m: string) => reports.push(m));
      return reports;
    };
    expect(await run("sec-disk-encryption-unavailable", named("bj-gpu-pool"))).toEqual([
      "bj-gpu-pool: the provider cannot encrypt the system and data volumes (vke.NodePoolNodeConfig volumes have no encryption input in pulumi-volcengine v0.0.47)",
    ]);
    const cluster = named("bj-cluster");
    expect(await run("sec-no-public-ip-gpu-hosts", cluster)).toEqual([]);
    expect(await run("sec-no-admin-ports-open", cluster)).toEqual([]);
    const open = { ...cluster, inputs: { ...cluster.inputs, clusterConfig: { ...cluster.inputs.clusterConfig, apiServerPublicAccessEnabled: true, resourcePublicAccessDefaultEnabled: true } } };
    expect(await run("sec-no-public-ip-gpu-hosts", open)).toEqual(["bj-cluster: clusterConfig.resourcePublicAccessDefaultEnabled gives the nodes public access"]);
    expect(await run("sec-no-admin-ports-open", open)).toEqual(["bj-cluster: the VKE API server has a public endpoint (clusterConfig.apiServerPublicAccessEnabled is not false)"]);
  });

  it("sends only the SDK's input names (provider-inputs fixture, nested included)", () => {
    expect(unknownProviderInputs(resources.filter((x) => x.type.startsWith("volcengine:vke/")))).toEqual([]);
    // vke.ClusterClusterConfig of pulumi-volcengine v0.0.47 sdk/nodejs/types/input.ts, by hand.
    expect(PROVIDER_INPUTS["volcengine:vke/cluster:Cluster"].nested.clusterConfig).toEqual(["apiServerPublicAccessConfig", "apiServerPublicAccessEnabled", "ipFamily", "resourcePublicAccessDefaultEnabled", "subnetIds"]);
    expect(PROVIDER_INPUTS["volcengine:vke/kubeconfig:Kubeconfig"].inputs).toEqual(["clusterId", "type", "validDuration"]);
  });
});

describe("VKE bad input (planner, before any resource)", () => {
  const catalog = loadCatalog();
  const spec = (target: Record<string, unknown>): DeploymentSpecInput => ({
    environment: "staging",
    owner: "t",
    costCenter: "c",
    budget: { monthly: 1_000_000, currency: "CNY" },
    model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 },
    engine: { name: "vllm", maxConcurrentRequests: 16 },
    targets: [{ name: "bj", cloud: "volcengine", region: "cn-beijing", replicas: { min: 1, max: 3 }, runtime: "kubernetes", registryMirror: "acme-cn-beijing.cr.volces.com/acme", ...target } as never],
    loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
    compliance: { dataResidency: "cn", dataClassification: "internal" },
  });
  const errorOf = (s: DeploymentSpecInput) => {
    try {
      planDeployment(parseDeploymentSpec(s, catalog), "staging", catalog);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error("the spec planned");
  };

  it("a GPU not offered in the region and a spot pool name their paths, every error at once", () => {
    const message = errorOf(spec({ gpu: "H20", gpusPerReplica: 1, kubernetes: { cluster: { create: true } } }));
    expect(message).toContain("targets[0].gpu: no H20 offering with 1 GPUs exists in volcengine cn-beijing");
    expect(message).toContain("allowed: A10");
    const spot = errorOf(spec({ instanceType: "ecs.gni2.3xlarge", gpu: "A10", spot: true, kubernetes: { cluster: { create: true } } }));
    expect(spot).toContain("targets[0].spot: spot GPU node pools are not built on VKE");
  });

  it("an adopted cluster without its network names both paths", () => {
    const message = errorOf(spec({ instanceType: "ecs.gni2.3xlarge", gpu: "A10", kubernetes: { cluster: { id: "cc-abc123" } } }));
    expect(message).toContain("targets[0].network.existing: an adopted VKE cluster needs");
    expect(message).toContain("targets[0].network.vpcCidr: an adopted VKE cluster needs");
  });
});
