/**
 * Managed clusters the kit creates or adopts: ACK (cs.ManagedKubernetes + cs.NodePool) and EKS by id,
 * through the adapters' createTarget, every cloud resource through the regional provider, nodes
 * private, encrypted and token-only for metadata, the GPU pool labelled and tainted.
 */
import { describe, expect, it } from "vitest";
import { InferenceDeployment, ROOT_COMPONENT_NAME } from "../components/deployment";
import type { DeploymentSpecInput } from "../components/spec/schema";
import { runDeployability } from "../deployability";
import { loadCatalog } from "../catalog";
import { planDeployment } from "../components/plan";
import { parseDeploymentSpec } from "../components/spec";
import { record } from "./helpers/recording";

const catalog = loadCatalog();

const ack: DeploymentSpecInput = {
  environment: "prod",
  owner: "t",
  costCenter: "c",
  budget: { monthly: 1000000, currency: "CNY" },
  model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 },
  engine: { name: "vllm", maxConcurrentRequests: 16 },
  targets: [
    {
      name: "hz",
      cloud: "alicloud",
      region: "cn-hangzhou",
      gpu: "A10",
      gpusPerReplica: 1,
      replicas: { min: 2, max: 2 },
      runtime: "kubernetes",
      registryMirror: "registry-vpc.cn-hangzhou.aliyuncs.com/acme",
    },
  ],
  loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
  vectorDatabase: { engine: "qdrant", storageGb: 100 },
};

describe("ACK: created cluster", async () => {
  const plan = planDeployment(parseDeploymentSpec(ack, catalog), "prod", catalog);
  const resources = await record(() => {
    new InferenceDeployment(ROOT_COMPONENT_NAME, { plan });
  }, { stack: "prod" });
  const named = (n: string) => resources.find((r) => r.name === n)!;

  it("plans the ACK node pools and leaves the device plugin to ACK (no GPU chart on a mainland cluster)", () => {
    const k = plan.targets[0].kubernetes!;
    expect(k.nodePools.map((p) => [p.role, p.instanceType, p.minNodes, p.maxNodes])).toEqual([
      ["gpu", plan.targets[0].offering.instanceType, 2, 2],
      ["system", "ecs.g7.xlarge", 2, 3],
    ]);
    expect(k.gpuStack).toMatchObject({ owner: "cloud", chart: null });
    expect(plan.targets[0].warnings.join("\n")).toMatch(/public registries mainland clusters may not reach/);
  });

  it("creates an ACK Pro cluster in the host vSwitches with Terway network policy, protected in prod", () => {
    const c = named("hz-cluster");
    expect(c.type).toBe("alicloud:cs/managedKubernetes:ManagedKubernetes");
    expect(c.protect).toBe(true);
    expect(c.inputs).toMatchObject({ name: "prod-hz", clusterSpec: "ack.pro.small", serviceCidr: "172.21.0.0/20", newNatGateway: false, deletionProtection: true });
    expect(c.inputs.vswitchIds).toEqual([named("hz-host-0").id, named("hz-host-1").id]);
    expect(c.inputs.addons).toContainEqual({ name: "terway-eniip", config: '{"NetworkPolicy":"true"}' });
  });

  it("creates node pools with encrypted ESSD disks, metadata tokens, no public bandwidth, and the GPU taint and label", () => {
    const gpu = named("hz-gpu-pool");
    expect(gpu.type).toBe("alicloud:cs/nodePool:NodePool");
    expect(gpu.inputs).toMatchObject({ systemDiskEncrypted: true, systemDiskCategory: "cloud_essd", instanceMetadataOptions: { httpTokens: "required" }, internetMaxBandwidthOut: 0, desiredSize: "2" });
    expect(gpu.inputs.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
    expect(gpu.inputs.labels).toContainEqual({ key: "gpu-inference.dev/gpu", value: "A10" });
    expect(named("hz-system-pool").inputs.scalingConfig).toEqual({ enable: true, minSize: 2, maxSize: 3 });
  });

  it("puts the internal CLB in the plan's load-balancer vSwitch and passes the deployability checks", () => {
    const svc = named("hz-service").inputs as any;
    expect(svc.metadata.annotations).toMatchObject({
      "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet",
      "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-vswitch-id": named("hz-lb-0").id,
    });
    for (const r of resources.filter((x) => x.type.startsWith("alicloud:"))) expect(r.region, r.name).toBe("cn-hangzhou");
    expect(runDeployability({ plan, resources }, ["kubernetes-workload", "vector-database"]).findings).toEqual([]);
  });
});

describe("EKS: adopted cluster by id", async () => {
  const spec: DeploymentSpecInput = {
    ...ack,
    budget: { monthly: 100000, currency: "USD" },
    model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", quantization: "awq", maxContextTokens: 8192 },
    targets: [{ name: "use", cloud: "aws", region: "us-east-1", gpu: "A10G", gpusPerReplica: 1, replicas: { min: 1, max: 1 }, runtime: "kubernetes", kubernetes: { cluster: { id: "shared-eks" } } }],
    vectorDatabase: undefined,
  };
  const resources = await record(() => {
    new InferenceDeployment(ROOT_COMPONENT_NAME, { spec });
  }, { stack: "prod" });

  it("creates node groups in the cluster's subnets and no cluster, VPC or add-on", () => {
    const types = resources.map((r) => r.type);
    expect(types).not.toContain("aws:eks/cluster:Cluster");
    expect(types).not.toContain("aws:ec2/vpc:Vpc");
    expect(types).not.toContain("aws:eks/addon:Addon");
    const pool = resources.find((r) => r.name === "use-gpu-pool")!;
    expect(pool.inputs).toMatchObject({ clusterName: "shared-eks", subnetIds: ["subnet-shared-eks-a", "subnet-shared-eks-b"] });
  });
});
