/**
 * `InferenceDeployment`: the top component. It takes a finished plan (plain data) and builds every
 * target through its cloud's adapter, passing secrets as Pulumi secrets. Outputs: the endpoint of
 * each target, their placement, and the hourly cost estimate.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadCatalog } from "../catalog";
import type { CloudTarget, TargetSecret } from "./adapter";
import { ADAPTERS } from "./adapter-registry";
import { planDeployment } from "./plan";
import type { DeploymentPlan } from "./plan/types";
import { ConfigError, parseDeploymentSpec } from "./spec";
import type { VectorDatabaseOutputs } from "./vector-database/helm";
import { consumerKeys, generatedSecretValue } from "./gateway/keys";

/** Type token of {@link InferenceDeployment} (frozen). */
export const INFERENCE_DEPLOYMENT_TYPE = "gpu-inference:index:InferenceDeployment";

/** Logical name of the root component the stack program creates (constant: the stack is in every URN). */
export const ROOT_COMPONENT_NAME = "gpu-inference";

/** Secret values by config key (`plan.targets[].secrets[].configKey`, e.g. `hfToken`); required for every secret the plan names. */
export type DeploymentSecrets = Record<string, pulumi.Input<string>>;

/** Inputs of {@link InferenceDeployment}: a finished plan, or a raw spec the component validates and plans. */
export type InferenceDeploymentArgs =
  | {
      /** The plan from `planDeployment` (plain data: decides every resource). */
      plan: DeploymentPlan;
      secrets?: DeploymentSecrets;
    }
  | {
      /** A deployment spec (the `gpu-inference:deployment` shape); validated and planned inside, for the current stack. */
      spec: unknown;
      secrets?: DeploymentSecrets;
    };

/** Where a target runs and what it runs on, as exported by the stack. */
export interface PlacementOutput {
  cloud: string;
  region: string;
  zones: string[];
  instanceType: string;
  gpu: string;
  gpus: number;
  tensorParallel: number;
  replicas: { min: number; max: number };
}

/** The plan of `args`: given, or validated and planned from the spec (throws a ResourceError with every problem). */
function planOf(args: InferenceDeploymentArgs, parent: pulumi.Resource): DeploymentPlan {
  if ("plan" in args) return args.plan;
  const catalog = loadCatalog();
  try {
    return planDeployment(parseDeploymentSpec(args.spec, catalog), pulumi.getStack(), catalog);
  } catch (error) {
    if (error instanceof ConfigError) throw new pulumi.ResourceError(error.message, parent);
    throw error;
  }
}

/** The whole inference deployment of one stack. */
export class InferenceDeployment extends pulumi.ComponentResource {
  /** Endpoint URL of each target, by target name. */
  declare public readonly endpoints: pulumi.Output<Record<string, string>>;
  /** Endpoint URL of the first target (the only one in single-target stacks). */
  declare public readonly endpoint: pulumi.Output<string>;
  /** Placement of each target, by target name. */
  declare public readonly placement: Record<string, PlacementOutput>;
  /** Estimated cost per hour at `replicas.min` in the budget currency; null when a price is unknown. */
  declare public readonly hourlyCost: number | null;
  /** Estimated cost per month (hourly × hoursPerMonth). */
  declare public readonly monthlyCost: number | null;
  /** The target components, by target name. */
  declare public readonly targets: Record<string, CloudTarget>;
  /** The plan the deployment was built from. */
  declare public readonly plan: DeploymentPlan;
  /** Gateway consumer keys (secret) by target name, then consumer name; empty without a gateway. */
  declare public readonly gatewayKeys: pulumi.Output<Record<string, Record<string, string>>>;
  /** The vector database (endpoint inside the cluster, user, password as a secret, backups), when the spec has one. */
  declare public readonly vectorDatabase: VectorDatabaseOutputs | undefined;

  constructor(name: string, args: InferenceDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(INFERENCE_DEPLOYMENT_TYPE, name, {}, opts);
    const plan = planOf(args, this);
    const targets: Record<string, CloudTarget> = {};
    const gatewayKeys: Record<string, pulumi.Output<Record<string, string>>> = {};
    const placement: Record<string, PlacementOutput> = {};
    for (const target of plan.targets) {
      // the adapter adds the values it makes itself (the gateway's managed Redis endpoint)
      const secrets: TargetSecret[] = target.secrets.filter((s) => s.generated?.kind !== "adapter").map((s) => {
        // gateway consumer keys and upstream endpoints are generated here (components/gateway/keys.ts), never read from config
        if (s.generated) return { ...s, value: generatedSecretValue(target.names.logical, s, this) };
        const value = args.secrets?.[s.configKey];
        if (value === undefined) throw new pulumi.ResourceError(`target ${target.name}: secret ${s.name} needs a value for config key ${s.configKey} (pulumi config set --secret ${s.configKey} …)`, this);
        return { ...s, value: pulumi.secret(value) };
      });
      if (target.gateway) gatewayKeys[target.name] = consumerKeys(secrets);
      targets[target.name] = ADAPTERS[target.placement.cloud].createTarget(target.names.logical, { plan: target, tags: plan.tags, secrets }, { parent: this });
      placement[target.name] = {
        cloud: target.placement.cloud,
        region: target.placement.region,
        zones: target.placement.zones,
        instanceType: target.offering.instanceType,
        gpu: target.offering.gpu.model,
        gpus: target.offering.gpu.count,
        tensorParallel: target.tensorParallel,
        replicas: target.replicas,
      };
    }
    const names = Object.keys(targets);
    this.vectorDatabase = Object.values(targets).map((t) => (t as { vectorDatabase?: VectorDatabaseOutputs }).vectorDatabase).find((v) => v !== undefined);
    this.plan = plan;
    this.gatewayKeys = pulumi.secret(pulumi.all(gatewayKeys)) as pulumi.Output<Record<string, Record<string, string>>>;
    this.targets = targets;
    this.placement = placement;
    this.endpoints = pulumi.all(Object.fromEntries(names.map((n) => [n, targets[n].endpoint]))) as pulumi.Output<Record<string, string>>;
    this.endpoint = names.length ? targets[names[0]].endpoint : pulumi.output("");
    this.hourlyCost = plan.cost.totalHourlyCost;
    this.monthlyCost = plan.cost.totalMonthlyCost;
    this.registerOutputs({
      endpoints: this.endpoints,
      endpoint: this.endpoint,
      placement: this.placement,
      hourlyCost: this.hourlyCost,
      monthlyCost: this.monthlyCost,
      gatewayKeys: this.gatewayKeys,
    });
  }
}
