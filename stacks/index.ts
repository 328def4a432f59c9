/**
 * The Pulumi program: reads `gpu-inference:deployment`, validates it (every error at once, before
 * any resource is registered), plans it and builds the deployment. The same program runs under
 * `pulumi up` and, with runtime mocks, under `gpukit plan`.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadCatalog } from "../catalog";
import { loadComponentPrices } from "../catalog/prices/load";
import { noteResourcesForCost } from "../components/cost-estimate";
import { InferenceDeployment, ROOT_COMPONENT_NAME } from "../components/deployment";
import { cachedHubModels } from "../cli/hub/resolve";
import { planDeployment } from "../components/plan";
import { presetProgramPlan } from "../components/program-plan";
import { ConfigError, DEPLOYMENT_CONFIG_KEY, parseDeploymentSpec, PROJECT_NAME } from "../components/spec";

const config = new pulumi.Config(PROJECT_NAME);
const catalog = loadCatalog();

function plan() {
  try {
    const spec = parseDeploymentSpec(config.requireObject(DEPLOYMENT_CONFIG_KEY), catalog);
    // Models outside the catalog are sized from their hub config.json, cached in .gpukit/hub-cache.json
    // by `gpukit size --model <id>` (commit the file so every run plans the same).
    return { spec, plan: planDeployment(spec, pulumi.getStack(), catalog, cachedHubModels()) };
  } catch (error) {
    if (error instanceof ConfigError) throw error.toInputPropertiesError();
    throw error;
  }
}

// The offline run (gpukit plan) hands over the plan it already made; `pulumi up` plans here.
const planned = presetProgramPlan(pulumi.getStack()) ?? { ...plan(), costEstimate: true };
// Every secret the plan's targets need, read from its secret config key (hub token, API key, registry login).
// Generated secrets (gateway consumer keys, upstream endpoints) have no config key.
const secretKeys = new Set(planned.plan.targets.flatMap((t) => t.secrets.filter((s) => !s.generated).map((s) => s.configKey)));
const secrets = Object.fromEntries([...secretKeys].map((key) => [key, config.requireSecret(key)]));
// Every resource registered from here on is priced for the costEstimate output (the price function of `gpukit cost`).
// (offline the run records the same resources and `gpukit cost` prices them: no second copy unless asked)
const costNotes = planned.costEstimate ? noteResourcesForCost() : undefined;
const deployment = new InferenceDeployment(ROOT_COMPONENT_NAME, { plan: planned.plan, secrets }, costNotes ? { transformations: [costNotes.transformation] } : {});

/** Endpoint URL of the first target. */
export const endpoint = deployment.endpoint;
/** Gateway consumer keys by target and consumer (secret): `pulumi stack output gatewayKeys --show-secrets`. */
export const gatewayKeys = deployment.gatewayKeys;
/** Endpoint URL per target. */
export const endpoints = deployment.endpoints;
/** Cloud, region, zones, instance type, GPUs and parallelism per target. */
export const placement = deployment.placement;
/** The vector database beside the model: in-cluster endpoint, user and password (a secret), backup schedule; undefined without one. */
export const vectorDatabase = deployment.vectorDatabase;
/** Estimated cost per hour at minimum replicas, in `cost.currency`. */
export const hourlyCost = deployment.hourlyCost;
/** Estimated cost per month and the basis of the estimate. */
export const cost = planned.plan.cost;
/**
 * Cost estimate of every resource the program registered, by the price function of `gpukit cost`
 * (expected replicas, budget currency, the catalog's component prices): hourly, monthly, unpriced
 * count (> 0: the totals are lower bounds), complete, withinBudget. Resolves once the resources'
 * inputs do; `gpukit cost --stack <name>` shows every line.
 */
export const costEstimate = costNotes?.estimate({ stack: pulumi.getStack(), spec: planned.spec, plan: planned.plan }, { catalog, prices: loadComponentPrices() });
