/**
 * The deployment spec: the one contract between a stack's config (`gpu-inference:deployment`) and
 * the kit. Shape, types and defaults live here; checks against the catalog (known regions, GPU
 * names, residency) live in `validate.ts` so that every problem is reported in one pass.
 */
import { z } from "zod";
import { CLOUDS, CURRENCIES, QUANTIZATIONS } from "../../catalog/schema";

/** Pulumi config key (in the project namespace) that holds the spec. */
export const DEPLOYMENT_CONFIG_KEY = "deployment";
/** Pulumi project name; config keys are `gpu-inference:<key>`. */
export const PROJECT_NAME = "gpu-inference";

/** Environments a stack can be. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
/** Inference engines the kit renders. */
export const ENGINE_NAMES = ["vllm", "sglang", "tgi", "tensorrt-llm", "llama-cpp", "ollama", "torchserve"] as const;
/** One of {@link ENGINE_NAMES}. */
export type EngineName = (typeof ENGINE_NAMES)[number];
/** Hub sources a model can be downloaded from by id. */
export const HUB_SOURCES = ["huggingface", "modelscope"] as const;
/** Object-storage URI schemes accepted as a model source (S3, OSS, COS, TOS). */
export const OBJECT_STORAGE_SCHEMES = ["s3", "oss", "cos", "tos"] as const;
/** Data classifications (drives policy strictness). */
export const DATA_CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
/** Content-moderation services the gateway can call. */
export const MODERATION_PROVIDERS = ["alicloud-content-moderation", "tencent-tms"] as const;
/** Vector database engines. */
export const VECTOR_DB_ENGINES = ["qdrant", "milvus", "pgvector"] as const;

const OBJECT_STORAGE_URI = /^(s3|oss|cos|tos):\/\/[a-z0-9][a-z0-9.-]{1,62}(\/[^\s]*)?$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** True when `value` is an IPv4 CIDR such as `10.0.0.0/16`. */
export function isCidr(value: string): boolean {
  const m = CIDR.exec(value);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) && Number(m[5]) <= 32;
}

const cidr = z.string().refine(isCidr, { message: "Must be an IPv4 CIDR such as 10.0.0.0/16" });

/** `model.source`: a hub name or an object-storage URI. */
const modelSource = z.string().refine(
  (s) => (HUB_SOURCES as readonly string[]).includes(s) || OBJECT_STORAGE_URI.test(s),
  { message: "Must be huggingface, modelscope or an object-storage URI (s3://, oss://, cos://, tos://bucket/prefix)" },
);

/** Projections a LoRA adapter can target (PEFT `target_modules` names of Llama/Qwen-style models). */
export const LORA_TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] as const;

/** `model.adapters[]`: one LoRA adapter served on top of the base model under its own name. */
export const AdapterSpecSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: "Must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit" })
    .describe("Model name clients request for this adapter (OpenAI `model` field; SGLang: `<model.id>:<name>`)."),
  source: z
    .string()
    .refine((s) => /^[\w.-]+\/[\w.-]+$/.test(s) || OBJECT_STORAGE_URI.test(s), { message: "Must be a hub id <org>/<name> or an object-storage URI (s3://, oss://, cos://, tos://bucket/prefix)" })
    .describe("Hub repository id of the adapter (PEFT format), or an object-storage URI like the model's."),
  hub: z.enum(HUB_SOURCES).optional().describe("Hub a hub-id source is downloaded from; defaults to model.source when that is a hub, else `huggingface`."),
  rank: z.number().int().min(1).max(512).optional().describe("LoRA rank `r` of the adapter (adapter_config.json); defaults to 16 with a warning."),
  targetModules: z.array(z.enum(LORA_TARGET_MODULES)).min(1).optional().describe("Projections the adapter targets (adapter_config.json `target_modules`); defaults to all seven."),
  sizeMb: z.number().positive().max(100_000).optional().describe("Adapter file size in MB (10^6 bytes) when known; used instead of the rank × shape estimate."),
});

/** The model to serve. */
export const ModelSpecSchema = z.strictObject({
  id: z.string().min(3).regex(/^([\w.-]+\/[\w.-]+|[\w.-]+:[\w.-]+)$/, { message: "Must be <org>/<name>, e.g. Qwen/Qwen2.5-7B-Instruct, or an Ollama library name such as qwen2.5:7b (engine ollama)" }).describe("Hub repository id, e.g. `Qwen/Qwen2.5-7B-Instruct-AWQ`, or an Ollama library name (`qwen2.5:7b`) for engine `ollama`; for object storage, the id of the model the weights are."),
  source: modelSource.default("huggingface").describe("Where weights come from. Defaults to `huggingface`."),
  quantization: z.enum(QUANTIZATIONS).describe("Weight format the engine serves."),
  parameters: z.number().positive().max(10_000).optional().describe("Parameters in billions, required when the model is not in the catalog."),
  maxContextTokens: z.number().int().min(256).max(1_048_576).describe("Context length to serve, in tokens (prompt + output)."),
  hubTokenSecret: z.string().regex(/^[A-Za-z][\w-]*$/).optional().describe("Name of a secret Pulumi config key (`gpu-inference:<name>`) holding the hub token, e.g. `hfToken`."),
  adapters: z.array(AdapterSpecSchema).min(1).max(64).optional().describe("LoRA adapters served on top of the base model, each under its own name (vllm, sglang, tgi). Staged with the weights before the engine starts."),
});

/** The inference engine. */
export const EngineSpecSchema = z.strictObject({
  name: z.enum(ENGINE_NAMES),
  version: z.string().regex(/^[\w][\w.-]{0,127}$/).optional().describe("Image tag to pin; defaults to the kit's tested tag for the engine."),
  image: z.string().min(3).optional().describe("Full image reference overriding the engine's default repository and tag."),
  tensorParallel: z.union([z.literal("auto"), z.number().int().positive().max(64)]).default("auto").describe("GPUs one engine process spans, a power of two, or `auto` (smallest that fits). Defaults to `auto`."),
  maxConcurrentRequests: z.number().int().positive().max(4096).default(16).describe("Concurrent sequences the engine admits; sizes the KV cache. Defaults to 16."),
  gpuMemoryUtilization: z.number().min(0.5).max(0.98).default(0.9).describe("Share of GPU memory the engine may use, 0.5–0.98. Defaults to 0.9."),
  kvCacheDtype: z.enum(["auto", "fp8"]).default("auto").describe("KV-cache element type: `auto` (model dtype) or `fp8` (halves the KV cache). Defaults to `auto`."),
  apiKeySecret: z.string().regex(/^[A-Za-z][\w-]*$/).optional().describe("Name of a secret Pulumi config key holding the engine API key, e.g. `engineApiKey`."),
  extraArgs: z.array(z.string()).default([]).describe("Extra engine flags appended verbatim. Secrets do not belong here."),
  maxLoras: z.number().int().min(1).max(64).optional().describe("LoRA adapters resident on the GPU at once (vLLM --max-loras, SGLang --max-loras-per-batch); defaults to the number of model.adapters."),
  maxLoraRank: z.number().int().min(1).max(512).optional().describe("Largest LoRA rank served (--max-lora-rank); defaults to the largest adapter rank (vLLM: rounded up to 8, 16, 32, 64, 128, 256, 320 or 512)."),
});

/** Existing network to deploy into instead of creating one. */
const ExistingNetworkSchema = z.strictObject({
  vpcId: z.string().min(1),
  subnetIds: z.array(z.string().min(1)).min(1).describe("One subnet (vSwitch) per zone, for the GPU hosts."),
  lbSubnetIds: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe("Subnets (vSwitches) of the load balancer, one per zone; defaults to subnetIds. Required on Alibaba Cloud, whose ALB reaches hosts from its own vSwitches."),
});

/** Schedulers a Kubernetes target can hand its pods to. */
export const KUBERNETES_SCHEDULERS = ["default", "volcano"] as const;
/** Who provides the NVIDIA device plugin (and driver/toolkit) on the GPU nodes. */
export const GPU_STACKS = ["auto", "device-plugin", "gpu-operator", "none"] as const;
const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const SECRET_KEY = /^[A-Za-z][\w-]*$/;

/** The cluster a Kubernetes target runs on: created by the kit, an existing one by id, or any cluster by kubeconfig. */
const KubernetesClusterSchema = z.union([
  z.strictObject({
    create: z.literal(true),
    version: z.string().regex(/^1\.\d{2}$/, { message: "Must be a minor version such as 1.33" }).optional().describe("Kubernetes minor version of the created cluster; defaults to the kit's tested version (1.33)."),
    publicApiCidrs: z
      .array(cidr)
      .min(1)
      .optional()
      .describe("EKS only: client CIDRs (e.g. the Pulumi runner's egress) that may reach a public API endpoint (`vpcConfig.publicAccessCidrs`; IAM authentication still applies). Without it the API endpoint is private on every cloud: run Pulumi from inside the VPC or a peered network. Never 0.0.0.0/0."),
  }),
  z.strictObject({ id: z.string().min(1).describe("Id (EKS: name) of an existing managed cluster in the target's cloud and region; the kit adds its node pools.") }),
  z.strictObject({
    kubeconfigSecret: z.string().regex(SECRET_KEY).describe("Secret Pulumi config key holding a kubeconfig of any conformant cluster; the kit creates no cloud resources for it."),
  }),
]);

/** Ingress controllers whose client source-range annotation the kit knows (`targets[].kubernetes.expose.controller`). */
export const INGRESS_CONTROLLERS = ["ingress-nginx", "higress"] as const;

/** `targets[].kubernetes.expose`: the cloud load balancer (default) or an Ingress of a controller already on the cluster. */
const KubernetesExposeSchema = z.strictObject({
  via: z.enum(["loadBalancer", "ingress"]).default("loadBalancer").describe("`loadBalancer`: a Service of type LoadBalancer with the cloud's annotations (the gateway's when there is one). `ingress`: a networking.k8s.io/v1 Ingress; the Service becomes ClusterIP. Defaults to `loadBalancer`."),
  ingressClassName: z.string().regex(DNS_LABEL).optional().describe("IngressClass of the controller (required with `via: ingress`), e.g. `nginx`."),
  controller: z.enum(INGRESS_CONTROLLERS).optional().describe("Controller behind the class, for its source-range annotation; defaults from the class name (`nginx` → ingress-nginx, `higress` → higress)."),
  controllerNamespace: z.string().regex(DNS_LABEL).optional().describe("Namespace of the controller's pods, the only ones the NetworkPolicy admits; defaults to the controller chart's namespace (ingress-nginx, higress-system)."),
  host: z.string().regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { message: "Must be a DNS name such as llm.example.com" }).optional().describe("Host name the Ingress serves (required with `via: ingress`)."),
  tlsSecret: z.string().regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/).optional().describe("kubernetes.io/tls Secret the controller terminates HTTPS with, in the Ingress's namespace (the engine namespace, or higress-system with a gateway). Required with loadBalancer.tls."),
});

/** `targets[].kubernetes`: settings of `runtime: kubernetes`. */
export const KubernetesSpecSchema = z.strictObject({
  cluster: KubernetesClusterSchema.default({ create: true }).describe("`{ create: true }` (default), `{ id }` or `{ kubeconfigSecret }`."),
  namespace: z.string().regex(DNS_LABEL, { message: "Must be a DNS label: a-z, 0-9 and '-', max 63" }).optional().describe("Namespace of the engine workload; defaults to `gpu-inference`."),
  scheduler: z.enum(KUBERNETES_SCHEDULERS).default("default").describe("`volcano`: pods use schedulerName volcano and multi-GPU replicas are gang-scheduled (Volcano must be installed). Defaults to `default`."),
  volcanoQueue: z.string().regex(DNS_LABEL).optional().describe("Volcano queue of the pods; defaults to `default`. Only with scheduler volcano."),
  gpuStack: z.enum(GPU_STACKS).default("auto").describe("Who installs the NVIDIA device plugin: `auto` (the kit installs it only where the node image/add-on lacks it), `device-plugin`, `gpu-operator` or `none`. Defaults to `auto`."),
  nodesPerReplica: z.union([z.literal("auto"), z.number().int().min(1).max(16)]).default("auto").describe("Nodes one replica spans (LeaderWorkerSet when > 1): `auto` (1, or the fewest nodes that fit the model). Defaults to `auto`."),
  prometheusUrl: z.string().url().optional().describe("Prometheus the metrics adapter reads the engine's queue metric from; when absent the kit installs a pinned Prometheus in the cluster."),
  expose: KubernetesExposeSchema.default({ via: "loadBalancer" }).describe("How clients reach the target: `loadBalancer` (default: a Service of type LoadBalancer, or the gateway's) or `ingress` (an Ingress of an existing controller)."),
});

/** One placement of the model. */
export const TargetSpecSchema = z.strictObject({
  name: z.string().regex(NAME, { message: "Must start with a letter and use only a-z, 0-9 and '-' (max 31)" }).describe("Short name, used in resource names: lower case, digits and dashes."),
  cloud: z.enum(CLOUDS).describe("Cloud the target runs on."),
  region: z.string().min(1).describe("Region id as the cloud spells it, e.g. `cn-hangzhou`, `us-east-1`."),
  zones: z.array(z.string().min(1)).min(1).optional().describe("Zones to spread replicas across; defaults to the catalog's zones of the region."),
  gpu: z.string().min(1).optional().describe("GPU model (catalog name) or `auto` (cheapest that fits). Defaults to `auto` unless instanceType is set."),
  instanceType: z.string().min(1).optional().describe("Instance type to use; must be in the catalog unless gpu and gpusPerReplica declare it."),
  gpusPerReplica: z.number().int().positive().max(16).optional().describe("GPUs per replica (instance)."),
  /** Instances behind the load balancer. */
  replicas: z.strictObject({
    min: z.number().int().min(0).max(1000),
    max: z.number().int().min(1).max(1000),
  }),
  spot: z.boolean().default(false).describe("Use spot/preemptible capacity. Defaults to false."),
  runtime: z.enum(["vm", "kubernetes"]).default("vm").describe("Host kind. Defaults to `vm`."),
  kubernetes: KubernetesSpecSchema.optional().describe("Cluster, namespace, scheduler and GPU stack of `runtime: kubernetes` (defaults: a new cluster in the target's cloud)."),
  registryMirror: z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[\w.-]+)*$/).optional().describe("Registry (with namespace) engine images are pulled from instead of their public home, e.g. `registry.cn-hangzhou.aliyuncs.com/acme`."),
  registryLogin: z
    .strictObject({
      usernameSecret: z.string().regex(/^[A-Za-z][\w-]*$/).describe("Secret Pulumi config key holding the registry user name."),
      passwordSecret: z.string().regex(/^[A-Za-z][\w-]*$/).describe("Secret Pulumi config key holding the registry password or token."),
    })
    .optional()
    .describe("Log in to registryMirror before pulling (private registries). The values are Pulumi secrets, stored in the cloud's secret store and read at boot; AWS, Alibaba Cloud and Tencent Cloud (refused on Volcano Engine)."),
  diskGb: z.number().int().min(40).max(16_384).optional().describe("Root disk size in GB; defaults to OS + image + weights with headroom."),
  /** Network to create (`vpcCidr`, default 10.42.0.0/16) or an existing one. */
  network: z
    .strictObject({
      vpcCidr: cidr.optional(),
      existing: ExistingNetworkSchema.optional(),
    })
    .optional(),
});

/** The load balancer in front of each target. */
export const LoadBalancerSpecSchema = z.strictObject({
  public: z.boolean().describe("Internet-facing when true; internal to the VPC otherwise."),
  allowedCidrs: z.array(cidr).min(1).optional().describe("Client CIDRs allowed to reach the listener. Defaults to 0.0.0.0/0 when public, the VPC CIDR otherwise."),
  tls: z.strictObject({ certificateId: z.string().min(1) }).optional().describe("HTTPS with this certificate (ACM ARN, Alibaba/Tencent/Volcano certificate id). HTTP when absent."),
});

/**
 * The vector database beside the model: qdrant/milvus as Helm releases on a Kubernetes target, qdrant
 * on a private CPU host on a VM target, pgvector on the cloud's managed PostgreSQL.
 */
export const VectorDatabaseSpecSchema = z.strictObject({
  engine: z.enum(VECTOR_DB_ENGINES),
  storageGb: z.number().int().min(10).max(65_536).describe("Data volume size in GB."),
  backup: z.strictObject({ retentionDays: z.number().int().min(1).max(3650) }).optional().describe("Backups/snapshots are kept this many days. Defaults to 7."),
  target: z.string().regex(NAME).optional().describe("Name of the target the database sits beside (its cluster or VPC); defaults to the first target."),
});

/** How the gateway acts on a moderation verdict. */
export const MODERATION_MODES = ["block", "audit"] as const;

/** `compliance.moderation`: content moderation of prompts and responses in the gateway. */
export const ModerationSpecSchema = z.strictObject({
  provider: z.enum(MODERATION_PROVIDERS).describe("Moderation service the gateway calls."),
  checkRequest: z.boolean().default(true).describe("Check prompts before they reach the engine. Defaults to true."),
  checkResponse: z.boolean().default(true).describe("Check generated responses (streams in chunks) before they reach the client. Defaults to true."),
  mode: z.enum(MODERATION_MODES).default("block").describe("`block`: a flagged prompt or response is refused; `audit`: it is logged and passed. Defaults to `block`."),
  failOpen: z.boolean().default(false).describe("Pass traffic when the moderation service cannot be reached. Defaults to false (closed)."),
  accessKeyIdSecret: z.string().regex(/^[A-Za-z][\w-]*$/).default("moderationAccessKeyId").describe("Secret Pulumi config key holding the moderation service's AccessKey id (Alibaba) or SecretId (Tencent TMS). Defaults to `moderationAccessKeyId`."),
  accessKeySecretSecret: z.string().regex(/^[A-Za-z][\w-]*$/).default("moderationAccessKeySecret").describe("Secret Pulumi config key holding the AccessKey secret (Alibaba) or SecretKey (Tencent TMS). Defaults to `moderationAccessKeySecret`."),
  region: z.string().regex(/^[a-z0-9-]+$/).optional().describe("Region of the moderation service endpoint, e.g. `cn-shanghai` (Alibaba; defaults to the target's region) or `ap-guangzhou` (Tencent TMS `X-TC-Region`; defaults to `ap-guangzhou` for `cn` residency, else `ap-singapore`)."),
  bizType: z.string().regex(/^[A-Za-z0-9_]{3,32}$/, { message: "Must be 3-32 letters, digits or '_'" }).optional().describe("`tencent-tms` only (required there): the TMS policy (BizType) configured in the Content Security console."),
});

/** One consuming team of the gateway. */
export const GatewayConsumerSpecSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, { message: "Must start with a letter and use only a-z, 0-9 and '-' (max 31)" }).describe("Consumer (team) name: labels its key, limits, metrics and logs."),
  keyVersion: z.number().int().min(1).max(1_000_000).default(1).describe("Bump to rotate the consumer's key (a new random key replaces the old one). Defaults to 1."),
  limits: z
    .strictObject({
      requestsPerMinute: z.number().int().positive().max(10_000_000).optional().describe("Requests per minute across every gateway replica."),
      tokensPerMinute: z.number().int().positive().max(1_000_000_000).optional().describe("Tokens (prompt + completion) per minute across every gateway replica."),
      monthlyTokens: z.number().int().positive().max(1_000_000_000_000).optional().describe("Token quota per 30-day window (enforced as a per-day limit of monthlyTokens / 30)."),
    })
    .default({})
    .describe("Limits of this consumer; a request over any of them gets 429."),
});

/** `gateway`: one OpenAI-compatible endpoint in front of the engines, a key per consumer, limits, moderation. */
export const GatewaySpecSchema = z.strictObject({
  consumers: z.array(GatewayConsumerSpecSchema).min(1).max(200).describe("Consuming teams: one key each (generated, stored in the cloud's secret store, exported as a secret stack output)."),
  upstreams: z
    .array(
      z.strictObject({
        model: z.string().min(1).max(256).describe("Served model name clients send in `model`."),
        stack: z.string().regex(/^[\w.-]+\/[\w.-]+\/[\w.-]+$|^[\w.-]+$/, { message: "Must be a stack name or <org>/<project>/<stack>" }).describe("Pulumi stack whose `endpoint` output serves the model (StackReference)."),
      }),
    )
    .max(100)
    .optional()
    .describe("Models served by other stacks behind this endpoint, routed by the OpenAI `model` field."),
  inferencePool: z.boolean().optional().describe("Kubernetes only, engine vllm, not with dataResidency cn: the model routes become Gateway API HTTPRoutes to an InferencePool of the engine pods, load-balanced by the Gateway API Inference Extension endpoint picker (v1.1.0; queue, KV-cache and prefix-cache scorers). Defaults to false (the engine Service is the backend)."),
});

/** Compliance settings. */
export const ComplianceSpecSchema = z.strictObject({
  dataResidency: z.enum(["cn", "global"]).optional().describe("`cn`: every target must be in mainland China."),
  dataClassification: z.enum(DATA_CLASSIFICATIONS).describe("Sensitivity of the data the service handles."),
  filingNumber: z.string().min(1).optional().describe("Generative-AI service filing number (备案号) for public services in mainland China."),
  moderation: ModerationSpecSchema.optional().describe("Moderation of prompts and responses in the gateway (requires `gateway`)."),
});

/** How `gpu: auto` ranks the offerings that fit. */
export const RANK_BY = ["cost", "hourly", "cost-per-token", "latency"] as const;

/** The load the deployment must carry and the latency it must meet (optional; without it the planner sizes for `engine.maxConcurrentRequests`). */
export const ServingSpecSchema = z
  .strictObject({
    load: z
      .strictObject({
        concurrentUsers: z.number().int().positive().max(1_000_000).optional().describe("Requests in flight at once across all replicas."),
        requestsPerSecond: z.number().positive().max(100_000).optional().describe("Arrival rate across all replicas (alternative to concurrentUsers)."),
        inputTokens: z.number().int().positive().max(1_048_576).describe("Prompt tokens per request (mean)."),
        outputTokens: z.number().int().positive().max(1_048_576).describe("Generated tokens per request (mean)."),
      })
      .refine((l) => (l.concurrentUsers === undefined) !== (l.requestsPerSecond === undefined), { message: "Set exactly one of concurrentUsers or requestsPerSecond" })
      .describe("Expected load."),
    slo: z
      .strictObject({
        ttftMs: z.number().positive().max(600_000).optional().describe("Time to first token, ms."),
        tpotMs: z.number().positive().max(10_000).optional().describe("Time per output token after the first, ms."),
      })
      .default({})
      .describe("Latency objectives; each one set bounds the concurrency per replica."),
    rankBy: z.enum(RANK_BY).default("cost").describe("How `gpu: auto` ranks: `cost` (monthly cost for the load, default), `hourly`, `cost-per-token`, `latency` (TPOT)."),
  })
  .describe("Load and latency objectives: the plan sizes replicas.min from them and reports headroom.");
/** The parsed `serving` section. */
export type ServingSpec = z.infer<typeof ServingSpecSchema>;

/** The whole deployment spec (config key `gpu-inference:deployment`). */
export const DeploymentSpecSchema = z.strictObject({
  environment: z.enum(ENVIRONMENTS).describe("Environment of the stack (tag `environment`)."),
  owner: z.string().min(1).describe("Team or person accountable for the deployment (tag `owner`)."),
  costCenter: z.string().min(1).describe("Cost center the spend is booked to (tag `cost-center`)."),
  budget: z.strictObject({
    monthly: z.number().positive().describe("Monthly budget in `currency`."),
    currency: z.enum(CURRENCIES).describe("Currency of the budget; costs are converted into it."),
    hoursPerMonth: z.number().positive().max(744).default(730).describe("Hours in a billing month. Defaults to 730."),
    usage: z
      .strictObject({
        expectedReplicas: z
          .union([z.enum(["min", "max"]), z.number().int().min(0).max(1000)])
          .optional()
          .describe("Replicas the cost preview prices: `min` (default), `max`, or a count clamped into each target's [min, max]."),
        schedule: z
          .strictObject({ daysPerWeek: z.number().int().min(1).max(7), hoursPerDay: z.number().positive().max(24) })
          .optional()
          .describe("GPU hosts run only on this weekly schedule (non-prod): hours/month = days × hours × 52/12."),
        egressGbPerMonth: z.number().min(0).optional().describe("Internet egress per NAT gateway or public IP, GB/month, for per-GB charges. Defaults to 100."),
        lcuPerHour: z.number().min(0).optional().describe("Load-balancer capacity units (LCU) used per hour. Defaults to 1."),
      })
      .optional()
      .describe("Usage assumptions of `gpukit cost`; every one used is stated in the report."),
  }),
  model: ModelSpecSchema,
  engine: EngineSpecSchema,
  targets: z.array(TargetSpecSchema).min(1).max(100).describe("Placements of the model: one load balancer and host group each."),
  loadBalancer: LoadBalancerSpecSchema,
  vectorDatabase: VectorDatabaseSpecSchema.optional().describe("Vector database beside the model; its data resources are protected and backed up."),
  compliance: ComplianceSpecSchema.optional().describe("Data residency, classification and China filing settings."),
  gateway: GatewaySpecSchema.optional().describe("Inference gateway between the load balancer and the engines: a key per consuming team, limits, moderation, China labelling."),
  serving: ServingSpecSchema.optional(),
});

/** A parsed deployment spec with defaults filled in. */
export type DeploymentSpec = z.infer<typeof DeploymentSpecSchema>;
/** The spec as written in a stack file (defaults optional). */
export type DeploymentSpecInput = z.input<typeof DeploymentSpecSchema>;
/** One parsed target. */
export type TargetSpec = DeploymentSpec["targets"][number];
