/**
 * JSON schemas of the plugin configurations the kit renders, written from each plugin's documented
 * fields (README_EN.md configuration table, or the field names its `config.go` parses where the
 * README omits one) at alibaba/higress@4e0d691. The CRD leaves `defaultConfig` and `matchRules[].config`
 * free-form (`x-kubernetes-preserve-unknown-fields`), so these schemas are what catches an invented
 * or misspelt plugin field offline: `additionalProperties: false` everywhere.
 *
 * They cover the fields the kit uses and the other documented fields of the same objects; fields
 * of features the kit never configures are absent on purpose (validation then rejects them too).
 */
import type { HigressPlugin } from "./higress";

type Schema = Record<string, unknown>;

const DOCS = "https://github.com/alibaba/higress/tree/4e0d69143208d713e88880d5af1c86f4386e425c/plugins/wasm-go/extensions";

const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: "object", properties, required, additionalProperties: false });
const str: Schema = { type: "string" };
const int: Schema = { type: "integer" };
const bool: Schema = { type: "boolean" };
const strs: Schema = { type: "array", items: str };

const redis = obj({ service_name: str, service_port: int, username: str, password: str, timeout: int, database: int }, ["service_name"]);

/** `limit_keys` entry with exactly one window of `windows` (ai-token-ratelimit / cluster-key-rate-limit). */
function limitKey(windows: string[]): Schema {
  return {
    ...obj({ key: str, ...Object.fromEntries(windows.map((w) => [w, { type: "integer", minimum: 1 }])) }, ["key"]),
    oneOf: windows.map((w) => ({ required: [w] })),
  };
}

function rateLimit(windows: string[], extra: Record<string, Schema> = {}): Schema {
  const by = ["limit_by_header", "limit_by_param", "limit_by_consumer", "limit_by_cookie", "limit_by_per_header", "limit_by_per_param", "limit_by_per_consumer", "limit_by_per_cookie", "limit_by_per_ip"];
  const item = {
    ...obj({ ...Object.fromEntries(by.map((b) => [b, str])), limit_keys: { type: "array", minItems: 1, items: limitKey(windows) } }, ["limit_keys"]),
    oneOf: by.map((b) => ({ required: [b] })),
  };
  return obj(
    {
      rule_name: str,
      global_threshold: { ...obj(Object.fromEntries(windows.map((w) => [w, int]))), minProperties: 1 },
      rule_items: { type: "array", minItems: 1, items: item },
      rejected_code: int,
      rejected_msg: str,
      redis,
      ...extra,
    },
    ["rule_name", "redis"],
  );
}

/** Documented configuration of each plugin, with the README it comes from. */
export const PLUGIN_SCHEMAS: Record<HigressPlugin, { source: string; schema: Schema }> = {
  "key-auth": {
    source: `${DOCS}/key-auth/README_EN.md`,
    // instance level (defaultConfig) and route level (allow) share one object in a WasmPlugin
    schema: obj({
      global_auth: bool,
      consumers: { type: "array", items: obj({ name: str, credential: { type: "string", minLength: 1 } }, ["name", "credential"]) },
      keys: { type: "array", minItems: 1, items: str },
      in_query: bool,
      in_header: bool,
      allow: strs,
    }),
  },
  "model-router": {
    source: `${DOCS}/model-router/README_EN.md`,
    schema: obj({ modelKey: str, addProviderHeader: str, modelToHeader: str, enableOnPathSuffix: strs }),
  },
  "cluster-key-rate-limit": {
    source: `${DOCS}/cluster-key-rate-limit/README_EN.md`,
    schema: rateLimit(["query_per_second", "query_per_minute", "query_per_hour", "query_per_day"], { show_limit_quota_header: bool }),
  },
  "ai-token-ratelimit": {
    source: `${DOCS}/ai-token-ratelimit/README_EN.md`,
    schema: rateLimit(["token_per_second", "token_per_minute", "token_per_hour", "token_per_day"]),
  },
  "ai-statistics": {
    source: `${DOCS}/ai-statistics/README_EN.md`,
    schema: obj({
      attributes: {
        type: "array",
        items: obj(
          {
            key: str,
            value_source: { enum: ["fixed_value", "request_header", "request_body", "response_header", "response_body", "response_streaming_body"] },
            value: str,
            rule: { enum: ["first", "replace", "append"] },
            apply_to_log: bool,
            apply_to_span: bool,
          },
          ["key"],
        ),
      },
      enable_path_suffixes: strs,
      enable_content_types: strs,
    }),
  },
  "ai-security-guard": {
    source: `${DOCS}/ai-security-guard/README_EN.md (riskLevelBar: config/config.go)`,
    schema: obj(
      {
        serviceName: str,
        servicePort: { type: ["integer", "string"] },
        serviceHost: str,
        accessKey: str,
        secretKey: str,
        securityToken: str,
        action: { enum: ["TextModerationPlus", "MultiModalGuard", "MultiModalGuardForBase64"] },
        checkRequest: bool,
        checkResponse: bool,
        requestCheckService: str,
        responseCheckService: str,
        requestContentJsonPath: str,
        responseContentJsonPath: str,
        responseStreamContentJsonPath: str,
        denyCode: int,
        denyMessage: str,
        protocol: { enum: ["openai", "original"] },
        riskLevelBar: { enum: ["max", "high", "medium", "low"] },
        contentModerationLevelBar: { enum: ["max", "high", "medium", "low"] },
        promptAttackLevelBar: { enum: ["max", "high", "medium", "low"] },
        sensitiveDataLevelBar: { enum: ["S4", "S3", "S2", "S1"] },
        timeout: int,
        bufferLimit: int,
      },
      ["serviceName", "servicePort", "serviceHost", "accessKey", "secretKey"],
    ),
  },
  transformer: {
    source: `${DOCS}/transformer/README_EN.md`,
    schema: (() => {
      const kv = obj({ key: str, value: str, oldKey: str, newKey: str, newValue: str, appendValue: str, fromKey: str, toKey: str, strategy: str, value_type: str, host_pattern: str, path_pattern: str });
      const rule = obj(
        { operate: { enum: ["remove", "rename", "replace", "add", "append", "map", "dedupe"] }, mapSource: { enum: ["headers", "querys", "body"] }, headers: { type: "array", items: kv }, querys: { type: "array", items: kv }, body: { type: "array", items: kv } },
        ["operate"],
      );
      return { ...obj({ reroute: bool, reqRules: { type: "array", items: rule }, respRules: { type: "array", items: rule } }), anyOf: [{ required: ["reqRules"] }, { required: ["respRules"] }] };
    })(),
  },
  "ext-auth": {
    source: `${DOCS}/ext-auth/README_EN.md (fields parsed in config/config.go)`,
    schema: (() => {
      const matcher = { ...obj({ exact: str, prefix: str, suffix: str, contains: str, regex: str }), minProperties: 1, maxProperties: 1 };
      const matchers = { type: "array", items: matcher };
      const endpoint = obj({ service_name: str, service_port: int, service_host: str, path_prefix: str, request_method: { enum: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] }, path: str }, ["service_name"]);
      const rule = obj({ match_rule_domain: str, match_rule_method: strs, match_rule_path: str, match_rule_type: { enum: ["exact", "prefix", "suffix", "contains", "regex"] } });
      return obj(
        {
          http_service: obj(
            {
              endpoint_mode: { enum: ["envoy", "forward_auth"] },
              endpoint,
              timeout: int,
              authorization_request: obj({ allowed_headers: matchers, headers_to_add: { type: "object", additionalProperties: str }, with_request_body: bool, max_request_body_bytes: int }),
              authorization_response: obj({ allowed_upstream_headers: matchers, allowed_client_headers: matchers }),
            },
            ["endpoint"],
          ),
          match_type: { enum: ["whitelist", "blacklist"] },
          match_list: { type: "array", items: rule },
          failure_mode_allow: bool,
          failure_mode_allow_header_add: bool,
          status_on_error: int,
        },
        ["http_service"],
      );
    })(),
  },
  "custom-response": {
    source: `${DOCS}/custom-response/README_EN.md`,
    schema: obj(
      { rules: { type: "array", minItems: 1, items: obj({ status_code: int, headers: strs, body: str, enable_on_status: { type: "array", items: { type: ["string", "integer"] } } }) } },
      ["rules"],
    ),
  },
};
