/**
 * Qdrant on a private CPU host beside a `runtime: vm` target (AWS, Alibaba Cloud; Tencent Cloud in
 * test/vector-database-vm-tencent.test.ts): the plan, the
 * recorded resources (no public IP, metadata tokens, encrypted and protected data disk, snapshot
 * policy kept `retentionDays`, ports open to the VPC CIDR only, API key through the secret store and
 * never in user-data), the refusals on the other clouds, stability across model/engine/GPU/replica
 * changes, and the deployability check failing on a tampered recording.
 */
import { describe, expect, it } from "vitest";
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
// The kit's created VPC is 10.42.0.0/16 (components/plan/network.ts); host subnet 0 is its first /20.
const VPC = "10.42.0.0/16";

const ali: DeploymentSpecInput = {
  environment: "dev",
  owner: "t",
  costCenter: "c",
  budget: { monthly: 100000, currency: "CNY" },
  model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 },
  engine: { name: "vllm", maxConcurrentRequests: 16 },
  targets: [{ name: "hz", cloud: "alicloud", region: "cn-hangzhou", zones: ["cn-hangzhou-h", "cn-hangzhou-i"], gpu: "A10", gpusPerReplica: 1, replicas: { min: 1, max: 1 }, runtime: "vm", registryMirror: "registry-vpc.cn-hangzhou.aliyuncs.com/acme" }],
  loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
  compliance: { dataResidency: "cn", dataClassification: "internal" },
  vectorDatabase: { engine: "qdrant", storageGb: 100, backup: { retentionDays: 14 } },
};
const aws: DeploymentSpecInput = {
  ...ali,
  budget: { monthly: 100000, currency: "USD" },
  model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", quantization: "awq", maxContextTokens: 8192 },
  targets: [{ name: "use", cloud: "aws", region: "us-east-1", zones: ["us-east-1a", "us-east-1b"], gpu: "A10G", gpusPerReplica: 1, replicas: { min: 1, max: 1 }, runtime: "vm" }],
  compliance: { dataResidency: "global", dataClassification: "internal" },
  vectorDatabase: { engine: "qdrant", storageGb: 200, backup: { retentionDays: 10 } },
};

const plan = (spec: DeploymentSpecInput, stack = "dev"): DeploymentPlan => planDeployment(parseDeploymentSpec(spec, catalog), stack, catalog);
const build = (p: DeploymentPlan): Promise<RecordedResource[]> => record(() => void new InferenceDeployment(ROOT_COMPONENT_NAME, { plan: p }), { stack: p.stack });
const issuesOf = (spec: DeploymentSpecInput): string[] => {
  try {
    plan(spec);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
};

describe("qdrant beside a vm target: the plan", () => {
  it("plans a memory-optimised private host, a 100 GB encrypted disk, 14-day snapshots and the VPC CIDR only (Alibaba Cloud)", () => {
    const db = plan(ali).targets[0]!.vectorDatabase!;
    expect(db.placement).toBe("vm-host");
    expect(db.names).toEqual({ logical: "hz-vectordb", physical: "dev-hz-vectordb" });
    const h = db.host!;
    expect(h.instanceType).toBe("ecs.r7.large");
    expect(h.allowedCidrs).toEqual([VPC]);
    expect(h.ports).toEqual([6333, 6334]);
    expect(h.dataDisk).toEqual({ sizeGb: 100, diskClass: "cloud_essd", encrypted: true, mountPath: "/qdrant/storage", deleteAutoSnapshots: false });
    expect(h.snapshotPolicy).toMatchObject({ retentionDays: 14, hourUtc: 3 });
    expect(h.subnet).toMatchObject({ role: "host", index: 0, zone: "cn-hangzhou-h", cidr: "10.42.0.0/20" });
    // the mainland target pulls Qdrant from its mirror, the pinned tag unchanged
    expect(h.container).toEqual({ pull: "registry-vpc.cn-hangzhou.aliyuncs.com/acme/qdrant:v1.19.0", public: "qdrant/qdrant:v1.19.0" });
    expect(h.apiKey.storeName).toBe("gpu-inference/dev/hz/vectorDbApiKey");
    expect(h.userData).toContain("aliyun oos GetSecretParameter");
    expect(h.userData).toContain("v=$(g gpu-inference/dev/hz/vectorDbApiKey)");
    expect(h.userData).toContain("blkid \"$dev\" >/dev/null 2>&1 || mkfs.ext4");
  });

  it("AWS: r6i.large, IMDSv2 required, SSM for the key, no mirror", () => {
    const h = plan(aws).targets[0]!.vectorDatabase!.host!;
    expect(h.instanceType).toBe("r6i.large");
    expect(h.metadataMode).toBe("token-required");
    expect(h.container.pull).toBe("qdrant/qdrant:v1.19.0");
    expect(h.userData).toContain("aws ssm get-parameter");
    expect(h.osImage.lookup).toBe("ssm-parameter");
  });

  it("refuses what is not built, naming the config path", () => {
    // Tencent Cloud is built (test/vector-database-vm-tencent.test.ts); on Volcano Engine the pinned SDK cannot encrypt the data volume (test/vector-database-vm-volcengine.test.ts)
    const ve = { ...ali, targets: [{ name: "bj", cloud: "volcengine" as const, region: "cn-beijing", instanceType: "ecs.gni2.3xlarge", gpu: "A10", gpusPerReplica: 1, replicas: { min: 1, max: 1 }, runtime: "vm" as const, registryMirror: "acme-cn-beijing.cr.volces.com/acme" }] };
    expect(issuesOf(ve).join("\n")).toMatch(/^vectorDatabase\.engine: qdrant on a private host .* on volcengine is not built: .*no way to encrypt it \(volcengine\/pulumi-volcengine v0\.0\.47 .*sdk\/nodejs\/ebs\/volume\.ts/m);
    expect(issuesOf({ ...ali, vectorDatabase: { engine: "milvus", storageGb: 50 } }).join("\n")).toMatch(/^vectorDatabase\.engine: milvus beside a runtime: vm target is not built/m);
    expect(issuesOf({ ...aws, vectorDatabase: { engine: "pgvector", storageGb: 50 } }).join("\n")).toMatch(/^vectorDatabase\.target: pgvector on AWS \(RDS\) is built beside a runtime: kubernetes target/m);
    // a mainland host whose engine image is given verbatim but has no mirror for Qdrant: Docker Hub is not reachable there
    const { registryMirror: _, ...noMirror } = ali.targets[0]!;
    const verbatim = { ...ali, engine: { ...ali.engine, image: "registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0" }, targets: [noMirror] };
    expect(issuesOf(verbatim).join("\n")).toMatch(/^targets\[0\]\.registryMirror: the Qdrant host: /m);
  });
});

describe("qdrant beside a vm target: the recorded resources", async () => {
  // one recording at a time: the mocks are process-wide
  const aliRes = await build(plan(ali));
  const awsRes = await build(plan(aws));
  const named = (rs: RecordedResource[], n: string) => rs.find((r) => r.name === n)!;

  it("Alibaba Cloud: private host, encrypted protected disk kept with its snapshots, 14-day policy attached, VPC-only rules", () => {
    const host = named(aliRes, "hz-vectordb-host");
    expect(host.type).toBe("alicloud:ecs/instance:Instance");
    expect(host.inputs).toMatchObject({ instanceType: "ecs.r7.large", internetMaxBandwidthOut: 0, systemDiskEncrypted: true, roleName: expect.any(String) });
    const userData = Buffer.from(String(host.inputs.userData), "base64").toString("utf8");
    expect(userData).toContain("registry-vpc.cn-hangzhou.aliyuncs.com/acme/qdrant:v1.19.0");
    expect(userData).not.toMatch(/QDRANT__SERVICE__API_KEY=[A-Za-z0-9]/);
    const disk = named(aliRes, "hz-vectordb-data");
    expect(disk.protect).toBe(true);
    expect(disk.inputs).toMatchObject({ size: 100, encrypted: true, category: "cloud_essd", zoneId: "cn-hangzhou-h", deleteWithInstance: false, deleteAutoSnapshot: false });
    expect(named(aliRes, "hz-vectordb-snapshots").inputs).toMatchObject({ retentionDays: 14, timePoints: ["11"], repeatWeekdays: ["1", "2", "3", "4", "5", "6", "7"] });
    expect(named(aliRes, "hz-vectordb-snapshots-attach").type).toBe("alicloud:ecs/ecsAutoSnapshotPolicyAttachment:EcsAutoSnapshotPolicyAttachment");
    const ingress = aliRes.filter((r) => r.name.startsWith("hz-vectordb-in-"));
    expect(ingress.map((r) => [r.inputs.portRange, r.inputs.cidrIp])).toEqual([["6333/6333", VPC], ["6334/6334", VPC]]);
    expect(named(aliRes, "hz-vectordb-credential").protect).toBe(true);
    expect(named(aliRes, "hz-vectordb-secret-vectorDbApiKey").inputs).toMatchObject({ secretParameterName: "gpu-inference/dev/hz/vectorDbApiKey", type: "Secret" });
  });

  it("AWS: no public IP, IMDSv2, encrypted protected gp3 volume tagged for a 10-day DLM policy, VPC-only rules", () => {
    const host = named(awsRes, "use-vectordb-host");
    expect(host.inputs).toMatchObject({ instanceType: "r6i.large", associatePublicIpAddress: false, metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: true } });
    const vol = named(awsRes, "use-vectordb-data");
    expect(vol.protect).toBe(true);
    expect(vol.inputs).toMatchObject({ size: 200, type: "gp3", encrypted: true, availabilityZone: "us-east-1a", tags: { "gpu-inference-snapshot": "dev-use-vectordb" } });
    const dlm = named(awsRes, "use-vectordb-snapshots").inputs as any;
    expect(dlm.policyDetails.targetTags).toEqual({ "gpu-inference-snapshot": "dev-use-vectordb" });
    expect(dlm.policyDetails.schedules[0].retainRule).toEqual({ interval: 10, intervalUnit: "DAYS" });
    expect(dlm.policyDetails.schedules[0].createRule).toMatchObject({ interval: 24, intervalUnit: "HOURS", times: "03:00" });
    const ingress = awsRes.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && r.name.startsWith("use-vectordb-"));
    expect(ingress.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4])).toEqual([[6333, VPC], [6334, VPC]]);
    expect(named(awsRes, "use-vectordb-secret-vectorDbApiKey").inputs).toMatchObject({ name: "/gpu-inference/dev/use/vectorDbApiKey", type: "SecureString" });
  });

  it("the deployability check passes the built stacks and fails a tampered recording", () => {
    for (const [p, rs] of [[plan(ali), aliRes], [plan(aws), awsRes]] as const) {
      expect(runDeployability({ plan: p, resources: rs }).findings).toEqual([]);
    }
    const tampered = awsRes.map((r) =>
      r.name === "use-vectordb-from-vpc-0-6333" ? { ...r, inputs: { ...r.inputs, cidrIpv4: "0.0.0.0/0" } } : r.name === "use-vectordb-data" ? { ...r, protect: false } : r.name === "use-vectordb-snapshots" ? { ...r, inputs: { ...r.inputs, policyDetails: { ...(r.inputs.policyDetails as object), schedules: [] } } } : r,
    );
    const msgs = runDeployability({ plan: plan(aws), resources: tampered }, ["vector-database-vm"]).findings.map((f) => f.message);
    expect(msgs).toEqual([
      "use-vectordb-data holds or guards the vector data but is not protected: a replace or destroy loses it",
      `use-vectordb-from-vpc-0-6333 admits 0.0.0.0/0 to the vector database, outside the VPC CIDR (${VPC})`,
      "use-vectordb-snapshots keeps snapshots undefined undefined, the plan 10 DAYS",
    ]);
    const noPolicy = aliRes.filter((r) => r.name !== "hz-vectordb-snapshots");
    expect(runDeployability({ plan: plan(ali), resources: noPolicy }, ["vector-database-vm"]).findings.map((f) => f.message)).toEqual([
      "no snapshot policy (alicloud:ecs/autoSnapshotPolicy:AutoSnapshotPolicy) protects the Qdrant data disk",
    ]);
  });
});

describe("qdrant data resources are stable across model, engine, GPU and replica changes", async () => {
  const data = (rs: readonly RecordedResource[]) =>
    new Map(rs.filter((r) => ["-data", "-credential", "-snapshots", "-secret-vectorDbApiKey", "-sg", "-in-0-6333", "-in-0-6334"].some((s) => r.name === `hz-vectordb${s}`)).map((r) => [r.urn, r]));
  const before = data(await build(plan(ali)));
  const t = ali.targets[0]!;
  const variants: Record<string, DeploymentSpecInput> = {
    model: { ...ali, model: { id: "Qwen/Qwen2.5-7B-Instruct", source: "modelscope", quantization: "bf16", maxContextTokens: 2048 } },
    engine: { ...ali, engine: { name: "sglang", maxConcurrentRequests: 8 } },
    gpu: { ...ali, targets: [{ ...t, gpu: "L20" }] },
    replicas: { ...ali, targets: [{ ...t, replicas: { min: 2, max: 4 } }] },
  };

  it("the baseline has the seven data resources", () => expect(before.size).toBe(7));
  for (const [change, spec] of Object.entries(variants)) {
    it(`changing the ${change} keeps every data URN and input`, async () => {
      const after = data(await build(plan(spec)));
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [urn, r] of before) expect(after.get(urn)!.inputs, r.name).toEqual(r.inputs);
    });
  }
  it("the test can fail: a larger storageGb changes the disk's inputs", async () => {
    const after = data(await build(plan({ ...ali, vectorDatabase: { engine: "qdrant", storageGb: 300 } })));
    const disk = (m: Map<string, RecordedResource>) => [...m.values()].find((r) => r.name === "hz-vectordb-data")!.inputs;
    expect(disk(after)).not.toEqual(disk(before));
  });
});
