/**
 * The boot-time SSM read on Tencent Cloud, run for real in bash against a local stub server: the
 * bash TC3 signer must produce the Authorization header the TypeScript signer (`signTc3`, checked
 * against Tencent's documented example in test/prices-refresh*.test.ts) produces for the same
 * request; the whole `secrets.sh` reads the role's temporary credentials from the (stubbed)
 * metadata service, sends them with `X-TC-Token`, maps store names to SSM names and writes the env
 * file; an SSM error answer stops it. `curl` and `date` are shadowed by bash functions that send
 * the cloud's hosts to the stub and pin the clock; the rendered script is shellcheck-clean.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderSecretsScript, SECRETS_ENV_FILE } from "../components/bootstrap/secrets";
import { tencentTc3Lines } from "../components/bootstrap/tencent-ssm";
import { signTc3 } from "../cost/refresh/sign";
import { curlRedirectFunction, runBash } from "./helpers/bash-stub";
import { startRecordingServer, type RecordingServer, type SeenRequest } from "./helpers/recording-server";
import { hasTool, shellcheck } from "./helpers/tools";

const TS = 1_700_000_000; // 2023-11-14T22:13:20Z
const ROLE = "test-tencentcloud-main-host";
const CREDS = { TmpSecretId: "AKIDtmpEXAMPLE", TmpSecretKey: "tmpKeyEXAMPLE/+=", Token: "tok.EXAMPLE-token", ExpiredTime: TS + 7200, Code: "Success" };

let stub: RecordingServer;
let port = 0;
let seen: SeenRequest[] = [];
/** SSM answers by secret name (an `Error` object answers with the error). */
const answers = new Map<string, { SecretString?: string; Error?: { Code: string; Message: string } }>();

beforeAll(async () => {
  stub = await startRecordingServer((req, res) => {
    const { body } = req;
    if (req.url === "/latest/meta-data/cam/security-credentials/") res.end(`${ROLE}\n`);
    else if (req.url === `/latest/meta-data/cam/security-credentials/${ROLE}`) res.end(JSON.stringify(CREDS));
    else if (req.method === "POST" && req.url === "/") {
      const name = (JSON.parse(body) as { SecretName: string }).SecretName;
      const a = answers.get(name) ?? { Error: { Code: "ResourceNotFound", Message: `no ${name}` } };
      res.end(JSON.stringify({ Response: { RequestId: "req-1", ...(a.Error ? { Error: a.Error } : { SecretName: name, VersionId: "gpukit-v1", SecretString: a.SecretString }) } }));
    } else {
      res.statusCode = 404;
      res.end("not found");
    }
  });
  ({ port, seen } = stub);
});
afterAll(() => stub.close());

/** Bash prelude: `date +%s` pinned, the cloud's hosts sent to the stub (Host header kept for SSM). */
function prelude(): string {
  return [
    `date() { if [ "$1" = +%s ]; then echo ${TS}; else command date "$@"; fi; }`,
    curlRedirectFunction(port, [
      { from: "https://ssm.tencentcloudapi.com/", host: "ssm.tencentcloudapi.com", exact: true },
      { from: "http://metadata.tencentyun.com/" },
    ]),
  ].join("\n");
}


describe("tencent SSM boot read: the bash TC3 signer against the TypeScript signer", () => {
  it("signs a fixed GetSecretValue request exactly as signTc3 does (Authorization, timestamp, token)", async () => {
    seen.length = 0;
    const body = '{"SecretName":"gpu-inference_dev_gz_apiKey","VersionId":"gpukit-v1"}';
    const run = await runBash([prelude(), "set -euo pipefail", "SI=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE SK=Gu5t9xGARNpq86cd98joQYCN3EXAMPLE TK=tok-1", ...tencentTc3Lines("ap-guangzhou"), `tc3 GetSecretValue '${body}' >/dev/null`].join("\n"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(seen).toHaveLength(1);
    const h = seen[0]!.headers;
    const expected = signTc3({ host: "ssm.tencentcloudapi.com", service: "ssm", action: "GetSecretValue", version: "2019-09-23", region: "ap-guangzhou", body, secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", timestamp: TS });
    expect(h.authorization).toBe(expected.authorization);
    // the scope's day is the UTC date of the timestamp, computed by hand: 1700000000 = 2023-11-14T22:13:20Z
    expect(h.authorization).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE\/2023-11-14\/ssm\/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=[0-9a-f]{64}$/);
    expect(h).toMatchObject({ host: "ssm.tencentcloudapi.com", "content-type": "application/json; charset=utf-8", "x-tc-action": "GetSecretValue", "x-tc-timestamp": String(TS), "x-tc-version": "2019-09-23", "x-tc-region": "ap-guangzhou", "x-tc-token": "tok-1" });
    expect(seen[0]!.body).toBe(body);
  });

  it("a different secret key gives a different signature (the comparison can fail)", async () => {
    seen.length = 0;
    const body = '{"SecretName":"x","VersionId":"gpukit-v1"}';
    const run = await runBash([prelude(), "SI=AKIDa SK=other TK=t", ...tencentTc3Lines("ap-guangzhou"), `tc3 GetSecretValue '${body}' >/dev/null`].join("\n"));
    expect(run.code).toBe(0);
    const expected = signTc3({ host: "ssm.tencentcloudapi.com", service: "ssm", action: "GetSecretValue", version: "2019-09-23", region: "ap-guangzhou", body, secretId: "AKIDa", secretKey: "secret", timestamp: TS });
    expect(seen[0]!.headers.authorization).not.toBe(expected.authorization);
  });
});

describe("tencent SSM boot read: secrets.sh end to end against the stub", () => {
  const dir = mkdtempSync(join(tmpdir(), "gpukit-tc-ssm-"));
  const secrets = [
    { envVar: "VLLM_API_KEY", secret: "apiKey" as const, storeName: "gpu-inference/dev/gz.main/apiKey" },
    { envVar: "HF_TOKEN", secret: "hubToken" as const, storeName: "gpu-inference/dev/gz.main/hubToken" },
  ];
  const script = () => renderSecretsScript("tencentcloud", "ap-guangzhou", secrets)!.replaceAll(SECRETS_ENV_FILE, join(dir, "secrets.env"));

  it("reads the role's credentials, signs with them, maps the names and writes the env file", async () => {
    seen.length = 0;
    answers.set("gpu-inference_dev_gz_main_apiKey", { SecretString: "sk-api-123" });
    answers.set("gpu-inference_dev_gz_main_hubToken", { SecretString: "hf_tok456" });
    const run = await runBash(`${prelude()}\n${script()}`);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, "secrets.env"), "utf8")).toBe("VLLM_API_KEY=sk-api-123\nHF_TOKEN=hf_tok456\n");
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      "GET /latest/meta-data/cam/security-credentials/",
      `GET /latest/meta-data/cam/security-credentials/${ROLE}`,
      "POST /",
      "POST /",
    ]);
    const posts = seen.filter((s) => s.method === "POST");
    expect(posts.map((p) => JSON.parse(p.body))).toEqual([
      { SecretName: "gpu-inference_dev_gz_main_apiKey", VersionId: "gpukit-v1" },
      { SecretName: "gpu-inference_dev_gz_main_hubToken", VersionId: "gpukit-v1" },
    ]);
    for (const p of posts) {
      expect(p.headers["x-tc-token"]).toBe(CREDS.Token);
      const expected = signTc3({ host: "ssm.tencentcloudapi.com", service: "ssm", action: "GetSecretValue", version: "2019-09-23", region: "ap-guangzhou", body: p.body, secretId: CREDS.TmpSecretId, secretKey: CREDS.TmpSecretKey, timestamp: TS });
      expect(p.headers.authorization).toBe(expected.authorization);
    }
  });

  it("stops with the SSM error code when the answer is an error (HTTP 200 with Response.Error)", async () => {
    answers.set("gpu-inference_dev_gz_main_apiKey", { Error: { Code: "AuthFailure.UnauthorizedOperation", Message: "not allowed" } });
    const run = await runBash(`${prelude()}\n${script()}`);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("gpukit: SSM AuthFailure.UnauthorizedOperation: not allowed");
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
