/**
 * A small OpenAI-compatible server for the smoke tests: `GET /health`, `GET /v1/models`,
 * `POST /v1/chat/completions` (plain and streamed), on 127.0.0.1 at a random port. It streams
 * `tokens` tokens, the first `ttftMs` after the request and the next ones `interTokenMs` apart,
 * and can be told to fail (HTTP 500, a stalled stream, a required API key). The stream mixes `\n`
 * and `\r\n` line ends, comment lines and events written in two halves, as real servers and
 * proxies do. Bounded: it closes itself after `lifetimeMs`, and `close()` drops every connection.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

/** How the fake server behaves. Times in ms. */
export interface FakeServerOptions {
  /** Served model names (default `["test-model"]`). */
  models?: string[];
  /** Delay from the request to the first token (default 0). */
  ttftMs?: number;
  /** Delay between tokens (default 0). */
  interTokenMs?: number;
  /** Tokens per streamed answer (default 5). */
  tokens?: number;
  /** Send `usage.completion_tokens` in a last chunk (default true). */
  usage?: boolean;
  /** The `completion_tokens` that chunk reports (default `tokens`). */
  usageTokens?: number;
  /** When set, `/v1/*` answers 401 unless `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Status of `GET /health` (default 200). */
  health?: number;
  /** `500`: every chat completion answers HTTP 500; `stall`: streams stop after `stallAfter` tokens and hang. */
  fail?: "none" | "500" | "stall";
  /** Tokens sent before a stall (default 1). */
  stallAfter?: number;
  /** The server closes itself after this long (default 20 000). */
  lifetimeMs?: number;
}

/** One request the server received. */
export interface SeenRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: unknown;
}

/**
 * What the server actually did for one streamed answer (its timers fire late on a loaded machine,
 * never early): ms from the request's arrival to each token it wrote, and to the end.
 */
export interface StreamTiming {
  tokenAtMs: number[];
  endAtMs: number | null;
}

/** A running fake server. */
export interface FakeServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  requests: SeenRequest[];
  /** One entry per streamed answer, in the order the requests arrived. */
  streams: StreamTiming[];
  close(): Promise<void>;
}

/** Starts a fake server; resolves once it listens. */
export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const models = options.models ?? ["test-model"];
  const tokens = options.tokens ?? 5;
  const timers = new Set<NodeJS.Timeout>();
  const requests: SeenRequest[] = [];
  const streams: StreamTiming[] = [];
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const stream = (res: http.ServerResponse, model: string, arrived: number) => {
    const timing: StreamTiming = { tokenAtMs: [], endAtMs: null };
    streams.push(timing);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", model, choices: [{ index: 0, delta, finish_reason: null }], ...extra });
    // The role chunk comes at once and carries no text: it must not count as the first token.
    res.write(`: fake server\n\ndata: ${chunk({ role: "assistant", content: "" })}\r\n\r\n`);
    const limit = options.fail === "stall" ? Math.min(options.stallAfter ?? 1, tokens) : tokens;
    const send = (i: number) => {
      if (res.destroyed) return;
      const event = `data: ${chunk({ content: ` tok${i}` })}${i % 2 ? "\r\n\r\n" : "\n\n"}`;
      // Half an event, then the rest: a reader must join them.
      const cut = Math.floor(event.length / 2);
      res.write(event.slice(0, cut));
      res.write(event.slice(cut));
      timing.tokenAtMs.push(performance.now() - arrived);
      if (i + 1 < limit) later(options.interTokenMs ?? 0, () => send(i + 1));
      else if (options.fail !== "stall") {
        if (options.usage ?? true) res.write(`data: ${JSON.stringify({ id: "chatcmpl-fake", choices: [], usage: { prompt_tokens: 10, completion_tokens: options.usageTokens ?? tokens } })}\n\n`);
        res.end(": done\n\ndata: [DONE]\n\n");
        timing.endAtMs = performance.now() - arrived;
      }
      // stall: nothing more is written and the response stays open.
    };
    later(options.ttftMs ?? 0, () => send(0));
  };

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString("utf8")));
    req.on("end", () => {
      const arrived = performance.now();
      const path = (req.url ?? "/").split("?")[0];
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      requests.push({ method: req.method ?? "GET", path, authorization: req.headers.authorization, body });
      if (path === "/health" && req.method === "GET") {
        const status = options.health ?? 200;
        res.writeHead(status).end(status === 200 ? "" : "not here");
        return;
      }
      if (path.startsWith("/v1/") && options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        json(res, 401, { error: { message: "Invalid API key", type: "invalid_request_error", code: 401 } });
        return;
      }
      if (path === "/v1/models" && req.method === "GET") {
        json(res, 200, { object: "list", data: models.map((id) => ({ id, object: "model", owned_by: "fake" })) });
        return;
      }
      if (path === "/v1/chat/completions" && req.method === "POST") {
        const ask = (body ?? {}) as { model?: string; stream?: boolean };
        if (options.fail === "500") {
          json(res, 500, { error: { message: "engine exploded", type: "internal_error", code: 500 } });
          return;
        }
        if (!ask.model || !models.includes(ask.model)) {
          json(res, 404, { error: { message: `The model \`${ask.model}\` does not exist.`, code: 404 } });
          return;
        }
        if (ask.stream) {
          stream(res, ask.model, arrived);
          return;
        }
        later(options.ttftMs ?? 0, () =>
          json(res, 200, { id: "chatcmpl-fake", object: "chat.completion", model: ask.model, choices: [{ index: 0, message: { role: "assistant", content: "Hello there." }, finish_reason: "stop" }], usage: { completion_tokens: 3 } }),
        );
        return;
      }
      json(res, 404, { error: { message: `no route ${req.method} ${path}` } });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      clearTimeout(lifetime);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 20_000);
  lifetime.unref();
  return { url: `http://127.0.0.1:${port}`, port, requests, streams, close };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed): connecting is refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
