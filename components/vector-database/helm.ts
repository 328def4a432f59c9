/**
 * The vector database on a Kubernetes cluster: generated credentials (`@pulumi/random`), namespace,
 * encrypted `Retain` StorageClass, the pinned Qdrant or Milvus Helm release (ClusterIP only),
 * NetworkPolicy admitting only the application namespace, and the backup CronJob.
 *
 * Everything that holds data or guards it — the namespace (deleting it deletes the claims), the
 * release (its StatefulSets own the volumes) and the credentials — is `protect: true` and
 * `retainOnDelete: true`. Names come from `db.names.logical` (the target name) only, so changing the
 * model, engine, GPU or replicas never changes their URNs or inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { createObject, createRelease } from "../kubernetes/objects";
import type { VectorDatabasePlan } from "../plan/vector-database";
import { authSecretName, backupConfigSecretName, helmOf, renderVectorDatabaseManifests } from "./manifests";

/** What the vector database exposes (stack outputs; credentials are secrets). */
export interface VectorDatabaseOutputs {
  engine: string;
  /** `<host>:<port>` inside the cluster; the private host's URL or the managed database's address beside a vm target. */
  endpoint: pulumi.Input<string>;
  username: pulumi.Output<string>;
  /** API key (Qdrant) or root password (Milvus), a Pulumi secret. */
  password: pulumi.Output<string>;
  namespace: string;
  backup: { schedule: string; retentionDays: number };
  /** pgvector beside a vm target: the `psql` command to run once inside the VPC to enable the extension. */
  extensionCommand?: pulumi.Input<string>;
}

/** Builds the database of `db` on the cluster behind `provider`; children are named `<db.names.logical>-<role>`. */
export function createHelmVectorDatabase(db: VectorDatabasePlan, parent: pulumi.Resource, provider: pulumi.ProviderResource, dependsOn: pulumi.Resource[] = []): VectorDatabaseOutputs {
  const n = db.names.logical;
  const helm = helmOf(db);
  const keep = { protect: true, retainOnDelete: true };
  const secretValue = new random.RandomPassword(`${n}-credential`, { length: 40, special: false }, { parent, ...keep });
  const manifests = renderVectorDatabaseManifests(db);
  const base = { parent, provider, dependsOn };
  const namespace = createObject(`${n}-namespace`, manifests[0], { ...base, ...keep });
  const inNs = { ...base, dependsOn: [...dependsOn, namespace] };
  for (const obj of manifests.slice(1)) {
    if (obj.kind === "CronJob") continue; // after the release
    const role = obj.kind === "StorageClass" ? "storage-class" : "netpol";
    createObject(`${n}-${role}`, obj, inNs);
  }

  const password = pulumi.secret(secretValue.result);
  const extra: pulumi.Resource[] = [];
  let secretValuesYaml: pulumi.Output<string> | undefined;
  let username: pulumi.Output<string>;
  if (db.engine === "qdrant") {
    extra.push(
      new k8s.core.v1.Secret(
        `${n}-auth`,
        { metadata: { name: authSecretName(db), namespace: helm.namespace }, type: "Opaque", stringData: { "api-key": password } },
        { parent, provider, dependsOn: [namespace], ...keep },
      ),
    );
    username = pulumi.output("api-key");
  } else {
    const minioSecret = new random.RandomPassword(`${n}-minio-secret`, { length: 40, special: false }, { parent, ...keep });
    const minioKey = "gpukit";
    // Only the secret overrides travel as a (secret) values file; the plain values stay readable offline.
    secretValuesYaml = pulumi.all([password, minioSecret.result]).apply(([p, secret]) =>
      [
        "minio:",
        `  accessKey: ${minioKey}`,
        `  secretKey: ${secret}`,
        "extraConfigFiles:",
        "  user.yaml: |",
        "    common:",
        "      security:",
        "        authorizationEnabled: true",
        `        defaultRootPassword: ${p}`,
        "",
      ].join("\n"),
    );
    extra.push(
      new k8s.core.v1.Secret(
        `${n}-backup-config`,
        {
          metadata: { name: backupConfigSecretName(db), namespace: helm.namespace },
          type: "Opaque",
          stringData: {
            "backup.yaml": pulumi
              .all([password, minioSecret.result])
              .apply(([p, s]) =>
                [
                  "milvus:",
                  `  address: ${helm.host}`,
                  `  port: ${helm.port}`,
                  "  authorizationEnabled: true",
                  "  user: root",
                  `  password: ${p}`,
                  "minio:",
                  `  address: ${helm.release}-minio.${helm.namespace}.svc`,
                  "  port: 9000",
                  `  accessKeyID: ${minioKey}`,
                  `  secretAccessKey: ${s}`,
                  "  bucketName: milvus-bucket",
                  "  rootPath: file",
                  "  backupBucketName: milvus-backup",
                  "  backupRootPath: backup",
                  "",
                ].join("\n"),
              ),
          },
        },
        { parent, provider, dependsOn: [namespace] },
      ),
    );
    username = pulumi.output("root");
  }

  const release = createRelease(
    `${n}-release`,
    { release: helm.release, namespace: helm.namespace, chart: helm.chart, values: helm.values, secretValuesYaml, timeoutSec: 1200 },
    { parent, provider, dependsOn: [...inNs.dependsOn, ...extra], ...keep },
  );
  const cron = manifests.find((m) => m.kind === "CronJob");
  if (cron) createObject(`${n}-backup`, cron, { parent, provider, dependsOn: [release] });

  return {
    engine: db.engine,
    endpoint: `${helm.host}:${helm.port}`,
    username,
    password,
    namespace: helm.namespace,
    backup: { ...db.backup },
  };
}
