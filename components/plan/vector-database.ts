/**
 * Plans the vector database beside the model: where it runs (derived from the runtime of the target
 * it sits beside), its storage, backups and protection. Pure: no Pulumi.
 *
 * - `qdrant` / `milvus` on a Kubernetes target: the official Helm chart (pinned) in its own
 *   namespace, persistence from `storageGb` on an encrypted, `Retain` StorageClass, an API key from a
 *   generated secret, ClusterIP only, reachable from the engine's namespace only, scheduled backups
 *   kept `backup.retentionDays`.
 * - `pgvector` beside an AWS Kubernetes target (created or adopted EKS): RDS PostgreSQL in the private
 *   host subnets, encrypted, admitted from the VPC only, automated backups kept `retentionDays` (RDS
 *   caps at 35), deletion protection and Multi-AZ in prod; the `vector` extension by a Job on the cluster.
 * - beside a `vm` target (components/plan/vector-database-vm.ts): `qdrant` on a private CPU host with an
 *   encrypted, snapshotted data disk (AWS, Alibaba Cloud), `pgvector` on Alibaba Cloud RDS or Tencent
 *   Cloud PostgreSQL; the rest is refused with the reason (docs/vector-database.md).
 *
 * The data resources' names derive from the target name only, never from the model, engine, GPU or
 * replicas, so changing those never moves or replaces them.
 */
import type { Cloud } from "../../catalog/schema";
import type { ConfigIssue } from "../spec/issues";
import type { DeploymentSpec } from "../spec/schema";
import { BLOCK_STORAGE_FACTS, CHARTS, type ChartFact, type KubeFactStatus } from "./kubernetes-facts";
import type { SubnetPlan } from "./network";
import { planOtherManagedPostgres, planQdrantHost, type OtherManagedPostgresPlan, type QdrantHostPlan } from "./vector-database-vm";

export type { OtherManagedPostgresPlan, QdrantHostPlan } from "./vector-database-vm";

/** Days backups are kept when the spec says nothing. */
export const DEFAULT_BACKUP_RETENTION_DAYS = 7;
/** Daily backup schedule (cron, UTC). */
export const BACKUP_SCHEDULE = "0 3 * * *";

/** A vector database on the cluster of a Kubernetes target. */
export interface HelmVectorDatabasePlan {
  /** Namespace of the database (its own, so deleting the engine's never touches the data). */
  namespace: string;
  /** Helm release name. */
  release: string;
  chart: ChartFact;
  /** Chart values: persistence, auth, ClusterIP service, backups (snapshot volume). */
  values: Record<string, unknown>;
  /** StorageClass the kit creates for the data volumes (encrypted, `reclaimPolicy: Retain`); null on kubeconfig clusters (their default class). */
  storageClass: { name: string; provisioner: string; parameters: Record<string, string>; source: string; status: KubeFactStatus } | null;
  /** Service DNS name and port clients use (inside the cluster). */
  host: string;
  port: number;
  /** Namespace allowed to reach the database (the engine's / application's). */
  clientNamespace: string;
  /** The backup CronJob: what it runs, when, and how long backups are kept. */
  backupJob: { schedule: string; retentionDays: number; image: string; script: string } | null;
}

/** pgvector on the cloud's managed PostgreSQL, private to the target's VPC. */
export interface ManagedPostgresPlan {
  /** PostgreSQL major version (pgvector 0.8.x on current RDS minors, reference/engines.md §5). */
  engineVersion: string;
  instanceClass: string;
  storageGb: number;
  /** Automated backups kept this many days (RDS allows 1–35). */
  backupRetentionDays: number;
  /** Deletion protection (prod). */
  deletionProtection: boolean;
  /** Standby in a second zone (prod). */
  multiAz: boolean;
  port: 5432;
  /** Sources admitted on the port: the VPC CIDR only (null for an existing VPC whose CIDR the spec does not state: looked up). */
  allowedCidrs: string[] | null;
  database: string;
  username: string;
  /**
   * How `CREATE EXTENSION vector` runs: a Kubernetes Job on the target's cluster (inside the VPC) —
   * the runner usually cannot reach a private database, so `@pulumi/postgresql` is not used.
   */
  extension: { name: "vector"; via: "kubernetes-job"; image: string };
}

/** The vector database of a deployment. */
export interface VectorDatabasePlan {
  engine: "qdrant" | "milvus" | "pgvector";
  /** Target whose cluster (or VPC) holds the database. */
  target: string;
  /**
   * `kubernetes-helm`: qdrant/milvus on the cluster; `managed-postgres`: pgvector on RDS beside EKS;
   * `vm-host`: qdrant on a private CPU host beside a vm target; `managed-postgres-vm`: pgvector on
   * Alibaba Cloud RDS / Tencent Cloud PostgreSQL beside a vm target or an ACK/TKE cluster (the name
   * is kept: it is in shipped plans).
   */
  placement: "kubernetes-helm" | "managed-postgres" | "vm-host" | "managed-postgres-vm";
  storageGb: number;
  backup: { retentionDays: number; schedule: string };
  /** Every data resource gets `protect: true` and `retainOnDelete: true`. */
  protect: true;
  retainOnDelete: true;
  /** Logical (`<target>-vectordb`) and physical (`<stack>-<target>-vectordb`) name prefixes. */
  names: { logical: string; physical: string };
  /** Set for `kubernetes-helm`. */
  helm?: HelmVectorDatabasePlan;
  /** Set for `managed-postgres`. */
  postgres?: ManagedPostgresPlan;
  /** Set for `vm-host`. */
  host?: QdrantHostPlan;
  /** Set for `managed-postgres-vm`. */
  managedPostgres?: OtherManagedPostgresPlan;
  /** What the operator should know (zone pinning, post-steps); copied into the plan's warnings. */
  warnings?: string[];
}

/** Pinned client image of the extension Job (`psql`). */
export const POSTGRES_CLIENT_IMAGE = "postgres:16-alpine";

/** What the vector-database planner needs to know about the target it sits beside. */
export interface VectorDatabaseTargetInfo {
  name: string;
  cloud: Cloud;
  runtime: "vm" | "kubernetes";
  /** Kubernetes cluster mode, when the target runs on Kubernetes. */
  clusterMode: "create" | "existing" | "kubeconfig" | null;
  /** Namespace of the engine workload (the database's only client namespace). */
  appNamespace: string | null;
  physicalName: string;
  environment: "dev" | "staging" | "prod";
  /** CIDR of the target's VPC (created, or stated for an existing one), else null. */
  vpcCidr: string | null;
  /** Region, host subnets and registry mirror (the vm placements use them; absent in older callers: refused there). */
  region?: string;
  hostSubnets?: SubnetPlan[];
  registryMirror?: string | null;
  /** `cn` = mainland China (the Qdrant image must come from a mirror there) and the target's index in `targets[]`. */
  residency?: string;
  index?: number;
}

/** Pinned backup image (curl for Qdrant's snapshot API). */
export const BACKUP_IMAGE = "curlimages/curl:8.11.1";
/**
 * Pinned milvus-backup image (inferred: the tag and the `milvus-backup --config <file> create|list|delete`
 * CLI are from public scripts using v0.5.8 and milvus-io/milvus-backup's README; verify before relying on it).
 */
export const MILVUS_BACKUP_IMAGE = "milvusdb/milvus-backup:v0.5.8";

/** The Milvus backup script: `milvus-backup create` into the backup bucket, then delete the kit's backups older than the retention. */
export function milvusBackupScript(retentionDays: number): string {
  return [
    "set -eu",
    "cli() { milvus-backup --config /config/backup.yaml \"$@\"; }",
    'cli create -n "gpukit_$(date -u +%Y%m%d%H%M%S)"',
    `cutoff=$(date -u -d "@$(( $(date +%s) - ${retentionDays} * 86400 ))" +%Y%m%d%H%M%S)`,
    "for b in $(cli list | grep -o 'gpukit_[0-9]\\{14\\}' | sort -u); do",
    '  if [ "${b#gpukit_}" -lt "$cutoff" ]; then',
    '    cli delete -n "$b" || echo "could not delete $b" >&2',
    "  fi",
    "done",
  ].join("\n");
}

/** The Qdrant backup script: a full snapshot, then deletion of snapshots older than the retention. */
export function qdrantBackupScript(host: string, port: number, retentionDays: number): string {
  return [
    "set -eu",
    `base=http://${host}:${port}`,
    'curl -fsS -X POST -H "api-key: $QDRANT_API_KEY" "$base/snapshots?wait=true"',
    `cutoff=$(( $(date +%s) - ${retentionDays} * 86400 ))`,
    'for s in $(curl -fsS -H "api-key: $QDRANT_API_KEY" "$base/snapshots" | grep -o \'"name":"[^"]*"\' | cut -d\'"\' -f4); do',
    '  ts=$(echo "$s" | grep -o "[0-9]\\{4\\}-[0-9]\\{2\\}-[0-9]\\{2\\}-[0-9]\\{2\\}-[0-9]\\{2\\}-[0-9]\\{2\\}" | head -1 | sed "s/-/ /3; s/-/:/3; s/-/:/3")',
    '  [ -n "$ts" ] || continue',
    // An unparseable name is never deleted.
    '  if [ "$(date -d "$ts" +%s 2>/dev/null || echo 9999999999)" -lt "$cutoff" ]; then',
    '    curl -fsS -X DELETE -H "api-key: $QDRANT_API_KEY" "$base/snapshots/$s" || echo "could not delete $s" >&2',
    "  fi",
    "done",
  ].join("\n");
}

/** Plans the vector database, or returns issues naming `vectorDatabase.*`. */
export function planVectorDatabase(spec: DeploymentSpec, stack: string, targets: readonly VectorDatabaseTargetInfo[]): { plan?: VectorDatabasePlan; issues: ConfigIssue[] } {
  const db = spec.vectorDatabase;
  if (!db) return { issues: [] };
  const target = db.target ? targets.find((t) => t.name === db.target) : targets[0];
  if (!target) {
    return { issues: [{ path: "vectorDatabase.target", message: `no target named ${db.target}`, given: JSON.stringify(db.target), allowed: targets.map((t) => t.name) }] };
  }
  const retentionDays = db.backup?.retentionDays ?? DEFAULT_BACKUP_RETENTION_DAYS;
  if (target.runtime !== "kubernetes") return planBesideVm(db.engine, target, stack, db.storageGb, retentionDays);
  if (db.engine === "pgvector") {
    if (target.clusterMode === "kubeconfig") {
      return {
        issues: [{ path: "vectorDatabase.engine", message: "pgvector on managed PostgreSQL needs the cluster's cloud network: it is built beside a created or adopted EKS, ACK or TKE cluster, not beside a kubeconfig cluster — use qdrant or milvus there", given: '"pgvector"', allowed: ["qdrant", "milvus"] }],
      };
    }
    // ACK and TKE clusters live in the target's VPC like vm hosts: the same managed PostgreSQL, private to it.
    if (target.cloud !== "aws") return planBesideVm("pgvector", target, stack, db.storageGb, retentionDays);
    const prod = target.environment === "prod";
    return {
      plan: {
        engine: "pgvector",
        target: target.name,
        placement: "managed-postgres",
        storageGb: db.storageGb,
        backup: { retentionDays: Math.min(35, retentionDays), schedule: "RDS automated backups (daily window)" },
        protect: true,
        retainOnDelete: true,
        names: { logical: `${target.name}-vectordb`, physical: `${target.physicalName}-vectordb` },
        postgres: {
          engineVersion: "16",
          instanceClass: prod ? "db.m6g.large" : "db.t4g.medium",
          storageGb: db.storageGb,
          backupRetentionDays: Math.min(35, retentionDays),
          deletionProtection: prod,
          multiAz: prod,
          port: 5432,
          allowedCidrs: target.vpcCidr ? [target.vpcCidr] : null,
          database: "vectors",
          username: "gpukit",
          extension: { name: "vector", via: "kubernetes-job", image: POSTGRES_CLIENT_IMAGE },
        },
      },
      issues: [],
    };
  }
  const namespace = `${target.appNamespace ?? "gpu-inference"}-vectordb`.slice(0, 63);
  const logical = `${target.name}-vectordb`;
  const release = db.engine;
  const storage = BLOCK_STORAGE_FACTS[target.cloud];
  const storageClass = target.clusterMode === "kubeconfig" ? null : { name: "gpu-inference-data", provisioner: storage.provisioner, parameters: { ...storage.parameters }, source: storage.source, status: storage.status };
  const helm = db.engine === "qdrant" ? qdrantHelm(namespace, release, db.storageGb, retentionDays, storageClass?.name ?? null) : milvusHelm(namespace, release, db.storageGb, retentionDays, storageClass?.name ?? null);
  return {
    plan: {
      engine: db.engine,
      target: target.name,
      placement: "kubernetes-helm",
      storageGb: db.storageGb,
      backup: { retentionDays, schedule: BACKUP_SCHEDULE },
      protect: true,
      retainOnDelete: true,
      names: { logical, physical: `${target.physicalName}-vectordb` },
      helm: { ...helm, namespace, release, storageClass, clientNamespace: target.appNamespace ?? "gpu-inference", backupJob: helm.backupJob ? { ...helm.backupJob, retentionDays } : null },
    },
    issues: [],
  };
}

type HelmParts = Pick<HelmVectorDatabasePlan, "chart" | "values" | "host" | "port" | "backupJob">;

function qdrantHelm(namespace: string, release: string, storageGb: number, retentionDays: number, storageClass: string | null): HelmParts {
  const host = `${release}.${namespace}.svc`;
  const snapshotGb = Math.max(10, Math.ceil(storageGb * 0.5));
  return {
    chart: CHARTS.qdrant,
    values: {
      replicaCount: 1,
      service: { type: "ClusterIP" },
      persistence: { size: `${storageGb}Gi`, ...(storageClass ? { storageClassName: storageClass } : {}) },
      snapshotPersistence: { enabled: true, size: `${snapshotGb}Gi`, ...(storageClass ? { storageClassName: storageClass } : {}) },
      apiKey: { valueFrom: { secretKeyRef: { name: `${release}-auth`, key: "api-key" } } },
    },
    host,
    port: 6333,
    backupJob: { schedule: BACKUP_SCHEDULE, retentionDays, image: BACKUP_IMAGE, script: qdrantBackupScript(host, 6333, retentionDays) },
  };
}

function milvusHelm(namespace: string, release: string, storageGb: number, retentionDays: number, storageClass: string | null): HelmParts {
  const sc = storageClass ? { storageClass } : {};
  return {
    chart: CHARTS.milvus,
    values: {
      // Standalone (reference/engines.md §5): one Milvus, one etcd, MinIO standalone, woodpecker queue.
      cluster: { enabled: false },
      pulsarv3: { enabled: false },
      etcd: { replicaCount: 1, persistence: { size: "10Gi", ...sc } },
      minio: { mode: "standalone", persistence: { size: `${storageGb}Gi`, ...sc } },
      standalone: { persistence: { persistentVolumeClaim: { size: "20Gi", ...sc } } },
      service: { type: "ClusterIP" },
      // Authentication on; the root password and MinIO keys are generated secrets the runtime adds.
    },
    host: `${release}.${namespace}.svc`,
    port: 19530,
    backupJob: { schedule: BACKUP_SCHEDULE, retentionDays, image: MILVUS_BACKUP_IMAGE, script: milvusBackupScript(retentionDays) },
  };
}

/** The vector database beside a `runtime: vm` target: qdrant on a private host, pgvector on managed PostgreSQL, milvus refused. */
function planBesideVm(engine: "qdrant" | "milvus" | "pgvector", target: VectorDatabaseTargetInfo, stack: string, storageGb: number, retentionDays: number): { plan?: VectorDatabasePlan; issues: ConfigIssue[] } {
  if (engine === "milvus") {
    return { issues: [{ path: "vectorDatabase.engine", message: "milvus beside a runtime: vm target is not built (it needs etcd and object storage beside it); use qdrant, or place milvus beside a runtime: kubernetes target (vectorDatabase.target)", given: '"milvus"', allowed: ["qdrant", "pgvector"] }] };
  }
  const vm = { name: target.name, cloud: target.cloud, region: target.region ?? "", environment: target.environment, physicalName: target.physicalName, vpcCidr: target.vpcCidr, hostSubnets: target.hostSubnets ?? [], registryMirror: target.registryMirror ?? null, residency: target.residency ?? null, index: target.index ?? 0 };
  const base = {
    engine,
    target: target.name,
    storageGb,
    protect: true as const,
    retainOnDelete: true as const,
    names: { logical: `${target.name}-vectordb`, physical: `${target.physicalName}-vectordb` },
  };
  if (engine === "qdrant") {
    const r = planQdrantHost(vm, stack, storageGb, retentionDays);
    if (!r.host) return { issues: r.issues };
    return { plan: { ...base, placement: "vm-host", backup: { retentionDays, schedule: `daily disk snapshot at ${String(r.host.snapshotPolicy.hourUtc).padStart(2, "0")}:00 UTC (${r.host.snapshotPolicy.token})` }, host: r.host, warnings: r.warnings }, issues: [] };
  }
  const r = planOtherManagedPostgres(vm, storageGb, retentionDays);
  if (!r.postgres) return { issues: r.issues };
  return { plan: { ...base, placement: "managed-postgres-vm", backup: { retentionDays: r.postgres.backupRetentionDays, schedule: "automated daily backups of the managed service" }, managedPostgres: r.postgres, warnings: r.warnings }, issues: [] };
}
