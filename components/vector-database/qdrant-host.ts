/**
 * What the Qdrant hosts of the clouds share beyond their cloud's resources: the plan check, the
 * generated API key (kept on replace, like the data), and the outputs the stack exports. Each cloud's
 * `qdrant-host.ts` stores the key in its secret store and builds the host, disk and snapshots.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { targetError } from "../adapter";
import type { QdrantHostPlan, VectorDatabasePlan } from "../plan/vector-database";
import type { TargetPlan } from "../plan/types";
import type { VectorDatabaseOutputs } from "./helm";

/** Options of everything that holds data or its key: never deleted by a replace or a destroy. */
export const KEEP_DATA = { protect: true, retainOnDelete: true } as const;

/** The planned database and its host; throws the adapters' one error type when the plan has none. */
export function plannedQdrantHost(plan: TargetPlan, parent: pulumi.Resource): { db: VectorDatabasePlan; host: QdrantHostPlan } {
  const db = plan.vectorDatabase;
  const host = db?.host;
  if (!db || !host) throw targetError(plan, parent, "the vector database is not planned on a private host");
  return { db, host };
}

/** `<name>-credential`: the API key (the plan's length, default 40; letters and digits), protected. */
export function createQdrantApiKey(name: string, host: QdrantHostPlan, parent: pulumi.Resource): random.RandomPassword {
  const length = host.apiKey.generated?.kind === "random" ? host.apiKey.generated.length : 40;
  return new random.RandomPassword(`${name}-credential`, { length, special: false }, { parent, ...KEEP_DATA });
}

/** The stack outputs of a Qdrant host: its private endpoint and the API key (a secret). */
export function qdrantHostOutputs(db: VectorDatabasePlan, host: QdrantHostPlan, privateIp: pulumi.Input<string>, key: random.RandomPassword): VectorDatabaseOutputs {
  return {
    engine: db.engine,
    endpoint: pulumi.interpolate`http://${privateIp}:${host.ports[0]}`,
    username: pulumi.output("api-key"),
    password: pulumi.secret(key.result),
    namespace: "",
    backup: { ...db.backup },
  };
}
