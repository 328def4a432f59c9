/**
 * Volcano Engine secret store under mocks (adapter level): KMS secrets named by the hash of the
 * plan's store names, values only as Pulumi secrets, an IAM role trusted by ECS, a policy on exactly
 * those secrets' TRNs, one `ecs/iamRoleAttachment` per fixed instance; no role at all without
 * secrets; bad input (missing values, unplanned values, a scaling group with secrets) fails with one
 * error naming every problem, before any resource. Expected names are written out by hand
 * (`printf '%s' <store name> | sha256sum | cut -c1-20`).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { volcengineAdapter } from "../components/volcengine";
import { recordWithCalls } from "./fixtures/china-target-plan";
import { FIXTURE_SECRET_VALUES, fixtureSecrets, fixtureTags, targetPlan } from "./fixtures/target-plan";

const T = {
  secret: "volcengine:kms/secret:Secret",
  role: "volcengine:iam/role:Role",
  policy: "volcengine:iam/policy:Policy",
  attach: "volcengine:iam/rolePolicyAttachment:RolePolicyAttachment",
  bind: "volcengine:ecs/iamRoleAttachment:IamRoleAttachment",
  instance: "volcengine:ecs/instance:Instance",
  scalingConfig: "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration",
};

async function build(options: Parameters<typeof targetPlan>[1], values?: "none" | "extra") {
  const plan = targetPlan("volcengine", options);
  return recordWithCalls(() => {
    const secrets = values === "none" ? [] : fixtureSecrets(plan);
    if (values === "extra") secrets.push({ ...secrets[0]!, name: "registryPassword" as never });
    volcengineAdapter.createTarget("ve", { plan, tags: fixtureTags(), secrets }, {});
  }, () => undefined).then((r) => ({ ...r, plan }));
}

describe("volcengine secrets: fixed instances", () => {
  it("stores each secret in KMS as a Pulumi secret and binds the role to every instance", async () => {
    const { records, errors, plan } = await build({ replicas: { min: 2, max: 2 } });
    expect(errors).toEqual([]);
    expect(plan.secrets.map((s) => s.storeName)).toEqual(["gpu-inference/test/main/hubToken", "gpu-inference/test/main/apiKey"]);
    const secrets = records.filter((r) => r.type === T.secret);
    // sha256("gpu-inference/test/main/hubToken"), sha256("gpu-inference/test/main/apiKey"), first 20 hex
    expect(secrets.map((r) => [r.name, r.inputs.secretName, r.inputs.secretValue, r.inputs.secretType])).toEqual([
      ["ve-secret-hubToken", "gpukit-5ddb52142132b8fa3607", "[secret]", "Generic"],
      ["ve-secret-apiKey", "gpukit-5aaee6c78e2dae80202a", "[secret]", "Generic"],
    ]);
    const all = JSON.stringify(records);
    for (const v of Object.values(FIXTURE_SECRET_VALUES)) expect(all).not.toContain(v);
    const role = records.filter((r) => r.type === T.role);
    expect(role.map((r) => [r.inputs.roleName, JSON.parse(String(r.inputs.trustPolicyDocument))])).toEqual([
      ["test-main-host", { Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole"], Principal: { Service: ["ecs"] } }] }],
    ]);
    const hosts = records.filter((r) => r.type === T.instance);
    expect(hosts.map((h) => h.name)).toEqual(["ve-host-0", "ve-host-1"]);
    expect(records.filter((r) => r.type === T.bind).map((b) => [b.name, b.inputs.instanceId, b.inputs.iamRoleName])).toEqual([
      ["ve-host-0-role", hosts[0]!.id, "test-main-host"],
      ["ve-host-1-role", hosts[1]!.id, "test-main-host"],
    ]);
    expect(records.filter((r) => r.type === T.attach).map((a) => a.inputs)).toEqual([{ roleName: "test-main-host", policyName: "test-main-secrets", policyType: "Custom" }]);
  });

  it("creates no KMS secret, role or binding without secrets", async () => {
    const { records, errors } = await build({ replicas: { min: 1, max: 1 }, secrets: [] });
    expect(errors).toEqual([]);
    expect(records.filter((r) => r.type === T.instance)).toHaveLength(1);
    expect(records.filter((r) => Object.values(T).includes(r.type) && r.type !== T.instance)).toEqual([]);
  });
});

/** Required inputs, read by hand from pulumi-volcengine v0.0.47 (`Missing required property` in each SDK file). */
const REQUIRED: Record<string, string[]> = {
  [T.secret]: ["secretName", "secretType", "secretValue"],
  [T.role]: ["roleName"],
  [T.policy]: ["policyDocument", "policyName"],
  [T.attach]: ["policyName", "policyType", "roleName"],
  [T.bind]: ["iamRoleName", "instanceId"],
};

describe("volcengine secrets: provider inputs", () => {
  it("sends only inputs the SDK has (test/fixtures/provider-inputs.json) and every required one", async () => {
    const fixture = JSON.parse(readFileSync(path.join(__dirname, "fixtures/provider-inputs.json"), "utf8")) as Record<string, { inputs: string[]; nested: Record<string, string[]> }>;
    const { records, errors } = await build({ replicas: { min: 2, max: 2 } });
    expect(errors).toEqual([]);
    const mine = records.filter((r) => r.type in REQUIRED);
    expect(new Set(mine.map((r) => r.type))).toEqual(new Set(Object.keys(REQUIRED)));
    for (const r of mine) {
      const known = fixture[r.type];
      expect(known, r.type).toBeDefined();
      expect(Object.keys(r.inputs).filter((k) => !known!.inputs.includes(k)), r.name).toEqual([]);
      expect(REQUIRED[r.type]!.filter((k) => r.inputs[k] === undefined), r.name).toEqual([]);
    }
    const tags = records.find((r) => r.type === T.role)!.inputs.tags as Record<string, unknown>[];
    expect(tags.flatMap((t) => Object.keys(t)).filter((k) => !fixture[T.role]!.nested.tags!.includes(k))).toEqual([]);
  });
});

describe("volcengine secrets: refused before any resource", () => {
  it("names every problem at once: missing values and a scaling group", async () => {
    const { records, errors } = await build({ replicas: { min: 1, max: 3 } }, "none");
    const text = errors.join("\n");
    expect(text).toContain("secrets hubToken (HF_TOKEN), apiKey (VLLM_API_KEY) have no value");
    expect(text).toContain("a Volcano Engine scaling group cannot attach (no role input on volcengine:autoscaling/scalingConfiguration in pulumi-volcengine 0.0.47); set replicas.min equal to replicas.max (got 1..3)");
    expect(records.filter((r) => r.type.startsWith("volcengine:"))).toEqual([]);
  });

  it("a value for a secret the plan does not have", async () => {
    const { records, errors } = await build({ replicas: { min: 1, max: 1 } }, "extra");
    expect(errors.join("\n")).toContain("secret values given for registryPassword, which the plan does not have");
    expect(records.filter((r) => r.type.startsWith("volcengine:"))).toEqual([]);
  });

  it("a scaling group with values given still refuses (no role input on the scaling configuration)", async () => {
    const { records, errors } = await build({ replicas: { min: 1, max: 2 } });
    expect(errors.join("\n")).toMatch(/target main \(volcengine cn-beijing\): .*scaling group cannot attach/);
    expect(records.filter((r) => r.type === T.scalingConfig || r.type === T.secret)).toEqual([]);
  });
});
