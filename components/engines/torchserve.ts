/**
 * TorchServe's vLLM-based LLM launcher. There is no public image: build `docker/Dockerfile.vllm`
 * of pytorch/serve (entrypoint `python -m ts.llm_launcher --vllm_engine.download_dir /data`) and
 * push it to the target's registry; the command is launcher flags. TorchServe is in limited
 * maintenance upstream (no planned fixes or security patches); every render says so.
 *
 * Ports: 8080 inference (the engine port), 8081 management, 8082 metrics. Metrics are not on the
 * engine port, so metricsPath is null and a warning points to `:8082/metrics`. Readiness and
 * liveness: `GET /ping`. OpenAI API under `/predictions/<model_name>/1.0/v1/…`.
 *
 * The launcher sets vLLM's tensor parallelism to every visible GPU and passes no quantization or
 * KV-cache option: pre-quantized AWQ/GPTQ/FP8/INT8 checkpoints are detected by vLLM. Token
 * authorization is turned off (`--disable_token_auth`: its keys are random and live in the
 * container); a configured API key is enforced at the gateway (warning).
 */
import type { EngineRender } from "../types/engine";
import {
  assemble,
  gatewayKeyWarning,
  HF_HOME_PATH,
  hubSetup,
  modelReference,
  requireQuantizationServed,
  requireSourceSupported,
  type EngineDefaults,
} from "./common";
import type { EngineContext } from "./context";

/**
 * TorchServe defaults: `torchserve-vllm:0.12.0` — an image you build from pytorch/serve v0.12.0
 * `docker/Dockerfile.vllm` (⚠ version from memory: the last release line), port 8080, `/ping`,
 * no metrics on the engine port, `--ipc=host` (vLLM inside), limited maintenance.
 */
export const TORCHSERVE_DEFAULTS: EngineDefaults = {
  repository: "torchserve-vllm",
  tag: "0.12.0",
  port: 8080,
  readinessPath: "/ping",
  livenessPath: "/ping",
  metricsPath: null,
  maintenance: true,
  dockerArgs: ["--ipc=host"],
  tagSource: "reference/engines.md §1.1: LLM use needs an image built from docker/Dockerfile.vllm; tag 0.12.0 unverified",
};

/** TorchServe's metrics port (Prometheus `/metrics`), separate from the inference port. */
export const TORCHSERVE_METRICS_PORT = 8082;

/** The limited-maintenance warning on every TorchServe render. */
export const TORCHSERVE_MAINTENANCE_WARNING =
  "TorchServe is in limited maintenance upstream: no planned fixes or security patches; prefer vllm for new deployments.";

/** A TorchServe model name: letters, digits, `_` and `-` (the served name with other characters replaced). */
export function torchserveModelName(servedModelName: string): string {
  return servedModelName.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "model";
}

/** Renders the TorchServe container. Throws on bitsandbytes, GGUF or a ModelScope source. */
export function render(ctx: EngineContext): EngineRender {
  requireSourceSupported("torchserve", ctx);
  requireQuantizationServed("torchserve", ctx);
  const hub = hubSetup(ctx);
  const modelName = torchserveModelName(ctx.model.servedModelName);
  const warnings = [
    TORCHSERVE_MAINTENANCE_WARNING,
    `TorchServe metrics are on port ${TORCHSERVE_METRICS_PORT} (/metrics), not on the engine port: they are not scraped.`,
    `TorchServe's launcher uses every visible GPU for tensor parallelism: expose exactly ${ctx.parallel.tensor} GPU(s) to the container.`,
    `Clients call the OpenAI API at /predictions/${modelName}/1.0/v1/… on port ${TORCHSERVE_DEFAULTS.port}.`,
  ];
  if (!ctx.engine.image && !ctx.registryMirror) {
    warnings.push(
      "TorchServe has no public vLLM image: build docker/Dockerfile.vllm of pytorch/serve, push it, and set engine.image or the target's registryMirror.",
    );
  }
  const q = ctx.model.quantization;
  if (q === "fp16" || q === "bf16") warnings.push(`TorchServe's launcher cannot force a dtype: ${q} is not applied.`);
  if (q === "fp8") warnings.push("TorchServe's launcher cannot quantize on the fly: serve a pre-quantized FP8 checkpoint.");
  if (ctx.engine.kvCacheDtype === "fp8") warnings.push("TorchServe's launcher has no KV-cache dtype option: fp8 is ignored.");
  if (ctx.parallel.pipeline > 1) warnings.push("TorchServe's launcher has no pipeline parallelism: the pipeline degree is ignored.");
  if (ctx.engine.apiKey) warnings.push(gatewayKeyWarning("torchserve"));
  const command = [
    "--model_id", modelReference(ctx),
    "--model_name", modelName,
    "--disable_token_auth",
    "--vllm_engine.max_model_len", String(ctx.model.maxContextTokens),
    "--vllm_engine.max_num_seqs", String(ctx.maxConcurrentRequests),
    "--vllm_engine.download_dir", `${HF_HOME_PATH}/hub`,
    ...ctx.engine.extraArgs,
  ];
  return assemble("torchserve", TORCHSERVE_DEFAULTS, ctx, {
    command,
    env: hub.env,
    secretEnv: [...hub.secretEnv],
    warnings,
  });
}
