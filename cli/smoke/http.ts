/**
 * HTTP for `gpukit smoke` on Node's own `fetch`: a bounded request (per-request timeout plus the
 * run's overall deadline), and one-line descriptions of what went wrong (connection refused,
 * timeout, HTTP status with the server's error message). No retries: a failure is reported as is.
 * The API key goes in `Authorization: Bearer …` and never into a message.
 */

/** How to reach the endpoint. */
export interface Connection {
  /** Base URL without a trailing slash, e.g. `https://lb.example.com` (paths such as `/v1/models` are appended). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never printed. */
  apiKey?: string;
  /** Aborted when the run's total time limit passes. */
  deadline: AbortSignal;
}

/** A response read whole. */
export interface TextResponse {
  status: number;
  body: string;
}

/** A request that got no HTTP response (connection error, timeout, deadline); `message` says which. */
export class RequestFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RequestFailed";
  }
}

/** Headers of every request: JSON, and the bearer token when there is one. */
export function requestHeaders(conn: Connection, json: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: json ? "application/json" : "text/event-stream" };
  if (json) headers["content-type"] = "application/json";
  if (conn.apiKey) headers.authorization = `Bearer ${conn.apiKey}`;
  return headers;
}

/** One signal that aborts on the per-request timeout or on the run's deadline. */
export function requestSignal(conn: Connection, timeoutMs: number): AbortSignal {
  return AbortSignal.any([AbortSignal.timeout(timeoutMs), conn.deadline]);
}

/**
 * Describes an error thrown by `fetch` or by reading its body: timeout, total time limit,
 * connection refused / DNS / reset with the address, else the error's own message.
 */
export function describeFetchError(error: unknown, url: string, timeoutMs: number, deadline: AbortSignal): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (deadline.aborted) return `${url}: stopped, the total time limit (--total-timeout-s) was reached`;
  if (err.name === "TimeoutError" || err.name === "AbortError") return `${url}: no complete answer within ${timeoutMs / 1000} s (--timeout-s)`;
  const code = err.cause?.code;
  if (code === "ECONNREFUSED") return `${url}: connection refused (is the endpoint up and the port right?)`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `${url}: host not found (${code})`;
  if (code) return `${url}: ${code}${err.cause?.message ? ` (${err.cause.message})` : ""}`;
  return `${url}: ${err.cause?.message ?? err.message ?? String(error)}`;
}

/** Sends a request and reads the whole body; throws {@link RequestFailed} when there is no response. */
export async function fetchText(conn: Connection, path: string, timeoutMs: number, body?: unknown): Promise<TextResponse> {
  const url = conn.baseUrl + path;
  const signal = requestSignal(conn, timeoutMs);
  try {
    const res = await fetch(url, {
      method: body === undefined ? "GET" : "POST",
      headers: requestHeaders(conn, true),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      redirect: "follow",
    });
    return { status: res.status, body: await res.text() };
  } catch (error) {
    throw new RequestFailed(describeFetchError(error, url, timeoutMs, conn.deadline));
  }
}

/** Parses JSON, or undefined when the text is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Longest server message quoted in a report. */
const QUOTE_MAX = 200;

/**
 * Why an HTTP status is a failure, in one line: the status, the server's error message (OpenAI
 * `{error:{message}}`, `{message}`, `{detail}` or the start of the body), and for 401/403 a hint
 * about the API key (`hasKey`: whether one was sent).
 */
export function describeHttpError(path: string, res: TextResponse, hasKey: boolean): string {
  const json = parseJson(res.body) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown } | undefined;
  const raw =
    (typeof json?.error === "object" ? json.error?.message : json?.error) ?? json?.message ?? json?.detail ?? (json === undefined ? res.body : undefined);
  const said = typeof raw === "string" && raw.trim() ? `: ${oneLine(raw)}` : "";
  let hint = "";
  if (res.status === 401 || res.status === 403) {
    hint = hasKey ? " (the API key given with --api-key-env was rejected)" : " (the endpoint wants an API key: pass --api-key-env VAR)";
  }
  return `${path} answered HTTP ${res.status}${said}${hint}`;
}

/** `text` on one line, cut to {@link QUOTE_MAX} characters. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > QUOTE_MAX ? `${flat.slice(0, QUOTE_MAX)}…` : flat;
}
