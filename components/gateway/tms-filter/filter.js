"use strict";
/**
 * gpukit TMS filter: Tencent Cloud Text Moderation (TMS `TextModeration`, API 2020-12-29) for the
 * Higress gateway, which has no TMS plugin. Node >= 18, no dependencies: shipped as this one file
 * and run with `node filter.js` in a container beside the gateway.
 *
 * - `POST /check/request`: called by the gateway's `ext-auth` plugin (forward_auth, request body
 *   included) before a prompt reaches an engine. 200 = allow; 403 + JSON refusal = blocked;
 *   503 = TMS failed and failOpen is false (the gateway then refuses too: failure_mode_allow false).
 * - any other path (only when GPUKIT_TMS_UPSTREAM is set): a reverse proxy to the engine that
 *   checks generated text before the client sees it. Non-streamed answers are checked whole;
 *   streamed (SSE) answers are held back in windows of GPUKIT_TMS_WINDOW characters (default 300),
 *   each window checked with the tail of the previous one, and released only when TMS passes it; a
 *   blocked window ends the stream with an error event, so its text never reaches the client.
 * - `GET /healthz`: 200.
 */
const http = require("node:http");
const https = require("node:https");
const crypto = require("node:crypto");

/** Body text of every refusal (the same text as the Alibaba plugin's denyMessage). */
const DENY_MESSAGE = "This request was refused by content moderation.";
const UNAVAILABLE_MESSAGE = "Content moderation is unavailable, so this was not passed on.";
/** TMS takes at most 10000 characters per call. */
const TMS_MAX_CHARS = 10000;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer", "content-length"]);

const sha256hex = (s) => crypto.createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key, s) => crypto.createHmac("sha256", key).update(s, "utf8").digest();

/** Tencent Cloud API 3.0 signature (TC3-HMAC-SHA256) of a JSON POST; returns the headers to send. */
function signTc3(r) {
  const contentType = "application/json; charset=utf-8";
  const signedHeaders = "content-type;host;x-tc-action";
  const canonicalHeaders = "content-type:" + contentType + "\nhost:" + r.host + "\nx-tc-action:" + r.action.toLowerCase() + "\n";
  const canonical = ["POST", "/", "", canonicalHeaders, signedHeaders, sha256hex(r.body)].join("\n");
  const day = new Date(r.timestamp * 1000).toISOString().slice(0, 10);
  const scope = day + "/" + r.service + "/tc3_request";
  const toSign = ["TC3-HMAC-SHA256", String(r.timestamp), scope, sha256hex(canonical)].join("\n");
  const key = hmac(hmac(hmac("TC3" + r.secretKey, day), r.service), "tc3_request");
  const signature = crypto.createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  const headers = {
    authorization: "TC3-HMAC-SHA256 Credential=" + r.secretId + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature,
    "content-type": contentType,
    host: r.host,
    "x-tc-action": r.action,
    "x-tc-timestamp": String(r.timestamp),
    "x-tc-version": r.version,
  };
  if (r.region) headers["x-tc-region"] = r.region;
  return headers;
}

/** Text of an OpenAI content field: a string or an array of parts (`{type: "text", text}`). */
function contentText(c) {
  if (typeof c === "string") return c;
  if (Array.isArray(c)) return c.map((p) => (typeof p === "string" ? p : p && typeof p.text === "string" ? p.text : "")).join("\n");
  return "";
}

/**
 * The new text a chat/completions/responses request sends: the last message (earlier turns were
 * checked when they were sent; Higress ai-security-guard's default is the same,
 * `messages.@reverse.0.content`), the prompt, or the input.
 */
function textOfRequest(body) {
  let j;
  try { j = JSON.parse(body); } catch (e) { return ""; }
  if (!j || typeof j !== "object") return "";
  const parts = [];
  if (Array.isArray(j.messages) && j.messages.length) parts.push(contentText(j.messages[j.messages.length - 1] && j.messages[j.messages.length - 1].content));
  if (j.prompt !== undefined) parts.push(Array.isArray(j.prompt) ? j.prompt.filter((p) => typeof p === "string").join("\n") : contentText(j.prompt));
  if (j.input !== undefined) parts.push(Array.isArray(j.input) ? j.input.map((m) => (typeof m === "string" ? m : contentText(m && m.content))).join("\n") : contentText(j.input));
  return parts.filter(Boolean).join("\n");
}

/** The generated text of a non-streamed answer. */
function textOfResponse(j) {
  if (!j || !Array.isArray(j.choices)) return "";
  return j.choices.map((c) => (c && c.message ? contentText(c.message.content) : c && typeof c.text === "string" ? c.text : "")).filter(Boolean).join("\n");
}

/** The generated text of one streamed chunk (`choices[].delta.content` or `choices[].text`). */
function textOfChunk(j) {
  if (!j || !Array.isArray(j.choices)) return "";
  return j.choices.map((c) => (c && c.delta ? contentText(c.delta.content) : c && typeof c.text === "string" ? c.text : "")).join("");
}

/** Configuration from the environment; throws naming every missing variable. */
function configFromEnv(env) {
  const missing = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "GPUKIT_TMS_BIZTYPE", "GPUKIT_TMS_REGION"].filter((k) => !env[k]);
  if (missing.length) throw new Error("gpukit-tms-filter: missing " + missing.join(", "));
  return {
    secretId: env.TENCENTCLOUD_SECRET_ID,
    secretKey: env.TENCENTCLOUD_SECRET_KEY,
    bizType: env.GPUKIT_TMS_BIZTYPE,
    region: env.GPUKIT_TMS_REGION,
    endpoint: env.GPUKIT_TMS_ENDPOINT || "https://tms.tencentcloudapi.com",
    mode: env.GPUKIT_TMS_MODE === "audit" ? "audit" : "block",
    failOpen: env.GPUKIT_TMS_FAIL_OPEN === "true",
    checkResponse: env.GPUKIT_TMS_CHECK_RESPONSE !== "false",
    upstream: env.GPUKIT_TMS_UPSTREAM || null,
    windowChars: Number(env.GPUKIT_TMS_WINDOW || 300),
    timeoutMs: Number(env.GPUKIT_TMS_TIMEOUT_MS || 2000),
    port: Number(env.GPUKIT_TMS_PORT || 8090),
  };
}

function post(url, headers, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === "https:" ? https : http).request(u, { method: "POST", headers: Object.assign({}, headers, { "content-length": Buffer.byteLength(body) }), timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("TMS timed out after " + timeoutMs + " ms")));
    req.on("error", reject);
    req.end(body);
  });
}

/** One TMS TextModeration call: resolves `{ suggestion, label }`, rejects on any failure. */
async function textModeration(cfg, text, now) {
  const body = JSON.stringify({ Content: Buffer.from(text, "utf8").toString("base64"), BizType: cfg.bizType });
  const host = new URL(cfg.endpoint).host;
  const timestamp = Math.floor((now ? now() : Date.now()) / 1000);
  const headers = signTc3({ host, service: "tms", action: "TextModeration", version: "2020-12-29", region: cfg.region, body, secretId: cfg.secretId, secretKey: cfg.secretKey, timestamp });
  const res = await post(cfg.endpoint, headers, body, cfg.timeoutMs);
  if (res.status !== 200) throw new Error("TMS answered HTTP " + res.status);
  const r = JSON.parse(res.text).Response || {};
  if (r.Error) throw new Error("TMS error " + r.Error.Code + ": " + r.Error.Message);
  if (!["Pass", "Review", "Block"].includes(r.Suggestion)) throw new Error("TMS answered no Suggestion");
  return { suggestion: r.Suggestion, label: r.Label || "" };
}

/** Verdict on `text`: "allow" or "block" (TMS `Block` in mode block); throws when TMS fails. Long texts are checked in 10000-character pieces, in parallel. */
async function verdict(cfg, text, log) {
  const chars = Array.from(text);
  const pieces = [];
  for (let i = 0; i < chars.length; i += TMS_MAX_CHARS) pieces.push(chars.slice(i, i + TMS_MAX_CHARS).join(""));
  const results = await Promise.all(pieces.map((p) => textModeration(cfg, p, cfg.now)));
  for (const r of results) if (r.suggestion !== "Pass") log("tms " + r.suggestion + " label=" + r.label + " mode=" + cfg.mode);
  return results.some((r) => r.suggestion === "Block") && cfg.mode === "block" ? "block" : "allow";
}

function json(res, status, obj, extra) {
  const text = JSON.stringify(obj);
  res.writeHead(status, Object.assign({ "content-type": "application/json", "content-length": Buffer.byteLength(text) }, extra || {}));
  res.end(text);
}
const refusal = (type) => ({ error: { message: type === "content_moderation" ? DENY_MESSAGE : UNAVAILABLE_MESSAGE, type, code: type } });

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let n = 0;
    req.on("data", (c) => { n += c.length; if (n > MAX_BODY_BYTES) { reject(new Error("body too large")); req.destroy(); } else chunks.push(c); });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Decide on `text` and the failure policy: "allow" | "block" | "unavailable". */
async function decide(cfg, text, log) {
  if (!text) return "allow";
  try {
    return await verdict(cfg, text, log);
  } catch (e) {
    log("tms failed (" + (cfg.failOpen ? "failOpen: passing" : "failing closed") + "): " + e.message);
    return cfg.failOpen ? "allow" : "unavailable";
  }
}

async function checkRequest(cfg, req, res, log) {
  const body = (await readBody(req)).toString("utf8");
  const d = await decide(cfg, textOfRequest(body), log);
  if (d === "allow") return json(res, 200, { allowed: true });
  if (d === "block") return json(res, 403, refusal("content_moderation"));
  return json(res, 503, refusal("moderation_unavailable"));
}

/** Proxy to the engine; checks the answer when checkResponse is on. */
function proxy(cfg, req, res, log) {
  const target = new URL(req.url, cfg.upstream);
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
  headers.host = target.host;
  const up = http.request(target, { method: req.method, headers }, (upRes) => {
    const outHeaders = {};
    for (const [k, v] of Object.entries(upRes.headers)) if (!HOP.has(k)) outHeaders[k] = v;
    const type = String(upRes.headers["content-type"] || "");
    if (!cfg.checkResponse || upRes.statusCode !== 200) {
      res.writeHead(upRes.statusCode, outHeaders);
      return upRes.pipe(res);
    }
    if (type.includes("text/event-stream")) return streamChecked(cfg, upRes, res, outHeaders, log);
    readBody(upRes).then(async (buf) => {
      let parsed = null;
      try { parsed = JSON.parse(buf.toString("utf8")); } catch (e) { parsed = null; }
      const d = await decide(cfg, textOfResponse(parsed), log);
      if (d === "block") return json(res, 403, refusal("content_moderation"));
      if (d === "unavailable") return json(res, 503, refusal("moderation_unavailable"));
      res.writeHead(200, Object.assign(outHeaders, { "content-length": buf.length }));
      res.end(buf);
    }, () => json(res, 502, { error: { message: "engine answer unreadable", type: "bad_gateway" } }));
  });
  up.on("error", () => { if (!res.headersSent) json(res, 502, { error: { message: "engine unreachable", type: "bad_gateway" } }); else res.destroy(); });
  req.pipe(up);
}

/** SSE: hold events until a window of text is checked; release or end the stream with an error event. */
function streamChecked(cfg, upRes, res, outHeaders, log) {
  res.writeHead(200, outHeaders);
  let pending = "";
  let held = [];
  let windowText = "";
  let tail = "";
  let done = false;
  let chain = Promise.resolve();
  const finish = (type) => {
    done = true;
    res.write("data: " + JSON.stringify(refusal(type)) + "\n\ndata: [DONE]\n\n");
    res.end();
    upRes.destroy();
  };
  const flushChecked = async () => {
    if (windowText) {
      const d = await decide(cfg, tail + windowText, log);
      if (d !== "allow") return finish(d === "block" ? "content_moderation" : "moderation_unavailable");
      tail = Array.from(windowText).slice(-50).join("");
      windowText = "";
    }
    if (held.length) res.write(held.join(""));
    held = [];
  };
  const handle = async (chunk, end) => {
    pending += chunk;
    let i;
    while (!done && (i = pending.indexOf("\n\n")) >= 0) {
      const event = pending.slice(0, i + 2);
      pending = pending.slice(i + 2);
      held.push(event);
      for (const line of event.split("\n")) {
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") continue;
        try { windowText += textOfChunk(JSON.parse(data)); } catch (e) { /* not JSON: passed as is */ }
      }
      if (Array.from(windowText).length >= cfg.windowChars) await flushChecked();
    }
    if (end && !done) {
      if (pending) held.push(pending);
      await flushChecked();
      if (!done) res.end();
    }
  };
  upRes.setEncoding("utf8");
  upRes.on("data", (c) => {
    upRes.pause();
    chain = chain.then(() => (done ? undefined : handle(c, false))).then(() => { if (!done) upRes.resume(); });
  });
  upRes.on("end", () => { chain = chain.then(() => (done ? undefined : handle("", true))); });
  upRes.on("error", () => { if (!done) res.destroy(); });
}

/** The filter's HTTP server (not listening yet). `log` defaults to stderr. */
function createFilter(cfg, log) {
  const say = log || ((m) => process.stderr.write("gpukit-tms-filter: " + m + "\n"));
  return http.createServer((req, res) => {
    const path = (req.url || "/").split("?")[0];
    if (req.method === "GET" && path === "/healthz") return json(res, 200, { ok: true });
    if (req.method === "POST" && path === "/check/request") {
      return checkRequest(cfg, req, res, say).catch((e) => { say("request check failed: " + e.message); json(res, cfg.failOpen ? 200 : 503, cfg.failOpen ? { allowed: true } : refusal("moderation_unavailable")); });
    }
    if (cfg.upstream) return proxy(cfg, req, res, say);
    json(res, 404, { error: { message: "not found", type: "not_found" } });
  });
}

module.exports = { DENY_MESSAGE, UNAVAILABLE_MESSAGE, signTc3, textOfRequest, textOfResponse, textOfChunk, configFromEnv, createFilter };

if (require.main === module) {
  let cfg;
  try { cfg = configFromEnv(process.env); } catch (e) { process.stderr.write(e.message + "\n"); process.exit(1); }
  createFilter(cfg).listen(cfg.port, "0.0.0.0", () => process.stderr.write("gpukit-tms-filter: listening on " + cfg.port + "\n"));
}
