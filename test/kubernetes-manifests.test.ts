/**
 * Every Kubernetes object the kit renders validates against the Kubernetes OpenAPI schema bundled in
 * kubernetes-models 5.1.0 (KUBERNETES_SCHEMA_VERSION): the engine workload (single- and multi-node,
 * default and Volcano scheduler), and the vector database's objects. LeaderWorkerSet and PodGroup are
 * CRDs outside that schema: their pod templates are validated as core PodTemplateSpec and their own
 * fields are checked by hand. The validator is shown to reject a broken object, so the test can fail.
 */
import { describe, expect, it } from "vitest";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { CronJob } from "kubernetes-models/batch/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1";
import { Namespace, PodTemplateSpec, Service } from "kubernetes-models/v1";
import { loadCatalog } from "../catalog";
import { renderWorkloadManifests, type K8sObject } from "../components/kubernetes/manifests";
import { planDeployment } from "../components/plan";
import { KUBERNETES_SCHEMA_VERSION } from "../components/plan/kubernetes-facts";
import { parseDeploymentSpec } from "../components/spec";
import type { DeploymentSpecInput } from "../components/spec/schema";
import { renderVectorDatabaseManifests } from "../components/vector-database/manifests";

const catalog = loadCatalog();

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "storage.k8s.io/v1/StorageClass": StorageClass,
  "batch/v1/CronJob": CronJob,
};

/** Validates `obj` with its kubernetes-models class (CRDs: their pod templates); returns the kinds validated. */
function validate(obj: K8sObject): string[] {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const Model = MODELS[key];
  if (Model) {
    new Model(obj as never).validate();
    return [key];
  }
  if (obj.kind === "LeaderWorkerSet") {
    const t = (obj.spec as { leaderWorkerTemplate: { leaderTemplate: unknown; workerTemplate: unknown } }).leaderWorkerTemplate;
    new PodTemplateSpec(t.leaderTemplate as never).validate();
    new PodTemplateSpec(t.workerTemplate as never).validate();
    return [`${key} (pod templates)`];
  }
  if (obj.kind === "PodGroup") {
    const spec = obj.spec as { minMember: unknown; queue: unknown };
    if (!Number.isInteger(spec.minMember) || typeof spec.queue !== "string") throw new Error("PodGroup needs an integer minMember and a queue");
    return [`${key} (fields)`];
  }
  throw new Error(`no validator for ${key}`);
}

function spec(over: Partial<DeploymentSpecInput> & { target?: Record<string, unknown> } = {}): DeploymentSpecInput {
  const { target, ...root } = over;
  return {
    environment: "prod",
    owner: "t",
    costCenter: "c",
    budget: { monthly: 1e6, currency: "USD" },
    model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", quantization: "awq", maxContextTokens: 8192 },
    engine: { name: "vllm", maxConcurrentRequests: 16, apiKeySecret: "engineApiKey" },
    targets: [{ name: "main", cloud: "aws", region: "us-east-1", gpu: "A10G", gpusPerReplica: 1, replicas: { min: 1, max: 3 }, runtime: "kubernetes", ...target } as DeploymentSpecInput["targets"][number]],
    loadBalancer: { public: true, allowedCidrs: ["203.0.113.0/24"], tls: { certificateId: "arn:aws:acm:us-east-1:1:certificate/x" } },
    vectorDatabase: { engine: "qdrant", storageGb: 100 },
    ...root,
  };
}

const big = {
  model: { id: "meta-llama/Llama-3.1-70B-Instruct", quantization: "bf16" as const, maxContextTokens: 4096, hubTokenSecret: "hfToken" },
  target: { gpu: undefined, gpusPerReplica: undefined, instanceType: "g5.12xlarge" },
};

const CASES: Record<string, DeploymentSpecInput> = {
  "single-node vLLM, Qdrant": spec(),
  "single-node vLLM on Volcano, Milvus": spec({ target: { kubernetes: { scheduler: "volcano" } }, vectorDatabase: { engine: "milvus", storageGb: 200, backup: { retentionDays: 30 } } }),
  "multi-node vLLM (LeaderWorkerSet)": spec(big),
  "multi-node SGLang on Volcano": spec({ ...big, engine: { name: "sglang", maxConcurrentRequests: 16 }, target: { ...big.target, kubernetes: { scheduler: "volcano" } } }),
  "vLLM with two LoRA adapters (init containers)": spec({
    model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", quantization: "awq", maxContextTokens: 8192, hubTokenSecret: "hfToken", adapters: [{ name: "support", source: "acme/support-lora", rank: 16 }, { name: "legal", source: "acme/legal-lora", rank: 8 }] },
  }),
  "TGI, fixed replicas, kubeconfig cluster": spec({
    engine: { name: "tgi", maxConcurrentRequests: 8 },
    target: { replicas: { min: 2, max: 2 }, kubernetes: { cluster: { kubeconfigSecret: "kubeconfig" }, namespace: "llm" } },
  }),
};

describe(`rendered objects validate against ${KUBERNETES_SCHEMA_VERSION}`, () => {
  for (const [name, input] of Object.entries(CASES)) {
    it(name, () => {
      const plan = planDeployment(parseDeploymentSpec(input, catalog), "test", catalog);
      const t = plan.targets[0];
      const objects = [...renderWorkloadManifests(t), ...(t.vectorDatabase ? renderVectorDatabaseManifests(t.vectorDatabase) : [])];
      const validated = objects.flatMap((o) => validate(o));
      expect(validated.length).toBe(objects.length);
      expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(["Namespace", "Service", "PodDisruptionBudget", "NetworkPolicy"]));
    });
  }

  it("LoRA adapters: one init container each writes /adapters/<name>, the engine mounts the volume read-only", () => {
    const t = planDeployment(parseDeploymentSpec(CASES["vLLM with two LoRA adapters (init containers)"]!, catalog), "test", catalog).targets[0];
    const deployment = renderWorkloadManifests(t).find((o) => o.kind === "Deployment")!;
    const pod = (deployment.spec as { template: { spec: Record<string, any> } }).template.spec;
    expect(pod.initContainers.map((c: any) => [c.name, c.args, c.volumeMounts])).toEqual([
      ["adapter-0", ["acme/support-lora", "/adapters/support"], [{ name: "adapters", mountPath: "/adapters" }]],
      ["adapter-1", ["acme/legal-lora", "/adapters/legal"], [{ name: "adapters", mountPath: "/adapters" }]],
    ]);
    expect(pod.initContainers[0].env).toEqual([{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "main-engine-secrets", key: "HF_TOKEN" } } }]);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: "adapters", mountPath: "/adapters", readOnly: true });
    expect(pod.volumes).toContainEqual({ name: "adapters", emptyDir: {} });
    expect(pod.containers[0].args).toEqual(expect.arrayContaining(["--enable-lora", "--lora-modules", "support=/adapters/support", "legal=/adapters/legal"]));
  });

  it("the validator rejects a broken object (a string replica count, an unknown field)", () => {
    const t = planDeployment(parseDeploymentSpec(spec(), catalog), "test", catalog).targets[0];
    const deployment = renderWorkloadManifests(t).find((o) => o.kind === "Deployment")!;
    expect(() => validate({ ...deployment, spec: { ...(deployment.spec as object), replicas: "one" } })).toThrow();
    const hpa = renderWorkloadManifests(t).find((o) => o.kind === "HorizontalPodAutoscaler")!;
    expect(() => validate({ ...hpa, spec: { ...(hpa.spec as object), metrics: [{ type: "Pods", pods: { metric: { name: 1 } } }] } })).toThrow();
  });
});
