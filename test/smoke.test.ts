/**
 * `gpukit smoke` against a local OpenAI-compatible server (test/helpers/fake-openai-server.ts) with
 * controlled delays: the figures it reports (TTFT, inter-token latency, throughput), the check
 * order, the JSON shape, and exit 1 with a clear message for a wrong model, a 500, a stalled
 * stream, a server that is down, a 401, a readiness failure and the TTFT SLO; exit 2 for bad input.
 * Tolerances suit a loaded 2-core machine: timers fire late, never early, so upper bounds on
 * throughput and lower bounds on latency are tight, the other sides are loose.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { main } from "../cli/main";
import { makeSmokeCommand, type SmokeCommandDeps } from "../cli/commands/smoke";
import { pulumiStackOutputs } from "../cli/smoke/stack";
import { streamChat } from "../cli/smoke/stream";
import { closedPort, startFakeServer, type FakeServer, type FakeServerOptions } from "./helpers/fake-openai-server";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: FakeServerOptions = {}): Promise<FakeServer> {
  const server = await startFakeServer(options);
  servers.push(server);
  return server;
}

/** Runs `gpukit smoke …argv` in-process with only the smoke command; no TTY, empty environment unless given. */
async function smoke(argv: string[], deps: SmokeCommandDeps = {}): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const code = await main(["smoke", ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, [makeSmokeCommand({ isTty: () => false, env: {}, ...deps })]);
  return { code, stdout, stderr };
}

/** The median, by hand: the middle value, or the mean of the two middle ones. */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A short run: one level of one request, few tokens. */
const QUICK = ["--concurrency", "1", "--requests", "1", "--max-tokens", "4", "--prompt-tokens", "8", "--timeout-s", "5"];

const planStackLoader = async () => (await import("../cli/offline/run.js")).planStack;

interface JsonReport {
  endpoint: string;
  model: string | null;
  checks: Array<{ name: string; ok: boolean; message: string }>;
  levels: Array<{
    concurrency: number;
    requests: number;
    errors: number;
    ttftMs: { p50: number | null; p95: number | null };
    interTokenMs: { p50: number | null };
    outputTokensPerSecond: { perRequest: number | null; total: number | null };
  }>;
  bounds: unknown;
  passed: boolean;
}

describe("figures against a server with controlled delays", () => {
  it("200 ms to the first token and 20 ms between tokens report TTFT ≈ 200 ms, ITL ≈ 20 ms and the matching throughput", async () => {
    const server = await serve({ ttftMs: 200, interTokenMs: 20, tokens: 6 });
    const result = await smoke(["--endpoint", server.url, "--concurrency", "1,2", "--requests", "4", "--max-tokens", "6", "--prompt-tokens", "16", "--format", "json", "--timeout-s", "5"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(Object.keys(report)).toEqual(["endpoint", "model", "checks", "levels", "bounds", "passed"]);
    expect(report.endpoint).toBe(server.url);
    expect(report.model).toBe("test-model");
    expect(report.bounds).toBeNull();
    expect(report.passed).toBe(true);
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ["readiness", true],
      ["model", true],
      ["chat", true],
      ["stream c=1", true],
      ["stream c=2", true],
      ["slo-ttft", true],
    ]);
    const [one, two] = report.levels;
    expect(Object.keys(one)).toEqual(["concurrency", "requests", "errors", "ttftMs", "interTokenMs", "outputTokensPerSecond"]);
    expect([one.concurrency, two.concurrency]).toEqual([1, 2]);
    // Streamed answers 0–3 belong to concurrency 1, 4–7 to concurrency 2.
    expect(server.streams).toHaveLength(8);
    for (const [index, level] of [one, two].entries()) {
      const truth = server.streams.slice(index * 4, index * 4 + 4);
      const serverTtft = truth.map((s) => s.tokenAtMs[0]);
      const serverGaps = truth.flatMap((s) => s.tokenAtMs.slice(1).map((t, i) => t - s.tokenAtMs[i]));
      const serverE2e = truth.map((s) => s.endAtMs!);
      // What the server did: 200 ms to the first token, 20 ms apart (timers fire late on a loaded machine, never early).
      expect(Math.min(...serverTtft)).toBeGreaterThanOrEqual(199);
      expect(median(serverGaps)).toBeGreaterThanOrEqual(19);
      expect(level.requests).toBe(4);
      expect(level.errors).toBe(0);
      // TTFT ≈ 200 ms: never below, p50 within 60 ms of what the server actually did (p95, near the
      // slowest of four, within 150 ms: the client's clock also runs while its request reaches the
      // server, which takes long on a starved CPU). The role chunk sent at once carries no text and
      // must not count (it would give ≈ 0 ms); the end of the answer (≥ 100 ms after the first token)
      // must not be taken for the first token.
      expect(level.ttftMs.p50!).toBeGreaterThanOrEqual(195);
      expect(level.ttftMs.p50!).toBeGreaterThanOrEqual(median(serverTtft) - 2);
      expect(level.ttftMs.p50!).toBeLessThanOrEqual(median(serverTtft) + 60);
      expect(level.ttftMs.p95!).toBeGreaterThanOrEqual(level.ttftMs.p50!);
      expect(level.ttftMs.p95!).toBeLessThanOrEqual(Math.max(...serverTtft) + 150);
      // Inter-token ≈ 20 ms: within 10 ms of the server's own gaps.
      expect(level.interTokenMs.p50!).toBeGreaterThanOrEqual(median(serverGaps) - 10);
      expect(level.interTokenMs.p50!).toBeLessThanOrEqual(median(serverGaps) + 10);
      // 6 tokens per answer over ≥ 300 ms (200 + 5 × 20): at most 20 tokens/s per request.
      expect(Math.min(...serverE2e)).toBeGreaterThanOrEqual(298);
      expect(level.outputTokensPerSecond.perRequest!).toBeLessThanOrEqual(6 / (Math.min(...serverE2e) / 1000) + 0.5);
      expect(level.outputTokensPerSecond.perRequest!).toBeGreaterThanOrEqual(6 / ((Math.max(...serverE2e) + 200) / 1000));
    }
    // Concurrency 1: 24 tokens in four back-to-back answers → at most 20/s; concurrency 2: two at a time → at most 40/s.
    const e2e = server.streams.map((s) => s.endAtMs!);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(one.outputTokensPerSecond.total!).toBeLessThanOrEqual(24 / (sum(e2e.slice(0, 4)) / 1000) + 0.5);
    expect(one.outputTokensPerSecond.total!).toBeGreaterThanOrEqual(24 / ((sum(e2e.slice(0, 4)) + 400) / 1000));
    // Two workers carry the four answers of concurrency 2 one after another: the level lasts at least half their sum.
    expect(two.outputTokensPerSecond.total!).toBeLessThanOrEqual(24 / (sum(e2e.slice(4)) / 2 / 1000) + 0.5);
    expect(two.outputTokensPerSecond.total!).toBeGreaterThanOrEqual(24 / ((sum(e2e.slice(4)) / 2 + 400) / 1000));
    expect(two.outputTokensPerSecond.total!).toBeGreaterThan(one.outputTokensPerSecond.total! * 1.3);
  });

  it("streamChat counts the server's usage.completion_tokens, else the text events, and sends a streamed request", async () => {
    const withUsage = await serve({ tokens: 3, usageTokens: 7 });
    const withoutUsage = await serve({ tokens: 3, usage: false });
    const deadline = new AbortController().signal;
    const request = { model: "test-model", prompt: "hi", maxTokens: 3, timeoutMs: 5000 };
    const a = await streamChat({ baseUrl: withUsage.url, deadline }, request);
    const b = await streamChat({ baseUrl: withoutUsage.url, deadline }, request);
    expect(a.ok && a.sample.outputTokens).toBe(7);
    expect(b.ok && b.sample.outputTokens).toBe(3);
    expect(b.ok && b.sample.gapsMs.length).toBe(2);
    expect(withUsage.requests[0]).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      authorization: undefined,
      body: { model: "test-model", messages: [{ role: "user", content: "hi" }], max_tokens: 3, stream: true, stream_options: { include_usage: true } },
    });
  });

  it("the table lists the checks, one row per level and the verdict; on a terminal a progress line comes first", async () => {
    const server = await serve();
    const plain = await smoke(["--endpoint", server.url, ...QUICK]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain("\r");
    expect(plain.stdout).toContain(`Smoke test of ${server.url} (model test-model)`);
    expect(plain.stdout).toContain("✓ readiness: GET /health answered 200 (engine ready)");
    expect(plain.stdout).toContain('✓ model: GET /v1/models lists one model, "test-model" (no --model given)');
    expect(plain.stdout).toMatch(/│ concurrency │ requests │ errors │ TTFT p50 ms │ TTFT p95 ms │ ITL p50 ms │ tok\/s per req │ tok\/s total │/);
    expect(plain.stdout).toMatch(/│ 1 +│ 1 +│ 0 +│/);
    expect(plain.stdout.trimEnd().endsWith("PASSED")).toBe(true);
    const tty = await smoke(["--endpoint", server.url, ...QUICK], { isTty: () => true });
    expect(tty.stdout.startsWith("\r\x1b[Kconcurrency 1: 1/1 requests, 0 errors\r\x1b[KSmoke test of")).toBe(true);
  });
});

describe("failures exit 1 and say which check failed", () => {
  it("a model name the endpoint does not serve", async () => {
    const server = await serve({ models: ["served-a", "served-b"] });
    const result = await smoke(["--endpoint", server.url, "--model", "wrong-model", ...QUICK]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Smoke test failed: model: model: "wrong-model" is not served by the endpoint (it serves "served-a", "served-b")\n');
    expect(result.stdout).toContain("FAILED: model");
    // Nothing after a failed model check is tried.
    expect(server.requests.map((r) => r.path)).toEqual(["/health", "/v1/models"]);
  });

  it("several served models and no --model", async () => {
    const server = await serve({ models: ["a", "b"] });
    const result = await smoke(["--endpoint", server.url, ...QUICK]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no --model given and the endpoint serves several ("a", "b"); pass --model <served name>');
  });

  it("an HTTP 500 from the chat completion, with the server's message", async () => {
    const server = await serve({ fail: "500" });
    const result = await smoke(["--endpoint", server.url, ...QUICK, "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.passed).toBe(false);
    expect(report.checks.at(-1)).toEqual({ name: "chat", ok: false, message: "chat: POST /v1/chat/completions answered HTTP 500: engine exploded" });
    expect(report.levels).toEqual([]);
    expect(result.stderr).toBe("Smoke test failed: chat: chat: POST /v1/chat/completions answered HTTP 500: engine exploded\n");
  });

  it("a stream that stalls after its first token fails on the per-request timeout, without retry", async () => {
    const server = await serve({ fail: "stall", stallAfter: 1 });
    const started = performance.now();
    const result = await smoke(["--endpoint", server.url, ...QUICK, "--timeout-s", "0.3"]);
    const elapsed = performance.now() - started;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`stream c=1: 1 of 1 streamed requests failed: ${server.url}/v1/chat/completions: no complete answer within 0.3 s (--timeout-s) (stalled after 1 text events)`);
    expect(result.stderr).toContain("slo-ttft: p95 time to first token at concurrency 1: no successful request to measure (SLO 1000 ms)");
    // One streamed request: no retry.
    expect(server.requests.filter((r) => (r.body as { stream?: boolean } | undefined)?.stream === true)).toHaveLength(1);
    expect(elapsed).toBeLessThan(3000);
  });

  it("the total time limit stops a run whose requests would wait longer", async () => {
    const server = await serve({ fail: "stall", stallAfter: 1 });
    const started = performance.now();
    const result = await smoke(["--endpoint", server.url, "--concurrency", "1", "--requests", "3", "--timeout-s", "10", "--total-timeout-s", "0.4"]);
    expect(performance.now() - started).toBeLessThan(2500);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("3 of 3 streamed requests failed");
    expect(result.stderr).toContain("the total time limit (--total-timeout-s) was reached");
  });

  it("a server that is down (connection refused on a closed port)", async () => {
    const port = await closedPort();
    const result = await smoke(["--endpoint", `http://127.0.0.1:${port}`, ...QUICK]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Smoke test failed: readiness: readiness: http://127.0.0.1:${port}/health: connection refused (is the endpoint up and the port right?)\n`);
  });

  it("a 401 without an API key, and a rejected key, say so", async () => {
    const server = await serve({ apiKey: "sk-right-key" });
    const none = await smoke(["--endpoint", server.url, ...QUICK]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      "Smoke test failed: model: model: GET /v1/models answered HTTP 401: Invalid API key (the endpoint wants an API key: pass --api-key-env VAR)\n",
    );
    const wrong = await smoke(["--endpoint", server.url, "--api-key-env", "SMOKE_KEY", ...QUICK], { env: { SMOKE_KEY: "sk-wrong-key" } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("answered HTTP 401: Invalid API key (the API key given with --api-key-env was rejected)");
    expect(wrong.stdout + wrong.stderr).not.toContain("sk-wrong-key");
  });

  it("the right API key is sent as a bearer token on every request and never printed", async () => {
    const server = await serve({ apiKey: "sk-right-key" });
    const result = await smoke(["--endpoint", server.url, "--api-key-env", "SMOKE_KEY", ...QUICK, "--format", "json"], { env: { SMOKE_KEY: "sk-right-key" } });
    expect(result.code).toBe(0);
    expect(server.requests.length).toBe(4); // health, models, chat, one streamed request
    for (const r of server.requests) expect(r.authorization).toBe("Bearer sk-right-key");
    expect(result.stdout + result.stderr).not.toContain("sk-right-key");
  });

  it("p95 TTFT at concurrency 1 over the SLO", async () => {
    const server = await serve({ ttftMs: 150 });
    const result = await smoke(["--endpoint", server.url, ...QUICK, "--slo-ttft-ms", "100"]);
    expect(result.code).toBe(1);
    const said = /^Smoke test failed: slo-ttft: p95 time to first token at concurrency 1 is (\d+) ms, over the SLO of 100 ms \(--slo-ttft-ms\)\n$/.exec(result.stderr);
    expect(said, result.stderr).not.toBeNull();
    expect(Number(said![1])).toBeGreaterThanOrEqual(148);
  });

  it("a readiness endpoint that answers 503 fails; a 404 on the guessed /health is only a note", async () => {
    const notReady = await serve({ health: 503 });
    const failed = await smoke(["--endpoint", notReady.url, ...QUICK]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe("Smoke test failed: readiness: readiness: GET /health answered HTTP 503: not here (the engine is not ready)\n");
    const noHealth = await serve({ health: 404 });
    const passed = await smoke(["--endpoint", noHealth.url, ...QUICK]);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain("✓ readiness: no readiness endpoint known (GET /health answered 404; pass --stack to use the engine's)");
  });
});

describe("bad input exits 2 before any request", () => {
  it("a bad --concurrency list and other problems, all at once", async () => {
    const server = await serve();
    const result = await smoke(["--endpoint", server.url, "--concurrency", "1,x", "--format", "yaml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        "2 problems with the options:",
        '  --concurrency must be a comma-separated list of whole numbers from 1 to 1024, e.g. 1,4,16 (given "1,x")',
        '  --format must be one of table, json (given "yaml")',
        "Run `gpukit smoke --help` for usage.",
        "",
      ].join("\n"),
    );
    expect(server.requests).toEqual([]);
  });
});

describe("--stack: model, readiness path and bounds from the plan, endpoint from the stack's outputs", () => {
  const DEV_MODEL = "Qwen/Qwen2.5-7B-Instruct-AWQ";

  it("reads the endpoint from `pulumi stack output --json` and compares the figures with the plan's bounds", async () => {
    const server = await serve({ models: [DEV_MODEL] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpukit-smoke-"));
    const fakePulumi = path.join(dir, "pulumi");
    // Prints the outputs only for the exact arguments gpukit must pass.
    fs.writeFileSync(
      fakePulumi,
      `#!/bin/sh\n[ "$*" = "stack output --json --stack dev" ] || { echo "unexpected args: $*" >&2; exit 9; }\necho '{"endpoint": "${server.url}/", "endpoints": {"hangzhou": "${server.url}"}}'\n`,
      { mode: 0o755 },
    );
    try {
      const deps = { loadPlanStack: planStackLoader, readStackOutputs: pulumiStackOutputs(fakePulumi) };
      const json = await smoke(["--stack", "dev", ...QUICK, "--format", "json"], deps);
      expect(json.stderr).toBe("");
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout) as JsonReport;
      const { plan } = (await planStackLoader())({ stack: "dev" });
      const t = plan.targets[0];
      expect(report.endpoint).toBe(server.url);
      expect(report.model).toBe(DEV_MODEL);
      expect(report.bounds).toEqual({
        target: t.name,
        latencyBoundMsPerToken: t.latencyBoundMsPerToken,
        maxConcurrentSequences: t.maxConcurrentSequences,
        engines: t.replicas.min * t.dataParallel,
      });
      expect(report.checks[0].message).toBe("GET /health answered 200 (engine ready)");
      expect(report.checks[1].message).toBe(`GET /v1/models lists "${DEV_MODEL}"`);

      const table = await smoke(["--stack", "dev", ...QUICK], deps);
      expect(table.code).toBe(0);
      expect(table.stdout).toContain("│ vs plan ");
      expect(table.stdout).toMatch(new RegExp(`ITL [\\d.]+× bound, 1/${t.maxConcurrentSequences * t.replicas.min * t.dataParallel} seq`));
      expect(table.stdout).toContain(`Plan bounds of target ${t.name}: decode latency ≥ `);
      expect(table.stdout).toContain(`  KV cache holds ${t.maxConcurrentSequences} full-context sequences per engine × `);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uses the engine's readiness path from the plan, where a 404 is a failure", async () => {
    const server = await serve({ models: [DEV_MODEL] });
    const loadPlanStack = async () => {
      const real = await planStackLoader();
      return ((options: Parameters<typeof real>[0]) => {
        const result = real(options);
        result.plan.targets[0].engine.readinessPath = "/ping";
        return result;
      }) as typeof real;
    };
    const result = await smoke(["--stack", "dev", "--endpoint", server.url, ...QUICK], { loadPlanStack });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("Smoke test failed: readiness: readiness: GET /ping answered HTTP 404: no route GET /ping (the engine is not ready)\n");
  });

  it("without the Pulumi CLI, points at --endpoint (exit 2); a failing `pulumi stack output` is reported", async () => {
    const missing = await smoke(["--stack", "dev", ...QUICK], { loadPlanStack: planStackLoader, readStackOutputs: pulumiStackOutputs("/nonexistent/bin/pulumi") });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("The Pulumi CLI (/nonexistent/bin/pulumi) is not on PATH, so the outputs of stack dev cannot be read. Pass --endpoint <url>");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpukit-smoke-"));
    const failing = path.join(dir, "pulumi");
    fs.writeFileSync(failing, `#!/bin/sh\necho "error: no stack named 'dev' found" >&2\nexit 255\n`, { mode: 0o755 });
    try {
      const result = await smoke(["--stack", "dev", ...QUICK], { loadPlanStack: planStackLoader, readStackOutputs: pulumiStackOutputs(failing) });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`\`${failing} stack output --json --stack dev\` failed: error: no stack named 'dev' found. Pass --endpoint <url>`);
      const empty = await smoke(["--stack", "dev", ...QUICK], { loadPlanStack: planStackLoader, readStackOutputs: async () => ({ endpoint: "" }) });
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain("Stack dev has no `endpoint` output (has `pulumi up` run for it?)");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
