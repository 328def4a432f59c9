/**
 * What the bench scripts share: the median of their samples and their section of bench/RESULTS.md,
 * which each script rewrites between its own markers, leaving every other section as it is.
 */
import * as fs from "node:fs";
import * as path from "node:path";

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
