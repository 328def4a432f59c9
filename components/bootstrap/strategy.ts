/**
 * Which image a GPU host boots from and how it gets its NVIDIA driver, per cloud. The adapters
 * read `BootstrapPlan.strategy` and `BootstrapPlan.image` to look the image up; this module only
 * decides, it never calls a cloud API.
 */
import type { Cloud } from "../../catalog/schema";
import type { BootstrapPlan, GpuImageStrategy } from "../types/host";

/**
 * NVIDIA driver branch the kit installs or expects: `570`, a production branch that Ubuntu ships as
 * `-server` packages for jammy and noble, supports CUDA 12.8 (vLLM wheels, Blackwell) and keeps the
 * branch number in its package names (from 590 on NVIDIA drops it). Images that need CUDA 13
 * (e.g. Triton 26.05 TRT-LLM, driver 590.44+) need a newer branch: see the open points in the issue.
 */
export const DRIVER_BRANCH = "570";

/**
 * Driver branch each strategy installs or expects: the pinned {@link DRIVER_BRANCH} wherever the kit
 * installs the driver; for `aws-dlami` the branch the current DLAMI ships (595 in the 2026 builds,
 * a moving target since the SSM parameter tracks `latest`); for `cloud-gpu-image` the pinned branch
 * when the look-up falls back to plain Ubuntu (the setup script installs it), else whatever the GPU
 * image ships (not enforced: the image's name decides).
 */
export const EXPECTED_DRIVER_BRANCH: Record<GpuImageStrategy, string> = {
  "aws-dlami": "595",
  "alicloud-auto-install": DRIVER_BRANCH,
  "cloud-gpu-image": DRIVER_BRANCH,
  "install-driver": DRIVER_BRANCH,
};

/**
 * Versions passed to Alibaba Cloud's `auto_install_v4.0.sh` (DRIVER CUDA CUDNN), the example set
 * Alibaba documents for the 570 branch.
 */
export const ALICLOUD_AUTO_INSTALL = {
  script: "auto_install_v4.0.sh",
  driver: "570.133.20",
  cuda: "12.8.1",
  cudnn: "9.8.0.87",
  rdma: "FALSE",
  erdma: "FALSE",
} as const;

/**
 * SSM parameter of the AWS Deep Learning Base OSS Nvidia Driver GPU AMI (Ubuntu 22.04, x86_64),
 * pattern `/aws/service/deeplearning/ami/$arch/$ami_type/latest/ami-id` where ami_type is the AMI
 * name ("Deep Learning Base OSS Nvidia Driver GPU AMI (Ubuntu 22.04)") without "deep", "learning",
 * "ami". The find-dlami-id page's example omits `-gpu-`; the pattern rule and the AMI release notes
 * include it, so this is the form used.
 */
export const AWS_DLAMI_SSM_PARAMETER =
  "/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-22.04/latest/ami-id";

/** Canonical's public SSM parameter for plain Ubuntu 22.04 amd64 (install-driver fallback on AWS). */
export const AWS_UBUNTU_SSM_PARAMETER =
  "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id";

/**
 * Image name regexes for the clouds' image look-ups. Plain Ubuntu 22.04 public images
 * (`ubuntu_22_04_x64_20G_alibase_…` on Alibaba, `Ubuntu Server 22.04 LTS 64位` on Tencent,
 * `Ubuntu 22.04 64 bit` on Volcano Engine) and, for `cloud-gpu-image`, public images whose name
 * mentions a preinstalled GPU driver (unverified: when no image matches, the adapters fall back to
 * the plain Ubuntu regex and the setup script installs the pinned driver).
 */
export const IMAGE_NAME_REGEX = {
  alicloud: { ubuntu: "^ubuntu_22_04_x64" },
  tencentcloud: { ubuntu: "^Ubuntu Server 22\\.04 LTS 64", gpu: "^Ubuntu Server 22\\.04 LTS 64.*GPU" },
  volcengine: { ubuntu: "^Ubuntu 22\\.04 64 ?bit", gpu: "^Ubuntu 22\\.04 .*GPU Driver" },
} as const;

/**
 * Default strategy per cloud:
 * - `aws` → `aws-dlami` (driver, toolkit and Docker preinstalled, AMI found via SSM);
 * - `alicloud` → `alicloud-auto-install` (Alibaba's script from the in-VPC mirror, no internet egress);
 * - `tencentcloud`, `volcengine` → `cloud-gpu-image`: the adapter looks up a public GPU image
 *   (driver preinstalled) first and plain Ubuntu 22.04 when none matches; the setup script checks
 *   `nvidia-smi -L` on the host and installs the pinned `-server` driver (as `install-driver` does)
 *   only when the image has none. `install-driver` stays available as an explicit override.
 */
export const DEFAULT_STRATEGY: Record<Cloud, GpuImageStrategy> = {
  aws: "aws-dlami",
  alicloud: "alicloud-auto-install",
  tencentcloud: "cloud-gpu-image",
  volcengine: "cloud-gpu-image",
};

/** Strategies each cloud supports; `install-driver` works everywhere. */
export const SUPPORTED_STRATEGIES: Record<Cloud, readonly GpuImageStrategy[]> = {
  aws: ["aws-dlami", "install-driver"],
  alicloud: ["alicloud-auto-install", "install-driver"],
  tencentcloud: ["cloud-gpu-image", "install-driver"],
  volcengine: ["cloud-gpu-image", "install-driver"],
};

/** Resolves the strategy: `requested` when given (it must be supported on `cloud`), else the default. */
export function chooseStrategy(cloud: Cloud, requested?: GpuImageStrategy): GpuImageStrategy {
  const strategy = requested ?? DEFAULT_STRATEGY[cloud];
  if (!SUPPORTED_STRATEGIES[cloud].includes(strategy)) {
    throw new Error(
      `bootstrap strategy ${strategy} is not supported on ${cloud}; use one of ${SUPPORTED_STRATEGIES[cloud].join(", ")}`,
    );
  }
  return strategy;
}

/**
 * Image look-up hint for the adapter: an SSM parameter on AWS, a name regex elsewhere. For
 * `cloud-gpu-image` the GPU image regex, with the plain Ubuntu regex as `fallback` (queried only
 * when the GPU regex matches no image).
 */
export function imageLookup(cloud: Cloud, strategy: GpuImageStrategy): BootstrapPlan["image"] {
  if (cloud === "aws") {
    const value = strategy === "aws-dlami" ? AWS_DLAMI_SSM_PARAMETER : AWS_UBUNTU_SSM_PARAMETER;
    return { lookup: "ssm-parameter", value };
  }
  if (cloud === "alicloud") return { lookup: "name-regex", value: IMAGE_NAME_REGEX.alicloud.ubuntu };
  const regex = IMAGE_NAME_REGEX[cloud];
  return strategy === "cloud-gpu-image"
    ? { lookup: "name-regex", value: regex.gpu, fallback: regex.ubuntu }
    : { lookup: "name-regex", value: regex.ubuntu };
}
