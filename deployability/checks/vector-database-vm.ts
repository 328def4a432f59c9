/**
 * `vector-database-vm`: the vector database on cloud resources outside a cluster (beside a `runtime: vm`
 * target, or pgvector beside an ACK/TKE cluster) — Qdrant on a private
 * host, or pgvector on Alibaba Cloud RDS / TencentDB for PostgreSQL — is built as planned and keeps
 * its data: the data disk or instance and the generated credential are `protect: true`; the disk or
 * storage is encrypted; the host has no public address; its ports (and the database port) admit only
 * the plan's VPC CIDR, never `0.0.0.0/0`; a snapshot policy (host) or backup policy (database)
 * keeps the planned retention; deletion protection is on in prod.
 */
import { asNumber, asStrings, handle, readPath, RunIndex } from "../scope";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, RecordedResourceLike } from "../types";

const ID = "vector-database-vm" as const;

/** Types that hold the vector data beside a vm target (must be protected). */
export const VM_DATA_TYPES: readonly string[] = ["aws:ebs/volume:Volume", "alicloud:ecs/disk:Disk", "tencentcloud:Cbs/storage:Storage", "alicloud:rds/instance:Instance", "tencentcloud:Postgresql/instance:Instance", "random:index/randomPassword:RandomPassword"];

type Add = (r: RecordedResourceLike | string, message: string, fix: string) => void;

/** Ingress sources of the vector database's firewall rules (AWS rules, Alibaba rules, Tencent rule sets). */
function ingressSources(mine: readonly RecordedResourceLike[]): Array<{ r: RecordedResourceLike; source: string }> {
  const out: Array<{ r: RecordedResourceLike; source: string }> = [];
  for (const r of mine) {
    if (r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") out.push({ r, source: String(r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6 ?? r.inputs.referencedSecurityGroupId ?? r.inputs.prefixListId ?? "any source") });
    if (r.type === "alicloud:ecs/securityGroupRule:SecurityGroupRule" && r.inputs.type === "ingress") out.push({ r, source: String(r.inputs.cidrIp ?? r.inputs.ipv6CidrIp ?? r.inputs.sourceSecurityGroupId ?? "any source") });
    if (r.type === "tencentcloud:Security/groupRuleSet:GroupRuleSet") {
      for (const rule of (readPath(r.inputs, "ingresses") as Record<string, unknown>[] | undefined) ?? []) {
        if (rule.action === "ACCEPT") out.push({ r, source: String(rule.cidrBlock ?? rule.sourceSecurityId ?? "any source") });
      }
    }
  }
  return out;
}

function checkHost(mine: readonly RecordedResourceLike[], host: NonNullable<NonNullable<DeploymentRun["plan"]["targets"][number]["vectorDatabase"]>["host"]>, n: string, add: Add): void {
  const instance = mine.find((r) => r.name === `${n}-host`);
  if (!instance) return add(`${n}-host`, "no Qdrant host was recorded", "create it through the cloud's createXQdrantHost");
  if (instance.inputs.associatePublicIpAddress === true || instance.inputs.allocatePublicIp === true || (asNumber(instance.inputs.internetMaxBandwidthOut) ?? 0) > 0) add(instance, `${instance.name} has a public address`, "no public IP / internetMaxBandwidthOut 0");
  const tokens = readPath(instance.inputs, "metadataOptions.httpTokens") ?? instance.inputs.httpTokens;
  if (host.metadataMode === "token-required" && tokens !== "required") add(instance, `${instance.name} allows metadata reads without a token (httpTokens ${String(tokens)})`, "set httpTokens: required");
  const disk = mine.find((r) => r.type === "aws:ebs/volume:Volume" || r.type === "alicloud:ecs/disk:Disk" || r.type === "tencentcloud:Cbs/storage:Storage");
  if (!disk) add(`${n}-data`, "no data disk was recorded for Qdrant", "create the encrypted data disk");
  else {
    // Tencent CBS spells them `encrypt` and `storageSize`
    const tencent = disk.type === "tencentcloud:Cbs/storage:Storage";
    const encrypted = tencent ? disk.inputs.encrypt : disk.inputs.encrypted;
    const size = tencent ? disk.inputs.storageSize : disk.inputs.size;
    if (encrypted !== true) add(disk, `${disk.name} is not encrypted`, tencent ? "set encrypt: true" : "set encrypted: true");
    if ((asNumber(size) ?? 0) < host.dataDisk.sizeGb) add(disk, `${disk.name} is ${String(size)} GB, the plan ${host.dataDisk.sizeGb} GB`, "size it from vectorDatabase.storageGb");
    if (tencent && disk.inputs.forceDelete === true) add(disk, `${disk.name} skips the recycle bin when deleted`, "set forceDelete: false");
    if (disk.type === "alicloud:ecs/disk:Disk" && (disk.inputs.deleteWithInstance === true || disk.inputs.deleteAutoSnapshot === true)) add(disk, `${disk.name} is released with the host or loses its snapshots when released`, "set deleteWithInstance and deleteAutoSnapshot to false");
  }
  const sp = host.snapshotPolicy;
  const policy = mine.find((r) => r.type === sp.token);
  if (!policy) return add(`${n}-snapshots`, `no snapshot policy (${sp.token}) protects the Qdrant data disk`, "create the snapshot policy");
  if (policy.type === "aws:dlm/lifecyclePolicy:LifecyclePolicy") {
    const tags = (readPath(policy.inputs, "policyDetails.targetTags") as Record<string, unknown> | undefined) ?? {};
    const diskTags = (disk?.inputs.tags as Record<string, unknown> | undefined) ?? {};
    if (!Object.keys(tags).length || Object.entries(tags).some(([k, v]) => diskTags[k] !== v)) add(policy, `${policy.name} does not select the data volume by its tags`, `target the tag ${sp.targetTag.key}=${sp.targetTag.value}`);
    const retain = asNumber(readPath(policy.inputs, "policyDetails.schedules[0].retainRule.interval"));
    const unit = readPath(policy.inputs, "policyDetails.schedules[0].retainRule.intervalUnit");
    if (retain !== sp.retentionDays || unit !== "DAYS") add(policy, `${policy.name} keeps snapshots ${String(retain)} ${String(unit)}, the plan ${sp.retentionDays} DAYS`, "set retainRule from backup.retentionDays");
  } else {
    const days = asNumber(policy.inputs.retentionDays);
    if (days !== sp.retentionDays) add(policy, `${policy.name} keeps snapshots ${String(days)} days, the plan ${sp.retentionDays}`, "set retentionDays from backup.retentionDays");
    const attachments = sp.attachment ? mine.filter((r) => r.type === sp.attachment) : [];
    if (sp.attachment && !attachments.length) add(`${n}-snapshots-attach`, `${policy.name} is applied to no disk`, "attach the policy to the data disk");
    // with the disk's id known (offline ids), the attachment must name it (`diskId`, `storageId` or `storageIds`)
    const targets = (a: RecordedResourceLike) => [a.inputs.diskId, a.inputs.storageId, ...asStrings(a.inputs.storageIds)];
    if (disk?.id && attachments.length && !attachments.some((a) => targets(a).includes(disk.id))) add(attachments[0]!, `${attachments[0]!.name} applies ${policy.name} to another disk than ${disk.name}`, "attach the policy to the data disk");
  }
}

function checkPostgres(mine: readonly RecordedResourceLike[], pg: NonNullable<NonNullable<DeploymentRun["plan"]["targets"][number]["vectorDatabase"]>["managedPostgres"]>, n: string, add: Add): void {
  const instance = mine.find((r) => r.type === pg.token);
  if (!instance) return add(`${n}-postgres`, `no ${pg.token} was recorded for pgvector`, "create it through the cloud's createXPgvector");
  if (pg.cloud === "alicloud") {
    const key = instance.inputs.encryptionKey;
    if (typeof key !== "string" || key === "disabled") add(instance, `${instance.name} stores unencrypted data`, "set encryptionKey: ServiceKey");
    if (pg.deletionProtection && instance.inputs.deletionProtection !== true) add(instance, `${instance.name} has no deletion protection in prod`, "set deletionProtection: true");
    for (const ip of asStrings(instance.inputs.securityIps)) if (!pg.allowedCidrs.includes(ip)) add(instance, `${instance.name} whitelists ${ip}, outside the VPC`, "whitelist only the VPC CIDR");
    const backup = mine.find((r) => r.type === "alicloud:rds/backupPolicy:BackupPolicy");
    if (asNumber(backup?.inputs.backupRetentionPeriod) !== pg.backupRetentionDays) add(backup ?? `${n}-backups`, `backups are kept ${String(backup?.inputs.backupRetentionPeriod)} days, the plan ${pg.backupRetentionDays}`, "set backupRetentionPeriod from the plan");
  } else {
    if (instance.inputs.needSupportTde !== 1) add(instance, `${instance.name} stores unencrypted data`, "set needSupportTde: 1");
    if (instance.inputs.publicAccessSwitch === true) add(instance, `${instance.name} is reachable from the internet`, "set publicAccessSwitch: false");
    if (pg.deletionProtection && instance.inputs.deleteProtection !== true) add(instance, `${instance.name} has no deletion protection in prod`, "set deleteProtection: true");
    const days = asNumber(readPath(instance.inputs, "backupPlan.baseBackupRetentionPeriod"));
    if (days !== pg.backupRetentionDays) add(instance, `${instance.name} keeps backups ${String(days)} days, the plan ${pg.backupRetentionDays}`, "set backupPlan.baseBackupRetentionPeriod from the plan");
  }
}

export const vectorDatabaseVm: DeployabilityCheck = {
  id: ID,
  description: "The vector database beside a vm target keeps its data private and safe: protected and encrypted data, no public address, ports open to the VPC CIDR only, snapshots or backups kept the planned days, deletion protection in prod.",
  remediation: "Build it through the cloud's qdrant-host.ts / pgvector.ts from plan.targets[].vectorDatabase without overriding its options.",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    for (const plan of run.plan.targets) {
      const db = plan.vectorDatabase;
      if (!db || (db.placement !== "vm-host" && db.placement !== "managed-postgres-vm")) continue;
      const n = db.names.logical;
      const component = index.component(plan);
      const mine = (component ? index.descendants(component.urn) : run.resources).filter((r) => r.name.startsWith(`${n}-`));
      const add: Add = (r, message, fix) => findings.push({ check: ID, target: plan.name, resource: typeof r === "string" ? r : handle(r), message, fix });
      for (const r of mine.filter((x) => VM_DATA_TYPES.includes(x.type))) {
        if (!r.protect) add(r, `${r.name} holds or guards the vector data but is not protected: a replace or destroy loses it`, `set protect: true (and retainOnDelete) on ${r.name}`);
      }
      const allowed = db.host?.allowedCidrs ?? db.managedPostgres?.allowedCidrs ?? [];
      for (const { r, source } of ingressSources(mine)) {
        if (!allowed.includes(source)) add(r, `${r.name} admits ${source} to the vector database, outside the VPC CIDR (${allowed.join(", ")})`, "admit only the VPC CIDR");
      }
      if (db.host) checkHost(mine, db.host, n, add);
      if (db.managedPostgres) checkPostgres(mine, db.managedPostgres, n, add);
    }
    return { findings, notes: [] };
  },
};
