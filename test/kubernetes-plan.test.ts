/**
 * The Kubernetes runtime plan: workload (GPU limit, shm, probes, tolerations), scheduler (Volcano
 * PodGroup size), multi-node replicas (LeaderWorkerSet size, refusal on vm), cluster modes, GPU
 * stack per cloud, Service/NetworkPolicy sources, and the vector database placement. Expected values
 * are written by hand from the spec and the catalog rows they depend on.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { planDeployment } from "../components/plan";
import { ConfigError, parseDeploymentSpec } from "../components/spec";
import type { DeploymentSpecInput } from "../components/spec/schema";

const catalog = loadCatalog();

/** A Kubernetes spec on AWS us-east-1: Qwen2.5-7B AWQ with vLLM on one A10G, 1–3 replicas, internal LB for 10.0.0.0/8. */
function spec(overrides: { target?: Record<string, unknown>; root?: Partial<DeploymentSpecInput> } = {}): DeploymentSpecInput {
  return {
    environment: "staging",
    owner: "team",
    costCenter: "cc",
    budget: { monthly: 100000, currency: "USD" },
    model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", quantization: "awq", maxContextTokens: 8192 },
    engine: { name: "vllm", maxConcurrentRequests: 16 },
    targets: [
      {
        name: "main",
        cloud: "aws",
        region: "us-east-1",
        gpu: "A10G",
        gpusPerReplica: 1,
        replicas: { min: 1, max: 3 },
        runtime: "kubernetes",
        ...overrides.target,
      } as DeploymentSpecInput["targets"][number],
    ],
    loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
    ...overrides.root,
  };
}

function plan(input: DeploymentSpecInput) {
  return planDeployment(parseDeploymentSpec(input, catalog), "test", catalog);
}

function issuesOf(input: DeploymentSpecInput): { path: string; message: string }[] {
  try {
    plan(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

/** Llama 3.1 70B in bf16: ~141 GB of weights, more than one g5.12xlarge (4 × 24 GB A10G) holds. */
const bigModel = { model: { id: "meta-llama/Llama-3.1-70B-Instruct", quantization: "bf16" as const, maxContextTokens: 4096, hubTokenSecret: "hfToken" } };

describe("runtime kubernetes: workload", () => {
  const t = plan(spec()).targets[0];
  const k = t.kubernetes!;

  it("is planned instead of refused, on a created EKS cluster with a tainted A10G pool and a system pool", () => {
    expect(t.placement.runtime).toBe("kubernetes");
    expect(k.cluster).toEqual({ mode: "create", name: "test-main", version: "1.33", kubeconfigConfigKey: null, protect: false, networks: null, publicApiCidrs: [] });
    expect(k.nodePools.map((p) => [p.role, p.instanceType, p.minNodes, p.maxNodes, p.image])).toEqual([
      ["gpu", "g5.xlarge", 1, 3, "AL2023_x86_64_NVIDIA"],
      ["system", "m6i.xlarge", 2, 3, null],
    ]);
    expect(k.nodePools[0].taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
    expect(k.nodePools[0].labels).toMatchObject({ "gpu-inference.dev/gpu": "A10G" });
  });

  it("runs the VM path's engine command with a GPU limit of the replica's GPUs, memory /dev/shm and a node-local cache", () => {
    const w = k.workload;
    expect(w.kind).toBe("Deployment");
    expect(w.args).toEqual(t.engine.command);
    expect(w.command).toBeNull();
    expect(w.gpusPerPod).toBe(1);
    expect(w.shmSizeGi).toBe(4);
    expect(w.modelCache).toEqual({ hostPath: "/var/lib/gpu-inference/models", containerPath: "/models" });
    expect(w.nodeSelector).toEqual({ "gpu-inference.dev/gpu": "A10G" });
    expect(w.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
  });

  it("gives the startup probe the engine's whole start budget and keeps readiness/liveness short", () => {
    const w = k.workload;
    // aws-dlami start budget: 3600 s (no driver wait) → 360 × 10 s
    expect(t.bootstrap.startBudgetSec).toBe(3600);
    expect(w.startupProbe).toEqual({ path: "/health", port: 8000, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 360 });
    expect(w.readinessProbe).toEqual({ path: "/health", port: 8000, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
    expect(w.livenessProbe.failureThreshold * w.livenessProbe.periodSeconds).toBe(150);
    expect(w.terminationGracePeriodSeconds).toBe(120);
  });

  it("scales 1–3 on vllm:num_requests_waiting through prometheus-adapter, PDB never blocks a drain", () => {
    expect(k.autoscaler).toEqual({ minReplicas: 1, maxReplicas: 3, metric: "vllm_num_requests_waiting", series: "vllm:num_requests_waiting", averageValue: 4 });
    expect(k.metrics?.rules[0].name).toEqual({ matches: "^vllm:num_requests_waiting$", as: "vllm_num_requests_waiting" });
    expect(k.metrics?.adapterChart.version).toBe("4.10.0");
    expect(k.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
  });

  it("exposes the Service with the VM path's client CIDRs on an internal NLB and admits only them (and Prometheus) on the engine port", () => {
    expect(k.service).toMatchObject({ type: "LoadBalancer", port: 80, targetPort: 8000, sourceRanges: ["10.0.0.0/8"], tls: false });
    expect(k.service.annotations).toEqual({ "service.beta.kubernetes.io/aws-load-balancer-type": "nlb", "service.beta.kubernetes.io/aws-load-balancer-internal": "true" });
    expect(k.networkPolicy).toEqual({ engineFromCidrs: ["10.0.0.0/8"], scrapeNamespace: "gpu-inference-metrics", intraGroup: false });
  });

  it("adds the TLS certificate annotations for a public TLS load balancer", () => {
    const s = plan(spec({ root: { loadBalancer: { public: true, allowedCidrs: ["203.0.113.0/24"], tls: { certificateId: "arn:aws:acm:us-east-1:1:certificate/x" } } } })).targets[0].kubernetes!.service;
    expect(s.port).toBe(443);
    expect(s.annotations).toEqual({
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws:acm:us-east-1:1:certificate/x",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
    });
  });

  it("installs the GPU Operator on EKS with driver and toolkit off (the NVIDIA AMI has them) and DCGM on", () => {
    expect(k.gpuStack.owner).toBe("gpu-operator");
    expect(k.gpuStack.chart?.version).toBe("v26.7.0");
    expect(k.gpuStack.values).toMatchObject({ driver: { enabled: false }, toolkit: { enabled: false }, devicePlugin: { enabled: true }, dcgmExporter: { enabled: true } });
  });

  it("has no HPA when min = max, and a fixed workload warning when the engine has no queue metric", () => {
    expect(plan(spec({ target: { replicas: { min: 2, max: 2 } } })).targets[0].kubernetes!.autoscaler).toBeNull();
    const ollama = plan(spec({ root: { engine: { name: "ollama" }, model: { id: "Qwen/Qwen2.5-7B-Instruct-GGUF", quantization: "gguf-q4_k_m", maxContextTokens: 4096 } } }));
    expect(ollama.targets[0].kubernetes!.autoscaler).toBeNull();
    expect(ollama.targets[0].warnings.join("\n")).toMatch(/ollama exports no queue metric/);
  });
});

describe("runtime kubernetes: Volcano", () => {
  it("uses schedulerName volcano in the named queue and gang-schedules a replica (PodGroup minMember = nodes per replica)", () => {
    const k = plan(spec({ target: { kubernetes: { scheduler: "volcano", volcanoQueue: "inference" } } })).targets[0].kubernetes!;
    expect(k.scheduler).toEqual({ name: "volcano", queue: "inference", gang: { minMember: 1 } });
  });

  it("refuses a Volcano queue without the Volcano scheduler", () => {
    expect(issuesOf(spec({ target: { kubernetes: { volcanoQueue: "inference" } } }))).toEqual([expect.objectContaining({ path: "targets[0].kubernetes.volcanoQueue" })]);
  });
});

describe("multi-node replicas", () => {
  const multi = spec({ root: bigModel, target: { gpu: undefined, gpusPerReplica: undefined, instanceType: "g5.12xlarge", replicas: { min: 1, max: 2 } } });

  it("sizes one replica across nodes as a LeaderWorkerSet (TP = the node's 4 GPUs, PP = nodes) on runtime kubernetes", () => {
    const t = plan(multi).targets[0];
    const w = t.kubernetes!.workload;
    expect(w.kind).toBe("LeaderWorkerSet");
    // 141.2 GB weights + 21.47 GB KV (4096 × 16) + 5.2 GB/GPU overhead on 24 GB × 0.9 GPUs:
    // 8 GPUs need 204.27 GB > 172.8 usable; 12 GPUs need 225.07 GB ≤ 259.2 → 3 nodes of 4 GPUs.
    expect(t.memory).toMatchObject({ requiredGb: 225.07, availableGb: 259.2 });
    expect(w.nodesPerReplica).toBe(3);
    expect(w.gpusPerPod).toBe(4);
    expect(w.gpusPerReplica).toBe(12);
    expect(t.tensorParallel).toBe(4);
    expect(t.engine.command).toEqual(expect.arrayContaining(["--tensor-parallel-size", "4", "--pipeline-parallel-size", "3"]));
    expect(w.args).toEqual([...t.engine.command, "--distributed-executor-backend", "ray"]);
    expect(w.command?.[2]).toMatch(/^ray start --head --port=6379 && until .* exec vllm serve "\$@"$/);
    expect(w.worker?.command?.[2]).toBe('exec ray start --address="$LWS_LEADER_ADDRESS:6379" --block');
    expect(t.kubernetes!.nodePools[0]).toMatchObject({ instanceType: "g5.12xlarge", minNodes: 3, maxNodes: 6 });
    expect(t.kubernetes!.leaderWorkerSet?.chart).toBe("oci://registry.k8s.io/lws/charts/lws");
    expect(t.kubernetes!.service.selector).toMatchObject({ "leaderworkerset.sigs.k8s.io/worker-index": "0" });
    expect(t.kubernetes!.networkPolicy.intraGroup).toBe(true);
    // every node of a replica is paid for: 3 × 5.672 USD/h
    expect(t.offering.price.hourly).toBe(5.672);
    expect(t.cost.hourly).toBeCloseTo(17.016, 4);
  });

  it("gang-schedules the whole group with Volcano: minMember = 3", () => {
    const k = plan({ ...multi, targets: [{ ...multi.targets[0], kubernetes: { scheduler: "volcano" } }] }).targets[0].kubernetes!;
    expect(k.scheduler.gang).toEqual({ minMember: 3 });
  });

  it("gives SGLang its native multi-node flags with the LWS leader address and rank", () => {
    const w = plan({ ...multi, engine: { name: "sglang", maxConcurrentRequests: 16 } }).targets[0].kubernetes!.workload;
    expect(w.args.slice(-6)).toEqual(["--nnodes", "3", "--node-rank", "$(LWS_WORKER_INDEX)", "--dist-init-addr", "$(LWS_LEADER_ADDRESS):20000"]);
    expect(w.worker?.args).toEqual(w.args);
  });

  it("refuses the same plan on runtime vm with a message pointing at runtime: kubernetes", () => {
    const issues = issuesOf({ ...multi, targets: [{ ...multi.targets[0], runtime: "vm" }] });
    const pointer = issues.find((i) => i.path === "targets[0].runtime");
    expect(pointer?.message).toMatch(/spans 3 × g5\.12xlarge \(12 × A10G, tensor parallel 4 × pipeline parallel 3\).* set runtime: kubernetes/);
  });

  it("refuses a pinned nodesPerReplica that cannot hold the model", () => {
    const issues = issuesOf({ ...multi, targets: [{ ...multi.targets[0], kubernetes: { nodesPerReplica: 1 } }] });
    expect(issues.map((i) => i.path)).toContain("targets[0].instanceType");
  });

  it("refuses kubernetes settings on a vm target", () => {
    expect(issuesOf(spec({ target: { runtime: "vm", kubernetes: { scheduler: "volcano" } } })).map((i) => i.path)).toContain("targets[0].kubernetes");
  });
});

describe("cluster modes", () => {
  it("kubeconfig mode: no node pools, the kubeconfig as a secret, nothing installed on auto, no cloud LB annotations", () => {
    const t = plan(spec({ target: { cloud: "alicloud", region: "cn-hangzhou", gpu: "A10", registryMirror: "registry-vpc.cn-hangzhou.aliyuncs.com/acme", kubernetes: { cluster: { kubeconfigSecret: "clusterKubeconfig" } } }, root: { model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 } } })).targets[0];
    expect(t.kubernetes!.cluster).toEqual({ mode: "kubeconfig", name: null, version: null, kubeconfigConfigKey: "clusterKubeconfig", protect: false, networks: null, publicApiCidrs: [] });
    expect(t.kubernetes!.nodePools).toEqual([]);
    expect(t.kubernetes!.gpuStack.owner).toBe("none");
    expect(t.kubernetes!.service.annotations).toEqual({});
    expect(t.secrets).toContainEqual(expect.objectContaining({ name: "kubeconfig", configKey: "clusterKubeconfig" }));
  });

  it("creates managed clusters on every cloud now (TKE and VKE included: test/kubernetes-tke.test.ts, test/kubernetes-vke.test.ts)", () => {
    const t = plan(spec({ target: { cloud: "tencentcloud", region: "ap-guangzhou", gpu: "A10", registryMirror: "ccr.ccs.tencentyun.com/acme" }, root: { model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 } } })).targets[0];
    expect(t.kubernetes!.cluster).toMatchObject({ mode: "create", networks: { podCidr: "172.20.0.0/16", serviceCidr: "172.21.0.0/20" } });
  });

  it("refuses object-storage weights on Kubernetes (staging is a VM boot step)", () => {
    const issues = issuesOf(spec({ root: { model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "s3://bucket/qwen", quantization: "awq", maxContextTokens: 8192 } } }));
    expect(issues.map((i) => i.path)).toContain("model.source");
  });
});

describe("vector database placement", () => {
  it("puts Milvus beside the Kubernetes target, protected, retained, with daily backups kept retentionDays", () => {
    const t = plan(spec({ root: { environment: "prod", vectorDatabase: { engine: "milvus", storageGb: 200, backup: { retentionDays: 14 } } } })).targets[0];
    const db = t.vectorDatabase!;
    expect(db).toMatchObject({ engine: "milvus", target: "main", placement: "kubernetes-helm", protect: true, retainOnDelete: true, backup: { retentionDays: 14, schedule: "0 3 * * *" } });
    expect(db.names).toEqual({ logical: "main-vectordb", physical: "test-main-vectordb" });
    expect(db.helm).toMatchObject({ namespace: "gpu-inference-vectordb", clientNamespace: "gpu-inference", host: "milvus.gpu-inference-vectordb.svc", port: 19530 });
    expect(db.helm!.chart.version).toBe("5.0.19");
    expect(db.helm!.storageClass).toMatchObject({ provisioner: "ebs.csi.aws.com", parameters: { type: "gp3", encrypted: "true" } });
    expect(db.helm!.values).toMatchObject({ service: { type: "ClusterIP" }, minio: { persistence: { size: "200Gi" } } });
    // the cluster holds the database's volumes: protected
    expect(t.kubernetes!.cluster.protect).toBe(true);
  });

  it("Qdrant: persistence from storageGb, API key from a secret, snapshot volume, snapshot CronJob default 7 days", () => {
    const db = plan(spec({ root: { vectorDatabase: { engine: "qdrant", storageGb: 50 } } })).targets[0].vectorDatabase!;
    expect(db.helm!.values).toMatchObject({
      service: { type: "ClusterIP" },
      persistence: { size: "50Gi", storageClassName: "gpu-inference-data" },
      snapshotPersistence: { enabled: true, size: "25Gi" },
      apiKey: { valueFrom: { secretKeyRef: { name: "qdrant-auth", key: "api-key" } } },
    });
    expect(db.helm!.backupJob?.retentionDays).toBe(7);
    expect(db.helm!.backupJob?.script).toContain("7 * 86400");
  });

  it("pgvector beside an EKS target: RDS PostgreSQL 16, private to the VPC, backups capped at RDS's 35 days, prod protections", () => {
    const db = plan(spec({ root: { environment: "prod", vectorDatabase: { engine: "pgvector", storageGb: 100, backup: { retentionDays: 90 } } } })).targets[0].vectorDatabase!;
    expect(db.placement).toBe("managed-postgres");
    expect(db.postgres).toEqual({
      engineVersion: "16",
      instanceClass: "db.m6g.large",
      storageGb: 100,
      backupRetentionDays: 35,
      deletionProtection: true,
      multiAz: true,
      port: 5432,
      allowedCidrs: ["10.42.0.0/16"],
      database: "vectors",
      username: "gpukit",
      extension: { name: "vector", via: "kubernetes-job", image: "postgres:16-alpine" },
    });
    expect(plan(spec({ root: { vectorDatabase: { engine: "pgvector", storageGb: 100 } } })).targets[0].vectorDatabase!.postgres).toMatchObject({ instanceClass: "db.t4g.medium", deletionProtection: false, multiAz: false, backupRetentionDays: 7 });
  });

  it("refuses what is not built: pgvector on a kubeconfig cluster, and milvus beside a vm target (qdrant there: test/vector-database-vm.test.ts)", () => {
    expect(issuesOf(spec({ target: { kubernetes: { cluster: { kubeconfigSecret: "kc" } } }, root: { vectorDatabase: { engine: "pgvector", storageGb: 50 } } })).map((i) => i.path)).toEqual(["vectorDatabase.engine"]);
    const vm = spec({ target: { runtime: "vm", replicas: { min: 1, max: 1 } }, root: { vectorDatabase: { engine: "milvus", storageGb: 50 } } });
    expect(issuesOf(vm)).toEqual([expect.objectContaining({ path: "vectorDatabase.engine", message: expect.stringMatching(/milvus beside a runtime: vm target is not built/) })]);
  });

  it("names an unknown target with the allowed ones", () => {
    expect(issuesOf(spec({ root: { vectorDatabase: { engine: "qdrant", storageGb: 50, target: "nope" } } }))).toEqual([expect.objectContaining({ path: "vectorDatabase.target", allowed: ["main"] })]);
  });
});

describe("docs/kubernetes.md multi-node example", () => {
  it("plans as documented: 2 × 8 H20 per replica, SGLang multi-node flags, a Volcano gang of 2", async () => {
    const { readFileSync } = await import("node:fs");
    const { parse } = await import("yaml");
    const doc = readFileSync(`${__dirname}/../docs/kubernetes.md`, "utf8");
    const section = doc.slice(doc.indexOf("## Multi-node serving"));
    const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(section)![1];
    const t = plan(parse(yamlBlock).config["gpu-inference:deployment"]).targets[0];
    expect(t.memory).toMatchObject({ weightsGb: 672.85, kvCacheGb: 589.48, requiredGb: 1345.54, availableGb: 1382.4 });
    expect(t.kubernetes!.workload).toMatchObject({ kind: "LeaderWorkerSet", nodesPerReplica: 2, gpusPerPod: 8 });
    expect(t.kubernetes!.workload.args.join(" ")).toContain("--tp-size 8 --pp-size 2");
    expect(t.kubernetes!.workload.args.join(" ")).toContain("--nnodes 2 --node-rank $(LWS_WORKER_INDEX) --dist-init-addr $(LWS_LEADER_ADDRESS):20000");
    expect(t.kubernetes!.scheduler.gang).toEqual({ minMember: 2 });
    expect(t.kubernetes!.nodePools).toEqual([]);
  });
});
