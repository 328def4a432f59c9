/**
 * `vector-database`: the vector database is built beside its target, every resource that holds or
 * guards its data (namespace, Helm release, generated credentials) is `protect: true`, it is
 * reachable only inside the cluster (ClusterIP service, NetworkPolicy admitting only the application
 * namespace, never an IP block), its volumes use a `Retain` StorageClass where the kit owns the
 * cluster, and a backup CronJob exists.
 */
import { readPath, RunIndex } from "../scope";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note, RecordedResourceLike } from "../types";
import { kubernetesScope } from "./kubernetes-workload";

const ID = "vector-database" as const;

/** Resource types of the vector database that hold or guard data (must be protected). */
export const DATA_TYPES: readonly string[] = ["kubernetes:core/v1:Namespace", "kubernetes:helm.sh/v3:Release", "random:index/randomPassword:RandomPassword"];

export const vectorDatabase: DeployabilityCheck = {
  id: ID,
  description: "The vector database's data resources are protected, private to the cluster (ClusterIP, namespace-only NetworkPolicy), on retained volumes, and backed up on a schedule.",
  remediation: "Build the vector database through createHelmVectorDatabase from plan.targets[].vectorDatabase without overriding its options.",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    const notes: Note[] = [];
    for (const plan of run.plan.targets) {
      const db = plan.vectorDatabase;
      // beside a vm target: checked by vector-database-vm.ts
      if (!db || db.placement === "vm-host" || db.placement === "managed-postgres-vm") continue;
      const target = plan.name;
      const add = (r: RecordedResourceLike | string, message: string, fix: string) => findings.push({ check: ID, target, resource: typeof r === "string" ? r : r.urn, message, fix });
      const mine = kubernetesScope(index, plan).resources.filter((r) => r.name.startsWith(`${db.names.logical}-`));
      if (db.postgres) {
        const pg = db.postgres;
        const instance = mine.find((r) => r.type === "aws:rds/instance:Instance");
        if (!instance) {
          add(`${db.names.logical}-postgres`, "no RDS instance was recorded for pgvector", "create it through createAwsPgvector");
          continue;
        }
        if (!instance.protect) add(instance, `${instance.name} holds the vector data but is not protected`, "set protect: true and retainOnDelete");
        if (instance.inputs.publiclyAccessible !== false) add(instance, `${instance.name} is publicly accessible`, "set publiclyAccessible: false");
        if (instance.inputs.storageEncrypted !== true) add(instance, `${instance.name} stores unencrypted data`, "set storageEncrypted: true");
        if (instance.inputs.backupRetentionPeriod !== pg.backupRetentionDays) add(instance, `${instance.name} keeps backups ${String(instance.inputs.backupRetentionPeriod)} days, the plan ${pg.backupRetentionDays}`, "set backupRetentionPeriod from the plan");
        if (pg.deletionProtection && instance.inputs.deletionProtection !== true) add(instance, `${instance.name} has no deletion protection in prod`, "set deletionProtection: true");
        for (const rule of mine.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) {
          if (!rule.inputs.cidrIpv4 || (pg.allowedCidrs && !pg.allowedCidrs.includes(String(rule.inputs.cidrIpv4)))) add(rule, `${rule.name} admits ${String(rule.inputs.cidrIpv4 ?? "any source")}, outside the VPC`, "admit only the VPC CIDR");
        }
        if (!mine.some((r) => r.type === "kubernetes:batch/v1:Job")) add(`${db.names.logical}-extension`, "nothing enables the vector extension", "create the extension Job");
        continue;
      }
      const helm = db.helm!;
      const release = mine.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
      if (!release) {
        add(`${db.names.logical}-release`, `no ${db.engine} Helm release was recorded for the vector database`, "create it through createHelmVectorDatabase");
        continue;
      }
      for (const r of mine.filter((x) => DATA_TYPES.includes(x.type))) {
        if (!r.protect) add(r, `${r.name} holds or guards the vector database's data but is not protected: a replace or destroy loses it`, `set protect: true (and retainOnDelete) on ${r.name}`);
      }
      const serviceType = readPath(release.inputs, "values.service.type");
      if (serviceType !== undefined && serviceType !== "ClusterIP") add(release, `the ${db.engine} service is ${String(serviceType)}: reachable from outside the cluster`, "keep service.type ClusterIP");
      const policy = mine.find((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy");
      if (!policy) add(`${db.names.logical}-netpol`, "no NetworkPolicy guards the vector database namespace: every pod in the cluster reaches it", "create the namespace NetworkPolicy");
      else {
        const from = (readPath(policy.inputs, "spec.ingress[].from[]") as Record<string, unknown>[] | undefined) ?? [];
        if (from.length === 0 || from.some((f) => "ipBlock" in f)) add(policy, "the vector database NetworkPolicy admits IP blocks (or everyone)", "admit only the application namespace and the database's own pods");
      }
      const sc = mine.find((r) => r.type === "kubernetes:storage.k8s.io/v1:StorageClass");
      if (helm.storageClass && readPath(sc?.inputs, "reclaimPolicy") !== "Retain") add(sc ?? `${db.names.logical}-storage-class`, "the vector database volumes are not on a Retain StorageClass: deleting a claim deletes the data", "use reclaimPolicy: Retain");
      if (!helm.storageClass) notes.push({ check: ID, target, message: "kubeconfig cluster: the data volumes use the cluster's default StorageClass; its encryption and reclaim policy are the owner's" });
      if (!mine.some((r) => r.type === "kubernetes:batch/v1:CronJob")) add(`${db.names.logical}-backup`, "no backup CronJob for the vector database", "create the backup CronJob");
    }
    return { findings, notes };
  },
};
