/**
 * The kubeconfig-mode target on any cloud: a Kubernetes provider from the kubeconfig secret, the
 * runtime and the vector database, and no cloud resource at all; and the VM path unchanged beside it.
 */
import { describe, expect, it } from "vitest";
import { InferenceDeployment, ROOT_COMPONENT_NAME } from "../components/deployment";
import type { DeploymentSpecInput } from "../components/spec/schema";
import { record } from "./helpers/recording";

const spec: DeploymentSpecInput = {
  environment: "dev",
  owner: "t",
  costCenter: "c",
  budget: { monthly: 100000, currency: "CNY" },
  model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 },
  engine: { name: "vllm", maxConcurrentRequests: 16 },
  targets: [
    {
      name: "ack",
      cloud: "alicloud",
      region: "cn-hangzhou",
      gpu: "A10",
      gpusPerReplica: 1,
      replicas: { min: 1, max: 1 },
      runtime: "kubernetes",
      registryMirror: "registry-vpc.cn-hangzhou.aliyuncs.com/acme",
      kubernetes: { cluster: { kubeconfigSecret: "ackKubeconfig" }, namespace: "llm", gpuStack: "none" },
    },
  ],
  loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
  vectorDatabase: { engine: "qdrant", storageGb: 50, backup: { retentionDays: 3 } },
};

describe("kubeconfig mode", async () => {
  const resources = await record(() => {
    new InferenceDeployment(ROOT_COMPONENT_NAME, { spec, secrets: { ackKubeconfig: "apiVersion: v1\nkind: Config\n" } });
  }, { stack: "dev" });

  it("creates no cloud resources: only the component, a kubernetes provider, Kubernetes objects and generated credentials", () => {
    const packages = new Set(resources.filter((r) => r.custom).map((r) => r.type.split(":")[0] === "pulumi" ? r.type : r.type.split(":")[0]));
    expect([...packages].sort()).toEqual(["kubernetes", "pulumi:providers:kubernetes", "random"]);
    expect(resources.find((r) => r.type === "gpu-inference:kubernetes:KubeconfigTarget")?.name).toBe("ack");
  });

  it("takes the kubeconfig from the secret config key, as a secret", () => {
    const provider = resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(provider.name).toBe("ack-k8s");
    expect(provider.inputs.kubeconfig).toBe("[secret]");
  });

  it("installs no GPU stack (gpuStack: none) and no autoscaler (min = max), and runs the mirror's image", () => {
    expect(resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => r.name)).toEqual(["ack-vectordb-release"]);
    const d = resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!.inputs as any;
    expect(d.metadata.namespace).toBe("llm");
    expect(d.spec.template.spec.containers[0].image).toBe("registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0");
    expect(resources.some((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")).toBe(false);
  });

  it("puts Qdrant on the cluster's default StorageClass (no kit StorageClass), protected, snapshots kept 3 days", () => {
    expect(resources.some((r) => r.type === "kubernetes:storage.k8s.io/v1:StorageClass")).toBe(false);
    const release = resources.find((r) => r.name === "ack-vectordb-release")!;
    expect(release.protect).toBe(true);
    expect((release.inputs as any).values.persistence).toEqual({ size: "50Gi" });
    const cron = resources.find((r) => r.name === "ack-vectordb-backup")!.inputs as any;
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].command[2]).toContain("3 * 86400");
  });

  it("fails with a clear error when the kubeconfig secret has no value", async () => {
    await expect(
      record(() => {
        new InferenceDeployment(ROOT_COMPONENT_NAME, { spec, secrets: {} });
      }, { stack: "dev" }),
    ).rejects.toThrow(/config key ackKubeconfig/);
  });
});
