/**
 * The stack a rule is checking: its deployment spec and the plan derived from it. The policy host
 * has no plan, but it has the stack's config (the CLI passes it to the pack process, so
 * `new pulumi.Config("gpu-inference")` reads `gpu-inference:deployment` and `pulumi.getStack()`
 * names the stack): the plan is recomputed from the spec with the same pure planner and catalog the
 * program used. `gpukit check` reads it the same way (the offline run sets the same config), so
 * both paths run this code. Tests pin a context with {@link setStackContext}.
 */
import type * as pulumi from "@pulumi/pulumi";
import { loadCatalog, type Catalog } from "../../catalog";
import { planDeployment, type DeploymentPlan } from "../../components/plan";
import { DEPLOYMENT_CONFIG_KEY, parseDeploymentSpec, PROJECT_NAME, type DeploymentSpec } from "../../components/spec";

/** What stack rules know about the stack beyond its resources. */
export interface StackContext {
  stack: string;
  spec: DeploymentSpec;
  plan: DeploymentPlan;
}

let pinned: StackContext | null | undefined;
let memo: { key: string; ctx: StackContext } | undefined;
let catalog: Catalog | undefined;

/** The catalog, loaded once per process. */
export function kitCatalog(): Catalog {
  return (catalog ??= loadCatalog());
}

/**
 * Pins the context rules see (tests); `null` pins "no stack config"; `undefined` returns to reading
 * the Pulumi config.
 */
export function setStackContext(ctx: StackContext | null | undefined): void {
  pinned = ctx;
}

/**
 * The stack's spec and plan, from the pinned context or the stack config
 * (`gpu-inference:deployment`); undefined when the config has no spec. Throws the spec's
 * `ConfigError` when the spec is invalid (the program would have failed first).
 */
export function stackContext(): StackContext | undefined {
  if (pinned !== undefined) return pinned ?? undefined;
  // Loaded on use (as ConfigError.toInputPropertiesError does): the rules stay pure functions over
  // recorded resources, and their tests, which pin a context, do not load the Pulumi SDK (~700 modules).
  const { Config, getStack } = require("@pulumi/pulumi") as typeof pulumi;
  const raw = new Config(PROJECT_NAME).getObject<unknown>(DEPLOYMENT_CONFIG_KEY);
  if (raw === undefined) return undefined;
  const stack = getStack();
  const key = `${stack}\u0000${JSON.stringify(raw)}`;
  if (memo?.key !== key) {
    const spec = parseDeploymentSpec(raw, kitCatalog());
    memo = { key, ctx: { stack, spec, plan: planDeployment(spec, stack, kitCatalog()) } };
  }
  return memo.ctx;
}

/** Message of a violation reported because the rule cannot see the stack's spec. */
export const NO_CONTEXT = `the stack config has no ${PROJECT_NAME}:${DEPLOYMENT_CONFIG_KEY} spec, so this rule cannot check the stack (run the pack against a gpu-inference-kit stack)`;
