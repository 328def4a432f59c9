/**
 * The shape of a kit rule: a `@pulumi/policy` policy (resource or stack) plus the metadata the
 * generated README, the SARIF output and the coverage test read. Policies are plain objects of
 * `@pulumi/policy` 1.21.0's `ResourceValidationPolicy` / `StackValidationPolicy` types, so the pack
 * entry (`policies/index.ts`) hands them to `PolicyPack` unchanged and `gpukit check` runs the very
 * same objects.
 */
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

/** Concern a rule belongs to (one module each under policies/rules/). */
export type RuleCategory = "cost" | "security" | "deployability" | "compliance";

/** Severity as `@pulumi/policy` 1.18+ spells it. */
export type Severity = "low" | "medium" | "high" | "critical";

/** Metadata of a rule beyond the policy object. */
export interface RuleMeta {
  category: RuleCategory;
  /** Checkov / CIS / InfraGuard controls it corresponds to (empty when none exists). */
  controls: string[];
  /**
   * Resource types the rule inspects (resource rules, and stack rules that read given types). The
   * coverage test requires every type the kit creates to be seen by a security rule or listed in
   * `SECURITY_NOT_APPLICABLE`.
   */
  types: string[];
  /** Set when the rule can only run fully offline (`gpukit check`); why. Empty: runs the same under the CLI. */
  offlineOnly?: string;
}

/** A kit policy: a `@pulumi/policy` policy with `severity`, `remediationSteps` and a config schema. */
export type KitPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
  severity: Severity;
  remediationSteps: string;
  configSchema: PolicyConfigSchema;
  enforcementLevel: EnforcementLevel;
};

/** A rule: the policy and its metadata. */
export interface KitRule {
  policy: KitPolicy;
  meta: RuleMeta;
}

/** Default config of a policy: the `default` of each property of its schema. */
export function schemaDefaults(schema: PolicyConfigSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const d = (prop as { default?: unknown }).default;
    if (d !== undefined) out[key] = structuredClone(d);
  }
  return out;
}

/**
 * The policy config a validation sees: the schema's defaults overlaid with what the host (or
 * `gpukit check`) passes through `getConfig()` — the CLI passes the `--policy-pack-config` entry.
 */
export function configOf<T extends object>(schema: PolicyConfigSchema, getConfig: (() => unknown) | undefined): T {
  const given = (getConfig?.() ?? {}) as Record<string, unknown>;
  return { ...schemaDefaults(schema), ...given } as T;
}
