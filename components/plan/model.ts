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
  /** Shape used for sizing (the catalog's, or the proxy's scaled to `parametersB`). */
  shape: Pick<ModelShape, "parametersB" | "layers" | "kvHeads" | "headDim" | "attentionHeads" | "maxContextTokens">;
  /** Catalog row, when the model is known. */
  catalog?: ModelShape;
  /** Quantization the repository is published in, when the catalog knows it. */
  publishedQuantization?: Quantization;
  gated: boolean;
  warnings: string[];
}

/** Where hub caches and staged weights live on the host. */
export const HOST_MODEL_DIR = "/opt/gpukit/models";

/**
 * Resolves the model or returns issues: unknown model without `parameters`, a quantization that
 * contradicts the published checkpoint, a context longer than the model supports, a gated model
 * without a hub token.
 */
export function resolveModel(spec: DeploymentSpec, catalog: Catalog): { model?: ResolvedModel; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const found = findModel(catalog, spec.model.id);
  let model: ResolvedModel | undefined;
  if (found) {
    const shape = { ...found.shape, parametersB: spec.model.parameters ?? found.shape.parametersB };
    model = { id: spec.model.id, shape, catalog: found.shape, publishedQuantization: found.quantization, gated: found.shape.gated, warnings };
  } else if (spec.model.parameters !== undefined) {
    const proxy = nearestBySize(catalog.models, spec.model.parameters);
    const scale = spec.model.parameters / proxy.parametersB;
    warnings.push(
      `Model ${spec.model.id} is not in the catalog: its KV-cache shape is estimated from ${proxy.id} scaled to ${spec.model.parameters}B parameters; add it to catalog/data/models.json for exact sizing.`,
    );
    model = {
      id: spec.model.id,
      shape: {
        parametersB: spec.model.parameters,
        layers: Math.max(1, Math.round(proxy.layers * Math.sqrt(scale))),
        kvHeads: proxy.kvHeads,
        headDim: proxy.headDim,
        attentionHeads: proxy.attentionHeads,
        maxContextTokens: spec.model.maxContextTokens,
      },
      gated: false,
      warnings,
    };
  } else {
    issues.push({
      path: "model.parameters",
      message: `Model ${spec.model.id} is not in the catalog; set model.parameters (billions) so it can be sized`,
      allowed: catalog.models.map((m) => m.id),
    });
    return { issues };
  }

  const published = model.publishedQuantization;
  const wanted = spec.model.quantization;
  if (published && published !== wanted) {
    issues.push({
      path: "model.quantization",
      message: `${spec.model.id} is published in ${published}; set model.quantization to ${published} or use the base model id`,
      given: JSON.stringify(wanted),
      allowed: [published],
    });
  } else if (!published && model.catalog && needsPrequantizedCheckpoint(wanted)) {
    const variants = model.catalog.aliases.filter((a) => a.quantization === wanted).map((a) => a.id);
    issues.push({
      path: "model.quantization",
      message: `${wanted} needs a pre-quantized checkpoint, and ${spec.model.id} is the unquantized model${variants.length ? `; use ${variants.join(" or ")}` : ""}`,
      given: JSON.stringify(wanted),
    });
  }
  if (model.catalog && spec.model.maxContextTokens > model.catalog.maxContextTokens) {
    issues.push({
      path: "model.maxContextTokens",
      message: `${spec.model.id} supports at most ${model.catalog.maxContextTokens} tokens of context`,
      given: String(spec.model.maxContextTokens),
    });
  }
  if (model.gated && spec.model.source === "huggingface" && !spec.model.hubTokenSecret) {
    issues.push({
      path: "model.hubTokenSecret",
      message: `${spec.model.id} is gated on Hugging Face: name the secret config key holding a hub token (e.g. hfToken, set with \`pulumi config set --secret hfToken <token>\`)`,
    });
  }
  return { model, issues };
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
