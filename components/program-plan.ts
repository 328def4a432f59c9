/**
 * A plan computed before the program runs, handed to the program so it does not validate and plan
 * the same spec a second time. `gpukit plan|cost|check` (the offline run) sets it right before it
 * loads `stacks/index.ts` and clears it afterwards; under `pulumi up|preview` nothing sets it and
 * the program plans from its config. Imports no Pulumi module.
 */
import type { DeploymentPlan } from "./plan/types";
import type { DeploymentSpec } from "./spec";

/** A validated spec and its plan for one stack. */
export interface ProgramPlan {
  /** Stack the plan was made for; the program ignores a plan made for another stack. */
  stack: string;
  spec: DeploymentSpec;
  plan: DeploymentPlan;
  /**
   * Price every registered resource for the `costEstimate` output, as `pulumi up` does. Defaults to
   * false offline: the offline run records the same resources and `gpukit cost` prices them; noting
   * them a second time costs ~2 ms of CPU per resource.
   */
  costEstimate?: boolean;
}

let preset: ProgramPlan | undefined;

/** Hands `planned` to the next program load; `undefined` clears it. */
export function setProgramPlan(planned: ProgramPlan | undefined): void {
  preset = planned;
}

/** The pre-computed plan for `stack`, if the offline run set one; undefined under `pulumi up`. */
export function presetProgramPlan(stack: string): { spec: DeploymentSpec; plan: DeploymentPlan; costEstimate: boolean } | undefined {
  return preset && preset.stack === stack ? { spec: preset.spec, plan: preset.plan, costEstimate: preset.costEstimate ?? false } : undefined;
}
