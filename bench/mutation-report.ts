/**
 * Reads Stryker's JSON report (reports/mutation/mutation.json, written by `npm run mutation`) and
 * writes the mutation score per module into bench/RESULTS.md, between markers, with the surviving
 * mutants listed so each can be judged (killed by a new test, or equivalent with a reason).
 *
 * Score = killed / (killed + survived + no coverage); timeouts count as killed (Stryker's own rule).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface Mutant {
  mutatorName: string;
  status: "Killed" | "Survived" | "NoCoverage" | "Timeout" | "CompileError" | "RuntimeError" | "Ignored";
  replacement?: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
  /** The Stryker options of the run (mutate list, concurrency, vitest config). */
  config?: { mutate?: string[]; concurrency?: number; vitest?: { configFile?: string } };
}

/**
 * Surviving mutants judged equivalent (they cannot change behaviour with the code and data as they
 * are), matched by file, mutator, replacement and a snippet of the mutated source line so that
 * line shifts do not break the match. Listed with the reason; the raw score still counts them.
 */
const EQUIVALENT: { file: string; mutator: string; replacement: string; line: string; reason: string }[] = [
  { file: "components/plan/registry.ts", mutator: "ConditionalExpression", replacement: "true", line: 'pub.fromMainland !== "yes"', reason: 'no public-registry fact is fromMainland "yes" (catalog/facts/registries.ts), so the guard never decides today' },
  { file: "components/plan/registry.ts", mutator: "StringLiteral", replacement: '""', line: 'pub.fromMainland !== "yes"', reason: 'as above: no fact has fromMainland "yes" (nor "")' },
  { file: "components/plan/registry.ts", mutator: "ConditionalExpression", replacement: "true", line: "own.region !== null", reason: "every VPC-only registry pattern has {region}, so a VPC-only match always has a region" },
  { file: "components/plan/registry.ts", mutator: "MethodExpression", replacement: "[own.fact.cloud, own.region]", line: ".filter(Boolean)", reason: "as above: the region of a VPC-only match is never null" },
  { file: "components/plan/network.ts", mutator: "OptionalChaining", replacement: "target.network.vpcCidr", line: "vpcCidr: target.network?.vpcCidr ?? null", reason: "inside the existing-network branch target.network is always set" },
  { file: "components/plan/network.ts", mutator: "StringLiteral", replacement: '""', line: "the catalog knows only", reason: "emitted only with fewer zones than the cloud's minimum (at most 2), so at most one zone is joined" },
  { file: "components/plan/network.ts", mutator: "ArrayDeclaration", replacement: '["Stryker was here"]', line: "clientCidrs = [];", reason: "set only next to an issue, and a plan with issues returns no load balancer" },
  { file: "components/plan/network.ts", mutator: "MethodExpression", replacement: "network.lbSubnets.some(s => s.cidr)", line: ".every((s) => s.cidr)", reason: "load-balancer subnets are all created (CIDR set) or all existing (CIDR null), never mixed" },
  { file: "components/engines/compatibility.ts", mutator: "StringLiteral", replacement: '"Stryker was here!"', line: 'if (items.length <= 1) return items.join("")', reason: "joining at most one item never uses the separator" },
  { file: "components/engines/compatibility.ts", mutator: "ConditionalExpression", replacement: "true", line: "e !== req.engine && engineRunsOn(e, req.gpu)", reason: "only reached when req.engine does not run on req.gpu, so engineRunsOn already leaves it out" },
  { file: "components/engines/compatibility.ts", mutator: "ConditionalExpression", replacement: "false", line: ": others.length > 0", reason: "unreachable with the data: every GPU another engine runs on (≥ 5.0) runs llama.cpp and Ollama, so GGUF engines are never missing from a non-empty list" },
  { file: "components/engines/compatibility.ts", mutator: "StringLiteral", replacement: "``", line: "? `use ${list(others)}`", reason: "as above: the branch is unreachable with the data" },
  { file: "components/engines/compatibility.ts", mutator: "ConditionalExpression", replacement: "true", line: "moe && own.moeMinComputeCapability !== undefined", reason: "the only engine-specific floor in the data (vLLM FP8) also has a MoE floor" },
  { file: "components/plan/performance.ts", mutator: "ArrayDeclaration", replacement: '["Stryker was here"]', line: "catalog.performance?.factors ?? []", reason: "a list without rows matches no engine or generation, so the default factor follows as for an empty one" },
  { file: "components/plan/performance.ts", mutator: "ConditionalExpression", replacement: "false", line: "if (!shape.moe || active >= shape.parametersB) return active;", reason: "for a valid shape (active ≤ total) the MoE formula at active = total gives 0 B per expert and returns the active count anyway" },
  { file: "components/plan/performance.ts", mutator: "EqualityOperator", replacement: "active > shape.parametersB", line: "if (!shape.moe || active >= shape.parametersB) return active;", reason: "as above: at active = total both paths return the active count" },
  { file: "components/plan/sizing.ts", mutator: "ArrayDeclaration", replacement: '["Stryker was here"]', line: "catalog?.performance?.overheads ?? []", reason: "a list without rows matches no engine, so the default overhead follows as for an empty one" },
  { file: "components/plan/sizing.ts", mutator: "StringLiteral", replacement: '""', line: 'quantized?.quantization ?? "bf16"', reason: "any format other than awq/gptq is checked on heads only, as bf16 is" },
  { file: "components/plan/sizing.ts", mutator: "EqualityOperator", replacement: "sequences < 0", line: "latencyBoundMsPerToken <= 0 || sequences <= 0", reason: "with 0 sequences the formula gives 0 as well" },
  { file: "components/plan/sizing.ts", mutator: "EqualityOperator", replacement: "kvRoom >= 0", line: "kvRoom > 0", reason: "with no KV room left the floor is 0 either way" },
  { file: "components/plan/sizing.ts", mutator: "ConditionalExpression", replacement: "true", line: "input.loraGb !== undefined && input.loraGb > 0", reason: "undefined > 0 is false, so the undefined check never decides" },
  { file: "components/plan/sizing.ts", mutator: "EqualityOperator", replacement: "input.loraGb >= 0", line: "input.loraGb !== undefined && input.loraGb > 0", reason: "at 0 GB the LoRA memory is 0 either way" },
  { file: "components/plan/cost.ts", mutator: "EqualityOperator", replacement: "STATUS_ORDER.indexOf(a) > STATUS_ORDER.indexOf(b)", line: "STATUS_ORDER.indexOf(a) >= STATUS_ORDER.indexOf(b)", reason: "on a tie a and b are the same status, so either is returned" },
];

const sourceLines = new Map<string, string[]>();
function lineOf(file: string, line: number): string {
  if (!sourceLines.has(file)) sourceLines.set(file, existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), "utf8").split("\n") : []);
  return sourceLines.get(file)![line - 1] ?? "";
}
function equivalence(file: string, m: Mutant): string | undefined {
  const replacement = (m.replacement ?? "").replace(/\s+/g, " ");
  return EQUIVALENT.find((e) => e.file === file && e.mutator === m.mutatorName && e.replacement === replacement && lineOf(file, m.location.start.line).includes(e.line))?.reason;
}

const root = path.resolve(__dirname, "..");
/**
 * `--extended`: the run was a narrowed one over files outside stryker.config.json's scope
 * (`npx stryker run --mutate …`); its table goes to its own block after the main one, which it leaves alone.
 */
const extended = process.argv.includes("--extended");
const marker = extended ? "mutation-extended" : "mutation";
const reportFile = path.join(root, "reports/mutation/mutation.json");
if (!existsSync(reportFile)) {
  console.error(`${reportFile} not found: run \`npm run mutation\` first`);
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportFile, "utf8")) as Report;

/** Scores are reported per mutated file (the modules of stryker.config.json `mutate`). */
function moduleOf(file: string): string {
  return file;
}

const byModule = new Map<string, { killed: number; survived: number; noCoverage: number; equivalent: number; survivors: string[] }>();
for (const [file, { mutants }] of Object.entries(report.files)) {
  const rel = path.relative(root, path.resolve(root, file));
  const m = byModule.get(moduleOf(rel)) ?? { killed: 0, survived: 0, noCoverage: 0, equivalent: 0, survivors: [] };
  for (const mutant of mutants) {
    if (mutant.status === "Killed" || mutant.status === "Timeout") m.killed++;
    else if (mutant.status === "Survived" || mutant.status === "NoCoverage") {
      if (mutant.status === "Survived") m.survived++;
      else m.noCoverage++;
      const why = equivalence(rel, mutant);
      if (why) m.equivalent++;
      m.survivors.push(
        `${rel}:${mutant.location.start.line} ${mutant.mutatorName}${mutant.replacement ? ` → \`${mutant.replacement.replace(/\s+/g, " ").slice(0, 60)}\`` : ""} (${mutant.status})${why ? ` — equivalent: ${why}` : ""}`,
      );
    }
  }
  byModule.set(moduleOf(rel), m);
}

const pct = (k: number, total: number) => (total ? ((100 * k) / total).toFixed(1) : "n/a");
let killed = 0;
let total = 0;
let equivalent = 0;
const rows = [...byModule.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([mod, m]) => {
    const t = m.killed + m.survived + m.noCoverage;
    killed += m.killed;
    total += t;
    equivalent += m.equivalent;
    return `| ${mod} | ${m.killed} | ${m.survived} | ${m.noCoverage} | ${m.equivalent} | ${pct(m.killed, t)} % | ${pct(m.killed, t - m.equivalent)} % |`;
  });
const survivors = [...byModule.values()].flatMap((m) => m.survivors);
const mutate = report.config?.mutate ?? [...byModule.keys()];
const concurrency = report.config?.concurrency;
// `npm run mutation` exports MUTATION_STARTED (epoch seconds) before Stryker starts; the report runs right after it.
// MUTATION_WALL_S (seconds, measured around the run) overrides it when the report is regenerated later from the same JSON.
const started = Number(process.env.MUTATION_STARTED);
const wallSeconds = Number(process.env.MUTATION_WALL_S) || (Number.isFinite(started) && started > 0 ? Date.now() / 1000 - started : NaN);
const wall = Number.isFinite(wallSeconds) ? `${Math.round(wallSeconds / 60)} min wall time` : "wall time not recorded (report run by hand)";
const score = Number(pct(killed, total));
const scopeSource = extended ? "narrowed with `--mutate`; stryker.config.json is unchanged" : "stryker.config.json `mutate`";
const unmeasured = ["sizing", "offering", "performance"].map((m) => `components/plan/${m}.ts`).filter((f) => !mutate.includes(f));
const notInRun = extended
  ? ""
  : " Not in this run: the adapters' security rules (their covering tests, recorded adapters and stacks, take ~20 s a file: hours of mutants on 2 cores)" +
    (unmeasured.length ? ` and ${unmeasured.join(", ")} (see the extended-scope block below when present).` : ".");
const section = [
  `<!-- ${marker}:start -->`,
  extended
    ? `### Extended scope, narrowed run (\`npx stryker run --mutate ${mutate.join(",")}\`, then \`tsx bench/mutation-report.ts --extended\`)`
    : "## Mutation score (`npm run mutation`, which runs Stryker then `tsx bench/mutation-report.ts`)",
  "",
  `Scope: ${mutate.map((f) => `\`${f}\``).join(", ")} (${scopeSource}), killed by the fast hand-computed suite of ${report.config?.vitest?.configFile ?? "vitest.mutation.config.mts"} (Stryker runs only the tests related to the mutated files).${notInRun} Target ≥ 85 %: ${Number.isFinite(score) && score >= 85 ? "met" : "missed"} overall (${pct(killed, total)} %).`,
  "",
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"} (shared with other work), Node ${process.version}, concurrency ${concurrency ?? "default"}, ${wall}.`,
  "",
  "The last column leaves out the surviving mutants judged equivalent (listed below with the reason); the score column is Stryker's own (killed ÷ all, timeouts count as killed).",
  "",
  "| module | killed | survived | no coverage | judged equivalent | score | score without equivalents |",
  "|---|---|---|---|---|---|---|",
  ...rows,
  `| **all** | ${killed} | | | ${equivalent} | **${pct(killed, total)} %** | ${pct(killed, total - equivalent)} % |`,
  "",
  `<details><summary>${survivors.length} surviving mutants (${equivalent} judged equivalent)</summary>`,
  "",
  ...survivors.map((s) => `- ${s}`),
  "",
  "</details>",
  `<!-- ${marker}:end -->`,
].join("\n");

const resultsFile = path.join(root, "bench/RESULTS.md");
const current = existsSync(resultsFile) ? readFileSync(resultsFile, "utf8") : "# Bench results\n";
const block = new RegExp(`<!-- ${marker}:start -->[\\s\\S]*<!-- ${marker}:end -->`);
const next = block.test(current)
  ? current.replace(block, () => section)
  : extended && current.includes("<!-- mutation:end -->")
    ? current.replace("<!-- mutation:end -->", () => `<!-- mutation:end -->\n\n${section}`)
    : `${current.trimEnd()}\n\n${section}\n`;
writeFileSync(resultsFile, next);
console.log(section);
