/**
 * pgvector on managed PostgreSQL beside a `runtime: vm` target outside AWS: Alibaba Cloud RDS and
 * TencentDB for PostgreSQL are private (VPC CIDR only, no public access), encrypted, backed up for
 * the planned (clamped) days, deletion-protected in prod and protected in Pulumi; Volcano Engine is
 * refused; the data resources keep their URNs and inputs across model/engine/GPU/replica changes;
 * the deployability check fails a tampered recording.
 */
import { describe, expect, it } from "vitest";
import { PROVIDER_INPUTS } from "./helpers/provider-inputs";
import { InferenceDeployment, ROOT_COMPONENT_NAME } from "../components/deployment";
import type { DeploymentSpecInput } from "../components/spec/schema";
import { runDeployability } from "../deployability";
import { loadCatalog } from "../catalog";
import { planDeployment, type DeploymentPlan } from "../components/plan";
import { parseDeploymentSpec } from "../components/spec";
import { ConfigError } from "../components/spec/issues";
import type { RecordedResource } from "../cli/offline/recorder";
import { record } from "./helpers/recording";

const catalog = loadCatalog();
const VPC = "10.42.0.0/16";

const ali: DeploymentSpecInput = {
  environment: "prod",
  owner: "t",
  costCenter: "c",
  budget: { monthly: 100000, currency: "CNY" },
  model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 },
  engine: { name: "vllm", maxConcurrentRequests: 16 },
  targets: [{ name: "hz", cloud: "alicloud", region: "cn-hangzhou", zones: ["cn-hangzhou-h", "cn-hangzhou-i"], gpu: "A10", gpusPerReplica: 1, replicas: { min: 1, max: 1 }, runtime: "vm", registryMirror: "registry-vpc.cn-hangzhou.aliyuncs.com/acme" }],
  loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
  compliance: { dataResidency: "cn", dataClassification: "internal" },
  // 3 days is below Alibaba's 7-day minimum: kept 7
  vectorDatabase: { engine: "pgvector", storageGb: 100, backup: { retentionDays: 3 } },
};
const tc: DeploymentSpecInput = {
  ...ali,
  targets: [{ name: "gz", cloud: "tencentcloud", region: "ap-guangzhou", zones: ["ap-guangzhou-3", "ap-guangzhou-4"], gpu: "auto", replicas: { min: 1, max: 1 }, runtime: "vm", registryMirror: "ccr.ccs.tencentyun.com/acme" }],
  // 95 GB: TencentDB storage goes in steps of 10, so 100
  vectorDatabase: { engine: "pgvector", storageGb: 95, backup: { retentionDays: 5 } },
};

const plan = (spec: DeploymentSpecInput): DeploymentPlan => planDeployment(parseDeploymentSpec(spec, catalog), spec.environment, catalog);
const build = (p: DeploymentPlan): Promise<RecordedResource[]> => record(() => void new InferenceDeployment(ROOT_COMPONENT_NAME, { plan: p }), { stack: p.stack });

describe("pgvector on managed PostgreSQL outside AWS", async () => {
  const aliPlan = plan(ali);
  const tcPlan = plan(tc);
  const aliRes = await build(aliPlan);
  const tcRes = await build(tcPlan);
  const named = (rs: RecordedResource[], n: string) => rs.find((r) => r.name === n)!;

  it("plans the clamped retention, prod protections and a post-step for the extension", () => {
    const pg = aliPlan.targets[0]!.vectorDatabase!.managedPostgres!;
    expect(pg).toMatchObject({ cloud: "alicloud", engineVersion: "16.0", instanceClass: "pg.n2.medium.2c", storageGb: 100, backupRetentionDays: 7, deletionProtection: true, highAvailability: true, allowedCidrs: [VPC], port: 5432 });
    expect(pg.extension.command).toBe('PGSSLMODE=require psql -h <endpoint> -U gpukit -d vectors -c "CREATE EXTENSION IF NOT EXISTS vector;"');
    expect(aliPlan.warnings).toContain("vectorDatabase.backup.retentionDays 3 is outside alicloud's 7-730 days: backups are kept 7 days");
    expect(tcPlan.targets[0]!.vectorDatabase!.managedPostgres).toMatchObject({ cloud: "tencentcloud", instanceClass: "4C8G", storageGb: 100, backupRetentionDays: 5, deletionProtection: true });
  });

  it("Alibaba Cloud RDS: private vSwitch, VPC-only whitelist, encrypted, deletion-protected, 7-day backups, protected", () => {
    const db = named(aliRes, "hz-vectordb-postgres");
    expect(db.type).toBe("alicloud:rds/instance:Instance");
    expect(db.protect).toBe(true);
    expect(db.inputs).toMatchObject({ engine: "PostgreSQL", engineVersion: "16.0", instanceStorage: 100, dbInstanceStorageType: "cloud_essd", category: "HighAvailability", securityIps: [VPC], encryptionKey: "ServiceKey", deletionProtection: true, zoneId: "cn-hangzhou-h" });
    expect(db.inputs.vswitchId).toEqual(expect.any(String));
    expect(named(aliRes, "hz-vectordb-backups").inputs).toMatchObject({ backupRetentionPeriod: 7 });
    expect(named(aliRes, "hz-vectordb-account").protect).toBe(true);
    expect(named(aliRes, "hz-vectordb-credential").protect).toBe(true);
  });

  it("TencentDB: no public access, TDE, deletion protection, 5-day backups, its own VPC-only group", () => {
    const db = named(tcRes, "gz-vectordb-postgres");
    expect(db.type).toBe("tencentcloud:Postgresql/instance:Instance");
    expect(db.protect).toBe(true);
    expect(db.inputs).toMatchObject({ availabilityZone: "ap-guangzhou-3", cpu: 4, memory: 8, storage: 100, dbMajorVersion: "16", publicAccessSwitch: false, needSupportTde: 1, deleteProtection: true, backupPlan: { baseBackupRetentionPeriod: 5 } });
    const rules = named(tcRes, "gz-vectordb-rules").inputs as any;
    expect(rules.ingresses.map((r: any) => [r.action, r.port ?? null, r.cidrBlock])).toEqual([["ACCEPT", "5432", VPC], ["DROP", "ALL", "0.0.0.0/0"]]);
  });

  it("sends only input names of the official SDK (test/fixtures/provider-inputs.json, from pulumi-tencentcloud v0.2.3)", () => {
    const fixture = PROVIDER_INPUTS["tencentcloud:Postgresql/instance:Instance"];
    const db = named(tcRes, "gz-vectordb-postgres");
    expect(Object.keys(db.inputs).filter((k) => !fixture.inputs.includes(k))).toEqual([]);
    expect(Object.keys(db.inputs.backupPlan as object).filter((k) => !fixture.nested.backupPlan.includes(k))).toEqual([]);
    expect(fixture.inputs).not.toContain("storageEncrypted");
  });

  it("the deployability check passes both and fails a tampered recording", () => {
    expect(runDeployability({ plan: aliPlan, resources: aliRes }).findings).toEqual([]);
    expect(runDeployability({ plan: tcPlan, resources: tcRes }).findings).toEqual([]);
    const tamperedAli = aliRes.map((r) => (r.name === "hz-vectordb-postgres" ? { ...r, protect: false, inputs: { ...r.inputs, securityIps: [VPC, "0.0.0.0/0"], deletionProtection: false } } : r));
    expect(runDeployability({ plan: aliPlan, resources: tamperedAli }, ["vector-database-vm"]).findings.map((f) => f.message)).toEqual([
      "hz-vectordb-postgres holds or guards the vector data but is not protected: a replace or destroy loses it",
      "hz-vectordb-postgres has no deletion protection in prod",
      "hz-vectordb-postgres whitelists 0.0.0.0/0, outside the VPC",
    ]);
    const tamperedTc = tcRes.map((r) =>
      r.name === "gz-vectordb-rules" ? { ...r, inputs: { ...r.inputs, ingresses: [{ action: "ACCEPT", protocol: "TCP", port: "5432", cidrBlock: "0.0.0.0/0" }] } } : r.name === "gz-vectordb-postgres" ? { ...r, inputs: { ...r.inputs, needSupportTde: 0 } } : r,
    );
    expect(runDeployability({ plan: tcPlan, resources: tamperedTc }, ["vector-database-vm"]).findings.map((f) => f.message)).toEqual([
      `gz-vectordb-rules admits 0.0.0.0/0 to the vector database, outside the VPC CIDR (${VPC})`,
      "gz-vectordb-postgres stores unencrypted data",
    ]);
  });

  it("refuses Volcano Engine, naming the path and what the pinned SDK lacks", () => {
    const ve = { ...ali, targets: [{ name: "bj", cloud: "volcengine" as const, region: "cn-beijing", instanceType: "ecs.pni2.14xlarge", gpu: "A800" as const, gpusPerReplica: 1, replicas: { min: 1, max: 1 }, runtime: "vm" as const, registryMirror: "platform-cn-beijing.cr.volces.com/acme" }] };
    let messages: string[] = [];
    try {
      plan(ve);
    } catch (e) {
      messages = (e as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
    }
    expect(messages.some((m) => m.startsWith("vectorDatabase.engine: pgvector on Volcano Engine RDS PostgreSQL is not built: the pinned SDK (volcengine 0.0.47"))).toBe(true);
  });
});

describe("pgvector data resources are stable across model, engine, GPU and replica changes", async () => {
  const data = (rs: readonly RecordedResource[]) => new Map(rs.filter((r) => r.name.startsWith("hz-vectordb-")).map((r) => [r.urn, r]));
  const before = data(await build(plan(ali)));
  const t = ali.targets[0]!;
  const variants: Record<string, DeploymentSpecInput> = {
    model: { ...ali, model: { id: "Qwen/Qwen2.5-7B-Instruct", source: "modelscope", quantization: "bf16", maxContextTokens: 2048 } },
    engine: { ...ali, engine: { name: "sglang", maxConcurrentRequests: 8 } },
    gpu: { ...ali, targets: [{ ...t, gpu: "L20" }] },
    replicas: { ...ali, targets: [{ ...t, replicas: { min: 2, max: 4 } }] },
  };
  it("the baseline has the five data resources", () => expect([...before.values()].map((r) => r.name).sort()).toEqual(["hz-vectordb-account", "hz-vectordb-backups", "hz-vectordb-credential", "hz-vectordb-database", "hz-vectordb-postgres"]));
  for (const [change, spec] of Object.entries(variants)) {
    it(`changing the ${change} keeps every data URN and input`, async () => {
      const after = data(await build(plan(spec)));
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [urn, r] of before) expect(after.get(urn)!.inputs, r.name).toEqual(r.inputs);
    });
  }
  it("the test can fail: a larger storageGb changes the instance's inputs", async () => {
    const after = data(await build(plan({ ...ali, vectorDatabase: { engine: "pgvector", storageGb: 300 } })));
    const pg = (m: Map<string, RecordedResource>) => [...m.values()].find((r) => r.name === "hz-vectordb-postgres")!.inputs;
    expect(pg(after)).not.toEqual(pg(before));
  });
});
