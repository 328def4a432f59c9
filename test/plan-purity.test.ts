/**
 * The planner, spec and catalog are plain data and pure functions: importing them must load no
 * `@pulumi/*` module (the plan is computed before any Pulumi runtime exists, e.g. by `gpukit size`).
 * Runs a fresh Node process so that nothing vitest or another test loaded can hide an import.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

function pulumiModulesLoadedBy(modules: string[]): string[] {
  const script = [
    "require('tsx/cjs');",
    ...modules.map((m) => `require(${JSON.stringify(path.join(root, m))});`),
    "const loaded = Object.keys(require.cache).filter((f) => f.includes(`${require('path').sep}@pulumi${require('path').sep}`));",
    "process.stdout.write(JSON.stringify(loaded));",
  ].join("\n");
  const result = spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8", timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as string[];
}

describe("import purity", () => {
  it("components/plan, components/spec and catalog load no @pulumi module", () => {
    expect(pulumiModulesLoadedBy(["components/plan/index.ts", "components/spec/index.ts", "catalog/index.ts"])).toEqual([]);
  });

  it("the check can fail: the adapter contract does load @pulumi/pulumi", () => {
    expect(pulumiModulesLoadedBy(["components/adapter.ts"]).length).toBeGreaterThan(0);
  });
});
