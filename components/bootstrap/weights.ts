/**
 * Model weights on the host: object-storage prefixes are synced to `hostPath` before the engine
 * starts (`/usr/local/lib/gpukit/stage.sh`, an `ExecStartPre`); hub sources get their cache
 * directory mounted so downloads survive container restarts.
 */
import { MODEL_CACHE_MOUNT } from "../engines/common";
import type { Cloud } from "../../catalog/schema";
import type { ModelSourcePlan } from "../types/engine";
import { METADATA_HELPER, metadataHelper } from "./metadata";
import { ALICLOUD_ROLE_ITEM } from "./secrets";
import { shellQuote } from "./shell";

/**
 * Download URLs of the object-storage CLIs (none needed on AWS: the AWS CLI is on the DLAMI or comes
 * from the snap store). Pinned where the vendor publishes versioned paths. Unverified from here.
 */
export const STORAGE_TOOL_URLS = {
  /** ossutil 1.x single binary on Alibaba's CDN. */
  ossutil: "https://gosspublic.alicdn.com/ossutil/1.7.15/ossutil64",
} as const;

/**
 * Clouds whose hosts can read object storage at boot: the kit attaches an instance role there (AWS
 * instance profile, Alibaba RAM role). Tencent Cloud and Volcano Engine hosts get no CAM/IAM role
 * from the kit, so `coscli`/`tosutil` would have no credentials: the planner refuses object-storage
 * sources there (`components/plan/weights-access.ts`) and {@link renderStageScript} throws.
 */
export const OBJECT_STORAGE_CLOUDS: readonly Cloud[] = ["aws", "alicloud"];

/** URI scheme each cloud's object storage uses, which the staging script supports on that cloud. */
export const STORAGE_SCHEME: Record<Cloud, string> = {
  aws: "s3",
  alicloud: "oss",
  tencentcloud: "cos",
  volcengine: "tos",
};

/**
 * `-v host:container` mount of the weights (object storage) or hub caches: the plan's
 * `containerPath`, else the engines' model mount (`/models`, where they keep `HF_HOME` and
 * `MODELSCOPE_CACHE`), so a restart reuses the downloaded weights.
 */
export function weightsMount(source: ModelSourcePlan): [string, string] {
  return [source.hostPath, source.containerPath ?? MODEL_CACHE_MOUNT];
}

/** Lines that install `tool` from `url` into /usr/local/bin when it is missing. */
function install(tool: string, url: string): string {
  return `command -v ${tool} >/dev/null || { curl -fsSL --retry 5 -o /usr/local/bin/${tool} ${url}; chmod 755 /usr/local/bin/${tool}; }`;
}

/**
 * Sync commands on `cloud` (AWS or Alibaba Cloud), copying `$S` to `$D` with the instance's role:
 * tool set-up lines first, the copy command last (the adapter staging reuses both).
 */
export function syncLines(cloud: Cloud, region: string): string[] {
  const r = shellQuote(region);
  if (cloud === "aws") {
    return [
      'PATH="$PATH:/snap/bin"',
      "command -v aws >/dev/null || snap install aws-cli --classic",
      `aws s3 sync --only-show-errors --region ${r} "$S" "$D"`,
    ];
  }
  return [
    install("ossutil64", STORAGE_TOOL_URLS.ossutil),
    ...metadataHelper(cloud),
    `R=$(${METADATA_HELPER} ${ALICLOUD_ROLE_ITEM} | head -1)`,
    `ossutil64 cp -r -u -f "$S/" "$D/" -e oss-${region}-internal.aliyuncs.com --mode EcsRamRole --ecs-role-name "$R"`,
  ];
}

/**
 * Renders `stage.sh`, or `null` for hub sources. Throws when the bucket's scheme is not the target
 * cloud's own object storage (cross-cloud staging would need foreign credentials and egress).
 */
export function renderStageScript(cloud: Cloud, region: string, source: ModelSourcePlan): string | null {
  if (source.kind !== "object-storage") return null;
  if (!OBJECT_STORAGE_CLOUDS.includes(cloud)) {
    throw new Error(
      `object-storage weights (${source.uri}) are not supported on ${cloud}: the kit attaches no instance role there, ` +
        `so the hosts have no credentials to read the bucket; use a hub source (huggingface, modelscope) or deploy to ${OBJECT_STORAGE_CLOUDS.join(" or ")}`,
    );
  }
  const scheme = /^([a-z0-9]+):\/\//.exec(source.uri)?.[1];
  if (scheme !== STORAGE_SCHEME[cloud]) {
    throw new Error(`object storage URI ${source.uri} is not ${STORAGE_SCHEME[cloud]}:// (the only scheme staged on ${cloud})`);
  }
  if (!/^[a-z0-9-]+$/.test(region)) throw new Error(`invalid region ${JSON.stringify(region)}`);
  const lines = [
    "#!/bin/bash",
    "# Sync the model weights from object storage to the host before the engine starts.",
    "set -euo pipefail",
    `S=${shellQuote(source.uri.replace(/\/+$/, ""))}`,
    `D=${shellQuote(source.hostPath.replace(/\/+$/, ""))}`,
    'mkdir -p "$D"',
    ...syncLines(cloud, region),
    'echo "gpukit: weights staged in $D ($(du -sh "$D" | cut -f1))"',
  ];
  return `${lines.join("\n")}\n`;
}
