/**
 * `gpukit plan`: what `pulumi up --stack <name>` would create, computed offline — per target the
 * offering, GPUs, parallelism, memory budget and engine command, every resource with its key
 * settings, and the hourly and monthly cost.
 */
import { EXIT, UsageError, examplesHelp, stringValue, type CliCommand } from "../command";
import type * as OfflineRun from "../offline/run";
import type * as PlanReportFormat from "../format/plan-report";
import { formatFindings, formatNotes, runDeployability } from "../../deployability";

/** Output formats of `gpukit plan`. */
export const PLAN_FORMATS = ["table", "json", "markdown"] as const;

/** How the plan command loads its heavy parts; tests inject loaders that go through vitest. */
export interface PlanCommandLoaders {
  /** Loads the Pulumi program (default: require `stacks/index.ts` through the tsx hook). */
  loadProgram?: OfflineRun.OfflineRunOptions["loadProgram"];
  /**
   * Loads the offline runner and the report formatters (default: require on first use; the runner
   * is the per-process session, so `plan` shares its one run with any other reader).
   */
  loadModules?: () => Promise<{ run: Pick<typeof OfflineRun, "runOffline">; report: typeof PlanReportFormat }>;
}

/* The runner imports the Pulumi SDK (~1 s): load it only when `plan` actually runs. */
const requireModules: NonNullable<PlanCommandLoaders["loadModules"]> = async () => ({
  run: { runOffline: (require("../offline/session") as typeof import("../offline/session")).offlineRun },
  report: require("../format/plan-report") as typeof PlanReportFormat,
});

/** Builds the plan command. */
export function makePlanCommand(loaders: PlanCommandLoaders = {}): CliCommand {
  return {
    name: "plan",
    summary: "Show what `pulumi up` would create for a stack (offline, no credentials)",
    description: [
      "Runs the Pulumi program in-process under runtime mocks with the stack's config and prints, per",
      "target, the GPU offering, tensor parallelism, memory budget and engine command, then every",
      "resource it would register and the hourly and monthly cost. No Pulumi CLI, no credentials.",
      "Then the deployability checks run over the recorded resources (explicit provider in the target's",
      "region, host egress, load balancer to engine port and nothing else, metadata mode, disk floor,",
      "health-check grace, mainland registries): a finding names the resource and the fix, and exits 2.",
    ].join(" "),
    options: {
      stack: { type: "string", valueName: "name", description: "stack name; reads stacks/Pulumi.<name>.yaml" },
      "stack-file": { type: "string", valueName: "path", description: "any stack file (Pulumi.<name>.yaml layout) instead of --stack" },
      format: { type: "string", valueName: "format", default: "table", description: `output: ${PLAN_FORMATS.join(", ")} (json is one JSON object)` },
    },
    helpAfter: [
      "Exit codes: 0 done, 2 invalid config (every error on stderr, nothing registered) or a deployability",
      "finding (the plan is printed, the findings on stderr), 3 internal error.",
      "",
      examplesHelp(["gpukit plan --stack dev", "gpukit plan --stack staging --format json > plan.json"]),
    ].join("\n"),
    async run(values, _positionals, io) {
      const format = stringValue(values, "format") ?? "table";
      if (!(PLAN_FORMATS as readonly string[]).includes(format)) {
        throw new UsageError(`--format must be one of ${PLAN_FORMATS.join(", ")} (given ${JSON.stringify(format)})`);
      }
      const { run, report: format_ } = await (loaders.loadModules ?? requireModules)();
      const result = await run.runOffline({ stack: stringValue(values, "stack"), stackFile: stringValue(values, "stack-file"), loadProgram: loaders.loadProgram });
      const report = format_.buildPlanReport(result);
      const deployability = runDeployability({ plan: result.plan, resources: result.resources });
      if (format === "json") io.stdout(JSON.stringify({ ...report, deployability }, null, 2) + "\n");
      else if (format === "markdown") io.stdout(format_.renderPlanMarkdown(report));
      else io.stdout(format_.renderPlanTable(report));
      if (deployability.notes.length) io.stderr(formatNotes(deployability.notes) + "\n");
      if (deployability.findings.length) {
        const n = deployability.findings.length;
        io.stderr(`Not deployable (${n} finding${n === 1 ? "" : "s"}): a real \`pulumi up\` would fail or the endpoint would not serve:\n${formatFindings(deployability.findings)}\n`);
        return EXIT.invalid;
      }
      return EXIT.ok;
    },
  };
}

/** The `plan` command as the CLI runs it. */
export const planCommand = makePlanCommand();
