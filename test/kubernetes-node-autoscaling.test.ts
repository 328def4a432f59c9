/**
 * GPU node autoscaling on clusters the kit creates or adopts, on every cloud: the plan's GPU node
 * bounds are replicas.min × nodesPerReplica … replicas.max × nodesPerReplica (hand-computed here),
 * mapped to EKS node group scalingConfig + the Cluster Autoscaler (Pod Identity, minimal IAM), ACK
 * `scalingConfig`, TKE `enableAutoScale`/`minSize`/`maxSize` and VKE `autoScaling`. Also: an
 * adopted (`{ id }`) TKE or VKE cluster creates no cluster resource.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { InferenceDeployment, ROOT_COMPONENT_NAME } from "../components/deployment";
import { planDeployment } from "../components/plan";
import { parseDeploymentSpec } from "../components/spec";
import type { DeploymentSpecInput } from "../components/spec/schema";
import { clusterAutoscalerPolicy } from "../components/aws/cluster-autoscaler";
import { record } from "./helpers/recording";

const catalog = loadCatalog();

function spec(target: Record<string, unknown>, residency: "cn" | "global"): DeploymentSpecInput {
  return {
    environment: "staging",
    owner: "t",
    costCenter: "c",
    budget: { monthly: 10_000_000, currency: residency === "cn" ? "CNY" : "USD" },
    model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 },
    engine: { name: "vllm", maxConcurrentRequests: 16 },
    targets: [{ name: "t", replicas: { min: 1, max: 3 }, runtime: "kubernetes", ...target } as never],
    loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
    compliance: { dataResidency: residency, dataClassification: "internal" },
  };
}

// Two-GPU types with nodesPerReplica 2 (one replica spans two nodes): replicas 1..3 → GPU nodes 2..6.
const TWO_NODE = {
  aws: spec({ cloud: "aws", region: "us-east-1", instanceType: "g5.12xlarge", kubernetes: { cluster: { create: true }, nodesPerReplica: 2 } }, "global"),
  tencentcloud: spec({ cloud: "tencentcloud", region: "ap-guangzhou", instanceType: "PNV4.14XLARGE232", registryMirror: "ccr.ccs.tencentyun.com/acme", kubernetes: { cluster: { create: true }, nodesPerReplica: 2 } }, "cn"),
};

describe("plan: GPU node bounds = replicas × nodesPerReplica", () => {
  it("replicas 1..3 with nodesPerReplica 2 → GPU nodes 2..6 (EKS: Cluster Autoscaler; TKE: node pool)", () => {
    const aws = planDeployment(parseDeploymentSpec(TWO_NODE.aws, catalog), "staging", catalog).targets[0].kubernetes!;
    expect(aws.workload.nodesPerReplica).toBe(2);
    expect(aws.nodePools[0]).toMatchObject({ role: "gpu", minNodes: 2, maxNodes: 6 });
    expect(aws.nodeAutoscaler).toMatchObject({ mechanism: "cluster-autoscaler", gpuNodes: { min: 2, max: 6 } });
    expect(aws.nodeAutoscaler!.clusterAutoscaler).toMatchObject({ chart: { chart: "cluster-autoscaler", version: "9.43.1" }, imageTag: "v1.33.0", namespace: "kube-system", serviceAccount: "cluster-autoscaler" });
    const tke = planDeployment(parseDeploymentSpec(TWO_NODE.tencentcloud, catalog), "staging", catalog).targets[0].kubernetes!;
    expect(tke.nodePools[0]).toMatchObject({ role: "gpu", instanceType: "PNV4.14XLARGE232", minNodes: 2, maxNodes: 6 });
    expect(tke.nodeAutoscaler).toMatchObject({ mechanism: "node-pool", gpuNodes: { min: 2, max: 6 }, clusterAutoscaler: null });
  });

  it("kubeconfig clusters get no node autoscaler (the owner's)", () => {
    const k = planDeployment(parseDeploymentSpec(spec({ cloud: "tencentcloud", region: "ap-guangzhou", gpu: "A10", gpusPerReplica: 1, registryMirror: "ccr.ccs.tencentyun.com/acme", kubernetes: { cluster: { kubeconfigSecret: "kc" } } }, "cn"), catalog), "staging", catalog);
    expect(k.targets[0].kubernetes!.nodeAutoscaler).toBeNull();
    expect(k.targets[0].kubernetes!.nodePools).toEqual([]);
  });
});

describe("adapters map the bounds", async () => {
  const eks = await record(() => {
    new InferenceDeployment(ROOT_COMPONENT_NAME, { spec: TWO_NODE.aws });
  }, { stack: "staging" });
  const tke = await record(() => {
    new InferenceDeployment(ROOT_COMPONENT_NAME, { spec: TWO_NODE.tencentcloud });
  }, { stack: "staging" });
  const ack = await record(() => {
    new InferenceDeployment(ROOT_COMPONENT_NAME, { spec: spec({ cloud: "alicloud", region: "cn-hangzhou", gpu: "A10", gpusPerReplica: 1, registryMirror: "registry-vpc.cn-hangzhou.aliyuncs.com/acme" }, "cn") });
  }, { stack: "staging" });
  const vke = await record(() => {
    new InferenceDeployment(ROOT_COMPONENT_NAME, { spec: spec({ cloud: "volcengine", region: "cn-beijing", instanceType: "ecs.gni2.3xlarge", gpu: "A10", registryMirror: "acme-cn-beijing.cr.volces.com/acme", kubernetes: { cluster: { create: true } } }, "cn") });
  }, { stack: "staging" });
  const named = (rs: typeof eks, n: string) => rs.find((r) => r.name === n) as (typeof eks)[number] & { inputs: Record<string, any> };

  it("EKS: the GPU node group scales 2..6 and the Cluster Autoscaler finds it through Pod Identity", () => {
    expect(named(eks, "t-gpu-pool").inputs.scalingConfig).toEqual({ minSize: 2, maxSize: 6, desiredSize: 2 });
    expect(named(eks, "t-pod-identity").inputs).toMatchObject({ addonName: "eks-pod-identity-agent" });
    expect(named(eks, "t-autoscaler-identity").inputs).toMatchObject({ clusterName: "staging-t", namespace: "kube-system", serviceAccount: "cluster-autoscaler" });
    const trust = JSON.parse(named(eks, "t-autoscaler-role").inputs.assumeRolePolicy);
    expect(trust.Statement[0]).toEqual({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] });
    const release = named(eks, "t-cluster-autoscaler");
    expect(release.type).toBe("kubernetes:helm.sh/v3:Release");
    expect(release.inputs).toMatchObject({ chart: "cluster-autoscaler", version: "9.43.1", namespace: "kube-system", repositoryOpts: { repo: "https://kubernetes.github.io/autoscaler" } });
    expect(release.inputs.values).toMatchObject({ cloudProvider: "aws", awsRegion: "us-east-1", autoDiscovery: { clusterName: "staging-t" }, rbac: { serviceAccount: { create: true, name: "cluster-autoscaler" } }, image: { tag: "v1.33.0" } });
  });

  it("EKS: the autoscaler's IAM policy can change capacity only of this cluster's tagged groups", () => {
    const policy = JSON.parse(clusterAutoscalerPolicy("staging-t"));
    expect(policy.Statement[0].Resource).toBe("*");
    expect(policy.Statement[0].Action.every((a: string) => /:(Describe|Get)/.test(a))).toBe(true);
    expect(policy.Statement[1]).toEqual({
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/staging-t": "owned", "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true" } },
    });
  });

  it("TKE: enableAutoScale between 2 and 6 nodes of the two-GPU type", () => {
    expect(named(tke, "t-gpu-pool").inputs).toMatchObject({ enableAutoScale: true, minSize: 2, maxSize: 6, autoScalingConfig: { instanceType: "PNV4.14XLARGE232" } });
  });

  it("ACK: scalingConfig between 1 and 3 nodes (replicas 1..3, one node each)", () => {
    expect(named(ack, "t-gpu-pool").inputs.scalingConfig).toEqual({ enable: true, minSize: 1, maxSize: 3 });
  });

  it("VKE: autoScaling between 1 and 3 nodes", () => {
    expect(named(vke, "t-gpu-pool").inputs.autoScaling).toMatchObject({ enabled: true, minReplicas: 1, maxReplicas: 3 });
  });
});

describe("adopted clusters ({ id }) create no cluster resource", async () => {
  const network = { vpcCidr: "10.20.0.0/16", existing: { vpcId: "vpc-shared", subnetIds: ["subnet-a", "subnet-b"], lbSubnetIds: ["subnet-lb"] } };
  const tke = await record(() => {
    new InferenceDeployment(ROOT_COMPONENT_NAME, { spec: spec({ cloud: "tencentcloud", region: "ap-guangzhou", gpu: "A10", gpusPerReplica: 1, registryMirror: "ccr.ccs.tencentyun.com/acme", network, kubernetes: { cluster: { id: "cls-shared" } } }, "cn") });
  }, { stack: "staging" });
  const vke = await record(() => {
    new InferenceDeployment(ROOT_COMPONENT_NAME, { spec: spec({ cloud: "volcengine", region: "cn-beijing", instanceType: "ecs.gni2.3xlarge", gpu: "A10", registryMirror: "acme-cn-beijing.cr.volces.com/acme", network, kubernetes: { cluster: { id: "cc-shared" } } }, "cn") });
  }, { stack: "staging" });

  it("TKE: node pools in cls-shared and the existing VPC; no cluster, endpoint, VPC or NAT", () => {
    const types = tke.map((r) => r.type);
    for (const t of ["tencentcloud:Kubernetes/cluster:Cluster", "tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint", "tencentcloud:Vpc/instance:Instance", "tencentcloud:Nat/gateway:Gateway"]) expect(types).not.toContain(t);
    const gpu = tke.find((r) => r.name === "t-gpu-pool")!;
    expect(gpu.inputs).toMatchObject({ clusterId: "cls-shared", vpcId: "vpc-shared", subnetIds: ["subnet-a", "subnet-b"] });
    const rules = tke.find((r) => r.name === "t-node-rules")!.inputs as { ingresses: { cidrBlock: string }[] };
    expect(rules.ingresses.map((r) => r.cidrBlock)).toEqual(["10.20.0.0/16", "10.0.0.0/8", "0.0.0.0/0"]);
  });

  it("VKE: node pools and a Private kubeconfig for cc-shared; no cluster or VPC", () => {
    const types = vke.map((r) => r.type);
    expect(types).not.toContain("volcengine:vke/cluster:Cluster");
    expect(types).not.toContain("volcengine:vpc/vpc:Vpc");
    expect(vke.find((r) => r.name === "t-gpu-pool")!.inputs).toMatchObject({ clusterId: "cc-shared", nodeConfig: { subnetIds: ["subnet-a", "subnet-b"] } });
    expect(vke.find((r) => r.name === "t-kubeconfig")!.inputs).toEqual({ clusterId: "cc-shared", type: "Private", validDuration: 8760 });
  });
});
