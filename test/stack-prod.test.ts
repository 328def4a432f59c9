/** The prod stack end to end: one spec on Alibaba Cloud, Volcano Engine and Tencent Cloud, data in mainland China. */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlanReport } from "../cli/format/plan-report";
import { loadCatalog, findRegion } from "../catalog";
import { runCli } from "./helpers/cli";
import { assertSecureDefaults } from "./security-defaults";
import providerInputs from "./fixtures/provider-inputs.json";

let report: PlanReport;
beforeAll(async () => {
  const result = await runCli(["plan", "--stack", "prod", "--format", "json"]);
  expect(result.code, result.stderr).toBe(0);
  report = JSON.parse(result.stdout);
});

const known = providerInputs as Record<string, { inputs: string[] }>;

describe("gpukit plan --stack prod", () => {
  it("places Qwen2.5-72B-AWQ on three clouds, two replicas each, all in mainland China", () => {
    expect(report.targets.map((t) => [t.cloud, t.region])).toEqual([
      ["alicloud", "cn-hangzhou"],
      ["volcengine", "cn-beijing"],
      ["tencentcloud", "ap-guangzhou"],
    ]);
    const catalog = loadCatalog();
    for (const t of report.targets) {
      expect(t.replicas).toEqual({ min: 2, max: 2 });
      expect(findRegion(catalog, t.cloud as "aws", t.region)!.residency).toBe("cn");
      expect(["A100-40G", "A100-80G", "H100-SXM", "H100-PCIe", "H200", "B200"]).not.toContain(t.gpu.model);
      expect(t.memory.requiredGb).toBeLessThanOrEqual(t.memory.availableGb);
      expect(t.engine.command).toEqual(expect.arrayContaining(["--kv-cache-dtype", "fp8"]));
    }
  });

  it("lists tencentcloud: and volcengine: resources beside alicloud: ones, each with a real type token", () => {
    const byCloud = (prefix: string) => report.resources.filter((r) => r.type.startsWith(prefix));
    expect(byCloud("alicloud:").length).toBeGreaterThan(5);
    expect(byCloud("tencentcloud:").length).toBeGreaterThan(5);
    expect(byCloud("volcengine:").length).toBeGreaterThan(5);
    for (const r of [...byCloud("tencentcloud:"), ...byCloud("volcengine:")]) {
      expect(known[r.type], `${r.type} is not a token of the provider reference`).toBeDefined();
      for (const input of Object.keys(r.inputs)) expect(known[r.type].inputs, `${r.type}.${input}`).toContain(input);
    }
  });

  it("routes Tencent and Volcano Engine resources through explicit regional providers", () => {
    const providers = report.resources.filter((r) => r.type.startsWith("pulumi:providers:"));
    expect(providers.map((p) => [p.type, p.inputs.region])).toEqual(
      expect.arrayContaining([
        ["pulumi:providers:volcengine", "cn-beijing"],
        ["pulumi:providers:tencentcloud", "ap-guangzhou"],
      ]),
    );
    for (const r of report.resources.filter((x) => x.type.startsWith("tencentcloud:"))) expect(r.provider).toContain("pulumi:providers:tencentcloud");
    for (const r of report.resources.filter((x) => x.type.startsWith("volcengine:"))) expect(r.provider).toContain("pulumi:providers:volcengine");
  });

  it("keeps the secure defaults on every cloud", () => {
    assertSecureDefaults(report);
  });

  it("states where prices are estimates and the declared Volcano Engine type", () => {
    expect(report.cost.status).toBe("estimate");
    const beijing = report.targets.find((t) => t.name === "beijing")!;
    expect(beijing.warnings.join(" ")).toMatch(/declared by the spec/);
  });
});
