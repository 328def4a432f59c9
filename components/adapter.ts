/**
 * The contract every cloud adapter implements. The top `InferenceDeployment` component talks only
 * to this interface: it hands each adapter a plain {@link TargetPlan} and gets back a component
 * with the endpoint. Inside, each adapter composes its own building blocks (network, host group,
 * load balancer, secret store), one file each.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../catalog/schema";
import type { DeploymentSpec } from "./spec/schema";
import type { TargetPlan } from "./plan/types";

/** A secret value the target's hosts need (hub token, engine API key), always a Pulumi secret. */
export interface TargetSecret {
  /** Logical name, e.g. `hubToken`. */
  name: "hubToken" | "apiKey";
  /** Environment variable the engine reads. */
  envVar: string;
  /** Name under which the adapter stores it in the cloud's secret store (see `secretStoreName`). */
  storeName: string;
  /** The value, a Pulumi secret. */
  value: pulumi.Output<string>;
}

/** Inputs of a cloud target component. */
export interface CloudTargetArgs {
  /** The target's plan (plain data: decides which resources exist). */
  plan: TargetPlan;
  /** Stack-level load balancer settings from the spec. */
  loadBalancer: DeploymentSpec["loadBalancer"];
  /** Tags for every resource: environment, owner, cost-center, stack, managed-by. */
  tags: Record<string, string>;
  /** Secrets the hosts fetch at boot. */
  secrets: TargetSecret[];
  /** Explicit provider for the target's region (Tencent Cloud, Volcano Engine); default provider otherwise. */
  provider?: pulumi.ProviderResource;
  /**
   * The target's `network` from the spec: a VPC to create (`vpcCidr`, default `10.42.0.0/16`) or an
   * existing VPC with one subnet (vSwitch) per zone, in the order of `plan.placement.zones`.
   */
  network?: { vpcCidr?: string; existing?: { vpcId: string; subnetIds: string[] } };
}

/** What a built target exposes. */
export interface CloudTarget extends pulumi.ComponentResource {
  /** Base URL of the OpenAI-compatible API behind the load balancer, e.g. `https://lb-123.elb.amazonaws.com`. */
  readonly endpoint: pulumi.Output<string>;
  /** Id of the host group (autoscaling group, scaling group or instance list). */
  readonly hostGroupId: pulumi.Output<string>;
}

/** One adapter per cloud. */
export interface CloudAdapter {
  readonly cloud: Cloud;
  /**
   * Builds one target: network, security groups, secret store, GPU host group and load balancer.
   * `name` is the target's resource-name prefix; `opts.parent` is the deployment component.
   */
  createTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget;
}

/**
 * Name of a secret in the cloud's secret store, deterministic so that the planner can render the
 * boot script that fetches it before any resource exists: `gpu-inference/<stack>/<target>/<secret>`
 * (AWS SSM uses it with a leading `/`).
 */
export function secretStoreName(stack: string, target: string, secret: TargetSecret["name"]): string {
  return `gpu-inference/${stack}/${target}/${secret}`;
}

/**
 * The guard every VM adapter runs first: the plan must be for `cloud` and for `runtime: vm`
 * (the planner already refuses other runtimes; this keeps a mis-wired call from building on the
 * wrong cloud). Throws a `ResourceError` on `parent`.
 */
export function assertVmTargetFor(cloud: Cloud, plan: TargetPlan, parent: pulumi.Resource): void {
  if (plan.placement.cloud !== cloud) {
    throw new pulumi.ResourceError(`Target ${plan.name} is for ${plan.placement.cloud}, not ${cloud}`, parent);
  }
  if (plan.placement.runtime !== "vm") {
    throw new pulumi.ResourceError(`Target ${plan.name}: the ${cloud} adapter builds runtime vm, got ${plan.placement.runtime}`, parent);
  }
}
