/**
 * How long `npm test` takes on this machine: times its two steps as `npm test` runs them — the type
 * check (`tsc --noEmit -p tsconfig.json`) and then the suite (`vitest run`) — as whole processes,
 * `runs` times, and writes the table (median, min, max, CPU, the suite's test and file counts) into
 * bench/RESULTS.md between the `test-suite` markers (other sections are kept).
 *
 * Usage: tsx bench/test-suite.ts [--runs N]   (default 3; each run takes about a minute on 2 cores)
 */
import * as os from "node:os";
import * as path from "node:path";
import { median, RESULTS_FILE, runNode, writeResultsSection } from "./measure";

const ROOT = path.resolve(__dirname, "..");
const START = "<!-- test-suite:start (written by bench/test-suite.ts) -->";
const END = "<!-- test-suite:end -->";
/** One timed step: wall and CPU seconds, and what it printed (colours stripped). */
interface Step {
  wallS: number;
  cpuS: number | null;
  output: string;
}

/** Runs `node <script> …args` from the repository root; throws when it fails. */
function step(script: string, args: string[]): Step {
  const { wallS, cpuS, stdout, stderr } = runNode([script, ...args]);
  // eslint-disable-next-line no-control-regex
  return { wallS, cpuS, output: `${stdout}${stderr}`.replace(/\x1b\[[0-9;]*m/g, "") };
}

/** `median (min–max)` of wall seconds. */
function spread(values: number[]): string {
  return `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`;
}

/** CPU seconds, median, `?` when GNU time is missing. */
function cpuText(steps: Step[]): string {
  const cpu = steps.map((s) => s.cpuS).filter((c): c is number => c !== null);
  return cpu.length ? median(cpu).toFixed(1) : "?";
}

function main(): void {
  const at = process.argv.indexOf("--runs");
  const runs = at >= 0 ? Number(process.argv[at + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a positive integer");
  const tsc = require.resolve("typescript/bin/tsc");
  const vitest = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs");
  const types: Step[] = [];
  const suites: Step[] = [];
  for (let i = 0; i < runs; i++) {
    types.push(step(tsc, ["--noEmit", "-p", "tsconfig.json"]));
    suites.push(step(vitest, ["run"]));
    process.stdout.write(`run ${i + 1}: tsc ${types[i].wallS.toFixed(1)} s + vitest ${suites[i].wallS.toFixed(1)} s\n`);
  }
  const totals = types.map((t, i) => t.wallS + suites[i].wallS);
  const last = suites[suites.length - 1].output;
  const tests = /Tests\s+(\d+) passed/.exec(last)?.[1] ?? "?";
  const files = /Test Files\s+(\d+) passed/.exec(last)?.[1] ?? "?";
  const phases = /Duration\s+[\d.]+s\s+\(([^)]*)\)/.exec(last)?.[1] ?? "?";
  const lines = [
    "## `npm test` on this machine (`npm run bench:tests` → bench/test-suite.ts)",
    "",
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} at the end; Node ${process.version}; ${new Date().toISOString()}.`,
    `Each run: \`tsc --noEmit -p tsconfig.json\` then \`vitest run\`, as \`npm test\` runs them, each a whole process; ${runs} runs; seconds as median (min–max).`,
    "",
    "| step | wall (s) | CPU user+sys (s, median) |",
    "|---|---:|---:|",
    `| type check | ${spread(types.map((t) => t.wallS))} | ${cpuText(types)} |`,
    `| suite (${tests} tests in ${files} files) | ${spread(suites.map((s) => s.wallS))} | ${cpuText(suites)} |`,
    `| **npm test** | **${spread(totals)}** | – |`,
    "",
    `vitest's own phases, last run (summed over workers): ${phases}.`,
  ];
  writeResultsSection(START, END, lines.join("\n"));
  process.stdout.write(`wrote the test-suite section of ${path.relative(ROOT, RESULTS_FILE)}\n`);
}

main();
