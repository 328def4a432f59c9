/**
 * Assembles the `#cloud-config` document with the `yaml` package (never by string concatenation):
 * `write_files` for scripts, units and env files, `runcmd` as argv lists, and `power_state` for the
 * install-driver reboot. Also sizes the root disk.
 */
import { Document, Scalar, YAMLSeq } from "yaml";

/** One `write_files` entry. */
export interface CloudFile {
  path: string;
  content: string;
  /** Octal mode as a string, e.g. `'0755'` (cloud-init's schema rejects numbers). */
  permissions: string;
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
      content.type = Scalar.BLOCK_LITERAL;
      return { path: f.path, owner: "root:root", permissions: f.permissions, content };
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

/** Disk sizing constants, GB. */
export const DISK_DEFAULTS = {
  /** OS, driver, CUDA from the cloud's installer, logs. */
  osGb: 30,
  /** Engine container image (vLLM/SGLang images are 10-20 GB unpacked). */
  imageGb: 20,
  /** Headroom on the weights (tokenizer, caches, partial downloads). */
  weightsFactor: 1.2,
  /** Sizes are rounded up to this step. */
  stepGb: 10,
} as const;

/**
 * Root volume in GB: `max(diskGb ?? 0, roundUp10(ceil(30 + 20 + weights × 1.2 (+ weights when the
 * weights are staged from object storage))))`.
 */
export function rootVolumeGb(weightsGb: number, objectStorage: boolean, diskGb?: number): number {
  if (!(weightsGb >= 0)) throw new Error(`weightsGb must be a non-negative number, got ${weightsGb}`);
  const d = DISK_DEFAULTS;
  const need = Math.ceil(d.osGb + d.imageGb + weightsGb * d.weightsFactor + (objectStorage ? weightsGb : 0));
  return Math.max(diskGb ?? 0, Math.ceil(need / d.stepGb) * d.stepGb);
}
