/**
 * `npm test`: the type check (`tsc --noEmit`) and the vitest suite, run at the same time — the
 * type check is single-threaded and the suite leaves part of a core idle, so together they finish
 * ~10 s sooner on a 2-core machine than one after the other. Both always run to the end (every
 * failure at once); the exit code is non-zero when either fails. Arguments go to vitest
 * (`npm test -- test/cli.test.ts`).
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

/** Runs `node <script> …args`; resolves with its exit code and, when `capture`, its output. */
function run(script: string, args: string[], capture: boolean): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

async function main(): Promise<void> {
  // The type check's output is held back and printed after the suite's, so the two never interleave.
  const typecheck = run(require.resolve("typescript/bin/tsc"), ["--noEmit", "-p", "tsconfig.json"], true);
  const vitest = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs");
  const suite = await run(vitest, ["run", ...process.argv.slice(2)], false);
  const types = await typecheck;
  if (types.code !== 0) process.stderr.write(`\ntype check (tsc --noEmit) failed:\n${types.output}`);
  else process.stdout.write("type check (tsc --noEmit): no errors\n");
  process.exit(suite.code || types.code);
}

void main();
