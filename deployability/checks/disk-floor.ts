/**
 * `disk-floor`: the recorded root/system disk holds the boot image's snapshot (the cloud refuses a
 * smaller volume), what the bootstrap installs, the engine image and the weights (real-path review
 * aws-alicloud #4). Tencent fixed-size hosts keep the weights on a data disk: there the system disk
 * must hold image + engine image and the data disk the weights.
 *
 * The numbers come from the plan's `bootstrap.disk` facts when the plan has them; otherwise from
 * `catalog/facts/images.ts` (image floors, engine image sizes, weights headroom) and
 * `plan.memory.weightsGb`.
 */
import { DEFAULT_ENGINE_IMAGE, ENGINE_IMAGES, imageFloor, WEIGHTS_HEADROOM } from "../../catalog/facts/images";
import type { TargetPlan } from "../../components/plan/types";
import { DISK_FACTS } from "../facts";
import { hostTemplates } from "../hosts";
import { asNumber, handle, readPath, RunIndex, targetScopes } from "../scope";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note, RecordedResourceLike } from "../types";

const ID = "disk-floor" as const;

/** What the disk must hold, GB. */
export interface DiskNeed {
  /** The boot image's root snapshot: the cloud refuses a smaller root volume. */
  snapshotGb: number;
  /** Snapshot plus what the bootstrap installs on the root disk. */
  imageFloorGb: number;
  engineImageGb: number;
  /** Weights × headroom, plus the staging copy for object-storage sources. */
  weightsNeedGb: number;
  /** Where the numbers come from. */
  source: string;
}

/** The disk need of a target: from `bootstrap.disk` when the plan has it, else from the catalog facts. */
export function diskNeed(plan: TargetPlan): DiskNeed | { error: string } {
  const disk = (plan.bootstrap as { disk?: Record<string, unknown> }).disk;
  if (disk && typeof disk === "object") {
    const n = (k: string) => asNumber(disk[k]);
    const imageFloorGb = n("imageFloorGb");
    const engineImageGb = n("engineImageGb");
    const weightsGb = n("weightsGb");
    if (imageFloorGb !== undefined && engineImageGb !== undefined && weightsGb !== undefined) {
      const headroom = n("weightsHeadroom") ?? 1;
      return {
        snapshotGb: n("snapshotGb") ?? imageFloorGb,
        imageFloorGb,
        engineImageGb,
        weightsNeedGb: weightsGb * headroom + (n("stagingGb") ?? 0),
        source: `plan.bootstrap.disk (${typeof disk.source === "string" ? disk.source : "no source"})`,
      };
    }
  }
  let floor;
  try {
    floor = imageFloor(plan.placement.cloud, plan.bootstrap.strategy);
  } catch (e) {
    return { error: (e as Error).message };
  }
  const image = ENGINE_IMAGES[plan.engine.name] ?? DEFAULT_ENGINE_IMAGE;
  const weightsGb = plan.memory.weightsGb;
  return {
    snapshotGb: floor.snapshotGb,
    imageFloorGb: floor.snapshotGb + floor.installsGb,
    engineImageGb: image.sizeGb,
    weightsNeedGb: weightsGb * WEIGHTS_HEADROOM + (plan.modelSource.kind === "object-storage" ? weightsGb : 0),
    source: `catalog/facts/images.ts ${plan.placement.cloud}/${plan.bootstrap.strategy} (snapshot: ${floor.snapshot.source}; engine image: ${image.source})`,
  };
}

/** Root disk size (GB) a host template asks for, or undefined when it sets none (AWS: the AMI's snapshot size applies). */
export function rootDiskGb(r: RecordedResourceLike): number | undefined {
  if (r.type === "aws:ec2/launchTemplate:LaunchTemplate") {
    const maps = Array.isArray(r.inputs.blockDeviceMappings) ? (r.inputs.blockDeviceMappings as Record<string, unknown>[]) : [];
    const root = maps.find((m) => m.deviceName === "/dev/sda1" || m.deviceName === "/dev/xvda") ?? maps[0];
    return asNumber(readPath(root, "ebs.volumeSize"));
  }
  const cloud = Object.values(DISK_FACTS).find((f) => f.templates[r.type]);
  const spec = cloud?.templates[r.type];
  if (!spec) return undefined;
  return asNumber(readPath(r.inputs, spec.root)) ?? (r.type === "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate" ? asNumber(r.inputs.systemDiskSize) : undefined);
}

/** Sizes (GB) of a host template's data disks, in order. */
export function dataDisksGb(r: RecordedResourceLike): number[] {
  const cloud = Object.values(DISK_FACTS).find((f) => f.templates[r.type]);
  const spec = cloud?.templates[r.type];
  if (!spec?.dataDisks || !spec.dataDiskSize) return [];
  const disks = r.inputs[spec.dataDisks];
  return Array.isArray(disks) ? disks.map((d) => asNumber((d as Record<string, unknown>)?.[spec.dataDiskSize!]) ?? 0) : [];
}

const gb = (x: number) => Math.ceil(x);

export const diskFloor: DeployabilityCheck = {
  id: ID,
  description: "The recorded root/system disk (and the weights data disk where the cloud uses one) holds the image snapshot, the bootstrap's installs, the engine image and the weights.",
  remediation: "Size the root disk from plan.bootstrap.disk.rootVolumeGb (image floor + engine image + weights × headroom), never below the image's snapshot.",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    const notes: Note[] = [];
    for (const scope of targetScopes(run, index)) {
      if (!scope.component) continue;
      const { plan } = scope;
      const target = plan.name;
      const need = diskNeed(plan);
      if ("error" in need) {
        notes.push({ check: ID, target, message: `disk need unknown: ${need.error}` });
        continue;
      }
      const total = gb(need.imageFloorGb + need.engineImageGb + need.weightsNeedGb);
      const parts = `image floor ${need.imageFloorGb} GB + engine image ${need.engineImageGb} GB + weights ${need.weightsNeedGb.toFixed(1)} GB`;
      const onData = DISK_FACTS[plan.placement.cloud].weightsOnDataDisk;
      for (const t of hostTemplates(scope)) {
        const r = t.resource;
        const root = rootDiskGb(r);
        const data = onData ? dataDisksGb(r) : [];
        if (root === undefined) {
          if (r.type === "aws:ec2/launchTemplate:LaunchTemplate" || r.type === "aws:ec2/instance:Instance") {
            findings.push({
              check: ID,
              target,
              resource: handle(r),
              message: `${r.name} sets no root volume size, so the root volume is the AMI's snapshot (${need.snapshotGb} GB), below the ${total} GB needed (${parts}; ${need.source})`,
              fix: `add a root block device mapping (/dev/sda1, gp3) with volumeSize >= ${total} to ${r.name} (plan.bootstrap.disk.rootVolumeGb)`,
            });
          } else notes.push({ check: ID, target, message: `${r.name}: no system disk size recorded; disk not checked` });
          continue;
        }
        if (root < need.snapshotGb) {
          findings.push({
            check: ID,
            target,
            resource: handle(r),
            message: `${r.name} asks for a ${root} GB root disk, smaller than the image's ${need.snapshotGb} GB snapshot: the cloud refuses the launch (${need.source})`,
            fix: `set the root disk of ${r.name} to at least ${Math.max(total, need.snapshotGb)} GB (plan.bootstrap.disk.rootVolumeGb)`,
          });
          continue;
        }
        if (data.length && data[0]! > 0) {
          const systemNeed = gb(need.imageFloorGb + need.engineImageGb);
          const weightsNeed = gb(need.weightsNeedGb);
          if (root < systemNeed) {
            findings.push({
              check: ID,
              target,
              resource: handle(r),
              message: `${r.name} has a ${root} GB system disk; image floor ${need.imageFloorGb} GB + engine image ${need.engineImageGb} GB need ${systemNeed} GB (${need.source})`,
              fix: `set systemDiskSize >= ${systemNeed} on ${r.name}`,
            });
          }
          if (data[0]! < weightsNeed) {
            findings.push({
              check: ID,
              target,
              resource: handle(r),
              message: `${r.name} has a ${data[0]} GB weights data disk; the weights need ${weightsNeed} GB (${need.source})`,
              fix: `size the first data disk of ${r.name} to at least ${weightsNeed} GB`,
            });
          }
          continue;
        }
        if (root < total) {
          findings.push({
            check: ID,
            target,
            resource: handle(r),
            message: `${r.name} asks for a ${root} GB root disk; it must hold ${parts} = ${total} GB, or the engine image or weights do not fit and the host never serves (${need.source})`,
            fix: `set the root disk of ${r.name} to at least ${total} GB (plan.bootstrap.disk.rootVolumeGb)`,
          });
        }
      }
    }
    return { findings, notes };
  },
};
