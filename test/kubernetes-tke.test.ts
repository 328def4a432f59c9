/**
 * TKE: the offline plan of a Tencent Cloud `runtime: kubernetes` stack (test/fixtures/stacks/
 * Pulumi.k8s-tke.yaml, the run behind `gpukit plan --stack-file …`) creates a managed cluster with
 * no internet endpoint, a tainted and labelled GPU node pool of private nodes with an encrypted data
 * disk and auto scaling between the plan's bounds, the intranet endpoint whose kubeconfig drives the
 * Kubernetes provider, and the engine Deployment; every Tencent input is the SDK's; bad input fails
 * in the planner with the config path. Expected values are written out by hand.
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

const STACK_FILE = path.join(__dirname, "fixtures/stacks/Pulumi.k8s-tke.yaml");

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

describe("TKE stack, offline plan", () => {
  it("plans node pools whose GPU pool autoscales between replicas.min and replicas.max nodes", () => {
    const k = plan.targets[0].kubernetes!;
    // replicas 1..3, one node per replica: GPU nodes 1..3; the system pool is 2..3 of S5.LARGE8.
    expect(k.nodePools.map((p) => [p.role, p.instanceType, p.minNodes, p.maxNodes])).toEqual([
      ["gpu", "PNV4.7XLARGE116", 1, 3],
      ["system", "S5.LARGE8", 2, 3],
    ]);
    expect(k.nodeAutoscaler).toMatchObject({ mechanism: "node-pool", gpuNodes: { min: 1, max: 3 }, clusterAutoscaler: null });
    expect(k.cluster).toMatchObject({ mode: "create", name: "k8s-tke-gz", networks: { podCidr: "172.20.0.0/16", serviceCidr: "172.21.0.0/20" } });
    // TKE's add-on provides the device plugin: the kit installs no GPU chart.
    expect(k.gpuStack).toMatchObject({ owner: "cloud", chart: null });
    expect(plan.targets[0].warnings.join("\n")).toMatch(/TKE API server has only an intranet endpoint/);
  });

  it("creates a managed TKE cluster in the VPC with no internet endpoint", () => {
    const c = named("gz-cluster");
    expect(c.type).toBe("tencentcloud:Kubernetes/cluster:Cluster");
    expect(c.inputs).toMatchObject({
      vpcId: named("gz-vpc").id,
      clusterName: "k8s-tke-gz",
      clusterDeployType: "MANAGED_CLUSTER",
      networkType: "GR",
      clusterCidr: "172.20.0.0/16",
      serviceCidr: "172.21.0.0/20",
      containerRuntime: "containerd",
      clusterInternet: false,
      clusterIntranet: false,
    });
    expect(c.inputs.tags).toMatchObject({ environment: "staging", owner: "platform-team", "cost-center": "ml-platform", "managed-by": "gpu-inference-kit" });
  });

  it("creates the GPU node pool: instance type, taint, labels, private nodes, encrypted disk, autoscaling bounds, GPU args", () => {
    const gpu = named("gz-gpu-pool");
    expect(gpu.type).toBe("tencentcloud:Kubernetes/nodePool:NodePool");
    expect(gpu.inputs).toMatchObject({ clusterId: named("gz-cluster").id, vpcId: named("gz-vpc").id, minSize: 1, maxSize: 3, enableAutoScale: true });
    expect(gpu.inputs.desiredCapacity).toBeUndefined(); // computed by TKE when autoscaling
    expect(gpu.inputs.subnetIds).toEqual([named("gz-host-subnet-0").id, named("gz-host-subnet-1").id]);
    expect(gpu.inputs.autoScalingConfig).toMatchObject({
      instanceType: "PNV4.7XLARGE116",
      publicIpAssigned: false,
      internetMaxBandwidthOut: 0,
      instanceChargeType: "POSTPAID_BY_HOUR",
      orderlySecurityGroupIds: [named("gz-node-sg").id],
    });
    expect(gpu.inputs.autoScalingConfig.dataDisks).toEqual([{ diskType: "CLOUD_SSD", diskSize: 70, encrypt: true, deleteWithInstance: true }]);
    expect(gpu.inputs.nodeConfig.dataDisks[0]).toMatchObject({ autoFormatAndMount: true, mountTarget: "/var/lib/gpu-inference" });
    expect(gpu.inputs.nodeConfig.gpuArgs).toEqual({ migEnable: false });
    expect(gpu.inputs.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
    expect(gpu.inputs.labels).toEqual({ "gpu-inference.dev/pool": "gpu", "gpu-inference.dev/gpu": "A10", "nvidia.com/gpu.present": "true" });
    const sys = named("gz-system-pool");
    expect(sys.inputs).toMatchObject({ minSize: 2, maxSize: 3, enableAutoScale: true, taints: [] });
    expect(sys.inputs.nodeConfig.gpuArgs).toBeUndefined();
  });

  it("checks the GPU type at deploy time, in every zone, with the plan's charge type", () => {
    const looked = invokes.filter((a) => a.token === "tencentcloud:Instance/getTypes:getTypes").map((a) => (a.answer.filters as { name: string; values: string[] }[]).map((f) => `${f.name}=${f.values.join(",")}`));
    expect(looked).toEqual([
      ["zone=ap-guangzhou-3", "instance-family=PNV4", "instance-charge-type=POSTPAID_BY_HOUR"],
      ["zone=ap-guangzhou-4", "instance-family=PNV4", "instance-charge-type=POSTPAID_BY_HOUR"],
    ]);
  });

  it("opens only the intranet API endpoint, in the first host subnet, and feeds the Kubernetes provider", () => {
    const ep = named("gz-endpoint");
    expect(ep.type).toBe("tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint");
    expect(ep.inputs).toEqual({ clusterId: named("gz-cluster").id, clusterIntranet: true, clusterIntranetSubnetId: named("gz-host-subnet-0").id, clusterInternet: false });
    expect(resources.filter((r) => r.type === "pulumi:providers:kubernetes").map((r) => r.name)).toEqual(["gz-k8s"]);
  });

  it("node security group: cluster traffic from the VPC and pod CIDR, clients on node ports only, the rest dropped", () => {
    const rules = named("gz-node-rules").inputs;
    expect(rules.ingresses.map((r: any) => `${r.action} ${r.protocol} ${r.port} ${r.cidrBlock}`)).toEqual([
      "ACCEPT ALL ALL 10.42.0.0/16",
      "ACCEPT ALL ALL 172.20.0.0/16",
      "ACCEPT TCP 30000-32767 10.0.0.0/8",
      "DROP ALL ALL 0.0.0.0/0",
    ]);
  });

  it("runs the engine Deployment on the GPU pool behind an internal CLB in the load-balancer subnet", () => {
    const d = named("gz-engine");
    expect(d.type).toBe("kubernetes:apps/v1:Deployment");
    const pod = d.inputs.spec.template.spec;
    expect(pod.containers[0].resources.limits["nvidia.com/gpu"]).toBe("1");
    expect(pod.nodeSelector).toEqual({ "gpu-inference.dev/gpu": "A10" });
    expect(pod.tolerations).toContainEqual({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" });
    const svc = named("gz-service").inputs;
    expect(svc.metadata.annotations["service.kubernetes.io/qcloud-loadbalancer-internal-subnetid"]).toBe(named("gz-lb-subnet-0").id);
    expect(svc.spec.loadBalancerSourceRanges).toEqual(["10.0.0.0/8"]);
  });

  it("sends every Tencent resource through the ap-guangzhou provider and passes the deployability checks", () => {
    const cloud = resources.filter((r) => r.type.startsWith("tencentcloud:"));
    expect(cloud.length).toBeGreaterThan(10);
    for (const r of cloud) expect(r.region, r.name).toBe("ap-guangzhou");
    expect(runDeployability({ plan, resources }).findings).toEqual([]);
  });

  it("fails the deployability check when the GPU pool's bounds or disk encryption drift from the plan", () => {
    const tampered = resources.map((r) =>
      r.name === "gz-gpu-pool" ? { ...r, inputs: { ...r.inputs, maxSize: 1, autoScalingConfig: { ...(r.inputs as any).autoScalingConfig, dataDisks: [{ diskType: "CLOUD_SSD", diskSize: 70 }], publicIpAssigned: true } } } : r,
    );
    const messages = runDeployability({ plan, resources: tampered }, ["kubernetes-workload"]).findings.map((f) => f.message);
    expect(messages).toEqual([
      "gz-gpu-pool does not rule out public IPs on its nodes",
      "gz-gpu-pool launches no encrypted data disk for the model cache",
      "gz-gpu-pool scales between 1 and 1 nodes, the plan needs 1 to 3",
    ]);
  });

  it("sends only the SDK's input names (provider-inputs fixture, and the node pool's nested disks from types/input.ts)", () => {
    expect(unknownProviderInputs(resources.filter((x) => x.type.startsWith("tencentcloud:")))).toEqual([]);
    // NodePoolAutoScalingConfigDataDisk / NodePoolNodeConfigDataDisk of pulumi-tencentcloud v0.2.3 sdk/nodejs/types/input.ts.
    const lcDisk = ["deleteWithInstance", "diskSize", "diskType", "encrypt", "snapshotId", "throughputPerformance"];
    const nodeDisk = ["autoFormatAndMount", "diskPartition", "diskSize", "diskType", "fileSystem", "mountTarget"];
    const gpu = named("gz-gpu-pool").inputs;
    expect(Object.keys(gpu.autoScalingConfig.dataDisks[0]).filter((k) => !lcDisk.includes(k))).toEqual([]);
    expect(Object.keys(gpu.nodeConfig.dataDisks[0]).filter((k) => !nodeDisk.includes(k))).toEqual([]);
    expect(PROVIDER_INPUTS["tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint"].inputs).toEqual([
      "clusterId", "clusterInternet", "clusterInternetDomain", "clusterInternetSecurityGroup", "clusterIntranet", "clusterIntranetDomain", "clusterIntranetSubnetId", "extensiveParameters", "managedClusterInternetSecurityPolicies",
    ]);
  });
});

describe("TKE bad input (planner, before any resource)", () => {
  const catalog = loadCatalog();
  const spec = (target: Record<string, unknown>, residency: "cn" | "global" = "cn"): DeploymentSpecInput => ({
    environment: "staging",
    owner: "t",
    costCenter: "c",
    budget: { monthly: 1_000_000, currency: "CNY" },
    model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 },
    engine: { name: "vllm", maxConcurrentRequests: 16 },
    targets: [{ name: "gz", cloud: "tencentcloud", region: "ap-guangzhou", replicas: { min: 1, max: 3 }, runtime: "kubernetes", registryMirror: "ccr.ccs.tencentyun.com/acme", ...target } as never],
    loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
    compliance: { dataResidency: residency, dataClassification: "internal" },
  });
  const errorOf = (s: DeploymentSpecInput) => {
    try {
      planDeployment(parseDeploymentSpec(s, catalog), "staging", catalog);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error("the spec planned");
  };

  it("a GPU not offered in the region names targets[0].gpu and what is offered", () => {
    const message = errorOf(spec({ region: "ap-singapore", gpu: "L20", gpusPerReplica: 1, kubernetes: { cluster: { create: true } } }, "global"));
    expect(message).toContain("targets[0].gpu: no L20 offering with 1 GPUs exists in tencentcloud ap-singapore");
    expect(message).toContain("allowed: T4, V100-32G, A100-40G, A10");
  });

  it("an adopted cluster without its network names both missing paths at once", () => {
    const message = errorOf(spec({ gpu: "A10", gpusPerReplica: 1, kubernetes: { cluster: { id: "cls-abc123" } } }));
    expect(message).toContain("targets[0].network.existing: an adopted TKE cluster needs");
    expect(message).toContain("targets[0].network.vpcCidr: an adopted TKE cluster needs");
  });
});
