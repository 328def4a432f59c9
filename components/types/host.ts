/**
 * Plain types of the GPU offering a target runs on and how its hosts boot: shared by the planner,
 * the bootstrap renderer and the adapters. No Pulumi, no logic.
 */
import type { ResolvedPrice } from "../../catalog/price";

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
   * How the adapters send `userData`: `plain` (base64 of the text) or `gzip` (base64 of its gzip,
   * which cloud-init decompresses) when only compression fits the cloud's limit
   * (catalog/facts/user-data.ts). Set by the plan; absent (plain) on older plans and on Kubernetes.
   */
  userDataEncoding?: "plain" | "gzip";
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
