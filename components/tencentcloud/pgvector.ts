/**
 * pgvector on TencentDB for PostgreSQL beside a Tencent Cloud `vm` target, mapped from
 * `plan.vectorDatabase.managedPostgres`: the instance in the target's first host subnet with no
 * public access, transparent data encryption, deletion protection in prod, a daily backup plan
 * keeping `retentionDays`, a generated root password, and its own security group admitting 5432
 * from the VPC CIDR only (then DROP; no egress). Instance and password are `protect` +
 * `retainOnDelete`. `CREATE EXTENSION vector` is the documented post-step (stack output `extensionCommand`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import type { VectorDatabaseOutputs } from "../vector-database/helm";
import { PostgresqlInstance } from "./resources/postgresql";
import { GroupRuleSet, SecurityGroup } from "./resources/security";
import { DROP_ALL_INGRESS } from "./security";

/** Inputs of {@link createTencentcloudPgvector}. */
export interface TencentcloudPgvectorArgs {
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /** The target's host subnets, in plan order (the database uses `managedPostgres.subnet.index`). */
  hostSubnetIds: pulumi.Input<string>[];
  tags: Record<string, string>;
}

/** `<cpu>C<memory>G` → cpu and memory (GB). */
export function tencentPostgresSize(instanceClass: string): { cpu: number; memory: number } | null {
  const m = /^(\d+)C(\d+)G$/.exec(instanceClass);
  return m ? { cpu: Number(m[1]), memory: Number(m[2]) } : null;
}

/** Builds pgvector on TencentDB for PostgreSQL; children are named `<plan.vectorDatabase.names.logical>-<role>`. */
export function createTencentcloudPgvector(args: TencentcloudPgvectorArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): VectorDatabaseOutputs {
  const { plan } = args;
  const db = plan.vectorDatabase;
  const pg = db?.managedPostgres;
  if (!db || !pg || pg.cloud !== "tencentcloud") throw targetError(plan, parent, "the vector database is not planned on TencentDB for PostgreSQL");
  const size = tencentPostgresSize(pg.instanceClass);
  if (!size) throw targetError(plan, parent, `TencentDB for PostgreSQL size ${pg.instanceClass} is not <cpu>C<memory>G`);
  const subnetId = args.hostSubnetIds[pg.subnet.index];
  if (subnetId === undefined || pg.subnet.zone === null) throw targetError(plan, parent, `the database needs host subnet ${pg.subnet.index} with a known zone (state targets[].zones for an existing network)`);
  const n = db.names.logical;
  const physical = db.names.physical;
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const keep = { protect: true, retainOnDelete: true };

  const password = new random.RandomPassword(`${n}-credential`, { length: 32, special: false, minLower: 1, minUpper: 1, minNumeric: 1 }, { parent, ...keep });
  const sg = new SecurityGroup(`${n}-sg`, { name: `${physical}-postgres`, description: `${physical}: PostgreSQL from the VPC only`, tags: args.tags }, opts);
  new GroupRuleSet(
    `${n}-rules`,
    {
      securityGroupId: sg.id,
      ingresses: [...pg.allowedCidrs.map((cidr) => ({ action: "ACCEPT" as const, protocol: "TCP" as const, port: String(pg.port), cidrBlock: cidr, description: "PostgreSQL from the VPC" })), DROP_ALL_INGRESS],
      egresses: [{ action: "DROP", protocol: "ALL", port: "ALL", cidrBlock: "0.0.0.0/0", description: "the database opens no connections" }],
    },
    opts,
  );
  const instance = new PostgresqlInstance(
    `${n}-postgres`,
    {
      name: physical,
      availabilityZone: pg.subnet.zone,
      cpu: size.cpu,
      memory: size.memory,
      storage: pg.storageGb,
      dbMajorVersion: pg.engineVersion,
      chargeType: "POSTPAID_BY_HOUR",
      charset: "UTF8",
      rootUser: pg.username,
      rootPassword: pulumi.secret(password.result),
      vpcId: args.vpcId,
      subnetId,
      securityGroups: [sg.id],
      publicAccessSwitch: false,
      needSupportTde: 1,
      deleteProtection: pg.deletionProtection,
      backupPlan: {
        baseBackupRetentionPeriod: pg.backupRetentionDays,
        backupPeriods: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
        minBackupStartTime: "03:00:00",
        maxBackupStartTime: "04:00:00",
      },
      tags: args.tags,
    },
    { ...opts, ...keep },
  );

  return {
    engine: db.engine,
    endpoint: pulumi.interpolate`${instance.privateAccessIp}:${pg.port}`,
    username: pulumi.output(pg.username),
    password: pulumi.secret(password.result),
    namespace: "",
    backup: { ...db.backup },
    extensionCommand: instance.privateAccessIp.apply((ip) => pg.extension.command.replace("<endpoint>", ip)),
  };
}
