/**
 * `gpukit plan --stack-file` with LoRA adapters, in-process: a vLLM stack with two adapters plans;
 * adapters on an engine that does not serve them, or in a bucket outside a cn stack's residency,
 * stop the plan with exit 2 naming the config path, before any resource is registered.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli";

const stackFile = (name: string) => `test/fixtures/stacks/Pulumi.${name}.yaml`;

describe("gpukit plan with model.adapters", () => {
  it("refuses adapters on llama.cpp with exit 2 naming model.adapters", async () => {
    const r = await runCli(["plan", "--stack-file", stackFile("lora-llama-cpp")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Invalid configuration (1 problem); nothing was registered");
    expect(r.stderr).toMatch(/model\.adapters: llama\.cpp does not serve LoRA adapters by name: .*serve the adapters with vllm/);
    expect(r.stdout).toBe("");
  }, 120_000);

  it("refuses an S3 adapter on a cn stack with exit 2 naming model.adapters[1].source", async () => {
    const r = await runCli(["plan", "--stack-file", stackFile("lora-residency-cn")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Invalid configuration (1 problem); nothing was registered");
    expect(r.stderr).toContain("model.adapters[1].source: compliance.dataResidency is cn but adapter legal is in s3:// object storage outside");
  }, 120_000);

  it("plans the vLLM stack with two adapters (exit 0)", async () => {
    const r = await runCli(["plan", "--stack-file", stackFile("lora-vllm")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Target hangzhou");
  }, 120_000);
});
