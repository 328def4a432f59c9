/** Runs `gpukit` in-process with collecting streams, or as a child process through the real bin. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { main } from "../../cli/main";
import { freshProgram } from "./program";
import { makeImagesCommand } from "../../cli/commands/images";
import { makePlanCommand } from "../../cli/commands/plan";
import { sizeCommand } from "../../cli/commands/size";
import { catalogCommand } from "../../cli/commands/catalog";
import { makeCostCommand } from "../../cli/commands/cost";
import { makeCheckCommand } from "../../cli/commands/check";
import { pricesCommand } from "../../cli/commands/prices";
import { makeSmokeCommand } from "../../cli/commands/smoke";

/** What a CLI run printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in this process with the commands of `cli/main.ts`, except that `plan` and `images`
 * load the offline runner (and `plan` the program) through vitest's module loader.
 */
export async function runCli(argv: string[], loadProgram: () => Promise<unknown> = freshProgram): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, [
    makePlanCommand({
      loadProgram,
      loadModules: async () => ({ run: await import("../../cli/offline/run.js"), report: await import("../../cli/format/plan-report.js") }),
    }),
    makeCheckCommand({
      loadRun: async (options) => (await import("../../cli/offline/run.js")).runOffline({ ...options, loadProgram }),
      loadModules: async () => ({ rules: await import("../../policies/rules/index.js"), runner: await import("../../cli/format/check-run.js") }),
    }),
    makeCostCommand({ loadRun: async (options) => (await import("../../cli/offline/run.js")).runOffline({ ...options, loadProgram }) }),
    makeImagesCommand({ loadPlanStack: async () => (await import("../../cli/offline/run.js")).planStack }),
    sizeCommand,
    catalogCommand,
    pricesCommand,
    makeSmokeCommand({ loadPlanStack: async () => (await import("../../cli/offline/run.js")).planStack, isTty: () => false }),
  ]);
  return { code, stdout, stderr };
}

/** Runs `node bin/gpukit.js …` as users do (tsx loader, real process exit code). */
export function runBin(argv: string[]): CliResult {
  const root = path.resolve(__dirname, "..", "..");
  const result = spawnSync(process.execPath, [path.join(root, "bin", "gpukit.js"), ...argv], { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
