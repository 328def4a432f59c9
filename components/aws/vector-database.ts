/**
 * pgvector on AWS RDS PostgreSQL beside an EKS target: a subnet group of the private host subnets, a
 * security group admitting 5432 from the VPC CIDR only, a generated master password, the encrypted,
 * private, backed-up instance (`protect` and `retainOnDelete`; deletion protection and Multi-AZ in
 * prod; a final snapshot on delete), and a Kubernetes Job on the cluster — inside the VPC, which the
 * Pulumi runner usually is not — that runs `CREATE EXTENSION IF NOT EXISTS vector`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { getVpcOutput, SecurityGroup } from "@pulumi/aws/ec2";
import { Instance, SubnetGroup } from "@pulumi/aws/rds";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc";
import type { VectorDatabasePlan } from "../plan/vector-database";
import { awsTags } from "../tags";
import type { VectorDatabaseOutputs } from "../vector-database/helm";

/** Inputs of {@link createAwsPgvector}. */
export interface AwsPgvectorArgs {
  db: VectorDatabasePlan;
  vpcId: pulumi.Input<string>;
  /** Private subnets of the database (the target's host subnets, two zones at least). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  tags: Record<string, string>;
  /** Namespace of the extension Job (the engine's); its cluster reaches the VPC. */
  jobNamespace: string;
  k8sProvider: pulumi.ProviderResource;
  dependsOn?: pulumi.Resource[];
}

/** Builds pgvector on RDS; children are named `<db.names.logical>-<role>`. */
export function createAwsPgvector(args: AwsPgvectorArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): VectorDatabaseOutputs {
  const { db } = args;
  const pg = db.postgres;
  if (!pg) throw new pulumi.ResourceError(`vector database ${db.engine} is not placed on managed PostgreSQL`, parent);
  const n = db.names.logical;
  const physical = db.names.physical;
  const opts = { parent, provider };
  const keep = { protect: true, retainOnDelete: true };
  // The VPC CIDR from the plan (created VPC), else the adopted VPC's, looked up: never 0.0.0.0/0.
  const cidrs: pulumi.Input<string>[] = pg.allowedCidrs ?? [getVpcOutput({ id: args.vpcId }, opts).cidrBlock];

  const password = new random.RandomPassword(`${n}-credential`, { length: 40, special: false }, { parent, ...keep });
  const subnets = new SubnetGroup(`${n}-subnets`, { name: physical, subnetIds: args.subnetIds, tags: awsTags(args.tags, physical, "subnets") }, opts);
  const sg = new SecurityGroup(`${n}-sg`, { vpcId: args.vpcId, description: `${physical} PostgreSQL from the VPC only`, tags: awsTags(args.tags, physical, "sg") }, opts);
  // No egress rule: the database opens no connections.
  cidrs.forEach(
    (cidr, i) => new SecurityGroupIngressRule(`${n}-from-vpc-${i}`, { securityGroupId: sg.id, cidrIpv4: cidr, ipProtocol: "tcp", fromPort: pg.port, toPort: pg.port, description: "PostgreSQL from the VPC" }, opts),
  );

  const instance = new Instance(
    `${n}-postgres`,
    {
      identifier: physical,
      engine: "postgres",
      engineVersion: pg.engineVersion,
      instanceClass: pg.instanceClass,
      allocatedStorage: pg.storageGb,
      storageType: "gp3",
      storageEncrypted: true,
      publiclyAccessible: false,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [sg.id],
      dbName: pg.database,
      username: pg.username,
      password: password.result,
      backupRetentionPeriod: pg.backupRetentionDays,
      copyTagsToSnapshot: true,
      deletionProtection: pg.deletionProtection,
      multiAz: pg.multiAz,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${physical}-final`,
      autoMinorVersionUpgrade: true,
      tags: awsTags(args.tags, physical, "postgres"),
    },
    { ...opts, ...keep },
  );

  // CREATE EXTENSION from inside the VPC: a one-shot Job with the password from a Secret.
  const secret = new k8s.core.v1.Secret(
    `${n}-postgres-auth`,
    { metadata: { name: `${n}-postgres-auth`, namespace: args.jobNamespace }, type: "Opaque", stringData: { PGPASSWORD: password.result } },
    { parent, provider: args.k8sProvider, dependsOn: args.dependsOn },
  );
  new k8s.batch.v1.Job(
    `${n}-extension`,
    {
      metadata: { name: `${n}-extension`, namespace: args.jobNamespace },
      spec: {
        backoffLimit: 6,
        ttlSecondsAfterFinished: 86400,
        template: {
          spec: {
            restartPolicy: "OnFailure",
            automountServiceAccountToken: false,
            containers: [
              {
                name: "psql",
                image: pg.extension.image,
                command: ["psql", "-v", "ON_ERROR_STOP=1", "-c", `CREATE EXTENSION IF NOT EXISTS ${pg.extension.name};`],
                env: [
                  { name: "PGHOST", value: instance.address },
                  { name: "PGPORT", value: String(pg.port) },
                  { name: "PGDATABASE", value: pg.database },
                  { name: "PGUSER", value: pg.username },
                  { name: "PGSSLMODE", value: "require" },
                  { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: `${n}-postgres-auth`, key: "PGPASSWORD" } } },
                ],
                securityContext: { allowPrivilegeEscalation: false },
              },
            ],
          },
        },
      },
    },
    { parent, provider: args.k8sProvider, dependsOn: [...(args.dependsOn ?? []), secret, instance] },
  );

  return {
    engine: db.engine,
    endpoint: `${physical} (RDS, port ${pg.port}, database ${pg.database})`,
    username: pulumi.output(pg.username),
    password: pulumi.secret(password.result),
    namespace: "",
    backup: { ...db.backup },
  };
}
