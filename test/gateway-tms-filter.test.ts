/**
 * The TMS filter service (components/gateway/tms-filter/filter.js) in-process, against a stub TMS
 * and a stub engine on loopback: TC3 signing against Tencent's documented example, prompts allowed /
 * blocked / failing (failOpen both ways), answers checked whole and streamed window by window, and
 * what the gateway's ext-auth makes of each answer. Expected values are written by hand; the stub
 * TMS checks every signature with the price refresher's independent TC3 code (cost/refresh/sign.ts).
 */
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signTc3 as refreshSignTc3 } from "../cost/refresh/sign";
import { configFromEnv, createFilter, DENY_MESSAGE, signTc3, type TmsFilterConfig } from "../components/gateway/tms-filter/filter.js";

/** Tencent's TC3 example (cloud.tencent.com/document/api/213/30654): CVM DescribeInstances at 1551113065 with the page's masked demo keys. */
const DOC = {
  body: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  secretId: "AKID********************************",
  secretKey: "********************************",
  signature: "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f",
};

describe("TC3-HMAC-SHA256 signing", () => {
  it("reproduces the documented example's Authorization header", () => {
    const r = { host: "cvm.tencentcloudapi.com", service: "cvm", action: "DescribeInstances", version: "2017-03-12", region: "ap-guangzhou", body: DOC.body, secretId: DOC.secretId, secretKey: DOC.secretKey, timestamp: 1551113065 };
    const expected = `TC3-HMAC-SHA256 Credential=${DOC.secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=${DOC.signature}`;
    expect(signTc3(r).authorization).toBe(expected);
    // the repo's other TC3 signer (price refresh) agrees: the filter's copy is the same algorithm
    expect(refreshSignTc3(r).authorization).toBe(expected);
    expect(signTc3({ ...r, secretKey: "another" }).authorization).not.toBe(expected);
    expect(signTc3(r)).toMatchObject({ "x-tc-action": "DescribeInstances", "x-tc-timestamp": "1551113065", "x-tc-version": "2017-03-12", "x-tc-region": "ap-guangzhou" });
  });
});

/** Stub TMS: checks the signature and the call, answers by the text's marker word. */
const tmsCalls: { text: string; bizType: string; region: string }[] = [];
let tms: Server;
let engine: Server;
let tmsUrl = "";
let engineUrl = "";
const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = "";
    req.setEncoding("utf8").on("data", (c: string) => (s += c)).on("end", () => resolve(s));
  });
}

beforeAll(async () => {
  tms = createServer(async (req, res) => {
    const body = await readAll(req);
    const expected = refreshSignTc3({ host: String(req.headers.host), service: "tms", action: "TextModeration", version: "2020-12-29", region: String(req.headers["x-tc-region"]), body, secretId: "AKIDtest", secretKey: "tms-secret", timestamp: NOW / 1000 });
    const ok = req.headers.authorization === expected.authorization && req.headers["x-tc-action"] === "TextModeration" && req.headers["x-tc-version"] === "2020-12-29";
    const j = JSON.parse(body) as { Content: string; BizType: string };
    const text = Buffer.from(j.Content, "base64").toString("utf8");
    tmsCalls.push({ text, bizType: j.BizType, region: String(req.headers["x-tc-region"]) });
    res.setHeader("content-type", "application/json");
    if (!ok) return res.end(JSON.stringify({ Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: "bad signature" }, RequestId: "r" } }));
    if (text.includes("OUTAGE")) return res.writeHead(502).end("bad gateway");
    if (text.includes("QUOTA")) return res.end(JSON.stringify({ Response: { Error: { Code: "RequestLimitExceeded", Message: "too many" }, RequestId: "r" } }));
    const suggestion = text.includes("FORBIDDEN") ? "Block" : text.includes("MAYBE") ? "Review" : "Pass";
    return res.end(JSON.stringify({ Response: { Suggestion: suggestion, Label: suggestion === "Pass" ? "Normal" : "Illegal", RequestId: "r" } }));
  });
  engine = createServer(async (req, res) => {
    const j = JSON.parse(await readAll(req)) as { stream?: boolean; messages: { content: string }[] };
    const answer = j.messages[0].content; // echoes the prompt as the answer
    if (!j.stream) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content: answer } }], usage: { total_tokens: 3 } }));
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (const piece of answer.split("|")) res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\n\n`);
    return res.end("data: [DONE]\n\n");
  });
  await Promise.all([tms, engine].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", r))));
  tmsUrl = `http://127.0.0.1:${(tms.address() as AddressInfo).port}`;
  engineUrl = `http://127.0.0.1:${(engine.address() as AddressInfo).port}`;
});
afterAll(() => {
  tms.close();
  engine.close();
});

function config(over: Partial<TmsFilterConfig> = {}): TmsFilterConfig {
  return { secretId: "AKIDtest", secretKey: "tms-secret", bizType: "gpukit_llm", region: "ap-guangzhou", endpoint: tmsUrl, mode: "block", failOpen: false, checkResponse: true, upstream: engineUrl, windowChars: 10, timeoutMs: 2000, port: 0, now: () => NOW, ...over };
}

/** Starts a filter, sends one request, returns status, content type and body; closes the filter. */
async function call(cfg: TmsFilterConfig, path: string, payload: unknown): Promise<{ status: number; type: string; body: string }> {
  const filter = createFilter(cfg, () => {});
  await new Promise<void>((r) => filter.listen(0, "127.0.0.1", r));
  const port = (filter.address() as AddressInfo).port;
  try {
    return await new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, method: "POST", headers: { "content-type": "application/json" } }, async (res) => resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), body: await readAll(res) }));
      req.on("error", reject);
      req.end(JSON.stringify(payload));
    });
  } finally {
    filter.close();
  }
}
const chat = (content: string, stream = false) => ({ model: "m", stream, messages: [{ role: "user", content }] });

/**
 * What Higress ext-auth (2.2.1, main.go) returns for the filter's answer with the kit's config:
 * 200 → the request goes on; other < 500 → that status and body to the client; >= 500 (or no
 * answer) → on with failure_mode_allow, else status_on_error (503). A model of the plugin, not the plugin.
 */
function gatewayAnswer(filter: { status: number; body: string }, failOpen: boolean): { passed: boolean; status?: number; body?: string } {
  if (filter.status === 200) return { passed: true };
  if (filter.status < 500) return { passed: false, status: filter.status, body: filter.body };
  return failOpen ? { passed: true } : { passed: false, status: 503, body: filter.body };
}

describe("prompts (ext-auth → POST /check/request)", () => {
  it("allows a clean prompt after one signed TMS call with the BizType and region", async () => {
    tmsCalls.length = 0;
    const r = await call(config(), "/check/request", chat("hello there"));
    expect(r.status).toBe(200);
    expect(gatewayAnswer(r, false)).toEqual({ passed: true });
    expect(tmsCalls).toEqual([{ text: "hello there", bizType: "gpukit_llm", region: "ap-guangzhou" }]);
  });

  it("refuses a flagged prompt with the refusal text: the gateway returns it, the engine never sees it", async () => {
    const r = await call(config(), "/check/request", chat("please FORBIDDEN stuff"));
    expect(r.status).toBe(403);
    expect(r.type).toBe("application/json");
    expect(JSON.parse(r.body).error.message).toBe("This request was refused by content moderation.");
    expect(DENY_MESSAGE).toBe("This request was refused by content moderation.");
    expect(gatewayAnswer(r, false)).toMatchObject({ passed: false, status: 403 });
    // failOpen does not let a verdict through: it is about failures only
    expect(gatewayAnswer(await call(config({ failOpen: true }), "/check/request", chat("FORBIDDEN")), true)).toMatchObject({ passed: false, status: 403 });
  });

  it("checks the last message only (earlier turns were checked when sent), in 10000-character pieces", async () => {
    tmsCalls.length = 0;
    const history = { model: "m", messages: [{ role: "user", content: "FORBIDDEN earlier turn" }, { role: "assistant", content: "ok" }, { role: "user", content: "fine now" }] };
    expect((await call(config(), "/check/request", history)).status).toBe(200);
    expect(tmsCalls.map((c) => c.text)).toEqual(["fine now"]);
    tmsCalls.length = 0;
    const long = "a".repeat(10000) + "FORBIDDEN";
    expect((await call(config(), "/check/request", chat(long))).status).toBe(403);
    expect(tmsCalls.map((c) => c.text.length).sort((a, b) => a - b)).toEqual([9, 10000]);
  });

  it("passes Review and, in audit mode, Block (logged only)", async () => {
    expect((await call(config(), "/check/request", chat("MAYBE"))).status).toBe(200);
    expect((await call(config({ mode: "audit" }), "/check/request", chat("FORBIDDEN"))).status).toBe(200);
  });

  it("TMS failures: failOpen false refuses (503 at the gateway), failOpen true passes", async () => {
    for (const text of ["OUTAGE", "QUOTA"]) {
      const closed = await call(config(), "/check/request", chat(text));
      expect(closed.status).toBe(503);
      expect(JSON.parse(closed.body).error.type).toBe("moderation_unavailable");
      expect(gatewayAnswer(closed, false)).toMatchObject({ passed: false, status: 503 });
      const open = await call(config({ failOpen: true }), "/check/request", chat(text));
      expect(open.status).toBe(200);
    }
    // a wrong key is an error too (the stub refuses the signature), not a pass
    expect((await call(config({ secretKey: "wrong" }), "/check/request", chat("hello"))).status).toBe(503);
    // TMS unreachable
    expect((await call(config({ endpoint: "http://127.0.0.1:1" }), "/check/request", chat("hello"))).status).toBe(503);
  });

  it("the filter itself unreachable: ext-auth decides by failure_mode_allow (the spec's failOpen)", () => {
    expect(gatewayAnswer({ status: 500, body: "" }, false)).toEqual({ passed: false, status: 503, body: "" });
    expect(gatewayAnswer({ status: 500, body: "" }, true)).toEqual({ passed: true });
  });
});

describe("answers (the filter proxies the engine)", () => {
  it("returns a clean non-streamed answer unchanged and refuses a flagged one", async () => {
    const ok = await call(config(), "/v1/chat/completions", chat("a fine answer"));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).choices[0].message.content).toBe("a fine answer");
    expect(JSON.parse(ok.body).usage.total_tokens).toBe(3);
    const bad = await call(config(), "/v1/chat/completions", chat("FORBIDDEN answer"));
    expect(bad.status).toBe(403);
    expect(bad.body).not.toContain("FORBIDDEN");
    expect((await call(config(), "/v1/chat/completions", chat("OUTAGE"))).status).toBe(503);
    expect((await call(config({ failOpen: true }), "/v1/chat/completions", chat("OUTAGE"))).status).toBe(200);
  });

  it("streams window by window and ends the stream before a flagged window reaches the client", async () => {
    tmsCalls.length = 0;
    // windows of 10 characters: "0123456789" passes, "FORBIDDEN!" is blocked, "tail" never checked
    const r = await call(config(), "/v1/chat/completions", chat("01234|56789|FORBI|DDEN!|tail", true));
    expect(r.status).toBe(200);
    expect(r.type).toBe("text/event-stream");
    const events = r.body.split("\n\n").filter(Boolean);
    expect(events).toEqual([
      'data: {"choices":[{"delta":{"content":"01234"}}]}',
      'data: {"choices":[{"delta":{"content":"56789"}}]}',
      `data: {"error":{"message":"${DENY_MESSAGE}","type":"content_moderation","code":"content_moderation"}}`,
      "data: [DONE]",
    ]);
    // the second window carries the previous one as context (last 50 characters)
    expect(tmsCalls.map((c) => c.text)).toEqual(["0123456789", "0123456789FORBIDDEN!"]);
  });

  it("releases a clean stream whole, [DONE] included, and fails a stream closed when TMS is down", async () => {
    const ok = await call(config(), "/v1/chat/completions", chat("abc|def", true));
    expect(ok.body.split("\n\n").filter(Boolean)).toEqual(['data: {"choices":[{"delta":{"content":"abc"}}]}', 'data: {"choices":[{"delta":{"content":"def"}}]}', "data: [DONE]"]);
    const down = await call(config(), "/v1/chat/completions", chat("OUTAGE|x", true));
    expect(down.body).toContain('"type":"moderation_unavailable"');
    expect(down.body).not.toContain("OUTAGE");
    const open = await call(config({ failOpen: true }), "/v1/chat/completions", chat("OUTAGE|x", true));
    expect(open.body).toContain("OUTAGE");
  });
});

describe("configuration", () => {
  it("refuses to start without credentials, naming every missing variable", () => {
    expect(() => configFromEnv({ GPUKIT_TMS_REGION: "ap-guangzhou" })).toThrow("gpukit-tms-filter: missing TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, GPUKIT_TMS_BIZTYPE");
  });

  it("defaults to fail closed, block, responses checked, TMS's public endpoint", () => {
    const c = configFromEnv({ TENCENTCLOUD_SECRET_ID: "id", TENCENTCLOUD_SECRET_KEY: "key", GPUKIT_TMS_BIZTYPE: "b_1", GPUKIT_TMS_REGION: "ap-guangzhou" });
    expect(c).toMatchObject({ failOpen: false, mode: "block", checkResponse: true, endpoint: "https://tms.tencentcloudapi.com", port: 8090, windowChars: 300, upstream: null });
  });
});
