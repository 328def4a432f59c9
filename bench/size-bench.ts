/**
 * In-process timing of `sizeOptions` (the pure core of `gpukit size`): loads the catalog, warms up
 * (10 calls), then times `calls` calls (default 100) per query and prints the median and mean per
 * call in milliseconds, plus one table render. No assertion: timing is machine dependent.
 *
 *   npx tsx bench/size-bench.ts [calls]
 *   npx tsx bench/size-bench.ts --cli <gpukit size options>
 *
 * `--cli` runs the size command once as `gpukit size` would, without loading `cli/main.ts` (and the
 * other commands' imports), so bench/size.sh can tell the command's own start-up from the entry point's.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { loadCatalog } from "../catalog";
import { sizeCommand, sizeOptions, type SizeQuery } from "../cli/commands/size";
import { formatSizeTable } from "../cli/format/size-table";
import { median } from "./measure";

const WARMUP = 10;

const QUERIES: Array<{ label: string; query: SizeQuery }> = [
  { label: "Qwen2.5-72B-AWQ awq, all clouds", query: { model: "Qwen/Qwen2.5-72B-Instruct-AWQ", quantization: "awq" } },
  { label: "Llama-3.1-8B bf16, all clouds", query: { model: "meta-llama/Llama-3.1-8B-Instruct", quantization: "bf16" } },
];


/** Runs `sizeCommand` on argv as `cli/main.ts` does, output to stdout. */
async function runCli(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: sizeCommand.options, strict: true, allowPositionals: true });
  const io = { stdout: (t: string) => void process.stdout.write(t), stderr: (t: string) => void process.stderr.write(t) };
  process.exitCode = await sizeCommand.run(values, positionals, io);
}

function timeInProcess(calls: number): void {
  const t0 = performance.now();
  const catalog = loadCatalog();
  console.log(`catalog load (first call, validates every file): ${(performance.now() - t0).toFixed(1)} ms`);
  for (const { label, query } of QUERIES) {
    for (let i = 0; i < WARMUP; i++) sizeOptions(query, catalog);
    const times: number[] = [];
    let pairs = 0;
    for (let i = 0; i < calls; i++) {
      const start = performance.now();
      const report = sizeOptions(query, catalog);
      times.push(performance.now() - start);
      pairs = report.options.length + report.infeasible.length;
    }
    const report = sizeOptions(query, catalog);
    const tableStart = performance.now();
    formatSizeTable(report);
    const tableMs = performance.now() - tableStart;
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(
      `sizeOptions ${label}: ${pairs} (region, offering) pairs; median ${median(times).toFixed(2)} ms, ` +
        `mean ${mean.toFixed(2)} ms over ${calls} calls; one table render ${tableMs.toFixed(1)} ms`,
    );
  }
}

if (process.argv[2] === "--cli") void runCli(process.argv.slice(3));
else timeInProcess(Number(process.argv[2] ?? 100));
