/**
 * The boot-time read of Volcano Engine KMS secrets on an ECS host, in bash: temporary credentials of
 * the instance's IAM role from the metadata service
 * (`http://100.96.0.96/volcstack/latest/iam/security_credentials/` lists the role, then
 * `.../<role>`: `AccessKeyId`, `SecretAccessKey`, `SessionToken`), and KMS `GetSecretValue`
 * (API 2021-02-18, POST with a JSON body) signed with Volcano Engine's HMAC-SHA256 (V4-style) by
 * `openssl`, the temporary token in `X-Security-Token`. No CLI is installed.
 *
 * Sources and their status:
 * - metadata paths and field names: volcengine-go-sdk `volcengine/credentials/ecs_role_provider.go`
 *   (whose own comments say the paths await confirmation from the ECS team) — UNVERIFIED against a
 *   Volcano Engine documentation page;
 * - `GetSecretValue` (POST `/`, JSON, `SecretName` 2–31 characters, answer `Result.SecretValue`) and
 *   API version `2021-02-18`, service `kms`: volcengine-go-sdk `service/kms/api_get_secret_value.go`,
 *   `service/kms/service_kms.go`;
 * - endpoint `kms.<region>.volcengineapi.com`: the `<service>.<region>.volcengineapi.com` pattern, UNVERIFIED
 *   for KMS on a Volcano page;
 * - the signing is the one `cost/refresh/sign.ts` `signVolc` does (checked in a test).
 *
 * The role reaches the instance through `ecs/iamRoleAttachment`, created after the instance (the
 * pinned SDK has no role input at launch), so the script waits for the role to appear: up to
 * {@link VOLC_ROLE_WAIT_TRIES} tries {@link VOLC_ROLE_WAIT_SEC} s apart.
 */
import { createHash } from "node:crypto";
import { shellQuote } from "./shell";

/** KMS API version of `GetSecretValue`. */
export const VOLC_KMS_API_VERSION = "2021-02-18";
/** Signing service name of KMS. */
export const VOLC_KMS_SERVICE = "kms";
/** Where the instance's IAM role name (and, below it, its credentials) is served. */
export const VOLC_ROLE_CREDENTIALS_URL = "http://100.96.0.96/volcstack/latest/iam/security_credentials/";
/** Tries of the role look-up while the role attachment lands. */
export const VOLC_ROLE_WAIT_TRIES = 60;
/** Seconds between two tries. */
export const VOLC_ROLE_WAIT_SEC = 5;
/** Longest name `GetSecretValue` accepts. */
export const VOLC_KMS_NAME_MAX = 31;
/** Hex characters of the store name's SHA-256 kept in a KMS name. */
const HASH_CHARS = 20;

/** KMS API host of `region`. */
export function volcKmsHost(region: string): string {
  return `kms.${region}.volcengineapi.com`;
}

/**
 * KMS name of a plan store name: `gpukit-` + the first 20 hex characters of the SHA-256 of the store
 * name without leading `/` (27 characters; plan store names are far longer than the 31 KMS accepts).
 * The boot script computes the same in bash.
 */
export function volcengineSecretName(storeName: string): string {
  return `gpukit-${createHash("sha256").update(storeName.replace(/^\/+/, ""), "utf8").digest("hex").slice(0, HASH_CHARS)}`;
}

/** Problems with the KMS names of one target's store names (two mapping to one name). Empty when usable. */
export function volcengineSecretNameProblems(storeNames: readonly string[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const store of storeNames) {
    const kms = volcengineSecretName(store);
    const other = seen.get(kms);
    if (other !== undefined && other !== store) problems.push(`store names ${other} and ${store} both map to KMS secret name ${kms}`);
    seen.set(kms, store);
  }
  return problems;
}

/**
 * Shell lines defining the signer `volc ACTION BODY` (prints the API's JSON answer, HTTP errors
 * included) for KMS in `region`, with the credentials in `$AK`, `$SK`, `$TK`. Signed headers:
 * `content-type;host;x-content-sha256;x-date;x-security-token`; query `Action=…&Version=2021-02-18`.
 */
export function volcSignerLines(region: string): string[] {
  return [
    `H=${volcKmsHost(region)}`,
    `V=${shellQuote(region)}`,
    `hm() { printf '%s' "$2" | openssl dgst -sha256 -mac HMAC -macopt "$1" | awk '{print $NF}'; }`,
    `hs() { printf '%s' "$1" | openssl dgst -sha256 | awk '{print $NF}'; }`,
    "volc() {",
    "  local t d q b c k s",
    '  t=$(date -u +%Y%m%dT%H%M%SZ); d=${t%%T*}',
    `  q="Action=$1&Version=${VOLC_KMS_API_VERSION}"; b=$(hs "$2")`,
    `  c=$(printf 'POST\\n/\\n%s\\ncontent-type:application/json; charset=utf-8\\nhost:%s\\nx-content-sha256:%s\\nx-date:%s\\nx-security-token:%s\\n\\ncontent-type;host;x-content-sha256;x-date;x-security-token\\n%s' "$q" "$H" "$b" "$t" "$TK" "$b")`,
    `  k=$(hm "key:$SK" "$d"); k=$(hm "hexkey:$k" "$V"); k=$(hm "hexkey:$k" ${VOLC_KMS_SERVICE}); k=$(hm "hexkey:$k" request)`,
    `  s=$(hm "hexkey:$k" "$(printf 'HMAC-SHA256\\n%s\\n%s/%s/${VOLC_KMS_SERVICE}/request\\n%s' "$t" "$d" "$V" "$(hs "$c")")")`,
    `  curl -sS --retry 5 "https://$H/?$q" -d "$2" -H "Authorization: HMAC-SHA256 Credential=$AK/$d/$V/${VOLC_KMS_SERVICE}/request, SignedHeaders=content-type;host;x-content-sha256;x-date;x-security-token, Signature=$s" \\`,
    `    -H 'Content-Type: application/json; charset=utf-8' -H "X-Content-Sha256: $b" -H "X-Date: $t" -H "X-Security-Token: $TK"`,
    "}",
  ];
}

/**
 * Shell lines that define `g NAME` (prints the value of the secret stored under plan store name
 * NAME) on Volcano Engine: waits for the instance's IAM role, reads its temporary credentials once,
 * maps NAME to its KMS name ({@link volcengineSecretName}) and calls `GetSecretValue`; a KMS error
 * answer (`ResponseMetadata.Error`) fails with its code and message.
 */
export function volcengineSecretsFetcher(region: string): string[] {
  const u = VOLC_ROLE_CREDENTIALS_URL;
  return [
    `U=${u}`,
    'R=""',
    `for _ in $(seq ${VOLC_ROLE_WAIT_TRIES}); do R=$(curl -fsS "$U" | head -1) && [ -n "$R" ] && break; sleep ${VOLC_ROLE_WAIT_SEC}; done`,
    `[ -n "$R" ] || { echo "gpukit: no IAM role on this instance after ${VOLC_ROLE_WAIT_TRIES * VOLC_ROLE_WAIT_SEC} s (ecs/iamRoleAttachment)" >&2; exit 1; }`,
    'C=$(curl -fsS --retry 5 "$U$R")',
    `j() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1" <<<"$C"; }`,
    "AK=$(j AccessKeyId); SK=$(j SecretAccessKey); TK=$(j SessionToken)",
    ...volcSignerLines(region),
    `n() { printf 'gpukit-%s' "$(hs "\${1#/}" | cut -c1-${HASH_CHARS})"; }`,
    `g() { volc GetSecretValue "{\\"SecretName\\":\\"$(n "$1")\\"}" |`,
    `  python3 -c 'import json,sys; r=json.load(sys.stdin); e=(r.get("ResponseMetadata") or {}).get("Error"); e and sys.exit("gpukit: KMS "+str(e.get("Code"))+": "+str(e.get("Message"))); print(r["Result"]["SecretValue"])'; }`,
  ];
}
