/**
 * Helpers shared by the engine modules: image resolution with a registry mirror, model reference
 * and hub environment, secret references, and the POSIX-shell wrapper used where an engine takes a
 * value only as a flag. Nothing here ever sees a secret value: secrets are referenced by the name
 * of the environment variable the runtime injects.
 */
import type { Quantization } from "../../catalog/schema";
import type { EngineRender, SecretRef } from "../types/engine";
import type { EngineName } from "../spec/schema";
import { ENGINE_COMPATIBILITY, ENGINE_DISPLAY_NAMES, MODELSCOPE_ENGINES } from "./compatibility-data";
import type { EngineContext } from "./context";

/** Pinned defaults of one engine. */
export interface EngineDefaults {
  /** Image repository without tag, e.g. `vllm/vllm-openai`. */
  repository: string;
  /** Pinned image tag, e.g. `v0.29.0`. */
  tag: string;
  /** Port the engine listens on inside the container. */
  port: number;
  /** HTTP path that returns 200 once the model is loaded. */
  readinessPath: string;
  /** HTTP path that returns 200 while the process is healthy. */
  livenessPath: string;
  /** Prometheus metrics path on `port`, or null when there is none on that port. */
  metricsPath: string | null;
  /** Upstream is in maintenance or limited-maintenance mode. */
  maintenance: boolean;
  /** Extra `docker run` flags (shared memory, ulimits). */
  dockerArgs: string[];
  /** Where the tag was read, for reviewers. */
  tagSource: string;
}

/**
 * Container directory the runtime bind-mounts `ModelSourcePlan.hostPath` at for hub sources.
 * Engines keep their hub caches below it (`/models/huggingface`, `/models/modelscope`, …).
 */
export const MODEL_CACHE_MOUNT = "/models";
/** `HF_HOME` inside every engine container (under {@link MODEL_CACHE_MOUNT}). */
export const HF_HOME_PATH = `${MODEL_CACHE_MOUNT}/huggingface`;
/** `MODELSCOPE_CACHE` inside engine containers that download from ModelScope. */
export const MODELSCOPE_CACHE_PATH = `${MODEL_CACHE_MOUNT}/modelscope`;
/**
 * Environment variable holding the engine API key when the engine accepts the key only as a flag:
 * a POSIX shell expands it at container start, so the value never appears in the command.
 */
export const SHELL_API_KEY_ENV = "GPUKIT_API_KEY";

/** Bind mount the runtime must add for the model: host directory → container directory. */
export interface ModelMount {
  hostPath: string;
  containerPath: string;
}

/**
 * The mount that makes the model visible to the engine: the hub cache at
 * {@link MODEL_CACHE_MOUNT}, or the staged object-storage directory at its `containerPath`
 * (which defaults to {@link MODEL_CACHE_MOUNT} when the planner left it out).
 */
export function modelMount(ctx: EngineContext): ModelMount {
  const source = ctx.model.source;
  if (source.kind === "object-storage") {
    return { hostPath: source.hostPath, containerPath: source.containerPath ?? MODEL_CACHE_MOUNT };
  }
  return { hostPath: source.hostPath, containerPath: MODEL_CACHE_MOUNT };
}

/**
 * Image reference: the spec's full `engine.image` verbatim when set; otherwise
 * `<repository>:<engine.version ?? pinned tag>`, rewritten to `<mirror>/<repository basename>:<tag>`
 * when the target has a registry mirror (e.g. `registry.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0`).
 */
export function resolveImage(defaults: EngineDefaults, ctx: EngineContext): string {
  if (ctx.engine.image) return ctx.engine.image;
  const tag = ctx.engine.version ?? defaults.tag;
  if (ctx.registryMirror) return mirrorImage(defaults.repository, tag, ctx.registryMirror);
  return `${defaults.repository}:${tag}`;
}

/**
 * Where a target with a registry mirror pulls `<repository>:<tag>` from: `<mirror>/<repository
 * basename>:<tag>`, trailing slashes of `mirror` dropped (`vllm/vllm-openai`, `v0.29.0`,
 * `registry.cn-hangzhou.aliyuncs.com/acme` → `registry.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0`).
 */
export function mirrorImage(repository: string, tag: string, mirror: string): string {
  const basename = repository.split("/").pop() ?? repository;
  return `${mirror.replace(/\/+$/, "")}/${basename}:${tag}`;
}

/**
 * The reverse of {@link mirrorImage}: the public `<repository>:<tag>` that `image` is the mirror
 * copy of, or null when `image` is not `<mirror>/<repository basename>:<tag>` (e.g. a verbatim
 * `engine.image`).
 */
export function publicImageOf(image: string, mirror: string, repository: string): string | null {
  const basename = repository.split("/").pop() ?? repository;
  const prefix = `${mirror.replace(/\/+$/, "")}/${basename}:`;
  if (!image.startsWith(prefix) || image.length === prefix.length) return null;
  return `${repository}:${image.slice(prefix.length)}`;
}

/**
 * What the engine passes as the model: the hub id for hub sources, the staged directory (or file)
 * inside the container for object storage. Throws when an object-storage plan has no container path.
 */
export function modelReference(ctx: EngineContext): string {
  const source = ctx.model.source;
  if (source.kind === "object-storage") {
    if (!source.containerPath) {
      throw new Error(`model.source ${source.uri}: the plan has no containerPath to read the staged weights from`);
    }
    return source.containerPath;
  }
  return source.uri || ctx.model.id;
}

/** Throws a clear error when the engine cannot download from ModelScope by hub id. */
export function requireSourceSupported(engine: EngineName, ctx: EngineContext): void {
  if (ctx.model.source.kind === "modelscope" && !MODELSCOPE_ENGINES.includes(engine)) {
    throw new Error(
      `${ENGINE_DISPLAY_NAMES[engine]} cannot download from ModelScope: stage the weights in object storage ` +
        `(model.source: oss://bucket/prefix, cos://…, tos://…, s3://…) or use ${MODELSCOPE_ENGINES.join(" or ")}`,
    );
  }
}

/** Throws the matrix's reason when the engine does not serve the quantization at all. */
export function requireQuantizationServed(engine: EngineName, ctx: EngineContext): void {
  const support = ENGINE_COMPATIBILITY[engine].quantization[ctx.model.quantization];
  if (!support.supported) {
    throw new Error(`${ENGINE_DISPLAY_NAMES[engine]} cannot serve ${ctx.model.quantization}: ${support.reason}`);
  }
}

/** Environment and secrets for downloading the model. */
export interface HubSetup {
  env: Record<string, string>;
  secretEnv: SecretRef[];
  warnings: string[];
}

/**
 * Hub environment: `HF_HOME` under the model mount for every source; for ModelScope the engine's
 * switch (`modelScopeSwitch`, e.g. `{ VLLM_USE_MODELSCOPE: "True" }`) and `MODELSCOPE_CACHE`; for
 * object storage `HF_HUB_OFFLINE=1` (no hub calls). The hub token becomes `HF_TOKEN` for Hugging
 * Face and `MODELSCOPE_API_TOKEN` (read by the modelscope SDK's login) for ModelScope.
 */
export function hubSetup(ctx: EngineContext, modelScopeSwitch: Record<string, string> = {}): HubSetup {
  const env: Record<string, string> = { HF_HOME: HF_HOME_PATH };
  const secretEnv: SecretRef[] = [];
  const warnings: string[] = [];
  const kind = ctx.model.source.kind;
  if (kind === "modelscope") {
    Object.assign(env, modelScopeSwitch, { MODELSCOPE_CACHE: MODELSCOPE_CACHE_PATH });
    if (ctx.model.hubToken) {
      secretEnv.push({ envVar: "MODELSCOPE_API_TOKEN", secret: "hubToken" });
      warnings.push(
        "The hub token is passed as MODELSCOPE_API_TOKEN, which the modelscope SDK reads when it logs in; " +
          "check that the engine's modelscope version honours it for private repositories.",
      );
    }
  } else if (kind === "huggingface") {
    if (ctx.model.hubToken) secretEnv.push({ envVar: "HF_TOKEN", secret: "hubToken" });
  } else {
    env.HF_HUB_OFFLINE = "1";
  }
  return { env, secretEnv, warnings };
}

/**
 * Runs `program` through `sh -c` with the arguments as positional parameters (`sh -c 'exec prog "$@"' sh a b`),
 * so no argument is ever re-parsed by the shell. `prelude` runs first (e.g. writing a config file) and
 * `suffix` is appended after `"$@"` (e.g. `--api-key "$GPUKIT_API_KEY"`, expanded by the shell at start).
 */
export function shellWrap(program: string, args: string[], options: { prelude?: string; apiKeyFlag?: string } = {}): string[] {
  const keyPart = options.apiKeyFlag ? ` ${options.apiKeyFlag} "$${SHELL_API_KEY_ENV}"` : "";
  const script = `${options.prelude ? `${options.prelude} && ` : ""}exec ${program}${keyPart} "$@"`;
  return ["sh", "-c", script, "sh", ...args];
}

/** Formats a share (0.9 → `"0.9"`) without float noise. */
export function fraction(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** The warning every engine without its own API-key support adds when a key is configured. */
export function gatewayKeyWarning(engine: EngineName): string {
  return (
    `${ENGINE_DISPLAY_NAMES[engine]} has no API-key option: the configured API key is not enforced by the engine. ` +
    "Enforce it at the gateway or load balancer, and keep the engine port reachable only from there."
  );
}

/** Assembles an {@link EngineRender} from defaults and the per-engine parts. */
export function assemble(
  engine: EngineName,
  defaults: EngineDefaults,
  ctx: EngineContext,
  parts: { command: string[]; env: Record<string, string>; secretEnv: SecretRef[]; warnings: string[]; metricsPath?: string | null },
): EngineRender {
  return {
    name: engine,
    image: resolveImage(defaults, ctx),
    command: parts.command,
    env: parts.env,
    secretEnv: parts.secretEnv,
    port: defaults.port,
    readinessPath: defaults.readinessPath,
    livenessPath: defaults.livenessPath,
    metricsPath: parts.metricsPath === undefined ? defaults.metricsPath : parts.metricsPath,
    dockerArgs: [...defaults.dockerArgs],
    warnings: parts.warnings,
  };
}

/** `--dtype` value for unquantized formats that force one (vLLM, SGLang and TGI spell it the same). */
export const DTYPE_FLAG: Partial<Record<Quantization, string>> = { fp16: "float16", bf16: "bfloat16" };

/**
 * The quantization flags of an engine: `<flag> <value>` from the engine's table (formats it
 * detects from the checkpoint have no entry), then `--dtype` for fp16/bf16.
 */
export function quantizationFlags(q: Quantization, flag: string, table: Partial<Record<Quantization, string>>): string[] {
  const out: string[] = [];
  const value = table[q];
  if (value) out.push(flag, value);
  const dtype = DTYPE_FLAG[q];
  if (dtype) out.push("--dtype", dtype);
  return out;
}
