/**
 * Runs the policy pack offline, as the Pulumi policy host would: every resource rule over every
 * recorded resource (its inputs, as `Analyze` receives them) and every stack rule over all of them
 * (`AnalyzeStack`), with props wrapped in `@pulumi/policy`'s `unknownCheckingProxy` so that a value
 * unknown at preview yields the host's advisory "can't run policy … during preview" finding, and
 * enforcement levels resolved from a `--policy-pack-config` file (`all`, then per rule). The rules
 * are the objects `policies/index.ts` hands to `PolicyPack`; nothing here decides a finding.
 */
import type { EnforcementLevel, PolicyPackConfig, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { KitPolicy, Severity } from "../../policies/rules";

/* `unknownCheckingProxy`/`UnknownValueError` are re-exported by the package root since 1.21.0, but
 * the shipped proxy.d.ts does not declare them: typed here. */
const proxyModule = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(value: T): T; UnknownValueError: new (...args: never[]) => Error };

/** A recorded resource (structurally `cli/offline/recorder.ts` `RecordedResource`). */
export interface CheckResource {
  type: string;
  name: string;
  urn: string;
  parent?: string;
  provider?: string;
  custom?: boolean;
  /** Id the offline mocks assigned (known offline as after `pulumi up`; unknown at preview). */
  id?: string;
  protect?: boolean;
  inputs: Record<string, unknown>;
}

/** One violation, in the JSON output's shape. */
export interface Violation {
  policy: string;
  enforcementLevel: "advisory" | "mandatory";
  severity: Severity;
  message: string;
  /** URN of the resource, or null for a stack-wide finding. */
  urn: string | null;
  remediation: string;
}

/** Result of {@link runPolicies}. */
export interface CheckResult {
  violations: Violation[];
  policiesRun: number;
  resourcesChecked: number;
}

/** Thrown by `args.notApplicable` (the host's own error class is not exported). */
class NotApplicable extends Error {}

/** Pack name and version the "can't run" messages name. */
export interface PackIdentity {
  name: string;
  version: string;
}

/**
 * The enforcement level of `policy` under `config`: the policy's own entry, else `all`, else the
 * policy's default (`"advisory"` when it has none). `remediate` counts as mandatory (as the host does).
 */
export function levelOf(policy: KitPolicy, config: PolicyPackConfig): EnforcementLevel {
  const own = config[policy.name];
  const ownLevel = typeof own === "string" ? own : own?.enforcementLevel;
  const all = config.all;
  const allLevel = typeof all === "string" ? all : all?.enforcementLevel;
  const level = ownLevel ?? allLevel ?? policy.enforcementLevel ?? "advisory";
  return level === "remediate" ? "mandatory" : level;
}

/** The config props of `policy` (its entry without `enforcementLevel`). */
export function propsOf(policy: KitPolicy, config: PolicyPackConfig): Record<string, unknown> {
  const own = config[policy.name];
  if (!own || typeof own === "string") return {};
  const { enforcementLevel: _level, ...rest } = own as Record<string, unknown>;
  return rest;
}

const EMPTY_OPTS = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } };
const isTypeOf = (type: string) => (cls: { __pulumiType?: string }) => cls?.__pulumiType === type;
const isResourcePolicy = (p: KitPolicy): p is KitPolicy & ResourceValidationPolicy => "validateResource" in p && p.validateResource !== undefined;
const isStackPolicy = (p: KitPolicy): p is KitPolicy & StackValidationPolicy => "validateStack" in p && typeof p.validateStack === "function";
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? {})) as T;

/** Runs `policies` over `resources` with `config`; violations in policy order, then resource order. */
export async function runPolicies(policies: readonly KitPolicy[], resources: readonly CheckResource[], config: PolicyPackConfig, pack: PackIdentity): Promise<CheckResult> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const providerOf = (r: CheckResource) => {
    const urn = r.provider?.split("::").slice(0, -1).join("::");
    const p = urn ? byUrn.get(urn) : undefined;
    return p ? { type: p.type, name: p.name, urn: p.urn, props: proxyModule.unknownCheckingProxy(copy(p.inputs)) } : undefined;
  };
  const violations: Violation[] = [];
  let run = 0;
  for (const policy of policies) {
    const level = levelOf(policy, config);
    if (level === "disabled") continue;
    run++;
    const cfg = propsOf(policy, config);
    const push = (message: string, urn: string | null, enforcementLevel: "advisory" | "mandatory" = level as "advisory" | "mandatory") =>
      violations.push({ policy: policy.name, enforcementLevel, severity: policy.severity, message, urn, remediation: policy.remediationSteps });
    const guard = async (urn: string | null, fn: () => unknown) => {
      try {
        await fn();
      } catch (error) {
        if (error instanceof NotApplicable) return;
        if (error instanceof proxyModule.UnknownValueError) {
          push(`can't run policy '${policy.name}' from policy pack '${pack.name}@v${pack.version}' during preview: ${(error as Error).message}`, urn, "advisory");
          return;
        }
        throw new Error(`policy ${policy.name} failed${urn ? ` on ${urn}` : ""}: ${(error as Error).message}`);
      }
    };
    const notApplicable = (reason?: string): never => {
      throw new NotApplicable(reason);
    };
    if (isResourcePolicy(policy)) {
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const r of resources) {
        const props = proxyModule.unknownCheckingProxy(copy(r.inputs));
        const args: ResourceValidationArgs = {
          type: r.type,
          props,
          urn: r.urn,
          name: r.name,
          opts: { ...EMPTY_OPTS, protect: r.protect ?? false, parent: r.parent },
          stackTags: new Map(),
          isType: isTypeOf(r.type) as never,
          asType: ((cls: { __pulumiType?: string }) => (isTypeOf(r.type)(cls) ? props : undefined)) as never,
          getConfig: (() => cfg) as never,
          notApplicable,
        };
        const provider = providerOf(r);
        if (provider) args.provider = provider as never;
        const report: ReportViolation = (message, urn) => push(message, urn ?? r.urn);
        for (const v of validations) if (v) await guard(r.urn, () => v(args, report));
      }
    } else if (isStackPolicy(policy)) {
      const stackResources = resources.map((r) => {
        const props = proxyModule.unknownCheckingProxy(copy(r.inputs));
        const out = { type: r.type, name: r.name, urn: r.urn, id: r.id, props, opts: { ...EMPTY_OPTS, protect: r.protect ?? false }, dependencies: [], propertyDependencies: {}, isType: isTypeOf(r.type), asType: (cls: { __pulumiType?: string }) => (isTypeOf(r.type)(cls) ? props : undefined) } as unknown as PolicyResource & { provider?: unknown };
        const provider = providerOf(r);
        if (provider) out.provider = provider;
        return out;
      });
      const index = new Map(stackResources.map((s) => [s.urn, s]));
      resources.forEach((r, i) => {
        const parent = r.parent ? index.get(r.parent) : undefined;
        if (parent) (stackResources[i] as { parent?: PolicyResource }).parent = parent;
      });
      const args: StackValidationArgs = { resources: stackResources, getConfig: (() => cfg) as never, stackTags: new Map(), notApplicable };
      await guard(null, () => policy.validateStack(args, (message, urn) => push(message, urn ?? null)));
    }
  }
  return { violations, policiesRun: run, resourcesChecked: resources.length };
}
