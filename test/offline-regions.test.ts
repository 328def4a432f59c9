/**
 * Region-honest offline runs (issue 7): the same AWS target planned in us-east-1 and in us-west-2.
 * Every recorded resource carries its own target's region (resolved from its provider), and no
 * answer of the mocks (ARNs, DNS names, zones, endpoints) nor any recorded input mentions the
 * other region. Needs the AWS adapter's explicit regional provider per target.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import { runOffline, type MockAnswer } from "../cli/offline/run";
import type { RecordedResource } from "../cli/offline/recorder";

const REGIONS = ["us-east-1", "us-west-2"] as const;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpukit-regions-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A stack file with one AWS target named `main` in `region`. */
function stackFile(region: string): string {
  const file = path.join(dir, `Pulumi.aws-${region}.yaml`);
  const deployment = {
    environment: "staging",
    owner: "platform-team",
    costCenter: "ml-platform",
    budget: { monthly: 100000, currency: "USD" },
    model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 },
    engine: { name: "vllm" },
    targets: [{ name: "main", cloud: "aws", region, gpu: "L40S", gpusPerReplica: 1, replicas: { min: 1, max: 2 }, runtime: "vm" }],
    loadBalancer: { public: false },
    compliance: { dataResidency: "global", dataClassification: "internal" },
  };
  fs.writeFileSync(file, stringify({ config: { "gpu-inference:deployment": deployment } }));
  return file;
}

/** Runs the program for the stack (one program run each). */
async function run(region: string): Promise<{ resources: RecordedResource[]; answers: MockAnswer[] }> {
  const answers: MockAnswer[] = [];
  const result = await runOffline({ stackFile: stackFile(region), loadProgram: freshProgram, observeMocks: (a) => answers.push(a) });
  return { resources: result.resources, answers };
}

describe.each(REGIONS)("the AWS target planned in %s", (region) => {
  const other = REGIONS.find((r) => r !== region)!;
  let outcome: { resources: RecordedResource[]; answers: MockAnswer[] };
  const get = async () => (outcome ??= await run(region));

  it("records every resource with its provider's region", async () => {
    const { resources } = await get();
    const custom = resources.filter((r) => r.custom);
    expect(custom.length).toBeGreaterThan(10);
    const providers = resources.filter((r) => r.type === "pulumi:providers:aws");
    expect(providers.map((p) => p.region)).toEqual([region]);
    const wrong = resources.filter((r) => r.region !== region).map((r) => `${r.type} ${r.name}: ${r.region ?? "no region"}`);
    expect(wrong, "resources without the target's region").toEqual([]);
    const unrouted = custom.filter((r) => !r.type.startsWith("pulumi:providers:") && !r.provider).map((r) => `${r.type} ${r.name}`);
    expect(unrouted, "cloud resources without an explicit provider").toEqual([]);
  });

  it(`answers look-ups and outputs for ${region} only`, async () => {
    const { resources, answers } = await get();
    expect(answers.some((a) => a.token === "aws:lb/loadBalancer:LoadBalancer")).toBe(true);
    // Components get no outputs from the mocks (an empty answer) and their region only once their children registered.
    const mentioning = answers.filter((a) => JSON.stringify(a.answer).includes(other) || (a.region !== region && Object.keys(a.answer).length > 0)).map((a) => `${a.kind} ${a.token} (${a.region ?? "no region"})`);
    expect(mentioning, `mock answers for another region than ${region}`).toEqual([]);
    expect(JSON.stringify(resources)).not.toContain(other);
    expect(JSON.stringify(resources)).not.toContain("region-unknown");
  });
});
