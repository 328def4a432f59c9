/**
 * Types of the gateway plan (components/plan/gateway.ts): consumers, routes, moderation, the limits'
 * store and the gateway of a target. Plain data, no Pulumi.
 */
import type { HigressResource } from "../gateway/render";
import type { KubernetesGatewayRender } from "../gateway/render-kubernetes";
import type { HIGRESS_SOURCES } from "../gateway/higress";
import type { TmsModerationPlan } from "../gateway/tms";
import type { DeploymentSpec, TargetSpec } from "../spec/schema";
import type { Residency } from "../../catalog/schema";
import type { EngineRender } from "../types/engine";

/** One consuming team. */
export interface GatewayConsumerPlan {
  name: string;
  /** Bumping it replaces the random key (rotation). */
  keyVersion: number;
  /** Name of the key's entry in `TargetPlan.secrets` (`gatewayKey-<name>`). */
  secret: string;
  /** Where the key is stored in the cloud's secret store. */
  storeName: string;
  /** Limits, null when unset. `tokensPerDay` enforces `monthlyTokens` (ceil(monthly / 30)): the plugin's longest window is a day. */
  limits: { requestsPerMinute: number | null; tokensPerMinute: number | null; monthlyTokens: number | null; tokensPerDay: number | null };
}

/** Where a route sends requests. */
export interface GatewayDestination {
  /** `local-engine`: this target's engine; `upstream-stack`: another stack's endpoint (StackReference, resolved at deploy time); `moderation-filter`: the TMS filter, which proxies this target's engine and checks its answers. */
  kind: "local-engine" | "upstream-stack" | "moderation-filter";
  /** Registry entry name (Higress McpBridge) and service `<name>.dns`. */
  registry: string;
  /** DNS name: the engine container / Service, or a placeholder filled at boot with the upstream's host. */
  domain: string;
  port: number;
  protocol: "http" | "https";
}

/** One route of the gateway. */
export interface GatewayRoutePlan {
  /** Ingress name. */
  name: string;
  /** `model`: chat/completions of one model; `models`: `GET /v1/models` (answered by the gateway); `health`: the load balancer's probe. */
  purpose: "model" | "models" | "health";
  /** Served model name matched exactly on the `model` field (null for `models`/`health`). */
  model: string | null;
  path: { type: "Prefix" | "Exact"; value: string };
  /** HTTP methods matched; empty = all. */
  methods: string[];
  destination: GatewayDestination;
  /** Consumers allowed; empty only for `health`, which carries no model call. */
  consumers: string[];
}

/** Moderation in the gateway: Alibaba Cloud Content Moderation (plugin) or Tencent TMS (filter service, components/gateway/tms.ts). */
export type GatewayModerationPlan = AlicloudModerationPlan | TmsModerationPlan;
export type { TmsModerationPlan };

/** Alibaba Cloud Content Moderation through Higress `ai-security-guard`. */
export interface AlicloudModerationPlan {
  provider: "alicloud-content-moderation";
  plugin: "ai-security-guard";
  /** Content Moderation API (`TextModerationPlus`) and its services for prompts and responses. */
  action: "TextModerationPlus";
  serviceHost: string;
  requestCheckService: "llm_query_moderation";
  responseCheckService: "llm_response_moderation";
  checkRequest: boolean;
  checkResponse: boolean;
  mode: "block" | "audit";
  /** As the spec says; see `failClosedEnforced`. */
  failOpen: boolean;
  /** False: the plugin resumes the request when Content Moderation errors, whatever the spec says. */
  failClosedEnforced: false;
  /** How streamed responses are checked. */
  streaming: string;
  /** Entries of `TargetPlan.secrets` holding the AccessKey pair. */
  secrets: { accessKeyId: string; accessKeySecret: string };
}

/** The cloud's Redis that holds the limit counters of a VM target with several hosts. */
export interface ManagedRedisPlan {
  /** Product, resource type and size the adapter creates. */
  product: string;
  resourceType: string;
  /** Node type (AWS `cache.*`) or instance class (Alibaba `redis.*`). */
  size: string;
  engineVersion: string;
  /** The `TargetPlan.secrets` entry whose value (the endpoint host) the adapter stores for the hosts. */
  endpointSecret: string;
  /** Clients admitted: the host subnets' CIDRs (Alibaba whitelist), or null where a security group is named instead (AWS). */
  clientCidrs: string[] | null;
  source: string;
}

/** Shared state of the limits. */
export interface RateLimitStorePlan {
  /** `host-container`: Redis beside the gateway (one host); `managed-redis`: the cloud's Redis shared by every host; `in-cluster`: the Higress chart's Redis. */
  kind: "host-container" | "managed-redis" | "in-cluster";
  /** Service name as the plugins take it (`<registry>.dns` or a cluster FQDN). */
  serviceName: string;
  port: number;
  /** Image of a host-container Redis, else null. */
  image: string | null;
  /** `managed-redis`: what the adapter creates. */
  managed?: ManagedRedisPlan;
}

/** The gateway of a target. */
export interface GatewayPlan {
  product: "higress";
  version: string;
  image: string;
  runtime: "vm" | "kubernetes";
  /** Port the load balancer forwards to and health-checks: the gateway's host port (VM) or Service port (Kubernetes). */
  port: number;
  /** Port the gateway listens on in its container. */
  containerPort: number;
  consumers: GatewayConsumerPlan[];
  /** Model names this target's engine serves: `TargetPlan.servedModels` (base model, then LoRA adapters). */
  servedModels: string[];
  /** Every route: each requires a consumer key except `health`. */
  routes: GatewayRoutePlan[];
  /** Other stacks behind this endpoint, by model. */
  upstreams: { model: string; stack: string; registry: string; endpointSecret: string }[];
  moderation: GatewayModerationPlan | null;
  /** Headers added to every response (filing number and implicit AIGC label); empty unless the service is public in mainland China or a filing number is set. */
  responseHeaders: { name: string; value: string }[];
  rateLimitStore: RateLimitStorePlan;
  /** Audit log of requests and responses: what the gateway writes and how long the observability work must keep it. */
  auditLog: { enabled: boolean; retentionDays: number; fields: string[]; where: string };
  /** Prometheus endpoint of the gateway; per-consumer token metrics `route_upstream_model_consumer_metric_{input,output}_token`. */
  metrics: { port: number; path: string };
  sources: typeof HIGRESS_SOURCES;
  warnings: string[];
  /** The Higress resources rendered from this plan (secret-free: `@@NAME@@` placeholders), as the hosts or the cluster receive them. */
  rendered?: HigressResource[];
  /** `runtime: kubernetes`: the Helm release and objects for the Kubernetes runtime to create. */
  kubernetes?: KubernetesGatewayRender;
  /** `gateway.inferencePool`: the model routes go to an InferencePool (components/gateway/inference-pool.ts); absent = false. */
  inferencePool?: boolean;
}

/** Inputs of {@link planGateway}. */
export interface GatewayPlanInput {
  spec: DeploymentSpec;
  target: TargetSpec;
  /** `targets[i]`, for issue paths. */
  path: string;
  stack: string;
  residency: Residency;
  region: string;
  engine: EngineRender;
  /** Largest number of gateway hosts (VM: replicas.max instances). */
  maxHosts: number;
  /** Kubernetes: engine Service DNS name; null on VMs. */
  kubernetesEngineHost: string | null;
  /** Names the engine serves (`TargetPlan.servedModels`: base, then LoRA adapters); defaults to the model id. */
  servedModels?: string[];
  /** CIDRs of the host subnets (null entries for existing subnets of unknown CIDR), for a managed Redis's whitelist. */
  hostCidrs?: (string | null)[];
}
