/**
 * Disk facts of the host bootstrap, as data: how much of the root disk the boot image and what the
 * strategy installs take (per cloud × strategy), and how large each engine's container image is
 * unpacked. The bootstrap sizes the root volume from them (`BootstrapPlan.disk`) and the
 * deployability checks verify `root >= image floor + engine image + weights` against the same table.
 * All sizes are GB (10^9 bytes).
 */
import type { Cloud } from "../schema";
import type { Provenance } from "./verification";

/** The boot image of one cloud × strategy and what the strategy adds on the root disk. */
export interface ImageFloorFact {
  /** Root snapshot / system image size: the volume can never be smaller. */
  snapshotGb: number;
  snapshot: Provenance;
  /** Space the setup script adds (driver, CUDA, Docker, toolkit, apt caches); 0 when preinstalled. */
  installsGb: number;
  installs: Provenance;
  /** Smallest root volume the vendor recommends for this image, when it says one (else the snapshot). */
  recommendedMinGb: number | null;
}

/** Key of {@link IMAGE_FLOORS}: `<cloud>/<strategy>`. */
export type ImageFloorKey =
  | "aws/aws-dlami"
  | "aws/install-driver"
  | "alicloud/alicloud-auto-install"
  | "alicloud/install-driver"
  | "tencentcloud/cloud-gpu-image"
  | "tencentcloud/install-driver"
  | "volcengine/cloud-gpu-image"
  | "volcengine/install-driver";

const DRIVER_INSTALL: Provenance = {
  source: "estimate: nvidia-headless-570-server DKMS + headers + docker.io + nvidia-container-toolkit + apt caches (kit's former osGb budget of 30 GB for OS and driver)",
  status: "unverified",
};

const TENCENT_IMAGE: Provenance = {
  source: "Tencent public Linux images need a system disk of at least 20 GB (components/tencentcloud/host-group.ts: cloud-disk system disks 20-1024 GB); GPU-driver images not measured",
  status: "unverified",
};

const VOLCENGINE_IMAGE: Provenance = {
  source: "Volcano Engine public Ubuntu 22.04 image: console default system volume 40 GiB assumed (the adapter's ESSD_PL0 floor is 20); not confirmed in the docs",
  status: "unverified",
};

/** Image floors per cloud and strategy. */
export const IMAGE_FLOORS: Record<ImageFloorKey, ImageFloorFact> = {
  "aws/aws-dlami": {
    snapshotGb: 75,
    snapshot: {
      source:
        "real-path review aws-alicloud #4 (DLAMI root snapshot reported at 75 GB; exact size of today's x86 Ubuntu 22.04 build unverified: aws ec2 describe-images); https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/ec2/image/block_device_mappings.html (volume >= snapshot)",
      status: "unverified",
    },
    installsGb: 0,
    installs: { source: "DLAMI ships driver, CUDA 12.8-13.2, Docker and the toolkit (engines.md §3.3)", status: "verified" },
    recommendedMinGb: 100,
  },
  "aws/install-driver": {
    snapshotGb: 8,
    snapshot: { source: "Canonical Ubuntu 22.04 AMIs register an 8 GB root snapshot (not read from here)", status: "unverified" },
    installsGb: 22,
    installs: DRIVER_INSTALL,
    recommendedMinGb: null,
  },
  "alicloud/alicloud-auto-install": {
    snapshotGb: 20,
    snapshot: { source: "image id ubuntu_22_04_x64_20G_alibase_<date>.vhd (the `20G` in Alibaba's public image name)", status: "verified" },
    installsGb: 15,
    installs: {
      source: "estimate: driver 570.133.20 + CUDA 12.8.1 toolkit + cuDNN 9.8.0.87 from auto_install_v4.0.sh, plus docker-ce and the toolkit",
      status: "unverified",
    },
    recommendedMinGb: null,
  },
  "alicloud/install-driver": {
    snapshotGb: 20,
    snapshot: { source: "image id ubuntu_22_04_x64_20G_alibase_<date>.vhd", status: "verified" },
    installsGb: 10,
    installs: DRIVER_INSTALL,
    recommendedMinGb: null,
  },
  "tencentcloud/cloud-gpu-image": { snapshotGb: 20, snapshot: TENCENT_IMAGE, installsGb: 10, installs: DRIVER_INSTALL, recommendedMinGb: null },
  "tencentcloud/install-driver": { snapshotGb: 20, snapshot: TENCENT_IMAGE, installsGb: 10, installs: DRIVER_INSTALL, recommendedMinGb: null },
  "volcengine/cloud-gpu-image": { snapshotGb: 40, snapshot: VOLCENGINE_IMAGE, installsGb: 10, installs: DRIVER_INSTALL, recommendedMinGb: null },
  "volcengine/install-driver": { snapshotGb: 40, snapshot: VOLCENGINE_IMAGE, installsGb: 10, installs: DRIVER_INSTALL, recommendedMinGb: null },
};

/** The floor fact for `cloud` × `strategy`; throws for a pair the kit does not support. */
export function imageFloor(cloud: Cloud, strategy: string): ImageFloorFact {
  const fact = (IMAGE_FLOORS as Record<string, ImageFloorFact | undefined>)[`${cloud}/${strategy}`];
  if (!fact) throw new Error(`no image floor for ${cloud}/${strategy}`);
  return fact;
}

/** Unpacked size of an engine's container image (what `docker pull` leaves on disk). */
export interface EngineImageFact extends Provenance {
  sizeGb: number;
}

/** Engine image sizes by engine name; {@link DEFAULT_ENGINE_IMAGE} for anything else. */
export const ENGINE_IMAGES: Record<string, EngineImageFact> = {
  vllm: {
    sizeGb: 30,
    source: "https://github.com/vllm-project/vllm/pull/22377 (vllm-openai:latest 28.6 GB, Dec 2025); https://github.com/vllm-project/vllm/issues/17163 (up to 25 GB)",
    status: "unverified",
  },
  sglang: { sizeGb: 30, source: "estimate: CUDA + PyTorch + FlashInfer, like vllm-openai", status: "unverified" },
  "tensorrt-llm": { sizeGb: 40, source: "estimate: NGC TensorRT-LLM release images (CUDA devel base + TensorRT)", status: "unverified" },
  tgi: { sizeGb: 20, source: "estimate: CUDA runtime + PyTorch", status: "unverified" },
  torchserve: { sizeGb: 30, source: "estimate: built from pytorch/serve docker/Dockerfile.vllm (vLLM inside)", status: "unverified" },
  ollama: { sizeGb: 5, source: "estimate: ollama/ollama (bundled CUDA libraries)", status: "unverified" },
  "llama-cpp": { sizeGb: 5, source: "estimate: ghcr.io/ggml-org/llama.cpp server-cuda (CUDA runtime libraries)", status: "unverified" },
};

/** Used for an engine missing from {@link ENGINE_IMAGES}: the largest common serving image. */
export const DEFAULT_ENGINE_IMAGE: EngineImageFact = { sizeGb: 30, source: "estimate: vllm-openai size", status: "unverified" };

/** Multiplier on the weights for tokenizer files, caches and partial downloads. */
export const WEIGHTS_HEADROOM = 1.2;
