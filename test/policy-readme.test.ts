/** policies/README.md is generated from the rules' metadata: the test fails when it is stale. */
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { POLICY_README, renderPolicyReadme } from "../policies/readme";
import { RULES } from "../policies/rules";

describe("policies/README.md", () => {
  it("is up to date (run `npm run policy:readme`)", () => {
    expect(fs.readFileSync(POLICY_README, "utf8")).toBe(renderPolicyReadme());
  });
  it("names every rule with its severity and a Checkov/CIS control where one is mapped", () => {
    const text = renderPolicyReadme();
    for (const r of RULES) expect(text).toContain(`| \`${r.policy.name}\` | ${r.policy.severity} |`);
    expect(text).toContain("CKV_AWS_79");
    expect(text).toContain("CIS AWS 5.2");
  });
});
