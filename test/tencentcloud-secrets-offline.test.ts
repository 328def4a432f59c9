/**
 * A Tencent Cloud VM stack with a hub token and an engine API key (test/fixtures/stacks/
 * Pulumi.tencent-secrets.yaml), run offline like `gpukit plan`: it plans with no deployability
 * finding; SSM secret values are secret in the recording; the role's policy names exactly those
 * secrets; every host carries the role; the user-data names the store names and holds no secret
 * value. Tampered copies of the recording (a `*` resource, a host without the role, a plain value,
 * an extra action) fail `secret-access`. A Volcano Engine target with secrets on a scaling group is refused.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import type { OfflineRunResult } from "../cli/offline/run";
import type { RecordedResource } from "../cli/offline/recorder";
import { OFFLINE_SECRET_PLACEHOLDER } from "../cli/offline/stack-file";
import { checkDeployability, type Finding } from "../deployability";
import { runCli } from "./helpers/cli";

const STACK_FILE = path.join(__dirname, "fixtures", "stacks", "Pulumi.tencent-secrets.yaml");
const HUB = "gpu-inference_tencent-secrets_guangzhou_hubToken";
const API = "gpu-inference_tencent-secrets_guangzhou_apiKey";
/** SSM resource names, written out from SSM's access-control page and the offline uins (cli/offline/mocks.ts). */
const resource = (name: string) => `qcs::ssm:ap-guangzhou:uin/100000000001:secret/creatorUin/100000000001/${name}`;
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
const policyDoc = (rs: RecordedResource[]) => JSON.parse(String(byName(rs, "guangzhou-host-secrets").inputs.document)) as { statement: { action: string[]; resource: string[] }[] };

describe("tencent-secrets stack offline: SSM, role, hosts", () => {
  it("plans with the two secrets and no deployability finding", () => {
    expect(base.plan.targets[0]!.secrets.map((s) => s.storeName)).toEqual(["gpu-inference/tencent-secrets/guangzhou/hubToken", "gpu-inference/tencent-secrets/guangzhou/apiKey"]);
    expect(findings(base.resources as RecordedResource[])).toEqual([]);
  });

  it("records the SSM secrets with their values as secrets", () => {
    const rs = copy();
    expect(of(rs, "tencentcloud:Ssm/secret:Secret").map((r) => r.inputs.secretName)).toEqual([HUB, API]);
    expect(of(rs, "tencentcloud:Ssm/secretVersion:SecretVersion").map((r) => [r.inputs.secretName, r.inputs.secretString])).toEqual([
      [HUB, "[secret]"],
      [API, "[secret]"],
    ]);
  });

  it("scopes the role's policy to exactly those secrets and puts the role on every host", () => {
    const rs = copy();
    expect(policyDoc(rs).statement).toEqual([{ effect: "allow", action: ["ssm:GetSecretValue"], resource: [resource(HUB), resource(API)] }]);
    const hosts = of(rs, "tencentcloud:Instance/instance:Instance");
    expect(hosts.map((h) => h.inputs.camRoleName)).toEqual(["tencent-secrets-guangzhou-host", "tencent-secrets-guangzhou-host"]);
    expect(byName(rs, "guangzhou-host-role").inputs.name).toBe("tencent-secrets-guangzhou-host");
  });

  it("user-data names the store names and holds no secret value", () => {
    const hosts = of(copy(), "tencentcloud:Instance/instance:Instance");
    for (const h of hosts) {
      const userData = String(h.inputs.userDataRaw);
      expect(userData).toContain("gpu-inference/tencent-secrets/guangzhou/hubToken");
      expect(userData).toContain("gpu-inference/tencent-secrets/guangzhou/apiKey");
      expect(userData).toContain("GetSecretValue");
      expect(userData).not.toContain(OFFLINE_SECRET_PLACEHOLDER);
      // 16 KB after base64 is Tencent's limit (components/tencentcloud/host-group.ts)
      expect(Buffer.from(userData).toString("base64").length).toBeLessThanOrEqual(16 * 1024);
    }
  });
});

describe("tencent-secrets stack offline: tampered recordings fail secret-access", () => {
  const only = (rs: RecordedResource[]) => findings(rs).filter((f) => f.check === "secret-access");

  it("a policy granting `*`", () => {
    const rs = copy();
    const doc = policyDoc(rs);
    doc.statement[0]!.resource = ["*"];
    byName(rs, "guangzhou-host-secrets").inputs.document = JSON.stringify(doc);
    const f = only(rs);
    expect(f.map((x) => x.message)).toEqual([
      "guangzhou-host-secrets grants *, not one named secret of this target in ap-guangzhou",
      `guangzhou-host-secrets does not allow reading ${HUB}, which the hosts read at boot`,
      `guangzhou-host-secrets does not allow reading ${API}, which the hosts read at boot`,
    ]);
  });

  it("a policy with another secret or another action", () => {
    const rs = copy();
    const doc = policyDoc(rs);
    doc.statement[0]!.resource.push(resource("someone-elses-secret"));
    doc.statement[0]!.action.push("ssm:PutSecretValue");
    byName(rs, "guangzhou-host-secrets").inputs.document = JSON.stringify(doc);
    expect(only(rs).map((x) => x.message)).toEqual([
      "guangzhou-host-secrets allows ssm:PutSecretValue besides ssm:GetSecretValue",
      "guangzhou-host-secrets grants SSM secret someone-elses-secret, which is not one of this target's",
    ]);
  });

  it("hosts without the role", () => {
    const rs = copy();
    for (const h of of(rs, "tencentcloud:Instance/instance:Instance")) delete h.inputs.camRoleName;
    const f = only(rs);
    expect(f.map((x) => x.resource)).toEqual([expect.stringContaining("guangzhou-host-0"), expect.stringContaining("guangzhou-host-1")]);
    expect(f[0]!.message).toContain("reads SSM but the host has no CAM role (camRoleName)");
    expect(f[0]!.fix).toBe("set camRoleName to tencent-secrets-guangzhou-host");
  });

  it("a plain secret value, a role trusted by another service, a missing secret", () => {
    const rs = copy();
    byName(rs, "guangzhou-secret-apiKey-value").inputs.secretString = "plain";
    const role = byName(rs, "guangzhou-host-role");
    role.inputs.document = String(role.inputs.document).replace("cvm.qcloud.com", "scf.qcloud.com");
    rs.splice(rs.indexOf(byName(rs, "guangzhou-secret-hubToken")), 1);
    expect(only(rs).map((x) => x.message)).toEqual([
      `no SSM secret ${HUB} was recorded, yet the hosts read it at boot`,
      "guangzhou-secret-apiKey-value stores its value as a plain input, visible in the state and previews",
      "guangzhou-host-role is trusted by scf.qcloud.com, not by cvm.qcloud.com only",
    ]);
  });
});

describe("volcengine: secrets on a scaling group refused at plan time (KMS store: test/volcengine-secrets*.test.ts)", () => {
  it("gpukit plan exits 2 naming replicas: the IAM role cannot reach a scaling group's instances", async () => {
    const text = readFileSync(STACK_FILE, "utf8")
      .replace("name: guangzhou\n        cloud: tencentcloud\n        region: ap-guangzhou\n        gpu: auto", "name: beijing\n        cloud: volcengine\n        region: cn-beijing\n        instanceType: ecs.pni2.14xlarge\n        gpu: A800\n        gpusPerReplica: 1")
      .replace("ccr.ccs.tencentyun.com/gpu-inference", "platform-cn-beijing.cr.volces.com/gpu-inference")
      .replace("min: 2\n          max: 2", "min: 2\n          max: 3");
    expect(text).toContain("cloud: volcengine");
    expect(text).toContain("max: 3");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "gpukit-volc-")), "Pulumi.volc-secrets.yaml");
    writeFileSync(file, text);
    const r = await runCli(["plan", "--stack-file", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("targets[0].replicas");
    expect(r.stderr).toContain("set replicas.min equal to replicas.max");
  });
});
