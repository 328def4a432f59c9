/**
 * Assembles the `#cloud-config` document with the `yaml` package (never by string concatenation):
 * `write_files` for scripts, units and env files, `runcmd` as argv lists, and `power_state` for the
 * install-driver reboot. Also sizes the root disk from the image and engine facts ({@link planDisk}).
 */
import { Document, Scalar, YAMLSeq } from "yaml";
import { DEFAULT_ENGINE_IMAGE, ENGINE_IMAGES, imageFloor, WEIGHTS_HEADROOM } from "../../catalog/facts/images";
import type { Cloud } from "../../catalog/schema";
import type { BootstrapPlan, GpuImageStrategy } from "../types/host";

/** One `write_files` entry. */
export interface CloudFile {
  path: string;
  content: string;
  /** Octal mode as a string, e.g. `'0755'` (cloud-init's schema rejects numbers). */
  permissions: string;
  /** `gz+b64`: `content` is gzip then base64 (cloud-init decodes it); plain text when absent. */
  encoding?: "gz+b64";
}

/** Inputs of {@link renderCloudConfig}. */
export interface CloudConfigParts {
  files: CloudFile[];
  /** Each command is an argv list (no shell). */
  runcmd: string[][];
  /** Reboot at the end of cloud-init when this shell condition holds (install-driver). */
  rebootCondition?: string;
}

/** AWS's user-data limit (raw, before base64), which the kit applies to every cloud: 16384 bytes. */
export const USER_DATA_LIMIT_BYTES = 16384;

/** Renders the user-data: `#cloud-config` header, then YAML with literal blocks for file contents. */
export function renderCloudConfig(parts: CloudConfigParts): string {
  const doc = new Document({
    write_files: parts.files.map((f) => {
      const content = new Scalar(f.content);
      content.type = f.encoding ? Scalar.PLAIN : Scalar.BLOCK_LITERAL;
      return { path: f.path, owner: "root:root", permissions: f.permissions, ...(f.encoding ? { encoding: f.encoding } : {}), content };
    }),
    runcmd: parts.runcmd.map((argv) => {
      const seq = new YAMLSeq();
      seq.items = [...argv];
      seq.flow = true;
      return seq;
    }),
    ...(parts.rebootCondition
      ? {
          power_state: {
            mode: "reboot",
            message: "gpukit: rebooting to load the NVIDIA driver",
            timeout: 60,
            condition: parts.rebootCondition,
          },
        }
      : {}),
  });
  const body = doc.toString({ lineWidth: 0, indent: 2, indentSeq: false });
  return `#cloud-config\n${body}`;
}

/** Root volume sizes are rounded up to this step, GB. */
export const DISK_STEP_GB = 10;

/** Inputs of {@link planDisk}. */
export interface DiskInput {
  cloud: Cloud;
  strategy: GpuImageStrategy;
  /** Engine name (`vllm`, `sglang`, ...) to look its image size up. */
  engine: string;
  /** Model weights, GB. */
  weightsGb: number;
  /** Weights staged from object storage (an extra copy's worth of space for the sync). */
  objectStorage: boolean;
  /** Explicit root disk size in GB; the computed size wins when it is larger. */
  diskGb?: number;
}

/**
 * Root volume and the numbers it is made of, GB (10^9 bytes), from `catalog/facts/images.ts`:
 * `rootVolumeGb = max(diskGb ?? 0, recommendedMinGb ?? 0, roundUp10(ceil(imageFloorGb + engineImageGb
 * + weightsGb × 1.2 + stagingGb)))`, where `imageFloorGb` is the boot image's snapshot plus what the
 * strategy installs, and `stagingGb` equals the weights when they are synced from object storage.
 */
export function planDisk(i: DiskInput): BootstrapPlan["disk"] {
  if (!(i.weightsGb >= 0)) throw new Error(`weightsGb must be a non-negative number, got ${i.weightsGb}`);
  const floor = imageFloor(i.cloud, i.strategy);
  const image = ENGINE_IMAGES[i.engine] ?? DEFAULT_ENGINE_IMAGE;
  const imageFloorGb = floor.snapshotGb + floor.installsGb;
  const stagingGb = i.objectStorage ? i.weightsGb : 0;
  const need = Math.ceil(imageFloorGb + image.sizeGb + i.weightsGb * WEIGHTS_HEADROOM + stagingGb);
  const rootVolumeGb = Math.max(i.diskGb ?? 0, floor.recommendedMinGb ?? 0, Math.ceil(need / DISK_STEP_GB) * DISK_STEP_GB);
  const unverified = [floor.snapshot, floor.installs, image].some((p) => p.status !== "verified");
  return {
    snapshotGb: floor.snapshotGb,
    imageFloorGb,
    engineImageGb: image.sizeGb,
    weightsGb: i.weightsGb,
    weightsHeadroom: WEIGHTS_HEADROOM,
    stagingGb,
    recommendedMinGb: floor.recommendedMinGb,
    rootVolumeGb,
    status: unverified ? "unverified" : "verified",
    source: `catalog/facts/images.ts: ${i.cloud}/${i.strategy} (${floor.snapshot.source}); engine image (${image.source})`,
  };
}
