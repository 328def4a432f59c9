/**
 * The checks as policy-pack rules, without importing `@pulumi/policy` (not installed yet): a plain
 * object with the shape of a `StackValidationPolicy` (`name`, `description`, `enforcementLevel`,
 * `validateStack`) per check, and the mapping from the policy host's stack resources to the
 * recorded-resource shape the checks read. The plan comes from the caller (e.g. the policy config
 * or the planner run by the pack itself).
 *
 * Limits under `pulumi preview`: the ids of resources not yet created are unknown, so checks that
 * follow ids (route tables, SNAT entries, security-group references) see fewer links than the offline
 * run, where the mocks assign `<name>-id`; run `gpukit plan` for the full picture.
 */
import type { DeploymentPlan } from "../components/plan/types";
import type { DeployabilityCheck, RecordedResourceLike } from "./types";

/** The part of a policy host's `PolicyResource` the checks need (structural). */
export interface PolicyResourceLike {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  parent?: { urn: string };
  provider?: { urn: string; props?: Record<string, unknown> };
  /** Set when the host knows it (custom resources); otherwise guessed: anything but a component. */
  isCustom?: boolean;
  id?: string;
  /** Resource options the host passes; `protect` is read by the vector-database check. */
  opts?: { protect?: boolean };
}

/** Maps policy-host resources to recorded resources (provider references as `<urn>::`). */
export function toRecorded(resources: readonly PolicyResourceLike[]): RecordedResourceLike[] {
  return resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    parent: r.parent?.urn,
    provider: r.provider ? `${r.provider.urn}::` : undefined,
    // components are `<pkg>:<module>:<Type>` with no `/`; custom resources' modules are `<mod>/<file>`
    custom: r.isCustom ?? (r.type.startsWith("pulumi:providers:") || r.type.split(":")[1]?.includes("/") === true),
    id: r.id,
    protect: r.opts?.protect ?? false,
    inputs: r.props,
  }));
}

/** A stack-validation rule with the fields of `@pulumi/policy`'s `StackValidationPolicy`. */
export interface StackRule {
  name: string;
  description: string;
  enforcementLevel: "advisory" | "mandatory" | "disabled";
  validateStack: (args: { resources: readonly PolicyResourceLike[] }, reportViolation: (message: string, urn?: string) => void) => void;
}

/** Wraps a check as a stack rule; `plan` supplies the deployment plan the stack was built from. */
export function stackRule(check: DeployabilityCheck, plan: () => DeploymentPlan, enforcementLevel: StackRule["enforcementLevel"] = "mandatory"): StackRule {
  return {
    name: `deployability-${check.id}`,
    description: `${check.description} Remediation: ${check.remediation}`,
    enforcementLevel,
    validateStack: (args, reportViolation) => {
      for (const f of check.run({ plan: plan(), resources: toRecorded(args.resources) }).findings) {
        reportViolation(`${f.message} -- fix: ${f.fix}`, f.resource.startsWith("urn:") ? f.resource : undefined);
      }
    },
  };
}
