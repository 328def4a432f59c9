/**
 * `gpukit smoke`: checks a live deployment after `pulumi up` in one command — readiness endpoint,
 * the served model, one chat completion, then streamed chat completions at each concurrency level
 * with time to first token, inter-token latency and output throughput, compared with the plan's
 * bounds when the stack is known, and the TTFT SLO at concurrency 1. Exit 0 passed, 1 a check
 * failed (the report says which), 2 invalid input.
 */
import type * as OfflineRun from "../offline/run";
import { EXIT, EXIT_CODES_HELP, UsageError, examplesHelp, type CliCommand } from "../command";
import { parseSmokeOptions, SMOKE_DEFAULTS, SMOKE_FORMATS } from "../smoke/options";
import { formatSmokeTable, smokeJson } from "../smoke/report";
import { runSmoke, type SmokeTarget } from "../smoke/run";
import { endpointFromOutputs, planFacts, pulumiStackOutputs, type StackOutputReader } from "../smoke/stack";
import type { LevelProgress } from "../smoke/load";

/** Exit code of a smoke run in which a check failed. */
export const SMOKE_FAILED = 1;

/** What the smoke command reads from outside; tests inject their own. */
export interface SmokeCommandDeps {
  /** Loads `planStack` (default: require `cli/offline/run.ts` on first use). */
  loadPlanStack?: () => Promise<typeof OfflineRun.planStack>;
  /** Reads a stack's outputs (default: `pulumi stack output --json --stack <name>`). */
  readStackOutputs?: StackOutputReader;
  /** Whether stdout is a terminal (default: `process.stdout.isTTY`); the progress line shows only then. */
  isTty?: () => boolean;
  /** Environment the API key is read from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

const requirePlanStack: NonNullable<SmokeCommandDeps["loadPlanStack"]> = async () => (require("../offline/run") as typeof OfflineRun).planStack;

/** Builds the smoke command. */
export function makeSmokeCommand(deps: SmokeCommandDeps = {}): CliCommand {
  return {
    name: "smoke",
    summary: "Check a live endpoint after `pulumi up`: readiness, model, TTFT, inter-token latency and throughput",
    description: [
      "Checks a deployed endpoint in order: the engine's readiness endpoint, GET /v1/models lists the model, one chat",
      "completion returns text, then streamed chat completions at each --concurrency level (time to first token p50/p95,",
      "inter-token latency p50, output tokens per second per request and in total). With --stack the endpoint comes from",
      "the stack's outputs (needs the Pulumi CLI), the model, readiness path and the plan's bounds (decode latency and",
      "concurrency the hardware allows) from the stack file. Nothing is retried; every request has a timeout and the run",
      "a total time limit.",
    ].join(" "),
    options: {
      stack: { type: "string", valueName: "name", description: "stack name: endpoint from its outputs, model and plan bounds from stacks/Pulumi.<name>.yaml" },
      endpoint: { type: "string", valueName: "url", description: "endpoint base URL (e.g. https://lb.example.com); overrides the stack's output" },
      "api-key-env": { type: "string", valueName: "var", description: "environment variable holding the API key, sent as Authorization: Bearer (never printed)" },
      model: { type: "string", valueName: "name", description: "served model name to expect (default: the stack's model id, else the endpoint's only model)" },
      concurrency: { type: "string", valueName: "list", default: SMOKE_DEFAULTS.concurrency, description: "concurrency levels of the streamed load, comma separated" },
      requests: { type: "string", valueName: "n", default: SMOKE_DEFAULTS.requests, description: "streamed requests per level (at least the largest level)" },
      "prompt-tokens": { type: "string", valueName: "n", default: SMOKE_DEFAULTS.promptTokens, description: "approximate prompt length of each streamed request, tokens" },
      "max-tokens": { type: "string", valueName: "n", default: SMOKE_DEFAULTS.maxTokens, description: "max_tokens of each streamed request (at least 2)" },
      "slo-ttft-ms": { type: "string", valueName: "ms", default: SMOKE_DEFAULTS.sloTtftMs, description: "SLO on p95 time to first token at concurrency 1 (the lowest level), ms" },
      "timeout-s": { type: "string", valueName: "s", default: SMOKE_DEFAULTS.timeoutS, description: "per-request timeout, seconds (a stalled stream fails after it)" },
      "total-timeout-s": { type: "string", valueName: "s", default: SMOKE_DEFAULTS.totalTimeoutS, description: "total time limit of the run, seconds" },
      format: { type: "string", valueName: "format", default: "table", description: `output: ${SMOKE_FORMATS.join(", ")} (json: { endpoint, model, checks, levels, bounds, passed })` },
    },
    helpAfter: [
      EXIT_CODES_HELP,
      "Exit code 1: a check failed, or p95 TTFT at concurrency 1 is over --slo-ttft-ms (the report says",
      "which); 0: every check passed.",
      "",
      examplesHelp([
        "gpukit smoke --stack prod --api-key-env GPUKIT_API_KEY",
        "gpukit smoke --endpoint https://lb.example.com --model Qwen/Qwen2.5-7B-Instruct-AWQ --concurrency 1,8 --format json",
      ]),
    ].join("\n"),
    async run(values, positionals, io) {
      if (positionals.length) throw new UsageError(`gpukit smoke takes no positional arguments (got ${positionals.join(" ")})`);
      const env = deps.env ?? process.env;
      const options = parseSmokeOptions(values, env);
      const target: SmokeTarget = { endpoint: options.endpoint ?? "", model: options.model };
      const notes: string[] = [];
      if (options.stack) {
        const planStack = await (deps.loadPlanStack ?? requirePlanStack)();
        const { spec, plan } = planStack({ stack: options.stack });
        const facts = planFacts(plan);
        target.model ??= spec.model.id;
        target.readinessPath = facts.readinessPath;
        target.bounds = facts.bounds;
        notes.push(...facts.notes);
        if (!options.endpoint) target.endpoint = endpointFromOutputs(options.stack, await (deps.readStackOutputs ?? pulumiStackOutputs())(options.stack));
      }
      for (const note of notes) io.stderr(`note: ${note}\n`);
      const tty = options.format === "table" && (deps.isTty ?? (() => Boolean(process.stdout.isTTY)))();
      const progress = tty ? (p: LevelProgress) => io.stdout(`\r\x1b[Kconcurrency ${p.concurrency}: ${p.done}/${p.requests} requests, ${p.errors} errors`) : undefined;
      const report = await runSmoke(target, {
        concurrency: options.concurrency,
        requests: options.requests,
        promptTokens: options.promptTokens,
        maxTokens: options.maxTokens,
        sloTtftMs: options.sloTtftMs,
        timeoutMs: options.timeoutMs,
        totalTimeoutMs: options.totalTimeoutMs,
        apiKey: options.apiKeyEnv ? env[options.apiKeyEnv] : undefined,
      }, progress);
      if (tty) io.stdout("\r\x1b[K");
      io.stdout(options.format === "json" ? JSON.stringify(smokeJson(report), null, 2) + "\n" : formatSmokeTable(report));
      if (!report.passed) {
        const failed = report.checks.filter((c) => !c.ok);
        io.stderr(`Smoke test failed: ${failed.map((c) => `${c.name}: ${c.message}`).join("; ")}\n`);
      }
      return report.passed ? EXIT.ok : SMOKE_FAILED;
    },
  };
}

/** The `smoke` command as the CLI runs it. */
export const smokeCommand = makeSmokeCommand();
