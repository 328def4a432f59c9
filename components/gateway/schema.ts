/**
 * Offline validation of the rendered Higress resources: `WasmPlugin` and `McpBridge` against the
 * CRD OpenAPI schemas Higress publishes (crds/higress-2.2.1.json, extracted from the pinned commit),
 * with fields the API server would prune reported as errors; each plugin's configuration against
 * its documented fields (plugin-schemas.ts); and the kit's own invariants (every non-health route is
 * authenticated, every plugin points at a route that exists). Ingress objects are validated against
 * the Kubernetes OpenAPI schema in the tests (kubernetes-models, ESM only).
 */
import Ajv, { type ValidateFunction } from "ajv";
import crds from "./crds/higress-2.2.1.json";
import type { HigressPlugin } from "./higress";
import { HIGRESS_PLUGINS } from "./higress";
import { PLUGIN_SCHEMAS } from "./plugin-schemas";
import type { HigressResource } from "./render";

type Schema = Record<string, unknown>;

/** A CRD schema made strict: objects with `properties` and no `x-kubernetes-preserve-unknown-fields` admit no other field. */
function strict(schema: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "description" || k.startsWith("x-kubernetes")) continue;
    if (k === "properties" && v && typeof v === "object") out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, s]) => [p, strict(s)]));
    else if ((k === "items" || k === "additionalProperties") && v && typeof v === "object") out[k] = strict(v as Schema);
    else out[k] = v;
  }
  if (schema.properties && !schema["x-kubernetes-preserve-unknown-fields"] && schema.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

let compiled: { crd: Record<string, ValidateFunction>; plugins: Record<string, ValidateFunction> } | undefined;

function validators() {
  if (compiled) return compiled;
  // int64/int32 are OpenAPI integer formats; the type check covers them
  const ajv = new Ajv({ allErrors: true, strict: false, formats: { int64: true, int32: true } });
  const crd: Record<string, ValidateFunction> = {};
  for (const [id, schema] of Object.entries(crds.schemas as Record<string, Schema>)) {
    // metadata is the API server's; the kit's objects are checked for the fields below it only
    const s = strict(schema);
    (s.properties as Record<string, Schema>).apiVersion = { type: "string" };
    (s.properties as Record<string, Schema>).kind = { type: "string" };
    (s.properties as Record<string, Schema>).metadata = { type: "object" };
    crd[id] = ajv.compile(s);
  }
  const plugins: Record<string, ValidateFunction> = {};
  for (const p of HIGRESS_PLUGINS) plugins[p] = ajv.compile(PLUGIN_SCHEMAS[p].schema);
  compiled = { crd, plugins };
  return compiled;
}

const describe = (v: ValidateFunction) => (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`);

/** The plugin of a WasmPlugin resource (its `url`'s repository name). */
export function pluginOf(resource: HigressResource): HigressPlugin | undefined {
  const url = String(resource.spec.url ?? "");
  const name = url.split("/").pop()?.split(":")[0];
  return (HIGRESS_PLUGINS as readonly string[]).includes(name ?? "") ? (name as HigressPlugin) : undefined;
}

/**
 * Problems of a rendered resource set, one line each (`<kind>/<name>: <problem>`); empty when every
 * object matches its published schema and the kit's invariants. `httpRoutes`: Gateway API HTTPRoutes
 * in the gateway's namespace (`gateway.inferencePool`), which WasmPlugin matchRules name like Ingresses
 * and which must be behind key-auth too (default none).
 */
export function validateHigressResources(resources: readonly HigressResource[], httpRoutes: readonly { name: string; purpose?: string }[] = []): string[] {
  const v = validators();
  const problems: string[] = [];
  const ingresses = new Set([...resources.filter((r) => r.kind === "Ingress").map((r) => r.metadata.name), ...httpRoutes.map((r) => r.name)]);
  for (const r of resources) {
    const at = `${r.kind}/${r.metadata.name}`;
    if (r.kind === "Ingress") continue;
    const id = `${r.apiVersion}/${r.kind}`;
    const check = v.crd[id];
    if (!check) {
      problems.push(`${at}: no published schema for ${id}`);
      continue;
    }
    if (!check(r)) problems.push(...describe(check).map((m) => `${at}: ${m}`));
    if (r.kind !== "WasmPlugin") continue;
    const plugin = pluginOf(r);
    if (!plugin) {
      problems.push(`${at}: url ${String(r.spec.url)} is not a plugin the kit knows`);
      continue;
    }
    const configs: { where: string; config: unknown }[] = [];
    if (r.spec.defaultConfig !== undefined) configs.push({ where: "defaultConfig", config: r.spec.defaultConfig });
    const rules = (r.spec.matchRules ?? []) as { ingress?: string[]; config?: unknown }[];
    rules.forEach((rule, i) => {
      configs.push({ where: `matchRules[${i}].config`, config: rule.config });
      for (const name of rule.ingress ?? []) if (!ingresses.has(name)) problems.push(`${at}: matchRules[${i}] names ingress ${name}, which is not rendered`);
    });
    for (const c of configs) {
      const pv = v.plugins[plugin]!;
      if (!pv(c.config)) problems.push(...describe(pv).map((m) => `${at} ${c.where}: ${m} (${plugin}, ${PLUGIN_SCHEMAS[plugin].source})`));
    }
  }
  // the kit's invariant: every route but the health probe is behind key-auth
  const auth = resources.find((r) => r.kind === "WasmPlugin" && pluginOf(r) === "key-auth");
  const authed = new Set(((auth?.spec.matchRules ?? []) as { ingress: string[]; config: { allow?: string[] } }[]).filter((m) => (m.config.allow ?? []).length > 0).flatMap((m) => m.ingress));
  for (const r of resources) {
    if (r.kind !== "Ingress" || r.metadata.labels?.["gpukit.io/route-purpose"] === "health") continue;
    if (!authed.has(r.metadata.name)) problems.push(`Ingress/${r.metadata.name}: no key-auth rule allows consumers on this route`);
  }
  for (const r of httpRoutes) if (r.purpose !== "health" && !authed.has(r.name)) problems.push(`HTTPRoute/${r.name}: no key-auth rule allows consumers on this route`);
  return problems;
}
