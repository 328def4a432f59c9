/**
 * A Volcano Engine VM stack with a hub token and an engine API key (test/fixtures/stacks/
 * Pulumi.volcengine-secrets.yaml), run offline like `gpukit plan`: it plans with no deployability
 * finding; KMS secret values are secret in the recording; the role is trusted by ECS only; its
 * policy names exactly those secrets; every instance is bound to the role; the user-data holds no
 * secret value. Tampered copies of the recording (a `*` resource, an instance without its role
 * binding, a plain value, an extra action, a foreign principal) fail `secret-access`. Expected KMS
 * names are written out by hand: `printf '%s' <store name> | sha256sum | cut -c1-20`.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import type { RecordedResource } from "../cli/offline/recorder";
import type { OfflineRunResult } from "../cli/offline/run";
import { OFFLINE_SECRET_PLACEHOLDER } from "../cli/offline/stack-file";
import { checkDeployability, type Finding } from "../deployability";
import { decodeUserData } from "../deployability/userdata";

const STACK_FILE = path.join(__dirname, "fixtures", "stacks", "Pulumi.volcengine-secrets.yaml");
const HUB = "gpukit-611e0e4eca51b1328919"; // gpu-inference/volcengine-secrets/beijing/hubToken
const API = "gpukit-a869df5ec1977fc4d53e"; // gpu-inference/volcengine-secrets/beijing/apiKey
/** The offline KMS mock's TRN (cli/offline/mocks.ts, account 2100000000). */
const trn = (name: string) => `trn:kms:cn-beijing:2100000000:secrets/${name}`;
const T = {
  secret: "volcengine:kms/secret:Secret",
  role: "volcengine:iam/role:Role",
  policy: "volcengine:iam/policy:Policy",
  attach: "volcengine:iam/rolePolicyAttachment:RolePolicyAttachment",
  bind: "volcengine:ecs/iamRoleAttachment:IamRoleAttachment",
  instance: "volcengine:ecs/instance:Instance",
};
let base: OfflineRunResult;

beforeAll(async () => {
  const run = await import("../cli/offline/run.js");
  base = await run.runOffline({ stackFile: STACK_FILE, loadProgram: freshProgram });
}, 120_000);

const copy = () => JSON.parse(JSON.stringify(base.resources)) as RecordedResource[];
const of = (rs: RecordedResource[], type: string) => rs.filter((r) => r.type === type);
const byName = (rs: RecordedResource[], name: string) => {
  const r = rs.find((x) => x.name === name);
  if (!r) throw new Error(`no ${name}: ${rs.map((x) => x.name).join(", ")}`);
  return r;
};
const findings = (rs: RecordedResource[]): Finding[] => checkDeployability({ plan: base.plan, resources: rs });
const secretAccess = (rs: RecordedResource[]) => findings(rs).filter((f) => f.check === "secret-access");
const POLICY = "beijing-host-secrets";

describe("volcengine-secrets stack offline: KMS, IAM role, instances", () => {
  it("plans with the two secrets and no deployability finding", () => {
    expect(base.plan.targets[0]!.secrets.map((s) => s.storeName)).toEqual(["gpu-inference/volcengine-secrets/beijing/hubToken", "gpu-inference/volcengine-secrets/beijing/apiKey"]);
    expect(findings(base.resources as RecordedResource[])).toEqual([]);
  });

  it("records the KMS secrets under their hashed names with their values as secrets, deleted at once on destroy", () => {
    const rs = copy();
    expect(of(rs, T.secret).map((r) => [r.inputs.secretName, r.inputs.secretType, r.inputs.secretValue, r.inputs.forceDelete])).toEqual([
      [HUB, "Generic", "[secret]", true],
      [API, "Generic", "[secret]", true],
    ]);
  });

  it("trusts ECS only, allows kms:GetSecretValue on exactly those secrets, and binds the role to both instances", () => {
    const rs = copy();
    expect(JSON.parse(String(byName(rs, "beijing-host-role").inputs.trustPolicyDocument))).toEqual({ Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole"], Principal: { Service: ["ecs"] } }] });
    expect(JSON.parse(String(byName(rs, POLICY).inputs.policyDocument))).toEqual({ Statement: [{ Effect: "Allow", Action: ["kms:GetSecretValue"], Resource: [trn(HUB), trn(API)] }] });
    expect(byName(rs, "beijing-host-secrets-attach").inputs).toEqual({ roleName: "volcengine-secrets-beijing-host", policyName: "volcengine-secrets-beijing-secrets", policyType: "Custom" });
    const hosts = of(rs, T.instance);
    expect(hosts).toHaveLength(2);
    expect(of(rs, T.bind).map((b) => [b.inputs.instanceId, b.inputs.iamRoleName])).toEqual(hosts.map((h) => [h.id, "volcengine-secrets-beijing-host"]));
  });

  it("the user-data reads the secrets by store name from KMS and holds no secret value (offline placeholders)", () => {
    for (const h of of(copy(), T.instance)) {
      const userData = decodeUserData(h.inputs.userData)!;
      expect(userData).toContain("GetSecretValue");
      expect(userData).toContain("gpu-inference/volcengine-secrets/beijing/apiKey");
      expect(userData).not.toContain(OFFLINE_SECRET_PLACEHOLDER);
    }
    expect(JSON.stringify(base.resources)).not.toContain(OFFLINE_SECRET_PLACEHOLDER);
  });
});

describe("secret-access fails tampered Volcano Engine recordings", () => {
  const tamper = (f: (rs: RecordedResource[]) => void) => {
    const rs = copy();
    f(rs);
    return secretAccess(rs);
  };

  it("a wildcard resource in the policy", () => {
    const out = tamper((rs) => {
      byName(rs, POLICY).inputs.policyDocument = JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["kms:GetSecretValue"], Resource: ["*"] }] });
    });
    expect(out.map((f) => f.message)).toEqual([
      `${POLICY} grants *, not one named secret of this target in cn-beijing`,
      `${POLICY} does not allow reading ${HUB}, which the hosts read at boot`,
      `${POLICY} does not allow reading ${API}, which the hosts read at boot`,
    ]);
  });

  it("another secret and an extra action", () => {
    const out = tamper((rs) => {
      byName(rs, POLICY).inputs.policyDocument = JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["kms:GetSecretValue", "kms:Decrypt"], Resource: [trn(HUB), trn(API), trn("gpukit-other")] }] });
    });
    expect(out.map((f) => f.message)).toEqual([`${POLICY} allows kms:Decrypt besides kms:GetSecretValue`, `${POLICY} grants KMS secret gpukit-other, which is not one of this target's`]);
  });

  it("an instance without its role binding, and a binding to another role", () => {
    const out = tamper((rs) => {
      const i = rs.findIndex((r) => r.name === "beijing-host-0-role");
      rs.splice(i, 1);
      byName(rs, "beijing-host-1-role").inputs.iamRoleName = "admin";
    });
    expect(out.map((f) => [f.resource.includes("beijing-host-0") || f.resource.includes("beijing-host-1") ? "host" : f.resource, f.message])).toEqual([
      ["host", "beijing-host-0's user-data reads KMS but no ecs/iamRoleAttachment binds a role to it, so the metadata service has no credentials and the boot script stops"],
      ["host", "beijing-host-1 is bound to IAM role admin, not the target's volcengine-secrets-beijing-host"],
    ]);
  });

  it("a host template that is a scaling configuration (no role input in pulumi-volcengine 0.0.47)", () => {
    const out = tamper((rs) => {
      byName(rs, "beijing-host-0").type = "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration";
    });
    expect(out.map((f) => f.message)).toEqual(["beijing-host-0's user-data reads KMS but a scaling configuration cannot carry an IAM role (pulumi-volcengine 0.0.47), so its instances get no credentials"]);
  });

  it("a plain secret value, a missing secret, a foreign principal, a detached policy", () => {
    expect(tamper((rs) => void (byName(rs, "beijing-secret-apiKey").inputs.secretValue = "sk-plain")).map((f) => f.message)).toEqual(["beijing-secret-apiKey stores its value as a plain input, visible in the state and previews"]);
    expect(tamper((rs) => void rs.splice(rs.findIndex((r) => r.name === "beijing-secret-hubToken"), 1)).map((f) => f.message)).toEqual([`no KMS secret ${HUB} was recorded, yet the hosts read it at boot`]);
    expect(
      tamper((rs) => {
        byName(rs, "beijing-host-role").inputs.trustPolicyDocument = JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole"], Principal: { Service: ["ecs", "vke"] } }] });
      }).map((f) => f.message),
    ).toEqual(["beijing-host-role is trusted by ecs, vke, not by ecs only"]);
    expect(tamper((rs) => void rs.splice(rs.findIndex((r) => r.name === "beijing-host-secrets-attach"), 1)).map((f) => f.message)).toEqual(["beijing-host-role has no policy attached, so the hosts cannot read their secrets"]);
  });
});
