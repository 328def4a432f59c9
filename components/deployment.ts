/**
 * `InferenceDeployment`: the top component. It takes a finished plan (plain data) and builds every
 * target through its cloud's adapter, passing secrets as Pulumi secrets. Outputs: the endpoint of
 * each target, their placement, and the hourly cost estimate.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CloudTarget, TargetSecret } from "./adapter";
import { secretStoreName } from "./adapter";
import { ADAPTERS } from "./adapters";
import type { DeploymentPlan } from "./plan/types";
import type { DeploymentSpec } from "./spec/schema";

/** Inputs of {@link InferenceDeployment}. */
export interface InferenceDeploymentArgs {
  /** The plan from `planDeployment` (plain data: decides which resources exist). */
  plan: DeploymentPlan;
  /** The parsed spec (load balancer and network settings). */
  spec: DeploymentSpec;
  /** Secret values by logical name; required for every secret the engines reference. */
  secrets: Partial<Record<TargetSecret["name"], pulumi.Output<string>>>;
}

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

  constructor(name: string, args: InferenceDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("gpu-inference:index:InferenceDeployment", name, {}, opts);
    const { plan, spec } = args;
    const targets: Record<string, CloudTarget> = {};
    const placement: Record<string, PlacementOutput> = {};
    for (const target of plan.targets) {
      const targetSpec = spec.targets.find((t) => t.name === target.name);
      const secrets: TargetSecret[] = target.engine.secretEnv.map((ref) => {
        const value = args.secrets[ref.secret];
        if (!value) throw new pulumi.ResourceError(`target ${target.name}: secret ${ref.secret} is referenced by the engine but has no value`, this);
        return { name: ref.secret, envVar: ref.envVar, storeName: secretStoreName(plan.stack, target.name, ref.secret), value: pulumi.secret(value) };
      });
      targets[target.name] = ADAPTERS[target.placement.cloud].createTarget(
        `${name}-${target.name}`,
        { plan: target, loadBalancer: spec.loadBalancer, tags: plan.tags, secrets, network: targetSpec?.network },
        { parent: this },
      );
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
    });
  }
}
