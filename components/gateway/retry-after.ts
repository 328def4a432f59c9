/**
 * `Retry-After` on the gateway's 429 answers. The pinned rate-limit plugins answer 429 with their
 * own reset header and no `Retry-After`, and have no option to add one (alibaba/higress@4e0d691,
 * `rejected()` in each main.go):
 *
 * - `cluster-key-rate-limit`: `X-RateLimit-Reset: <seconds until the window's Redis key expires>`
 *   (plus `X-RateLimit-Limit` / `X-RateLimit-Remaining` with show_limit_quota_header);
 * - `ai-token-ratelimit`: `X-TokenRateLimit-Reset: <seconds>`.
 *
 * Both send the value only when they reject. The kit copies it into `Retry-After` (delta-seconds,
 * RFC 9110 §10.2.3) with the `transformer` plugin's response `map` operation (README: "if fromKey
 * exists, map its value to toKey, keeping fromKey; otherwise no operation"), which leaves every
 * other response untouched. Verified from the sources: the header names, that the plugins offer no
 * Retry-After option, and the transformer's documented map semantics; the Higress docs show
 * another plugin's response phase (custom-response `enable_on_status: [429]`) acting on a rate
 * limiter's 429. Not verified here: a live gateway answering with the header (no Higress binary
 * runs in this environment). Pure data.
 */

/** Where the facts were read. */
export const RETRY_AFTER_SOURCES = {
  clusterKeyRateLimit: "https://github.com/alibaba/higress/blob/4e0d69143208d713e88880d5af1c86f4386e425c/plugins/wasm-go/extensions/cluster-key-rate-limit/main.go (RateLimitResetHeader, rejected())",
  aiTokenRateLimit: "https://github.com/alibaba/higress/blob/4e0d69143208d713e88880d5af1c86f4386e425c/plugins/wasm-go/extensions/ai-token-ratelimit/main.go (RateLimitResetHeader, rejected())",
  transformerMap: "https://github.com/alibaba/higress/blob/4e0d69143208d713e88880d5af1c86f4386e425c/plugins/wasm-go/extensions/transformer/README_EN.md (Map map)",
  customResponseOn429: "https://github.com/alibaba/higress/blob/4e0d69143208d713e88880d5af1c86f4386e425c/plugins/wasm-go/extensions/custom-response/README_EN.md (enable_on_status 429 on rate limiting)",
} as const;

/** Reset headers the rate-limit plugins send with their 429 (lower case: header names are case-insensitive in the transformer). */
export const RATE_LIMIT_RESET_HEADERS = { "cluster-key-rate-limit": "x-ratelimit-reset", "ai-token-ratelimit": "x-tokenratelimit-reset" } as const;

/** The `transformer` response rule that turns either reset header into `Retry-After`. */
export function retryAfterRule(): { operate: "map"; headers: { fromKey: string; toKey: string }[] } {
  return { operate: "map", headers: Object.values(RATE_LIMIT_RESET_HEADERS).map((fromKey) => ({ fromKey, toKey: "retry-after" })) };
}
