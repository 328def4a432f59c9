/**
 * Renders a {@link GatewayPlan} into Higress resources: `WasmPlugin` (extensions.higress.io/v1alpha1)
 * per plugin, one `Ingress` (networking.k8s.io/v1, class `higress`) per route, and the `McpBridge`
 * (networking.higress.io/v1) `default` listing the engine, Redis, the moderation service and the
 * upstream stacks. The same objects serve the all-in-one container on VM hosts (files under its
 * `/data/<kind>s/` folder, as higress-standalone's config template writes them) and the Helm release
 * on Kubernetes. Secret values never appear: `@@NAME@@` placeholders are filled on the host at boot.
 * Plugin fields are those documented in each plugin's README (or parsed in its config.go) at the
 * pinned commit; `schema.ts` validates the objects against the CRDs and those documented fields.
 */
import type { GatewayPlan, GatewayRoutePlan } from "../plan/gateway";
import { secretPlaceholder } from "./placeholders";
import { CONSUMER_HEADER, HIGRESS_NAMESPACE, MODEL_HEADER, PLUGIN_ORDER, pluginUrl, type HigressPlugin } from "./higress";
import { retryAfterRule } from "./retry-after";
import { tmsExtAuthConfig } from "./tms";

/** A Kubernetes-shaped object as Higress reads it. */
export interface HigressResource {
  apiVersion: string;
  kind: "WasmPlugin" | "Ingress" | "McpBridge";
  metadata: { name: string; namespace: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** Body text of the gateway's refusal of a flagged prompt or response. */
export const MODERATION_DENY_MESSAGE = "This request was refused by content moderation.";

const meta = (name: string, extra: Partial<HigressResource["metadata"]> = {}) => ({ name, namespace: HIGRESS_NAMESPACE, ...extra });

function wasmPlugin(name: string, plugin: HigressPlugin, spec: { defaultConfig?: Record<string, unknown>; matchRules?: { ingress: string[]; config: Record<string, unknown> }[] }): HigressResource {
  const order = PLUGIN_ORDER[plugin];
  return {
    apiVersion: "extensions.higress.io/v1alpha1",
    kind: "WasmPlugin",
    metadata: meta(name, { labels: { "higress.io/wasm-plugin-name": plugin, "app.kubernetes.io/managed-by": "gpu-inference-kit" } }),
    spec: {
      ...(spec.defaultConfig ? { defaultConfig: spec.defaultConfig, defaultConfigDisable: false } : { defaultConfigDisable: true }),
      ...(spec.matchRules ? { matchRules: spec.matchRules.map((r) => ({ ingress: r.ingress, config: r.config, configDisable: false })) } : {}),
      // a plugin that fails to load must not let traffic through unchecked
      failStrategy: "FAIL_CLOSE",
      phase: order.phase,
      priority: order.priority,
      url: pluginUrl(plugin),
    },
  };
}

/** The McpBridge registry entries: engine, Redis, moderation endpoint, upstream stacks. */
function registries(plan: GatewayPlan): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const route of plan.routes) {
    const d = route.destination;
    if (seen.has(d.registry)) continue;
    seen.add(d.registry);
    out.push({ name: d.registry, type: "dns", domain: d.domain, port: d.port, protocol: d.protocol });
  }
  const store = plan.rateLimitStore;
  if (store.kind === "host-container") out.push({ name: "gpukit-redis", type: "dns", domain: "gpukit-redis", port: store.port, protocol: "tcp" });
  // the managed Redis's endpoint is known after deploy: the host fills it in at boot from the secret store
  if (store.kind === "managed-redis" && store.managed) out.push({ name: "gpukit-redis", type: "dns", domain: secretPlaceholder(store.managed.endpointSecret), port: store.port, protocol: "tcp" });
  const m = plan.moderation;
  if (m?.provider === "alicloud-content-moderation") out.push({ name: "gpukit-moderation", type: "dns", domain: m.serviceHost, port: 443, protocol: "https" });
  // the TMS filter beside the gateway (already listed when the model routes go through it)
  if (m?.provider === "tencent-tms" && !seen.has(m.filter.name)) out.push({ name: m.filter.name, type: "dns", domain: m.filter.domain, port: m.filter.port, protocol: "http" });
  return out;
}

function ingress(route: GatewayRoutePlan): HigressResource {
  const d = route.destination;
  const annotations: Record<string, string> = { "higress.io/destination": `${d.registry}.dns:${d.port}` };
  if (route.model) annotations[`higress.io/exact-match-header-${MODEL_HEADER}`] = route.model;
  if (route.methods.length) annotations["higress.io/match-method"] = route.methods.join(" ");
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: meta(route.name, { annotations, labels: { "gpukit.io/route-purpose": route.purpose } }),
    spec: {
      ingressClassName: "higress",
      rules: [{ http: { paths: [{ path: route.path.value, pathType: route.path.type, backend: { resource: { apiGroup: "networking.higress.io", kind: "McpBridge", name: "default" } } }] } }],
    },
  };
}

/** `limit_by_consumer` rule items of the rate-limit plugins for one limit, or null when no consumer has it. */
function consumerLimits(plan: GatewayPlan, pick: (c: GatewayPlan["consumers"][number]) => number | null, field: string): Record<string, unknown>[] | null {
  const keys = plan.consumers.filter((c) => pick(c) !== null).map((c) => ({ key: c.name, [field]: pick(c) }));
  return keys.length ? [{ limit_by_consumer: "", limit_keys: keys }] : null;
}

/** Every Higress resource of the gateway, in a stable order (McpBridge, Ingresses, WasmPlugins). */
export function renderHigressResources(plan: GatewayPlan): HigressResource[] {
  const apiRoutes = plan.routes.filter((r) => r.purpose !== "health").map((r) => r.name);
  const modelRoutes = plan.routes.filter((r) => r.purpose === "model").map((r) => r.name);
  const redis = { service_name: plan.rateLimitStore.serviceName, service_port: plan.rateLimitStore.port, timeout: 1000 };
  const out: HigressResource[] = [
    { apiVersion: "networking.higress.io/v1", kind: "McpBridge", metadata: meta("default"), spec: { registries: registries(plan) } },
    ...plan.routes.map(ingress),
  ];

  const requests = consumerLimits(plan, (c) => c.limits.requestsPerMinute, "query_per_minute");
  const windows = [
    { suffix: "minute", rule: "gpukit-tokens-per-minute", items: consumerLimits(plan, (c) => c.limits.tokensPerMinute, "token_per_minute") },
    { suffix: "day", rule: "gpukit-tokens-per-day", items: consumerLimits(plan, (c) => c.limits.tokensPerDay, "token_per_day") },
  ];
  const limited = Boolean(requests) || windows.some((w) => w.items);
  const respRules: Record<string, unknown>[] = [];
  if (plan.responseHeaders.length) respRules.push({ operate: "add", headers: plan.responseHeaders.map((h) => ({ key: h.name, value: h.value })) });
  // a 429 of the limits carries Retry-After (retry-after.ts)
  if (limited) respRules.push(retryAfterRule());
  out.push(
    wasmPlugin("gpukit-key-auth", "key-auth", {
      defaultConfig: {
        // authentication only where a route allows consumers; the health route is the one exception
        global_auth: false,
        consumers: plan.consumers.map((c) => ({ name: c.name, credential: `Bearer ${secretPlaceholder(c.secret)}` })),
        keys: ["authorization"],
        in_header: true,
        in_query: false,
      },
      matchRules: plan.routes.filter((r) => r.purpose !== "health").map((r) => ({ ingress: [r.name], config: { allow: r.consumers } })),
    }),
    wasmPlugin("gpukit-model-router", "model-router", { defaultConfig: { modelToHeader: MODEL_HEADER } }),
    wasmPlugin("gpukit-transformer", "transformer", {
      defaultConfig: {
        // the caller's key never reaches an engine or an upstream's logs
        reqRules: [{ operate: "remove", headers: [{ key: "authorization" }] }],
        ...(respRules.length ? { respRules } : {}),
      },
    }),
  );
  if (requests) {
    out.push(
      wasmPlugin("gpukit-request-limit", "cluster-key-rate-limit", {
        matchRules: [{ ingress: apiRoutes, config: { rule_name: "gpukit-requests-per-minute", rule_items: requests, show_limit_quota_header: true, rejected_code: 429, rejected_msg: "Too many requests", redis } }],
      }),
    );
  }
  for (const w of windows) {
    // one plugin instance per window: a limit key takes exactly one window (ai-token-ratelimit config.go)
    if (w.items) {
      out.push(
        wasmPlugin(`gpukit-token-limit-${w.suffix}`, "ai-token-ratelimit", {
          matchRules: [{ ingress: modelRoutes, config: { rule_name: w.rule, rule_items: w.items, rejected_code: 429, rejected_msg: "Too many tokens", redis } }],
        }),
      );
    }
  }
  const fixed = new Set(["consumer"]);
  const attributes = plan.auditLog.fields.flatMap((key): Record<string, unknown>[] => {
    if (fixed.has(key)) return [{ key, value_source: "request_header", value: CONSUMER_HEADER, apply_to_log: true }];
    if (key === "question") return [{ key, value_source: "request_body", value: "messages.@reverse.0.content", apply_to_log: true }];
    if (key === "answer") {
      return [
        { key, value_source: "response_streaming_body", value: "choices.0.delta.content", rule: "append", apply_to_log: true },
        { key, value_source: "response_body", value: "choices.0.message.content", apply_to_log: true },
      ];
    }
    return [];
  });
  out.push(wasmPlugin("gpukit-ai-statistics", "ai-statistics", { matchRules: [{ ingress: modelRoutes, config: { attributes } }] }));
  const m = plan.moderation;
  if (m?.provider === "tencent-tms" && m.checkRequest) {
    // prompts: ext-auth asks the TMS filter before the request goes on (tms.ts)
    out.push(wasmPlugin("gpukit-moderation", "ext-auth", { matchRules: [{ ingress: modelRoutes, config: tmsExtAuthConfig(m) }] }));
  }
  if (m?.provider === "alicloud-content-moderation") {
    out.push(
      wasmPlugin("gpukit-moderation", "ai-security-guard", {
        matchRules: [
          {
            ingress: modelRoutes,
            config: {
              serviceName: "gpukit-moderation.dns",
              servicePort: 443,
              serviceHost: m.serviceHost,
              accessKey: secretPlaceholder(m.secrets.accessKeyId),
              secretKey: secretPlaceholder(m.secrets.accessKeySecret),
              action: m.action,
              checkRequest: m.checkRequest,
              checkResponse: m.checkResponse,
              requestCheckService: m.requestCheckService,
              responseCheckService: m.responseCheckService,
              // TextModerationPlus compares the verdict with riskLevelBar only (config.go): "high" blocks high risk, "max" never blocks (audit)
              riskLevelBar: m.mode === "block" ? "high" : "max",
              denyMessage: MODERATION_DENY_MESSAGE,
              bufferLimit: 1000,
              timeout: 2000,
            },
          },
        ],
      }),
    );
  }
  const models = [...plan.servedModels, ...plan.upstreams.map((u) => u.model)];
  const listing = { object: "list", data: models.map((id) => ({ id, object: "model", owned_by: "gpu-inference-kit" })) };
  out.push(
    wasmPlugin("gpukit-models", "custom-response", {
      matchRules: [{ ingress: ["gpukit-models"], config: { rules: [{ status_code: 200, headers: ["content-type=application/json"], body: JSON.stringify(listing) }] } }],
    }),
  );
  return out;
}

/** Folder of a resource in the all-in-one image's `/data` (higress-standalone layout): `wasmplugins`, `ingresses`, `mcpbridges`. */
export function resourceFolder(kind: HigressResource["kind"]): string {
  return kind === "WasmPlugin" ? "wasmplugins" : kind === "Ingress" ? "ingresses" : "mcpbridges";
}

/** Placeholders a rendered resource set contains (each must be filled at boot). */
export function placeholdersIn(resources: readonly HigressResource[]): string[] {
  return [...new Set(JSON.stringify(resources).match(/@@[A-Z0-9_]+@@/g) ?? [])].sort();
}
