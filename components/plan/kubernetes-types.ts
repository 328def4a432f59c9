/**
 * The plan of `runtime: kubernetes` (plain data; no Pulumi): the cluster and its GPU node pool, the
 * GPU stack, the engine workload (Deployment or LeaderWorkerSet), PDB, HPA, Service and network
 * policy. Adapters and the runtime map it; tests compare it exactly.
 */
import type { ChartFact } from "./kubernetes-facts";
import type { ExposePlan } from "./kubernetes-expose";

/** A taint on the GPU nodes, tolerated by the inference pods. */
export interface TaintPlan {
  key: string;
  value: string;
  effect: "NoSchedule";
}

/** A node pool the kit creates in a cluster it creates or adopts by id. */
export interface NodePoolPlan {
  /** Role in Pulumi names: `gpu-pool` or `system-pool`. */
  role: "gpu" | "system";
  instanceType: string;
  /** Nodes: `replicas.min × nodesPerReplica` to `replicas.max × nodesPerReplica` (GPU), 2 to 3 (system). */
  minNodes: number;
  maxNodes: number;
  /** Node system disk, GB (GPU: the VM plan's root volume: image + engine image + weights cache). */
  diskGb: number;
  /** Node labels (the kit's `gpu-inference.dev/*` and NVIDIA's `nvidia.com/gpu.present`). */
  labels: Record<string, string>;
  taints: TaintPlan[];
  spot: boolean;
  /** Node image switch of the cloud (EKS AMI type), null when the cloud has none. */
  image: string | null;
}

/** Who provides the device plugin, driver and DCGM exporter, and the chart the kit installs for it. */
export interface GpuStackPlan {
  /** `gpu-operator` / `device-plugin`: the kit installs that chart; `cloud`: the node image/add-on has it; `none`: the operator said so. */
  owner: "gpu-operator" | "device-plugin" | "cloud" | "none";
  chart: ChartFact | null;
  /** Chart values (operands off where the node image has them; DCGM exporter on). */
  values: Record<string, unknown>;
  /** Why this owner. */
  reason: string;
}

/** An HTTP probe of the engine container. */
export interface ProbePlan {
  path: string;
  port: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

/** The engine pods. */
export interface WorkloadPlan {
  /** `Deployment` for one node per replica, `LeaderWorkerSet` when a replica spans nodes. */
  kind: "Deployment" | "LeaderWorkerSet";
  /** Object name of the Deployment / LeaderWorkerSet, Service, PDB and HPA. */
  name: string;
  /** Pod labels (selector). */
  labels: Record<string, string>;
  /** Nodes (pods) per replica: 1, or the LeaderWorkerSet group size. */
  nodesPerReplica: number;
  /** Pipeline-parallel degree across the nodes of a replica (= nodesPerReplica, 1 for one node). */
  pipelineParallel: number;
  /** `nvidia.com/gpu` limit of every pod: tensor × data parallel on one node, the node's GPUs across nodes. */
  gpusPerPod: number;
  /** GPUs one replica uses (gpusPerPod × nodesPerReplica). */
  gpusPerReplica: number;
  /** Initial replicas (`replicas.min`). */
  replicas: number;
  image: string;
  /** Container command (entrypoint) override, or null to keep the image's entrypoint. */
  command: string[] | null;
  /** Container args: the VM path's engine command (`renderEngine`) with multi-node flags added. */
  args: string[];
  /** Worker pods of a LeaderWorkerSet: command and args (null for a Deployment). */
  worker: { command: string[] | null; args: string[] } | null;
  env: Record<string, string>;
  /** Environment variables filled from the target's Kubernetes Secret (key = env var name). */
  secretEnv: string[];
  port: number;
  metricsPath: string | null;
  /** `/dev/shm` as a memory `emptyDir` of this size, GiB. */
  shmSizeGi: number;
  /** Node-local model cache (hostPath on the GPU node) mounted where the engine keeps its hub cache. */
  modelCache: { hostPath: string; containerPath: string };
  /** CPU (cores) and memory (GiB) requests, null when the catalog does not know the node's size. */
  requests: { cpu: number; memoryGi: number } | null;
  startupProbe: ProbePlan;
  readinessProbe: ProbePlan;
  livenessProbe: ProbePlan;
  terminationGracePeriodSeconds: number;
  nodeSelector: Record<string, string>;
  tolerations: { key: string; operator: "Equal" | "Exists"; value?: string; effect: "NoSchedule" }[];
  /**
   * LoRA adapters downloaded before the engine starts: one init container each, in the engine image,
   * writing into an `emptyDir` mounted at `/adapters` (read-only in the engine). `tokenEnv` is filled
   * from the target's Secret when the engine has the hub token; null otherwise. Empty without adapters.
   */
  adapterDownloads: { name: string; image: string; command: string[]; args: string[]; tokenEnv: string | null }[];
}

/** Scheduler of the pods. */
export interface SchedulerPlan {
  /** `default-scheduler` or `volcano`. */
  name: "default-scheduler" | "volcano";
  /** Volcano queue, null with the default scheduler. */
  queue: string | null;
  /** Gang scheduling (Volcano PodGroup `minMember`), null when not gang-scheduled. */
  gang: { minMember: number } | null;
}

/** Horizontal Pod Autoscaler on the engine's queue metric (autoscaling/v2, type Pods). */
export interface AutoscalerPlan {
  minReplicas: number;
  maxReplicas: number;
  /** Metric name as the adapter exposes it, and the engine series it comes from. */
  metric: string;
  series: string;
  /** Target average per pod (queued requests). */
  averageValue: number;
}

/** The metrics path for the HPA: Prometheus (installed or given) and prometheus-adapter with rules. */
export interface MetricsPlan {
  /** Prometheus the adapter queries; the kit installs one when the spec gives no URL. */
  prometheus: { install: boolean; url: string };
  adapterChart: ChartFact;
  prometheusChart: ChartFact;
  /** prometheus-adapter `rules.custom` entries. */
  rules: { seriesQuery: string; resources: { overrides: Record<string, { resource: string }> }; name: { matches: string; as: string }; metricsQuery: string }[];
  namespace: string;
}

/** The Service in front of the engine. */
export interface ServicePlan {
  /** `LoadBalancer` when clients reach the engine through it; `ClusterIP` behind the gateway or an Ingress (`expose`). */
  type: "LoadBalancer" | "ClusterIP";
  port: number;
  targetPort: number;
  /** Client CIDRs (`loadBalancerSourceRanges`), the same as the VM path's listener. */
  sourceRanges: string[];
  /** Cloud load-balancer annotations (scheme, TLS); ids known only at deploy time are added by the adapter. */
  annotations: Record<string, string>;
  /** Pods that receive traffic: the leader pods of a LeaderWorkerSet. */
  selector: Record<string, string>;
  tls: boolean;
}

/** Who may reach the engine port: the load balancer's sources, the metrics scraper, and the replica's own pods. */
export interface NetworkPolicyPlan {
  /** CIDRs allowed on the engine port (client CIDRs plus the LB's backend source where it is a CIDR). */
  engineFromCidrs: string[];
  /** Namespace whose pods may scrape the metrics path on the engine port (Prometheus), or null. */
  scrapeNamespace: string | null;
  /** Pods of the same replica group reach each other on every port (Ray / NCCL), multi-node only. */
  intraGroup: boolean;
  /** Pods admitted on the engine port instead of CIDRs: the gateway's pods (and the TMS filter's, which proxies answers), or the Ingress controller's namespace (`podLabels` null: any pod there). Absent when the load balancer fronts the engine. */
  fromPods?: { who: "gateway" | "ingress-controller" | "moderation-filter" | "endpoint-picker"; namespace: string; podLabels: Record<string, string> | null }[];
}

/** The cluster a Kubernetes target uses. */
export interface ClusterPlan {
  /** `create`: the kit creates it; `existing`: by id in the target's cloud; `kubeconfig`: any cluster, no cloud resources. */
  mode: "create" | "existing" | "kubeconfig";
  /** Cloud-side name (created) or id (existing); null for kubeconfig. */
  name: string | null;
  /** Kubernetes minor version of a created cluster, else null. */
  version: string | null;
  /** Secret config key of the kubeconfig (kubeconfig mode), else null. */
  kubeconfigConfigKey: string | null;
  /** Protect the cluster (it holds the vector database's volumes, or the environment is prod). */
  protect: boolean;
  /**
   * Pod and service CIDRs of a TKE/VKE cluster the kit creates (outside the VPC layout; pod null where
   * pods take VPC subnet addresses); null elsewhere (EKS and ACK set their own in the adapter).
   */
  networks: { podCidr: string | null; serviceCidr: string } | null;
  /**
   * CIDRs that may reach a public API endpoint of a created EKS cluster (`vpcConfig.publicAccessCidrs`);
   * empty: the endpoint is private only (every cloud's default in the kit). Defaults to [].
   */
  publicApiCidrs: string[];
}

/**
 * How the GPU (and system) node pools follow the HPA: between `minNodes` and `maxNodes` of each pool,
 * through the pool's own auto-scaling inputs (ACK, TKE, VKE) or the Cluster Autoscaler (EKS).
 */
export interface NodeAutoscalerPlan {
  mechanism: "node-pool" | "cluster-autoscaler";
  /** GPU nodes: `replicas.min × nodesPerReplica` … `replicas.max × nodesPerReplica`. */
  gpuNodes: { min: number; max: number };
  /** The Cluster Autoscaler chart (EKS clusters the kit creates) and its image tag (the cluster's minor, or null: the chart's default); null for node-pool scaling and adopted EKS clusters (the owner's autoscaler). */
  clusterAutoscaler: { chart: ChartFact; imageTag: string | null; namespace: string; serviceAccount: string } | null;
  /** Where the fact comes from. */
  source: string;
}

/** Everything `runtime: kubernetes` builds for a target. */
export interface KubernetesPlan {
  cluster: ClusterPlan;
  namespace: string;
  /** Node pools to create (GPU, then system); empty in kubeconfig mode. */
  nodePools: NodePoolPlan[];
  /** Node autoscaling of the pools above; null in kubeconfig mode (the owner's). */
  nodeAutoscaler: NodeAutoscalerPlan | null;
  gpuStack: GpuStackPlan;
  workload: WorkloadPlan;
  scheduler: SchedulerPlan;
  /** PodDisruptionBudget: `maxUnavailable: 1`, so draining a single replica is never blocked. */
  podDisruptionBudget: { maxUnavailable: number };
  autoscaler: AutoscalerPlan | null;
  metrics: MetricsPlan | null;
  service: ServicePlan;
  /** How clients reach the target: the cloud load balancer or an Ingress, in front of the engine or the gateway. */
  expose: ExposePlan;
  networkPolicy: NetworkPolicyPlan;
  /** LeaderWorkerSet controller chart, installed when a replica spans nodes; else null. */
  leaderWorkerSet: ChartFact | null;
  /** Name of the Kubernetes Secret holding the engine's secrets, or null when there are none. */
  secretName: string | null;
}
