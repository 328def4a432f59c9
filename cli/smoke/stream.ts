/**
 * One streamed chat completion, timed: time to the first output text, the gaps between text
 * events, output tokens and the end-to-end time, in ms from sending the request. A request fails
 * (no retry) on an HTTP error, an `error` object in the stream, a stream that ends without
 * `data: [DONE]` or without any text, and on the per-request timeout (a stalled stream).
 */
import { performance } from "node:perf_hooks";
import type { RequestSample } from "./stats";
import { describeFetchError, describeHttpError, parseJson, requestHeaders, requestSignal, type Connection } from "./http";
import { sseEvents } from "./sse";

/** What to ask for. */
export interface StreamRequest {
  model: string;
  prompt: string;
  /** `max_tokens` of the request. */
  maxTokens: number;
  /** Per-request timeout in ms, covering the whole stream. */
  timeoutMs: number;
}

/** A measured request, or why it failed. */
export type StreamOutcome = { ok: true; sample: RequestSample } | { ok: false; error: string };

/** Path of the chat completions API. */
export const CHAT_PATH = "/v1/chat/completions";

/** One chunk of a streamed chat completion, as far as the smoke test reads it. */
interface ChatChunk {
  choices?: Array<{ delta?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown } }>;
  usage?: { completion_tokens?: unknown } | null;
  error?: { message?: unknown } | string;
}

/** Output text carried by a chunk (content, or the reasoning text of reasoning models). */
function textOf(chunk: ChatChunk): string {
  let text = "";
  for (const choice of chunk.choices ?? []) {
    for (const part of [choice.delta?.content, choice.delta?.reasoning_content, choice.delta?.reasoning]) {
      if (typeof part === "string") text += part;
    }
  }
  return text;
}

/** Sends one streamed chat completion and times it. Never throws. */
export async function streamChat(conn: Connection, req: StreamRequest): Promise<StreamOutcome> {
  const url = conn.baseUrl + CHAT_PATH;
  const signal = requestSignal(conn, req.timeoutMs);
  const started = performance.now();
  const times: number[] = [];
  let usageTokens: number | undefined;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { ...requestHeaders(conn, true), accept: "text/event-stream" },
      body: JSON.stringify({
        model: req.model,
        messages: [{ role: "user", content: req.prompt }],
        max_tokens: req.maxTokens,
        stream: true,
        stream_options: { include_usage: true },
      }),
      signal,
    });
    if (res.status !== 200 || !res.body) {
      return { ok: false, error: describeHttpError(CHAT_PATH, { status: res.status, body: await res.text() }, Boolean(conn.apiKey)) };
    }
    let done = false;
    for await (const event of sseEvents(res.body)) {
      const data = event.data.trim();
      if (data === "[DONE]") {
        done = true;
        break;
      }
      const chunk = parseJson(data) as ChatChunk | undefined;
      if (chunk === undefined || typeof chunk !== "object" || chunk === null) return { ok: false, error: `${CHAT_PATH}: stream event is not JSON: ${data.slice(0, 80)}` };
      if (chunk.error !== undefined) {
        const message = typeof chunk.error === "string" ? chunk.error : String(chunk.error.message ?? JSON.stringify(chunk.error));
        return { ok: false, error: `${CHAT_PATH}: error in the stream: ${message.slice(0, 200)}` };
      }
      if (textOf(chunk) !== "") times.push(performance.now() - started);
      const completion = chunk.usage?.completion_tokens;
      if (typeof completion === "number") usageTokens = completion;
    }
    const end = performance.now() - started;
    if (!done) return { ok: false, error: `${CHAT_PATH}: the stream ended without data: [DONE] after ${times.length} text events` };
    if (times.length === 0) return { ok: false, error: `${CHAT_PATH}: the stream carried no output text` };
    const gapsMs = times.slice(1).map((t, i) => t - times[i]);
    return { ok: true, sample: { ttftMs: times[0], gapsMs, outputTokens: usageTokens ?? times.length, e2eMs: end } };
  } catch (error) {
    const got = times.length ? ` (stalled after ${times.length} text events)` : "";
    return { ok: false, error: describeFetchError(error, url, req.timeoutMs, conn.deadline) + got };
  }
}
