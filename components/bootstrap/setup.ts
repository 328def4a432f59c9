/**
 * The once-per-instance host setup script (`/usr/local/lib/gpukit/setup.sh`) per strategy: NVIDIA
 * driver, Docker, nvidia-container-toolkit wired into Docker, Fabric Manager on NVSwitch boards.
 * Everything else (secrets, weights, the engine) runs from systemd on every boot.
 */
import type { Cloud, Residency } from "../../catalog/schema";
import type { GpuImageStrategy } from "../types/host";
import { METADATA_HELPER, metadataHelper } from "./metadata";
import { shellJoin, shellQuote } from "./shell";
import { ALICLOUD_AUTO_INSTALL, DRIVER_BRANCH } from "./strategy";

/** Directory the bootstrap scripts are written to. */
export const SCRIPT_DIR = "/usr/local/lib/gpukit";
/** Flag file `setup.sh` touches when the new kernel module cannot load without a reboot; cloud-init's `power_state` reboots on it. */
export const REBOOT_FLAG = "/run/gpukit/reboot";
/** Log of Alibaba's auto-install script; it ends with `ALL INSTALL OK` or `INSTALL FAIL`. */
export const ALICLOUD_AUTO_INSTALL_LOG = "/root/auto_install/auto_install.log";

/** Apt repository bases of the NVIDIA container toolkit, by where the host is. */
export const TOOLKIT_REPO = {
  /** NVIDIA's repository (outside mainland China). */
  nvidia: "https://nvidia.github.io/libnvidia-container",
  /** Alibaba's in-VPC mirror (every Alibaba Cloud region; flat `stable/deb/<arch>` layout, unverified for this host). */
  alicloudVpc: "http://mirrors.cloud.aliyuncs.com/libnvidia-container",
  /** Alibaba's public mirror, used from other clouds' mainland regions where GitHub Pages is unreliable. */
  aliyunPublic: "https://mirrors.aliyun.com/libnvidia-container",
} as const;

/** Alibaba's in-VPC mirror of Docker CE (same layout as download.docker.com). */
export const ALICLOUD_DOCKER_MIRROR = "http://mirrors.cloud.aliyuncs.com/docker-ce/linux/ubuntu";

/** Inputs of {@link renderSetupScript}. */
export interface SetupOptions {
  cloud: Cloud;
  residency: Residency;
  strategy: GpuImageStrategy;
  /** NVSwitch board: install/enable Fabric Manager matching the driver branch. */
  nvswitch: boolean;
  /** GPU compute capability: Blackwell (≥ 10) requires the open kernel modules. */
  computeCapability: number;
}

/** Toolkit repository base for a host: Alibaba's VPC mirror on Alibaba Cloud, its public mirror elsewhere in mainland China, NVIDIA's otherwise. */
export function toolkitRepo(cloud: Cloud, residency: Residency): string {
  if (cloud === "alicloud") return TOOLKIT_REPO.alicloudVpc;
  return residency === "cn" ? TOOLKIT_REPO.aliyunPublic : TOOLKIT_REPO.nvidia;
}

/** Ubuntu archive packages of the pinned driver branch (headless `-server`, `-open` for Blackwell). */
export function driverPackages(branch: string, computeCapability: number, nvswitch: boolean): string[] {
  const open = computeCapability >= 10 ? "-open" : "";
  const pkgs = [`nvidia-headless-${branch}-server${open}`, `nvidia-utils-${branch}-server`];
  if (nvswitch) pkgs.push(`nvidia-fabricmanager-${branch}`, `libnvidia-nscq-${branch}`);
  return pkgs;
}

const HEADER = [
  "#!/bin/bash",
  "set -euo pipefail",
  "export DEBIAN_FRONTEND=noninteractive",
  "D=/var/lib/gpukit/setup.done",
  '[ -e "$D" ] && exit 0',
  'a() { apt-get -o DPkg::Lock::Timeout=600 -yq "$@"; }',
];

/** Adds the toolkit apt source (keyring + list) for repository base `repo`. */
function toolkitSource(repo: string): string[] {
  return [
    `T=${shellQuote(repo)}`,
    "K=/usr/share/keyrings/nvidia-container-toolkit-keyring.gpg",
    'curl -fsSL --retry 5 "$T/gpgkey" | gpg --dearmor --yes -o "$K"',
    'echo "deb [signed-by=$K] $T/stable/deb/\\$(ARCH) /" >/etc/apt/sources.list.d/nvidia-container-toolkit.list',
  ];
}

const CONFIGURE_DOCKER = [
  "if ! grep -qs nvidia /etc/docker/daemon.json; then",
  "  nvidia-ctk runtime configure --runtime=docker",
  "  systemctl restart docker",
  "fi",
];

const DONE = ['mkdir -p "${D%/*}"', 'touch "$D"'];

/** Indents script lines by two spaces (a block inside `if`). */
function indent(lines: string[]): string[] {
  return lines.map((l) => `  ${l}`);
}

/**
 * The pinned driver install, shared by `install-driver` and the no-driver branch of
 * `cloud-gpu-image`: the `-server` driver branch (DKMS), Docker and the toolkit, Fabric Manager on
 * NVSwitch boards, persistence, and the reboot flag when the module cannot load yet.
 */
export function driverInstallLines(o: SetupOptions): string[] {
  const pkgs = driverPackages(DRIVER_BRANCH, o.computeCapability, o.nvswitch);
  return [
    `# NVIDIA ${DRIVER_BRANCH}-server driver (DKMS), Docker and the toolkit`,
    "a update",
    "a install --no-install-recommends ca-certificates curl gnupg",
    ...toolkitSource(toolkitRepo(o.cloud, o.residency)),
    "a update",
    `P=(${shellJoin(pkgs)})`,
    'a install --no-install-recommends "linux-headers-$(uname -r)" "${P[@]}" docker.io nvidia-container-toolkit',
    'apt-mark hold "${P[@]}"',
    "nvidia-ctk runtime configure --runtime=docker",
    "systemctl restart docker",
    "systemctl enable nvidia-persistenced || true",
    ...(o.nvswitch ? ["systemctl enable nvidia-fabricmanager"] : []),
    "# reboot (cloud-init power_state) when the module cannot load yet, e.g. nouveau is bound",
    "if ! { modprobe nvidia && nvidia-smi -L; }; then",
    `  mkdir -p /run/gpukit && touch ${REBOOT_FLAG}`,
    "fi",
  ];
}

/** The setup script for one host: bash, idempotent (a marker skips it once it has completed). */
export function renderSetupScript(o: SetupOptions): string {
  const lines = [...HEADER];
  const fm = o.nvswitch ? ["systemctl enable --now nvidia-fabricmanager"] : [];
  switch (o.strategy) {
    case "aws-dlami":
      // Driver, toolkit, Docker (and Fabric Manager on P4d/P5) ship with the AMI.
      lines.push("# DLAMI: driver, toolkit and Docker are preinstalled", ...CONFIGURE_DOCKER, ...fm);
      break;
    case "cloud-gpu-image":
      lines.push(
        "# GPU image (driver preinstalled): add Docker and the toolkit when missing;",
        "# plain Ubuntu (the look-up's fallback, no driver): install the pinned driver as install-driver does",
        "if nvidia-smi -L >/dev/null 2>&1; then",
        ...indent([
          "P=()",
          "command -v docker >/dev/null || P+=(docker.io)",
          "if ! command -v nvidia-ctk >/dev/null; then",
          ...indent([...toolkitSource(toolkitRepo(o.cloud, o.residency)), "P+=(nvidia-container-toolkit)"]),
          "fi",
          'if [ "${#P[@]}" -gt 0 ]; then a update; a install --no-install-recommends "${P[@]}"; fi',
          ...CONFIGURE_DOCKER,
          ...fm,
        ]),
        "else",
        ...indent(driverInstallLines(o)),
        "fi",
      );
      break;
    case "alicloud-auto-install": {
      const ai = ALICLOUD_AUTO_INSTALL;
      const args = shellJoin([ai.driver, ai.cuda, ai.cudnn, ai.rdma, ai.erdma]);
      lines.push(
        "# Docker CE and the toolkit from Alibaba's in-VPC mirror (no internet egress for packages;",
        "# the engine image still comes from its registry: set registryMirror in mainland regions)",
        "a update",
        "a install --no-install-recommends ca-certificates curl gnupg",
        `M=${ALICLOUD_DOCKER_MIRROR}`,
        'curl -fsSL --retry 5 "$M/gpg" | gpg --dearmor --yes -o /usr/share/keyrings/docker.gpg',
        "C=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)",
        'echo "deb [signed-by=/usr/share/keyrings/docker.gpg] $M $C stable" >/etc/apt/sources.list.d/docker.list',
        ...toolkitSource(TOOLKIT_REPO.alicloudVpc),
        "a update",
        "a install --no-install-recommends docker-ce nvidia-container-toolkit",
        ...CONFIGURE_DOCKER,
        "# NVIDIA driver + CUDA + cuDNN: Alibaba's auto-install (10-20 min, reboots when done)",
        `L=${ALICLOUD_AUTO_INSTALL_LOG}`,
        ...metadataHelper(o.cloud),
        'if ! grep -qs "ALL INSTALL OK" "$L"; then',
        `  S=${ai.script}`,
        `  U="$(${METADATA_HELPER} source-address | head -1)"`,
        '  rm -rf "${L%/*}" && mkdir -p "${L%/*}" && cd "${L%/*}"',
        '  curl -fsSL --retry 10 -o "$S" "$U/opsx/ecs/linux/binary/script/$S"',
        `  bash "$S" ${args}`,
        "fi",
        ...(o.nvswitch ? ["systemctl enable nvidia-fabricmanager || echo 'gpukit: no nvidia-fabricmanager unit'"] : []),
      );
      break;
    }
    case "install-driver":
      lines.push(...driverInstallLines(o));
      break;
  }
  lines.push(...DONE);
  return `${lines.join("\n")}\n`;
}
