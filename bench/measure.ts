/**
 * What the bench scripts share: timing a whole `node` process, the median of their samples and
 * their section of bench/RESULTS.md, which each script rewrites between its own markers, leaving
 * every other section as it is.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const TIME = "/usr/bin/time";

/** One measured process: wall and CPU (user + system) seconds, peak RSS in MB (null: no GNU time), its output. */
export interface Sample {
  wallS: number;
  cpuS: number | null;
  rssMb: number | null;
  stdout: string;
  /** Without GNU time's own line. */
  stderr: string;
}

/**
 * Runs `node args…` once from the repository root; wall time from the parent clock, CPU and peak
 * RSS from GNU time when available. Throws with the end of its output when it fails.
 */
export function runNode(args: string[]): Sample {
  const haveTime = fs.existsSync(TIME);
  const command = haveTime ? TIME : process.execPath;
  const argv = haveTime ? ["-f", "__rss_kb=%M __cpu_s=%U+%S", process.execPath, ...args] : args;
  const start = process.hrtime.bigint();
  const result = spawnSync(command, argv, { cwd: ROOT, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const stderr = (result.stderr ?? "").replace(/^__rss_kb=.*\n?/m, "");
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}:\n${`${result.stdout}${stderr}`.slice(-4000)}`);
  const rss = /__rss_kb=(\d+)/.exec(result.stderr ?? "");
  const cpu = /__cpu_s=([\d.]+)\+([\d.]+)/.exec(result.stderr ?? "");
  return { wallS, cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : null, rssMb: rss ? Number(rss[1]) / 1024 : null, stdout: result.stdout, stderr };
}

/** bench/RESULTS.md. */
export const RESULTS_FILE = path.join(__dirname, "RESULTS.md");

/** Median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Replaces the text between `start` and `end` (markers included) in bench/RESULTS.md with
 * `start`, `section` and `end`, or appends that block when the markers are missing.
 */
export function writeResultsSection(start: string, end: string, section: string): void {
  const previous = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, "utf8") : "# Bench results\n";
  const block = `${start}\n${section.trim()}\n${end}`;
  const at = previous.indexOf(start);
  const until = previous.indexOf(end);
  fs.writeFileSync(RESULTS_FILE, at >= 0 && until > at ? previous.slice(0, at) + block + previous.slice(until + end.length) : `${previous.trimEnd()}\n\n${block}\n`);
}
