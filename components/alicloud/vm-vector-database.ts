/**
 * The vector database beside an Alibaba Cloud `vm` target, by placement: Qdrant on a private ECS
 * host (`vm-host`) or pgvector on RDS PostgreSQL (`managed-postgres-vm`); nothing otherwise.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { TargetPlan } from "../plan/types";
import type { VectorDatabaseOutputs } from "../vector-database/helm";
import type { AlicloudSwitchRef } from "./network";
import { createAlicloudPgvector } from "./pgvector";
import { createAlicloudQdrantHost } from "./qdrant-host";

/** Inputs of {@link createAlicloudVmVectorDatabase}. */
export interface AlicloudVmVectorDatabaseArgs {
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  hostSwitches: AlicloudSwitchRef[];
  tags: Record<string, string>;
}

/** Builds the planned vector database of a vm target, or returns undefined when the plan has none here. */
export function createAlicloudVmVectorDatabase(args: AlicloudVmVectorDatabaseArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): VectorDatabaseOutputs | undefined {
  const db = args.plan.vectorDatabase;
  if (db?.host) return createAlicloudQdrantHost(args, parent, provider);
  if (db?.managedPostgres) return createAlicloudPgvector(args, parent, provider);
  return undefined;
}
