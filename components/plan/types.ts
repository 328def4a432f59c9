/**
 * Plain data the planner produces: one {@link TargetPlan} per target of the spec. No Pulumi types
 * here, so tests compare plans exactly and the CLI prints them without running a program.
 */
import type { Cloud, Currency, PriceStatus, Quantization, Residency } from "../../catalog/schema";
import type { ResolvedPrice } from "../../catalog/price";
import type { LoadBalancerPlan, NetworkPlan } from "./network";
import type { SecretPlan } from "./secrets";

export type { BackendAccessPlan, LoadBalancerPlan, NetworkPlan, SubnetPlan } from "./network";
export type { SecretPlan } from "./secrets";

/** Memory budget of one replica, in GB (10^9 bytes), summed over the replica's GPUs. */
export interface MemoryBudget {
  /** Model weights at the chosen quantization. */
  weightsGb: number;
  /** KV cache for `maxContextTokens × maxConcurrentRequests` tokens at the KV-cache dtype. */
  kvCacheGb: number;
  /** Activations, CUDA graphs, NCCL buffers and runtime: a fixed amount per GPU. */
  overheadGb: number;
  /** weights + KV cache + overhead. */
  requiredGb: number;
  /** What the engine may use: GPU memory × GPU count × the engine's memory fraction. */
  availableGb: number;
}

/** Where the model weights come from, resolved from `model.source`. */
export interface ModelSourcePlan {
  /** `huggingface` and `modelscope` download by hub id; `object-storage` syncs a bucket prefix to disk first. */
  kind: "huggingface" | "modelscope" | "object-storage";
  /** Hub repository id (for hub sources) or the bucket URI (`s3://`, `oss://`, `cos://`, `tos://`). */
  uri: string;
  /** Directory on the host the weights are staged in (object storage), or the hub cache directory. */
  hostPath: string;
  /** Where `hostPath` is mounted in the engine container: `/models` for hub caches, `/models/<name>` for staged weights. */
  containerPath?: string;
}

/** A secret the engine needs at run time. Its value never appears in a plan, command or user-data. */
export interface SecretRef {
  /** Environment variable the engine reads, e.g. `HF_TOKEN`, `VLLM_API_KEY`. */
  envVar: string;
  /** Logical name of the secret in the stack (`hubToken`, `apiKey`); the adapter stores it in the cloud's secret store. */
  secret: "hubToken" | "apiKey";
}

/** What an engine module renders: everything needed to run the engine container on a host or in a pod. */
export interface EngineRender {
  name: string;
  /** Full image reference with pinned tag, e.g. `vllm/vllm-openai:v0.11.0` (or the target's mirror). */
  image: string;
  /** Arguments after the image: the container command line. Never contains a secret value. */
  command: string[];
  /** Plain environment for the container. Never contains a secret value. */
  env: Record<string, string>;
  /** Secrets to inject as environment variables at run time. */
  secretEnv: SecretRef[];
  /** Port the engine listens on inside the container (published on the same host port). */
  port: number;
  /** HTTP path that returns 200 once the model is loaded. */
  readinessPath: string;
  /** HTTP path that returns 200 while the process is healthy. */
  livenessPath: string;
  /** Prometheus metrics path on the engine port, or null when the engine has none. */
  metricsPath: string | null;
  /** Extra `docker run` flags: shared memory (`--ipc=host`, `--shm-size`), ulimits. */
  dockerArgs: string[];
  /** Notes the user should read (maintenance mode, ignored settings). */
  warnings: string[];
}

/** The GPU offering chosen for a target. */
export interface OfferingPlan {
  instanceType: string;
  family: string;
  gpu: {
    /** GPU catalog key, e.g. `A10`. */
    model: string;
    /** GPUs per instance. */
    count: number;
    /** GB per GPU. */
    memoryGb: number;
    computeCapability: number;
    memoryBandwidthGBs: number;
  };
  vcpu: number | null;
  memoryGib: number | null;
  /** NVSwitch board: Fabric Manager must run. */
  nvswitch: boolean;
  /** Declared by the spec (instanceType + gpu + gpusPerReplica) rather than found in the catalog. */
  userDeclared: boolean;
  price: PricePlan;
}

/** Price of one instance-hour as resolved from the catalog (hourly null when unknown). */
export type PricePlan = ResolvedPrice;

/** How the host gets its GPU driver and container runtime. */
export type GpuImageStrategy =
  /** AWS Deep Learning Base OSS Nvidia Driver GPU AMI (driver, toolkit, Docker preinstalled), found via SSM. */
  | "aws-dlami"
  /** Alibaba Cloud's driver auto-install script from the internal mirror, run from user-data. */
  | "alicloud-auto-install"
  /** A GPU image with the driver preinstalled, found by the cloud's image look-up (Tencent, Volcano Engine). */
  | "cloud-gpu-image"
  /** Plain Ubuntu: install driver, nvidia-container-toolkit and Docker from user-data. */
  | "install-driver";

/** How the host boots: the image to look up and the cloud-init user-data to run. */
export interface BootstrapPlan {
  strategy: GpuImageStrategy;
  /**
   * Image look-up hint for the adapter (SSM parameter name, image name regex). `fallback` is a
   * second name regex the adapter queries only when `value` matches no image (`cloud-gpu-image`:
   * GPU image first, plain Ubuntu otherwise).
   */
  image: { lookup: "ssm-parameter" | "name-regex"; value: string; fallback?: string };
  /** NVIDIA driver branch installed or expected, e.g. `570`. */
  driverBranch: string;
  /** Root/system disk size in GB: `disk.rootVolumeGb` (image floor + engine image + weights with headroom). */
  rootVolumeGb: number;
  /**
   * The numbers the root disk is sized from, GB (10^9 bytes), from `catalog/facts/images.ts`, so a
   * deployability check can verify `root >= imageFloorGb + engineImageGb + weightsGb` and
   * `root >= snapshotGb`: `rootVolumeGb = max(diskGb, recommendedMinGb, roundUp10(imageFloorGb +
   * engineImageGb + weightsGb × weightsHeadroom + stagingGb))`.
   */
  disk: {
    /** Root snapshot of the boot image: the volume can never be smaller. */
    snapshotGb: number;
    /** Snapshot plus what the strategy installs (driver, CUDA, Docker). */
    imageFloorGb: number;
    /** Unpacked engine container image. */
    engineImageGb: number;
    weightsGb: number;
    /** Multiplier on the weights (tokenizer, caches, partial downloads): 1.2. */
    weightsHeadroom: number;
    /** Extra space for an object-storage sync (the weights again), else 0. */
    stagingGb: number;
    /** Vendor-recommended minimum root volume for the image (AWS Base DLAMI: 100), or null. */
    recommendedMinGb: number | null;
    rootVolumeGb: number;
    /** `unverified` when any number used is an estimate or a third-party report. */
    status: "verified" | "unverified";
    source: string;
  };
  /**
   * Instance metadata: the mode the hosts must be launched with and what the boot scripts do.
   * Adapters map `mode` to the cloud's setting (`token-required` → `httpTokens: "required"`,
   * `token-optional` → `"optional"`); a deployability check compares it with the recorded template.
   */
  metadata: {
    /** Base URL of metadata items, e.g. `http://100.100.100.200/latest/meta-data/`. */
    endpoint: string;
    mode: "token-required" | "token-optional";
    /** The scripts' `md` helper does the cloud's session-token flow (AWS IMDSv2, Alibaba hardened mode). */
    tokenFlow: boolean;
    /** Every metadata read of the kit's scripts goes through the helper and (where `tokenFlow`) sends a token; true when there are none. */
    scriptsUseToken: boolean;
    /** Metadata items the scripts read, e.g. `ram/security-credentials/`. */
    reads: string[];
    /** Tools run at boot that read metadata themselves without confirmed token support (they force `token-optional`). */
    plainModeTools: string[];
    /** Minimum cloud-init the image needs in `token-required` mode (Alibaba: 23.2.2), else null. */
    minCloudInit: string | null;
    /** Vendor page of the token flow (or of the metadata service). */
    source: string;
  };
  /** Registry host `prestart.sh` logs in to before the pull (credentials from the secret store), or null. */
  registryLogin: string | null;
  /** Notes for the target's plan warnings (e.g. why metadata stays token-optional). */
  warnings: string[];
  /** cloud-init user-data (`#cloud-config` YAML), free of secret values. */
  userData: string;
  /** Size of `userData` in bytes. */
  userDataBytes: number;
  /**
   * Seconds the kit's own units allow from boot to a ready engine before restarting it: the driver
   * wait where the strategy installs the driver at boot (2700) plus the engine's start-up allowance
   * (3600); the image pull and weight staging come on top (unbounded). Adapters must set the
   * health-check grace period of anything that replaces unhealthy hosts (AWS ASG, ESS, AS groups) to
   * at least this, or big models are replaced in a loop.
   */
  startBudgetSec: number;
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
  engine: EngineRender;
  bootstrap: BootstrapPlan;
  /** Registry mirror the engine image is pulled from, if any. */
  registryMirror: string | null;
  /** Cost of this target at `replicas.min` instances. */
  cost: { hourly: number | null; monthly: number | null; currency: Currency | null; status: PriceStatus };
  /** Offerings considered and why each lost (for `gpu: auto`). */
  alternatives: { instanceType: string; reason: string }[];
  warnings: string[];
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
