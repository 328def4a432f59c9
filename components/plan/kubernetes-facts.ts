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
    source: "reference/engines.md §4: TKE node-pool GPUArgs install the driver; the TKE add-on provides the device plugin",
    status: "inferred",
  },
  volcengine: {
    driver: true,
    toolkit: true,
    devicePlugin: false,
    image: null,
    source: "reference/engines.md §4: VKE GPU node pools not verified",
    status: "inferred",
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
    source: "TKE Service annotations not verified (internal CLB needs service.kubernetes.io/qcloud-loadbalancer-internal-subnetid)",
    status: "inferred",
  },
  volcengine: {
    base: {},
    internal: {},
    public: {},
    tls: {},
    source: "VKE Service annotations not verified",
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
