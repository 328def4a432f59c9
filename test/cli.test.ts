/** CLI behaviour: help, exit codes, invalid config reported with paths and nothing registered. */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runBin, runCli } from "./helpers/cli";

const fixture = (name: string) => path.resolve(__dirname, "fixtures", "stacks", name);

describe("gpukit CLI", () => {
  it("--help lists the commands; each command has its own help", async () => {
    const top = await runCli(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/plan\s+Show what `pulumi up` would create/);
    expect(top.stdout).toContain("size");
    const plan = await runCli(["plan", "--help"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("--stack-file <path>");
    expect(plan.stdout).toContain("Exit codes");
  });

  it("exits 2 on unknown commands, unknown options and a bad --format", async () => {
    expect((await runCli(["deploy"])).code).toBe(2);
    const unknownOption = await runCli(["plan", "--stak", "dev"]);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/--stak/);
    const format = await runCli(["plan", "--stack", "dev", "--format", "yaml"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("table, json, markdown");
    // No arguments prints the help and exits 0 (see test/cli-help.test.ts).
    expect((await runCli([])).code).toBe(0);
  });

  it("exits 2 for a missing stack, listing the stacks there are", async () => {
    const result = await runCli(["plan", "--stack", "nope"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stacks: .*dev/);
  });

  it("a stack file with a misspelled key and impossible values exits 2, names every path, registers nothing", async () => {
    let loaded = false;
    const result = await runCli(["plan", "--stack-file", fixture("Pulumi.broken.yaml"), "--format", "json"], async () => {
      loaded = true;
    });
    expect(result.code).toBe(2);
    expect(loaded).toBe(false);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("nothing was registered");
    expect(result.stderr).toContain('model.quantisation: Unknown key');
    expect(result.stderr).toContain('did you mean "quantization"?');
    expect(result.stderr).toContain("model.maxContextTokens");
    expect(result.stderr).toMatch(/engine\.name: Not an allowed value \(given "vlm"; allowed: vllm, sglang/);
  });

  it("the real binary exits 2 when H100 is pinned in mainland China: no offering exists there, with the ones that fit", () => {
    const result = runBin(["plan", "--stack-file", fixture("Pulumi.h100-cn.yaml")]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("targets[0].gpu: no H100-SXM offering exists in alicloud cn-beijing");
    expect(result.stderr).toMatch(/export control: licence-required since 2022-10-07/);
    for (const alt of ["ecs.gn8v.4xlarge (H20 ×1)", "(L20 ×4)", "(A100-80G ×2)"]) expect(result.stderr).toContain(alt);
  });

  it("markdown output is a PR-ready summary", async () => {
    const result = await runCli(["plan", "--stack", "dev", "--format", "markdown"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^## gpukit plan — stack `dev`/);
    expect(result.stdout).toContain("| hangzhou | alicloud cn-hangzhou | ecs.gn7i-c8g1.2xlarge");
  });
});
