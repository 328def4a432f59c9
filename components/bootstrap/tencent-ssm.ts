/**
 * The boot-time read of Tencent Cloud Secrets Manager (SSM) on a CVM host, in bash: temporary
 * credentials of the instance's CAM role from the metadata service (`md cam/security-credentials/`,
 * then `md cam/security-credentials/<role>`: `TmpSecretId`, `TmpSecretKey`, `Token`), and SSM
 * `GetSecretValue` (API 2019-09-23) signed with TC3-HMAC-SHA256 by `openssl`, the temporary token
 * in `X-TC-Token`. No CLI is installed. Sources: https://www.tencentcloud.com/document/api/1078/38649
 * (GetSecretValue: `SecretName`, `VersionId`, both required), https://www.tencentcloud.com/document/product/213/47668
 * and https://www.tencentcloud.com/document/product/213/4934 (instance role, metadata items; plain
 * GETs, no token flow documented), the TC3 signing is the one `cost/refresh/sign.ts` `signTc3` does.
 *
 * The secret key and the derived signing keys pass through `openssl`'s argument list while it runs;
 * any local process can already read the same credentials from the metadata service (Tencent
 * documents no token-only mode), so this exposes nothing more.
 */
import { METADATA_HELPER, metadataHelper } from "./metadata";
import { shellQuote } from "./shell";

/** SSM API host (public endpoint; the hosts reach it through the target's NAT gateway). */
export const TENCENT_SSM_HOST = "ssm.tencentcloudapi.com";
/** SSM API version of `GetSecretValue`. */
export const TENCENT_SSM_API_VERSION = "2019-09-23";
/** Version id every secret's value is stored under (the adapter updates it in place). */
export const TENCENT_SSM_VERSION_ID = "gpukit-v1";
/** Metadata item (below `meta-data/`) listing the instance's CAM role name. */
export const TENCENT_ROLE_ITEM = "cam/security-credentials/";
/** Longest SSM secret name, bytes. */
export const TENCENT_SSM_NAME_MAX = 128;

/**
 * SSM name of a plan store name: SSM names allow only letters, digits, `_` and `-`, so every other
 * character (`/`, `.`) becomes `_`: `gpu-inference/dev/gz/hubToken` → `gpu-inference_dev_gz_hubToken`.
 * The boot script maps the same way in bash (`${1//[^A-Za-z0-9_-]/_}`).
 */
export function tencentSsmSecretName(storeName: string): string {
  return storeName.replace(/^\/+/, "").replace(/[^A-Za-z0-9_-]/g, "_");
}

/**
 * Problems with the SSM names of `storeNames` (one target's): too long, not starting with a letter
 * or digit, or two store names mapping to one SSM name. Empty when all are usable.
 */
export function tencentSsmNameProblems(storeNames: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const store of storeNames) {
    const ssm = tencentSsmSecretName(store);
    if (Buffer.byteLength(ssm, "utf8") > TENCENT_SSM_NAME_MAX) problems.push(`SSM secret name ${ssm} is longer than ${TENCENT_SSM_NAME_MAX} bytes`);
    if (!/^[A-Za-z0-9]/.test(ssm)) problems.push(`SSM secret name ${ssm} must start with a letter or digit`);
    const other = seen.get(ssm);
    if (other !== undefined) problems.push(`store names ${other} and ${store} both map to SSM secret name ${ssm}`);
    seen.set(ssm, store);
  }
  return problems;
}

/**
 * Shell lines defining the TC3 signer `tc3 ACTION BODY` (prints the API's JSON answer) for SSM in
 * `region`, with the credentials in `$SI`, `$SK`, `$TK`. Separate from the credential read so a test
 * can run it against a stub server.
 */
export function tencentTc3Lines(region: string): string[] {
  return [
    `H=${TENCENT_SSM_HOST}`,
    `hm() { printf '%s' "$2" | openssl dgst -sha256 -mac HMAC -macopt "$1" | awk '{print $NF}'; }`,
    `hs() { printf '%s' "$1" | openssl dgst -sha256 | awk '{print $NF}'; }`,
    "tc3() {",
    "  local t d k c s",
    '  t=$(date +%s); d=$(date -u -d "@$t" +%F)',
    `  c=$(printf 'POST\\n/\\n\\ncontent-type:application/json; charset=utf-8\\nhost:%s\\nx-tc-action:%s\\n\\ncontent-type;host;x-tc-action\\n%s' "$H" "\${1,,}" "$(hs "$2")")`,
    '  k=$(hm "key:TC3$SK" "$d"); k=$(hm "hexkey:$k" ssm); k=$(hm "hexkey:$k" tc3_request)',
    `  s=$(hm "hexkey:$k" "$(printf 'TC3-HMAC-SHA256\\n%s\\n%s/ssm/tc3_request\\n%s' "$t" "$d" "$(hs "$c")")")`,
    '  curl -fsS --retry 5 "https://$H/" -d "$2" -H "Authorization: TC3-HMAC-SHA256 Credential=$SI/$d/ssm/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=$s" \\',
    `    -H 'Content-Type: application/json; charset=utf-8' -H "X-TC-Action: $1" -H "X-TC-Timestamp: $t" -H 'X-TC-Version: ${TENCENT_SSM_API_VERSION}' -H ${shellQuote(`X-TC-Region: ${region}`)} -H "X-TC-Token: $TK"`,
    "}",
  ];
}

/**
 * Shell lines that define `g NAME` (prints the value of the secret stored under plan store name
 * NAME) on Tencent Cloud: reads the role's temporary credentials once through the `md` helper, maps
 * NAME to its SSM name and calls `GetSecretValue` for version {@link TENCENT_SSM_VERSION_ID}; an
 * SSM error answer (HTTP 200 with `Response.Error`) fails with its code and message.
 */
export function tencentSsmFetcher(region: string): string[] {
  return [
    ...metadataHelper("tencentcloud"),
    `R=$(${METADATA_HELPER} ${TENCENT_ROLE_ITEM} | head -1)`,
    `C=$(${METADATA_HELPER} "${TENCENT_ROLE_ITEM}$R")`,
    `j() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1" <<<"$C"; }`,
    "SI=$(j TmpSecretId); SK=$(j TmpSecretKey); TK=$(j Token)",
    ...tencentTc3Lines(region),
    `g() { tc3 GetSecretValue "{\\"SecretName\\":\\"\${1//[^A-Za-z0-9_-]/_}\\",\\"VersionId\\":\\"${TENCENT_SSM_VERSION_ID}\\"}" |`,
    `  python3 -c 'import json,sys; r=json.load(sys.stdin)["Response"]; e=r.get("Error"); e and sys.exit("gpukit: SSM "+e["Code"]+": "+e["Message"]); print(r["SecretString"])'; }`,
  ];
}
