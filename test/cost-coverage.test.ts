/**
 * Every resource type the kit can create has a price rule — priced, free (with the reason) or an
 * explicit unpriced reason: the types recorded by the shipped stacks (`gpukit cost`, the CLI in
 * process, one program run per stack) and every type token declared in components/ (thin classes'
 * tokens, and the @pulumi/aws|alicloud classes imported there).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { ruleFor } from "../cost/price";
import { runCli } from "./helpers/cli";

const ROOT = path.resolve(__dirname, "..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** Resource type tokens declared or imported under components/. */
function declaredTypes(): string[] {
  const out = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, "components"))) {
    const text = fs.readFileSync(file, "utf8");
    // Thin classes: custom resources (last segment capitalised), not invokes (`getTypes`).
    for (const m of text.matchAll(/"((?:tencentcloud|volcengine):[A-Za-z]+\/[A-Za-z]+:[A-Z][A-Za-z]*)"/g)) out.add(m[1]);
    // Namespace imports (`aws.eks.Cluster` from "@pulumi/aws"): the class path after the alias.
    for (const m of text.matchAll(/\bnew (aws|alicloud)\.([a-z0-9]+)\.([A-Z][A-Za-z0-9]*)\(/g)) {
      const js = path.join(ROOT, "node_modules", "@pulumi", m[1], m[2], `${m[3][0].toLowerCase()}${m[3].slice(1)}.js`);
      const token = fs.existsSync(js) ? /__pulumiType = '([^']+)'/.exec(fs.readFileSync(js, "utf8"))?.[1] : undefined;
      if (token) out.add(token);
    }
    for (const m of text.matchAll(/from "@pulumi\/(aws|alicloud)\/([A-Za-z0-9/]+)"/g)) {
      const js = path.join(ROOT, "node_modules", "@pulumi", m[1], `${m[2]}.js`);
      const token = fs.existsSync(js) ? /__pulumiType = '([^']+)'/.exec(fs.readFileSync(js, "utf8"))?.[1] : undefined;
      if (token) out.add(token.includes(":") ? token : `pulumi:providers:${token}`);
    }
  }
  return [...out].sort();
}

describe("price rule coverage", () => {
  it("has a rule for every type token declared in components/", () => {
    const types = declaredTypes();
    expect(types.length).toBeGreaterThan(40);
    expect(types.filter((t) => !ruleFor(t))).toEqual([]);
  });

  it("prices every resource the shipped stacks record, and the JSON validates against the schema", { timeout: 240_000 }, async () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(fs.readFileSync(path.join(ROOT, "schema", "cost-report.schema.json"), "utf8")));
    const recorded = new Set<string>();
    for (const stack of ["dev", "staging", "prod", "k8s"]) {
      const r = await runCli(["cost", "--stack", stack, "--format", "json"]);
      expect(r.stderr.replace(/^note: .*\n/gm, ""), stack).toBe("");
      expect(r.code, stack).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(validate(report) ? [] : validate.errors, stack).toEqual([]);
      for (const res of report.projects[0].breakdown.resources) {
        recorded.add(res.resourceType);
        expect(res.reason ?? "", `${stack} ${res.name}`).not.toMatch(/^no price rule/);
      }
      expect(report.targets.length, stack).toBeGreaterThan(0);
    }
    expect([...recorded].filter((t) => !ruleFor(t))).toEqual([]);
  });
});
