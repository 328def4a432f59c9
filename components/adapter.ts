/**
 * The contract every cloud adapter implements. The top `InferenceDeployment` component talks only
 * to this interface: it hands each adapter a plain {@link TargetPlan} (which already decides the
 * network layout, CIDRs, load-balancer source ranges, secret-store names, disk sizes and names) and
 * gets back a component with the endpoint. Adapters map the plan to resources and decide nothing.
 *
 * One style on every cloud (as pulumi-eks and pulumi-awsx): each cloud folder has the same files —
 * `provider.ts` (the explicit regional provider), `target.ts` (the component), `network.ts`,
 * `security.ts`, `host-group.ts`, `load-balancer.ts`, `image.ts` — and every building block is a
 * function `createX(name, args, parent, provider)` whose children are named `<name>-<role>`, are
 * parented to `parent` and use `provider`.
 *
 * Type tokens (`gpu-inference:<cloud>:VmTarget`, `gpu-inference:index:InferenceDeployment`) are
 * frozen once shipped: a component that moves or is renamed keeps its old token as an alias
 * (`aliases: [{ type: OLD_TOKEN }]`) so existing stacks do not replace it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../catalog/schema";
import type { SecretPlan, TargetPlan } from "./plan/types";

/** A secret value the target's hosts need (hub token, engine API key), always a Pulumi secret. */
export interface TargetSecret extends SecretPlan {
  /** The value, a Pulumi secret. */
  value: pulumi.Output<string>;
}

/** Inputs of a cloud target component. */
export interface CloudTargetArgs {
  /** The target's plan: plain data that decides every resource and setting. */
  plan: TargetPlan;
  /** Tags for every resource: environment, owner, cost-center, stack, managed-by. */
  tags: Record<string, string>;
  /** Values of `plan.secrets`, in the same order, as Pulumi secrets. */
  secrets: TargetSecret[];
  /**
   * Explicit provider for the target's region. When absent the adapter creates one,
   * `<name>-provider`, for `plan.placement.region`: resources never go through the default provider,
   * whose region is whatever the operator's environment says.
   */
  provider?: pulumi.ProviderResource;
}

/** What a built target exposes. */
export interface CloudTarget extends pulumi.ComponentResource {
  /** Base URL of the OpenAI-compatible API behind the load balancer, e.g. `https://lb-123.elb.amazonaws.com`. */
  readonly endpoint: pulumi.Output<string>;
  /** Id of the host group (autoscaling group, scaling group or instance list). */
  readonly hostGroupId: pulumi.Output<string>;
  /** The regional provider every child of the target uses. */
  readonly provider: pulumi.ProviderResource;
}

/** One adapter per cloud. */
export interface CloudAdapter {
  readonly cloud: Cloud;
  /**
   * Builds one target: provider, network, security groups, secret store, GPU host group and load
   * balancer. `name` is the target's logical-name prefix (`plan.names.logical`); `opts.parent` is
   * the deployment component.
   */
  createTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget;
}

/** The one error type of the adapters: a `ResourceError` on the target component that names the target. */
export function targetError(plan: TargetPlan, parent: pulumi.Resource, message: string): pulumi.ResourceError {
  return new pulumi.ResourceError(`target ${plan.name} (${plan.placement.cloud} ${plan.placement.region}): ${message}`, parent);
}

/**
 * The guard every VM adapter runs first: the plan must be for `cloud` and for `runtime: vm`
 * (the planner already refuses other runtimes; this keeps a mis-wired call from building on the
 * wrong cloud). Throws {@link targetError}.
 */
export function assertVmTargetFor(cloud: Cloud, plan: TargetPlan, parent: pulumi.Resource): void {
  if (plan.placement.cloud !== cloud) throw targetError(plan, parent, `the plan is for ${plan.placement.cloud}, not ${cloud}`);
  if (plan.placement.runtime !== "vm") throw targetError(plan, parent, `the ${cloud} adapter builds runtime vm, got ${plan.placement.runtime}`);
}
