/**
 * Offline `gpukit check` over the shipped dev stack (Alibaba Cloud cn-hangzhou, data residency
 * `cn`): data residency, which needs a `cn` spec, breaks when a resource is tampered out of
 * mainland China; and the SARIF output validates against the SARIF 2.1.0 schema (subset in
 * cli/format/check-sarif.schema.json), with rule metadata and locations pointing at the stack
 * file's line where the spec value lives.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import { main } from "../cli/main";
import { makeCheckCommand } from "../cli/commands/check";
import type { CheckResult } from "../cli/format/check-run";
import { sarifLevel } from "../cli/format/check-sarif";
import type { OfflineRunResult } from "../cli/offline/run";
import type { RecordedResource } from "../cli/offline/recorder";
import { strictConfig } from "./policy-harness";

const ROOT = path.join(__dirname, "..");
const STACK_FILE = path.join(ROOT, "stacks", "Pulumi.dev.yaml");
let base: OfflineRunResult;

beforeAll(async () => {
  const run = await import("../cli/offline/run.js");
  base = await run.runOffline({ stack: "dev", loadProgram: freshProgram });
}, 120_000);

async function checkWith(tamper: (rs: RecordedResource[]) => void, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const resources = JSON.parse(JSON.stringify(base.resources)) as RecordedResource[];
  tamper(resources);
  let stdout = "";
  let stderr = "";
  const cmd = makeCheckCommand({ loadRun: async () => ({ ...base, resources }), loadModules: async () => ({ rules: await import("../policies/rules/index.js"), runner: await import("../cli/format/check-run.js") }) });
  const code = await main(["check", "--stack", "dev", ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, [cmd]);
  return { code, stdout, stderr };
}
const byName = (rs: RecordedResource[], name: string) => rs.find((x) => x.name === name)!;
const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
const encode = (text: string) => Buffer.from(text, "utf8").toString("base64");
const residency = (r: { stdout: string }) => (JSON.parse(r.stdout) as CheckResult).violations.filter((v) => v.policy === "comp-data-residency");

describe("comp-data-residency over a cn stack", () => {
  it("the shipped dev stack keeps everything in mainland China", async () => {
    const r = await checkWith(() => undefined, ["--format", "json"]);
    expect(residency(r)).toEqual([]);
    expect(r.code).toBe(0);
  });
  it("a provider outside mainland China: exit 1 naming the rule", async () => {
    const r = await checkWith((rs) => void (byName(rs, "hangzhou-provider").inputs.region = "ap-southeast-1"), ["--format", "json"]);
    expect(r.code).toBe(1);
    expect(residency(r).map((v) => v.message)).toEqual(["provider hangzhou-provider is in ap-southeast-1 (global), outside mainland China"]);
    expect(r.stderr).toMatch(/mandatory policy violation\(s\): .*comp-data-residency/);
  });
  it("weights pulled from object storage outside mainland China: exit 1", async () => {
    const r = await checkWith((rs) => {
      const lt = byName(rs, "hangzhou-lt");
      lt.inputs.userData = encode(`${decode(String(lt.inputs.userData))}\n# stage: aws s3 sync --only-show-errors --region 'us-west-2' "$S" "$D"\n`);
    }, ["--format", "json"]);
    expect(r.code).toBe(1);
    expect(residency(r).map((v) => v.message)).toEqual(["hangzhou-lt pulls weights from aws object storage in us-west-2, outside mainland China"]);
  });
  it("the table output lists each finding with its fix and a summary line", async () => {
    const r = await checkWith((rs) => void (byName(rs, "hangzhou-provider").inputs.region = "ap-southeast-1"), []);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Policy check of stack dev with policies\/config\/dev\.json\n/);
    expect(r.stdout).toContain("MANDATORY comp-data-residency [critical]\n  resource: ");
    expect(r.stdout).toContain("  fix: Move the target to a mainland region");
    expect(r.stdout).toMatch(/\n\d+ policies over \d+ resources: [1-9]\d* mandatory, \d+ advisory violation\(s\)\.\n$/);
  });
  it("a value unknown at preview: advisory can't-run, exit 0", async () => {
    const r = await checkWith((rs) => void (byName(rs, "hangzhou-provider").inputs.region = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"), ["--format", "json"]);
    expect(residency(r).map((v) => [v.enforcementLevel, v.message])).toEqual([["advisory", "can't run policy 'comp-data-residency' from policy pack 'gpu-inference-kit@v0.1.0' during preview: string value at .region can't be known during preview"]]);
  });
});

describe("SARIF 2.1.0", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "cli", "format", "check-sarif.schema.json"), "utf8"));
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);

  it("validates against the schema, with rule metadata and help, and points at the spec line", async () => {
    const config = strictConfig("dev");
    const r = await checkWith((rs) => void (byName(rs, "hangzhou-asg").inputs.maxSize = 5), ["--format", "sarif", "--config", config]);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(validate(sarif), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe("gpukit-policy");
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === "cost-autoscaling-max");
    expect(rule.help.text).toContain("How to fix: Set targets[].replicas.max within maxReplicas.");
    expect(rule.defaultConfiguration.level).toBe("error");
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === "cost-autoscaling-max");
    expect(result.level).toBe("error");
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe("cost-autoscaling-max");
    const loc = result.locations[0];
    expect(loc.physicalLocation.artifactLocation.uri).toBe("stacks/Pulumi.dev.yaml");
    // the line of `max: 1` under targets[0].replicas in stacks/Pulumi.dev.yaml
    const lines = fs.readFileSync(STACK_FILE, "utf8").split("\n");
    const maxLine = lines.findIndex((l, i) => /^\s+max: \d+/.test(l) && lines.slice(0, i).some((p) => /^\s+replicas:/.test(p))) + 1;
    expect(loc.physicalLocation.region.startLine).toBe(maxLine);
    expect(loc.message.text).toBe("spec value targets[0].replicas.max");
    expect(loc.logicalLocations[0].fullyQualifiedName).toMatch(/::hangzhou-asg$/);
    // every rule is mandatory in this config: errors only; advisory findings map to warnings
    expect(run.results.some((x: { level: string }) => x.level === "warning")).toBe(false);
    expect(sarifLevel({ enforcementLevel: "advisory" })).toBe("warning");
  });

  it("the schema is not a rubber stamp: a broken log fails it", () => {
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: "2.0.0", runs: [] })).toBe(false);
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "fatal" }] }] })).toBe(false);
  });
});
