/**
 * Reading recorded resources as a graph: the target component of each plan target and its
 * descendants (parent URNs), resources by id (the mock ids the inputs of other resources carry),
 * explicit providers and their regions, and small readers for nested inputs. Pure.
 */
import type { Cloud } from "../catalog/schema";
import type { TargetPlan } from "../components/plan/types";
import { PROVIDER_FACTS } from "./facts";
import type { DeploymentRun, RecordedResourceLike, TargetScope } from "./types";

/** Type token of a target's component: `gpu-inference:<cloud>:VmTarget` (frozen tokens, see components/<cloud>/target.ts). */
export function targetComponentType(cloud: Cloud): string {
  return `gpu-inference:${cloud}:VmTarget`;
}

/** Index of a run's resources, built once per run. */
export class RunIndex {
  readonly byUrn = new Map<string, RecordedResourceLike>();
  readonly byId = new Map<string, RecordedResourceLike[]>();
  readonly children = new Map<string, RecordedResourceLike[]>();

  constructor(readonly resources: readonly RecordedResourceLike[]) {
    for (const r of resources) {
      this.byUrn.set(r.urn, r);
      if (r.id) this.byId.set(r.id, [...(this.byId.get(r.id) ?? []), r]);
      if (r.parent) this.children.set(r.parent, [...(this.children.get(r.parent) ?? []), r]);
    }
  }

  /** Every descendant of `urn` (children, their children, ...), in registration order. */
  descendants(urn: string): RecordedResourceLike[] {
    const seen = new Set<string>();
    const queue = [urn];
    while (queue.length) {
      const u = queue.shift()!;
      for (const c of this.children.get(u) ?? []) {
        if (seen.has(c.urn)) continue;
        seen.add(c.urn);
        queue.push(c.urn);
      }
    }
    return this.resources.filter((r) => seen.has(r.urn));
  }

  /** The target component of `plan`: type `gpu-inference:<cloud>:VmTarget` named `names.logical` (or the plan name). */
  component(plan: TargetPlan): RecordedResourceLike | undefined {
    const type = targetComponentType(plan.placement.cloud);
    const names = [plan.names?.logical, plan.name].filter((n): n is string => typeof n === "string");
    for (const name of names) {
      const hit = this.resources.find((r) => r.type === type && r.name === name);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The provider resource a `provider` reference (`<urn>::<id>`) points at. */
  provider(ref: string | undefined): RecordedResourceLike | undefined {
    if (!ref) return undefined;
    const cut = ref.lastIndexOf("::");
    const urn = cut > 0 ? ref.slice(0, cut) : ref;
    return this.byUrn.get(urn);
  }

  /** The first recorded resource with id `id` (optionally of one of `types`). */
  resolve(id: unknown, types?: readonly string[]): RecordedResourceLike | undefined {
    if (typeof id !== "string") return undefined;
    return (this.byId.get(id) ?? []).find((r) => !types || types.includes(r.type));
  }
}

/** The scopes of all plan targets. */
export function targetScopes(run: DeploymentRun, index = new RunIndex(run.resources)): TargetScope[] {
  return run.plan.targets.map((plan) => {
    const component = index.component(plan);
    return { plan, component, resources: component ? index.descendants(component.urn) : [] };
  });
}

/** Resources of `scope` whose type is one of `types`. */
export function ofTypes(scope: TargetScope, types: readonly string[]): RecordedResourceLike[] {
  return scope.resources.filter((r) => types.includes(r.type));
}

/** The package of a type token (`aws` of `aws:ec2/vpc:Vpc`; `aws` of `pulumi:providers:aws`). */
export function packageOf(type: string): string {
  if (type.startsWith("pulumi:providers:")) return type.slice("pulumi:providers:".length);
  return type.split(":")[0] ?? "";
}

/** Whether `r` is a cloud resource of `cloud` (custom, its package, not a provider). */
export function isCloudResource(r: RecordedResourceLike, cloud: Cloud): boolean {
  return r.custom && !r.type.startsWith("pulumi:providers:") && packageOf(r.type) === PROVIDER_FACTS[cloud].pkg;
}

/**
 * Reads a nested input by a dotted path; `a[0].b` indexes arrays, `a[].b` maps over an array (the
 * result is then an array, flattened one level).
 */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown[] = [value];
  let many = false;
  for (const part of path.split(".")) {
    const m = /^([^[]+)(?:\[(\d*|root)\])?$/.exec(part);
    if (!m) return undefined;
    const [, key, index] = m;
    const next: unknown[] = [];
    for (const v of current) {
      const child = v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
      if (index === undefined || index === "root") next.push(child);
      else if (index === "") {
        many = true;
        if (Array.isArray(child)) next.push(...child);
      } else next.push(Array.isArray(child) ? child[Number(index)] : undefined);
    }
    current = next;
  }
  return many ? current : current[0];
}

/** A number from an input that may be a number or a numeric string; undefined otherwise. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Strings from an input that may be a string, an array of strings, or absent. */
export function asStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flat().filter((v): v is string => typeof v === "string");
  return [];
}

/** Display handle of a resource in findings: its URN, else its name. */
export function handle(r: RecordedResourceLike): string {
  return r.urn || r.name;
}
