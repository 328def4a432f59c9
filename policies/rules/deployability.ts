/**
 * The deployability checks of `gpukit plan` (deployability/) as stack rules of the pack, built
 * from the very same check objects through `deployability/policy.ts` `stackRule`: one rule per
 * check, named `deployability-<check id>`. The plan the checks need is recomputed from the stack
 * config (policies/rules/context.ts). Under `pulumi preview` the ids of resources not yet created
 * are unknown, so checks that follow ids see fewer links than the offline run (see stackRule). The
 * rule's name comes from `stackRule` and its body is stackRule's (map the host's resources, run the
 * check, report each finding) over the resources with their ids rebuilt.
 */
import { DEPLOYABILITY_CHECKS, stackRule, type PolicyResourceLike } from "../../deployability";
import type { DeployabilityCheck } from "../../deployability/types";
import { NO_CONTEXT, stackContext } from "./context";
import type { KitRule, Severity } from "./types";

/** Severity per check: failures that stop the deployment are high, the rest medium. */
const SEVERITY: Record<string, Severity> = { "provider-region": "critical", "host-egress": "high", "lb-reaches-engine": "high", "metadata-mode": "high", "disk-floor": "high", "health-grace": "medium", "mainland-registry": "high" };

/** A stack resource as the host passes it: what the deployability checks read, and its property dependencies. */
export interface HostResource extends PolicyResourceLike {
  propertyDependencies?: Record<string, ReadonlyArray<{ urn: string }>>;
}

/**
 * The resources with ids: the checks link resources by id (an EIP association names the EIP's
 * id). `gpukit check` passes the run's ids; the policy host passes none, so an id is rebuilt from
 * every unambiguous reference — a property that depends on exactly one resource and holds one
 * string is that resource's id (true once it exists, under `pulumi up`). Under `pulumi preview`
 * such references are unknown: reading them throws and the host reports "can't run … during
 * preview" (advisory) for the check.
 */
export function withIds(resources: readonly HostResource[]): PolicyResourceLike[] {
  const ids = new Map<string, string>();
  for (const r of resources) {
    for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) {
      if (deps.length !== 1) continue;
      const value = r.props[key];
      const id = typeof value === "string" ? value : Array.isArray(value) && value.length === 1 && typeof value[0] === "string" ? value[0] : undefined;
      if (id !== undefined && !ids.has(deps[0]!.urn)) ids.set(deps[0]!.urn, id);
    }
  }
  return resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.props, parent: r.parent, provider: r.provider, id: r.id ?? ids.get(r.urn), opts: r.opts }));
}

/** The rule of one deployability check. */
export function deployabilityRule(check: DeployabilityCheck): KitRule {
  const base = stackRule(check, () => stackContext()!.plan);
  return {
    meta: { category: "deployability", controls: [], types: [] },
    policy: {
      name: base.name,
      description: check.description,
      severity: SEVERITY[check.id] ?? "medium",
      enforcementLevel: "mandatory",
      remediationSteps: check.remediation,
      configSchema: { properties: {} },
      validateStack: (args, report) => {
        if (!stackContext()) return report(NO_CONTEXT);
        base.validateStack({ resources: withIds(args.resources as readonly HostResource[]) }, report);
      },
    },
  };
}

/** One rule per deployability check, in the checks' order. */
export const DEPLOYABILITY_RULES: readonly KitRule[] = DEPLOYABILITY_CHECKS.map(deployabilityRule);
