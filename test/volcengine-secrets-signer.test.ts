/**
 * The boot-time KMS read on Volcano Engine, run for real in bash against a local stub server: the
 * bash HMAC-SHA256 signer must produce the Authorization header the TypeScript signer (`signVolc`,
 * checked against Volcano's documented example in the cost-refresh tests) produces for the same
 * request; the whole `secrets.sh` reads the IAM role's temporary credentials from the (stubbed)
 * metadata service, sends the token in `X-Security-Token`, maps store names to KMS names and writes
 * the env file; a KMS error answer stops it. `curl` and `date` are shadowed by bash functions that
 * send the cloud's hosts to the stub and pin the clock; the rendered script is shellcheck-clean.
 * KMS names are written out by hand: `printf '%s' <store name> | sha256sum | cut -c1-20`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderSecretsScript, SECRETS_ENV_FILE } from "../components/bootstrap/secrets";
import { volcengineSecretName, volcengineSecretNameProblems, volcSignerLines } from "../components/bootstrap/volcengine-secrets";
import { sha256Hex, signVolc } from "../cost/refresh/sign";
import { curlRedirectFunction, runBash } from "./helpers/bash-stub";
import { startRecordingServer, type RecordingServer, type SeenRequest } from "./helpers/recording-server";
import { hasTool, shellcheck } from "./helpers/tools";

const STAMP = "20231114T221320Z"; // 1700000000 = 2023-11-14T22:13:20Z
const DATE = new Date(1_700_000_000_000);
const ROLE = "test-volcengine-main-host";
const CREDS = { AccessKeyId: "AKLTtmpEXAMPLE", SecretAccessKey: "tmpKeyEXAMPLE/+=", SessionToken: "STS.tok-EXAMPLE", Expiration: "2023-11-15T00:13:20Z" };
const HOST = "kms.cn-beijing.volcengineapi.com";
const API_KMS = "gpukit-221a420076eba8b971e8"; // gpu-inference/dev/bj/apiKey
const HUB_KMS = "gpukit-5d8b73877aec4f66a234"; // gpu-inference/dev/bj/hubToken

let stub: RecordingServer;
let port = 0;
let seen: SeenRequest[] = [];
const answers = new Map<string, { SecretValue?: string; Error?: { Code: string; Message: string } }>();

beforeAll(async () => {
  stub = await startRecordingServer((req, res) => {
    const { body } = req;
    if (req.url === "/volcstack/latest/iam/security_credentials/") res.end(`${ROLE}\n`);
    else if (req.url === `/volcstack/latest/iam/security_credentials/${ROLE}`) res.end(JSON.stringify(CREDS));
    else if (req.method === "POST" && req.url === "/?Action=GetSecretValue&Version=2021-02-18") {
      const name = (JSON.parse(body) as { SecretName: string }).SecretName;
      const a = answers.get(name) ?? { Error: { Code: "ResourceNotFound", Message: `no ${name}` } };
      if (a.Error) res.statusCode = 404;
      res.end(JSON.stringify({ ResponseMetadata: { RequestId: "req-1", Action: "GetSecretValue", ...(a.Error ? { Error: a.Error } : {}) }, ...(a.Error ? {} : { Result: { SecretValue: a.SecretValue, VersionID: "v1" } }) }));
    } else {
      res.statusCode = 404;
      res.end("not found");
    }
  });
  ({ port, seen } = stub);
});
afterAll(() => stub.close());

/** Bash prelude: the clock pinned, the cloud's hosts sent to the stub (Host header kept for KMS). */
function prelude(): string {
  return [
    `date() { if [ "$2" = +%Y%m%dT%H%M%SZ ]; then echo ${STAMP}; else command date "$@"; fi; }`,
    curlRedirectFunction(port, [{ from: `https://${HOST}/`, host: HOST }, { from: "http://100.96.0.96/" }]),
  ].join("\n");
}


const expected = (body: string, ak: string, sk: string, token: string) =>
  signVolc({
    method: "POST",
    host: HOST,
    path: "/",
    query: { Action: "GetSecretValue", Version: "2021-02-18" },
    headers: { "content-type": "application/json; charset=utf-8", "x-content-sha256": sha256Hex(body) },
    body,
    region: "cn-beijing",
    service: "kms",
    accessKeyId: ak,
    secretAccessKey: sk,
    sessionToken: token,
    date: DATE,
  });

describe("volcengine KMS boot read: the bash signer against the TypeScript signer", () => {
  it("signs a fixed GetSecretValue request exactly as signVolc does (Authorization, date, token, body hash)", async () => {
    seen.length = 0;
    const body = `{"SecretName":"${API_KMS}"}`;
    const run = await runBash([prelude(), "set -euo pipefail", "AK=AKLTexampleKEY SK=WVdGaWJHVnpaV055WlhRPQ== TK=sts-token-1", ...volcSignerLines("cn-beijing"), `volc GetSecretValue '${body}' >/dev/null`].join("\n"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(seen).toHaveLength(1);
    const h = seen[0]!.headers;
    expect(h.authorization).toBe(expected(body, "AKLTexampleKEY", "WVdGaWJHVnpaV055WlhRPQ==", "sts-token-1").authorization);
    // scope written by hand: day of 2023-11-14T22:13:20Z, region, service
    expect(h.authorization).toMatch(/^HMAC-SHA256 Credential=AKLTexampleKEY\/20231114\/cn-beijing\/kms\/request, SignedHeaders=content-type;host;x-content-sha256;x-date;x-security-token, Signature=[0-9a-f]{64}$/);
    expect(h).toMatchObject({ host: HOST, "content-type": "application/json; charset=utf-8", "x-date": STAMP, "x-security-token": "sts-token-1", "x-content-sha256": sha256Hex(body) });
    expect(seen[0]!.url).toBe("/?Action=GetSecretValue&Version=2021-02-18");
    expect(seen[0]!.body).toBe(body);
  });

  it("a different secret key or token gives a different signature (the comparison can fail)", async () => {
    seen.length = 0;
    const body = '{"SecretName":"x"}';
    const run = await runBash([prelude(), "AK=AK SK=other TK=t", ...volcSignerLines("cn-beijing"), `volc GetSecretValue '${body}' >/dev/null`].join("\n"));
    expect(run.code).toBe(0);
    expect(seen[0]!.headers.authorization).not.toBe(expected(body, "AK", "secret", "t").authorization);
    expect(seen[0]!.headers.authorization).not.toBe(expected(body, "AK", "other", "t2").authorization);
    expect(seen[0]!.headers.authorization).toBe(expected(body, "AK", "other", "t").authorization);
  });
});

describe("volcengine KMS names", () => {
  it("hashes the store name (leading / ignored) into 27 characters KMS accepts", () => {
    expect(volcengineSecretName("gpu-inference/dev/bj/apiKey")).toBe(API_KMS);
    expect(volcengineSecretName("/gpu-inference/dev/bj/apiKey")).toBe(API_KMS);
    expect(API_KMS).toHaveLength(27);
    expect(volcengineSecretNameProblems(["gpu-inference/dev/bj/apiKey", "gpu-inference/dev/bj/hubToken"])).toEqual([]);
    expect(volcengineSecretNameProblems(["a/b", "/a/b"])).toEqual(["store names a/b and /a/b both map to KMS secret name gpukit-c14cddc033f64b9dea80"]);
  });
});

describe("volcengine KMS boot read: secrets.sh end to end against the stub", () => {
  const dir = mkdtempSync(join(tmpdir(), "gpukit-volc-kms-"));
  const secrets = [
    { envVar: "VLLM_API_KEY", secret: "apiKey" as const, storeName: "gpu-inference/dev/bj/apiKey" },
    { envVar: "HF_TOKEN", secret: "hubToken" as const, storeName: "gpu-inference/dev/bj/hubToken" },
  ];
  const script = () => renderSecretsScript("volcengine", "cn-beijing", secrets)!.replaceAll(SECRETS_ENV_FILE, join(dir, "secrets.env"));

  it("waits for the role, reads its credentials, signs with them, maps the names and writes the env file", async () => {
    seen.length = 0;
    answers.set(API_KMS, { SecretValue: "sk-api-123" });
    answers.set(HUB_KMS, { SecretValue: "hf_tok456" });
    const run = await runBash(`${prelude()}\n${script()}`);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, "secrets.env"), "utf8")).toBe("VLLM_API_KEY=sk-api-123\nHF_TOKEN=hf_tok456\n");
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      "GET /volcstack/latest/iam/security_credentials/",
      `GET /volcstack/latest/iam/security_credentials/${ROLE}`,
      "POST /?Action=GetSecretValue&Version=2021-02-18",
      "POST /?Action=GetSecretValue&Version=2021-02-18",
    ]);
    const posts = seen.filter((s) => s.method === "POST");
    expect(posts.map((p) => JSON.parse(p.body))).toEqual([{ SecretName: API_KMS }, { SecretName: HUB_KMS }]);
    for (const p of posts) {
      expect(p.headers["x-security-token"]).toBe(CREDS.SessionToken);
      expect(p.headers.authorization).toBe(expected(p.body, CREDS.AccessKeyId, CREDS.SecretAccessKey, CREDS.SessionToken).authorization);
    }
  });

  it("stops with the KMS error code when the answer is an error", async () => {
    answers.set(API_KMS, { Error: { Code: "AccessDenied", Message: "not allowed" } });
    const run = await runBash(`${prelude()}\n${script()}`);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("gpukit: KMS AccessDenied: not allowed");
  });

  it("is shellcheck-clean", () => {
    if (!hasTool("shellcheck")) {
      if (process.env.CI) throw new Error("shellcheck is required in CI");
      console.warn("shellcheck missing: skipped");
      return;
    }
    const file = join(dir, "secrets.sh");
    writeFileSync(file, script());
    const r = shellcheck([file]);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });
});
