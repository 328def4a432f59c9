/**
 * The planner: spec → plain {@link DeploymentPlan}. No Pulumi imports; the same plan drives the
 * real program, the offline `gpukit plan` and the tests.
 */
import type { Catalog } from "../../catalog";
import { ConfigError, type ConfigIssue } from "../spec/issues";
import type { DeploymentSpec } from "../spec/schema";
import { summarizeCost } from "./cost";
import { resolveModel } from "./model";
import type { Workload } from "./offering";
import { planTarget } from "./target";
import type { DeploymentPlan, TargetPlan } from "./types";

export * from "./types";
export { sizeReplica, weightsGb, kvBytesPerToken, tensorParallelCandidates, OVERHEAD_GB_PER_GPU } from "./sizing";

/** Value of the `managed-by` tag on every resource. */
export const MANAGED_BY = "gpu-inference-kit";

/** Spec sections the kit accepts but does not build yet: said plainly rather than silently ignored. */
export function notYetBuilt(spec: DeploymentSpec): string[] {
  const out: string[] = [];
  if (spec.vectorDatabase) out.push(`vectorDatabase (${spec.vectorDatabase.engine}) is accepted but not provisioned yet: no database resources are planned`);
  if (spec.compliance?.moderation) out.push(`compliance.moderation (${spec.compliance.moderation.provider}) is accepted but no moderation gateway is built yet`);
  if (spec.compliance?.filingNumber) out.push("compliance.filingNumber is recorded but not yet exported to a gateway or footer");
  return out;
}

/** Tags for every resource of a deployment. */
export function deploymentTags(spec: DeploymentSpec, stack: string): Record<string, string> {
  return {
    environment: spec.environment,
    owner: spec.owner,
    "cost-center": spec.costCenter,
    stack,
    "managed-by": MANAGED_BY,
  };
}

/**
 * Plans the deployment, or throws {@link ConfigError} with every problem of every target.
 * `spec` must come from `parseDeploymentSpec` (shape and catalog references already checked).
 */
export function planDeployment(spec: DeploymentSpec, stack: string, catalog: Catalog): DeploymentPlan {
  const resolved = resolveModel(spec, catalog);
  const issues: ConfigIssue[] = [...resolved.issues];
  const targets: TargetPlan[] = [];
  if (resolved.model) {
    const workload: Workload = {
      model: resolved.model,
      quantization: spec.model.quantization,
      engine: spec.engine.name,
      kvCacheDtype: spec.engine.kvCacheDtype,
      maxContextTokens: spec.model.maxContextTokens,
      maxConcurrentRequests: spec.engine.maxConcurrentRequests,
      gpuMemoryUtilization: spec.engine.gpuMemoryUtilization,
      tensorParallel: spec.engine.tensorParallel,
    };
    spec.targets.forEach((_, index) => {
      const result = planTarget(index, { spec, stack, catalog, model: resolved.model!, workload });
      issues.push(...result.issues);
      if (result.plan) targets.push(result.plan);
    });
  }
  if (issues.length) throw new ConfigError(issues);
  const warnings: string[] = notYetBuilt(spec);
  if (spec.loadBalancer.public && !spec.engine.apiKeySecret) {
    warnings.push("loadBalancer.public is true and engine.apiKeySecret is not set: anyone allowed by allowedCidrs can call the model");
  }
  if (spec.loadBalancer.public && spec.engine.apiKeySecret && !spec.loadBalancer.tls) {
    warnings.push("loadBalancer.public is true without loadBalancer.tls: the engine API key crosses the internet in cleartext; set loadBalancer.tls.certificateId");
  }
  const cost = summarizeCost(targets, spec, catalog);
  if (cost.budget.withinBudget === false) {
    warnings.push(`estimated ${cost.totalMonthlyCost} ${cost.currency}/month exceeds the budget of ${spec.budget.monthly} ${cost.currency}`);
  }
  return {
    stack,
    environment: spec.environment,
    tags: deploymentTags(spec, stack),
    model: {
      id: spec.model.id,
      parametersB: resolved.model!.shape.parametersB,
      quantization: spec.model.quantization,
      maxContextTokens: spec.model.maxContextTokens,
    },
    targets,
    cost,
    warnings,
  };
}
