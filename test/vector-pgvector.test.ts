/**
 * pgvector on AWS RDS beside an EKS target: private, encrypted, admitted from the VPC only, backed
 * up, protected, deletion-protected in prod, the vector extension enabled by a Job inside the VPC;
 * and the deployability check failing when the database is made public or unprotected.
 */
import { describe, expect, it } from "vitest";
import { InferenceDeployment, ROOT_COMPONENT_NAME } from "../components/deployment";
import type { DeploymentSpecInput } from "../components/spec/schema";
import { runDeployability } from "../deployability";
import { loadCatalog } from "../catalog";
import { planDeployment } from "../components/plan";
import { parseDeploymentSpec } from "../components/spec";
import { record } from "./helpers/recording";

const catalog = loadCatalog();
const spec: DeploymentSpecInput = {
  environment: "prod",
  owner: "t",
  costCenter: "c",
  budget: { monthly: 100000, currency: "USD" },
  model: { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", quantization: "awq", maxContextTokens: 8192 },
  engine: { name: "vllm", maxConcurrentRequests: 16 },
  targets: [{ name: "use", cloud: "aws", region: "us-east-1", gpu: "A10G", gpusPerReplica: 1, replicas: { min: 2, max: 2 }, runtime: "kubernetes" }],
  loadBalancer: { public: false, allowedCidrs: ["10.0.0.0/8"] },
  vectorDatabase: { engine: "pgvector", storageGb: 100, backup: { retentionDays: 14 } },
};

describe("pgvector on RDS", async () => {
  const plan = planDeployment(parseDeploymentSpec(spec, catalog), "prod", catalog);
  const resources = await record(() => {
    new InferenceDeployment(ROOT_COMPONENT_NAME, { plan });
  }, { stack: "prod" });
  const named = (n: string) => resources.find((r) => r.name === n)!;

  it("creates a private, encrypted, protected PostgreSQL 16 in the host subnets with 14-day backups and prod protections", () => {
    const db = named("use-vectordb-postgres");
    expect(db.type).toBe("aws:rds/instance:Instance");
    expect(db.protect).toBe(true);
    expect(db.inputs).toMatchObject({
      engine: "postgres",
      engineVersion: "16",
      instanceClass: "db.m6g.large",
      allocatedStorage: 100,
      storageEncrypted: true,
      publiclyAccessible: false,
      backupRetentionPeriod: 14,
      deletionProtection: true,
      multiAz: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: "prod-use-vectordb-final",
    });
    expect(db.inputs.password).toBe("[secret]");
    expect(named("use-vectordb-subnets").inputs.subnetIds).toEqual([named("use-host-0").id, named("use-host-1").id]);
    expect(named("use-vectordb-credential").protect).toBe(true);
  });

  it("admits PostgreSQL from the VPC CIDR only, with no egress", () => {
    const rules = resources.filter((r) => r.name.startsWith("use-vectordb-") && r.type.startsWith("aws:vpc/securityGroup"));
    expect(rules.map((r) => [r.type, r.inputs.cidrIpv4, r.inputs.fromPort])).toEqual([["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "10.42.0.0/16", 5432]]);
  });

  it("enables the vector extension with a Job on the cluster (inside the VPC)", () => {
    const job = named("use-vectordb-extension").inputs as any;
    const c = job.spec.template.spec.containers[0];
    expect(c.command).toEqual(["psql", "-v", "ON_ERROR_STOP=1", "-c", "CREATE EXTENSION IF NOT EXISTS vector;"]);
    expect(c.env).toContainEqual({ name: "PGSSLMODE", value: "require" });
    expect(named("use-vectordb-extension").provider).toMatch(/use-k8s/);
  });

  it("passes the vector-database check, and fails it when the database is public or unprotected", () => {
    expect(runDeployability({ plan, resources }, ["vector-database", "kubernetes-workload"]).findings).toEqual([]);
    const broken = resources.map((r) => (r.name === "use-vectordb-postgres" ? { ...r, protect: false, inputs: { ...r.inputs, publiclyAccessible: true } } : r));
    const found = runDeployability({ plan, resources: broken }, ["vector-database"]).findings.map((f) => f.message);
    expect(found).toEqual([expect.stringMatching(/not protected/), expect.stringMatching(/publicly accessible/)]);
  });
});
