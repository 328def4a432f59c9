/**
 * The checks of `gpukit smoke`, in order: readiness endpoint, `GET /v1/models` lists the model, one
 * non-streaming chat completion returns text, then streamed chat completions at each concurrency
 * level, then the time-to-first-token SLO at the lowest level (concurrency 1 by default). A failed
 * readiness, model or chat check stops the run (what follows would fail the same way); a level in
 * which every request failed stops the levels. Everything is bounded by the per-request timeout and
 * the total time limit; nothing is retried.
 */
import { CHAT_PATH } from "./stream";
import { describeHttpError, fetchText, oneLine, parseJson, type Connection } from "./http";
import { promptOf, runLevel, type LevelProgress } from "./load";
import type { LevelStats } from "./stats";

/** What the plan says the hardware allows (known with --stack). */
export interface PlanBounds {
  /** Target the endpoint belongs to. */
  target: string;
  /** Lower bound of decode latency per output token, ms (`targets[].latencyBoundMsPerToken`). */
  latencyBoundMsPerToken: number;
  /** Concurrent full-context sequences one engine's KV cache holds (`targets[].maxConcurrentSequences`). */
  maxConcurrentSequences: number;
  /** Engine processes behind the endpoint at `replicas.min` (instances × data-parallel engines). */
  engines: number;
}

/** Where and what to smoke. */
export interface SmokeTarget {
  /** Base URL, no trailing slash. */
  endpoint: string;
  /** Served model name to expect; undefined: the endpoint's only model. */
  model?: string;
  /** Readiness path from the plan (`/health` for vLLM); undefined: try `/health`, a 404 is no failure. */
  readinessPath?: string;
  bounds?: PlanBounds;
}

/** How hard and how long. */
export interface SmokeSettings {
  /** Concurrency levels, in order. */
  concurrency: number[];
  /** Streamed requests per level. */
  requests: number;
  /** Approximate prompt length in tokens. */
  promptTokens: number;
  /** `max_tokens` of each streamed request. */
  maxTokens: number;
  /** SLO on p95 time to first token at the lowest level, ms. */
  sloTtftMs: number;
  /** Per-request timeout, ms. */
  timeoutMs: number;
  /** Total time limit of the run, ms. */
  totalTimeoutMs: number;
  /** Bearer token; never printed. */
  apiKey?: string;
}

/** One check and its outcome. */
export interface SmokeCheck {
  name: string;
  ok: boolean;
  message: string;
}

/** Everything a smoke run found; `passed` when every check is ok. */
export interface SmokeReport {
  endpoint: string;
  /** Model checked (given, from the stack, or the endpoint's only model); null when it could not be told. */
  model: string | null;
  checks: SmokeCheck[];
  levels: LevelStats[];
  bounds: PlanBounds | null;
  passed: boolean;
}

/** Readiness and model checks' timeout cap, ms (they answer at once when the engine is up). */
const QUICK_TIMEOUT_MS = 10_000;

/** Runs every check against `target`; never throws for what the endpoint does. */
export async function runSmoke(target: SmokeTarget, settings: SmokeSettings, onProgress?: (p: LevelProgress) => void): Promise<SmokeReport> {
  const deadlineTimer = new AbortController();
  const timer = setTimeout(() => deadlineTimer.abort(), settings.totalTimeoutMs);
  const conn: Connection = { baseUrl: target.endpoint, apiKey: settings.apiKey, deadline: deadlineTimer.signal };
  const report: SmokeReport = { endpoint: target.endpoint, model: target.model ?? null, checks: [], levels: [], bounds: target.bounds ?? null, passed: false };
  const add = (name: string, ok: boolean, message: string): boolean => {
    report.checks.push({ name, ok, message });
    return ok;
  };
  const quick = Math.min(QUICK_TIMEOUT_MS, settings.timeoutMs);
  try {
    if (!add("readiness", ...(await readiness(conn, target.readinessPath, quick)))) return report;
    const model = await modelCheck(conn, target.model, quick);
    report.model = model.model;
    if (!add("model", model.ok, model.message)) return report;
    if (!add("chat", ...(await chatCheck(conn, model.model!, settings.timeoutMs)))) return report;

    const request = { model: model.model!, prompt: promptOf(settings.promptTokens), maxTokens: settings.maxTokens, timeoutMs: settings.timeoutMs };
    for (const concurrency of settings.concurrency) {
      const { stats, errorMessages } = await runLevel(conn, request, concurrency, settings.requests, onProgress);
      report.levels.push(stats);
      const ok = stats.errors === 0;
      add(
        `stream c=${concurrency}`,
        ok,
        ok ? `${stats.requests} streamed requests at concurrency ${concurrency}, no errors` : `${stats.errors} of ${stats.requests} streamed requests failed: ${errorMessages.slice(0, 3).join("; ")}`,
      );
      if (stats.errors === stats.requests) break;
    }
    const lowest = report.levels.find((l) => l.concurrency === Math.min(...settings.concurrency));
    if (lowest) add("slo-ttft", ...sloCheck(lowest, settings.sloTtftMs));
    return report;
  } finally {
    clearTimeout(timer);
    report.passed = report.checks.length > 0 && report.checks.every((c) => c.ok);
  }
}

/** `[ok, message]` of a check. */
type Outcome = [boolean, string];

/** The readiness endpoint answers 200 (a 404 on the guessed `/health` is only a note). */
async function readiness(conn: Connection, path: string | undefined, timeoutMs: number): Promise<Outcome> {
  const asked = path ?? "/health";
  try {
    const res = await fetchText(conn, asked, timeoutMs);
    if (res.status === 200) return [true, `GET ${asked} answered 200 (engine ready)`];
    if (path === undefined && res.status === 404) return [true, `no readiness endpoint known (GET /health answered 404; pass --stack to use the engine's)`];
    return [false, `readiness: ${describeHttpError(`GET ${asked}`, res, Boolean(conn.apiKey))} (the engine is not ready)`];
  } catch (error) {
    return [false, `readiness: ${(error as Error).message}`];
  }
}

/** `GET /v1/models` lists the expected model (or exactly one model when none is expected). */
async function modelCheck(conn: Connection, expected: string | undefined, timeoutMs: number): Promise<{ ok: boolean; message: string; model: string | null }> {
  const fail = (message: string) => ({ ok: false, message, model: expected ?? null });
  let res;
  try {
    res = await fetchText(conn, "/v1/models", timeoutMs);
  } catch (error) {
    return fail(`model: ${(error as Error).message}`);
  }
  if (res.status !== 200) return fail(`model: ${describeHttpError("GET /v1/models", res, Boolean(conn.apiKey))}`);
  const data = (parseJson(res.body) as { data?: Array<{ id?: unknown }> } | undefined)?.data;
  if (!Array.isArray(data)) return fail(`model: GET /v1/models did not return an OpenAI model list ({ data: [{ id }] }): ${oneLine(res.body)}`);
  const served = data.map((m) => m?.id).filter((id): id is string => typeof id === "string");
  const list = served.length ? served.map((s) => JSON.stringify(s)).join(", ") : "none";
  if (expected !== undefined) {
    return served.includes(expected)
      ? { ok: true, message: `GET /v1/models lists ${JSON.stringify(expected)}`, model: expected }
      : fail(`model: ${JSON.stringify(expected)} is not served by the endpoint (it serves ${list})`);
  }
  if (served.length === 1) return { ok: true, message: `GET /v1/models lists one model, ${JSON.stringify(served[0])} (no --model given)`, model: served[0] };
  return fail(`model: no --model given and the endpoint serves ${served.length === 0 ? "no model" : `several (${list})`}; pass --model <served name>`);
}

/** One non-streaming chat completion returns text. */
async function chatCheck(conn: Connection, model: string, timeoutMs: number): Promise<Outcome> {
  let res;
  try {
    res = await fetchText(conn, CHAT_PATH, timeoutMs, { model, messages: [{ role: "user", content: "Say hello in one short sentence." }], max_tokens: 32, stream: false });
  } catch (error) {
    return [false, `chat: ${(error as Error).message}`];
  }
  if (res.status !== 200) return [false, `chat: ${describeHttpError(`POST ${CHAT_PATH}`, res, Boolean(conn.apiKey))}`];
  const body = parseJson(res.body) as { choices?: Array<{ message?: { content?: unknown; reasoning_content?: unknown } }> } | undefined;
  const message = body?.choices?.[0]?.message;
  const text = [message?.content, message?.reasoning_content].find((t): t is string => typeof t === "string" && t.trim() !== "");
  if (text === undefined) return [false, `chat: POST ${CHAT_PATH} answered 200 without text in choices[0].message.content: ${oneLine(res.body)}`];
  return [true, `POST ${CHAT_PATH} returned text: ${JSON.stringify(oneLine(text).slice(0, 60))}`];
}

/** p95 time to first token at the lowest level is within the SLO. */
function sloCheck(level: LevelStats, sloMs: number): Outcome {
  const p95 = level.ttftMs.p95;
  const at = `at concurrency ${level.concurrency}`;
  if (p95 === null) return [false, `p95 time to first token ${at}: no successful request to measure (SLO ${sloMs} ms)`];
  return p95 <= sloMs
    ? [true, `p95 time to first token ${at} is ${Math.round(p95)} ms, within the SLO of ${sloMs} ms`]
    : [false, `p95 time to first token ${at} is ${Math.round(p95)} ms, over the SLO of ${sloMs} ms (--slo-ttft-ms)`];
}
