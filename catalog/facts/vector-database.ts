/**
 * Cloud facts of the vector database outside Kubernetes, as data with sources: the CPU instance
 * type and data-disk class of a private Qdrant host per cloud, the disk snapshot policy resource
 * per cloud (or why there is none), whether the kit can hand the host its API key through a secret
 * store, and what each cloud's managed PostgreSQL resource offers (encryption, backup retention,
 * deletion protection) in the pinned SDK. The planner (components/plan/vector-database-vm.ts)
 * decides from these; nothing here was measured on a live account.
 */
import type { Cloud } from "../schema";
import type { Provenance } from "./verification";

/** Pinned Qdrant server image (same app version as the pinned Helm chart 1.19.0, reference/engines.md §5). */
export const QDRANT_IMAGE = { repository: "qdrant/qdrant", tag: "v1.19.0", source: "reference/engines.md §5: qdrant-helm chart 1.19.0, app v1.19.0 (Aug 2026)" } as const;
/** Qdrant's HTTP and gRPC ports (reference/engines.md §5). */
export const QDRANT_PORTS = [6333, 6334] as const;

/** The Qdrant host of one cloud. */
export interface QdrantHostFact {
  /** CPU instance type (memory-optimised: Qdrant keeps vectors and HNSW graphs in RAM). */
  instanceType: string;
  vcpus: number;
  memoryGiB: number;
  instanceTypeProvenance: Provenance;
  /** Data-disk class as the cloud spells it. */
  diskClass: string;
  /** System disk in GB (Ubuntu + Docker + the Qdrant image). */
  systemDiskGb: number;
  /** The disk snapshot policy resource token, or null with the reason the cloud lacks one. */
  snapshotPolicy: { token: string; attachment: string | null; provenance: Provenance } | { token: null; reason: string };
  /** The kit has a secret store (and a boot-time fetch) on this cloud for the API key. */
  secretStore: { available: true; via: string } | { available: false; reason: string };
  /** Set when the pinned SDK has no input to encrypt the data disk: the kit then builds no host (its defaults require an encrypted disk). Absent: the adapter encrypts it. */
  noDiskEncryption?: Provenance;
}

/** Per cloud. Every cloud has a snapshot policy; the Qdrant host is built on AWS, Alibaba Cloud and Tencent Cloud (on Volcano Engine the pinned SDK cannot encrypt the data volume: refused, see `noDiskEncryption`). */
export const QDRANT_HOST_FACTS: Record<Cloud, QdrantHostFact> = {
  aws: {
    instanceType: "r6i.large",
    vcpus: 2,
    memoryGiB: 16,
    instanceTypeProvenance: { source: "https://aws.amazon.com/ec2/instance-types/r6i/ (r6i.large: 2 vCPU, 16 GiB)", status: "verified" },
    diskClass: "gp3",
    systemDiskGb: 30,
    snapshotPolicy: { token: "aws:dlm/lifecyclePolicy:LifecyclePolicy", attachment: null, provenance: { source: "@pulumi/aws 7.48.0 dlm/lifecyclePolicy.d.ts (targetTags, schedules[].retainRule)", status: "verified" } },
    secretStore: { available: true, via: "SSM Parameter Store SecureString, read by the host's instance profile" },
  },
  alicloud: {
    instanceType: "ecs.r7.large",
    vcpus: 2,
    memoryGiB: 16,
    instanceTypeProvenance: { source: "https://www.alibabacloud.com/help/en/ecs/user-guide/memory-optimized-instance-families (r7: 1:8 vCPU:memory; ecs.r7.large 2 vCPU 16 GiB)", status: "unverified" },
    diskClass: "cloud_essd",
    systemDiskGb: 40,
    snapshotPolicy: {
      token: "alicloud:ecs/autoSnapshotPolicy:AutoSnapshotPolicy",
      attachment: "alicloud:ecs/ecsAutoSnapshotPolicyAttachment:EcsAutoSnapshotPolicyAttachment",
      provenance: { source: "@pulumi/alicloud 3.108.0 ecs/autoSnapshotPolicy.d.ts (retentionDays, timePoints, repeatWeekdays), ecs/ecsAutoSnapshotPolicyAttachment.d.ts", status: "verified" },
    },
    secretStore: { available: true, via: "OOS secret parameter under a target KMS key, read by the host's RAM role" },
  },
  tencentcloud: {
    instanceType: "MA5.LARGE16",
    vcpus: 4,
    memoryGiB: 16,
    instanceTypeProvenance: { source: "https://www.tencentcloud.com/document/product/213/11518 (MA5 memory-optimised; size unverified)", status: "unverified" },
    diskClass: "CLOUD_SSD",
    systemDiskGb: 50,
    snapshotPolicy: {
      token: "tencentcloud:Cbs/snapshotPolicy:SnapshotPolicy",
      attachment: "tencentcloud:Cbs/snapshotPolicyAttachment:SnapshotPolicyAttachment",
      provenance: { source: "tencentcloudstack/pulumi-tencentcloud v0.2.3 sdk/nodejs/cbs/snapshotPolicy.ts, snapshotPolicyAttachment.ts", status: "verified" },
    },
    secretStore: { available: true, via: "Secrets Manager (SSM) secret, read by the host's CAM role (components/tencentcloud/secrets.ts)" },
  },
  volcengine: {
    instanceType: "ecs.r3i.large",
    vcpus: 2,
    memoryGiB: 16,
    instanceTypeProvenance: { source: "https://www.volcengine.com/docs/6396/70840 (r3i memory-optimised 1:8; size unverified)", status: "unverified" },
    diskClass: "ESSD_PL0",
    systemDiskGb: 40,
    snapshotPolicy: {
      token: "volcengine:ebs/autoSnapshotPolicy:AutoSnapshotPolicy",
      attachment: "volcengine:ebs/autoSnapshotPolicyAttachment:AutoSnapshotPolicyAttachment",
      provenance: { source: "volcengine/pulumi-volcengine v0.0.47 sdk/nodejs/ebs/autoSnapshotPolicy.ts, autoSnapshotPolicyAttachment.ts", status: "verified" },
    },
    // the store exists (fixed-size targets only); no Qdrant host uses it because of noDiskEncryption below
    secretStore: { available: true, via: "KMS secret read by the host's IAM role attached with ecs/iamRoleAttachment (components/volcengine/secrets.ts)" },
    noDiskEncryption: {
      source:
        "volcengine/pulumi-volcengine v0.0.47 (terraform-provider-volcengine v0.0.194): sdk/nodejs/ebs/volume.ts VolumeArgs (deleteWithInstance, description, extraPerformance*, instanceId, kind, projectName, size, snapshotId, tags, volumeChargeType, volumeName, volumeType, zoneId) has no encryption or KMS-key input, nor has sdk/nodejs/types/input.ts ecs.InstanceDataVolume (ecs/instance.ts dataVolumes: deleteWithInstance, size, volumeType)",
      status: "verified",
    },
  },
};

/** What a cloud's managed PostgreSQL resource offers in the pinned SDK. */
export interface ManagedPostgresFact {
  token: string;
  /** Instance class for dev/staging and for prod. */
  instanceClass: { nonProd: string; prod: string; provenance: Provenance };
  /** Smallest and largest automated-backup retention the service accepts, days; null when the SDK does not say (passed unclamped). */
  retentionDays: { min: number; max: number; provenance: Provenance } | null;
  /** How storage encryption, deletion protection and access are set, or null when the SDK lacks the input. */
  encryption: string | null;
  deletionProtection: string | null;
  provenance: Provenance;
}

/** Managed PostgreSQL per cloud outside AWS (AWS RDS is in components/plan/vector-database.ts). */
export const MANAGED_POSTGRES_FACTS: Record<Exclude<Cloud, "aws">, ManagedPostgresFact> = {
  alicloud: {
    token: "alicloud:rds/instance:Instance",
    instanceClass: { nonProd: "pg.n2.small.2c", prod: "pg.n2.medium.2c", provenance: { source: "https://www.alibabacloud.com/help/en/rds/apsaradb-rds-for-postgresql/primary-apsaradb-rds-for-postgresql-instance-types (general-purpose HA classes; not checked against the region's stock)", status: "unverified" } },
    retentionDays: { min: 7, max: 730, provenance: { source: "@pulumi/alicloud 3.108.0 rds/backupPolicy.d.ts backupRetentionPeriod (7-730 days)", status: "verified" } },
    encryption: "encryptionKey: ServiceKey (cloud-disk encryption with the RDS service key)",
    deletionProtection: "deletionProtection (PostPaid instances)",
    provenance: { source: "@pulumi/alicloud 3.108.0 rds/instance.d.ts (encryptionKey, deletionProtection, securityIps, vswitchId)", status: "verified" },
  },
  tencentcloud: {
    token: "tencentcloud:Postgresql/instance:Instance",
    instanceClass: { nonProd: "2C4G", prod: "4C8G", provenance: { source: "tencentcloudstack/pulumi-tencentcloud v0.2.3 postgresql/instance.ts: cpu + memory must match Postgresql.getSpecinfos (not looked up by the kit)", status: "unverified" } },
    // The accepted range of backupPlan.baseBackupRetentionPeriod is not stated in the SDK: passed as planned (unverified).
    retentionDays: null,
    encryption: "needSupportTde: 1 (transparent data encryption with the default KMS key)",
    deletionProtection: "deleteProtection",
    provenance: { source: "tencentcloudstack/pulumi-tencentcloud v0.2.3 sdk/nodejs/postgresql/instance.ts (needSupportTde, deleteProtection, backupPlan, publicAccessSwitch, securityGroups)", status: "verified" },
  },
  volcengine: {
    token: "volcengine:rds_postgresql/instance:Instance",
    instanceClass: { nonProd: "rds.postgres.1c2g", prod: "rds.postgres.2c4g", provenance: { source: "not used: refused", status: "unverified" } },
    retentionDays: { min: 7, max: 365, provenance: { source: "volcengine/pulumi-volcengine v0.0.47 rds_postgresql/backupPolicy.ts backupRetentionPeriod (range unverified)", status: "unverified" } },
    encryption: null,
    deletionProtection: null,
    provenance: { source: "volcengine/pulumi-volcengine v0.0.47 sdk/nodejs/rds_postgresql/instance.ts: InstanceArgs has no storage-encryption and no deletion-protection input", status: "verified" },
  },
};
