/**
 * Kubernetes objects around the vector database's Helm release, as plain objects (no Pulumi): its
 * namespace, the encrypted `Retain` StorageClass of its volumes, the NetworkPolicy that admits only
 * the application namespace (and the database's own pods), and the backup CronJob. Tests validate
 * them against the Kubernetes OpenAPI schema.
 */
import type { K8sObject } from "../kubernetes/manifests";
import { MANAGED_LABELS } from "../kubernetes/manifests";
import type { HelmVectorDatabasePlan, VectorDatabasePlan } from "../plan/vector-database";

/** The Helm part of a `kubernetes-helm` database plan; throws for another placement. */
export function helmOf(db: VectorDatabasePlan): HelmVectorDatabasePlan {
  if (!db.helm) throw new Error(`vector database ${db.engine} is placed ${db.placement}, not as a Helm release`);
  return db.helm;
}

/** Name of the Secret holding the database credentials (API key / root password, backup config). */
export function authSecretName(db: VectorDatabasePlan): string {
  return `${helmOf(db).release}-auth`;
}

/** Name of the Secret holding milvus-backup's `backup.yaml` (it carries passwords). */
export function backupConfigSecretName(db: VectorDatabasePlan): string {
  return `${helmOf(db).release}-backup-config`;
}

const labels = (db: VectorDatabasePlan) => ({ ...MANAGED_LABELS, "app.kubernetes.io/part-of": "gpu-inference-vectordb", "gpu-inference.dev/target": db.target });

/** The database's namespace, StorageClass (when the kit owns the cluster), NetworkPolicy and backup CronJob. */
export function renderVectorDatabaseManifests(db: VectorDatabasePlan): K8sObject[] {
  const h = helmOf(db);
  const out: K8sObject[] = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: h.namespace, labels: labels(db) } }];
  if (h.storageClass) {
    out.push({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: h.storageClass.name, labels: labels(db) },
      provisioner: h.storageClass.provisioner,
      parameters: { ...h.storageClass.parameters },
      // Deleting a claim (or the release) never deletes the volume: data outlives the chart.
      reclaimPolicy: "Retain",
      allowVolumeExpansion: true,
      volumeBindingMode: "WaitForFirstConsumer",
    });
  }
  out.push({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "vectordb-ingress", namespace: h.namespace, labels: labels(db) },
    spec: {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [
        // The application namespace only; the database's own pods (etcd, MinIO, backups) among themselves.
        { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": h.clientNamespace } } }, { podSelector: {} }] },
      ],
    },
  });
  if (h.backupJob) out.push(backupCronJob(db));
  return out;
}

function backupCronJob(db: VectorDatabasePlan): K8sObject {
  const h = helmOf(db);
  const job = h.backupJob!;
  const container: Record<string, unknown> = {
    name: "backup",
    image: job.image,
    command: ["sh", "-c", job.script],
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 1000 },
  };
  const volumes: Record<string, unknown>[] = [];
  if (db.engine === "qdrant") {
    container.env = [{ name: "QDRANT_API_KEY", valueFrom: { secretKeyRef: { name: authSecretName(db), key: "api-key" } } }];
  } else {
    container.volumeMounts = [{ name: "config", mountPath: "/config", readOnly: true }];
    volumes.push({ name: "config", secret: { secretName: backupConfigSecretName(db) } });
  }
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: `${h.release}-backup`, namespace: h.namespace, labels: labels(db) },
    spec: {
      schedule: job.schedule,
      timeZone: "Etc/UTC",
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          template: {
            metadata: { labels: labels(db) },
            spec: { restartPolicy: "OnFailure", automountServiceAccountToken: false, containers: [container], ...(volumes.length ? { volumes } : {}) },
          },
        },
      },
    },
  };
}
