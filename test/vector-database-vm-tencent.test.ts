/**
 * Qdrant on a private CVM host beside a Tencent Cloud `runtime: vm` target: a stack with
 * `vectorDatabase: { engine: qdrant, storageGb: 50 }` runs offline (the stack program under mocks,
 * as `gpukit plan` does) with 0 deployability findings; the recorded host has no public IP, the CBS
 * data disk is encrypted and protected, the snapshot policy keeps `retentionDays` and is attached,
 * the security group admits 6333/6334 from the VPC CIDR only; the API key's SSM name is in
 * user-data, never the key; every input name is in the official SDK; a tampered recording fails the
 * check; Volcano Engine stays refused.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PROVIDER_INPUTS } from "./helpers/provider-inputs";
import { freshProgram } from "./helpers/program";
import type { RecordedResource } from "../cli/offline/recorder";
import type { OfflineRunResult } from "../cli/offline/run";
import { loadCatalog } from "../catalog";
import { planDeployment } from "../components/plan";
import { parseDeploymentSpec } from "../components/spec";
import { ConfigError } from "../components/spec/issues";
import type { DeploymentSpecInput } from "../components/spec/schema";
import { runDeployability } from "../deployability";
import { RULES } from "../policies/rules";
import { check } from "./policy-harness";

// The kit's created VPC is 10.42.0.0/16 (components/plan/network.ts).
const VPC = "10.42.0.0/16";
const STACK = "tcqdrant";

const dir = mkdtempSync(join(tmpdir(), "gpukit-tc-qdrant-"));
const stackFile = join(dir, `Pulumi.${STACK}.yaml`);
writeFileSync(
  stackFile,
  `config:
  gpu-inference:deployment:
    environment: dev
    owner: t
    costCenter: c
    budget: { monthly: 100000, currency: CNY }
    model: { id: Qwen/Qwen2.5-7B-Instruct-AWQ, source: modelscope, quantization: awq, maxContextTokens: 8192 }
    engine: { name: vllm, maxConcurrentRequests: 16 }
    targets:
      - { name: gz, cloud: tencentcloud, region: ap-guangzhou, zones: [ap-guangzhou-3, ap-guangzhou-4], gpu: auto, replicas: { min: 1, max: 1 }, runtime: vm, registryMirror: ccr.ccs.tencentyun.com/acme }
    loadBalancer: { public: false, allowedCidrs: [10.0.0.0/8] }
    compliance: { dataResidency: cn, dataClassification: internal }
    vectorDatabase: { engine: qdrant, storageGb: 50, backup: { retentionDays: 9 } }
`,
);

/** The user-data text of a recorded CVM instance (plain `userDataRaw`, or base64 of gzip). */
function userDataOf(r: RecordedResource): string {
  if (typeof r.inputs.userDataRaw === "string") return r.inputs.userDataRaw;
  const raw = Buffer.from(String(r.inputs.userData), "base64");
  return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
}

describe("qdrant beside a Tencent Cloud vm target", async () => {
  const { runOffline } = await import("../cli/offline/run.js");
  const base: OfflineRunResult = await runOffline({ stackFile, loadProgram: freshProgram });
  const rs = base.resources;
  const named = (n: string) => {
    const r = rs.find((x) => x.name === n);
    expect(r, n).toBeDefined();
    return r!;
  };
  const host = base.plan.targets[0]!.vectorDatabase!.host!;

  it("plans the host from the Tencent facts: MA5.LARGE16, 50 GB CLOUD_SSD encrypted, 9-day snapshots, VPC CIDR only", () => {
    expect(base.plan.targets[0]!.vectorDatabase!.placement).toBe("vm-host");
    expect(host.instanceType).toBe("MA5.LARGE16");
    expect(host.dataDisk).toEqual({ sizeGb: 50, diskClass: "CLOUD_SSD", encrypted: true, mountPath: "/qdrant/storage", deleteAutoSnapshots: false });
    expect(host.snapshotPolicy).toMatchObject({ token: "tencentcloud:Cbs/snapshotPolicy:SnapshotPolicy", attachment: "tencentcloud:Cbs/snapshotPolicyAttachment:SnapshotPolicyAttachment", retentionDays: 9, hourUtc: 3 });
    expect(host.allowedCidrs).toEqual([VPC]);
    expect(host.subnet).toMatchObject({ zone: "ap-guangzhou-3", index: 0 });
    expect(host.container.pull).toBe("ccr.ccs.tencentyun.com/acme/qdrant:v1.19.0");
    expect(host.apiKey.storeName).toBe(`gpu-inference/${STACK}/gz/vectorDbApiKey`);
  });

  it("plans with 0 deployability findings (every check)", () => {
    expect(runDeployability({ plan: base.plan, resources: rs }).findings).toEqual([]);
  });

  it("the host: private (no public IP, no bandwidth), the target's first host subnet, its own group, the CAM role", () => {
    const vm = named("gz-vectordb-host");
    expect(vm.type).toBe("tencentcloud:Instance/instance:Instance");
    expect(vm.inputs).toMatchObject({ instanceType: "MA5.LARGE16", availabilityZone: "ap-guangzhou-3", allocatePublicIp: false, internetMaxBandwidthOut: 0, instanceChargeType: "POSTPAID_BY_HOUR", tags: { "gpu-inference-role": "vector-database" } });
    // the GPU host 0 sits in the same first host subnet
    expect(vm.inputs.subnetId).toEqual(named("gz-host-0").inputs.subnetId);
    expect(vm.inputs.orderlySecurityGroups).toEqual([named("gz-vectordb-sg").id]);
    expect(vm.inputs.camRoleName).toBe(`${STACK}-gz-vectordb-host`);
    expect(named("gz-vectordb-host-role").inputs).toMatchObject({ name: `${STACK}-gz-vectordb-host`, consoleLogin: false });
  });

  it("the data disk: 50 GB CLOUD_SSD, encrypted, protected, attached to the host", () => {
    const disk = named("gz-vectordb-data");
    expect(disk.type).toBe("tencentcloud:Cbs/storage:Storage");
    expect(disk.protect).toBe(true);
    expect(disk.inputs).toMatchObject({ storageSize: 50, storageType: "CLOUD_SSD", encrypt: true, availabilityZone: "ap-guangzhou-3", forceDelete: false });
    const attach = named("gz-vectordb-data-attach");
    expect(attach.type).toBe("tencentcloud:Cbs/storageAttachment:StorageAttachment");
    expect(attach.inputs).toEqual({ storageId: disk.id, instanceId: named("gz-vectordb-host").id });
    expect(named("gz-vectordb-credential").protect).toBe(true);
  });

  it("the snapshot policy keeps 9 days, daily at 11:00 China time (03:00 UTC), attached to the disk", () => {
    const policy = named("gz-vectordb-snapshots");
    expect(policy.type).toBe("tencentcloud:Cbs/snapshotPolicy:SnapshotPolicy");
    expect(policy.inputs).toEqual({ snapshotPolicyName: `${STACK}-gz-vectordb-daily`, repeatHours: [11], repeatWeekdays: [0, 1, 2, 3, 4, 5, 6], retentionDays: 9 });
    expect(named("gz-vectordb-snapshots-attach").inputs).toEqual({ snapshotPolicyId: policy.id, storageId: named("gz-vectordb-data").id });
  });

  it("the security group admits 6333 and 6334 from the VPC CIDR only, then drops the rest", () => {
    const rules = named("gz-vectordb-rules").inputs as { ingresses: Record<string, unknown>[] };
    expect(rules.ingresses.map((r) => [r.action, r.protocol, r.port, r.cidrBlock])).toEqual([
      ["ACCEPT", "TCP", "6333", VPC],
      ["ACCEPT", "TCP", "6334", VPC],
      ["DROP", "ALL", "ALL", "0.0.0.0/0"],
    ]);
  });

  it("the API key: in SSM under its store name (a Pulumi secret), which user-data names; the key never is in user-data", () => {
    const version = named("gz-vectordb-secret-vectorDbApiKey-value");
    expect(named("gz-vectordb-secret-vectorDbApiKey").inputs).toMatchObject({ secretName: `gpu-inference_${STACK}_gz_vectorDbApiKey`, recoveryWindowInDays: 0 });
    expect(version.inputs).toMatchObject({ versionId: "gpukit-v1" });
    const text = userDataOf(named("gz-vectordb-host"));
    expect(text).toContain(`v=$(g gpu-inference/${STACK}/gz/vectorDbApiKey)`);
    expect(text).toContain("GetSecretValue");
    expect(text).toContain("ccr.ccs.tencentyun.com/acme/qdrant:v1.19.0");
    // the mocked key value (whatever the recorder holds) appears nowhere in user-data
    const key = JSON.stringify(version.inputs.secretString ?? "");
    expect(key.length).toBeGreaterThan(2);
    expect(text).not.toContain(JSON.parse(key));
    expect(text).not.toMatch(/QDRANT__SERVICE__API_KEY=[A-Za-z0-9]/);
    const policy = named("gz-vectordb-host-secrets").inputs.document as string;
    expect(policy).toContain(`secret/creatorUin/`);
    expect(policy).toContain(`gpu-inference_${STACK}_gz_vectorDbApiKey`);
  });

  it("sends only input names of the official SDK (test/fixtures/provider-inputs.json, pulumi-tencentcloud v0.2.3)", () => {
    const fixture = PROVIDER_INPUTS;
    expect(fixture["tencentcloud:Cbs/snapshotPolicy:SnapshotPolicy"]!.source).toMatch(/pulumi-tencentcloud v0\.2\.3 sdk\/nodejs\/cbs\/snapshotPolicy\.ts/);
    const mine = rs.filter((r) => r.name.startsWith("gz-vectordb-") && r.type.startsWith("tencentcloud:"));
    // SSM secret + version, CAM role + policy + attachment, group + rules, host, disk + attachment, policy + attachment
    expect(mine.map((r) => r.name.slice("gz-vectordb-".length)).sort()).toEqual(
      ["data", "data-attach", "host", "host-role", "host-secrets", "host-secrets-attach", "rules", "secret-vectorDbApiKey", "secret-vectorDbApiKey-value", "sg", "snapshots", "snapshots-attach"],
    );
    const unknown = mine.flatMap((r) => Object.keys(r.inputs).filter((k) => !fixture[r.type]?.inputs.includes(k)).map((k) => `${r.type} ${k}`));
    expect(unknown).toEqual([]);
  });

  it("the security rules see the Qdrant resources: only the kit-wide gaps, and an unencrypted CBS disk is reported", async () => {
    const ctx = { stack: base.stack, spec: base.spec, plan: base.plan };
    const violations: string[] = [];
    for (const rule of RULES) {
      for (const v of await check(rule.policy.name, rs, ctx)) {
        const who = /\b(gz-vectordb-[a-z-]+)/.exec(v.message)?.[1];
        if (who) violations.push(`${v.policy} ${who}`);
      }
    }
    // The same gaps as the Tencent GPU hosts: no catalog price for MA5 or CBS, no system-disk
    // encryption input in the binding, no data-classification tag from deploymentTags yet.
    expect(violations.sort()).toEqual([
      "comp-data-classification-tag gz-vectordb-host",
      "cost-unpriced-resources gz-vectordb-data",
      "cost-unpriced-resources gz-vectordb-host",
      "cost-unpriced-resources gz-vectordb-host",
      "cost-unpriced-resources gz-vectordb-snapshots",
      "sec-disk-encryption-unavailable gz-vectordb-host",
    ]);
    const plain = rs.map((r) => (r.name === "gz-vectordb-data" ? { ...r, inputs: { ...r.inputs, encrypt: false } } : r));
    expect((await check("sec-encrypted-disks", plain, ctx)).map((v) => v.message)).toEqual(["gz-vectordb-data: unencrypted disk"]);
  });

  it("fails a tampered recording: unencrypted, unprotected disk, open ingress, public IP, wrong retention, no attachment", () => {
    const tampered = rs
      .filter((r) => r.name !== "gz-vectordb-snapshots-attach")
      .map((r) => {
        if (r.name === "gz-vectordb-data") return { ...r, protect: false, inputs: { ...r.inputs, encrypt: false } };
        if (r.name === "gz-vectordb-rules") {
          const ing = r.inputs.ingresses as Record<string, unknown>[];
          return { ...r, inputs: { ...r.inputs, ingresses: [{ ...ing[0], cidrBlock: "0.0.0.0/0" }, ...ing.slice(1)] } };
        }
        if (r.name === "gz-vectordb-host") return { ...r, inputs: { ...r.inputs, allocatePublicIp: true } };
        if (r.name === "gz-vectordb-snapshots") return { ...r, inputs: { ...r.inputs, retentionDays: 7 } };
        return r;
      });
    const msgs = runDeployability({ plan: base.plan, resources: tampered }, ["vector-database-vm"]).findings.map((f) => f.message);
    expect(msgs).toEqual([
      "gz-vectordb-data holds or guards the vector data but is not protected: a replace or destroy loses it",
      `gz-vectordb-rules admits 0.0.0.0/0 to the vector database, outside the VPC CIDR (${VPC})`,
      "gz-vectordb-host has a public address",
      "gz-vectordb-data is not encrypted",
      "gz-vectordb-snapshots keeps snapshots 7 days, the plan 9",
      "gz-vectordb-snapshots is applied to no disk",
    ]);
    // each tamper alone is caught too: the disk unencrypted, the ingress opened
    const one = (name: string, inputs: Record<string, unknown>) => rs.map((r) => (r.name === name ? { ...r, inputs: { ...r.inputs, ...inputs } } : r));
    expect(runDeployability({ plan: base.plan, resources: one("gz-vectordb-data", { encrypt: false }) }, ["vector-database-vm"]).findings.map((f) => f.message)).toEqual(["gz-vectordb-data is not encrypted"]);
    expect(runDeployability({ plan: base.plan, resources: one("gz-vectordb-data", { forceDelete: true }) }, ["vector-database-vm"]).findings.map((f) => f.message)).toEqual(["gz-vectordb-data skips the recycle bin when deleted"]);
    expect(runDeployability({ plan: base.plan, resources: one("gz-vectordb-snapshots-attach", { storageId: "disk-other" }) }, ["vector-database-vm"]).findings.map((f) => f.message)).toEqual([
      "gz-vectordb-snapshots-attach applies gz-vectordb-snapshots to another disk than gz-vectordb-data",
    ]);
  });
});

describe("Volcano Engine stays refused", () => {
  it("names vectorDatabase.engine and the missing secret store", () => {
    const spec: DeploymentSpecInput = {
      environment: "dev",
      owner: "t",
      costCenter: "c",
      budget: { monthly: 100000, currency: "CNY" },
      model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 },
      engine: { name: "vllm", maxConcurrentRequests: 16 },
      targets: [{ name: "bj", cloud: "volcengine", region: "cn-beijing", instanceType: "ecs.gni2.3xlarge", gpu: "A10", gpusPerReplica: 1, replicas: { min: 1, max: 1 }, runtime: "vm", registryMirror: "acme-cn-beijing.cr.volces.com/acme" }],
      loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
      compliance: { dataResidency: "cn", dataClassification: "internal" },
      vectorDatabase: { engine: "qdrant", storageGb: 50 },
    };
    let issues: string[] = [];
    try {
      planDeployment(parseDeploymentSpec(spec, loadCatalog()), "dev", loadCatalog());
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues = e.issues.map((i) => `${i.path}: ${i.message}`);
    }
    expect(issues.join("\n")).toMatch(/^vectorDatabase\.engine: qdrant on a private host beside a runtime: vm target on volcengine is not built: .*the volcengine adapter builds no vector-database host yet/m);
  });
});
