/**
 * The per-environment configs (`policies/config/{dev,staging,prod}.json`, the
 * `--policy-pack-config` format) validate against the rules' config schemas with ajv; bad configs
 * are refused by ajv and by the CLI's own check alike; every rule has the metadata the pack needs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { checkPackConfig, packConfigSchema } from "../cli/format/check-config";
import { POLICIES, RULES } from "../policies/rules";

const CONFIG_DIR = path.join(__dirname, "..", "policies", "config");
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(packConfigSchema(POLICIES));
const read = (env: string) => JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, `${env}.json`), "utf8")) as Record<string, unknown>;

describe("policy-pack configs", () => {
  it("ships exactly dev, staging and prod", () => {
    expect(fs.readdirSync(CONFIG_DIR).sort()).toEqual(["dev.json", "prod.json", "staging.json"]);
  });

  for (const env of ["dev", "staging", "prod"]) {
    it(`${env}.json validates against the rules' schemas (ajv) and the CLI's check`, () => {
      const config = read(env);
      expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
      expect(checkPackConfig(config, POLICIES)).toEqual([]);
    });
  }

  it("the monthly budget is mandatory in prod", () => {
    expect((read("prod")["cost-monthly-budget"] as { enforcementLevel: string }).enforcementLevel).toBe("mandatory");
  });

  it("bad configs are refused by ajv and by the CLI's check, naming the problem", () => {
    const bad = [
      [{ "no-such-rule": "mandatory" }, /no-such-rule: unknown rule/],
      [{ all: "sometimes" }, /all: enforcement level must be one of advisory, mandatory, remediate, disabled/],
      [{ "cost-max-gpus": { maxGpus: "eight" } }, /cost-max-gpus\.maxGpus: expected integer, given "eight"/],
      [{ "cost-max-gpus": { maxGpus: -1 } }, /cost-max-gpus\.maxGpus: must be ≥ 0/],
      [{ "comp-export-control": { blockedStatuses: ["forbidden"] } }, /blockedStatuses\[0\]: must be one of/],
      [{ "cost-top-tier-gpus": { allowTopTeir: true } }, /cost-top-tier-gpus\.allowTopTeir: unknown setting/],
    ] as const;
    for (const [config, message] of bad) {
      expect(validate(config)).toBe(false);
      expect(checkPackConfig(config, POLICIES).join("\n")).toMatch(message);
    }
  });

  it("every rule has a stable unique name, description, severity, remediation and a config schema", () => {
    const names = RULES.map((r) => r.policy.name);
    expect(new Set(names).size).toBe(names.length);
    for (const r of RULES) {
      expect(r.policy.name).toMatch(/^(cost|sec|deployability|comp)-[a-z0-9-]+$/);
      expect(r.policy.name).not.toBe("all");
      expect(r.policy.description.length).toBeGreaterThan(20);
      expect(["low", "medium", "high", "critical"]).toContain(r.policy.severity);
      expect(r.policy.remediationSteps.length).toBeGreaterThan(20);
      expect(r.policy.configSchema).toBeTypeOf("object");
      // the policy server refuses a schema that declares enforcementLevel
      expect(Object.keys(r.policy.configSchema.properties ?? {})).not.toContain("enforcementLevel");
    }
  });
});
