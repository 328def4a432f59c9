/**
 * Plans `runtime: kubernetes` for one target: cluster mode, GPU and system node pools, GPU stack,
 * the engine workload (the VM path's `renderEngine` command, plus multi-node flags), probes, PDB,
 * HPA on the engine's queue metric, Service with the VM path's client CIDRs and TLS, and network
 * policy. Pure: no Pulumi; every decision is here so the runtime only maps it.
 */
import type { Cloud } from "../../catalog/schema";
import { planAdapterStaging, type AdapterSource } from "../bootstrap/adapters";
import type { ConfigIssue } from "../spec/issues";
import type { TargetSpec } from "../spec/schema";
import {
  CHARTS,
  DEFAULT_CLUSTER_VERSION,
  GPU_NODE_FACTS,
  MANAGED_CLUSTER_FACTS,
  NODE_AUTOSCALING_FACTS,
  QUEUE_METRICS,
  SERVICE_LB_FACTS,
  SYSTEM_NODE_TYPES,
} from "./kubernetes-facts";
import { applyExpose, planExpose } from "./kubernetes-expose";
import type { GpuStackPlan, KubernetesPlan, NetworkPolicyPlan, ProbePlan, SchedulerPlan, ServicePlan, WorkloadPlan } from "./kubernetes-types";
import type { EngineRender, LoadBalancerPlan, ModelSourcePlan, OfferingPlan, SecretPlan } from "./types";

export type * from "./kubernetes-types";

/** Clouds whose managed cluster and node pools the kit creates or adopts: EKS, ACK, TKE, VKE. */
export const CLUSTER_CLOUDS: readonly Cloud[] = ["aws", "alicloud", "tencentcloud", "volcengine"];

/** Namespace of the engine workload when the spec names none. */
export const DEFAULT_NAMESPACE = "gpu-inference";
/** Namespace of the metrics stack (Prometheus, prometheus-adapter) the kit installs. */
export const METRICS_NAMESPACE = "gpu-inference-metrics";
/** Label every GPU node of the kit carries (and nodes of a kubeconfig cluster must carry): the GPU's catalog key. */
export const GPU_LABEL = "gpu-inference.dev/gpu";
/** Taint of GPU nodes (`nvidia.com/gpu=present:NoSchedule`, the common convention). */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;
/** Host directory of the node-local model cache. */
export const NODE_MODEL_CACHE = "/var/lib/gpu-inference/models";
/** Seconds Kubernetes waits after SIGTERM before killing an engine pod (TGI's graceful timeout is 90 s). */
export const TERMINATION_GRACE_SEC = 120;
/** Probe period of the startup probe, s. */
const STARTUP_PERIOD_SEC = 10;
/** Ray head port of vLLM multi-node replicas. */
export const RAY_PORT = 6379;
/** SGLang `--dist-init-addr` port. */
export const SGLANG_DIST_PORT = 20000;

/** Inputs of {@link planKubernetes}: the target's spec and the decisions the target planner already made. */
export interface KubernetesPlanInput {
  target: TargetSpec;
  path: string;
  cloud: Cloud;
  environment: "dev" | "staging" | "prod";
  physicalName: string;
  engine: EngineRender;
  offering: OfferingPlan;
  tensorParallel: number;
  dataParallel: number;
  nodesPerReplica: number;
  replicas: { min: number; max: number };
  spot: boolean;
  loadBalancer: LoadBalancerPlan;
  modelSource: ModelSourcePlan;
  secrets: SecretPlan[];
  /** Engine start budget, s (`bootstrap.startBudgetSec`): image pull, weights download and load. */
  startBudgetSec: number;
  /** Node disk, GB (`bootstrap.rootVolumeGb`: image floor + engine image + weights with headroom). */
  nodeDiskGb: number;
  maxConcurrentRequests: number;
  /** The vector database runs on this cluster (its volumes live there: the cluster is protected). */
  holdsVectorDatabase: boolean;
  /** Residency of the region: mainland clusters cannot count on reaching public chart and image registries. */
  residency: "cn" | "global";
  /** Region id (adapter staging reads object storage through it; hub downloads ignore it). */
  region: string;
  /** LoRA adapters to stage before the engine starts (hub sources; object storage is refused on Kubernetes). */
  adapters: readonly AdapterSource[];
  /** The target has a gateway (spec `gateway`): it fronts the engine, whose Service becomes ClusterIP. Defaults to false. */
  gateway?: boolean;
}

/** Plans the Kubernetes runtime of a target; every problem comes back as an issue with its config path. */
export function planKubernetes(input: KubernetesPlanInput): { plan?: KubernetesPlan; issues: ConfigIssue[]; warnings: string[] } {
  const { target, path, cloud, engine, offering } = input;
  const spec = target.kubernetes ?? { cluster: { create: true as const }, scheduler: "default" as const, gpuStack: "auto" as const, nodesPerReplica: "auto" as const, expose: { via: "loadBalancer" as const } };
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const kpath = `${path}.kubernetes`;

  if (input.modelSource.kind === "object-storage") {
    issues.push({ path: "model.source", message: "object-storage weights are staged by the VM boot script; on runtime: kubernetes serve from huggingface or modelscope (an init container that syncs a bucket is not built yet)" });
  }
  if (spec.volcanoQueue && spec.scheduler !== "volcano") {
    issues.push({ path: `${kpath}.volcanoQueue`, message: "volcanoQueue needs scheduler: volcano", allowed: ["volcano"] });
  }
  const mode = "kubeconfigSecret" in spec.cluster ? "kubeconfig" : "id" in spec.cluster ? "existing" : "create";
  if (mode !== "kubeconfig" && !CLUSTER_CLOUDS.includes(cloud)) {
    issues.push({
      path: `${kpath}.cluster`,
      message: `creating or adopting a managed cluster on ${cloud} is not built; deploy onto an existing cluster with cluster.kubeconfigSecret`,
      allowed: ["kubeconfigSecret"],
    });
  }
  if (mode !== "create" && spec.gpuStack === "auto" && mode === "kubeconfig") {
    warnings.push(`target ${target.name}: gpuStack auto on a kubeconfig cluster installs nothing: the cluster must already advertise nvidia.com/gpu (set gpuStack: device-plugin or gpu-operator otherwise) and its GPU nodes must carry the label ${GPU_LABEL}=${offering.gpu.model}`);
  }
  if (input.residency === "cn") {
    warnings.push(`target ${target.name}: Helm charts and add-on images the kit installs (GPU Operator, LeaderWorkerSet, Prometheus, prometheus-adapter, Qdrant/Milvus) come from public registries mainland clusters may not reach; mirror them, or use gpuStack: none and prometheusUrl`);
  }
  const publicApiCidrs = mode === "create" ? ((spec.cluster as { publicApiCidrs?: string[] }).publicApiCidrs ?? []) : [];
  if (publicApiCidrs.length && cloud !== "aws") {
    issues.push({ path: `${kpath}.cluster.publicApiCidrs`, message: `a public API endpoint restricted to client CIDRs is built on EKS only; on ${cloud} the API endpoint stays private (run Pulumi from inside the VPC)`, allowed: ["aws"] });
  }
  publicApiCidrs.forEach((c, i) => {
    if (c.endsWith("/0")) issues.push({ path: `${kpath}.cluster.publicApiCidrs[${i}]`, message: `${c} opens the Kubernetes API to the whole internet; list the runner's egress CIDRs` });
  });
  if (mode === "create" && cloud === "alicloud") {
    warnings.push(`target ${target.name}: the ACK API server has only an intranet endpoint (slbInternetEnabled false): run Pulumi from inside the VPC or a peered network, or the Kubernetes objects cannot be created. ACK picks its default Kubernetes version (cluster.version is not applied)`);
  }
  if (mode === "create" && cloud === "aws") {
    warnings.push(
      publicApiCidrs.length
        ? `target ${target.name}: the EKS API endpoint is public for ${publicApiCidrs.join(", ")} only (IAM-authenticated; private access on)`
        : `target ${target.name}: the EKS API endpoint is private only: run Pulumi from inside the VPC or a peered network, or set kubernetes.cluster.publicApiCidrs to the runner's egress CIDRs`,
    );
  }
  if (mode !== "kubeconfig" && (cloud === "tencentcloud" || cloud === "volcengine")) {
    warnings.push(`target ${target.name}: ${MANAGED_CLUSTER_FACTS[cloud].endpointNote}`);
  }
  if (mode === "create" && (cloud === "tencentcloud" || cloud === "volcengine")) {
    warnings.push(`target ${target.name}: ${MANAGED_CLUSTER_FACTS[cloud].product} picks its default Kubernetes version (cluster.version is not applied); ${MANAGED_CLUSTER_FACTS[cloud].networkPolicy}`);
  }
  if (mode !== "kubeconfig" && cloud === "volcengine" && input.spot) {
    issues.push({ path: `${path}.spot`, message: "spot GPU node pools are not built on VKE (the vke node pool of pulumi-volcengine v0.0.47 has no spot input)", allowed: ["false"] });
  }
  if (mode === "existing" && (cloud === "tencentcloud" || cloud === "volcengine")) {
    // Node pools of an adopted cluster go into its VPC; the node security group admits that VPC's CIDR.
    if (target.network?.existing === undefined) issues.push({ path: `${path}.network.existing`, message: `an adopted ${MANAGED_CLUSTER_FACTS[cloud].product} cluster needs the cluster's VPC and subnets (network.existing) for its node pools` });
    if (cloud === "tencentcloud") warnings.push(`target ${target.name}: the node security group of the adopted TKE cluster admits its VPC CIDR only; with GR networking add the cluster's pod CIDR to ${target.name}-node-rules, or pods on the new nodes cannot be reached from other nodes`);
    if (target.network?.vpcCidr === undefined) issues.push({ path: `${path}.network.vpcCidr`, message: `an adopted ${MANAGED_CLUSTER_FACTS[cloud].product} cluster needs the CIDR of its VPC (network.vpcCidr): the node security group admits node, pod and control-plane traffic from it` });
  }
  if (issues.length) return { issues, warnings };

  const namespace = spec.namespace ?? DEFAULT_NAMESPACE;
  const name = `${target.name}-engine`;
  const multiNode = input.nodesPerReplica > 1;
  const gpusPerPod = multiNode ? offering.gpu.count : input.tensorParallel * input.dataParallel;
  const labels = { "app.kubernetes.io/name": "gpu-inference", "app.kubernetes.io/instance": name, "gpu-inference.dev/target": target.name };
  const nodeSelector = { [GPU_LABEL]: offering.gpu.model };
  const exposed = planExpose({ target, path, loadBalancer: input.loadBalancer, gateway: Boolean(input.gateway), namespace, engineService: { name, port: engine.port } });
  warnings.push(...exposed.warnings);
  if (!exposed.plan) return { issues: exposed.issues, warnings };

  const queue = QUEUE_METRICS[engine.name as keyof typeof QUEUE_METRICS] ?? null;
  const autoscale = input.replicas.max > input.replicas.min;
  if (autoscale && input.replicas.min < 1) warnings.push(`target ${target.name}: replicas.min 0 cannot be autoscaled by an HPA (scale to zero is alpha): the HPA starts at 1`);
  if (autoscale && !queue) warnings.push(`target ${target.name}: ${engine.name} exports no queue metric: no HPA, the workload stays at replicas.min`);
  if (autoscale && mode === "existing" && NODE_AUTOSCALING_FACTS[cloud].mechanism === "cluster-autoscaler") {
    warnings.push(`target ${target.name}: the GPU node group of the adopted cluster has bounds ${input.replicas.min * input.nodesPerReplica}..${input.replicas.max * input.nodesPerReplica} nodes, but only the cluster's own Cluster Autoscaler moves it (the kit installs none on a cluster it did not create)`);
  }
  if (autoscale && mode === "kubeconfig") {
    warnings.push(`target ${target.name}: the HPA adds pods up to ${input.replicas.max} replicas; on a kubeconfig cluster the GPU nodes for them come from the owner's node autoscaler (the kit installs none there)`);
  }

  const scheduler: SchedulerPlan =
    spec.scheduler === "volcano"
      ? { name: "volcano", queue: spec.volcanoQueue ?? "default", gang: { minMember: input.nodesPerReplica } }
      : { name: "default-scheduler", queue: null, gang: null };

  const workload = planWorkload(input, { name, labels, nodeSelector, gpusPerPod, multiNode });
  const service = planService(input, multiNode ? { ...labels, "leaderworkerset.sigs.k8s.io/worker-index": "0" } : labels);
  const metrics =
    autoscale && queue
      ? {
          prometheus: spec.prometheusUrl
            ? { install: false, url: spec.prometheusUrl }
            : { install: true, url: `http://gpu-inference-prometheus-server.${METRICS_NAMESPACE}.svc` },
          adapterChart: CHARTS.prometheusAdapter,
          prometheusChart: CHARTS.prometheus,
          rules: [
            {
              seriesQuery: `{__name__="${queue.series}",namespace!="",pod!=""}`,
              resources: { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } },
              name: { matches: `^${escapeRegex(queue.series)}$`, as: queue.exposedAs },
              metricsQuery: "sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
            },
          ],
          namespace: METRICS_NAMESPACE,
        }
      : null;
  const fronted = applyExpose(exposed.plan, service, {
    engineFromCidrs: unique([...input.loadBalancer.clientCidrs, ...(input.loadBalancer.backendAccess.cidrs ?? [])]),
    scrapeNamespace: metrics?.prometheus.install ? METRICS_NAMESPACE : null,
    intraGroup: multiNode,
  });
  const networkPolicy: NetworkPolicyPlan = fronted.networkPolicy;
  if (metrics && !metrics.prometheus.install) {
    warnings.push(`target ${target.name}: the engine's metrics are scraped by ${metrics.prometheus.url}; its pods need a NetworkPolicy exception (namespace label) that the kit cannot know — allow them or scaling has no signal`);
  }

  const plan: KubernetesPlan = {
    cluster: {
      mode,
      name: mode === "create" ? input.physicalName : mode === "existing" ? (spec.cluster as { id: string }).id : null,
      version: mode === "create" ? ((spec.cluster as { version?: string }).version ?? DEFAULT_CLUSTER_VERSION) : null,
      kubeconfigConfigKey: mode === "kubeconfig" ? (spec.cluster as { kubeconfigSecret: string }).kubeconfigSecret : null,
      protect: mode === "create" && (input.environment === "prod" || input.holdsVectorDatabase),
      networks: mode === "create" && (cloud === "tencentcloud" || cloud === "volcengine") ? { podCidr: MANAGED_CLUSTER_FACTS[cloud].podCidr, serviceCidr: MANAGED_CLUSTER_FACTS[cloud].serviceCidr } : null,
      publicApiCidrs,
    },
    namespace,
    nodePools: mode === "kubeconfig" ? [] : nodePools(input),
    nodeAutoscaler: mode === "kubeconfig" ? null : planNodeAutoscaler(input, mode === "create", mode === "create" ? ((spec.cluster as { version?: string }).version ?? DEFAULT_CLUSTER_VERSION) : null),
    gpuStack: planGpuStack(cloud, spec.gpuStack, mode),
    workload,
    scheduler,
    podDisruptionBudget: { maxUnavailable: 1 },
    autoscaler:
      autoscale && queue
        ? {
            minReplicas: Math.max(1, input.replicas.min),
            maxReplicas: input.replicas.max,
            metric: queue.exposedAs,
            series: queue.series,
            averageValue: Math.max(1, Math.ceil(input.maxConcurrentRequests / 4)),
          }
        : null,
    metrics,
    service: fronted.service,
    expose: fronted.expose,
    networkPolicy,
    leaderWorkerSet: multiNode ? CHARTS.leaderWorkerSet : null,
    secretName: input.secrets.some((s) => s.name !== "kubeconfig" && workload.secretEnv.includes(s.envVar)) ? `${target.name}-engine-secrets` : null,
  };
  return { plan, issues: [], warnings };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function probe(path: string, port: number, periodSeconds: number, timeoutSeconds: number, failureThreshold: number): ProbePlan {
  return { path, port, periodSeconds, timeoutSeconds, failureThreshold };
}

/** The engine pods: the VM path's command, multi-node flags, GPU limit, shm, cache, probes. */
function planWorkload(
  input: KubernetesPlanInput,
  base: { name: string; labels: Record<string, string>; nodeSelector: Record<string, string>; gpusPerPod: number; multiNode: boolean },
): WorkloadPlan {
  const { engine, offering } = input;
  const nodes = input.nodesPerReplica;
  let command: string[] | null = null;
  let args = [...engine.command];
  let worker: WorkloadPlan["worker"] = null;
  if (base.multiNode && engine.name === "vllm") {
    // Ray head on the leader; vLLM starts once every node of the group has joined (LWS_GROUP_SIZE).
    command = ["sh", "-c", `ray start --head --port=${RAY_PORT} && until [ "$(ray status 2>/dev/null | grep -c ' node_')" -ge "$LWS_GROUP_SIZE" ]; do sleep 5; done && exec vllm serve "$@"`, "sh"];
    args = [...engine.command, "--distributed-executor-backend", "ray"];
    worker = { command: ["sh", "-c", `exec ray start --address="$LWS_LEADER_ADDRESS:${RAY_PORT}" --block`], args: [] };
  } else if (base.multiNode && engine.name === "sglang") {
    const flags = ["--nnodes", String(nodes), "--node-rank", "$(LWS_WORKER_INDEX)", "--dist-init-addr", `$(LWS_LEADER_ADDRESS):${SGLANG_DIST_PORT}`];
    args = [...engine.command, ...flags];
    worker = { command: null, args: [...engine.command, ...flags] };
  }
  const startFailures = Math.ceil(input.startBudgetSec / STARTUP_PERIOD_SEC);
  return {
    kind: base.multiNode ? "LeaderWorkerSet" : "Deployment",
    name: base.name,
    labels: base.labels,
    nodesPerReplica: nodes,
    pipelineParallel: nodes,
    gpusPerPod: base.gpusPerPod,
    gpusPerReplica: base.gpusPerPod * nodes,
    replicas: input.replicas.min,
    image: engine.image,
    command,
    args,
    worker,
    env: { ...engine.env },
    secretEnv: engine.secretEnv.map((s) => s.envVar),
    port: engine.port,
    metricsPath: engine.metricsPath,
    shmSizeGi: Math.min(32, 4 * base.gpusPerPod),
    modelCache: { hostPath: NODE_MODEL_CACHE, containerPath: input.modelSource.containerPath ?? "/models" },
    requests:
      offering.vcpu && offering.memoryGib
        ? { cpu: Math.max(1, Math.floor(offering.vcpu * 0.8)), memoryGi: Math.max(4, Math.floor(offering.memoryGib * 0.8)) }
        : null,
    startupProbe: probe(engine.readinessPath, engine.port, STARTUP_PERIOD_SEC, 5, startFailures),
    readinessProbe: probe(engine.readinessPath, engine.port, 10, 5, 3),
    livenessProbe: probe(engine.livenessPath, engine.port, 30, 10, 5),
    terminationGracePeriodSeconds: TERMINATION_GRACE_SEC,
    nodeSelector: base.nodeSelector,
    tolerations: [{ key: GPU_TAINT.key, operator: "Exists", effect: "NoSchedule" }],
    adapterDownloads: planAdapterStaging(input.adapters, { cloud: input.cloud, region: input.region, image: engine.image }).flatMap((step) =>
      step.download
        ? [{ name: step.name, image: step.download.image, command: step.download.command, args: step.download.args, tokenEnv: engine.secretEnv.some((e) => e.envVar === step.download!.tokenEnv) ? step.download.tokenEnv : null }]
        : [],
    ),
  };
}

/** The Service: the VM path's listener port, client CIDRs and TLS, with the cloud's LB annotations. */
function planService(input: KubernetesPlanInput, selector: Record<string, string>): ServicePlan {
  const lb = input.loadBalancer;
  const mode = input.target.kubernetes?.cluster && "kubeconfigSecret" in input.target.kubernetes.cluster ? "kubeconfig" : "cloud";
  const fact = SERVICE_LB_FACTS[input.cloud];
  const annotations: Record<string, string> =
    mode === "kubeconfig" ? {} : { ...fact.base, ...(lb.public ? fact.public : fact.internal) };
  if (lb.tls && mode !== "kubeconfig") {
    for (const [k, v] of Object.entries(fact.tls)) annotations[k] = v.replace("{cert}", lb.tls.certificateId).replace("{port}", String(lb.listenerPort));
  }
  return { type: "LoadBalancer", port: lb.listenerPort, targetPort: input.engine.port, sourceRanges: [...lb.clientCidrs], annotations, selector, tls: Boolean(lb.tls) };
}

/** GPU pool sized by replicas × nodes, labelled and tainted; a small system pool for everything else. */
function nodePools(input: KubernetesPlanInput): KubernetesPlan["nodePools"] {
  const n = input.nodesPerReplica;
  const fact = GPU_NODE_FACTS[input.cloud];
  return [
    {
      role: "gpu",
      instanceType: input.offering.instanceType,
      minNodes: input.replicas.min * n,
      maxNodes: input.replicas.max * n,
      diskGb: input.nodeDiskGb,
      labels: { "gpu-inference.dev/pool": "gpu", [GPU_LABEL]: input.offering.gpu.model, "nvidia.com/gpu.present": "true" },
      taints: [{ ...GPU_TAINT }],
      spot: input.spot,
      image: fact.image,
    },
    { role: "system", instanceType: SYSTEM_NODE_TYPES[input.cloud], minNodes: 2, maxNodes: 3, diskGb: 50, labels: { "gpu-inference.dev/pool": "system" }, taints: [], spot: false, image: null },
  ];
}

/** Namespace and service account of the Cluster Autoscaler (EKS Pod Identity binds its IAM role to them). */
export const CLUSTER_AUTOSCALER_SA = { namespace: "kube-system", serviceAccount: "cluster-autoscaler" } as const;

/**
 * Node autoscaling of a created or adopted cluster: the GPU pool between replicas.min and replicas.max
 * times nodesPerReplica, through the node pool's own inputs (ACK, TKE, VKE) or the Cluster Autoscaler
 * (EKS; image tag = the cluster's minor when the kit creates it).
 */
function planNodeAutoscaler(input: KubernetesPlanInput, created: boolean, version: string | null): KubernetesPlan["nodeAutoscaler"] {
  const fact = NODE_AUTOSCALING_FACTS[input.cloud];
  const n = input.nodesPerReplica;
  return {
    mechanism: fact.mechanism,
    gpuNodes: { min: input.replicas.min * n, max: input.replicas.max * n },
    // An adopted EKS cluster's autoscaler is its owner's (the kit installs no add-on on a cluster it does not own).
    clusterAutoscaler: fact.mechanism === "cluster-autoscaler" && created ? { chart: CHARTS.clusterAutoscaler, imageTag: version ? `v${version}.0` : null, ...CLUSTER_AUTOSCALER_SA } : null,
    source: `${fact.inputs} (${fact.source})`,
  };
}

/**
 * Who owns the device plugin: `auto` installs the GPU Operator with driver and toolkit off where the
 * node image has them but no device plugin (EKS AL2023 NVIDIA), and only its DCGM exporter where the
 * cloud's add-on runs the device plugin (ACK, TKE); kubeconfig clusters get nothing on `auto`.
 */
export function planGpuStack(cloud: Cloud, requested: "auto" | "device-plugin" | "gpu-operator" | "none", mode: "create" | "existing" | "kubeconfig"): GpuStackPlan {
  const fact = GPU_NODE_FACTS[cloud];
  const operator = (devicePlugin: boolean, reason: string): GpuStackPlan => ({
    owner: "gpu-operator",
    chart: CHARTS.gpuOperator,
    values: {
      driver: { enabled: mode === "kubeconfig" ? true : !fact.driver },
      toolkit: { enabled: mode === "kubeconfig" ? true : !fact.toolkit },
      devicePlugin: { enabled: devicePlugin },
      dcgmExporter: { enabled: true },
      daemonsets: { tolerations: [{ key: GPU_TAINT.key, operator: "Exists", effect: "NoSchedule" }] },
    },
    reason,
  });
  if (requested === "none") return { owner: "none", chart: null, values: {}, reason: "gpuStack: none — the cluster's owner provides the device plugin and DCGM" };
  if (requested === "device-plugin") {
    return {
      owner: "device-plugin",
      chart: CHARTS.devicePlugin,
      values: { tolerations: [{ key: GPU_TAINT.key, operator: "Exists", effect: "NoSchedule" }] },
      reason: "gpuStack: device-plugin (no DCGM exporter: use gpu-operator for GPU metrics)",
    };
  }
  if (requested === "gpu-operator") return operator(true, "gpuStack: gpu-operator");
  if (mode === "kubeconfig") return { owner: "none", chart: null, values: {}, reason: "gpuStack: auto on a kubeconfig cluster: the kit cannot tell what the nodes have and installs nothing" };
  if (fact.devicePlugin) {
    return { owner: "cloud", chart: null, values: {}, reason: `the ${cloud} GPU node pool and its add-ons provide driver and device plugin (${fact.source}); GPU metrics come from the cloud's GPU monitoring add-on (not installed by the kit)` };
  }
  return operator(true, `the ${cloud} GPU node image has driver and toolkit but no device plugin (${fact.source})`);
}
