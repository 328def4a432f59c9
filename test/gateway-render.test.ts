/**
 * The rendered Higress config: routes only to the engine (and named upstream stacks), a key on every
 * route but the health probe, each consumer's limits, routing by the OpenAI `model` field, request
 * and response moderation with Alibaba Cloud Content Moderation, AIGC labels; validated against
 * Higress's published CRD schemas (WasmPlugin, McpBridge), the plugins' documented fields and the
 * Kubernetes Ingress schema, with broken objects caught. Expected values are written by hand.
 */
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { renderHigressResources, type HigressResource } from "../components/gateway/render";
import { renderKubernetesGateway } from "../components/gateway/render-kubernetes";
import { pluginOf, validateHigressResources } from "../components/gateway/schema";
import { planDeployment } from "../components/plan";
import { parseDeploymentSpec, type DeploymentSpecInput } from "../components/spec";
import { clone, devSpec, stagingSpec } from "./fixtures/specs";

const catalog = loadCatalog();

function cnPublic(mode: "block" | "audit" = "block"): DeploymentSpecInput {
  const s = clone(devSpec()) as Record<string, any>;
  s.loadBalancer = { public: true, tls: { certificateId: "cert-1" } };
  s.compliance = { dataResidency: "cn", dataClassification: "public", filingNumber: "Zhejiang-001", moderation: { provider: "alicloud-content-moderation", mode } };
  s.gateway = { consumers: [{ name: "team-a", limits: { requestsPerMinute: 60, tokensPerMinute: 10000, monthlyTokens: 3_000_000 } }, { name: "team-b", limits: { tokensPerMinute: 500 } }] };
  return s as DeploymentSpecInput;
}

function gatewayOf(spec: DeploymentSpecInput) {
  return planDeployment(parseDeploymentSpec(spec, catalog), "dev", catalog).targets[0].gateway!;
}

const gw = gatewayOf(cnPublic());
const resources = renderHigressResources(gw);
const byName = (name: string) => resources.find((r) => r.metadata.name === name)!;
const plugin = (name: string) => byName(name).spec as { defaultConfig?: any; matchRules?: { ingress: string[]; config: any }[] };

describe("routes", () => {
  it("renders the McpBridge with the engine container, Redis and Content Moderation only", () => {
    expect(byName("default").spec.registries).toEqual([
      { name: "gpukit-engine", type: "dns", domain: "gpukit-engine", port: 8000, protocol: "http" },
      { name: "gpukit-redis", type: "dns", domain: "gpukit-redis", port: 6379, protocol: "tcp" },
      { name: "gpukit-moderation", type: "dns", domain: "green-cip.cn-hangzhou.aliyuncs.com", port: 443, protocol: "https" },
    ]);
  });

  it("sends every route to the engine, routing model calls by the OpenAI model field", () => {
    const ingresses = resources.filter((r) => r.kind === "Ingress");
    expect(ingresses.map((i) => [i.metadata.name, i.metadata.annotations])).toEqual([
      ["gpukit-model-0", { "higress.io/destination": "gpukit-engine.dns:8000", "higress.io/exact-match-header-x-higress-llm-model": "Qwen/Qwen2.5-7B-Instruct-AWQ", "higress.io/match-method": "POST" }],
      ["gpukit-models", { "higress.io/destination": "gpukit-engine.dns:8000", "higress.io/match-method": "GET" }],
      ["gpukit-health", { "higress.io/destination": "gpukit-engine.dns:8000", "higress.io/match-method": "GET" }],
    ]);
    expect(plugin("gpukit-model-router").defaultConfig).toEqual({ modelToHeader: "x-higress-llm-model" });
  });

  it("adds another stack's model as an HTTPS upstream whose host is filled at boot", () => {
    const s = clone(stagingSpec()) as Record<string, any>;
    s.targets[0].replicas = { min: 1, max: 1 };
    s.gateway = { consumers: [{ name: "analytics" }], upstreams: [{ model: "Qwen/Qwen2.5-72B-Instruct-AWQ", stack: "acme/gpu-inference/prod" }] };
    const up = renderHigressResources(gatewayOf(s as DeploymentSpecInput));
    const ingress = up.find((r) => r.metadata.name === "gpukit-upstream-0")!;
    expect(ingress.metadata.annotations).toEqual({ "higress.io/destination": "gpukit-upstream-0.dns:443", "higress.io/exact-match-header-x-higress-llm-model": "Qwen/Qwen2.5-72B-Instruct-AWQ", "higress.io/match-method": "POST" });
    expect((up.find((r) => r.kind === "McpBridge")!.spec.registries as unknown[])).toContainEqual({ name: "gpukit-upstream-0", type: "dns", domain: "@@GATEWAYUPSTREAM_0@@", port: 443, protocol: "https" });
    // GET /v1/models lists both models
    const listing = JSON.parse((up.find((r) => r.metadata.name === "gpukit-models" && r.kind === "WasmPlugin")!.spec.matchRules as any)[0].config.rules[0].body);
    expect(listing.data.map((m: { id: string }) => m.id)).toEqual(["meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-72B-Instruct-AWQ"]);
    expect(validateHigressResources(up)).toEqual([]);
  });
});

describe("LoRA adapters", () => {
  it("routes each served model name (base, then adapters) with keys on each", () => {
    const s = cnPublic() as Record<string, any>;
    s.model.adapters = [{ name: "support", source: "oss://acme-lora/support", rank: 16 }, { name: "legal", source: "oss://acme-lora/legal", rank: 8 }];
    const g = gatewayOf(s as DeploymentSpecInput);
    expect(g.servedModels).toEqual(["Qwen/Qwen2.5-7B-Instruct-AWQ", "support", "legal"]);
    const rs = renderHigressResources(g);
    const models = rs.filter((r) => r.kind === "Ingress" && r.metadata.labels?.["gpukit.io/route-purpose"] === "model").map((r) => r.metadata.annotations!["higress.io/exact-match-header-x-higress-llm-model"]);
    expect(models).toEqual(["Qwen/Qwen2.5-7B-Instruct-AWQ", "support", "legal"]);
    const auth = rs.find((r) => r.metadata.name === "gpukit-key-auth")!.spec.matchRules as { ingress: string[] }[];
    expect(auth.map((m) => m.ingress[0])).toEqual(["gpukit-model-0", "gpukit-model-1", "gpukit-model-2", "gpukit-models"]);
    expect(validateHigressResources(rs)).toEqual([]);
  });
});

describe("keys", () => {
  it("requires a consumer key on every route but the health probe", () => {
    const auth = plugin("gpukit-key-auth");
    expect(auth.defaultConfig).toEqual({
      global_auth: false,
      consumers: [
        { name: "team-a", credential: "Bearer @@GATEWAYKEY_TEAM_A@@" },
        { name: "team-b", credential: "Bearer @@GATEWAYKEY_TEAM_B@@" },
      ],
      keys: ["authorization"],
      in_header: true,
      in_query: false,
    });
    expect(auth.matchRules).toEqual([
      { ingress: ["gpukit-model-0"], config: { allow: ["team-a", "team-b"] }, configDisable: false },
      { ingress: ["gpukit-models"], config: { allow: ["team-a", "team-b"] }, configDisable: false },
    ]);
    expect(byName("gpukit-key-auth").spec.failStrategy).toBe("FAIL_CLOSE");
  });

  it("strips the caller's Authorization header before the engine, after key-auth has checked it", () => {
    const t = byName("gpukit-transformer").spec;
    expect((t.defaultConfig as any).reqRules).toEqual([{ operate: "remove", headers: [{ key: "authorization" }] }]);
    expect(t.phase).toBe("AUTHZ"); // key-auth runs in AUTHN
  });

  it("never contains a secret value, only placeholders", () => {
    const text = JSON.stringify(resources);
    expect(text.match(/@@[A-Z0-9_]+@@/g)?.sort()).toEqual(["@@GATEWAYKEY_TEAM_A@@", "@@GATEWAYKEY_TEAM_B@@", "@@MODERATIONACCESSKEYID@@", "@@MODERATIONACCESSKEYSECRET@@"]);
  });
});

describe("limits", () => {
  const redis = { service_name: "gpukit-redis.dns", service_port: 6379, timeout: 1000 };
  it("limits requests per minute per consumer in Redis", () => {
    expect(plugin("gpukit-request-limit").matchRules).toEqual([
      {
        ingress: ["gpukit-model-0", "gpukit-models"],
        config: { rule_name: "gpukit-requests-per-minute", rule_items: [{ limit_by_consumer: "", limit_keys: [{ key: "team-a", query_per_minute: 60 }] }], show_limit_quota_header: true, rejected_code: 429, rejected_msg: "Too many requests", redis },
        configDisable: false,
      },
    ]);
  });

  it("limits tokens per minute and per day (monthly / 30), one plugin instance per window", () => {
    expect(plugin("gpukit-token-limit-minute").matchRules![0].config.rule_items).toEqual([{ limit_by_consumer: "", limit_keys: [{ key: "team-a", token_per_minute: 10000 }, { key: "team-b", token_per_minute: 500 }] }]);
    expect(plugin("gpukit-token-limit-day").matchRules![0].config.rule_items).toEqual([{ limit_by_consumer: "", limit_keys: [{ key: "team-a", token_per_day: 100000 }] }]);
    expect(plugin("gpukit-token-limit-day").matchRules![0].config.redis).toEqual(redis);
  });
});

describe("moderation and labels", () => {
  it("checks requests and responses with Content Moderation (TextModerationPlus), blocking high risk", () => {
    expect(plugin("gpukit-moderation").matchRules).toEqual([
      {
        ingress: ["gpukit-model-0"],
        config: {
          serviceName: "gpukit-moderation.dns",
          servicePort: 443,
          serviceHost: "green-cip.cn-hangzhou.aliyuncs.com",
          accessKey: "@@MODERATIONACCESSKEYID@@",
          secretKey: "@@MODERATIONACCESSKEYSECRET@@",
          action: "TextModerationPlus",
          checkRequest: true,
          checkResponse: true,
          requestCheckService: "llm_query_moderation",
          responseCheckService: "llm_response_moderation",
          riskLevelBar: "high",
          denyMessage: "This request was refused by content moderation.",
          bufferLimit: 1000,
          timeout: 2000,
        },
        configDisable: false,
      },
    ]);
  });

  it("audit mode detects without blocking (riskLevelBar max)", () => {
    const audit = renderHigressResources(gatewayOf(cnPublic("audit"))).find((r) => r.metadata.name === "gpukit-moderation")!;
    expect((audit.spec.matchRules as any)[0].config.riskLevelBar).toBe("max");
  });

  it("adds the filing number and the AIGC label to every response", () => {
    expect((plugin("gpukit-transformer").defaultConfig as any).respRules).toEqual([
      { operate: "add", headers: [{ key: "x-aigc-filing-number", value: "Zhejiang-001" }, { key: "x-aigc-label", value: "AIGC" }, { key: "x-aigc-provider", value: "platform-team" }] },
      // Retry-After on the limits' 429 (test/gateway-ratelimit-retry-after.test.ts)
      { operate: "map", headers: [{ fromKey: "x-ratelimit-reset", toKey: "retry-after" }, { fromKey: "x-tokenratelimit-reset", toKey: "retry-after" }] },
    ]);
  });

  it("logs consumer, model, prompt, answer and tokens for the audit", () => {
    const attrs = plugin("gpukit-ai-statistics").matchRules![0].config.attributes.map((a: { key: string; value_source: string }) => `${a.key}:${a.value_source}`);
    expect(attrs).toEqual(["consumer:request_header", "question:request_body", "answer:response_streaming_body", "answer:response_body"]);
  });
});

describe("validation against the published schemas", () => {
  it("passes Higress's CRD schemas and the plugins' documented fields", () => {
    expect(validateHigressResources(resources)).toEqual([]);
    expect(resources.filter((r) => r.kind === "WasmPlugin").map((r) => pluginOf(r))).toEqual([
      "key-auth", "model-router", "transformer", "cluster-key-rate-limit", "ai-token-ratelimit", "ai-token-ratelimit", "ai-statistics", "ai-security-guard", "custom-response",
    ]);
  });

  it("passes the Kubernetes Ingress schema (kubernetes-models)", () => {
    for (const r of resources.filter((x) => x.kind === "Ingress")) expect(() => new Ingress(r as never).validate()).not.toThrow();
  });

  const broken = (mutate: (rs: HigressResource[]) => void): string[] => {
    const copy = clone(resources);
    mutate(copy);
    return validateHigressResources(copy);
  };

  it("reports an invented plugin field", () => {
    expect(broken((rs) => ((rs.find((r) => r.metadata.name === "gpukit-key-auth")!.spec.defaultConfig as any).header_name = "x")).join("\n")).toMatch(/gpukit-key-auth defaultConfig: \/ must NOT have additional properties \(header_name\)/);
  });

  it("reports a value outside the CRD's enum and a field the API server would prune", () => {
    const problems = broken((rs) => {
      rs.find((r) => r.metadata.name === "gpukit-moderation")!.spec.failStrategy = "FAIL_MAYBE";
      (rs.find((r) => r.kind === "McpBridge")!.spec.registries as any[])[0].weight = 3;
    }).join("\n");
    expect(problems).toMatch(/WasmPlugin\/gpukit-moderation: \/spec\/failStrategy must be equal to one of the allowed values/);
    expect(problems).toMatch(/McpBridge\/default: \/spec\/registries\/0 must NOT have additional properties \(weight\)/);
  });

  it("reports a route nobody authenticates and a limit key with two windows", () => {
    const problems = broken((rs) => {
      (rs.find((r) => r.metadata.name === "gpukit-key-auth")!.spec.matchRules as any[]).pop();
      (rs.find((r) => r.metadata.name === "gpukit-token-limit-day")!.spec.matchRules as any)[0].config.rule_items[0].limit_keys[0].token_per_hour = 5;
    }).join("\n");
    expect(problems).toMatch(/Ingress\/gpukit-models: no key-auth rule allows consumers on this route/);
    expect(problems).toMatch(/gpukit-token-limit-day matchRules\[0\]\.config: .*must match exactly one schema in oneOf/);
  });
});

describe("Kubernetes runtime data", () => {
  it("renders the Higress Helm release with the chart's Redis and the engine's Service as destination", () => {
    const k = renderKubernetesGateway(
      { ...gw, rateLimitStore: { kind: "in-cluster", serviceName: "redis-stack-server.higress-system.svc.cluster.local", port: 6379, image: null }, port: 80 },
      { sourceRanges: ["10.0.0.0/8"], annotations: { "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet" } },
      [{ name: "gatewayKey-team-a" }, { name: "gatewayKey-team-b" }, { name: "moderationAccessKeyId" }, { name: "moderationAccessKeySecret" }],
    );
    expect(k.helmRelease).toMatchObject({ name: "higress", chart: "higress", version: "2.2.1", repository: "https://higress.io/helm-charts", namespace: "higress-system" });
    expect(k.helmRelease.values).toEqual({
      global: { hub: "higress-registry.cn-hangzhou.cr.aliyuncs.com/higress", enableRedis: true, enableGatewayAPI: true },
      "higress-core": {
        gateway: {
          replicas: 2,
          service: {
            type: "LoadBalancer",
            ports: [{ name: "http2", port: 80, protocol: "TCP", targetPort: 80 }],
            annotations: { "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet" },
            loadBalancerSourceRanges: ["10.0.0.0/8"],
            externalTrafficPolicy: "Local",
          },
        },
      },
    });
    expect(k.secretPlaceholders).toEqual([
      { placeholder: "@@GATEWAYKEY_TEAM_A@@", secret: "gatewayKey-team-a" },
      { placeholder: "@@GATEWAYKEY_TEAM_B@@", secret: "gatewayKey-team-b" },
      { placeholder: "@@MODERATIONACCESSKEYID@@", secret: "moderationAccessKeyId" },
      { placeholder: "@@MODERATIONACCESSKEYSECRET@@", secret: "moderationAccessKeySecret" },
    ]);
    expect(() => renderKubernetesGateway(gw, { sourceRanges: [], annotations: {} }, [{ name: "gatewayKey-team-a" }])).toThrow(/@@GATEWAYKEY_TEAM_B@@ has no secret/);
  });
});
