/**
 * Kubernetes facts the planner relies on, as data with their source and status (`documented`: read
 * in the vendor's docs, chart or SDK; `inferred`: derived from related docs or third-party material).
 * Nothing here was measured on a live cluster. Pure data: no Pulumi.
 */
import type { Cloud } from "../../catalog/schema";
import type { EngineName } from "../spec/schema";

/** How sure a fact is. */
export type KubeFactStatus = "documented" | "inferred";

/** A Helm chart the kit installs, pinned. */
export interface ChartFact {
  /** Repository URL, or empty for an `oci://` chart (then `chart` is the full OCI reference). */
  repo: string;
  chart: string;
  /** Pinned chart version (never floating). */
  version: string;
  source: string;
  status: KubeFactStatus;
}

/** Kubernetes version whose OpenAPI schema the rendered objects are validated against (kubernetes-models 5.1.0). */
export const KUBERNETES_SCHEMA_VERSION = "kubernetes-models 5.1.0 (Kubernetes 1.34 API: resource.k8s.io/v1 with DeviceCapacity)";

/** Kubernetes minor version of clusters the kit creates when `cluster.version` is not given. */
export const DEFAULT_CLUSTER_VERSION = "1.33";

/** Pinned Helm charts. */
export const CHARTS = {
  gpuOperator: {
    repo: "https://helm.ngc.nvidia.com/nvidia",
    chart: "gpu-operator",
    version: "v26.7.0",
    source: "reference/engines.md §4 (NVIDIA/gpu-operator deployments/gpu-operator/values.yaml at v26.7.0)",
    status: "documented",
  },
  devicePlugin: {
    repo: "https://nvidia.github.io/k8s-device-plugin",
    chart: "nvidia-device-plugin",
    version: "0.20.0",
    source: "reference/engines.md §4: GPU Operator v26.7.0 ships k8s-device-plugin v0.20.0; the chart is versioned with the plugin",
    status: "inferred",
  },
  leaderWorkerSet: {
    repo: "",
    chart: "oci://registry.k8s.io/lws/charts/lws",
    version: "0.8.0",
    source: "NVIDIA/aicr PR #2500 (chart lws from oci://registry.k8s.io/lws/charts, pinned v0.8.0, namespace lws-system)",
    status: "inferred",
  },
  prometheus: {
    repo: "https://prometheus-community.github.io/helm-charts",
    chart: "prometheus",
    version: "27.2.0",
    source: "prometheus-community/helm-charts charts/prometheus Chart.yaml version 27.2.0 (quoted in a public README); scrapes pods annotated prometheus.io/scrape",
    status: "inferred",
  },
  prometheusAdapter: {
    repo: "https://prometheus-community.github.io/helm-charts",
    chart: "prometheus-adapter",
    version: "4.10.0",
    source: "prometheus-community/helm-charts release asset prometheus-adapter-4.10.0.tgz",
    status: "inferred",
  },
  clusterAutoscaler: {
    repo: "https://kubernetes.github.io/autoscaler",
    chart: "cluster-autoscaler",
    version: "9.43.1",
    source: "kubernetes/autoscaler charts/cluster-autoscaler/Chart.yaml at 058219f (version 9.43.1, appVersion 1.31.0); the image tag is set to the cluster's minor (v<minor>.0, inferred to exist per minor)",
    status: "documented",
  },
  qdrant: {
    repo: "https://qdrant.github.io/qdrant-helm",
    chart: "qdrant",
    version: "1.19.0",
    source: "reference/engines.md §5 (qdrant/qdrant-helm charts/qdrant, app v1.19.0, Aug 2026)",
    status: "documented",
  },
  milvus: {
    repo: "https://zilliztech.github.io/milvus-helm/",
    chart: "milvus",
    version: "5.0.19",
    source: "reference/engines.md §5 (zilliztech/milvus-helm charts/milvus 5.0.19, appVersion 2.6.15)",
    status: "documented",
  },
} as const satisfies Record<string, ChartFact>;

/** What the managed node image/add-on of a cloud already provides on GPU nodes. */
export interface GpuNodeFact {
  /** Driver preinstalled on the GPU node image. */
  driver: boolean;
  /** nvidia-container-toolkit preinstalled. */
  toolkit: boolean;
  /** The cloud runs the NVIDIA device plugin itself (add-on). */
  devicePlugin: boolean;
  /** Node image / AMI type of the GPU pool the kit creates, when the cloud has such a switch. */
  image: string | null;
  source: string;
  status: KubeFactStatus;
}

/** Per-cloud GPU node facts (managed pools the kit creates). */
export const GPU_NODE_FACTS: Readonly<Record<Cloud, GpuNodeFact>> = {
  aws: {
    driver: true,
    toolkit: true,
    devicePlugin: false,
    image: "AL2023_x86_64_NVIDIA",
    source: "reference/engines.md §3.3 and §4: AL2023_x86_64_NVIDIA has driver and runtime; you must install the NVIDIA device plugin",
    status: "documented",
  },
  alicloud: {
    driver: true,
    toolkit: true,
    devicePlugin: true,
    image: null,
    source: "reference/engines.md §4: on ACK the cloud add-ons already provide the device plugin; driver pinned by node-pool label ack.aliyun.com/nvidia-driver-version",
    status: "documented",
  },
  tencentcloud: {
    driver: true,
    toolkit: true,
    devicePlugin: true,
    image: null,
    source:
      "reference/engines.md §3.3/§4: TKE node pools accept GPUArgs {Driver, CUDA, CUDNN, CustomDriver, MIGEnable} (tencentcloud-sdk Tke v20180525; pulumi-tencentcloud v0.2.3 NodePoolNodeConfigGpuArgs) and install the driver; 'on ACK and TKE the cloud add-ons already provide the device plugin'. Which driver TKE picks when GPUArgs names no version is not verified",
    status: "inferred",
  },
  volcengine: {
    driver: true,
    toolkit: true,
    devicePlugin: false,
    image: null,
    source:
      "UNVERIFIED: reference/engines.md §4 marks VKE GPU node pools 'not verified'; pulumi-volcengine v0.0.47 vke NodePoolNodeConfig has no GPU field (the GPU comes from instanceTypeIds and the node image). Assumed: VKE's GPU node image has driver and toolkit, the device plugin is not guaranteed, so auto installs the GPU Operator with driver/toolkit off. Check on a live VKE cluster (a second device plugin would conflict)",
    status: "inferred",
  },
};

/** A managed Kubernetes service whose clusters the kit creates through thin classes (TKE, VKE). */
export interface ManagedClusterFact {
  /** Product name in messages. */
  product: string;
  /** Pod network mode the kit sets (TKE `networkType`, VKE `podsConfig.podNetworkMode`). */
  podNetworkMode: string;
  /** Pod CIDR outside the kit's 10.x VPC layout (TKE GR mode), or null where pods take VPC subnet addresses. */
  podCidr: string | null;
  /** Service CIDR outside the kit's VPC layout. */
  serviceCidr: string;
  /** Who enforces NetworkPolicy objects on this network mode. */
  networkPolicy: string;
  /** What the runner needs to reach the private API endpoint (plan warning). */
  endpointNote: string;
  /** Why the control plane is not priced. */
  controlPlanePrice: string;
  /** How long the kubeconfig the kit reads stays valid, hours (VKE `validDuration`), or null when it does not expire. */
  kubeconfigHours: number | null;
  source: string;
  status: KubeFactStatus;
}

/** TKE and VKE cluster settings (the EKS and ACK ones live in their adapters). */
export const MANAGED_CLUSTER_FACTS: Readonly<Record<"tencentcloud" | "volcengine", ManagedClusterFact>> = {
  tencentcloud: {
    product: "TKE",
    podNetworkMode: "GR",
    podCidr: "172.20.0.0/16",
    serviceCidr: "172.21.0.0/20",
    networkPolicy: "UNVERIFIED: TKE enforces NetworkPolicy through its NetworkPolicy add-on (not installed by the kit); without it the kit's NetworkPolicies are inert",
    endpointNote:
      "the TKE API server has only an intranet endpoint (Kubernetes/clusterEndpoint clusterIntranet in the first host subnet; no internet endpoint): run Pulumi from inside the VPC (or a peered network) or the Kubernetes objects cannot be created",
    controlPlanePrice: "the TKE managed control plane is billed per cluster level (L5, L20, …); no catalog price",
    kubeconfigHours: null,
    source:
      "pulumi-tencentcloud v0.2.3 sdk/nodejs/kubernetes/cluster.ts (clusterCidr/serviceCidr 'Must be in 10./192.168/172.[16-31] segments', clusterIntranet 'only cluster with node is allowed enable access endpoint. You may open it through tencentcloud.Kubernetes.ClusterEndpoint'), clusterEndpoint.ts (kubeConfigIntranet, 'create after node pools')",
    status: "documented",
  },
  volcengine: {
    product: "VKE",
    podNetworkMode: "VpcCniShared",
    podCidr: null,
    serviceCidr: "172.21.0.0/20",
    networkPolicy: "UNVERIFIED: VKE's VPC-CNI is assumed to enforce NetworkPolicy; check on a live cluster",
    endpointNote:
      "the VKE API server has no public endpoint (clusterConfig.apiServerPublicAccessEnabled false) and the kubeconfig is the Private one (vke/kubeconfig type Private): run Pulumi from inside the VPC (or a peered network); the kubeconfig expires after 8760 h and is re-issued by replacing <target>-kubeconfig",
    controlPlanePrice: "the VKE control plane fee is not in the catalog (unverified whether it is charged)",
    kubeconfigHours: 8760,
    source:
      "pulumi-volcengine v0.0.47 sdk/nodejs/vke/cluster.ts and types/input.ts (ClusterClusterConfig, ClusterPodsConfig podNetworkMode Flannel|VpcCniShared, ClusterServicesConfig serviceCidrsv4s), vke/kubeconfig.ts (type Public|Private, validDuration 1–43800 h), vke/getKubeconfigs.ts (kubeconfig 'returned in BASE64 encoding')",
    status: "documented",
  },
};

/** How the GPU node pool of a created or adopted cluster scales between the plan's min and max nodes. */
export interface NodeAutoscalingFact {
  /** `node-pool`: the pool's own auto-scaling inputs; `cluster-autoscaler`: the kit installs the Cluster Autoscaler. */
  mechanism: "node-pool" | "cluster-autoscaler";
  /** The inputs (or chart) that carry the bounds. */
  inputs: string;
  source: string;
  status: KubeFactStatus;
}

/** Node autoscaling per cloud (created/adopted clusters; kubeconfig clusters are the owner's). */
export const NODE_AUTOSCALING_FACTS: Readonly<Record<Cloud, NodeAutoscalingFact>> = {
  aws: {
    mechanism: "cluster-autoscaler",
    inputs: "node group scalingConfig {minSize, maxSize}; Cluster Autoscaler (Helm) with auto-discovery of the cluster's node groups, IAM through EKS Pod Identity",
    source:
      "Amazon EKS docs (managed node groups are tagged for Cluster Autoscaler auto-discovery: k8s.io/cluster-autoscaler/enabled, k8s.io/cluster-autoscaler/<cluster>); kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md (auto-discovery, minimal IAM policy)",
    status: "inferred",
  },
  alicloud: {
    mechanism: "node-pool",
    inputs: "cs.NodePool scalingConfig {enable, minSize, maxSize}",
    source: "@pulumi/alicloud 3.108.0 cs/nodePool.d.ts (NodePoolScalingConfig enable/minSize/maxSize)",
    status: "documented",
  },
  tencentcloud: {
    mechanism: "node-pool",
    inputs: "Kubernetes/nodePool enableAutoScale, minSize, maxSize (desiredCapacity computed when enabled)",
    source: "pulumi-tencentcloud v0.2.3 sdk/nodejs/kubernetes/nodePool.ts (enableAutoScale; 'If enableAutoScale is set true, this [desiredCapacity] will be a computed parameter')",
    status: "documented",
  },
  volcengine: {
    mechanism: "node-pool",
    inputs: "vke/nodePool autoScaling {enabled, minReplicas, maxReplicas, desiredReplicas}",
    source: "pulumi-volcengine v0.0.47 sdk/nodejs/types/input.ts vke.NodePoolAutoScaling (maxReplicas 1~2000, valid when enabled)",
    status: "documented",
  },
};

/** CPU node type of the system pool (metrics, LWS controller, vector database) per cloud. */
export const SYSTEM_NODE_TYPES: Readonly<Record<Cloud, string>> = {
  aws: "m6i.xlarge",
  alicloud: "ecs.g7.xlarge",
  tencentcloud: "S5.LARGE8",
  volcengine: "ecs.g3i.xlarge",
};

/** The queue metric the HPA scales on, per engine (null: the engine exports none). */
export interface QueueMetricFact {
  /** Series name the engine exports on its metrics path. */
  series: string;
  /** Name the metrics adapter exposes it as (custom.metrics.k8s.io; `:` renamed to `_`). */
  exposedAs: string;
  source: string;
}

/** Queue metric per engine, from reference/engines.md §4 (HPA on engine metrics). */
export const QUEUE_METRICS: Readonly<Record<EngineName, QueueMetricFact | null>> = {
  vllm: { series: "vllm:num_requests_waiting", exposedAs: "vllm_num_requests_waiting", source: "vLLM docs/usage/metrics.md" },
  sglang: { series: "sglang:num_queue_reqs", exposedAs: "sglang_num_queue_reqs", source: "docs.sglang.io production_metrics" },
  tgi: { series: "tgi_queue_size", exposedAs: "tgi_queue_size", source: "TGI docs/source/reference/metrics.md" },
  "llama-cpp": { series: "llamacpp:requests_deferred", exposedAs: "llamacpp_requests_deferred", source: "llama.cpp tools/server/README.md (--metrics)" },
  "tensorrt-llm": null,
  ollama: null,
  torchserve: null,
};

/** Engines with a multi-node mode the kit drives through LeaderWorkerSet. */
export const MULTI_NODE_ENGINES: ReadonlySet<EngineName> = new Set(["vllm", "sglang"]);

/**
 * Service annotations of the cloud's load-balancer controller: internal scheme and TLS certificate.
 * `loadBalancerSourceRanges` carries the client CIDRs everywhere.
 */
export interface ServiceLbFact {
  /** Annotations of every Service of the cloud. */
  base: Record<string, string>;
  /** Added for an internal load balancer. */
  internal: Record<string, string>;
  /** Added for an internet-facing load balancer. */
  public: Record<string, string>;
  /** Annotations carrying the certificate id (`{cert}`) and the TLS port (`{port}`). */
  tls: Record<string, string>;
  source: string;
  status: KubeFactStatus;
}

/** Per-cloud Service load-balancer annotations; `kubeconfig` clusters get none (their controller is unknown). */
export const SERVICE_LB_FACTS: Readonly<Record<Cloud, ServiceLbFact>> = {
  aws: {
    base: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
    internal: { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" },
    public: {},
    tls: { "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "{cert}", "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "{port}" },
    source: "kubernetes/cloud-provider-aws docs/service_controller.md (aws-load-balancer-type nlb, -internal, -ssl-cert, -ssl-ports)",
    status: "inferred",
  },
  alicloud: {
    base: {},
    internal: { "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet" },
    public: { "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "internet" },
    tls: { "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-cert-id": "{cert}", "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port": "https:{port}" },
    source: "Alibaba Cloud ACK docs: configure a CLB through Service annotations (address-type, cert-id, protocol-port)",
    status: "inferred",
  },
  tencentcloud: {
    base: {},
    internal: {},
    public: {},
    tls: {},
    source: "UNVERIFIED: TKE Service annotations; the TKE target sets service.kubernetes.io/qcloud-loadbalancer-internal-subnetid (the plan's LB subnet) for an internal CLB (components/tencentcloud/kubernetes-target.ts)",
    status: "inferred",
  },
  volcengine: {
    base: {},
    internal: {},
    public: {},
    tls: {},
    source: "UNVERIFIED: VKE Service annotations; the VKE target sets service.beta.kubernetes.io/volcengine-loadbalancer-subnet-id (the plan's LB subnet); whether the CLB is private by default is not verified",
    status: "inferred",
  },
};

/** StorageClass provisioner of encrypted block volumes per cloud (vector database data). */
export const BLOCK_STORAGE_FACTS: Readonly<Record<Cloud, { provisioner: string; parameters: Record<string, string>; source: string; status: KubeFactStatus }>> = {
  aws: { provisioner: "ebs.csi.aws.com", parameters: { type: "gp3", encrypted: "true" }, source: "kubernetes-sigs/aws-ebs-csi-driver docs/parameters.md", status: "documented" },
  alicloud: { provisioner: "diskplugin.csi.alibabacloud.com", parameters: { type: "cloud_essd", encrypted: "true" }, source: "Alibaba Cloud ACK docs: disk StorageClass parameters (type, encrypted)", status: "inferred" },
  tencentcloud: { provisioner: "com.tencent.cloud.csi.cbs", parameters: { diskType: "CLOUD_PREMIUM" }, source: "TKE CBS CSI docs (encryption parameter not verified)", status: "inferred" },
  volcengine: { provisioner: "ebs.csi.volcengine.com", parameters: {}, source: "VKE CSI not verified", status: "inferred" },
};
