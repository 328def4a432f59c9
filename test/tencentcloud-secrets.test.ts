/**
 * Tencent Cloud secret store under mocks: SSM secrets named from the plan's store names, values only
 * as Pulumi secrets, a CAM role trusted by CVM, a policy allowing `ssm:GetSecretValue` on exactly
 * those secrets, the role on every host template; no role at all without secrets; bad input fails
 * with every problem at once. Also the boot script and the planner on Tencent Cloud (secrets now
 * plan) and Volcano Engine (KMS, rendered). Expected values are written by hand.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { PROVIDER_INPUTS } from "./helpers/provider-inputs";
import type { TargetSecret } from "../components/adapter";
import { renderSecretsScript } from "../components/bootstrap/secrets";
import { tencentSsmNameProblems, tencentSsmSecretName } from "../components/bootstrap/tencent-ssm";
import type { SecretPlan } from "../components/plan/secrets";
import { ofType } from "./helpers/recording";
import { build, byName, PHYSICAL } from "./helpers/tencentcloud-adapter";

const S = {
  secret: "tencentcloud:Ssm/secret:Secret",
  version: "tencentcloud:Ssm/secretVersion:SecretVersion",
  role: "tencentcloud:Cam/role:Role",
  policy: "tencentcloud:Cam/policy:Policy",
  attach: "tencentcloud:Cam/rolePolicyAttachment:RolePolicyAttachment",
  instance: "tencentcloud:Instance/instance:Instance",
  scalingConfig: "tencentcloud:As/scalingConfig:ScalingConfig",
};
const PLANNED: SecretPlan[] = [
  { name: "hubToken", envVar: "HF_TOKEN", storeName: "gpu-inference/test/tencentcloud-main/hubToken", configKey: "hfToken" },
  { name: "apiKey", envVar: "VLLM_API_KEY", storeName: "gpu-inference/test/tencentcloud-main/apiKey", configKey: "engineApiKey" },
];
const VALUES: Record<string, string> = { hubToken: "hf_SECRETVALUE1", apiKey: "sk-SECRETVALUE2" };
/** Resource name of a secret, written out from SSM's access-control page format and the offline uins. */
const resource = (name: string) => `qcs::ssm:ap-guangzhou:uin/100000000001:secret/creatorUin/100000000001/${name}`;

function withSecrets(planned: SecretPlan[], values: string[] = planned.map((p) => p.name)) {
  return (args: { plan: { secrets: SecretPlan[] }; secrets: TargetSecret[] }) => {
    args.plan = { ...args.plan, secrets: planned } as typeof args.plan;
    args.secrets = values.map((n) => ({ ...(planned.find((p) => p.name === n) ?? { ...planned[0]!, name: n as SecretPlan["name"] }), value: pulumi.secret(VALUES[n] ?? "v") }));
  };
}

describe("tencentcloud secrets: SSM, CAM role and policy from the plan", () => {
  it("stores each secret in SSM under its mapped name, the value only as a Pulumi secret", async () => {
    const { records } = await build({}, withSecrets(PLANNED) as never);
    expect(ofType(records, S.secret).map((r) => r.inputs.secretName)).toEqual(["gpu-inference_test_tencentcloud-main_hubToken", "gpu-inference_test_tencentcloud-main_apiKey"]);
    expect(byName(records, "tc-secret-hubToken").inputs).toMatchObject({ recoveryWindowInDays: 0, isEnabled: true, description: `HF_TOKEN for ${PHYSICAL} (read at boot by the GPU hosts)` });
    expect(byName(records, "tc-secret-hubToken").inputs.kmsKeyId).toBeUndefined();
    expect(ofType(records, S.version).map((r) => r.inputs)).toEqual([
      { secretName: "gpu-inference_test_tencentcloud-main_hubToken", versionId: "gpukit-v1", secretString: "[secret]" },
      { secretName: "gpu-inference_test_tencentcloud-main_apiKey", versionId: "gpukit-v1", secretString: "[secret]" },
    ]);
    const everything = JSON.stringify(records);
    expect(everything).not.toContain("SECRETVALUE");
  });

  it("creates a role only CVM may assume and a policy for exactly these secrets, attached to it", async () => {
    const { records } = await build({}, withSecrets(PLANNED) as never);
    const role = byName(records, "tc-host-role");
    expect(role.inputs).toMatchObject({ name: `${PHYSICAL}-host`, consoleLogin: false });
    expect(JSON.parse(String(role.inputs.document))).toEqual({ version: "2.0", statement: [{ action: "name/sts:AssumeRole", effect: "allow", principal: { service: ["cvm.qcloud.com"] } }] });
    const policy = byName(records, "tc-host-secrets");
    expect(policy.inputs.name).toBe(`${PHYSICAL}-secrets`);
    expect(JSON.parse(String(policy.inputs.document))).toEqual({
      version: "2.0",
      statement: [{ effect: "allow", action: ["ssm:GetSecretValue"], resource: [resource("gpu-inference_test_tencentcloud-main_hubToken"), resource("gpu-inference_test_tencentcloud-main_apiKey")] }],
    });
    expect(byName(records, "tc-host-secrets-attach").inputs).toEqual({ roleId: "tc-host-role-id", policyId: "tc-host-secrets-id" });
    for (const r of [...ofType(records, S.secret), role, policy]) expect(r.provider).toContain("tc-provider");
  });

  it("puts the role on every CVM instance and on the scaling config", async () => {
    const fixed = await build({}, withSecrets(PLANNED) as never);
    const hosts = ofType(fixed.records, S.instance);
    expect(hosts.length).toBeGreaterThan(0);
    for (const h of hosts) expect(h.inputs.camRoleName).toBe(`${PHYSICAL}-host`);
    const scaling = await build({ hostGroup: "scaling-group" }, withSecrets(PLANNED) as never);
    expect(ofType(scaling.records, S.scalingConfig).map((c) => c.inputs.camRoleName)).toEqual([`${PHYSICAL}-host`]);
  });

  it("sends only input names of the official SDK (test/fixtures/provider-inputs.json, pulumi-tencentcloud v0.2.3)", async () => {
    const fixture = PROVIDER_INPUTS;
    const { records } = await build({}, withSecrets(PLANNED) as never);
    for (const t of [S.secret, S.version, S.role, S.policy, S.attach]) {
      expect(fixture[t]?.source).toMatch(/pulumi-tencentcloud v0\.2\.3 sdk\/nodejs\/(ssm|cam)\//);
      for (const r of ofType(records, t)) for (const k of Object.keys(r.inputs)) expect(fixture[t]!.inputs, `${t}.${k}`).toContain(k);
    }
    expect(fixture["tencentcloud:User/getInfo:getInfo"]?.source).toContain("sdk/nodejs/user/getInfo.ts");
  });

  it("without secrets: no SSM, no CAM, and hosts without a role", async () => {
    const { records } = await build();
    for (const t of [S.secret, S.version, S.role, S.policy, S.attach]) expect(ofType(records, t)).toEqual([]);
    for (const h of ofType(records, S.instance)) expect(h.inputs.camRoleName).toBeUndefined();
  });

  it("fails with every problem at once: a value missing, an unplanned value, two names mapping to one SSM name", async () => {
    const clash: SecretPlan[] = [
      { name: "gatewayKey-a.b", envVar: "K1", storeName: "gpu-inference/test/tencentcloud-main/gatewayKey-a.b", configKey: "" },
      { name: "gatewayKey-a_b", envVar: "K2", storeName: "gpu-inference/test/tencentcloud-main/gatewayKey-a_b", configKey: "" },
    ];
    const err = build({}, withSecrets(clash, ["gatewayKey-a.b", "apiKey"]) as never);
    await expect(err).rejects.toThrow("secret values given for apiKey, which the plan does not have");
    await expect(err).rejects.toThrow("secrets gatewayKey-a_b (K2) have no value");
    await expect(err).rejects.toThrow("both map to SSM secret name gpu-inference_test_tencentcloud-main_gatewayKey-a_b");
  });
});

describe("tencentcloud secrets: SSM names and the boot script", () => {
  it("maps store names to SSM names (letters, digits, _ and - only)", () => {
    expect(tencentSsmSecretName("gpu-inference/prod/gz.1/apiKey")).toBe("gpu-inference_prod_gz_1_apiKey");
    expect(tencentSsmSecretName("/gpu-inference/a/b/hubToken")).toBe("gpu-inference_a_b_hubToken");
    // "gpu-inference_" (14) + 110 + "_t_apiKey" (9) = 133 bytes
    expect(tencentSsmNameProblems([`gpu-inference/${"s".repeat(110)}/t/apiKey`])).toEqual([`SSM secret name gpu-inference_${"s".repeat(110)}_t_apiKey is longer than 128 bytes`]);
    // 14 + 105 + 9 = 128 bytes: the longest name SSM takes
    expect(tencentSsmNameProblems([`gpu-inference/${"s".repeat(105)}/t/apiKey`, "gpu-inference/a/b/c", "gpu-inference/a/b/d"])).toEqual([]);
  });

  it("renders secrets.sh with store names, the CAM role's credentials and X-TC-Token, never a value", () => {
    const script = renderSecretsScript("tencentcloud", "ap-guangzhou", [{ envVar: "VLLM_API_KEY", secret: "apiKey", storeName: "gpu-inference/dev/gz/apiKey" }])!;
    expect(script).toContain("v=$(g gpu-inference/dev/gz/apiKey)");
    expect(script).toContain('R=$(md cam/security-credentials/ | head -1)');
    expect(script).toContain("http://metadata.tencentyun.com/latest/meta-data/$1");
    expect(script).toContain('-H "X-TC-Token: $TK"');
    expect(script).toContain("-H 'X-TC-Region: ap-guangzhou'");
    expect(script).not.toMatch(/aliyun|aws ssm/);
  });

  it("renders the Volcano Engine KMS read too (test/volcengine-secrets-signer.test.ts runs it)", () => {
    const script = renderSecretsScript("volcengine", "cn-beijing", [{ envVar: "VLLM_API_KEY", secret: "apiKey", storeName: "gpu-inference/dev/bj/apiKey" }])!;
    expect(script).toContain("volc GetSecretValue");
    expect(script).not.toContain("ssm.tencentcloudapi.com");
  });
});
