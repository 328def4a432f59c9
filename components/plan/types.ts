/**
 * Plain data the planner produces: one {@link TargetPlan} per target of the spec. No Pulumi types
 * here, so tests compare plans exactly and the CLI prints them without running a program.
 */
import type { Cloud, Currency, PriceStatus, Quantization, Residency } from "../../catalog/schema";
import type { LoadBalancerPlan, NetworkPlan } from "./network";
import type { SecretPlan } from "./secrets";
import type { KubernetesPlan } from "./kubernetes-types";
import type { VectorDatabasePlan } from "./vector-database";
import type { LoraPlan } from "./adapters";
import type { GatewayPlan } from "./gateway";

export type { GatewayPlan, GatewayConsumerPlan, GatewayRoutePlan, GatewayModerationPlan, RateLimitStorePlan } from "./gateway";
export type { BackendAccessPlan, LoadBalancerPlan, NetworkPlan, SubnetPlan } from "./network";
export type { SecretPlan } from "./secrets";
export type { KubernetesPlan } from "./kubernetes-types";
export type { VectorDatabasePlan } from "./vector-database";
export type { AdapterPlan, LoraPlan } from "./adapters";
export type { EngineRender, ModelSourcePlan, SecretRef } from "../types/engine";
export type { BootstrapPlan, GpuImageStrategy, OfferingPlan, PricePlan } from "../types/host";
import type { EngineRender, ModelSourcePlan } from "../types/engine";
import type { BootstrapPlan, OfferingPlan } from "../types/host";

/** Memory budget of one replica, in GB (10^9 bytes), summed over the replica's GPUs. */
export interface MemoryBudget {
  /** Model weights at the chosen quantization. */
  weightsGb: number;
  /** KV cache for `maxContextTokens × maxConcurrentRequests` tokens at the KV-cache dtype. */
  kvCacheGb: number;
  /** Activations, CUDA graphs, NCCL buffers and runtime: a fixed amount per GPU. */
  overheadGb: number;
  /** LoRA adapters' GPU memory (engine slots or adapter weights, `components/plan/adapters.ts`); present only with `model.adapters`. */
  loraGb?: number;
  /** weights + KV cache + overhead (+ LoRA). */
  requiredGb: number;
  /** What the engine may use: GPU memory × GPU count × the engine's memory fraction. */
  availableGb: number;
}

/** Placement of a target. */
export interface PlacementPlan {
  cloud: Cloud;
  region: string;
  country: string;
  residency: Residency;
  zones: string[];
  runtime: "vm" | "kubernetes";
}

/** Everything a cloud adapter needs to build one target, as plain data. */
export interface TargetPlan {
  name: string;
  /**
   * Names of the target's resources: `logical` prefixes Pulumi names (`<logical>-<role>`; the stack
   * is already in every URN), `physical` prefixes names the cloud sees (`<stack>-<target>`).
   */
  names: { logical: string; physical: string };
  placement: PlacementPlan;
  /** VPC, subnets and egress, decided by the planner (adapters create exactly these). */
  network: NetworkPlan;
  /** Listener, client CIDRs and how the load balancer reaches the engine port. */
  loadBalancer: LoadBalancerPlan;
  /** Secrets the hosts fetch at boot, with their secret-store names (never values). */
  secrets: SecretPlan[];
  offering: OfferingPlan;
  /** Tensor-parallel degree (GPUs one engine process spans). */
  tensorParallel: number;
  /** Engine processes per instance when the instance has more GPUs than one engine needs (data parallel). */
  dataParallel: number;
  replicas: { min: number; max: number };
  spot: boolean;
  quantization: Quantization;
  /** KV-cache element type: `auto` (model dtype) or `fp8`. */
  kvCacheDtype: "auto" | "fp8";
  maxContextTokens: number;
  maxConcurrentRequests: number;
  memory: MemoryBudget;
  /** Largest number of concurrent full-context sequences the KV budget holds. */
  maxConcurrentSequences: number;
  /** Lower bound of decode latency per output token in ms (weight bytes per GPU ÷ memory bandwidth). */
  latencyBoundMsPerToken: number;
  modelSource: ModelSourcePlan;
  /**
   * Names clients send in the OpenAI `model` field: the base model's, then one per LoRA adapter
   * (vLLM/TGI `<adapter>`, SGLang `<base>:<adapter>`). The gateway routes and limits by these.
   * Always set by the planner (optional only so hand-built fixtures stay valid).
   */
  servedModels?: string[];
  /** LoRA adapters served on the base (`model.adapters`): sources, staging paths, sizes and the engine's slots; absent without adapters. */
  adapters?: LoraPlan;
  engine: EngineRender;
  bootstrap: BootstrapPlan;
  /** Registry mirror the engine image is pulled from, if any. */
  registryMirror: string | null;
  /** Cost of this target at `replicas.min` instances. */
  cost: { hourly: number | null; monthly: number | null; currency: Currency | null; status: PriceStatus };
  /** Offerings considered and why each lost (for `gpu: auto`). */
  alternatives: { instanceType: string; reason: string }[];
  /**
   * Performance model at the SLO-limited concurrency (`components/plan/performance.ts`): requests in
   * flight per engine replica, TTFT and TPOT in ms, output tokens/s and requests/s of all `replicas.min`
   * instances (and of one instance). Estimates, calibrated per bench/RESULTS.md.
   */
  performance?: { concurrency: number; ttftMs: number; tpotMs: number; outputTokensPerSecond: number; requestsPerSecond: number; perInstanceOutputTokensPerSecond: number };
  /** Instances `serving.load` needs within `serving.slo`; null without a load. */
  replicasForLoad?: number | null;
  /** Monthly cost of `replicasForLoad` instances in the price's currency; null without a load or price. */
  monthlyCostForLoad?: number | null;
  /** Cost per 10^6 output tokens at the SLO-limited concurrency, in the price's currency; null without a price. */
  costPerMillionTokens?: number | null;
  /** Spare capacity of `replicasForLoad` over the load, percent; null without a load. */
  loadHeadroomPct?: number | null;
  /** Dated US export-control status of the GPU (advisory; availability is the catalog's offerings). */
  exportControl?: { gpu: string; status: string; since: string | null; source: string; sourceStatus: string; note?: string; advisory: string | null };
  warnings: string[];
  /** `runtime: kubernetes`: cluster, node pools, GPU stack, workload, PDB, HPA, Service, network policy (absent on `vm`). */
  kubernetes?: KubernetesPlan;
  /** The deployment's vector database when it sits beside this target (absent otherwise). */
  vectorDatabase?: VectorDatabasePlan;
  /** The inference gateway between the load balancer and the engine (`spec.gateway`; absent otherwise). */
  gateway?: GatewayPlan;
}

/** The whole deployment as plain data. */
export interface DeploymentPlan {
  stack: string;
  environment: "dev" | "staging" | "prod";
  /** Tags applied to every resource: environment, owner, cost-center, stack, managed-by. */
  tags: Record<string, string>;
  model: { id: string; parametersB: number; quantization: Quantization; maxContextTokens: number };
  targets: TargetPlan[];
  cost: CostSummary;
  warnings: string[];
}

/** Sum of target costs in the budget currency. */
export interface CostSummary {
  currency: Currency;
  /** Sum at `replicas.min`; null when any target's price is unknown. */
  totalHourlyCost: number | null;
  /** totalHourlyCost × hoursPerMonth. */
  totalMonthlyCost: number | null;
  hoursPerMonth: number;
  /** Cost at `replicas.max`. */
  maxHourlyCost: number | null;
  /** Lowest status among the summed prices (an estimate makes the total an estimate). */
  status: PriceStatus;
  /** Targets whose price is unknown. */
  unpriced: string[];
  /** FX assumption applied when currencies differ. */
  fx: string | null;
  budget: { monthly: number; currency: Currency; withinBudget: boolean | null };
}
