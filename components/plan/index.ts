/**
 * The planner: spec → plain {@link DeploymentPlan}. No Pulumi imports; the same plan drives the
 * real program, the offline `gpukit plan` and the tests.
 */
import type { Catalog } from "../../catalog";
import { ConfigError, type ConfigIssue } from "../spec/issues";
import type { DeploymentSpec } from "../spec/schema";
import { summarizeCost } from "./cost";
import { resolveModel, type HubModels } from "./model";
import type { Workload } from "./offering";
import { planTarget } from "./target";
import { planAdapters } from "./adapters";
import { gatewayIssues } from "./gateway";
import { planVectorDatabase } from "./vector-database";
import type { DeploymentPlan, TargetPlan } from "./types";

export * from "./types";
export { sizeReplica, weightsGb, kvBytesPerToken, tensorParallelCandidates, tensorParallelProblem, runtimeOverheadGb, OVERHEAD_GB_PER_GPU } from "./sizing";
export { performanceAt, sloConcurrency, prefillMs, decodeStepMs } from "./performance";

/** The spec's `serving` section as the offering evaluation takes it. */
export function servingWorkload(serving: NonNullable<DeploymentSpec["serving"]>): NonNullable<Workload["serving"]> {
  const { inputTokens, outputTokens, concurrentUsers, requestsPerSecond } = serving.load;
  return { request: { inputTokens, outputTokens }, slo: serving.slo, load: { concurrentUsers, requestsPerSecond }, rankBy: serving.rankBy };
}

/** Value of the `managed-by` tag on every resource. */
export const MANAGED_BY = "gpu-inference-kit";

/** Spec sections the kit accepts but does not build yet: said plainly rather than silently ignored. */
export function notYetBuilt(spec: DeploymentSpec): string[] {
  const out: string[] = [];
  // With a gateway, moderation and the filing number are built (components/plan/gateway.ts); gatewayIssues refuses moderation without one.
  if (spec.compliance?.filingNumber && !spec.gateway) out.push("compliance.filingNumber is recorded but no gateway adds it to responses: set gateway.consumers");
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
 * `hub`: shapes of models outside the catalog read from hub configs (e.g. `cachedHubModels()` of
 * cli/hub/resolve.ts over the committed cache file); the planner itself never fetches.
 */
export function planDeployment(spec: DeploymentSpec, stack: string, catalog: Catalog, hub?: HubModels): DeploymentPlan {
  const resolved = resolveModel(spec, catalog, hub);
  const issues: ConfigIssue[] = [...resolved.issues, ...gatewayIssues(spec)];
  const targets: TargetPlan[] = [];
  if (resolved.model) {
    // Adapters are deployment-wide: their memory is part of every offering's fit test (issues are reported per target).
    const lora = planAdapters(spec, resolved.model.shape).lora;
    const workload: Workload = {
      model: resolved.model,
      quantization: spec.model.quantization,
      engine: spec.engine.name,
      kvCacheDtype: spec.engine.kvCacheDtype,
      maxContextTokens: spec.model.maxContextTokens,
      maxConcurrentRequests: spec.engine.maxConcurrentRequests,
      gpuMemoryUtilization: spec.engine.gpuMemoryUtilization,
      tensorParallel: spec.engine.tensorParallel,
      hoursPerMonth: spec.budget.hoursPerMonth,
      // Without serving the planner ranks as before (hourly price for maxConcurrentRequests per replica).
      ...(spec.serving ? { serving: servingWorkload(spec.serving) } : { rankBy: "hourly" as const }),
      ...(lora ? { lora } : {}),
    };
    spec.targets.forEach((_, index) => {
      const result = planTarget(index, { spec, stack, catalog, model: resolved.model!, workload });
      issues.push(...result.issues);
      if (result.plan) targets.push(result.plan);
    });
  }
  if (!issues.length && spec.vectorDatabase) {
    // Beside the target it names (default: the first); placement follows that target's runtime.
    const infos = targets.map((t) => ({
      name: t.name,
      cloud: t.placement.cloud,
      runtime: t.placement.runtime,
      clusterMode: t.kubernetes?.cluster.mode ?? null,
      appNamespace: t.kubernetes?.namespace ?? null,
      physicalName: t.names.physical,
      environment: spec.environment,
      vpcCidr: t.network.vpcCidr,
      region: t.placement.region,
      hostSubnets: t.network.hostSubnets,
      registryMirror: t.registryMirror,
      residency: t.placement.residency,
      index: spec.targets.findIndex((s) => s.name === t.name),
    }));
    const db = planVectorDatabase(spec, stack, infos);
    issues.push(...db.issues);
    const beside = db.plan ? targets.find((t) => t.name === db.plan!.target) : undefined;
    if (beside && db.plan) beside.vectorDatabase = db.plan;
  }
  if (issues.length) throw new ConfigError(issues);
  const warnings: string[] = [...notYetBuilt(spec), ...targets.flatMap((t) => t.vectorDatabase?.warnings ?? [])];
  if (spec.loadBalancer.public && !spec.engine.apiKeySecret && !spec.gateway) {
    warnings.push("loadBalancer.public is true and engine.apiKeySecret is not set: anyone allowed by allowedCidrs can call the model");
  }
  if (spec.loadBalancer.public && (spec.engine.apiKeySecret || spec.gateway) && !spec.loadBalancer.tls) {
    warnings.push(`loadBalancer.public is true without loadBalancer.tls: the ${spec.gateway ? "gateway consumer keys cross" : "engine API key crosses"} the internet in cleartext; set loadBalancer.tls.certificateId`);
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
