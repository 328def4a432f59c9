/**
 * Deployability checks: pure functions over the plan and the resources the offline run recorded,
 * plus cloud facts with sources, that catch what mocks accept and the cloud would reject or never
 * serve (DESIGN.md "Deployability: the offline path must not lie").
 *
 * Use: `checkDeployability({ plan, resources })` → findings (any finding fails `gpukit plan` with
 * exit 2); `runDeployability` also returns notes (checks skipped on purpose);
 * `formatFindings` prints one line per finding. Each check in {@link DEPLOYABILITY_CHECKS} has a
 * stable id, a description and a remediation, so a policy pack can wrap it as a stack rule.
 * Nothing here imports `@pulumi/*`.
 */
import { diskFloor } from "./checks/disk-floor";
import { healthGrace } from "./checks/health-grace";
import { hostEgress } from "./checks/host-egress";
import { lbReachesEngine } from "./checks/lb-reaches-engine";
import { mainlandRegistry } from "./checks/mainland-registry";
import { metadataMode } from "./checks/metadata-mode";
import { providerRegion } from "./checks/provider-region";
import { kubernetesWorkload } from "./checks/kubernetes-workload";
import { vectorDatabase } from "./checks/kubernetes-data";
import { vectorDatabaseVm } from "./checks/vector-database-vm";
import { gatewayPort } from "./checks/gateway-port";
import { secretAccess } from "./checks/secret-access";
import type { CheckId, CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note } from "./types";

export type { CheckId, CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note, RecordedResourceLike, TargetScope } from "./types";
export { diskFloor, healthGrace, hostEgress, lbReachesEngine, mainlandRegistry, metadataMode, providerRegion, kubernetesWorkload, vectorDatabase, vectorDatabaseVm, gatewayPort, secretAccess };
export { stackRule, toRecorded, type PolicyResourceLike, type StackRule } from "./policy";

/** Every check, in the order they run and report. */
export const DEPLOYABILITY_CHECKS: readonly DeployabilityCheck[] = [providerRegion, hostEgress, lbReachesEngine, metadataMode, diskFloor, healthGrace, mainlandRegistry, kubernetesWorkload, vectorDatabase, vectorDatabaseVm, gatewayPort, secretAccess];

/** The check with `id`. */
export function deployabilityCheck(id: CheckId): DeployabilityCheck {
  const check = DEPLOYABILITY_CHECKS.find((c) => c.id === id);
  if (!check) throw new Error(`unknown deployability check ${id}`);
  return check;
}

/** Runs every check (or those in `only`) and returns findings and notes. */
export function runDeployability(run: DeploymentRun, only?: readonly CheckId[]): CheckResult {
  const findings: Finding[] = [];
  const notes: Note[] = [];
  for (const check of DEPLOYABILITY_CHECKS) {
    if (only && !only.includes(check.id)) continue;
    const result = check.run(run);
    findings.push(...result.findings);
    notes.push(...result.notes);
  }
  return { findings, notes };
}

/** Runs every check and returns the findings (empty when the run is deployable as far as the checks see). */
export function checkDeployability(run: DeploymentRun): Finding[] {
  return runDeployability(run).findings;
}

/** One line per finding: `<check> <target> <resource>: <message> -- fix: <fix>`. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.check} ${f.target} ${f.resource}: ${f.message} -- fix: ${f.fix}`).join("\n");
}

/** One line per note: `note <check> <target>: <message>`. */
export function formatNotes(notes: readonly Note[]): string {
  return notes.map((n) => `note ${n.check} ${n.target}: ${n.message}`).join("\n");
}
