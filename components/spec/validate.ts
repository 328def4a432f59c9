/**
 * Parses a deployment spec: zod shape and types, then checks against the catalog (known regions
 * and GPUs, zones of the region, data residency). Every problem is collected and reported at once
 * with its config path; nothing is returned unless the whole spec is valid.
 */
import { z } from "zod";
import type { Catalog } from "../../catalog";
import { findGpu, findRegion, gpuNames, regionNames } from "../../catalog";
import { CLOUDS, type Cloud } from "../../catalog/schema";
import { closest, ConfigError, formatPath, renderGiven, type ConfigIssue } from "./issues";
import { DeploymentSpecSchema, type DeploymentSpec } from "./schema";

/** Flags that carry secrets and must come from secret config instead of `engine.extraArgs`. */
const SECRET_FLAGS = ["--api-key", "--admin-api-key", "--hf-token", "-hft", "--api-key-file"];

/** Parses and validates `raw` (the value of `gpu-inference:deployment`); throws {@link ConfigError}. */
export function parseDeploymentSpec(raw: unknown, catalog: Catalog): DeploymentSpec {
  const issues: ConfigIssue[] = [];
  const parsed = DeploymentSpecSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) issues.push(...parsed.error.issues.flatMap(zodIssueToConfigIssues));
  issues.push(...catalogIssues(raw, catalog));
  if (issues.length || !parsed.success) throw new ConfigError(dedupe(issues));
  return parsed.data;
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Converts one zod issue to kit issues (one per unknown key). */
export function zodIssueToConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = formatPath(issue.path);
  const given = "input" in issue && issue.input !== undefined ? renderGiven(issue.input) : undefined;
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeysAt(issue.path);
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: "Unknown key",
        allowed: known,
        didYouMean: known ? closest(key, known) : undefined,
      }));
    }
    case "invalid_value": {
      const allowed = issue.values.map((v) => String(v));
      const missing = "input" in issue && issue.input === undefined;
      return [{ path, message: missing ? "Required" : "Not an allowed value", given, allowed, didYouMean: typeof issue.input === "string" ? closest(issue.input, allowed) : undefined }];
    }
    case "invalid_type":
      return [{ path, message: issue.input === undefined ? `Required (${issue.expected})` : `Expected ${issue.expected}`, given }];
    case "invalid_union":
      return [{ path, message: path.endsWith("tensorParallel") ? 'Must be "auto" or a positive integer' : issue.message, given }];
    default:
      return [{ path, message: issue.message, given }];
  }
}

/** Keys the schema allows at `path` (an object path), for "did you mean". */
export function knownKeysAt(path: ReadonlyArray<PropertyKey>): string[] | undefined {
  let node: z.ZodType = DeploymentSpecSchema;
  for (const part of [...path, null]) {
    for (let guard = 0; guard < 5; guard++) {
      const def = (node as unknown as { _zod: { def: { innerType?: z.ZodType } } })._zod.def;
      if (def.innerType) node = def.innerType;
      else break;
    }
    if (part === null) break;
    if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else if (node instanceof z.ZodObject) {
      const next = (node.shape as Record<string, z.ZodType>)[String(part)];
      if (!next) return undefined;
      node = next;
    } else return undefined;
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks that need the catalog, run on the raw input so they add to shape errors rather than wait for them. */
function catalogIssues(raw: unknown, catalog: Catalog): ConfigIssue[] {
  if (!isRecord(raw) || !Array.isArray(raw.targets)) return [];
  const issues: ConfigIssue[] = [];
  const compliance = isRecord(raw.compliance) ? raw.compliance : {};
  const names = new Map<string, number>();
  raw.targets.forEach((t, index) => {
    if (!isRecord(t)) return;
    const path = `targets[${index}]`;
    if (typeof t.name === "string") {
      if (names.has(t.name)) issues.push({ path: `${path}.name`, message: `Duplicate target name (also targets[${names.get(t.name)}])`, given: JSON.stringify(t.name) });
      names.set(t.name, index);
    }
    const cloud = typeof t.cloud === "string" && (CLOUDS as readonly string[]).includes(t.cloud) ? (t.cloud as Cloud) : undefined;
    if (cloud && typeof t.region === "string") {
      const region = findRegion(catalog, cloud, t.region);
      if (!region) {
        const allowed = regionNames(catalog, cloud);
        issues.push({ path: `${path}.region`, message: `Unknown ${cloud} region`, given: JSON.stringify(t.region), allowed, didYouMean: closest(t.region, allowed) });
      } else {
        if (Array.isArray(t.zones)) {
          t.zones.forEach((zone, z) => {
            if (typeof zone === "string" && !zone.startsWith(region.region)) {
              issues.push({ path: `${path}.zones[${z}]`, message: `Zone is not in region ${region.region}`, given: JSON.stringify(zone), allowed: region.zones });
            }
          });
        }
        if (compliance.dataResidency === "cn" && region.residency !== "cn") {
          issues.push({
            path: `${path}.region`,
            message: `compliance.dataResidency is cn but target "${String(t.name)}" is in ${region.region} (${region.country}), outside mainland China`,
            given: JSON.stringify(t.region),
            allowed: catalog.regions.filter((r) => r.cloud === cloud && r.residency === "cn").map((r) => r.region),
          });
        }
      }
    }
    if (typeof t.gpu === "string" && t.gpu !== "auto" && !findGpu(catalog, t.gpu)) {
      const allowed = ["auto", ...gpuNames(catalog)];
      issues.push({ path: `${path}.gpu`, message: "Unknown GPU", given: JSON.stringify(t.gpu), allowed, didYouMean: closest(t.gpu, allowed) });
    }
    if (isRecord(t.replicas) && typeof t.replicas.min === "number" && typeof t.replicas.max === "number" && t.replicas.min > t.replicas.max) {
      issues.push({ path: `${path}.replicas`, message: "replicas.min must not exceed replicas.max", given: renderGiven(t.replicas) });
    }
    if (t.instanceType === undefined && t.gpusPerReplica !== undefined && t.gpu === undefined) {
      issues.push({ path: `${path}.gpusPerReplica`, message: "gpusPerReplica needs gpu (or instanceType) to choose an offering" });
    }
  });
  const engine = isRecord(raw.engine) ? raw.engine : {};
  if (Array.isArray(engine.extraArgs)) {
    engine.extraArgs.forEach((arg, i) => {
      if (typeof arg === "string" && SECRET_FLAGS.some((f) => arg === f || arg.startsWith(`${f}=`))) {
        issues.push({ path: `engine.extraArgs[${i}]`, message: `${arg.split("=")[0]} carries a secret: use engine.apiKeySecret / model.hubTokenSecret (Pulumi secrets) instead` });
      }
    });
  }
  return issues;
}
