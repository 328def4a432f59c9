/**
 * `gpukit check`: every shipped stack passes every mandatory rule with its environment's config (our
 * defaults obey our own rules; the CLI in process, one program run each); a crafted stack whose spec
 * is non-compliant exits 1 naming each rule it breaks (the real binary, as users run it); invalid
 * input exits 2.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runBin, runCli } from "./helpers/cli";
import { strictConfig } from "./policy-harness";
import type { CheckResult } from "../cli/format/check-run";

const FIXTURES = path.join(__dirname, "fixtures", "stacks");

describe("shipped stacks pass every mandatory rule with their environment's config", () => {
  for (const stack of ["dev", "staging", "prod", "k8s"]) {
    it(`${stack}: exit 0, no mandatory violation`, async () => {
      const r = await runCli(["check", "--stack", stack, "--format", "json"]);
      const result = JSON.parse(r.stdout) as CheckResult;
      const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory");
      expect(mandatory.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
      expect(r.code, r.stderr).toBe(0);
      expect(result.policiesRun).toBeGreaterThan(30);
      expect(result.resourcesChecked).toBeGreaterThan(20);
    }, 180_000);
  }
});

describe("a crafted non-compliant stack", () => {
  it("exits 1 and names every rule its spec breaks", () => {
    const config = strictConfig("dev", { "sec-https-listeners": { enforcementLevel: "mandatory", requireHttps: true } });
    const r = runBin(["check", "--stack-file", path.join(FIXTURES, "Pulumi.policy-open-cn.yaml"), "--config", config, "--format", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const result = JSON.parse(r.stdout) as CheckResult;
    const broken = new Set(result.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy));
    for (const rule of ["cost-monthly-budget", "cost-spot-required", "cost-autoscaling-max", "sec-https-listeners", "sec-open-listener-auth", "comp-cn-filing-moderation", "comp-cn-log-retention"]) {
      expect(broken.has(rule), `${rule} in ${[...broken].join(", ")}`).toBe(true);
      expect(r.stderr).toContain(rule);
    }
    expect(result.violations.find((v) => v.policy === "cost-monthly-budget")!.message).toMatch(/^estimated [\d.]+ CNY\/month exceeds the budget of 1\.00 CNY/);
  }, 180_000);
});

// Invalid input never reaches the program: the in-process CLI answers as the binary would.
describe("invalid input exits 2", () => {
  it("an unknown format, before any run", async () => {
    const r = await runCli(["check", "--stack", "dev", "--format", "xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--format must be one of table, json, sarif");
  });
  it("a config naming an unknown rule or a bad level, every problem at once", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gpukit-policy-")), "bad.json");
    fs.writeFileSync(file, JSON.stringify({ "cost-max-gpu": "mandatory", all: "strict" }));
    const r = await runCli(["check", "--stack", "dev", "--config", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("2 problem(s)");
    expect(r.stderr).toContain("cost-max-gpu: unknown rule");
    expect(r.stderr).toContain("all: enforcement level must be one of advisory, mandatory, remediate, disabled");
  });
  it("a missing config file", async () => {
    const r = await runCli(["check", "--stack", "dev", "--config", "policies/config/qa.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file \(configs: .*policies\/config\/dev\.json/);
  });
  it("an invalid stack file", async () => {
    const r = await runCli(["check", "--stack-file", path.join(FIXTURES, "Pulumi.broken.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Invalid configuration");
  }, 60_000);
});
