/**
 * The GPU hosts of a target as the recording shows them: the host templates (launch templates,
 * scaling configurations, instances), their user-data, security groups and subnets. Shared by the
 * checks. Pure.
 */
import { HOST_TEMPLATE_FACTS, TOKENS } from "./facts";
import { asStrings, ofTypes, readPath, RunIndex } from "./scope";
import type { RecordedResourceLike, TargetScope } from "./types";
import { decodeUserData } from "./userdata";

/** One host template with what the checks read from it. */
export interface HostTemplate {
  resource: RecordedResourceLike;
  /** Decoded user-data, undefined when absent or unresolved. */
  userData: string | undefined;
  /** Input the user-data came from. */
  userDataInput: string | undefined;
  /** Security group ids the template attaches. */
  securityGroupIds: string[];
}

/** GPU host templates of a target (the vector database's host excluded). */
export function hostTemplates(scope: TargetScope): HostTemplate[] {
  const tokens = TOKENS[scope.plan.placement.cloud];
  // the vector database's private CPU host is not a GPU host (checked by vector-database-vm)
  const db = scope.plan.vectorDatabase?.host ? `${scope.plan.vectorDatabase.names.logical}-` : null;
  return ofTypes(scope, tokens.hostTemplates).filter((r) => !db || !r.name.startsWith(db)).map((resource) => {
    const fact = HOST_TEMPLATE_FACTS[resource.type]!;
    let userData: string | undefined;
    let userDataInput: string | undefined;
    for (const input of fact.userData) {
      const decoded = decodeUserData(resource.inputs[input]);
      if (decoded !== undefined) {
        userData = decoded;
        userDataInput = input;
        break;
      }
    }
    const securityGroupIds = fact.securityGroups.flatMap((p) => asStrings(readPath(resource.inputs, p)));
    return { resource, userData, userDataInput, securityGroupIds: [...new Set(securityGroupIds)] };
  });
}

/** Security groups of a target that its hosts use (by id); when no id resolves, every group but the load balancer's. */
export function hostSecurityGroups(scope: TargetScope, index: RunIndex, lbGroupIds: readonly string[]): RecordedResourceLike[] {
  const tokens = TOKENS[scope.plan.placement.cloud];
  const ids = new Set(hostTemplates(scope).flatMap((t) => t.securityGroupIds));
  const resolved = [...ids].map((id) => index.resolve(id, tokens.securityGroups)).filter((r): r is RecordedResourceLike => Boolean(r));
  if (resolved.length) return [...new Set(resolved)];
  return ofTypes(scope, tokens.securityGroups).filter((sg) => !sg.id || !lbGroupIds.includes(sg.id));
}
