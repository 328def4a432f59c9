/**
 * pgvector beside a created ACK or TKE cluster: the managed PostgreSQL of the vm path in the
 * cluster's VPC (private, encrypted, protected), refused beside a kubeconfig cluster, and held to
 * the same deployability check. Expected values are written by hand.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import { planStack, runOffline } from "../cli/offline/run";
import { runDeployability } from "../deployability";

const FIXTURES = join(__dirname, "fixtures", "stacks");
const dir = mkdtempSync(join(tmpdir(), "gpukit-pgk-"));

/** The TKE fixture stack with pgvector, or its ACK twin (same layout in cn-hangzhou). */
function stackFile(cloud: "tencentcloud" | "alicloud", extra = ""): string {
  let text = readFileSync(join(FIXTURES, "Pulumi.k8s-tke.yaml"), "utf8").replace(/^    loadBalancer:$/m, `    vectorDatabase: { engine: pgvector, storageGb: 100 }\n    loadBalancer:`);
  if (cloud === "alicloud") text = text.replace("cloud: tencentcloud", "cloud: alicloud").replace("region: ap-guangzhou", "region: cn-hangzhou").replace("ccr.ccs.tencentyun.com/acme", "registry-vpc.cn-hangzhou.aliyuncs.com/acme").replace("name: gz", "name: hz");
  text = text.replace("cluster: { create: true }", `cluster: { create: true }${extra}`);
  const file = join(dir, `Pulumi.pg-${cloud}${extra ? "-x" : ""}.yaml`);
  writeFileSync(file, text);
  return file;
}

async function run(stackFilePath: string) {
  const result = await runOffline({ stackFile: stackFilePath, loadProgram: freshProgram });
  return { result, check: (resources: typeof result.resources) => runDeployability({ plan: result.plan, resources }).findings };
}

describe("pgvector beside a TKE cluster", () => {
  it("TencentDB for PostgreSQL in the cluster's VPC: protected, TDE on, no public access, port 5432 from the VPC only, 0 findings", async () => {
    const { result, check } = await run(stackFile("tencentcloud"));
    const db = result.plan.targets[0].vectorDatabase!;
    expect(db.placement).toBe("managed-postgres-vm");
    const pg = result.resources.find((r) => r.type === "tencentcloud:Postgresql/instance:Instance")!;
    expect(pg.name).toBe("gz-vectordb-postgres");
    expect(pg.protect).toBe(true);
    expect(pg.inputs).toMatchObject({ needSupportTde: 1 });
    expect(pg.inputs.publicAccessSwitch === true).toBe(false);
    const rules = result.resources.find((r) => r.name === "gz-vectordb-rules")!;
    const accepted = (rules.inputs.ingresses as { action: string; cidrBlock: string; port: string }[]).filter((i) => i.action === "ACCEPT");
    expect(accepted.map((i) => [i.cidrBlock, i.port])).toEqual([["10.42.0.0/16", "5432"]]);
    expect(result.plan.targets[0].network.vpcCidr).toBe("10.42.0.0/16");
    expect(check(result.resources)).toEqual([]);
    // tampered: TDE off, public access on
    const tampered = result.resources.map((r) => (r === pg ? { ...r, inputs: { ...r.inputs, needSupportTde: 0, publicAccessSwitch: true } } : r));
    expect(check(tampered).map((f) => f.message)).toEqual(expect.arrayContaining(["gz-vectordb-postgres stores unencrypted data", "gz-vectordb-postgres is reachable from the internet"]));
  });
});

describe("pgvector beside an ACK cluster", () => {
  it("RDS PostgreSQL encrypted with the service key, whitelist = the VPC CIDR, backups kept as planned, 0 findings", async () => {
    const { result, check } = await run(stackFile("alicloud"));
    const rds = result.resources.find((r) => r.type === "alicloud:rds/instance:Instance")!;
    expect(rds.protect).toBe(true);
    expect(rds.inputs.encryptionKey).toBe("ServiceKey");
    expect(rds.inputs.securityIps).toEqual([result.plan.targets[0].network.vpcCidr]);
    expect(check(result.resources)).toEqual([]);
    const tampered = result.resources.map((r) => (r === rds ? { ...r, inputs: { ...r.inputs, securityIps: ["0.0.0.0/0"] } } : r));
    expect(check(tampered).map((f) => f.message)).toContain("hz-vectordb-postgres whitelists 0.0.0.0/0, outside the VPC");
  });
});

describe("pgvector beside a kubeconfig cluster", () => {
  it("is refused at vectorDatabase.engine: the kit does not know the cluster's network", async () => {
    const file = stackFile("tencentcloud");
    writeFileSync(file, readFileSync(file, "utf8").replace("cluster: { create: true }", "cluster: { kubeconfigSecret: clusterKubeconfig }"));
    expect(() => planStack({ stackFile: file })).toThrow(/vectorDatabase\.engine: pgvector on managed PostgreSQL needs the cluster's cloud network/);
  });
});
