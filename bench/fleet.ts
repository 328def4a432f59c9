/**
 * Offline engine at fleet scale: times `gpukit plan --stack-file <fleet> --format json` as a whole
 * process for fleets of several sizes (bench/fleet-stacks.ts), with peak RSS, against the floor of
 * loading the SDKs alone, and writes the table into bench/RESULTS.md between the `fleet` markers
 * (other sections of the file are kept).
 *
 * Each plan row also gets its SDK floor: bench/sdk-replay.js re-registers exactly the recorded
 * resources through the bare Pulumi SDK (provider classes, same inputs, no kit code), timed the same
 * way — what the SDK alone needs for those resources.
 *
 * Usage: tsx bench/fleet.ts [--runs N] [--sizes 1,10,30,60,80]   (defaults: 5 runs, those sizes)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFleetStack } from "./fleet-stacks";
import { median, RESULTS_FILE, runNode, type Sample, writeResultsSection } from "./measure";

const ROOT = path.resolve(__dirname, "..");
const START = "<!-- fleet:start (written by bench/fleet.ts) -->";
const END = "<!-- fleet:end -->";
/** The floor: what any offline run pays before it does anything. */
const FLOOR_JS = 'require("@pulumi/pulumi"); require("@pulumi/aws"); require("@pulumi/alicloud");';

/** `a / b` with two decimals, `?` when either is unknown. */
function ratio(a: number | null, b: number | null): string {
  return a === null || b === null || b === 0 ? "?" : (a / b).toFixed(2);
}

/** Marginal CPU ms per resource between consecutive rows, e.g. `34→254: 4.1 ms, 254→760: 2.8 ms`. */
function marginalCpu(rows: readonly { resources: number; cpuS: number | null }[]): string {
  const parts: string[] = [];
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    if (a.cpuS === null || b.cpuS === null || b.resources <= a.resources) continue;
    parts.push(`${a.resources}→${b.resources}: ${(((b.cpuS - a.cpuS) * 1000) / (b.resources - a.resources)).toFixed(2)} ms`);
  }
  return parts.length ? parts.join(", ") : "n/a";
}

/** CPU seconds for the table, `?` when unknown. */
function cpuText(cpuS: number | null): string {
  return cpuS === null ? "?" : cpuS.toFixed(2);
}


/** One warm-up run, then `runs` measured runs: median wall, median CPU and the largest peak RSS. */
function measure(args: string[], runs: number): Sample {
  const first = runNode(args);
  const samples = Array.from({ length: runs }, () => runNode(args));
  const rss = samples.map((s) => s.rssMb).filter((r): r is number => r !== null);
  const cpu = samples.map((s) => s.cpuS).filter((c): c is number => c !== null);
  return { wallS: median(samples.map((s) => s.wallS)), cpuS: cpu.length ? median(cpu) : null, rssMb: rss.length ? Math.max(...rss) : null, stdout: first.stdout, stderr: first.stderr };
}

/** Command-line options: `--runs N`, `--sizes a,b,c`. */
function options(argv: string[]): { runs: number; sizes: number[] } {
  const get = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  return { runs: Number(get("--runs") ?? 5), sizes: (get("--sizes") ?? "1,10,30,60,80").split(",").map(Number) };
}


function main(): void {
  const { runs, sizes } = options(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpukit-fleet-"));
  const bin = path.join(ROOT, "bin", "gpukit.js");
  const floor = measure(["-e", FLOOR_JS], runs);
  process.stdout.write(`floor (SDKs alone): ${floor.wallS.toFixed(2)} s, ${floor.rssMb?.toFixed(0) ?? "?"} MB\n`);
  const rows: { label: string; resources: number; wallS: number; cpuS: number | null; rssMb: number | null; sdk: Sample }[] = [];
  const plan = (label: string, args: string[]) => {
    const m = measure([bin, "plan", ...args, "--format", "json"], runs);
    const resources = (JSON.parse(m.stdout) as { resources: unknown[] }).resources.length;
    const recorded = path.join(dir, `plan-${rows.length}.json`);
    fs.writeFileSync(recorded, m.stdout);
    const sdk = measure([path.join(__dirname, "sdk-replay.js"), recorded], runs);
    rows.push({ label, resources, wallS: m.wallS, cpuS: m.cpuS, rssMb: m.rssMb, sdk });
    process.stdout.write(`${label}: ${resources} resources, ${m.wallS.toFixed(2)} s, ${m.rssMb?.toFixed(0) ?? "?"} MB; SDK replay ${sdk.wallS.toFixed(2)} s\n`);
  };
  plan("shipped `prod`", ["--stack", "prod"]);
  for (const n of sizes) plan(`fleet, ${n} target${n === 1 ? "" : "s"}`, ["--stack-file", writeFleetStack(dir, n)]);
  fs.rmSync(dir, { recursive: true, force: true });

  const fleet = rows.slice(1);
  const [small, large] = [fleet[0], fleet[fleet.length - 1]];
  const marginalMs = large && small && large.resources > small.resources ? ((large.wallS - small.wallS) * 1000) / (large.resources - small.resources) : null;
  const lines = [
    "## Offline engine at fleet scale (`npm run bench` → bench/fleet.ts)",
    "",
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} at the end; Node ${process.version}; ${new Date().toISOString()}.`,
    `Each row: \`node bin/gpukit.js plan … --format json\` as a whole process, median wall of ${runs} runs after one warm-up, largest peak RSS (GNU time %M).`,
    `Floor: \`node -e '${FLOOR_JS}'\`, same method.`,
    "SDK replay: `node bench/sdk-replay.js <that row's plan JSON>`, same method — the same resources (types, names, parents, providers, inputs) registered through the bare Pulumi SDK under its own mocks, each through its provider SDK class where one is on the registry, with stack capture off as in an offline run and none of the kit's code: what the SDK alone needs to register them.",
    "",
    "| run | resources | wall (s) | × floor (wall) | CPU user+sys (s) | × floor (CPU) | ms / resource (wall) | peak RSS (MB) | SDK replay wall (s) | SDK replay CPU (s) | kit ÷ SDK replay (wall) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| floor: SDKs alone | – | ${floor.wallS.toFixed(2)} | 1.00 | ${cpuText(floor.cpuS)} | 1.00 | – | ${floor.rssMb?.toFixed(0) ?? "?"} | – | – | – |`,
    ...rows.map((r) => `| ${r.label} | ${r.resources} | ${r.wallS.toFixed(2)} | ${(r.wallS / floor.wallS).toFixed(2)} | ${cpuText(r.cpuS)} | ${ratio(r.cpuS, floor.cpuS)} | ${((r.wallS * 1000) / r.resources).toFixed(2)} | ${r.rssMb?.toFixed(0) ?? "?"} | ${r.sdk.wallS.toFixed(2)} | ${cpuText(r.sdk.cpuS)} | ${(r.wallS / r.sdk.wallS).toFixed(2)} |`),
    "",
    marginalMs === null ? "" : `Marginal cost from ${small.resources} to ${large.resources} resources: ${marginalMs.toFixed(2)} ms wall per added resource.`,
    `Marginal CPU per added resource between consecutive fleet sizes (flat or falling = linear or better): ${marginalCpu(fleet)}.`,
    "On a shared machine wall times swing with the load; the CPU column is the steadier figure.",
  ];
  writeResultsSection(START, END, lines.join("\n"));
  process.stdout.write(`wrote the fleet section of ${path.relative(ROOT, RESULTS_FILE)}\n`);
}

main();
