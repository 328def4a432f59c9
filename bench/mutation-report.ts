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
  // extended run (stryker.extended.config.json): spec validation
  { file: "components/spec/validate.ts", mutator: "ConditionalExpression", replacement: "true", line: 'typeof t.cloud === "string" && (CLOUDS', reason: "CLOUDS.includes(t.cloud) is false for every non-string, so the typeof check never decides" },
  { file: "components/spec/validate.ts", mutator: "EqualityOperator", replacement: "guard <= 5", line: "for (let guard = 0; guard < 5; guard++)", reason: "no schema node has more than two wrappers (default/optional), so the loop breaks on the unwrapped node long before 5 either way" },
  { file: "components/spec/validate.ts", mutator: "UpdateOperator", replacement: "guard--", line: "for (let guard = 0; guard < 5; guard++)", reason: "as above: the loop ends on the first unwrapped node, the guard only bounds a schema that never occurs" },
  // extended run: the policy pack's security rules
  { file: "policies/rules/security-host.ts", mutator: "StringLiteral", replacement: '"Stryker was here!"', line: 'String(p.instanceId ?? "")', reason: "a missing instanceId reads as a text that does not start with i- either way" },
  { file: "policies/rules/security-host.ts", mutator: "StringLiteral", replacement: '"Stryker was here!"', line: 'findSecret(String(args.props.value ?? ""))', reason: "a missing parameter value reads as a text that no secret pattern matches either way" },
  { file: "policies/rules/security-network.ts", mutator: "StringLiteral", replacement: '"Stryker was here!"', line: 'isAnywhere(String(r.props.entry ?? ""))', reason: "a missing ACL entry reads as a text that is not 0.0.0.0/0 or ::/0 either way" },
  { file: "policies/rules/security-network.ts", mutator: "StringLiteral", replacement: '"Stryker was here!"', line: 'isAnywhere(String(e.entry ?? ""))', reason: "a missing ACL entry reads as a text that is not 0.0.0.0/0 or ::/0 either way" },
  { file: "policies/rules/security-network.ts", mutator: "StringLiteral", replacement: '"Stryker was here!"', line: 'String(p.securityIps ?? "").split(",")', reason: "a missing whitelist reads as a text that is not 0.0.0.0/0 or ::/0 either way" },
  { file: "policies/rules/security-network.ts", mutator: "MethodExpression", replacement: "c", line: "isAnywhere(c.trim())", reason: "isAnywhere trims its argument itself (deployability/net.ts)" },
  { file: "policies/rules/security-network.ts", mutator: "StringLiteral", replacement: '"Stryker was here!"', line: 'String(p.chart ?? "")', reason: "a missing chart name reads as a text that names no database chart either way" },
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
 * Runs with their own Stryker config, JSON report and block in bench/RESULTS.md (`--extended=<name>`),
 * so that they can be repeated without the main run's suite (which needs the planner tests green).
 */
const EXTENDED_RUNS: Record<string, { title: string; config: string; report: string; script: string }> = {
  "spec-policies": {
    title: "spec validation and the policy pack's security rules",
    config: "stryker.extended.config.json",
    report: "reports/mutation/mutation-extended-spec-policies.json",
    script: "npm run mutation:extended",
  },
  adapters: {
    title: "the cloud adapters' security rules",
    config: "stryker.adapters.config.json",
    report: "reports/mutation/mutation-extended-adapters.json",
    script: "npm run mutation:adapters",
  },
};
/**
 * `--extended`: the run was a narrowed one over files outside stryker.config.json's scope
 * (`npx stryker run --mutate …`); its table goes to its own block after the main one, which it leaves alone.
 * `--extended=<name>`: a run of {@link EXTENDED_RUNS} (its own config, report and block).
 */
const extendedArg = process.argv.find((a) => a === "--extended" || a.startsWith("--extended="));
const extended = extendedArg !== undefined;
const runName = extendedArg?.startsWith("--extended=") ? extendedArg.slice("--extended=".length) : undefined;
const named = runName === undefined ? undefined : EXTENDED_RUNS[runName];
if (runName !== undefined && !named) {
  console.error(`unknown extended run ${runName}; known: ${Object.keys(EXTENDED_RUNS).join(", ")}`);
  process.exit(2);
}
const marker = named ? `mutation-extended-${runName}` : extended ? "mutation-extended" : "mutation";
const reportFile = path.join(root, named?.report ?? "reports/mutation/mutation.json");
if (!existsSync(reportFile)) {
  console.error(`${reportFile} not found: run \`${named?.script ?? "npm run mutation"}\` first`);
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportFile, "utf8")) as Report;

/** Scores are reported per mutated file (the modules of stryker.config.json `mutate`). */
function moduleOf(file: string): string {
  return file;
}

const byModule = new Map<string, { killed: number; survived: number; noCoverage: number; equivalent: number; survivors: string[] }>();
/** Mutants Stryker did not run (`ignoreStatic`: code run only when a module loads, e.g. rule tables and patterns). */
let ignored = 0;
for (const [file, { mutants }] of Object.entries(report.files)) {
  const rel = path.relative(root, path.resolve(root, file));
  const m = byModule.get(moduleOf(rel)) ?? { killed: 0, survived: 0, noCoverage: 0, equivalent: 0, survivors: [] };
  for (const mutant of mutants) {
    if (mutant.status === "Ignored") ignored++;
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
const scopeSource = named ? `${named.config} \`mutate\`` : extended ? "narrowed with `--mutate`; stryker.config.json is unchanged" : "stryker.config.json `mutate`";
const unmeasured = ["sizing", "offering", "performance"].map((m) => `components/plan/${m}.ts`).filter((f) => !mutate.includes(f));
const notInRun = extended
  ? ""
  : " Not in this run: the adapters' security rules (their own run, `npm run mutation:adapters`, block below)" +
    (unmeasured.length ? ` and ${unmeasured.join(", ")} (see the extended-scope block below when present).` : ".") +
    " The spec validation and the policy pack's security rules are measured by `npm run mutation:extended` (its own block below).";
const section = [
  `<!-- ${marker}:start -->`,
  named
    ? `### Extended scope: ${named.title} (\`${named.script}\`, which runs \`stryker run ${named.config}\` then \`tsx bench/mutation-report.ts --extended=${runName}\`)`
    : extended
    ? `### Extended scope, narrowed run (\`npx stryker run --mutate ${mutate.join(",")}\`, then \`tsx bench/mutation-report.ts --extended\`)`
    : "## Mutation score (`npm run mutation`, which runs Stryker then `tsx bench/mutation-report.ts`)",
  "",
  `Scope: ${mutate.map((f) => `\`${f}\``).join(", ")} (${scopeSource}), killed by the fast hand-computed suite of ${report.config?.vitest?.configFile ?? "vitest.mutation.config.mts"} (Stryker runs only the tests related to the mutated files).${notInRun} Target ≥ 85 %: ${Number.isFinite(score) && score >= 85 ? "met" : "missed"} overall (${pct(killed, total)} %).`,
  "",
  `${ignored} static mutants were not run (\`ignoreStatic\`: code that runs only when the module loads, e.g. constant tables and patterns) and are in no column below.`,
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
