/**
 * Plan check: can a target's hosts read an object-storage model source? The boot script syncs
 * `s3://`/`oss://` buckets with the instance's role, which the kit attaches only on AWS (instance
 * profile) and Alibaba Cloud (RAM role). Tencent Cloud and Volcano Engine hosts get no CAM/IAM role
 * from the kit, so `coscli`/`tosutil` would run without credentials and the engine would never
 * start. Pure: no Pulumi, no I/O.
 *
 * Wiring (components/plan/target.ts, before `renderBootstrap`, which throws for the same case):
 * `issues.push(...checkWeightsAccess({ target, index, source: modelSource }))`.
 */
import type { Cloud } from "../../catalog/schema";
import { OBJECT_STORAGE_CLOUDS } from "../bootstrap/weights";
import type { ConfigIssue } from "../spec/issues";
import type { ModelSourcePlan } from "./types";

/** Inputs of {@link checkWeightsAccess}. */
export interface WeightsAccessInput {
  target: { name: string; cloud: Cloud };
  /** Index of the target in `targets[]` (named in the message). */
  index: number;
  /** The planned model source. */
  source: ModelSourcePlan;
}

/**
 * One issue at `model.source` when the source is object storage and the target's cloud gives its
 * hosts no role to read it (Tencent Cloud, Volcano Engine); none otherwise.
 */
export function checkWeightsAccess(i: WeightsAccessInput): ConfigIssue[] {
  if (i.source.kind !== "object-storage" || OBJECT_STORAGE_CLOUDS.includes(i.target.cloud)) return [];
  return [
    {
      path: "model.source",
      message:
        `target "${i.target.name}" (targets[${i.index}]) is on ${i.target.cloud}, where the kit attaches no instance role to the GPU hosts, ` +
        `so they cannot read ${i.source.uri}; use a hub source (huggingface, or modelscope from mainland regions) for this target, ` +
        `or serve object-storage weights from ${OBJECT_STORAGE_CLOUDS.join(" or ")} targets`,
      given: JSON.stringify(i.source.uri),
      allowed: ["huggingface", "modelscope"],
    },
  ];
}
