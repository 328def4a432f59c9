/**
 * Zod schemas for the catalog data files in `catalog/data/`. Every figure carries a source id that
 * resolves to an entry of `sources.json`, and every price carries its status and date, so the kit
 * never presents an estimate or a third-party quote as a verified list price.
 */
import { z } from "zod";

/** The four clouds the kit deploys to. */
export const CLOUDS = ["aws", "alicloud", "tencentcloud", "volcengine"] as const;
/** A cloud identifier as used in specs, catalog rows and resource type tokens. */
export type Cloud = (typeof CLOUDS)[number];

/** Currencies prices and budgets are expressed in. */
export const CURRENCIES = ["USD", "CNY"] as const;
/** ISO 4217 code of a supported currency. */
export type Currency = (typeof CURRENCIES)[number];

/**
 * How much a price can be trusted:
 * - `verified`: read from a public machine-readable catalog or an official dated list for that region;
 * - `third-party`: someone else's logged API quote or scrape;
 * - `estimate`: derived (another region's quote, or the reference's placeholder range), never a quote;
 * - `unknown`: no price found; never priced as zero.
 */
export const PRICE_STATUSES = ["verified", "third-party", "estimate", "unknown"] as const;
/** One of {@link PRICE_STATUSES}. */
export type PriceStatus = (typeof PRICE_STATUSES)[number];

/** How well a spec figure (GPU model of a family, datasheet number) is sourced. */
export const FACT_STATUSES = ["verified", "third-party", "unverified"] as const;
/** One of {@link FACT_STATUSES}. */
export type FactStatus = (typeof FACT_STATUSES)[number];

/** Data residency zone of a region: `cn` = mainland China, `global` = anywhere else. */
export const RESIDENCIES = ["cn", "global"] as const;
/** One of {@link RESIDENCIES}. */
export type Residency = (typeof RESIDENCIES)[number];

/** A citation that other rows refer to by `id`. */
export const SourceSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  url: z.string().optional(),
  /** ISO date (YYYY-MM-DD) the figures were read or published; null when the source is undated. */
  date: z.string().nullable(),
  note: z.string().optional(),
});
/** A citation row of `sources.json`. */
export type Source = z.infer<typeof SourceSchema>;

/**
 * US export-control status for new supply to mainland China:
 * - `unrestricted`: no licence needed (below the thresholds, or a compliant design such as L20, RTX 4090D);
 * - `licence-required`: a licence is needed (with presumption of denial for A100/H100/A800/H800/L40S/RTX 4090 since 2023-11-17);
 * - `case-by-case`: licences reviewed case by case (H200 since 2026-01-15);
 * - `barred`: no path to a licence (Blackwell);
 * - `unknown`: no source settles it.
 */
export const EXPORT_CONTROL_STATUSES = ["unrestricted", "licence-required", "case-by-case", "barred", "unknown"] as const;
/** One of {@link EXPORT_CONTROL_STATUSES}. */
export type ExportControlStatus = (typeof EXPORT_CONTROL_STATUSES)[number];

/**
 * A dated export-control record of a GPU, read by the plan, `gpukit catalog` and the policy pack:
 * `{ status, since, source, sourceStatus, note }`. `since` is the ISO date the status took effect
 * (null when it never changed); `source` is a `sources.json` id.
 */
export const ExportControlSchema = z.strictObject({
  status: z.enum(EXPORT_CONTROL_STATUSES),
  /** ISO date (YYYY-MM-DD) the status took effect; null when there is no dated event. */
  since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  /** Source id (see `sources.json`). */
  source: z.string().min(1),
  /** How well the status is sourced. */
  sourceStatus: z.enum(FACT_STATUSES),
  note: z.string().optional(),
});
/** The `exportControl` record of a GPU. */
export type ExportControl = z.infer<typeof ExportControlSchema>;

/** A GPU model and the datasheet figures the sizing model uses. */
export const GpuSpecSchema = z.strictObject({
  /** Catalog key used everywhere else, e.g. `A10`, `H100-SXM`, `L20`. */
  key: z.string().min(1),
  /** Marketing name, e.g. `NVIDIA A10`. */
  name: z.string().min(1),
  /** Other names a spec may use (`H100` → `H100-SXM`), matched case-insensitively. */
  aliases: z.array(z.string()),
  /**
   * Memory per GPU in GB of 10^9 bytes, the one unit sizing uses throughout: HBM parts marketed in
   * GiB are converted (80 GiB → 85.9 GB), GDDR parts marketed in decimal GB are kept. `memoryNote`
   * says where each figure comes from.
   */
  memoryGb: z.number().positive(),
  /** How `memoryGb` was derived (marketed GiB × 1.0737, MiB reported by a cloud, …). */
  memoryNote: z.string().optional(),
  /** Memory bandwidth in GB/s. */
  memoryBandwidthGBs: z.number().positive(),
  /** Dense FP16 tensor TFLOPS (no sparsity). */
  fp16DenseTflops: z.number().positive(),
  /** Dense BF16 tensor TFLOPS; null where the GPU has no BF16 (Volta, Turing). */
  bf16DenseTflops: z.number().positive().nullable(),
  /** Dense FP8 tensor TFLOPS; null where the GPU has no FP8 tensor cores. */
  fp8DenseTflops: z.number().positive().nullable(),
  /** CUDA compute capability, e.g. 8.6 for the A10. */
  computeCapability: z.number().min(5).max(13),
  /** NVLink bandwidth per GPU in GB/s; null for PCIe-only cards. */
  nvlinkGBs: z.number().positive().nullable(),
  /** A China-market export variant (A800, H800, H20, L20, L2). */
  chinaMarketVariant: z.boolean(),
  /**
   * @deprecated replaced by {@link ExportControlSchema} `exportControl`; ignored by the planner and
   * absent from `gpus.json` (kept optional so old fixtures still parse).
   */
  restrictedInMainlandChina: z.boolean().optional(),
  /**
   * Dated US export-control status of new supply of this GPU to mainland China. Advisory: the
   * planner shows it and never refuses a GPU for it (whether a GPU can be rented in a region is the
   * offerings' `regions`); a policy pack may gate on it per environment. Required in `gpus.json`.
   */
  exportControl: ExportControlSchema.optional(),
  /** How well the figures are sourced. */
  specStatus: z.enum(FACT_STATUSES),
  sources: z.array(z.string()).min(1),
  notes: z.string().optional(),
});
/** A GPU model row of `gpus.json`. */
export type GpuSpec = z.infer<typeof GpuSpecSchema>;

/** A cloud region. */
export const RegionSchema = z.strictObject({
  cloud: z.enum(CLOUDS),
  /** Region id as the cloud's API spells it, e.g. `cn-hangzhou`, `ap-guangzhou`, `us-east-1`. */
  region: z.string().min(1),
  displayName: z.string().min(1),
  /** ISO 3166-1 alpha-2 country code of the region's location (`CN`, `US`, `SG`, `HK`, …). */
  country: z.string().length(2),
  /** `cn` for mainland China (Hong Kong and Macau are `global`). */
  residency: z.enum(RESIDENCIES),
  /** Zone ids the kit spreads replicas across by default, in order of preference. */
  zones: z.array(z.string()).min(1),
  /** Source id of the zone list when it differs from `source` (the region list). */
  zonesSource: z.string().optional(),
  /** How well the zone list is known; absent means as well as the region itself (`source`). */
  zonesStatus: z.enum(FACT_STATUSES).optional(),
  /** Currency the cloud bills this region in. */
  currency: z.enum(CURRENCIES),
  source: z.string(),
});
/** A region row of `regions.json`. */
export type Region = z.infer<typeof RegionSchema>;

/** A price of one offering in a set of regions. */
export const PriceSchema = z.strictObject({
  /** Regions this price applies to. */
  regions: z.array(z.string()).min(1),
  /** On-demand (pay-as-you-go) price per instance-hour; null with status `unknown`. */
  hourly: z.number().positive().nullable(),
  currency: z.enum(CURRENCIES).nullable(),
  status: z.enum(PRICE_STATUSES),
  /** Source id (see `sources.json`). */
  source: z.string(),
  /** ISO date of the quote or catalog snapshot; null when the source is undated. */
  date: z.string().nullable(),
  note: z.string().optional(),
});
/** One price row of an offering. */
export type Price = z.infer<typeof PriceSchema>;

/** A GPU instance type that a cloud sells. */
export const OfferingSchema = z.strictObject({
  cloud: z.enum(CLOUDS),
  /** Instance type id as the API spells it, e.g. `ecs.gn7i-c8g1.2xlarge`, `g6e.xlarge`, `PNV5b.8XLARGE96`. */
  instanceType: z.string().min(1),
  family: z.string().min(1),
  /** GPU catalog key (see `gpus.json`). */
  gpu: z.string().min(1),
  /** Whether the family's GPU model is named by the cloud (`verified`) or only reported elsewhere. */
  gpuModelStatus: z.enum(FACT_STATUSES),
  gpuCount: z.number().int().positive(),
  /** Memory per GPU in GB as the cloud lists it. */
  gpuMemoryGb: z.number().positive(),
  vcpu: z.number().int().positive().nullable(),
  memoryGib: z.number().positive().nullable(),
  /** GPUs joined by NVSwitch (8-GPU HGX boards): needs NVIDIA Fabric Manager. */
  nvswitch: z.boolean(),
  /** Regions where the source lists the type as sold. */
  regions: z.array(z.string()).min(1),
  /** Prices per region set; regions without a row are `unknown`. */
  prices: z.array(PriceSchema),
  specSource: z.string(),
  /** Sold only on request (invite-only, sales contact). */
  restrictedAvailability: z.boolean(),
  notes: z.string().optional(),
});
/** An instance-type row of `offerings/<cloud>.json`. */
export type Offering = z.infer<typeof OfferingSchema>;

/** Quantization formats the kit sizes and renders. */
export const QUANTIZATIONS = [
  "none",
  "fp16",
  "bf16",
  "fp8",
  "int8",
  "awq",
  "gptq",
  "bnb-nf4",
  "gguf-q4_k_m",
  "gguf-q8_0",
] as const;
/** One of {@link QUANTIZATIONS}. */
export type Quantization = (typeof QUANTIZATIONS)[number];

/** The architecture figures of a model that memory sizing needs. */
export const ModelShapeSchema = z.strictObject({
  /** Canonical Hugging Face id of the base (unquantized) model, e.g. `Qwen/Qwen2.5-7B-Instruct`. */
  id: z.string().min(1),
  /** Other ids that resolve to this shape (ModelScope ids, pre-quantized repos). */
  aliases: z.array(
    z.strictObject({
      id: z.string().min(1),
      /** Quantization the repo is published in, when it is a pre-quantized variant. */
      quantization: z.enum(QUANTIZATIONS).optional(),
      /** `intermediate_size` of this checkpoint when it differs from the base (padded quantized repos: Qwen2.5-72B AWQ 29,696). */
      intermediateSize: z.number().int().positive().optional(),
    }),
  ),
  /** Total parameters in billions (all experts for MoE). */
  parametersB: z.number().positive(),
  /** Active parameters per token in billions (MoE); equals parametersB for dense models. */
  activeParametersB: z.number().positive(),
  /** Vocabulary size (`vocab_size`): sizes the 16-bit embeddings and `lm_head` of quantized checkpoints. */
  vocabSize: z.number().int().positive().optional(),
  /** `tie_word_embeddings`: the embeddings and `lm_head` share one matrix. Default false. */
  tieWordEmbeddings: z.boolean().optional(),
  /** Dense MLP width (`intermediate_size`): tensor-parallel divisibility of quantized kernels. */
  intermediateSize: z.number().int().positive().optional(),
  /** Mixture of experts (`n_routed_experts`/`num_experts`, `num_experts_per_tok`, `moe_intermediate_size`). */
  moe: z
    .strictObject({
      experts: z.number().int().positive(),
      expertsPerToken: z.number().int().positive(),
      /** Always-active shared experts per MoE layer (DeepSeek); default 0. */
      sharedExperts: z.number().int().min(0).optional(),
      moeIntermediateSize: z.number().int().positive(),
    })
    .optional(),
  /** Multi-head latent attention (DeepSeek-V2/V3/R1): the cache holds `kvLoraRank + qkRopeHeadDim` per layer. */
  mla: z.strictObject({ kvLoraRank: z.number().int().positive(), qkRopeHeadDim: z.number().int().positive() }).optional(),
  /** Sliding-window attention span in tokens (every layer), when the released config uses one. */
  slidingWindow: z.number().int().positive().optional(),
  layers: z.number().int().positive(),
  attentionHeads: z.number().int().positive(),
  kvHeads: z.number().int().positive(),
  headDim: z.number().int().positive(),
  hiddenSize: z.number().int().positive(),
  /** Maximum context length of the released config, in tokens. */
  maxContextTokens: z.number().int().positive(),
  /** Gated on Hugging Face: a hub token is needed to download. */
  gated: z.boolean(),
  specStatus: z.enum(FACT_STATUSES),
  source: z.string(),
});
/** A model row of `models.json`. */
export type ModelShape = z.infer<typeof ModelShapeSchema>;

/** Placeholder CNY-per-GPU-hour ranges for China regions where no quote exists (status `estimate`). */
export const PriceEstimatesSchema = z.strictObject({
  status: z.literal("estimate"),
  currency: z.literal("CNY"),
  source: z.string(),
  date: z.string(),
  note: z.string(),
  /** GPU key → [low, high] CNY per GPU-hour. */
  perGpuHour: z.record(z.string(), z.tuple([z.number().positive(), z.number().positive()])),
});
/** The `price-estimates.json` file. */
export type PriceEstimates = z.infer<typeof PriceEstimatesSchema>;

/** Exchange-rate assumption used to sum prices in different currencies. */
export const FxSchema = z.strictObject({
  /** CNY per USD. */
  usdCny: z.number().positive(),
  status: z.enum(["assumption", "verified"]),
  source: z.string(),
  date: z.string(),
});
/** The `fx.json` file. */
export type Fx = z.infer<typeof FxSchema>;

/**
 * Calibration of the performance model (`components/plan/performance.ts`) per engine and GPU
 * generation, with the published measurements it was fitted on. Shares are of datasheet figures.
 */
export const PerformanceFactorSchema = z.strictObject({
  /** Engine name, or `*` for any engine without its own row. */
  engine: z.string().min(1),
  /** GPU generation: `volta`, `turing`, `ampere`, `ada`, `hopper`, `blackwell`, or `*`. */
  generation: z.string().min(1),
  /** Share of datasheet memory bandwidth decode reaches (0–1). */
  bandwidthEfficiency: z.number().gt(0).max(1),
  /** Share of dense tensor TFLOPS prefill and large-batch decode reach (0–1). */
  computeEfficiency: z.number().gt(0).max(1),
  /** Fixed scheduler/launch cost per decode step, ms. */
  stepOverheadMs: z.number().min(0),
  /** Fixed cost added to every time to first token (request admission, first sampling step), ms. */
  requestOverheadMs: z.number().min(0),
  /** Source ids the factors were calibrated on. */
  sources: z.array(z.string()).min(1),
  note: z.string().optional(),
});
/** One row of `performance.json` `factors`. */
export type PerformanceFactor = z.infer<typeof PerformanceFactorSchema>;

/** Runtime memory overhead per GPU (CUDA context, NCCL, activations, CUDA graphs) by engine and TP. */
export const RuntimeOverheadSchema = z.strictObject({
  engine: z.string().min(1),
  /** GB (10^9 bytes) per GPU at tensor parallel 1. */
  tp1Gb: z.number().positive(),
  /** GB per GPU at tensor parallel ≥ 2 (NCCL buffers, custom all-reduce). */
  tpNGb: z.number().positive(),
  status: z.enum(FACT_STATUSES),
  source: z.string().min(1),
  note: z.string().optional(),
});
/** One row of `performance.json` `overheads`. */
export type RuntimeOverhead = z.infer<typeof RuntimeOverheadSchema>;

/** The `performance.json` file: efficiency factors, runtime overheads and interconnect assumptions. */
export const PerformanceDataSchema = z.strictObject({
  factors: z.array(PerformanceFactorSchema).min(1),
  overheads: z.array(RuntimeOverheadSchema).min(1),
  /** Tensor-parallel all-reduce: latency per call (µs) and effective bus bandwidth share, NVLink vs PCIe. */
  interconnect: z.strictObject({
    nvlinkLatencyUs: z.number().min(0),
    pcieLatencyUs: z.number().min(0),
    /** Effective all-reduce GB/s over PCIe per GPU. */
    pcieGBs: z.number().positive(),
    /** Share of the NVLink figure an all-reduce reaches. */
    nvlinkEfficiency: z.number().gt(0).max(1),
    source: z.string().min(1),
  }),
});
/** The `performance.json` file. */
export type PerformanceData = z.infer<typeof PerformanceDataSchema>;
