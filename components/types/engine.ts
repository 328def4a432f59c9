/**
 * Plain types of what an engine module renders and where the weights come from: shared by the
 * engines, the host bootstrap, the Kubernetes runtime and the planner, which all import them from
 * here (downward), never from each other. No Pulumi, no logic.
 */

/** Where the model weights come from, resolved from `model.source`. */
export interface ModelSourcePlan {
  /** `huggingface` and `modelscope` download by hub id; `object-storage` syncs a bucket prefix to disk first. */
  kind: "huggingface" | "modelscope" | "object-storage";
  /** Hub repository id (for hub sources) or the bucket URI (`s3://`, `oss://`, `cos://`, `tos://`). */
  uri: string;
  /** Directory on the host the weights are staged in (object storage), or the hub cache directory. */
  hostPath: string;
  /** Where `hostPath` is mounted in the engine container: `/models` for hub caches, `/models/<name>` for staged weights. */
  containerPath?: string;
}

/** A secret the engine needs at run time. Its value never appears in a plan, command or user-data. */
export interface SecretRef {
  /** Environment variable the engine reads, e.g. `HF_TOKEN`, `VLLM_API_KEY`. */
  envVar: string;
  /** Logical name of the secret in the stack (`hubToken`, `apiKey`); the adapter stores it in the cloud's secret store. */
  secret: "hubToken" | "apiKey";
}

/** What an engine module renders: everything needed to run the engine container on a host or in a pod. */
export interface EngineRender {
  name: string;
  /** Full image reference with pinned tag, e.g. `vllm/vllm-openai:v0.11.0` (or the target's mirror). */
  image: string;
  /** Arguments after the image: the container command line. Never contains a secret value. */
  command: string[];
  /** Plain environment for the container. Never contains a secret value. */
  env: Record<string, string>;
  /** Secrets to inject as environment variables at run time. */
  secretEnv: SecretRef[];
  /** Port the engine listens on inside the container (published on the same host port). */
  port: number;
  /** HTTP path that returns 200 once the model is loaded. */
  readinessPath: string;
  /** HTTP path that returns 200 while the process is healthy. */
  livenessPath: string;
  /** Prometheus metrics path on the engine port, or null when the engine has none. */
  metricsPath: string | null;
  /** Extra `docker run` flags: shared memory (`--ipc=host`, `--shm-size`), ulimits. */
  dockerArgs: string[];
  /** Notes the user should read (maintenance mode, ignored settings). */
  warnings: string[];
}
