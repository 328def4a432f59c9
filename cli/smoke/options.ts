/**
 * The options of `gpukit smoke`, validated all at once: every problem is collected and reported
 * together (exit 2) before any request is sent. Defaults and units are in {@link SMOKE_DEFAULTS}.
 */
import { UsageError, stringValue, type CliValues } from "../command";
import type { SmokeSettings } from "./run";

/** Output formats of `gpukit smoke`. */
export const SMOKE_FORMATS = ["table", "json"] as const;

/** Defaults of the options, as strings (they appear in the help). */
export const SMOKE_DEFAULTS = {
  /** Concurrency levels, comma separated. */
  concurrency: "1,4,16",
  /** Streamed requests per level. */
  requests: "16",
  /** Approximate prompt length, tokens. */
  promptTokens: "128",
  /** `max_tokens` of each streamed request. */
  maxTokens: "64",
  /** SLO on p95 time to first token at concurrency 1, ms (interactive use wants under a second). */
  sloTtftMs: "1000",
  /** Per-request timeout, seconds. */
  timeoutS: "60",
  /** Total time limit of the run, seconds. */
  totalTimeoutS: "600",
} as const;

/** Largest concurrency level and requests per level accepted (keeps a run bounded). */
export const SMOKE_LIMITS = { concurrency: 1024, requests: 10_000, promptTokens: 1_000_000, maxTokens: 100_000 } as const;

/** Parsed, valid options: the run's settings (documented on {@link SmokeSettings}) and where the endpoint and key come from. */
export interface SmokeOptions extends Pick<SmokeSettings, "concurrency" | "requests" | "promptTokens" | "maxTokens" | "sloTtftMs" | "timeoutMs" | "totalTimeoutMs"> {
  stack?: string;
  endpoint?: string;
  /** Name of the environment variable holding the API key (the key itself is read by the command). */
  apiKeyEnv?: string;
  model?: string;
  format: (typeof SMOKE_FORMATS)[number];
}

/** A positive integer within `max`, or a message. */
function positiveInt(flag: string, raw: string, max: number, errors: string[], min = 1): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) errors.push(`--${flag} must be a whole number from ${min} to ${max} (given ${JSON.stringify(raw)})`);
  return n;
}

/** A positive number (decimals allowed) within `max`, or a message. */
function positiveNumber(flag: string, raw: string, max: number, errors: string[]): number {
  const n = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!(n > 0 && n <= max)) errors.push(`--${flag} must be a number above 0 and at most ${max} (given ${JSON.stringify(raw)})`);
  return n;
}

/** Validates the option values; throws one {@link UsageError} listing every problem. */
export function parseSmokeOptions(values: CliValues, env: NodeJS.ProcessEnv = process.env): SmokeOptions {
  const errors: string[] = [];
  const get = (name: string, fallback: string) => stringValue(values, name) ?? fallback;
  const stack = stringValue(values, "stack") || undefined;
  let endpoint = stringValue(values, "endpoint") || undefined;
  if (!stack && !endpoint) errors.push("give --stack <name> (endpoint, model and plan from the stack) or --endpoint <url>");
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) errors.push(`--endpoint must be an http:// or https:// URL (given ${JSON.stringify(endpoint)})`);
    else endpoint = endpointBase(endpoint);
  }
  const apiKeyEnv = stringValue(values, "api-key-env") || undefined;
  if (apiKeyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) errors.push(`--api-key-env must name an environment variable (given ${JSON.stringify(apiKeyEnv)})`);
  else if (apiKeyEnv !== undefined && !env[apiKeyEnv]) errors.push(`--api-key-env ${apiKeyEnv}: the environment variable ${apiKeyEnv} is not set or empty`);

  const rawLevels = get("concurrency", SMOKE_DEFAULTS.concurrency);
  const parts = rawLevels.split(",").map((p) => p.trim());
  const concurrency: number[] = [];
  if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > SMOKE_LIMITS.concurrency)) {
    errors.push(`--concurrency must be a comma-separated list of whole numbers from 1 to ${SMOKE_LIMITS.concurrency}, e.g. 1,4,16 (given ${JSON.stringify(rawLevels)})`);
  } else {
    for (const p of parts) concurrency.push(Number(p));
    if (new Set(concurrency).size !== concurrency.length) errors.push(`--concurrency lists a level twice (given ${JSON.stringify(rawLevels)})`);
  }
  const requests = positiveInt("requests", get("requests", SMOKE_DEFAULTS.requests), SMOKE_LIMITS.requests, errors);
  if (concurrency.length && Number.isSafeInteger(requests) && requests < Math.max(...concurrency)) {
    errors.push(`--requests (${requests} per level) must be at least the largest --concurrency level (${Math.max(...concurrency)})`);
  }
  const promptTokens = positiveInt("prompt-tokens", get("prompt-tokens", SMOKE_DEFAULTS.promptTokens), SMOKE_LIMITS.promptTokens, errors);
  const maxTokens = positiveInt("max-tokens", get("max-tokens", SMOKE_DEFAULTS.maxTokens), SMOKE_LIMITS.maxTokens, errors, 2);
  const sloTtftMs = positiveNumber("slo-ttft-ms", get("slo-ttft-ms", SMOKE_DEFAULTS.sloTtftMs), 3_600_000, errors);
  const timeoutS = positiveNumber("timeout-s", get("timeout-s", SMOKE_DEFAULTS.timeoutS), 3600, errors);
  const totalTimeoutS = positiveNumber("total-timeout-s", get("total-timeout-s", SMOKE_DEFAULTS.totalTimeoutS), 86_400, errors);
  const format = get("format", "table");
  if (!(SMOKE_FORMATS as readonly string[]).includes(format)) errors.push(`--format must be one of ${SMOKE_FORMATS.join(", ")} (given ${JSON.stringify(format)})`);
  if (errors.length) throw new UsageError(errors.length === 1 ? errors[0] : `${errors.length} problems with the options:\n${errors.map((e) => `  ${e}`).join("\n")}`);
  return {
    stack,
    endpoint,
    apiKeyEnv,
    model: stringValue(values, "model") || undefined,
    concurrency,
    requests,
    promptTokens,
    maxTokens,
    sloTtftMs,
    timeoutMs: Math.round(timeoutS * 1000),
    totalTimeoutMs: Math.round(totalTimeoutS * 1000),
    format: format as SmokeOptions["format"],
  };
}

/** The base URL of an endpoint: no trailing slash, and no trailing `/v1` (paths add it). */
export function endpointBase(url: string): string {
  return url.replace(/\/+$/, "").replace(/\/v1$/, "");
}
