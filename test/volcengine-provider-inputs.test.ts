/**
 * Every token and input name the Volcano Engine adapter sends, in every variant (including the
 * client ACL, which only `allowedCidrs` creates, and an existing network), is in the provider schema
 * fixture (test/fixtures/provider-inputs.json, from the pulumi-volcengine v0.0.47 SDK sources), and
 * the required inputs of the tokens this adapter added are always present.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CloudTargetArgs } from "../components/adapter";
import { volcengineAdapter } from "../components/volcengine";
import { record } from "./helpers/recording";
import { capturePluginRequests, chinaTargetArgs, type PlanVariant, type PluginRequest } from "./fixtures/china-target-plan";
import { fixtureTags, targetPlan } from "./fixtures/target-plan";

interface TokenInputs {
  inputs: string[];
  nested: Record<string, string[]>;
}
const fixture: Record<string, TokenInputs> = JSON.parse(readFileSync(path.join(__dirname, "fixtures/provider-inputs.json"), "utf8"));

/** Required inputs of the tokens this adapter added (`Missing required property` in the SDK constructors, v0.0.47). */
const REQUIRED: Record<string, string[]> = {
  "volcengine:nat/gateway:Gateway": ["subnetId", "vpcId"],
  "volcengine:nat/snatEntry:SnatEntry": ["natGatewayId"],
  "volcengine:eip/address:Address": ["billingType"],
  "volcengine:eip/associate:Associate": ["allocationId", "instanceId", "instanceType"],
  "volcengine:clb/acl:Acl": [],
  "volcengine:ecs/getAvailableResources:getAvailableResources": ["destinationResource"],
};

function unknownInputs(type: string, name: string, inputs: Record<string, unknown>): string[] {
  const entry = fixture[type];
  if (!entry) return [`${type} ${name}: token not in the provider schema fixture`];
  const errors: string[] = [];
  const nested = (fieldPath: string, value: unknown) => {
    const allowed = entry.nested[fieldPath];
    if (!allowed || value === null || value === undefined) return;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== "object" || item === null) continue;
      for (const [key, child] of Object.entries(item)) {
        if (!allowed.includes(key)) errors.push(`${type} ${name}: unknown nested input ${fieldPath}.${key}`);
        nested(`${fieldPath}.${key}`, child);
      }
    }
  };
  for (const [key, value] of Object.entries(inputs)) {
    if (!entry.inputs.includes(key)) errors.push(`${type} ${name}: unknown input ${key}`);
    nested(key, value);
  }
  for (const key of REQUIRED[type] ?? []) if (inputs[key] === undefined) errors.push(`${type} ${name}: missing required input ${key}`);
  return errors;
}

const VARIANTS: Omit<PlanVariant, "cloud">[] = [
  { hostGroup: "instances", public: true },
  { hostGroup: "instances", public: false, tls: true, spot: true },
  { hostGroup: "scaling-group", public: true, tls: true, allowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] },
  { hostGroup: "scaling-group", public: false, spot: true, allowedCidrs: ["10.0.0.0/8"] },
];

async function build(args: CloudTargetArgs) {
  let requests: PluginRequest[] = [];
  const records = await record(() => {
    requests = capturePluginRequests();
    volcengineAdapter.createTarget("t", args, {});
  });
  const checked = [
    ...records.filter((r) => r.type.startsWith("volcengine:")).map((r) => ({ type: r.type, name: r.name, inputs: r.inputs })),
    ...requests.filter((r) => r.kind === "invoke").map((r) => ({ type: r.token, name: "invoke", inputs: r.args ?? {} })),
  ];
  return checked;
}

describe("volcengine provider input names", () => {
  for (const variant of VARIANTS) {
    it(`every token, input and required input: ${JSON.stringify(variant)}`, async () => {
      const checked = await build(chinaTargetArgs({ cloud: "volcengine", ...variant }));
      const types = new Set(checked.map((c) => c.type));
      for (const added of ["volcengine:nat/gateway:Gateway", "volcengine:nat/snatEntry:SnatEntry", "volcengine:eip/address:Address", "volcengine:eip/associate:Associate", "volcengine:ecs/getAvailableResources:getAvailableResources"]) {
        expect(types.has(added), added).toBe(true);
      }
      expect(types.has("volcengine:clb/acl:Acl")).toBe(variant.allowedCidrs !== undefined || variant.public === false);
      expect(checked.flatMap((c) => unknownInputs(c.type, c.name, c.inputs))).toEqual([]);
    });
  }

  it("existing network: every token and input", async () => {
    const plan = targetPlan("volcengine", { secrets: [], network: { existing: { vpcId: "vpc-own", subnetIds: ["subnet-a", "subnet-b"] } }, loadBalancer: { public: false, allowedCidrs: ["10.1.0.0/16"] } });
    const checked = await build({ plan, tags: fixtureTags(), secrets: [] });
    expect(checked.length).toBeGreaterThan(8);
    expect(checked.flatMap((c) => unknownInputs(c.type, c.name, c.inputs))).toEqual([]);
  });

  it("the check catches an unknown input, a nested one and a missing required input", () => {
    expect(unknownInputs("volcengine:nat/snatEntry:SnatEntry", "bad", { subnetId: "s", eipIds: ["e"] })).toEqual([
      "volcengine:nat/snatEntry:SnatEntry bad: unknown input eipIds",
      "volcengine:nat/snatEntry:SnatEntry bad: missing required input natGatewayId",
    ]);
    expect(unknownInputs("volcengine:clb/acl:Acl", "bad", { aclEntries: [{ entry: "10.0.0.0/8", cidr: "x" }] })).toEqual(["volcengine:clb/acl:Acl bad: unknown nested input aclEntries.cidr"]);
    expect(unknownInputs("volcengine:clb/aclEntry:AclEntry", "x", {})).toEqual(["volcengine:clb/aclEntry:AclEntry x: token not in the provider schema fixture"]);
  });
});
