/**
 * `gpukit check`: the policy pack (policies/) run offline over the recorded resources of the one
 * offline run of a stack — every resource rule and stack rule, enforcement levels from a
 * `--policy-pack-config` file (default: `policies/config/<environment>.json`), props wrapped in
 * `unknownCheckingProxy` as under the policy host. Output as a table, JSON or SARIF 2.1.0.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEPLOYMENT_CONFIG_KEY, PROJECT_NAME } from "../../components/spec";
import type * as Rules from "../../policies/rules";
import { EXIT, UsageError, examplesHelp, stringValue, type CliCommand } from "../command";
import { asPackConfig, checkPackConfig } from "../format/check-config";
import { SpecLocator } from "../format/check-locations";
import type * as CheckRunModule from "../format/check-run";
import type { CheckResource } from "../format/check-run";
import { renderSarif } from "../format/check-sarif";
import { renderCheckTable } from "../format/check-table";
import type * as Session from "../offline/session";
import { resolveStackFile } from "../offline/stack-file";

/** Output formats of `gpukit check`. */
export const CHECK_FORMATS = ["table", "json", "sarif"] as const;
/** Exit code when a mandatory violation is found. */
export const EXIT_VIOLATION = 1;

const ROOT = path.resolve(__dirname, "..", "..");
/** Directory of the per-environment policy configs. */
export const POLICY_CONFIG_DIR = path.join(ROOT, "policies", "config");

/** What the check reads of an offline run. */
export interface CheckRun {
  stack: string;
  spec: { environment: string };
  plan: { targets: ReadonlyArray<{ name: string }> };
  resources: readonly CheckResource[];
  notes?: string[];
}

/** How the check command gets its run; tests inject one. */
export interface CheckCommandLoaders {
  loadRun?: (options: { stack?: string; stackFile?: string }) => Promise<CheckRun>;
  /** Loads the rules and the runner (default: require on first use; tests load them through vitest). */
  loadModules?: () => Promise<{ rules: typeof Rules; runner: typeof CheckRunModule }>;
}

/* The rules import the Pulumi SDK and the planner (~1 s): loaded only when `check` runs. */
const requireModules: NonNullable<CheckCommandLoaders["loadModules"]> = async () => ({
  rules: require("../../policies/rules") as typeof Rules,
  runner: require("../format/check-run") as typeof CheckRunModule,
});

const defaultLoadRun: NonNullable<CheckCommandLoaders["loadRun"]> = async (options) => (require("../offline/session") as typeof Session).offlineRun(options);

/** The pack's version (policies/package.json), as the policy host reads it. */
export function packVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8")) as { version: string }).version;
}

function readConfig(file: string): unknown {
  if (!fs.existsSync(file)) throw new UsageError(`--config ${file}: no such file (configs: ${fs.readdirSync(POLICY_CONFIG_DIR).map((f) => path.join("policies", "config", f)).join(", ")})`);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--config ${file}: not JSON: ${(error as Error).message}`);
  }
}

/** Builds the check command. */
export function makeCheckCommand(loaders: CheckCommandLoaders = {}): CliCommand {
  return {
    name: "check",
    summary: "Run the policy pack (cost, security, deployability, compliance) offline over a stack",
    description: [
      "Runs the stack's program offline (no credentials) and every rule of the policy pack in policies/ over the",
      "recorded resources, as `pulumi preview --policy-pack policies --policy-pack-config <config>` would:",
      "resource rules per resource, stack rules over all of them, enforcement levels from the config (`all`, then per rule).",
    ].join(" "),
    options: {
      stack: { type: "string", valueName: "name", description: "stack name; reads stacks/Pulumi.<name>.yaml" },
      "stack-file": { type: "string", valueName: "path", description: "any stack file (Pulumi.<name>.yaml layout) instead of --stack" },
      config: { type: "string", valueName: "file", description: "policy-pack config (default: policies/config/<environment>.json of the spec's environment)" },
      format: { type: "string", valueName: "format", default: "table", description: `output: ${CHECK_FORMATS.join(", ")} (sarif is SARIF 2.1.0)` },
    },
    helpAfter: [
      "Exit codes: 0 done, 2 invalid input (stack, config or option; every problem on stderr), 3 internal error; 1 when a mandatory violation is found (advisory findings alone exit 0).",
      "",
      examplesHelp(["gpukit check --stack prod", "gpukit check --stack dev --config policies/config/prod.json --format json", "gpukit check --stack staging --format sarif > policy.sarif"]),
    ].join("\n"),
    async run(values, positionals, io) {
      if (positionals.length) throw new UsageError(`gpukit check takes no positional arguments (got ${positionals.join(" ")})`);
      const format = stringValue(values, "format") ?? "table";
      if (!(CHECK_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${CHECK_FORMATS.join(", ")} (given ${JSON.stringify(format)})`);
      const stack = stringValue(values, "stack");
      const stackFile = stringValue(values, "stack-file");
      const file = resolveStackFile({ stack, stackFile }).file;
      const configArg = stringValue(values, "config");
      const { rules, runner } = await (loaders.loadModules ?? requireModules)();
      const { PACK_NAME, RULES } = rules;
      const { levelOf, runPolicies } = runner;
      // An explicit config is checked before the (slow) offline run.
      const policies = RULES.map((r) => r.policy);
      const validate = (cfgFile: string) => {
        const raw = readConfig(cfgFile);
        const problems = checkPackConfig(raw, policies);
        if (problems.length) throw new UsageError(`--config ${cfgFile}: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join("\n")}`);
        return asPackConfig(raw);
      };
      const explicit = configArg ? validate(path.resolve(configArg)) : undefined;
      const run = await (loaders.loadRun ?? defaultLoadRun)({ stack, stackFile });
      const configFile = configArg ? path.resolve(configArg) : path.join(POLICY_CONFIG_DIR, `${run.spec.environment}.json`);
      const config = explicit ?? validate(configFile);
      const version = packVersion();
      const result = await runPolicies(policies, run.resources, config, { name: PACK_NAME, version });
      for (const note of run.notes ?? []) io.stderr(`note: ${note}\n`);
      const shownConfig = path.relative(ROOT, configFile) || configFile;
      if (format === "json") io.stdout(JSON.stringify(result, null, 2) + "\n");
      else if (format === "sarif") {
        const locator = new SpecLocator(fs.readFileSync(file, "utf8"), `${PROJECT_NAME}:${DEPLOYMENT_CONFIG_KEY}`);
        const levels = new Map(policies.map((p) => [p.name, levelOf(p, config)]));
        const uri = path.relative(ROOT, file).split(path.sep).join("/");
        io.stdout(JSON.stringify(renderSarif({ result, rules: RULES, stackFileUri: uri, locator, targets: run.plan.targets.map((t) => t.name), version, levels }), null, 2) + "\n");
      } else io.stdout(renderCheckTable(result, run.stack, shownConfig));
      const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory");
      if (mandatory.length) {
        io.stderr(`${mandatory.length} mandatory policy violation(s): ${[...new Set(mandatory.map((v) => v.policy))].join(", ")}\n`);
        return EXIT_VIOLATION;
      }
      return EXIT.ok;
    },
  };
}

/** The `check` command as the CLI runs it. */
export const checkCommand = makeCheckCommand();
