/**
 * Facts about the gateway the kit runs: Higress, pinned. Images, plugin URLs, ports and file
 * layout, each with the public source it was read from. Pure data: no Pulumi, no I/O.
 *
 * Why Higress (compared in README.md "Inference gateway"): it is the only candidate with a
 * maintained plugin that calls Alibaba Cloud Content Moderation (`ai-security-guard`,
 * `TextModerationPlus` services `llm_query_moderation` / `llm_response_moderation`), token limits
 * kept in Redis so they hold across gateway replicas (`ai-token-ratelimit`), request limits in Redis
 * (`cluster-key-rate-limit`), per-consumer keys (`key-auth`), per-consumer token metrics
 * (`ai-statistics`), routing by the OpenAI `model` field (`model-router`), images and plugins served
 * from a mainland-China registry, one all-in-one container for VM hosts and a Helm chart (with the
 * Gateway API Inference Extension behind `global.enableInferenceExtension`) for Kubernetes.
 */

/** Where the facts were read (commits of the public repositories). */
export const HIGRESS_SOURCES = {
  repo: "https://github.com/alibaba/higress/tree/4e0d69143208d713e88880d5af1c86f4386e425c",
  chart: "https://github.com/alibaba/higress/blob/4e0d69143208d713e88880d5af1c86f4386e425c/helm/higress/Chart.yaml",
  crds: "https://github.com/alibaba/higress/blob/4e0d69143208d713e88880d5af1c86f4386e425c/helm/core/crds/customresourcedefinitions.gen.yaml",
  pluginUrls: "https://github.com/higress-group/higress-console/blob/0279ce1a01510c60667cab53494764f1a35f3701/backend/sdk/src/main/resources/plugins/plugins.properties",
  standaloneLayout: "https://github.com/higress-group/higress-standalone/blob/004f4d3c4cddf64b32d7691347b3da07a229e66d/all-in-one/scripts/config-template/ai-gateway.sh",
  pluginDocs: "https://github.com/alibaba/higress/tree/4e0d69143208d713e88880d5af1c86f4386e425c/plugins/wasm-go/extensions",
  // the all-in-one copies its defaults into /data without overwriting (`cp -rn`) and serves /data as file storage
  standaloneStart: "https://github.com/higress-group/higress-standalone/blob/15c3aaaaa279aa08863eb89be136f8dd3df3b09e/all-in-one/scripts/start-apiserver.sh",
} as const;

/** Higress release the kit pins (Chart.yaml `appVersion` at the source commit). */
export const HIGRESS_VERSION = "2.2.1";

/** Registry Higress publishes images and Wasm plugins to (Alibaba Cloud ACR, Hangzhou; reachable from mainland China). */
export const HIGRESS_REGISTRY = "higress-registry.cn-hangzhou.cr.aliyuncs.com";

/** The all-in-one image (controller, pilot, Envoy gateway, console) run on VM hosts. */
export const HIGRESS_ALL_IN_ONE_IMAGE = `${HIGRESS_REGISTRY}/higress/all-in-one:${HIGRESS_VERSION}`;

/** Redis image of the Higress chart (`helm/core/values.yaml` redis.redis.image/tag under `global.hub`). */
export const HIGRESS_REDIS_IMAGE = `${HIGRESS_REGISTRY}/higress/redis-stack-server:7.4.0-v3`;

/** HTTP listener of the all-in-one gateway inside its container. */
export const HIGRESS_CONTAINER_HTTP_PORT = 8080;

/** Console port of the all-in-one image: never published by the kit. */
export const HIGRESS_CONSOLE_PORT = 8001;

/** Envoy's Prometheus endpoint in the Higress gateway (port 15020, `/stats/prometheus`). */
export const HIGRESS_METRICS = { port: 15020, path: "/stats/prometheus" } as const;

/** Config directory of the all-in-one image (`-v <dir>:/data`): one folder per resource kind. */
export const HIGRESS_DATA_DIR = "/data";

/** Namespace every Higress resource is declared in (standalone and Helm alike). */
export const HIGRESS_NAMESPACE = "higress-system";

/** Helm chart of the Kubernetes runtime. */
export const HIGRESS_HELM_CHART = { repo: "https://higress.io/helm-charts", chart: "higress", version: HIGRESS_VERSION } as const;

/** Plugins the kit configures. */
export const HIGRESS_PLUGINS = [
  "key-auth",
  "model-router",
  "cluster-key-rate-limit",
  "ai-token-ratelimit",
  "ai-statistics",
  "ai-security-guard",
  "transformer",
  "custom-response",
  "ext-auth",
] as const;
/** One of {@link HIGRESS_PLUGINS}. */
export type HigressPlugin = (typeof HIGRESS_PLUGINS)[number];

/** Plugin image tags as the Higress console ships them ({@link HIGRESS_SOURCES.pluginUrls}). */
const PLUGIN_TAGS: Record<HigressPlugin, string> = {
  "key-auth": "2.0.0",
  "model-router": "2.0.3",
  "cluster-key-rate-limit": "2.0.3",
  "ai-token-ratelimit": "2.0.3",
  "ai-statistics": "2.0.3",
  "ai-security-guard": "2.0.3",
  transformer: "2.0.3",
  "custom-response": "2.0.0",
  "ext-auth": "2.0.3",
};

/** `oci://` URL of a plugin. */
export function pluginUrl(plugin: HigressPlugin): string {
  return `oci://${HIGRESS_REGISTRY}/plugins/${plugin}:${PLUGIN_TAGS[plugin]}`;
}

/**
 * Execution phase and priority of each plugin in the kit's chain (higher priority runs first within
 * a phase; phases run AUTHN → AUTHZ → STATS → default). key-auth must run before the limits, which
 * key on the consumer it sets; model-router before routing; moderation before the engine.
 */
export const PLUGIN_ORDER: Record<HigressPlugin, { phase: "AUTHN" | "AUTHZ" | "STATS" | "UNSPECIFIED_PHASE"; priority: number }> = {
  "key-auth": { phase: "AUTHN", priority: 310 },
  "model-router": { phase: "AUTHN", priority: 900 },
  // after key-auth (AUTHZ): it removes the caller's Authorization header before the engine
  transformer: { phase: "AUTHZ", priority: 410 },
  // after key-auth: answers GET /v1/models only for a caller with a key
  "custom-response": { phase: "AUTHZ", priority: 910 },
  "cluster-key-rate-limit": { phase: "UNSPECIFIED_PHASE", priority: 20 },
  "ai-token-ratelimit": { phase: "UNSPECIFIED_PHASE", priority: 600 },
  "ai-security-guard": { phase: "UNSPECIFIED_PHASE", priority: 300 },
  "ai-statistics": { phase: "UNSPECIFIED_PHASE", priority: 900 },
  // TMS moderation of prompts (tms.ts): after key-auth, after the transformer removed the caller's key
  // (it never reaches the filter) and after the limits, so unauthenticated or over-limit calls cost no TMS call
  "ext-auth": { phase: "UNSPECIFIED_PHASE", priority: 10 },
};

/** Request header `model-router` copies the OpenAI `model` field into, matched by the routes. */
export const MODEL_HEADER = "x-higress-llm-model";

/** Header `key-auth` sets to the authenticated consumer's name (key-auth README). */
export const CONSUMER_HEADER = "x-mse-consumer";

/**
 * Alibaba Cloud Content Moderation (Content Security "AI guardrails") endpoint per region, as the
 * plugin's `serviceHost`: `green-cip.<region>.aliyuncs.com` (the plugin README's example uses
 * cn-shanghai). Regions where the service is offered are the operator's to confirm.
 */
export function alicloudModerationHost(region: string): string {
  return `green-cip.${region}.aliyuncs.com`;
}

/**
 * Known behaviour of `ai-security-guard` at the source commit that the spec cannot change: when the
 * Content Moderation call fails or answers non-200, the plugin resumes the request (fails open);
 * no configuration field makes it fail closed
 * (`lvwang/text_moderation_plus/text/openai.go`, callback on `statusCode != 200`).
 */
export const MODERATION_FAILS_OPEN_SOURCE =
  "https://github.com/alibaba/higress/blob/4e0d69143208d713e88880d5af1c86f4386e425c/plugins/wasm-go/extensions/ai-security-guard/lvwang/text_moderation_plus/text/openai.go";
