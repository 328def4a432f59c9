/**
 * SARIF 2.1.0 output of `gpukit check`: one run of the `gpukit-policy` tool, a rule per policy run
 * (id, name, descriptions, help text and markdown with the remediation and the mapped controls,
 * default level, severity tag), and a result per violation located at the stack file's line where
 * the spec value lives (see check-locations.ts), with the resource URN as a logical location.
 * Validated against the schema subset in check-sarif.schema.json (test/check-sarif.test.ts).
 */
import type { KitRule } from "../../policies/rules";
import type { CheckResult, Violation } from "./check-run";
import type { SpecLocator } from "./check-locations";

/** SARIF level of a violation: mandatory → error, advisory → warning. */
export function sarifLevel(v: Pick<Violation, "enforcementLevel">): "error" | "warning" {
  return v.enforcementLevel === "mandatory" ? "error" : "warning";
}

/** GitHub's `security-severity` score of a severity (0–10). */
const SECURITY_SEVERITY = { low: "3.0", medium: "5.5", high: "8.0", critical: "9.5" } as const;

/** Inputs of {@link renderSarif}. */
export interface SarifInput {
  result: CheckResult;
  rules: readonly KitRule[];
  /** Stack file path as the artifact URI (relative to the repo root, `/` separators). */
  stackFileUri: string;
  locator: SpecLocator;
  /** Plan target names, to place resource findings at their target. */
  targets: readonly string[];
  version: string;
  /** Enforcement level of each rule run. */
  levels: ReadonlyMap<string, string>;
}

/** The target of a violation's resource (its `<target>-` name prefix in the URN's last segment). */
export function targetOfUrn(urn: string | null, targets: readonly string[]): string | undefined {
  const name = urn?.split("::").pop();
  return name ? targets.find((t) => name === t || name.startsWith(`${t}-`)) : undefined;
}

/** The SARIF log (an object; `JSON.stringify` it). */
export function renderSarif(input: SarifInput): Record<string, unknown> {
  const run = input.rules.filter((r) => input.levels.has(r.policy.name) && input.levels.get(r.policy.name) !== "disabled");
  const index = new Map(run.map((r, i) => [r.policy.name, i]));
  const rules = run.map((r) => ({
    id: r.policy.name,
    name: r.policy.name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: r.policy.description },
    fullDescription: { text: `${r.policy.description}${r.meta.controls.length ? ` Controls: ${r.meta.controls.join("; ")}.` : ""}` },
    help: {
      text: `${r.policy.description}\nHow to fix: ${r.policy.remediationSteps}${r.meta.controls.length ? `\nControls: ${r.meta.controls.join("; ")}` : ""}`,
      markdown: `**${r.policy.name}** (${r.policy.severity})\n\n${r.policy.description}\n\n**How to fix:** ${r.policy.remediationSteps}${r.meta.controls.length ? `\n\n**Controls:** ${r.meta.controls.join("; ")}` : ""}`,
    },
    defaultConfiguration: { level: input.levels.get(r.policy.name) === "mandatory" ? "error" : "warning" },
    properties: { tags: [r.meta.category, r.policy.severity], "security-severity": SECURITY_SEVERITY[r.policy.severity], precision: "high" },
  }));
  const results = input.result.violations.map((v) => {
    const loc = input.locator.locate(v.policy, targetOfUrn(v.urn, input.targets));
    return {
      ruleId: v.policy,
      ruleIndex: index.get(v.policy) ?? 0,
      level: sarifLevel(v),
      message: { text: `${v.message} (fix: ${v.remediation})` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: input.stackFileUri, uriBaseId: "%SRCROOT%" }, region: { startLine: loc.line, startColumn: loc.column } },
          ...(v.urn ? { logicalLocations: [{ fullyQualifiedName: v.urn, kind: "resource" }] } : {}),
          message: { text: `spec value ${loc.path}` },
        },
      ],
      properties: { enforcementLevel: v.enforcementLevel, severity: v.severity, urn: v.urn },
    };
  });
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "gpukit-policy", informationUri: "https://github.com/gpu-inference-kit/gpu-inference-kit/tree/main/policies", version: input.version, semanticVersion: input.version, rules } },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "repository root" } } },
        artifacts: [{ location: { uri: input.stackFileUri, uriBaseId: "%SRCROOT%" } }],
        results,
        properties: { policiesRun: input.result.policiesRun, resourcesChecked: input.result.resourcesChecked },
      },
    ],
  };
}
