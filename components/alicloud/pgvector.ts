/**
 * pgvector on Alibaba Cloud RDS PostgreSQL beside a `vm` target, mapped from
 * `plan.vectorDatabase.managedPostgres`: the instance in the target's first host vSwitch (no public
 * connection string is ever requested), cloud-disk encryption with the RDS service key, the IP
 * whitelist = the VPC CIDR only, deletion protection in prod, `HighAvailability` in prod (`Basic`
 * otherwise), a backup policy keeping `retentionDays`, a generated password for a normal account
 * owning the `vectors` database; the instance, account and password are `protect` + `retainOnDelete`.
 * `CREATE EXTENSION vector` is the documented post-step (stack output `extensionCommand`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Account } from "@pulumi/alicloud/rds/account";
import { BackupPolicy } from "@pulumi/alicloud/rds/backupPolicy";
import { Database } from "@pulumi/alicloud/rds/database";
import { Instance } from "@pulumi/alicloud/rds/instance";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { alicloudTags } from "../tags";
import type { VectorDatabaseOutputs } from "../vector-database/helm";
import type { AlicloudSwitchRef } from "./network";

/** Inputs of {@link createAlicloudPgvector}. */
export interface AlicloudPgvectorArgs {
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /** The target's host vSwitches, in plan order (the database uses `managedPostgres.subnet.index`). */
  hostSwitches: AlicloudSwitchRef[];
  tags: Record<string, string>;
}

/** Builds pgvector on RDS PostgreSQL; children are named `<plan.vectorDatabase.names.logical>-<role>`. */
export function createAlicloudPgvector(args: AlicloudPgvectorArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): VectorDatabaseOutputs {
  const { plan } = args;
  const db = plan.vectorDatabase;
  const pg = db?.managedPostgres;
  if (!db || !pg || pg.cloud !== "alicloud") throw targetError(plan, parent, "the vector database is not planned on Alibaba Cloud RDS PostgreSQL");
  const n = db.names.logical;
  const physical = db.names.physical;
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const keep = { protect: true, retainOnDelete: true };
  const vswitch = args.hostSwitches[pg.subnet.index];
  if (!vswitch) throw targetError(plan, parent, `the database needs host vSwitch ${pg.subnet.index}, the network has ${args.hostSwitches.length}`);

  const password = new random.RandomPassword(`${n}-credential`, { length: 32, special: false, minLower: 1, minUpper: 1, minNumeric: 1 }, { parent, ...keep });
  const instance = new Instance(
    `${n}-postgres`,
    {
      instanceName: physical,
      engine: "PostgreSQL",
      engineVersion: pg.engineVersion,
      instanceType: pg.instanceClass,
      instanceStorage: pg.storageGb,
      dbInstanceStorageType: "cloud_essd",
      category: pg.highAvailability ? "HighAvailability" : "Basic",
      instanceChargeType: "Postpaid",
      vpcId: args.vpcId,
      vswitchId: vswitch.id,
      zoneId: pg.subnet.zone ?? vswitch.zoneId,
      securityIps: pg.allowedCidrs,
      encryptionKey: "ServiceKey",
      deletionProtection: pg.deletionProtection,
      port: String(pg.port),
      tags: alicloudTags(args.tags),
    },
    { ...opts, ...keep },
  );
  new BackupPolicy(
    `${n}-backups`,
    {
      instanceId: instance.id,
      backupRetentionPeriod: pg.backupRetentionDays,
      preferredBackupPeriods: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
      preferredBackupTime: "19:00Z-20:00Z",
      releasedKeepPolicy: "Lastest",
    },
    opts,
  );
  const account = new Account(
    `${n}-account`,
    { dbInstanceId: instance.id, accountName: pg.username, accountPassword: pulumi.secret(password.result), accountType: "Super", accountDescription: `pgvector owner of ${physical}` },
    { ...opts, ...keep },
  );
  new Database(`${n}-database`, { instanceId: instance.id, dataBaseName: pg.database, characterSet: "UTF8", description: "vectors (pgvector)" }, { ...opts, ...keep, dependsOn: [account] });

  return {
    engine: db.engine,
    endpoint: pulumi.interpolate`${instance.connectionString}:${pg.port}`,
    username: pulumi.output(pg.username),
    password: pulumi.secret(password.result),
    namespace: "",
    backup: { ...db.backup },
    extensionCommand: instance.connectionString.apply((host) => pg.extension.command.replace("<endpoint>", host)),
  };
}
