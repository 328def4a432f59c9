/**
 * One offline run per process, shared by every reader: `gpukit plan`, and later `cost` and `check`
 * (or a combined invocation) ask the session and get the same `{ spec, plan, resources, notes }`.
 * The Pulumi runtime state and the program module are process-global, so the program can run only
 * once per process: a second stack in the same process is refused with a clear error.
 */
import * as path from "node:path";
import { resolveStackFile } from "./stack-file";
import { runOffline, type OfflineRunOptions, type OfflineRunResult } from "./run";

/** Errors `runOffline` throws before it touches the Pulumi runtime (bad stack file, invalid spec). */
const BEFORE_PROGRAM_ERRORS: ReadonlySet<string> = new Set(["ConfigError", "UsageError"]);

/** The run of this process, keyed by stack name and stack file. */
let current: { key: string; result: Promise<OfflineRunResult> } | undefined;

/** Identity of a run: stack name and absolute stack-file path. */
function runKey(options: Pick<OfflineRunOptions, "stack" | "stackFile">): string {
  const { stack, file } = resolveStackFile(options);
  return `${stack}\u0000${path.resolve(file)}`;
}

/**
 * The offline run for `options`: runs the program on the first call, returns the same (memoised)
 * result to every later call for the same stack. A failed run stays failed (same error). Throws
 * when another stack already ran in this process.
 */
export function offlineRun(options: OfflineRunOptions): Promise<OfflineRunResult> {
  const key = runKey(options);
  if (current) {
    if (current.key === key) return current.result;
    const [stack] = current.key.split("\u0000");
    throw new Error(`This process already ran stack ${JSON.stringify(stack)} offline; one offline run per process (Pulumi's runtime state is global)`);
  }
  const run = { key, result: runOffline(options) };
  current = run;
  // Invalid input fails before the program runs: nothing global changed, so a corrected retry may run.
  run.result.catch((error: unknown) => {
    if (current === run && BEFORE_PROGRAM_ERRORS.has((error as Error)?.name)) current = undefined;
  });
  return run.result;
}

/** Whether this process has started an offline run (for tests and diagnostics). */
export function hasOfflineRun(): boolean {
  return current !== undefined;
}

/**
 * Forgets the memoised run. Only for test workers that load a fresh program per run (vitest
 * re-imports modules per test file); a real process never needs it.
 */
export function resetOfflineSession(): void {
  current = undefined;
}
