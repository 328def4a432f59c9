/**
 * The plain types of `gpukit size`: what to size (the query) and what comes back (the report with
 * its ranked options and the infeasible ones). No logic.
 */
import type { Cloud, Currency, ExportControlStatus, PriceStatus, Quantization } from "../../catalog";
import type { MemoryBudget } from "../../components/plan/types";
import type { HubModels } from "../../components/plan/model";
import type { EngineName } from "../../components/spec/schema";
import type { RankBy } from "../../components/plan/offering";

/** Pseudo-cloud of a `--gpu --gpus` configuration evaluated outside any cloud (on-premises servers). */
export const ON_PREMISES = "on-premises";

/** What to size. Only `model` is required; see each field for its default. */
export interface SizeQuery {
  /** Model id or alias (Hugging Face or ModelScope), matched case-insensitively against the catalog. */
  model: string;
  /** Parameters in billions; required when the model is not in the catalog, overrides the catalog's otherwise. */
  parameters?: number;
  /** Weight format; default: the format the model id is published in (e.g. `awq` for an `-AWQ` repo). Required otherwise. */
  quantization?: Quantization;
  /** Context tokens per sequence; default: the model's maximum capped at {@link DEFAULT_CONTEXT_CAP} (8192). */
  context?: number;
  /** Concurrent full-context sequences per replica; default {@link DEFAULT_CONCURRENCY} (16). */
  concurrency?: number;
  /** Only this cloud; default all four. */
  cloud?: Cloud;
  /** Only this region id (of `cloud`, or of every cloud that has a region with this id); default all. */
  region?: string;
  /** Serving engine; default {@link DEFAULT_ENGINE} (`vllm`). */
  engine?: EngineName;
  /** Only offerings of this GPU (catalog key or alias); with `gpus`, one configuration outside any cloud instead. */
  gpu?: string;
  /** With `gpu`: evaluate `gpus` × that GPU on-premises (no cloud, no price). */
  gpus?: number;
  /** Prompt tokens per request; default 1,024 (capped by the context). */
  inputTokens?: number;
  /** Output tokens per request; default 256 (capped by the context). */
  outputTokens?: number;
  /** Load: requests per second across all replicas (alternative to `concurrency` as a load). */
  rps?: number;
  /** SLO: time to first token, ms. */
  sloTtftMs?: number;
  /** SLO: time per output token, ms. */
  sloTpotMs?: number;
  /** Ranking; default `cost` (monthly cost for the load, or cost per million tokens without a load). */
  rankBy?: RankBy;
  /** Hub configs of models outside the catalog (see cli/hub). */
  hub?: HubModels;
}

/** What the performance model says about an option (per engine replica unless noted). */
export interface SizeOptionPerformance {
  /** Requests in flight per engine replica (SLO-limited). */
  concurrency: number;
  ttftMs: number;
  tpotMs: number;
  /** Output tokens/s of one instance (all its engine replicas). */
  outputTokensPerSecond: number;
  /** Requests/s of one instance. */
  requestsPerSecond: number;
}

/** One feasible offering in one region. Memory in GB (10^9 bytes), prices per instance-hour. */
export interface SizeOption {
  cloud: Cloud | typeof ON_PREMISES;
  region: string;
  instanceType: string;
  /** GPU catalog key, GPUs per instance, memory per GPU in GB. */
  gpu: { model: string; count: number; memoryGb: number };
  tensorParallel: number;
  /** Replicas per instance (GPUs ÷ tensor parallel, for engines with data parallelism; else 1). */
  dataParallel: number;
  /** Budget of one replica (summed over its tensor-parallel GPUs). */
  memory: MemoryBudget;
  /** Decode lower bound per output token, ms: weight bytes per GPU ÷ memory bandwidth. */
  latencyBoundMsPerToken: number;
  /** Full-context sequences one replica's KV-cache room holds. */
  maxConcurrentSequences: number;
  /** Output tokens/s upper bound for the instance (all replicas) at min(concurrency, maxConcurrentSequences). */
  throughputTokensPerSecond: number;
  /** Instance-hour price in `currency`; null when unknown. */
  hourlyCost: number | null;
  currency: Currency | null;
  /** Lower bound on cost per 10^6 output tokens in `currency`; null when the price is unknown. */
  costPerMillionTokens: number | null;
  priceStatus: PriceStatus;
  /** Source title (and URL), and date when known. */
  priceSource: string | null;
  /** Sold only on request. */
  restrictedAvailability: boolean;
  performance: SizeOptionPerformance;
  /** Instances the load needs; null without a load (`--concurrency` is then per replica, or `--rps`). */
  replicasForLoad: number | null;
  /** Monthly cost (730 h) of `replicasForLoad` instances in `currency`; null without a load or price. */
  monthlyCostForLoad: number | null;
  /** Export-control status of the GPU (advisory), e.g. `licence-required since 2023-11-17`. */
  exportControl: { status: ExportControlStatus; since: string | null } | null;
}

/** An offering that cannot serve the workload. */
export interface SizeInfeasible {
  cloud: Cloud | typeof ON_PREMISES;
  region: string;
  instanceType: string;
  /** GPU catalog key and count, for display. */
  gpu: { model: string; count: number };
  reason: string;
}

/** The workload figures the report was computed for, with every default filled in. */
export interface SizeWorkload {
  quantization: Quantization;
  engine: EngineName;
  /** Parameters in billions used for the weights. */
  parametersB: number;
  contextTokens: number;
  concurrency: number;
  gpuMemoryUtilization: number;
  kvCacheDtype: "auto";
  tensorParallel: "auto";
  /** True when the model's shape comes from the catalog, false when estimated from `--parameters` or read from a hub config. */
  catalogued: boolean;
  /** Where the shape came from: `catalog`, `hub` (config.json, fetched or cached) or `estimate`. */
  shapeSource: "catalog" | "hub" | "estimate";
  inputTokens: number;
  outputTokens: number;
  /** The load, when one is given: `--concurrency` users or `--rps`. */
  load: { concurrentUsers?: number; requestsPerSecond?: number } | null;
  slo: { ttftMs?: number; tpotMs?: number };
  rankBy: RankBy;
}

/** What {@link sizeOptions} returns. */
export interface SizeReport {
  /** The model id as asked. */
  model: string;
  workload: SizeWorkload;
  /** Feasible offerings, cheapest first (USD-equivalent at the catalog's FX assumption); unknown prices last. */
  options: SizeOption[];
  /** Infeasible offerings in catalog order (cloud, region, instance type). */
  infeasible: SizeInfeasible[];
  /** How the figures are computed. */
  assumptions: string[];
  /** Model-resolution notes (estimated shape, checkpoint format). */
  warnings: string[];
}

