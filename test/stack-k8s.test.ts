/**
 * The k8s reference stack end to end (the offline run behind `gpukit plan --stack k8s`): EKS
 * cluster, tainted GPU node group, Deployment (GPU limit, shm, probes, tolerations), PDB, HPA,
 * Service, NetworkPolicy and Milvus, data resources `protect: true`, deployability checks passing —
 * and the Kubernetes checks failing on the defects they exist for.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import type { PlanReport } from "../cli/format/plan-report";
import { offlineRun, resetOfflineSession } from "../cli/offline/session";
import type { RecordedResource } from "../cli/offline/recorder";
import { runDeployability } from "../deployability";
import type { DeploymentPlan } from "../components/plan/types";
import { assertSecureDefaults } from "./security-defaults";

let report: PlanReport;
let resources: RecordedResource[];
let plan: DeploymentPlan;
beforeAll(async () => {
  // The same run `gpukit plan --stack k8s --format json` makes (cli/offline/session.ts), read directly
  // so the checks below see the recorded resources with their ids and `custom` flags.
  // This worker may have run another stack before: the session memoises one run per process.
  resetOfflineSession();
  const run = await offlineRun({ stack: "k8s", loadProgram: freshProgram });
  resources = run.resources;
  plan = run.plan;
  report = { targets: plan.targets.map((t) => ({ engine: t.engine })), resources } as unknown as PlanReport;
}, 120_000);

const byName = (name: string) => {
  const r = report.resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}`);
  return r as { type: string; name: string; protect: boolean; provider?: string; inputs: Record<string, any> };
};

describe("gpukit plan --stack k8s", () => {
  it("lists the EKS cluster and the tainted GPU node group with the NVIDIA AMI in private subnets", () => {
    expect(byName("useast-cluster").type).toBe("aws:eks/cluster:Cluster");
    const pool = byName("useast-gpu-pool");
    expect(pool.type).toBe("aws:eks/nodeGroup:NodeGroup");
    expect(pool.inputs).toMatchObject({ amiType: "AL2023_x86_64_NVIDIA", instanceTypes: ["g5.xlarge"], scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 1 }, capacityType: "ON_DEMAND" });
    expect(pool.inputs.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
    expect(pool.inputs.labels).toMatchObject({ "gpu-inference.dev/gpu": "A10G" });
    const hostSubnets = ["useast-host-0", "useast-host-1"].map((n) => resources.find((r) => r.name === n)!.id);
    expect(pool.inputs.subnetIds).toEqual(hostSubnets);
    const lt = byName("useast-gpu-lt");
    expect(lt.inputs.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 2 });
    expect(lt.inputs.blockDeviceMappings[0].ebs).toMatchObject({ encrypted: "true", volumeType: "gp3" });
  });

  it("lists the Deployment with the GPU limit, memory /dev/shm, probes and the GPU toleration", () => {
    const d = byName("useast-engine");
    expect(d.type).toBe("kubernetes:apps/v1:Deployment");
    const pod = d.inputs.spec.template.spec;
    const c = pod.containers[0];
    expect(c.resources.limits).toEqual({ "nvidia.com/gpu": "1" });
    expect(c.image).toBe("vllm/vllm-openai:v0.29.0");
    expect(c.args.slice(0, 1)).toEqual(["Qwen/Qwen2.5-7B-Instruct-AWQ"]);
    expect(c.startupProbe).toEqual({ httpGet: { path: "/health", port: 8000 }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 360 });
    expect(c.readinessProbe.httpGet).toEqual({ path: "/health", port: 8000 });
    expect(c.livenessProbe.httpGet).toEqual({ path: "/health", port: 8000 });
    expect(c.env).toContainEqual({ name: "VLLM_API_KEY", valueFrom: { secretKeyRef: { name: "useast-engine-secrets", key: "VLLM_API_KEY" } } });
    expect(pod.volumes).toContainEqual({ name: "shm", emptyDir: { medium: "Memory", sizeLimit: "4Gi" } });
    expect(pod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(pod.nodeSelector).toEqual({ "gpu-inference.dev/gpu": "A10G" });
    expect(pod.terminationGracePeriodSeconds).toBe(120);
  });

  it("lists the PDB, the HPA on the vLLM queue, the internal NLB Service for 10.0.0.0/8 and the engine NetworkPolicy", () => {
    expect(byName("useast-pdb").inputs.spec.maxUnavailable).toBe(1);
    const hpa = byName("useast-hpa").inputs.spec;
    expect(hpa).toMatchObject({ minReplicas: 1, maxReplicas: 3, scaleTargetRef: { kind: "Deployment", name: "useast-engine" } });
    expect(hpa.metrics[0].pods.metric.name).toBe("vllm_num_requests_waiting");
    const svc = byName("useast-service").inputs;
    expect(svc.spec).toMatchObject({ type: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/8"], ports: [{ port: 80, targetPort: 8000 }] });
    expect(svc.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"]).toBe("true");
    expect(svc.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-subnets"]).toBeDefined();
    const np = byName("useast-engine-netpol").inputs.spec;
    expect(np.ingress[0]).toEqual({ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ protocol: "TCP", port: 8000 }] });
  });

  it("lists Milvus (pinned chart 5.0.19, ClusterIP) and shows protect: true on every data resource", () => {
    const release = byName("useast-vectordb-release");
    expect(release.inputs).toMatchObject({ chart: "milvus", version: "5.0.19", namespace: "inference-vectordb" });
    for (const name of ["useast-vectordb-release", "useast-vectordb-namespace", "useast-vectordb-credential", "useast-vectordb-minio-secret", "useast-cluster"]) {
      expect(byName(name).protect, name).toBe(true);
    }
    expect(byName("useast-vectordb-storage-class").inputs).toMatchObject({ reclaimPolicy: "Retain", parameters: { encrypted: "true" } });
    expect(byName("useast-vectordb-backup").inputs.spec.schedule).toBe("0 3 * * *");
    // the engine is not a data resource
    expect(byName("useast-engine").protect).toBe(false);
  });

  it("routes every Kubernetes object through the cluster's provider and every AWS resource through us-east-1", () => {
    for (const r of report.resources) {
      if (r.type.startsWith("kubernetes:")) expect(r.provider, r.name).toMatch(/pulumi:providers:kubernetes::useast-k8s::/);
      if (r.type.startsWith("aws:")) expect(r.region, r.name).toBe("us-east-1");
    }
  });

  it("passes the deployability checks and the secure defaults", () => {
    expect(runDeployability({ plan, resources }).findings).toEqual([]);
    assertSecureDefaults(report);
  });
});

describe("the Kubernetes deployability checks fail on their defects", () => {
  const mutate = (name: string, change: (r: RecordedResource) => RecordedResource) => resources.map((r) => (r.name === name ? change(structuredClone(r)) : r));

  it("a Service open to the world, an unprotected release, a short startup probe, a missing toleration", () => {
    let rs = mutate("useast-service", (r) => ((r.inputs as any).spec.loadBalancerSourceRanges = ["0.0.0.0/0"], r));
    rs = rs.map((r) => (r.name === "useast-vectordb-release" ? { ...r, protect: false } : r));
    rs = rs.map((r) => {
      if (r.name !== "useast-engine") return r;
      const c = structuredClone(r);
      (c.inputs as any).spec.template.spec.containers[0].startupProbe.failureThreshold = 30;
      (c.inputs as any).spec.template.spec.tolerations = [];
      return c;
    });
    const found = runDeployability({ plan, resources: rs }, ["kubernetes-workload", "vector-database"]).findings;
    expect(found.map((f) => f.check).sort()).toEqual(["kubernetes-workload", "kubernetes-workload", "kubernetes-workload", "vector-database"]);
    expect(found.map((f) => f.message).join("\n")).toMatch(/admits 0\.0\.0\.0\/0[\s\S]*300 s, shorter than the engine's start budget of 3600 s|300 s, shorter[\s\S]*0\.0\.0\.0/);
  });

  it("an object on the runner's default kubeconfig and a vector database reachable by IP block", () => {
    let rs = resources.map((r) => (r.name === "useast-pdb" ? { ...r, provider: undefined } : r));
    rs = rs.map((r) => {
      if (r.name !== "useast-vectordb-netpol") return r;
      const c = structuredClone(r);
      (c.inputs as any).spec.ingress[0].from.push({ ipBlock: { cidr: "0.0.0.0/0" } });
      return c;
    });
    const found = runDeployability({ plan, resources: rs }, ["kubernetes-workload", "vector-database"]).findings;
    expect(found).toEqual([
      expect.objectContaining({ check: "kubernetes-workload", message: expect.stringMatching(/useast-pdb is not created through the target's kubernetes provider/) }),
      expect.objectContaining({ check: "vector-database", message: expect.stringMatching(/admits IP blocks/) }),
    ]);
  });
});
