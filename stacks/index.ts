/**
 * The Pulumi program: reads `gpu-inference:deployment`, validates it (every error at once, before
 * any resource is registered), plans it and builds the deployment. The same program runs under
 * `pulumi up` and, with runtime mocks, under `gpukit plan`.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadCatalog } from "../catalog";
import { InferenceDeployment } from "../components/deployment";
import { planDeployment } from "../components/plan";
import { ConfigError, DEPLOYMENT_CONFIG_KEY, parseDeploymentSpec, PROJECT_NAME } from "../components/spec";

const config = new pulumi.Config(PROJECT_NAME);
const catalog = loadCatalog();

function plan() {
  try {
    const spec = parseDeploymentSpec(config.requireObject(DEPLOYMENT_CONFIG_KEY), catalog);
    return { spec, plan: planDeployment(spec, pulumi.getStack(), catalog) };
  } catch (error) {
    if (error instanceof ConfigError) throw error.toInputPropertiesError();
    throw error;
  }
}

const planned = plan();
const secrets = {
  hubToken: planned.spec.model.hubTokenSecret ? config.requireSecret(planned.spec.model.hubTokenSecret) : undefined,
  apiKey: planned.spec.engine.apiKeySecret ? config.requireSecret(planned.spec.engine.apiKeySecret) : undefined,
};
const deployment = new InferenceDeployment(pulumi.getStack(), { ...planned, secrets });

/** Endpoint URL of the first target. */
export const endpoint = deployment.endpoint;
/** Endpoint URL per target. */
export const endpoints = deployment.endpoints;
/** Cloud, region, zones, instance type, GPUs and parallelism per target. */
export const placement = deployment.placement;
/** Estimated cost per hour at minimum replicas, in `cost.currency`. */
export const hourlyCost = deployment.hourlyCost;
/** Estimated cost per month and the basis of the estimate. */
export const cost = planned.plan.cost;
