/**
 * Policy-pack config files (`policies/config/<env>.json`, the `--policy-pack-config` format): keys
 * are `all` or a rule name, values an enforcement level or `{ enforcementLevel?, ...props }` whose
 * props follow the rule's `configSchema`. {@link packConfigSchema} is the JSON schema of a whole
 * file (the config test validates the shipped files with ajv); {@link checkPackConfig} is the CLI's
 * own check of the same constraints (no ajv at run time), reporting every problem at once.
 */
import type { PolicyPackConfig } from "@pulumi/policy";
import type { KitPolicy } from "../../policies/rules";

/** Enforcement levels a config may set. */
export const LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;

/** JSON schema (draft-07) of a config file for `policies`. */
export function packConfigSchema(policies: readonly KitPolicy[]): Record<string, unknown> {
  const level = { type: "string", enum: [...LEVELS] };
  const entry = (props: Record<string, unknown>, required: string[] = []) => ({
    oneOf: [level, { type: "object", properties: { enforcementLevel: level, ...props }, required, additionalProperties: false }],
  });
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: { all: entry({}), ...Object.fromEntries(policies.map((p) => [p.name, entry(p.configSchema.properties ?? {}, p.configSchema.required ?? [])])) },
    additionalProperties: false,
  };
}

type Schema = { type?: string; enum?: unknown[]; minimum?: number; items?: Schema };

function checkValue(value: unknown, schema: Schema, where: string, out: string[]): void {
  const t = schema.type;
  const ok =
    t === undefined ||
    (t === "string" && typeof value === "string") ||
    (t === "number" && typeof value === "number") ||
    (t === "integer" && Number.isInteger(value)) ||
    (t === "boolean" && typeof value === "boolean") ||
    (t === "array" && Array.isArray(value)) ||
    (t === "object" && typeof value === "object" && value !== null && !Array.isArray(value));
  if (!ok) return void out.push(`${where}: expected ${t}, given ${JSON.stringify(value)}`);
  if (schema.enum && !schema.enum.includes(value)) out.push(`${where}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")} (given ${JSON.stringify(value)})`);
  if (schema.minimum !== undefined && typeof value === "number" && value < schema.minimum) out.push(`${where}: must be ≥ ${schema.minimum} (given ${value})`);
  if (schema.items && Array.isArray(value)) value.forEach((v, i) => checkValue(v, schema.items!, `${where}[${i}]`, out));
}

/** Every problem of `config` against `policies` (unknown rules, levels, props); empty when valid. */
export function checkPackConfig(config: unknown, policies: readonly KitPolicy[]): string[] {
  const out: string[] = [];
  if (!config || typeof config !== "object" || Array.isArray(config)) return ["the config must be a JSON object of rule name → level or { enforcementLevel, ...settings }"];
  const byName = new Map(policies.map((p) => [p.name, p]));
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    const policy = byName.get(key);
    if (key !== "all" && !policy) {
      out.push(`${key}: unknown rule; rules: all, ${[...byName.keys()].join(", ")}`);
      continue;
    }
    if (typeof value === "string") {
      if (!(LEVELS as readonly string[]).includes(value)) out.push(`${key}: enforcement level must be one of ${LEVELS.join(", ")} (given ${JSON.stringify(value)})`);
      continue;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      out.push(`${key}: must be an enforcement level or an object`);
      continue;
    }
    const props = (policy?.configSchema.properties ?? {}) as Record<string, Schema>;
    for (const [prop, v] of Object.entries(value as Record<string, unknown>)) {
      if (prop === "enforcementLevel") checkValue(v, { type: "string", enum: [...LEVELS] }, `${key}.enforcementLevel`, out);
      else if (!props[prop]) out.push(`${key}.${prop}: unknown setting; settings: enforcementLevel${Object.keys(props).length ? `, ${Object.keys(props).join(", ")}` : ""}`);
      else checkValue(v, props[prop]!, `${key}.${prop}`, out);
    }
    for (const req of policy?.configSchema.required ?? []) if (!(req in (value as object))) out.push(`${key}.${req} is required`);
  }
  return out;
}

/** Narrows a checked config. */
export function asPackConfig(config: unknown): PolicyPackConfig {
  return config as PolicyPackConfig;
}
