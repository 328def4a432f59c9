/**
 * Shapes of the deployability checks: what they read (the plan and the recorded resources, as plain
 * data), what they report (findings, and notes for checks that were skipped on purpose), and the
 * check itself (a stable id, a description, a remediation and a pure function), so that the CLI, the
 * tests and a policy pack call the very same functions. No Pulumi import here or anywhere in
 * `deployability/`.
 */
import type { DeploymentPlan, TargetPlan } from "../components/plan/types";

/**
 * One recorded resource, structurally the `RecordedResource` of `cli/offline/recorder.ts` (copied so
 * that this folder never imports the recorder, which imports `@pulumi/pulumi`).
 */
export interface RecordedResourceLike {
  type: string;
  name: string;
  urn: string;
  parent?: string;
  /** `<provider urn>::<provider id>` when an explicit provider was passed. */
  provider?: string;
  custom: boolean;
  id?: string;
  protect?: boolean;
  inputs: Record<string, unknown>;
}

/** What the checks read: the plan the program was run with and every resource it registered. */
export interface DeploymentRun {
  plan: DeploymentPlan;
  resources: readonly RecordedResourceLike[];
}

/** Stable ids of the checks (used in output, in tests and as policy names). */
export type CheckId =
  | "provider-region"
  | "host-egress"
  | "lb-reaches-engine"
  | "metadata-mode"
  | "disk-floor"
  | "health-grace"
  | "mainland-registry"
  | "kubernetes-workload"
  | "vector-database"
  | "vector-database-vm"
  | "gateway-port"
  | "secret-access";

/** A defect the cloud would reject, or a deployment that would not serve. */
export interface Finding {
  check: CheckId;
  /** Plan target name. */
  target: string;
  /** URN of the offending resource, or its logical name when the resource is missing (what should exist). */
  resource: string;
  /** What is wrong, naming the resource and the values involved. */
  message: string;
  /** What to change. */
  fix: string;
}

/** A check that was skipped or could only be partly made, and why (never fails `gpukit plan`). */
export interface Note {
  check: CheckId;
  target: string;
  message: string;
}

/** The result of one check. */
export interface CheckResult {
  findings: Finding[];
  notes: Note[];
}

/** One deployability check: usable from the CLI, from tests and as a policy-pack rule. */
export interface DeployabilityCheck {
  id: CheckId;
  /** One sentence: what the check proves. */
  description: string;
  /** What to do when it fails, in general terms (each finding carries its own `fix`). */
  remediation: string;
  /** Pure: reads the run, returns findings and notes. */
  run(run: DeploymentRun): CheckResult;
}

/** The recorded resources of one plan target: its component and every descendant. */
export interface TargetScope {
  plan: TargetPlan;
  /** The target's component (`gpu-inference:<cloud>:VmTarget`), undefined when not recorded. */
  component: RecordedResourceLike | undefined;
  /** The component's descendants (parent chain), in registration order; empty without a component. */
  resources: RecordedResourceLike[];
}
