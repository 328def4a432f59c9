/**
 * Changing the model, engine, GPU or replica count of a Kubernetes stack leaves every data resource
 * of the vector database (and the cluster holding its volumes) with the same URN and the same inputs,
 * so `pulumi up` neither moves nor replaces them; and the database is reachable from nowhere but the
 * application namespace. Each variant is built under the recording mocks from a spec.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { InferenceDeployment, ROOT_COMPONENT_NAME } from "../components/deployment";
import type { DeploymentSpecInput } from "../components/spec/schema";
import type { RecordedResource } from "../cli/offline/recorder";
import { record } from "./helpers/recording";

const base = parse(readFileSync(path.join(__dirname, "../stacks/Pulumi.k8s.yaml"), "utf8")).config["gpu-inference:deployment"] as DeploymentSpecInput;

async function build(spec: DeploymentSpecInput): Promise<RecordedResource[]> {
  return record(() => {
    new InferenceDeployment(ROOT_COMPONENT_NAME, { spec, secrets: { engineApiKey: "test-key", hfToken: "test-token" } });
  }, { stack: "k8s" });
}

/** The data resources: everything the vector database owns, and the protected cluster. */
function dataResources(rs: readonly RecordedResource[]): Map<string, RecordedResource> {
  return new Map(rs.filter((r) => r.name.includes("-vectordb-") || r.name === "useast-cluster").map((r) => [r.urn, r]));
}

const target = base.targets[0];
const VARIANTS: Record<string, DeploymentSpecInput> = {
  model: { ...base, model: { id: "Qwen/Qwen2.5-7B-Instruct", quantization: "bf16", maxContextTokens: 8192 }, targets: [{ ...target, gpu: "L40S" }] },
  engine: { ...base, engine: { name: "sglang", maxConcurrentRequests: 16, apiKeySecret: "engineApiKey" } },
  gpu: { ...base, targets: [{ ...target, gpu: "L40S" }] },
  replicas: { ...base, targets: [{ ...target, replicas: { min: 2, max: 6 } }] },
};

describe("vector database data resources are stable across model, engine, GPU and replica changes", async () => {
  const before = dataResources(await build(base));

  it("the baseline has the protected data resources", () => {
    expect([...before.values()].map((r) => r.name).sort()).toEqual(
      [
        "useast-cluster",
        "useast-vectordb-backup",
        "useast-vectordb-backup-config",
        "useast-vectordb-credential",
        "useast-vectordb-minio-secret",
        "useast-vectordb-namespace",
        "useast-vectordb-netpol",
        "useast-vectordb-release",
        "useast-vectordb-storage-class",
      ],
    );
    for (const name of ["useast-vectordb-release", "useast-vectordb-namespace", "useast-vectordb-credential", "useast-vectordb-minio-secret"]) {
      expect([...before.values()].find((r) => r.name === name)?.protect, name).toBe(true);
    }
  });

  for (const [change, spec] of Object.entries(VARIANTS)) {
    it(`changing the ${change} keeps every data URN and input`, async () => {
      const after = dataResources(await build(spec));
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [urn, r] of before) {
        expect(after.get(urn)!.inputs, r.name).toEqual(r.inputs);
        expect(after.get(urn)!.protect, r.name).toBe(r.protect);
      }
    });
  }

  it("the test can fail: changing the storage size changes the release's inputs", async () => {
    const after = dataResources(await build({ ...base, vectorDatabase: { engine: "milvus", storageGb: 400 } }));
    const release = [...after.values()].find((r) => r.name === "useast-vectordb-release")!;
    expect(release.inputs).not.toEqual([...before.values()].find((r) => r.name === "useast-vectordb-release")!.inputs);
  });

  it("the database is reachable only from the application namespace and its own pods, through a ClusterIP service", () => {
    const np = [...before.values()].find((r) => r.name === "useast-vectordb-netpol")!.inputs as any;
    expect(np.metadata.namespace).toBe("inference-vectordb");
    expect(np.spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "inference" } } }, { podSelector: {} }] }],
    });
    const values = ([...before.values()].find((r) => r.name === "useast-vectordb-release")!.inputs as any).values;
    expect(values.service).toEqual({ type: "ClusterIP" });
  });
});
