/**
 * Availability instead of a ban list: a GPU is planned in a mainland region when the catalog lists an
 * offering of it there (A100 on Alibaba gn7e), with its dated export-control status as an advisory;
 * a GPU no cloud offers there is refused because no offering exists, naming the region's offerings
 * that fit. Statuses and dates are checked by hand against shared/reference/sizing-and-landscape-2.md §4.1.
 */
import { describe, expect, it } from "vitest";
import { EXPORT_CONTROL_STATUSES, findGpu, loadCatalog } from "../catalog";
import { planDeployment } from "../components/plan";
import { ConfigError, parseDeploymentSpec, type DeploymentSpecInput } from "../components/spec";
import { clone, devSpec } from "./fixtures/specs";
import { runCli } from "./helpers/cli";

const catalog = loadCatalog();
const plan = (raw: DeploymentSpecInput) => planDeployment(parseDeploymentSpec(raw, catalog), "test", catalog);

/** The dev stack (Qwen2.5-7B AWQ, cn-hangzhou) with the target's GPU pinned. */
function pinned(gpu: string, instanceType?: string): DeploymentSpecInput {
  const raw = clone(devSpec());
  raw.targets[0] = { ...raw.targets[0], gpu, ...(instanceType ? { instanceType } : {}) };
  delete (raw.targets[0] as { gpusPerReplica?: number }).gpusPerReplica;
  return raw;
}

describe("dated export-control status per GPU (gpus.json exportControl)", () => {
  it("every GPU carries a status from the documented set, with a source", () => {
    for (const g of catalog.gpus) {
      expect(g.exportControl, g.key).toBeDefined();
      expect(EXPORT_CONTROL_STATUSES).toContain(g.exportControl!.status);
      expect(catalog.sources.map((s) => s.id)).toContain(g.exportControl!.source);
    }
  });
  it("matches the timeline: A100/H100 licence since 2022-10-07, A800/H800/L40S/RTX 4090 since 2023-11-17, H20 since 2025-04-09, H200 case by case since 2026-01-15, B200 barred", () => {
    const s = (k: string) => findGpu(catalog, k)!.exportControl!;
    expect(s("A100-80G")).toMatchObject({ status: "licence-required", since: "2022-10-07" });
    expect(s("H100-SXM")).toMatchObject({ status: "licence-required", since: "2022-10-07" });
    for (const k of ["A800", "H800", "L40S", "RTX4090"]) expect(s(k)).toMatchObject({ status: "licence-required", since: "2023-11-17" });
    expect(s("H20")).toMatchObject({ status: "licence-required", since: "2025-04-09" });
    expect(s("H200")).toMatchObject({ status: "case-by-case", since: "2026-01-15" });
    expect(s("B200")).toMatchObject({ status: "barred" });
    expect(s("L20").status).toBe("unrestricted");
    expect(s("RTX4090D").status).toBe("unrestricted");
  });
});

describe("a mainland-China stack with an A100 offering plans", () => {
  it("gpu A100-80G in cn-hangzhou plans Alibaba gn7e, with the export-control advisory in the plan", () => {
    const t = plan(pinned("A100-80G")).targets[0];
    expect(t.offering.gpu.model).toBe("A100-80G");
    expect(t.offering.instanceType).toMatch(/^ecs\.gn7e-/);
    expect(t.exportControl).toMatchObject({ gpu: "A100-80G", status: "licence-required", since: "2022-10-07" });
    expect(t.warnings.join("\n")).toMatch(/export control \(advisory\): new supply of A100-80G to China is licence-required since 2022-10-07/);
  });
  it("gpu: auto may pick A100 there too (no hidden ban list); Tencent GT4 (A100-40G) plans in ap-guangzhou", () => {
    const raw = pinned("A100-40G");
    raw.targets[0] = { name: "gz", cloud: "tencentcloud", region: "ap-guangzhou", gpu: "A100-40G", replicas: { min: 1, max: 1 }, runtime: "vm", registryMirror: "ccr.ccs.tencentyun.com/acme" };
    raw.model.source = "modelscope";
    const t = plan(raw).targets[0];
    expect(t.offering.instanceType).toMatch(/^GT4\./);
  });
  it("an unrestricted GPU has no advisory", () => {
    const t = plan(devSpec()).targets[0];
    expect(t.exportControl?.status).toBe("unrestricted");
    expect(t.exportControl?.advisory).toBeNull();
    expect(t.warnings.join("\n")).not.toMatch(/export control/);
  });
});

describe("a GPU no cloud offers in the region is refused because no offering exists", () => {
  it("H100 in cn-hangzhou: names the missing offering, the status, and the region's offerings that fit", () => {
    let issues: { path: string; message: string }[] = [];
    try {
      plan(pinned("H100"));
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      issues = (error as ConfigError).issues;
    }
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe("targets[0].gpu");
    expect(issues[0].message).toMatch(/^no H100-SXM offering exists in alicloud cn-hangzhou in the catalog \(export control: licence-required since 2022-10-07\); offerings there that fit Qwen\/Qwen2\.5-7B-Instruct-AWQ: /);
    // one per GPU model, each a real cn-hangzhou offering
    const listed = issues[0].message.split("fit Qwen/Qwen2.5-7B-Instruct-AWQ: ")[1].split(", ");
    expect(listed.length).toBeGreaterThan(2);
    expect(new Set(listed.map((l) => l.match(/\((\S+) ×/)![1])).size).toBe(listed.length);
    expect(listed.join(" ")).toMatch(/A10 ×1/);
  });
});

describe("gpukit catalog shows the dated status", () => {
  it("the GPU view has the export-control column with dates", async () => {
    const r = await runCli(["catalog", "gpus"]);
    expect(r.stdout).toMatch(/export control \(China\)/);
    expect(r.stdout).toMatch(/case-by-case since 2026-01-15/);
  });
});
