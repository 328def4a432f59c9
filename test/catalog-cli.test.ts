/** `gpukit catalog`: offerings with price status and source, filters, views, and bad input. */
import { describe, expect, it } from "vitest";
import type { OfferingRow } from "../cli/commands/catalog";
import { runCli } from "./helpers/cli";

describe("gpukit catalog", () => {
  it("lists offerings of a cloud and region with price, status and source", async () => {
    const result = await runCli(["catalog", "--cloud", "aws", "--region", "us-east-1", "--format", "json"]);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as OfferingRow[];
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect([r.cloud, r.region]).toEqual(["aws", "us-east-1"]);
    const g6e = rows.find((r) => r.instanceType === "g6e.xlarge")!;
    expect(g6e.price).toMatchObject({ hourly: 1.861, currency: "USD", status: "verified" });
    expect(g6e.price.source).toMatch(/skypilot/i);
  });

  it("flags export-controlled GPUs in mainland-China regions and unknown prices stay null", async () => {
    const rows = JSON.parse((await runCli(["catalog", "--cloud", "alicloud", "--format", "json"])).stdout) as OfferingRow[];
    const a100Hangzhou = rows.filter((r) => r.gpu.startsWith("A100") && r.region === "cn-hangzhou");
    expect(a100Hangzhou.length).toBeGreaterThan(0);
    for (const r of a100Hangzhou) expect(r.exportControlledHere).toBe(true);
    expect(rows.filter((r) => r.gpu === "L20").every((r) => !r.exportControlledHere)).toBe(true);
    for (const r of rows) if (r.price.status === "unknown") expect(r.price.hourly).toBeNull();
  });

  it("filters by GPU alias", async () => {
    const rows = JSON.parse((await runCli(["catalog", "--gpu", "H100", "--format", "json"])).stdout) as OfferingRow[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.gpu))).toEqual(new Set(["H100-SXM"]));
  });

  it("shows the GPU, model and region views", async () => {
    const gpus = await runCli(["catalog", "gpus"]);
    expect(gpus.stdout).toMatch(/H20\s.*96/);
    expect(gpus.stdout).toContain("China-market variant");
    const models = JSON.parse((await runCli(["catalog", "models", "--format", "json"])).stdout);
    expect(models.map((m: { id: string }) => m.id)).toContain("Qwen/Qwen2.5-72B-Instruct");
    const regions = JSON.parse((await runCli(["catalog", "regions", "--cloud", "tencentcloud", "--format", "json"])).stdout);
    expect(regions.find((r: { region: string }) => r.region === "ap-hongkong").residency).toBe("global");
  });

  it("reports every bad option at once and exits 2", async () => {
    const result = await runCli(["catalog", "prices", "--cloud", "azure", "--format", "csv"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("view must be one of offerings, gpus, models, regions");
    expect(result.stderr).toContain("--cloud must be one of aws, alicloud, tencentcloud, volcengine");
    expect(result.stderr).toContain("--format must be one of table, json");
    const gpu = await runCli(["catalog", "--gpu", "L2O"]);
    expect(gpu.code).toBe(2);
    expect(gpu.stderr).toMatch(/did you mean "L20"/);
  });
});
