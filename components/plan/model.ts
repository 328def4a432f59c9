/**
 * Resolves the spec's model to the architecture figures sizing needs: the catalog's shape when the
 * id (or an alias) is known, otherwise an estimate scaled from the catalog model nearest in size.
 */
import type { Catalog, ModelShape, Quantization } from "../../catalog";
import { findModel } from "../../catalog";
import type { ConfigIssue } from "../spec/issues";
import type { DeploymentSpec } from "../spec/schema";
import { MODEL_CACHE_MOUNT } from "../engines/common";
import { needsPrequantizedCheckpoint } from "./quantization";
import type { ModelSourcePlan } from "./types";

/** A model as the planner uses it. */
export interface ResolvedModel {
  id: string;
  /**
   * Shape used for sizing (the catalog's or the hub config's, or the proxy's scaled to `parametersB`),
   * with `intermediateSize` of the checkpoint actually served (padded quantized repos differ).
   */
  shape: Pick<ModelShape, "parametersB" | "layers" | "kvHeads" | "headDim" | "attentionHeads" | "maxContextTokens"> &
    Partial<Pick<ModelShape, "activeParametersB" | "hiddenSize" | "vocabSize" | "tieWordEmbeddings" | "intermediateSize" | "moe" | "mla" | "slidingWindow">>;
  /** Where the shape came from: the catalog, a hub config (fetched or cached), or an estimate from `parameters`. */
  shapeSource?: "catalog" | "hub" | "estimate";
  /** Catalog row, when the model is known. */
  catalog?: ModelShape;
  /** Quantization the repository is published in, when the catalog knows it. */
  publishedQuantization?: Quantization;
  gated: boolean;
  warnings: string[];
}

/** Where hub caches and staged weights live on the host. */
export const HOST_MODEL_DIR = "/opt/gpukit/models";

/** The model fields resolution needs: the spec's `model`, or `gpukit size`'s options. */
export interface ModelRequest {
  /** Model id or alias (Hugging Face or ModelScope), matched case-insensitively against the catalog. */
  id: string;
  /** Parameters in billions: required for a model outside the catalog, overrides the catalog's count otherwise. */
  parameters?: number;
  quantization: Quantization;
  /** Context per sequence in tokens, checked against the model's maximum. */
  maxContextTokens: number;
}

/** Why a model request cannot be served as asked. Plain data: each caller words it for its users. */
export type ModelProblem =
  /** Not in the catalog, and no `parameters` to estimate a shape from; `known` lists the catalog ids. */
  | { kind: "unknown-model"; known: string[] }
  /** The id is a checkpoint published in another format; `base` is the catalog model. */
  | { kind: "quantization-contradicts"; published: Quantization; base: ModelShape }
  /** The format needs a pre-quantized checkpoint and the id is the unquantized model; `variants` are catalogued ids in that format. */
  | { kind: "needs-prequantized-checkpoint"; variants: string[] }
  /** The context is longer than `base.maxContextTokens`. */
  | { kind: "context-too-long"; base: ModelShape };

/**
 * Model shapes read from hub configs (`config.json`, cached by `gpukit size`/`plan`), consulted after
 * the catalog. `origin` says where they came from (a cache file path, or a hub URL) for the notes.
 */
export interface HubModels {
  models: readonly ModelShape[];
  origin: string;
}

/** What {@link resolveModelRequest} found. */
export interface ModelResolution {
  /** The resolved model (its `warnings` empty: callers add their own wording); unset only with an `unknown-model` problem. */
  model?: ResolvedModel;
  /** The catalog model whose shape was scaled, when the id is not in the catalog. */
  estimatedFrom?: ModelShape;
  /** In check order: unknown model (alone), then quantization, then context. */
  problems: ModelProblem[];
}

/**
 * The one rule for resolving a model, shared by the planner ({@link resolveModel}) and `gpukit size`:
 * the catalog's shape with `parameters` overriding its count; for an id outside the catalog with
 * `parameters`, the shape of the catalog model nearest in size (on a log scale) with its layer count
 * scaled by √(size ratio) and `maxContextTokens` as its maximum context. Pure apart from reading `catalog`.
 */
export function resolveModelRequest(request: ModelRequest, catalog: Catalog, hub?: HubModels): ModelResolution {
  const found = findModel(catalog, request.id) ?? (hub ? findModel({ ...catalog, models: [...hub.models] }, request.id) : undefined);
  const fromHub = found !== undefined && !findModel(catalog, request.id);
  if (!found) {
    if (request.parameters === undefined) return { problems: [{ kind: "unknown-model", known: catalog.models.map((m) => m.id) }] };
    const proxy = nearestBySize(catalog.models, request.parameters);
    const scale = request.parameters / proxy.parametersB;
    const shape = {
      parametersB: request.parameters,
      layers: Math.max(1, Math.round(proxy.layers * Math.sqrt(scale))),
      kvHeads: proxy.kvHeads,
      headDim: proxy.headDim,
      attentionHeads: proxy.attentionHeads,
      maxContextTokens: request.maxContextTokens,
    };
    return { model: { id: request.id, shape, shapeSource: "estimate", gated: false, warnings: [] }, estimatedFrom: proxy, problems: [] };
  }
  const problems: ModelProblem[] = [];
  const published = found.quantization;
  if (published && published !== request.quantization) {
    problems.push({ kind: "quantization-contradicts", published, base: found.shape });
  } else if (!published && needsPrequantizedCheckpoint(request.quantization)) {
    const variants = found.shape.aliases.filter((a) => a.quantization === request.quantization).map((a) => a.id);
    problems.push({ kind: "needs-prequantized-checkpoint", variants });
  }
  if (request.maxContextTokens > found.shape.maxContextTokens) problems.push({ kind: "context-too-long", base: found.shape });
  const alias = found.shape.aliases.find((a) => a.id.toLowerCase() === request.id.trim().toLowerCase());
  const parametersB = request.parameters ?? found.shape.parametersB;
  const shape = {
    ...found.shape,
    parametersB,
    activeParametersB: Math.min(found.shape.activeParametersB, parametersB),
    intermediateSize: alias?.intermediateSize ?? found.shape.intermediateSize,
  };
  return {
    model: { id: request.id, shape, shapeSource: fromHub ? "hub" : "catalog", catalog: found.shape, publishedQuantization: published, gated: found.shape.gated, warnings: [] },
    problems,
  };
}

/**
 * Resolves the spec's model ({@link resolveModelRequest}) or returns issues: unknown model without
 * `parameters`, a quantization that contradicts the published checkpoint or needs a pre-quantized
 * one, a context longer than the model supports, a gated model without a hub token.
 */
export function resolveModel(spec: DeploymentSpec, catalog: Catalog, hub?: HubModels): { model?: ResolvedModel; issues: ConfigIssue[] } {
  const { id, parameters, quantization, maxContextTokens } = spec.model;
  const { model, estimatedFrom, problems } = resolveModelRequest({ id, parameters, quantization, maxContextTokens }, catalog, hub);
  const issues = problems.map((problem) => specIssue(problem, spec));
  if (isOllamaName(id) && spec.engine.name !== "ollama") {
    issues.push({ path: "model.id", message: `${id} is an Ollama library name; use it with engine.name ollama, or give the <org>/<name> hub id`, given: JSON.stringify(id) });
  }
  if (model?.shapeSource === "hub") model.warnings.push(`Model ${id} is not in the catalog: its shape comes from its hub config.json (${hub?.origin}).`);
  if (!model) return { issues };
  if (estimatedFrom) {
    model.warnings.push(
      `Model ${id} is not in the catalog: its KV-cache shape is estimated from ${estimatedFrom.id} scaled to ${parameters}B parameters; add it to catalog/data/models.json for exact sizing.`,
    );
  }
  if (model.gated && spec.model.source === "huggingface" && !spec.model.hubTokenSecret) {
    issues.push({
      path: "model.hubTokenSecret",
      message: `${id} is gated on Hugging Face: name the secret config key holding a hub token (e.g. hfToken, set with \`pulumi config set --secret hfToken <token>\`)`,
    });
  }
  return { model, issues };
}

/** A {@link ModelProblem} as a config issue on the spec's `model` fields. */
function specIssue(problem: ModelProblem, spec: DeploymentSpec): ConfigIssue {
  const { id, quantization, maxContextTokens } = spec.model;
  switch (problem.kind) {
    case "unknown-model":
      return { path: "model.parameters", message: `Model ${id} is not in the catalog; set model.parameters (billions) so it can be sized`, allowed: problem.known };
    case "quantization-contradicts":
      return {
        path: "model.quantization",
        message: `${id} is published in ${problem.published}; set model.quantization to ${problem.published} or use the base model id`,
        given: JSON.stringify(quantization),
        allowed: [problem.published],
      };
    case "needs-prequantized-checkpoint":
      return {
        path: "model.quantization",
        message: `${quantization} needs a pre-quantized checkpoint, and ${id} is the unquantized model${problem.variants.length ? `; use ${problem.variants.join(" or ")}` : ""}`,
        given: JSON.stringify(quantization),
      };
    case "context-too-long":
      return { path: "model.maxContextTokens", message: `${id} supports at most ${problem.base.maxContextTokens} tokens of context`, given: String(maxContextTokens) };
  }
}

/** True for an Ollama library name such as `qwen2.5:7b` (no `/`, a `:tag`). */
export function isOllamaName(id: string): boolean {
  return !id.includes("/") && /^[\w.-]+:[\w.-]+$/.test(id);
}

function nearestBySize(models: readonly ModelShape[], parametersB: number): ModelShape {
  return models.reduce((best, m) =>
    Math.abs(Math.log(m.parametersB / parametersB)) < Math.abs(Math.log(best.parametersB / parametersB)) ? m : best,
  );
}

/** Where the weights come from and where they land on the host and in the container. */
export function planModelSource(spec: DeploymentSpec): ModelSourcePlan {
  const source = spec.model.source;
  if (source === "huggingface" || source === "modelscope") {
    return { kind: source, uri: spec.model.id, hostPath: `${HOST_MODEL_DIR}/hub-cache`, containerPath: MODEL_CACHE_MOUNT };
  }
  const base = spec.model.id.split("/").pop() ?? "model";
  return { kind: "object-storage", uri: source, hostPath: `${HOST_MODEL_DIR}/${base}`, containerPath: `/models/${base}` };
}
