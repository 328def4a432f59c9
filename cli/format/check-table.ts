/**
 * Text output of `gpukit check`: one block per violation (level, rule, severity, resource,
 * message, fix), mandatory first, then a summary line.
 */
import type { CheckResult } from "./check-run";

/** Renders the result as text. */
export function renderCheckTable(result: CheckResult, stack: string, configFile: string): string {
  const sorted = [...result.violations].sort((a, b) => (a.enforcementLevel === b.enforcementLevel ? 0 : a.enforcementLevel === "mandatory" ? -1 : 1));
  const lines = [`Policy check of stack ${stack} with ${configFile}`, ""];
  for (const v of sorted) {
    lines.push(`${v.enforcementLevel.toUpperCase().padEnd(9)} ${v.policy} [${v.severity}]`);
    lines.push(`  resource: ${v.urn ? v.urn.split("::").slice(-2).join("::") : "(stack)"}`);
    lines.push(`  ${v.message}`);
    lines.push(`  fix: ${v.remediation}`);
  }
  const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  if (sorted.length) lines.push("");
  lines.push(`${result.policiesRun} policies over ${result.resourcesChecked} resources: ${mandatory} mandatory, ${result.violations.length - mandatory} advisory violation(s).`);
  return lines.join("\n") + "\n";
}
