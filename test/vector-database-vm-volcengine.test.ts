/**
 * Qdrant on a private host beside a Volcano Engine `runtime: vm` target is NOT built: the kit's
 * defaults require an encrypted data disk, and the pinned SDK (volcengine/pulumi-volcengine v0.0.47,
 * checked by hand in its sources: sdk/nodejs/ebs/volume.ts VolumeArgs and sdk/nodejs/types/input.ts
 * ecs.InstanceDataVolume) has no encryption or KMS-key input. This file shows the refusal: it names
 * `vectorDatabase.engine`, the SDK version and file, holds for scaling groups too, is what
 * `gpukit plan` prints (exit 2, nothing registered), and stops nothing else: the same stack without
 * the vector database still plans, and the clouds whose SDK can encrypt keep building their hosts.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { QDRANT_HOST_FACTS } from "../catalog/facts/vector-database";
import { planDeployment } from "../components/plan";
import { parseDeploymentSpec } from "../components/spec";
import { ConfigError } from "../components/spec/issues";
import type { DeploymentSpecInput } from "../components/spec/schema";
import { runCli } from "./helpers/cli";
import { freshProgram } from "./helpers/program";

const target = {
  name: "bj",
  cloud: "volcengine" as const,
  region: "cn-beijing",
  instanceType: "ecs.gni2.3xlarge",
  gpu: "A10",
  gpusPerReplica: 1,
  // fixed size: the KMS secret store reaches fixed hosts only, so only the disk stands in the way
  replicas: { min: 1, max: 1 },
  runtime: "vm" as const,
  registryMirror: "acme-cn-beijing.cr.volces.com/acme",
};
const spec: DeploymentSpecInput = {
  environment: "dev",
  owner: "t",
  costCenter: "c",
  budget: { monthly: 100000, currency: "CNY" },
  model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 },
  engine: { name: "vllm", maxConcurrentRequests: 16 },
  targets: [target],
  loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
  compliance: { dataResidency: "cn", dataClassification: "internal" },
  vectorDatabase: { engine: "qdrant", storageGb: 50 },
};

/** The plan's issues as `path: message` lines ([] when it plans). */
function issuesOf(input: DeploymentSpecInput): string[] {
  try {
    planDeployment(parseDeploymentSpec(input, loadCatalog()), "dev", loadCatalog());
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe("qdrant beside a Volcano Engine vm target is refused: the pinned SDK cannot encrypt the data volume", () => {
  it("names vectorDatabase.engine, the SDK version and the files without an encryption input", () => {
    const issues = issuesOf(spec);
    const refusal = issues.filter((i) => i.startsWith("vectorDatabase."));
    expect(refusal).toHaveLength(1);
    const line = refusal[0]!;
    expect(line).toMatch(/^vectorDatabase\.engine: qdrant on a private host beside a runtime: vm target on volcengine is not built: /);
    expect(line).toContain("the kit's defaults require an encrypted data disk and the pinned SDK has no way to encrypt it");
    expect(line).toContain("volcengine/pulumi-volcengine v0.0.47");
    expect(line).toContain("sdk/nodejs/ebs/volume.ts VolumeArgs");
    expect(line).toContain("ecs.InstanceDataVolume");
    expect(line).toContain("use another cloud or place qdrant beside a runtime: kubernetes target (vectorDatabase.target)");
    // not the old reason: the secret store exists now
    expect(line).not.toContain("secret store");
  });

  it("the issue carries the given value and no allowed value on this cloud", () => {
    try {
      planDeployment(parseDeploymentSpec(spec, loadCatalog()), "dev", loadCatalog());
      expect.unreachable("the plan must refuse qdrant on volcengine");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const issue = (e as ConfigError).issues.find((i) => i.path === "vectorDatabase.engine");
      expect(issue).toMatchObject({ given: '"qdrant"', allowed: [] });
    }
  });

  it("a scaling-group target gets the same reason: the disk, checked before the secret store", () => {
    const issues = issuesOf({ ...spec, targets: [{ ...target, replicas: { min: 1, max: 2 } }] });
    const refusal = issues.filter((i) => i.startsWith("vectorDatabase."));
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toContain("the pinned SDK has no way to encrypt it (volcengine/pulumi-volcengine v0.0.47");
  });

  it("a target issue comes first: the vector database is planned only once the targets plan (components/plan/index.ts)", () => {
    const { registryMirror: _, ...noMirror } = target;
    const issues = issuesOf({ ...spec, targets: [noMirror] });
    expect(issues.some((i) => i.startsWith("targets[0].registryMirror: "))).toBe(true);
    expect(issues.some((i) => i.startsWith("vectorDatabase."))).toBe(false);
  });

  it("stops nothing else: the same stack without a vector database plans", () => {
    const { vectorDatabase: _, ...without } = spec;
    expect(issuesOf(without)).toEqual([]);
  });

  it("the fact holds only for Volcano Engine: the other clouds' SDKs encrypt their data disks and keep building hosts", () => {
    expect(QDRANT_HOST_FACTS.volcengine.noDiskEncryption?.status).toBe("verified");
    expect(QDRANT_HOST_FACTS.volcengine.noDiskEncryption?.source).toMatch(/^volcengine\/pulumi-volcengine v0\.0\.47 /);
    expect(QDRANT_HOST_FACTS.aws.noDiskEncryption).toBeUndefined();
    expect(QDRANT_HOST_FACTS.alicloud.noDiskEncryption).toBeUndefined();
    expect(QDRANT_HOST_FACTS.tencentcloud.noDiskEncryption).toBeUndefined();
    // the snapshot policy exists in the pinned SDK (checked by hand: ebs/autoSnapshotPolicy.ts, autoSnapshotPolicyAttachment.ts)
    expect(QDRANT_HOST_FACTS.volcengine.snapshotPolicy.token).toBe("volcengine:ebs/autoSnapshotPolicy:AutoSnapshotPolicy");
    // the same spec on Tencent Cloud plans a host with an encrypted disk
    const tc = { ...spec, targets: [{ name: "gz", cloud: "tencentcloud" as const, region: "ap-guangzhou", zones: ["ap-guangzhou-3"], gpu: "auto", replicas: { min: 1, max: 1 }, runtime: "vm" as const, registryMirror: "ccr.ccs.tencentyun.com/acme" }] };
    const plan = planDeployment(parseDeploymentSpec(tc, loadCatalog()), "dev", loadCatalog());
    expect(plan.targets[0]!.vectorDatabase!.host!.dataDisk.encrypted).toBe(true);
  });

  it("gpukit plan prints the refusal with its path and exits 2, registering nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gpukit-ve-qdrant-"));
    const stackFile = join(dir, "Pulumi.veqdrant.yaml");
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
      - { name: bj, cloud: volcengine, region: cn-beijing, instanceType: ecs.gni2.3xlarge, gpu: A10, gpusPerReplica: 1, replicas: { min: 1, max: 1 }, runtime: vm, registryMirror: acme-cn-beijing.cr.volces.com/acme }
    loadBalancer: { public: false, allowedCidrs: [10.0.0.0/8] }
    compliance: { dataResidency: cn, dataClassification: internal }
    vectorDatabase: { engine: qdrant, storageGb: 50 }
`,
    );
    let programLoaded = false;
    const r = await runCli(["plan", "--stack-file", stackFile], async () => {
      programLoaded = true;
      return freshProgram();
    });
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toContain("vectorDatabase.engine");
    expect(r.stderr + r.stdout).toContain("sdk/nodejs/ebs/volume.ts");
    expect(programLoaded).toBe(false);
  });
});
