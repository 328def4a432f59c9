/**
 * Finding #6: every Volcano Engine `description` the adapter sends must pass the API's character
 * rule (start with a letter, Chinese character or digit; only those and `,` `.` `_` space `=` `-`
 * `，` `。`; at most 255 characters). One validator, checked here on hand-written texts and on every
 * recorded description of every variant, nested ACL entries included.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { RecordedResource } from "../cli/offline/recorder";
import { volcengineAdapter } from "../components/volcengine";
import { isVolcengineDescription, VOLCENGINE_DESCRIPTION_DOC, volcengineDescription } from "../components/volcengine/description";
import { record } from "./helpers/recording";
import { chinaTargetArgs, chinaTargetPlan, type PlanVariant } from "./fixtures/china-target-plan";

/** Every `description` in the inputs of the Volcano Engine records, at any depth, with where it is. */
function descriptionsOf(records: readonly RecordedResource[]): { where: string; text: unknown }[] {
  const out: { where: string; text: unknown }[] = [];
  const walk = (where: string, value: unknown) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(`${where}[${i}]`, v));
    else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key === "description") out.push({ where: `${where}.description`, text: child });
        else walk(`${where}.${key}`, child);
      }
    }
  };
  for (const r of records) if (r.type.startsWith("volcengine:")) walk(`${r.type} ${r.name}`, r.inputs);
  return out;
}

/** The messages of the descriptions that fail the rule. */
function badDescriptions(records: readonly RecordedResource[]): string[] {
  return descriptionsOf(records)
    .filter((d) => typeof d.text !== "string" || !isVolcengineDescription(d.text))
    .map((d) => `${d.where}: ${JSON.stringify(d.text)}`);
}

describe("volcengine descriptions", () => {
  it("the validator follows the documented rule", () => {
    expect(VOLCENGINE_DESCRIPTION_DOC).toBe("https://www.volcengine.com/docs/6401/70747");
    for (const ok of ["GPU hosts of test-main, engine port from the load balancer only", "load balancer to engine port 8000", "8000 a=b_c.d-e", "推理服务，仅负载均衡。", "x", ""]) {
      expect(isVolcengineDescription(ok), ok).toBe(true);
    }
    for (const bad of [
      "GPU hosts of ve: engine port from the load balancer only", // the old security-group text
      "-starts with a hyphen",
      " starts with a space",
      ",starts with a comma",
      "has/slash",
      "has (parens)",
      "line\nbreak",
      "a".repeat(256),
    ]) {
      expect(isVolcengineDescription(bad), bad).toBe(false);
    }
    expect(isVolcengineDescription("a".repeat(255))).toBe(true);
  });

  it("a bad text fails with a target error that quotes it and links the doc", () => {
    const plan = chinaTargetPlan({ cloud: "volcengine" });
    const parent = { urn: pulumi.output("urn:test") } as unknown as pulumi.Resource;
    expect(volcengineDescription(plan, parent, "fine text")).toBe("fine text");
    expect(() => volcengineDescription(plan, parent, "GPU hosts of ve: engine")).toThrow(
      'target volcengine-main (volcengine cn-beijing): description "GPU hosts of ve: engine" is not accepted by Volcano Engine: it must start with a letter, Chinese character or digit, ' +
        "contain only those and , . _ space = - ， 。 and be at most 255 characters (https://www.volcengine.com/docs/6401/70747)",
    );
  });

  it("the check over recorded inputs catches the old colon text and nested entries", () => {
    const fake = [
      { type: "volcengine:vpc/securityGroup:SecurityGroup", name: "old", inputs: { description: "GPU hosts of ve: engine port from the load balancer only" } },
      { type: "volcengine:clb/acl:Acl", name: "acl", inputs: { description: "ok", aclEntries: [{ entry: "10.0.0.0/8", description: "range: a" }] } },
      { type: "aws:ec2/securityGroup:SecurityGroup", name: "ignored", inputs: { description: "a: b" } },
    ] as unknown as RecordedResource[];
    expect(badDescriptions(fake)).toEqual([
      'volcengine:vpc/securityGroup:SecurityGroup old.description: "GPU hosts of ve: engine port from the load balancer only"',
      'volcengine:clb/acl:Acl acl.aclEntries[0].description: "range: a"',
    ]);
  });

  const VARIANTS: Omit<PlanVariant, "cloud">[] = [
    { hostGroup: "instances", public: true },
    { hostGroup: "instances", public: false, tls: true, allowedCidrs: ["203.0.113.0/24"] },
    { hostGroup: "scaling-group", public: true, spot: true, allowedCidrs: ["198.51.100.0/24", "203.0.113.0/24"] },
  ];
  for (const variant of VARIANTS) {
    it(`every recorded description passes: ${JSON.stringify(variant)}`, async () => {
      const records = await record(() => {
        volcengineAdapter.createTarget("ve", chinaTargetArgs({ cloud: "volcengine", ...variant }), {});
      });
      const found = descriptionsOf(records);
      // the VPC, NAT gateway, EIP, security group and its rule, CLB and server group at least
      expect(found.length).toBeGreaterThanOrEqual(7);
      expect(badDescriptions(records)).toEqual([]);
    });
  }
});
