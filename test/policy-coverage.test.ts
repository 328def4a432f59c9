/**
 * Every resource type the kit can create is seen by a security rule or listed, with a reason, in
 * SECURITY_NOT_APPLICABLE. Types are collected from the source (no program run): the `@pulumi/aws`,
 * `@pulumi/alicloud`, `@pulumi/kubernetes` and `@pulumi/random` classes used under components/
 * (their `__pulumiType`), the thin Tencent Cloud and Volcano Engine classes, and the kit's own
 * component tokens. A type added later that no rule sees fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES, SECURITY_NOT_APPLICABLE } from "../policies/rules";

const ROOT = path.resolve(__dirname, "..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

/** `__pulumiType` of every class a module exports (providers as `pulumi:providers:<pkg>`). */
function classTypes(mod: Record<string, unknown>): string[] {
  return Object.values(mod)
    .map((v) => (typeof v === "function" ? (v as { __pulumiType?: unknown }).__pulumiType : undefined))
    .filter((t): t is string => typeof t === "string")
    .map((t) => (t.includes(":") ? t : `pulumi:providers:${t}`));
}

/** Every type token the kit's components can register. */
export function kitTypes(): string[] {
  const types = new Set<string>();
  for (const file of sources(path.join(ROOT, "components"))) {
    const text = fs.readFileSync(file, "utf8");
    // `import { A, B } from "@pulumi/aws/<module or file>"`: the named classes only
    for (const m of text.matchAll(/import\s*\{([^}]+)\}\s*from "@pulumi\/(aws|alicloud)\/([\w/]+)"/g)) {
      const mod = require(`@pulumi/${m[2]}/${m[3]}`) as Record<string, unknown>;
      const names = m[1]!.split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!).filter(Boolean);
      classTypes(Object.fromEntries(names.map((n) => [n, mod[n]]))).forEach((t) => types.add(t));
    }
    for (const m of text.matchAll(/\bk8s\.([a-z0-9]+)\.([a-z0-9]+)\.([A-Z][A-Za-z]+)\b(?!Args)/g)) {
      const cls = (require("@pulumi/kubernetes") as Record<string, Record<string, Record<string, { __pulumiType?: string }>>>)[m[1]!]?.[m[2]!]?.[m[3]!];
      if (cls?.__pulumiType) types.add(cls.__pulumiType);
    }
    for (const m of text.matchAll(/\brandom\.([A-Z][A-Za-z]+)\b/g)) {
      const cls = (require("@pulumi/random") as Record<string, { __pulumiType?: string }>)[m[1]!];
      if (cls?.__pulumiType) types.add(cls.__pulumiType);
    }
    for (const m of text.matchAll(/__pulumiType = "([^"]+)"/g)) types.add(m[1]!.includes(":") ? m[1]! : `pulumi:providers:${m[1]}`);
    for (const m of text.matchAll(/"(gpu-inference:[a-z]+:[A-Za-z]+)"/g)) types.add(m[1]!);
  }
  return [...types].sort();
}

describe("security coverage of the kit's resource types", () => {
  const seen = new Set(RULES.filter((r) => r.meta.category === "security").flatMap((r) => r.meta.types));
  const types = kitTypes();

  it("finds the types of all four clouds (the scan works)", () => {
    for (const t of ["aws:ec2/launchTemplate:LaunchTemplate", "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", "tencentcloud:Instance/instance:Instance", "volcengine:ecs/instance:Instance", "pulumi:providers:aws", "gpu-inference:index:InferenceDeployment"]) {
      expect(types).toContain(t);
    }
  });

  it("every type is seen by a security rule or listed as not applicable, with a reason", () => {
    const orphans = types.filter((t) => !seen.has(t) && !SECURITY_NOT_APPLICABLE[t]);
    expect(orphans).toEqual([]);
  });

  it("no type is both inspected and listed as not applicable, and every listed reason is non-empty", () => {
    expect(Object.keys(SECURITY_NOT_APPLICABLE).filter((t) => seen.has(t))).toEqual([]);
    expect(Object.entries(SECURITY_NOT_APPLICABLE).filter(([, why]) => why.trim().length < 5)).toEqual([]);
  });
});
