/**
 * Request signing for the clouds' price APIs, with node:crypto only: AWS Signature Version 4,
 * Alibaba Cloud RPC signature v1 (HMAC-SHA1), Tencent Cloud TC3-HMAC-SHA256 and Volcano Engine's
 * V4-style HMAC-SHA256. Each is checked against its cloud's documented worked example in
 * test/cost-refresh*.test.ts.
 */
import { createHash, createHmac } from "node:crypto";

const sha256hex = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: string | Buffer, s: string): Buffer => createHmac("sha256", key).update(s, "utf8").digest();

/** `20150830T123600Z` of a date (AWS `X-Amz-Date`). */
export function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** RFC 3986 percent-encoding (AWS and Alibaba: `~` kept, space as %20, `*` encoded). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** What {@link signAwsV4} signs. */
export interface AwsRequest {
  method: string;
  host: string;
  path: string;
  /** Query parameters (unencoded). */
  query?: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  date: Date;
}

/**
 * How a SigV4-style scheme spells itself: AWS SigV4 and Volcano Engine's signature differ only in
 * these names, the signing key's prefix, and two canonicalisation details.
 */
interface V4Dialect {
  algorithm: string;
  dateHeader: string;
  tokenHeader: string;
  /** Prefix of the secret key in the HMAC chain (`AWS4`, or none). */
  keyPrefix: string;
  /** Last element of the credential scope (`aws4_request`, `request`). */
  terminator: string;
  /** Collapse runs of spaces in header values (SigV4) or only trim them. */
  collapseHeaderSpaces: boolean;
  /** Sort the query by encoded name and value (SigV4) or by raw name (Volcano Engine's SDKs). */
  sortQueryEncoded: boolean;
}

const AWS_V4: V4Dialect = { algorithm: "AWS4-HMAC-SHA256", dateHeader: "x-amz-date", tokenHeader: "x-amz-security-token", keyPrefix: "AWS4", terminator: "aws4_request", collapseHeaderSpaces: true, sortQueryEncoded: true };
const VOLC_V4: V4Dialect = { algorithm: "HMAC-SHA256", dateHeader: "x-date", tokenHeader: "x-security-token", keyPrefix: "", terminator: "request", collapseHeaderSpaces: false, sortQueryEncoded: false };

/** The one SigV4-style signer: canonical request, scope, HMAC key chain; returns the headers to send. */
function signV4Style(r: AwsRequest, d: V4Dialect): Record<string, string> {
  const stamp = amzDate(r.date);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = { ...Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])), host: r.host, [d.dateHeader]: stamp };
  if (r.sessionToken) headers[d.tokenHeader] = r.sessionToken;
  const names = Object.keys(headers).sort();
  const value = (v: string) => (d.collapseHeaderSpaces ? v.trim().replace(/\s+/g, " ") : v.trim());
  const canonicalHeaders = names.map((k) => `${k}:${value(headers[k])}\n`).join("");
  const entries = Object.entries(r.query ?? {});
  const query = (
    d.sortQueryEncoded
      ? entries.map(([k, v]) => [percentEncode(k), percentEncode(v)]).sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
      : entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [percentEncode(k), percentEncode(v)])
  )
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonical = [r.method, r.path || "/", query, canonicalHeaders, names.join(";"), sha256hex(r.body)].join("\n");
  const scope = `${day}/${r.region}/${r.service}/${d.terminator}`;
  const toSign = [d.algorithm, stamp, scope, sha256hex(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`${d.keyPrefix}${r.secretAccessKey}`, day), r.region), r.service), d.terminator);
  const signature = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  headers.authorization = `${d.algorithm} Credential=${r.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
  return headers;
}

/** Signs with AWS SigV4; returns the headers to send (`host`, `x-amz-date`, `authorization`, …). */
export function signAwsV4(r: AwsRequest): Record<string, string> {
  return signV4Style(r, AWS_V4);
}

/**
 * Alibaba Cloud RPC signature v1: `StringToSign = METHOD&%2F&encode(sorted, encoded query)`,
 * HMAC-SHA1 with `secret + "&"`, base64. Returns the signature (add it as `Signature`).
 */
export function signAliyunRpc(method: string, params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join("&");
  const toSign = `${method}&${percentEncode("/")}&${percentEncode(canonical)}`;
  return createHmac("sha1", `${accessKeySecret}&`).update(toSign, "utf8").digest("base64");
}

/** What {@link signTc3} signs (a POST of a JSON body). */
export interface Tc3Request {
  host: string;
  service: string;
  action: string;
  version: string;
  region?: string;
  body: string;
  secretId: string;
  secretKey: string;
  /** Unix seconds. */
  timestamp: number;
  /**
   * Headers covered by the signature: `content-type;host;x-tc-action` (default, what the kit sends)
   * or `content-type;host` (the minimum, as in Tencent's documented worked example).
   */
  signedHeaders?: "content-type;host;x-tc-action" | "content-type;host";
}

/** Signs a Tencent Cloud API 3.0 request (TC3-HMAC-SHA256); returns the headers to send. */
export function signTc3(r: Tc3Request): Record<string, string> {
  const contentType = "application/json; charset=utf-8";
  const signedHeaders = r.signedHeaders ?? "content-type;host;x-tc-action";
  const withAction = signedHeaders === "content-type;host;x-tc-action";
  const canonicalHeaders = `content-type:${contentType}\nhost:${r.host}\n${withAction ? `x-tc-action:${r.action.toLowerCase()}\n` : ""}`;
  const canonical = ["POST", "/", "", canonicalHeaders, signedHeaders, sha256hex(r.body)].join("\n");
  const day = new Date(r.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${day}/${r.service}/tc3_request`;
  const toSign = ["TC3-HMAC-SHA256", String(r.timestamp), scope, sha256hex(canonical)].join("\n");
  const key = hmac(hmac(hmac(`TC3${r.secretKey}`, day), r.service), "tc3_request");
  const signature = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  const headers: Record<string, string> = {
    authorization: `TC3-HMAC-SHA256 Credential=${r.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    "content-type": contentType,
    host: r.host,
    "x-tc-action": r.action,
    "x-tc-timestamp": String(r.timestamp),
    "x-tc-version": r.version,
  };
  if (r.region) headers["x-tc-region"] = r.region;
  return headers;
}

/** What {@link signVolc} signs. */
export interface VolcRequest {
  method: string;
  host: string;
  path: string;
  /** Query parameters (unencoded), e.g. `{ Action, Version }`. */
  query: Record<string, string>;
  /**
   * Extra headers to sign besides `host` and `x-date` (e.g. `content-type`, `x-content-sha256`);
   * names are lower-cased.
   */
  headers?: Record<string, string>;
  body: string;
  /** Signing region, e.g. `cn-beijing`. */
  region: string;
  /** Service name, e.g. `billing`. */
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  date: Date;
}

/**
 * Signs a Volcano Engine OpenAPI request (V4-style, algorithm `HMAC-SHA256`, scope
 * `YYYYMMDD/<region>/<service>/request`, signing key HMAC chain from the bare secret key) as the
 * official SDKs do (volcengine-go-sdk `volcengine/base/sign.go`). Returns the headers to send
 * (`host`, `x-date`, the extra headers, `x-security-token` when given, `authorization`).
 */
export function signVolc(r: VolcRequest): Record<string, string> {
  return signV4Style({ ...r, headers: r.headers ?? {} }, VOLC_V4);
}

/** SHA-256 hex of a body (Volcano Engine's `X-Content-Sha256`). */
export function sha256Hex(s: string): string {
  return sha256hex(s);
}
