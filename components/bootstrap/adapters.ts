/**
 * Staging of LoRA adapters, shared by both runtimes: {@link planAdapterStaging} is a pure function
 * that returns, per adapter, where it lands and how it gets there — a download inside the engine
 * image (hub ids: `huggingface_hub` / `modelscope` are in the vLLM, SGLang and TGI images) or a
 * sync with the host's instance role (object storage, VM only, same tools and credentials as the
 * model's `stage.sh`). The VM bootstrap renders the steps into `stage-adapters.sh`
 * ({@link renderAdapterStageScript}); the Kubernetes runtime turns each `download` into an init
 * container (see the JSDoc of {@link AdapterDownload}).
 */
import type { Cloud } from "../../catalog/schema";
import { ADAPTER_CONTAINER_DIR } from "../engines/lora";
import { SECRETS_ENV_FILE } from "./secrets";
import { shellJoin, shellQuote } from "./shell";
import { OBJECT_STORAGE_CLOUDS, STORAGE_SCHEME, syncLines } from "./weights";

/** Host directory the adapters are staged in (one sub-directory per adapter name), under the kit's model directory. */
export const ADAPTER_HOST_DIR = "/opt/gpukit/models/adapters";

/** One adapter to stage, as the planner resolved it. */
export interface AdapterSource {
  /** Adapter name (`model.adapters[].name`): the directory name and the name clients request. */
  name: string;
  kind: "huggingface" | "modelscope" | "object-storage";
  /** Hub repository id, or the bucket URI (`s3://`, `oss://`, …). */
  uri: string;
}

/** Environment variable the hub token is read from, per hub (the engines' own names, `components/engines/common.ts`). */
export const HUB_TOKEN_ENV = { huggingface: "HF_TOKEN", modelscope: "MODELSCOPE_API_TOKEN" } as const;

/** Python run with `python3 -c <script> <repo id> <directory>` inside the engine image, per hub. */
export const HUB_DOWNLOAD_SCRIPT = {
  huggingface: "import sys; from huggingface_hub import snapshot_download; snapshot_download(repo_id=sys.argv[1], local_dir=sys.argv[2])",
  modelscope:
    "import os, sys; from modelscope import snapshot_download; from modelscope.hub.api import HubApi; " +
    "t = os.environ.get('MODELSCOPE_API_TOKEN'); t and HubApi().login(t); snapshot_download(sys.argv[1], local_dir=sys.argv[2])",
} as const;

/**
 * A hub download run in the engine image. Kubernetes: one init container per adapter with
 * `image`, `command` (`["python3", "-c", <script>]`), `args` (`[<repo id>, <containerPath>]`), a
 * volume mounted at {@link ADAPTER_CONTAINER_DIR} that the engine container mounts too (read-only),
 * and `tokenEnv` set from the target's `hubToken` Secret key when the spec has `model.hubTokenSecret`.
 */
export interface AdapterDownload {
  image: string;
  command: string[];
  args: string[];
  /** Env var the hub token goes in, if the deployment has one. */
  tokenEnv: string;
}

/** How one adapter is staged. */
export interface AdapterStagingStep {
  name: string;
  kind: AdapterSource["kind"];
  uri: string;
  /** Directory on the host (VM), `/opt/gpukit/models/adapters/<name>`. */
  hostPath: string;
  /** Directory in the engine container (and in init containers), `/adapters/<name>`. */
  containerPath: string;
  /** Hub sources: the download run in the engine image. */
  download?: AdapterDownload;
  /** Object storage: bash lines for the host that copy the prefix to `hostPath` with the instance role (VM only). */
  sync?: { setup: string[]; copy: string[] };
}

/** Inputs of {@link planAdapterStaging}. */
export interface AdapterStagingInput {
  cloud: Cloud;
  /** Region id, e.g. `cn-hangzhou`: object storage is read through the region's endpoint. */
  region: string;
  /** The engine image (after any mirror rewrite): hub downloads run in it. */
  image: string;
}

/**
 * The staging steps of `adapters`, in order. Throws on a name that is not a plain directory name,
 * on object storage on a cloud whose hosts get no instance role, or on a bucket of another cloud
 * (the planner reports the same cases as config issues first: `components/plan/adapters.ts`).
 */
export function planAdapterStaging(adapters: readonly AdapterSource[], i: AdapterStagingInput): AdapterStagingStep[] {
  return adapters.map((a) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(a.name)) throw new Error(`invalid adapter name ${JSON.stringify(a.name)}`);
    const step: AdapterStagingStep = {
      name: a.name,
      kind: a.kind,
      uri: a.uri,
      hostPath: `${ADAPTER_HOST_DIR}/${a.name}`,
      containerPath: `${ADAPTER_CONTAINER_DIR}/${a.name}`,
    };
    if (a.kind === "object-storage") {
      if (!OBJECT_STORAGE_CLOUDS.includes(i.cloud)) {
        throw new Error(`adapter ${a.name}: object storage (${a.uri}) is not readable on ${i.cloud}: the kit attaches no instance role there`);
      }
      const scheme = /^([a-z0-9]+):\/\//.exec(a.uri)?.[1];
      if (scheme !== STORAGE_SCHEME[i.cloud]) throw new Error(`adapter ${a.name}: ${a.uri} is not ${STORAGE_SCHEME[i.cloud]}:// (the only scheme staged on ${i.cloud})`);
      const lines = syncLines(i.cloud, i.region);
      step.sync = {
        setup: lines.slice(0, -1),
        copy: [`S=${shellQuote(a.uri.replace(/\/+$/, ""))}`, `D=${shellQuote(step.hostPath)}`, 'mkdir -p "$D"', lines[lines.length - 1]!],
      };
    } else {
      step.download = {
        image: i.image,
        command: ["python3", "-c", HUB_DOWNLOAD_SCRIPT[a.kind]],
        args: [a.uri, step.containerPath],
        tokenEnv: HUB_TOKEN_ENV[a.kind],
      };
    }
    return step;
  });
}

/** File the hub token lines are copied to for the download containers (nothing else from the secrets). */
export const HUB_ENV_FILE = "/run/gpukit/hub.env";

/**
 * `stage-adapters.sh` (an `ExecStartPre` after the image pull and `stage.sh`): object-storage
 * adapters synced with the instance role, hub adapters downloaded by `docker run --rm` of the
 * engine image with only the hub token (copied from {@link SECRETS_ENV_FILE} when present) in its
 * environment. Null without steps.
 */
export function renderAdapterStageScript(steps: readonly AdapterStagingStep[]): string | null {
  if (steps.length === 0) return null;
  const lines = [
    "#!/bin/bash",
    "# Stage the LoRA adapters before the engine starts (object storage with the instance role, hubs in the engine image).",
    "set -euo pipefail",
    `A=${shellQuote(ADAPTER_HOST_DIR)}`,
    'mkdir -p "$A"',
  ];
  const setup = steps.find((s) => s.sync)?.sync?.setup ?? [];
  lines.push(...setup);
  if (steps.some((s) => s.download)) {
    const tokens = Object.values(HUB_TOKEN_ENV).join("|");
    lines.push(
      "umask 077",
      `grep -E '^(${tokens})=' ${SECRETS_ENV_FILE} >${HUB_ENV_FILE} 2>/dev/null || : >${HUB_ENV_FILE}`,
      `trap 'rm -f ${HUB_ENV_FILE}' EXIT`,
    );
  }
  for (const s of steps) {
    lines.push(`# adapter ${s.name} (${s.kind})`);
    if (s.sync) lines.push(...s.sync.copy);
    if (s.download) {
      const d = s.download;
      const run = ["docker", "run", "--rm", "--entrypoint", d.command[0]!, "--env-file", HUB_ENV_FILE, "-v", `${ADAPTER_HOST_DIR}:${ADAPTER_CONTAINER_DIR}`, d.image, ...d.command.slice(1), ...d.args];
      lines.push(shellJoin(run));
    }
  }
  lines.push('echo "gpukit: adapters staged in $A ($(du -sh "$A" | cut -f1))"', "");
  return lines.join("\n");
}
