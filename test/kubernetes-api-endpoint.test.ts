/**
 * The Kubernetes API endpoint of a cluster the kit creates is private on every cloud; on EKS it may
 * be opened to listed client CIDRs only (never 0.0.0.0/0, which AWS assumes for an empty list). EKS
 * node launch templates never give nodes a public IP, whatever the subnet says. Expected values by hand.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { InferenceDeployment, ROOT_COMPONENT_NAME } from "../components/deployment";
import { planDeployment } from "../components/plan";
import { ConfigError, parseDeploymentSpec } from "../components/spec";
import type { DeploymentSpecInput } from "../components/spec/schema";
import { record } from "./helpers/recording";

const catalog = loadCatalog();

function spec(cloud: "aws" | "alicloud", cluster: Record<string, unknown>): DeploymentSpecInput {
  const aws = cloud === "aws";
  return {
    environment: "staging",
    owner: "t",
    costCenter: "c",
    budget: { monthly: 1_000_000, currency: aws ? "USD" : "CNY" },
    model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: aws ? "huggingface" : "modelscope", quantization: "awq", maxContextTokens: 8192 },
    engine: { name: "vllm", maxConcurrentRequests: 16 },
    targets: [
      {
        name: "k",
        cloud,
        region: aws ? "us-east-1" : "cn-hangzhou",
        gpu: aws ? "L4" : "A10",
        gpusPerReplica: 1,
        replicas: { min: 1, max: 2 },
        runtime: "kubernetes",
        kubernetes: { cluster },
        ...(aws ? {} : { registryMirror: "registry-vpc.cn-hangzhou.aliyuncs.com/acme" }),
      },
    ],
    loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
  } as DeploymentSpecInput;
}

const plan = (raw: DeploymentSpecInput) => planDeployment(parseDeploymentSpec(raw, catalog), "staging", catalog);

function configIssues(raw: DeploymentSpecInput): string[] {
  try {
    plan(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe("plan: the API endpoint", () => {
  it("is private by default on EKS and ACK, and the warning says how to reach it", () => {
    const eks = plan(spec("aws", { create: true })).targets[0];
    expect(eks.kubernetes!.cluster.publicApiCidrs).toEqual([]);
    expect(eks.warnings.join("\n")).toContain("the EKS API endpoint is private only");
    const ack = plan(spec("alicloud", { create: true })).targets[0];
    expect(ack.kubernetes!.cluster.publicApiCidrs).toEqual([]);
    expect(ack.warnings.join("\n")).toContain("the ACK API server has only an intranet endpoint (slbInternetEnabled false)");
  });

  it("opens EKS to the listed CIDRs only", () => {
    const eks = plan(spec("aws", { create: true, publicApiCidrs: ["198.51.100.0/24", "203.0.113.7/32"] })).targets[0];
    expect(eks.kubernetes!.cluster.publicApiCidrs).toEqual(["198.51.100.0/24", "203.0.113.7/32"]);
    expect(eks.warnings.join("\n")).toContain("public for 198.51.100.0/24, 203.0.113.7/32 only");
  });

  it("refuses 0.0.0.0/0, a malformed CIDR and the field outside EKS, naming each path", () => {
    expect(configIssues(spec("aws", { create: true, publicApiCidrs: ["198.51.100.0/24", "0.0.0.0/0"] }))).toEqual([
      "targets[0].kubernetes.cluster.publicApiCidrs[1]: 0.0.0.0/0 opens the Kubernetes API to the whole internet; list the runner's egress CIDRs",
    ]);
    expect(configIssues(spec("aws", { create: true, publicApiCidrs: ["198.51.100.0"] })).join("\n")).toMatch(/publicApiCidrs\.0|publicApiCidrs\[0\]/);
    expect(configIssues(spec("alicloud", { create: true, publicApiCidrs: ["198.51.100.0/24"] }))).toEqual([
      "targets[0].kubernetes.cluster.publicApiCidrs: a public API endpoint restricted to client CIDRs is built on EKS only; on alicloud the API endpoint stays private (run Pulumi from inside the VPC)",
    ]);
  });
});

describe("adapters: what the cloud receives", () => {
  it("EKS: private endpoint, no publicAccessCidrs; node templates without public IP carrying the cluster security group", async () => {
    const resources = await record(() => void new InferenceDeployment(ROOT_COMPONENT_NAME, { plan: plan(spec("aws", { create: true })) }), { stack: "staging" });
    const cluster = resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
    expect(cluster.inputs.vpcConfig).toEqual({ subnetIds: ["k-host-0-id", "k-host-1-id"], endpointPrivateAccess: true, endpointPublicAccess: false });
    const templates = resources.filter((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate");
    expect(templates.map((t) => t.name).sort()).toEqual(["k-gpu-lt", "k-system-lt"]);
    for (const t of templates) {
      expect(t.inputs.networkInterfaces).toEqual([{ associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: ["sg-k-cluster"] }]);
      expect(t.inputs.subnetId).toBeUndefined();
    }
  });

  it("EKS with publicApiCidrs: public for those CIDRs only", async () => {
    const resources = await record(() => void new InferenceDeployment(ROOT_COMPONENT_NAME, { plan: plan(spec("aws", { create: true, publicApiCidrs: ["198.51.100.0/24"] })) }), { stack: "staging" });
    const cluster = resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
    expect(cluster.inputs.vpcConfig).toMatchObject({ endpointPublicAccess: true, publicAccessCidrs: ["198.51.100.0/24"] });
  });

  it("ACK: no internet SLB for the API server", async () => {
    const resources = await record(() => void new InferenceDeployment(ROOT_COMPONENT_NAME, { plan: plan(spec("alicloud", { create: true })) }), { stack: "staging" });
    const cluster = resources.find((r) => r.type === "alicloud:cs/managedKubernetes:ManagedKubernetes")!;
    expect(cluster.inputs.slbInternetEnabled).toBe(false);
  });
});
