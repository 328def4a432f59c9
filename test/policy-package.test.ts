/**
 * policies/package.json pins exactly what the pack's module graph loads, at the repository's
 * versions, so the policy host resolves the same packages whether it uses the repository's
 * node_modules (parent-directory lookup) or installs the pack's own dependencies.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

describe("policies/package.json", () => {
  it("pins every third-party package the rules import directly, at the repository's pinned versions", async () => {
    // vitest's module runner bypasses require.cache: list the graph in a plain Node process (tsx)
    const script = `require("./policies/rules"); const d = new Set(); for (const [k, m] of Object.entries(require.cache)) { if (k.includes("node_modules") || !m) continue; for (const c of m.children) { const x = /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(c.id); if (x) d.add(x[1]); } } console.log(JSON.stringify([...d]));`;
    const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    // @pulumi/policy is loaded by the pack's entry point, @pulumi/pulumi by policies/rules/context.ts on first use.
    const direct = new Set<string>(["@pulumi/policy", "@pulumi/pulumi", ...(JSON.parse(r.stdout.trim().split("\n").pop()!) as string[])]);
    expect([...direct].sort()).toEqual(expect.arrayContaining(["@pulumi/policy", "@pulumi/pulumi", "zod"]));
    const pack = read(path.join(ROOT, "policies", "package.json"));
    const repo = read(path.join(ROOT, "package.json"));
    const pinned = { ...repo.dependencies, ...repo.devDependencies };
    for (const dep of direct) expect(pack.dependencies[dep], dep).toBe(pinned[dep]);
    expect(pack.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
