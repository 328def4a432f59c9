/**
 * The spec as JSON Schema (for editors: YAML language servers read it) and as a Markdown reference
 * table, both generated from the zod schema.
 */
import { z } from "zod";
import { DeploymentSpecSchema } from "./schema";

/** JSON Schema (draft 2020-12) of the spec as written in a stack file (defaults optional). */
export function renderSpecJsonSchema(): string {
  const schema = z.toJSONSchema(DeploymentSpecSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return JSON.stringify({ ...schema, title: "gpu-inference:deployment", description: "Deployment spec of gpu-inference-kit (Pulumi config key gpu-inference:deployment)" }, null, 2) + "\n";
}

interface JsonNode {
  type?: string | string[];
  properties?: Record<string, JsonNode>;
  required?: string[];
  items?: JsonNode;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonNode[];
  default?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  description?: string;
}

function describeType(node: JsonNode): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(" \\| ");
  if (node.const !== undefined) return `\`${String(node.const)}\``;
  if (node.anyOf) return node.anyOf.map(describeType).join(" \\| ");
  if (node.type === "array") return `${node.items ? describeType(node.items) : "any"}[]`;
  const range = node.minimum !== undefined || node.maximum !== undefined ? ` (${node.minimum ?? ""}–${node.maximum ?? ""})` : "";
  return `${Array.isArray(node.type) ? node.type.join(" \\| ") : (node.type ?? "any")}${range}`;
}

function rows(node: JsonNode, prefix: string, out: string[]): void {
  const required = new Set(node.required ?? []);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = `${prefix}${key}`;
    const isObject = child.type === "object" && child.properties;
    const isObjectArray = child.type === "array" && child.items?.type === "object";
    const kind = isObject ? "object" : isObjectArray ? "object[]" : describeType(child);
    const dflt = child.default !== undefined ? `\`${JSON.stringify(child.default)}\`` : "";
    const description = (child.description ?? "").replace(/\|/g, "\\|");
    out.push(`| \`${path}\` | ${kind} | ${required.has(key) ? "yes" : "no"} | ${dflt} | ${description} |`);
    if (isObject) rows(child, `${path}.`, out);
    if (isObjectArray) rows(child.items!, `${path}[].`, out);
  }
}

/** Markdown reference of every spec field: path, type or allowed values, required, default. */
export function renderSpecReference(): string {
  const schema = z.toJSONSchema(DeploymentSpecSchema, { io: "input", unrepresentable: "any" }) as JsonNode;
  const out = [
    "# Spec reference: `gpu-inference:deployment`",
    "",
    "Generated from `components/spec/schema.ts` by `npm run schema`; do not edit by hand.",
    "Unknown keys are errors; every problem is reported at once with its path.",
    "",
    "| path | type / allowed values | required | default | meaning |",
    "|---|---|---|---|---|",
  ];
  rows(schema, "", out);
  return out.join("\n") + "\n";
}
