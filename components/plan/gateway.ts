/**
 * The inference gateway of a target as plain data: who may call (one key per consumer), what they
 * may call (routes by the OpenAI `model` field to this target's engine and to other stacks), how
 * much (per-consumer limits kept in Redis so they hold across gateway replicas), moderation, the
 * China filing number and AI-generated-content label, the audit log and the port the load balancer
 * forwards to. Pure: no Pulumi. The Higress resources themselves are rendered from this plan by
 * `components/gateway/render.ts`.
 */
import {
  alicloudModerationHost,
  HIGRESS_ALL_IN_ONE_IMAGE,
  HIGRESS_CONTAINER_HTTP_PORT,
  HIGRESS_METRICS,
  HIGRESS_NAMESPACE,
  HIGRESS_REDIS_IMAGE,
  HIGRESS_SOURCES,
  HIGRESS_VERSION,
  MODERATION_FAILS_OPEN_SOURCE,
} from "../gateway/higress";
import { secretPlaceholder } from "../gateway/placeholders";
import { planTmsModeration, routesThroughTmsFilter, TMS_FILTER_POD_LABELS } from "../gateway/tms";
import { endpointPickerPodLabels, inferencePoolIssues, inferencePoolTargetIssues } from "../gateway/inference-pool";
import type { KubernetesPlan } from "./kubernetes-types";
import type { ConfigIssue } from "../spec/issues";
import type { DeploymentSpec } from "../spec/schema";
import type { SecretPlan } from "./secrets";

/** Host port of the gateway on a VM host, unless the engine already uses it (then {@link GATEWAY_HOST_PORT} + 1). */
export const GATEWAY_HOST_PORT = 8088;

/** Days the audit log of requests and responses must be kept (China public services; the observability work ships it). */
export const AUDIT_RETENTION_DAYS = 180;

/**
 * Implicit AI-generated-content label added to every response of a `cn` public service: response
 * header and value. Measures for Labelling AI-Generated Synthetic Content (in force 2025-09-01)
 * ask for implicit labels (metadata) naming the content as AI-generated and the provider; the kit
 * adds them as response headers (shared/reference/engines.md, China compliance).
 */
export const AIGC_LABEL_HEADERS = { label: "x-aigc-label", provider: "x-aigc-provider", filing: "x-aigc-filing-number" } as const;

export { secretPlaceholder };
export type { GatewayConsumerPlan, GatewayDestination, GatewayModerationPlan, GatewayPlan, GatewayPlanInput, GatewayRoutePlan, ManagedRedisPlan, RateLimitStorePlan } from "./gateway-types";
import type { GatewayConsumerPlan, GatewayDestination, GatewayModerationPlan, GatewayPlan, GatewayPlanInput, GatewayRoutePlan, ManagedRedisPlan, RateLimitStorePlan } from "./gateway-types";


/**
 * The managed Redis of a VM target's limits on `cloud`, or null where the kit creates none. Sizes
 * are the smallest standard classes: the store holds a few counters per consumer and window.
 */
export function managedRedis(cloud: string, hostCidrs: (string | null)[] = []): ManagedRedisPlan | null {
  if (cloud === "aws") {
    return {
      product: "Amazon ElastiCache (Redis OSS), one node",
      resourceType: "aws:elasticache/replicationGroup:ReplicationGroup",
      size: "cache.t4g.small",
      engineVersion: "7.1",
      endpointSecret: "gatewayRedis",
      clientCidrs: null,
      source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html",
    };
  }
  if (cloud === "alicloud") {
    const cidrs = hostCidrs.filter((c): c is string => Boolean(c));
    if (!cidrs.length || cidrs.length !== hostCidrs.length) return null;
    return {
      product: "Tair (Redis OSS-compatible) standard master-replica, 1 GB",
      resourceType: "alicloud:kvstore/instance:Instance",
      size: "redis.master.small.default",
      engineVersion: "7.0",
      endpointSecret: "gatewayRedis",
      clientCidrs: cidrs,
      source: "https://www.alibabacloud.com/help/doc-detail/26350.htm",
    };
  }
  return null;
}

/**
 * Whether the Kubernetes runtime deploys `gateway.kubernetes` (Helm release + Higress objects):
 * true since components/kubernetes/gateway.ts creates the release, the Secret and the objects and the
 * engine's Service turns ClusterIP behind it (components/plan/kubernetes-expose.ts). While false, a
 * gateway on `runtime: kubernetes` was refused rather than left out silently.
 */
export const KUBERNETES_GATEWAY_DEPLOYED = true;

/** Whether `name` is a secret of the gateway (never given to the engine container). */
export function isGatewaySecret(name: string): boolean {
  return name.startsWith("gateway") || name.startsWith("moderation");
}

/** Store name of a gateway secret: `gpu-inference/<stack>/<target>/<name>`, as `secretStoreName` does for the others. */
function storeName(stack: string, target: string, name: string): string {
  return `gpu-inference/${stack}/${target}/${name}`;
}

/** Gateway host port for an engine port. */
export function gatewayHostPort(enginePort: number): number {
  return enginePort === GATEWAY_HOST_PORT ? GATEWAY_HOST_PORT + 1 : GATEWAY_HOST_PORT;
}

/**
 * Deployment-wide rules (every issue with its config path): a `cn` public service needs a filing
 * number and moderation; moderation and filing labels run in the gateway; consumer names are unique.
 */
export function gatewayIssues(spec: DeploymentSpec): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const c = spec.compliance;
  if (c?.dataResidency === "cn" && spec.loadBalancer.public) {
    if (!c.filingNumber) {
      issues.push({ path: "compliance.filingNumber", message: "compliance.dataResidency is cn and loadBalancer.public is true: a public generative-AI service in mainland China needs its filing number (备案号); set compliance.filingNumber" });
    }
    if (!c.moderation) {
      issues.push({
        path: "compliance.moderation",
        message: "compliance.dataResidency is cn and loadBalancer.public is true: prompts and responses must be moderated; set compliance.moderation (and gateway.consumers)",
        allowed: ["alicloud-content-moderation", "tencent-tms"],
      });
    }
    if (!spec.gateway) issues.push({ path: "gateway", message: "a public service in mainland China runs behind the gateway (keys, moderation, AIGC labels): set gateway.consumers" });
  }
  if (c?.moderation && !spec.gateway) issues.push({ path: "compliance.moderation", message: "moderation runs in the gateway: set gateway.consumers too" });
  issues.push(...inferencePoolIssues(spec));
  if (c?.moderation && c.moderation.provider !== "tencent-tms" && c.moderation.bizType) {
    issues.push({ path: "compliance.moderation.bizType", message: "bizType is the Tencent TMS policy: set it only with provider tencent-tms", given: JSON.stringify(c.moderation.bizType) });
  }
  const seen = new Map<string, number>();
  spec.gateway?.consumers.forEach((consumer, i) => {
    if (seen.has(consumer.name)) issues.push({ path: `gateway.consumers[${i}].name`, message: `Duplicate consumer name (also gateway.consumers[${seen.get(consumer.name)}])`, given: JSON.stringify(consumer.name) });
    seen.set(consumer.name, i);
  });
  const models = new Map<string, number>();
  spec.gateway?.upstreams?.forEach((u, i) => {
    if (u.model === spec.model.id) issues.push({ path: `gateway.upstreams[${i}].model`, message: "this stack serves that model itself", given: JSON.stringify(u.model) });
    if (models.has(u.model)) issues.push({ path: `gateway.upstreams[${i}].model`, message: `Duplicate upstream model (also gateway.upstreams[${models.get(u.model)}])`, given: JSON.stringify(u.model) });
    models.set(u.model, i);
  });
  return issues;
}

/**
 * Plans the gateway of one target, with the secrets it adds to the target (consumer keys and
 * upstream endpoints generated at deploy time, moderation AccessKeys from config), or the issues
 * that prevent it. Returns `{}` without issues when the spec has no gateway.
 */
export function planGateway(input: GatewayPlanInput): { plan?: GatewayPlan; secrets: SecretPlan[]; issues: ConfigIssue[] } {
  const { spec, target, path, engine } = input;
  const gw = spec.gateway;
  if (!gw) return { secrets: [], issues: [] };
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  if (target.runtime === "kubernetes" && !KUBERNETES_GATEWAY_DEPLOYED) {
    issues.push({
      path: `${path}.runtime`,
      message: "the gateway is rendered for Kubernetes (a Higress Helm release and its objects) but the Kubernetes runtime does not deploy it yet, so the engine's Service would serve without keys, limits or moderation; use runtime vm for a gateway target",
      given: JSON.stringify("kubernetes"),
      allowed: ["vm"],
    });
  }
  issues.push(...inferencePoolTargetIssues(spec, target.runtime, path));
  if (spec.engine.apiKeySecret) {
    warnings.push("engine.apiKeySecret is set and the gateway fronts the engine: the gateway strips the caller's Authorization header, so the engine's own key check refuses every request; remove engine.apiKeySecret (the engine listens on the host's loopback only)");
  }
  const secrets: SecretPlan[] = [];
  const consumers: GatewayConsumerPlan[] = gw.consumers.map((c, i) => {
    const secret = `gatewayKey-${c.name}`;
    secrets.push({
      name: secret as SecretPlan["name"],
      envVar: `GPUKIT_GATEWAY_KEY_${i}`,
      storeName: storeName(input.stack, target.name, secret),
      configKey: "",
      generated: { kind: "random", length: 48, keepers: { keyVersion: String(c.keyVersion), consumer: c.name } },
    });
    const monthly = c.limits.monthlyTokens ?? null;
    return {
      name: c.name,
      keyVersion: c.keyVersion,
      secret,
      storeName: storeName(input.stack, target.name, secret),
      limits: {
        requestsPerMinute: c.limits.requestsPerMinute ?? null,
        tokensPerMinute: c.limits.tokensPerMinute ?? null,
        monthlyTokens: monthly,
        tokensPerDay: monthly === null ? null : Math.ceil(monthly / 30),
      },
    };
  });
  const names = consumers.map((c) => c.name);

  const kube = target.runtime === "kubernetes";
  const local: GatewayDestination = {
    kind: "local-engine",
    registry: "gpukit-engine",
    // VM: the engine container on the hosts' `gpukit` docker network; Kubernetes: the engine's Service.
    domain: kube ? (input.kubernetesEngineHost ?? "gpukit-engine") : "gpukit-engine",
    port: engine.port,
    protocol: "http",
  };
  // base model and LoRA adapters (TargetPlan.servedModels), each its own route so keys and limits apply per name
  const servedModels = input.servedModels?.length ? [...input.servedModels] : [spec.model.id];
  const routes: GatewayRoutePlan[] = servedModels.map((model, i) => ({
    name: `gpukit-model-${i}`,
    purpose: "model",
    model,
    path: { type: "Prefix", value: "/v1/" },
    methods: ["POST"],
    destination: local,
    consumers: names,
  }));
  const upstreams = (gw.upstreams ?? []).map((u, i) => {
    const endpointSecret = `gatewayUpstream-${i}`;
    secrets.push({
      name: endpointSecret as SecretPlan["name"],
      envVar: `GPUKIT_GATEWAY_UPSTREAM_${i}`,
      storeName: storeName(input.stack, target.name, endpointSecret),
      configKey: "",
      generated: { kind: "stack-output", stack: u.stack, output: "endpoint" },
    });
    return { model: u.model, stack: u.stack, registry: `gpukit-upstream-${i}`, endpointSecret };
  });
  upstreams.forEach((u, i) =>
    routes.push({
      name: `gpukit-upstream-${i}`,
      purpose: "model",
      model: u.model,
      path: { type: "Prefix", value: "/v1/" },
      methods: ["POST"],
      // the host comes from the upstream's `endpoint` output at boot; upstream stacks serve HTTPS (loadBalancer.tls)
      destination: { kind: "upstream-stack", registry: u.registry, domain: secretPlaceholder(u.endpointSecret), port: 443, protocol: "https" },
      consumers: names,
    }),
  );
  if (upstreams.length) warnings.push("gateway.upstreams: the upstream stacks are called without a key of theirs; give their gateways a consumer for this platform or keep them internal (loadBalancer.public false)");
  routes.push({ name: "gpukit-models", purpose: "models", model: null, path: { type: "Exact", value: "/v1/models" }, methods: ["GET"], destination: local, consumers: names });
  routes.push({ name: "gpukit-health", purpose: "health", model: null, path: { type: "Exact", value: engine.readinessPath }, methods: ["GET"], destination: local, consumers: [] });

  let moderation: GatewayModerationPlan | null = null;
  const m = spec.compliance?.moderation;
  if (m && m.provider === "alicloud-content-moderation") {
    const region = m.region ?? (input.residency === "cn" ? input.region : "cn-shanghai");
    const ids = { accessKeyId: "moderationAccessKeyId", accessKeySecret: "moderationAccessKeySecret" };
    secrets.push(
      { name: ids.accessKeyId as SecretPlan["name"], envVar: "GPUKIT_MODERATION_AK", storeName: storeName(input.stack, target.name, ids.accessKeyId), configKey: m.accessKeyIdSecret },
      { name: ids.accessKeySecret as SecretPlan["name"], envVar: "GPUKIT_MODERATION_SK", storeName: storeName(input.stack, target.name, ids.accessKeySecret), configKey: m.accessKeySecretSecret },
    );
    moderation = {
      provider: m.provider,
      plugin: "ai-security-guard",
      action: "TextModerationPlus",
      serviceHost: alicloudModerationHost(region),
      requestCheckService: "llm_query_moderation",
      responseCheckService: "llm_response_moderation",
      checkRequest: m.checkRequest,
      checkResponse: m.checkResponse,
      mode: m.mode,
      failOpen: m.failOpen,
      failClosedEnforced: false,
      streaming: "streamed responses are sent to Content Moderation in chunks of bufferLimit (1000) characters as they arrive; a flagged chunk ends the stream with the refusal",
      secrets: ids,
    };
    if (!m.failOpen) {
      warnings.push(`compliance.moderation.failOpen is false, but Higress ai-security-guard ${HIGRESS_VERSION} passes a request when Content Moderation errors and has no option to refuse instead (${MODERATION_FAILS_OPEN_SOURCE}; config/config.go parses none), so failOpen false is NOT enforced with alicloud-content-moderation; alarm on the plugin's error log, or use provider tencent-tms, whose filter service the gateway calls with ext-auth failure_mode_allow false (enforced)`);
    }
  }

  if (m && m.provider === "tencent-tms") {
    const ids = { accessKeyId: "moderationSecretId", accessKeySecret: "moderationSecretKey" };
    const engineUrl = `http://${local.domain}:${local.port}`;
    const tms = planTmsModeration(m, { targetPath: path, cn: input.residency === "cn", engine: engineUrl, mirror: target.registryMirror ?? null, secrets: ids });
    // VM: a container beside the gateway; Kubernetes: a Deployment and Service in higress-system (components/kubernetes/tms-filter.ts)
    issues.push(...tms.issues);
    if (tms.plan) {
      moderation = tms.plan;
      secrets.push(
        { name: ids.accessKeyId as SecretPlan["name"], envVar: "TENCENTCLOUD_SECRET_ID", storeName: storeName(input.stack, target.name, ids.accessKeyId), configKey: m.accessKeyIdSecret },
        { name: ids.accessKeySecret as SecretPlan["name"], envVar: "TENCENTCLOUD_SECRET_KEY", storeName: storeName(input.stack, target.name, ids.accessKeySecret), configKey: m.accessKeySecretSecret },
      );
      // answers of this target's engine pass through the filter, which checks them before the client sees them
      if (m.checkResponse) {
        const viaFilter: GatewayDestination = { kind: "moderation-filter", registry: tms.plan.filter.name, domain: tms.plan.filter.domain, port: tms.plan.filter.port, protocol: "http" };
        routes.forEach((r, i) => {
          if (r.purpose === "model" && r.destination.kind === "local-engine") routes[i] = { ...r, destination: viaFilter };
        });
        if (upstreams.length) warnings.push("compliance.moderation (tencent-tms): answers of gateway.upstreams stacks are not checked here; their own gateways must moderate them");
      }
    }
  }

  const cn = input.residency === "cn";
  const filing = spec.compliance?.filingNumber ?? null;
  const responseHeaders: { name: string; value: string }[] = [];
  if (filing) responseHeaders.push({ name: AIGC_LABEL_HEADERS.filing, value: filing });
  if (cn && spec.loadBalancer.public) {
    responseHeaders.push({ name: AIGC_LABEL_HEADERS.label, value: "AIGC" }, { name: AIGC_LABEL_HEADERS.provider, value: spec.owner });
  }

  const maxHosts = input.maxHosts;
  let rateLimitStore: RateLimitStorePlan;
  const limited = consumers.some((c) => c.limits.requestsPerMinute || c.limits.tokensPerMinute || c.limits.tokensPerDay);
  if (kube) rateLimitStore = { kind: "in-cluster", serviceName: "redis-stack-server.higress-system.svc.cluster.local", port: 6379, image: null };
  else if (limited && maxHosts > 1) {
    // several gateways must count against one store, or every limit becomes limit × hosts
    const managed = managedRedis(target.cloud, input.hostCidrs);
    if (managed) {
      rateLimitStore = { kind: "managed-redis", serviceName: "gpukit-redis.dns", port: 6379, image: null, managed };
      secrets.push({
        name: managed.endpointSecret as SecretPlan["name"],
        envVar: "GPUKIT_GATEWAY_REDIS",
        storeName: storeName(input.stack, target.name, managed.endpointSecret),
        configKey: "",
        generated: { kind: "adapter", value: "redis-endpoint" },
      });
    } else {
      rateLimitStore = { kind: "host-container", serviceName: "gpukit-redis.dns", port: 6379, image: HIGRESS_REDIS_IMAGE };
      issues.push({
        path: `${path}.replicas.max`,
        message: `gateway limits must hold across the ${maxHosts} gateway hosts, which needs a Redis they share; the kit creates one on aws and alicloud only${target.cloud === "alicloud" ? " with the host vSwitches' CIDRs known (network.vpcCidr on an existing network)" : ""}; use replicas.max 1 or drop the limits`,
        given: String(maxHosts),
        allowed: ["1"],
      });
    }
  } else rateLimitStore = { kind: "host-container", serviceName: "gpukit-redis.dns", port: 6379, image: HIGRESS_REDIS_IMAGE };

  const publicCn = cn && spec.loadBalancer.public;
  const plan: GatewayPlan = {
    product: "higress",
    version: HIGRESS_VERSION,
    image: HIGRESS_ALL_IN_ONE_IMAGE,
    runtime: kube ? "kubernetes" : "vm",
    port: kube ? 80 : gatewayHostPort(engine.port),
    containerPort: HIGRESS_CONTAINER_HTTP_PORT,
    consumers,
    servedModels,
    routes,
    upstreams,
    moderation,
    responseHeaders,
    rateLimitStore,
    auditLog: {
      enabled: true,
      retentionDays: publicCn ? AUDIT_RETENTION_DAYS : 30,
      // prompt and answer text only where the audit duty applies (public service in mainland China)
      fields: publicCn ? ["consumer", "model", "question", "answer", "input_token", "output_token"] : ["consumer", "model", "input_token", "output_token"],
      where: kube ? "stdout of the higress-gateway pods (ai_log field)" : "/var/log/gpukit/gateway on each host (Envoy access log, ai_log field), for the observability work to ship",
    },
    metrics: { ...HIGRESS_METRICS },
    sources: HIGRESS_SOURCES,
    warnings,
    ...(gw.inferencePool ? { inferencePool: true } : {}),
  };
  return issues.length ? { secrets: [], issues } : { plan, secrets, issues: [] };
}

/**
 * Port the load balancer forwards to and health-checks on the hosts: `loadBalancer.targetPort`
 * (the gateway's port when there is a gateway), else the engine port.
 */
export function lbTargetPort(plan: { engine: { port: number }; loadBalancer: { targetPort?: number } }): number {
  return plan.loadBalancer.targetPort ?? plan.engine.port;
}

/** The plan with this target's engine reached through its Kubernetes Service (`host`, `port`) instead of the VM's container. */
export function withKubernetesEngine(plan: GatewayPlan, host: string, port: number): GatewayPlan {
  const routes = plan.routes.map((r) => (r.destination.kind === "local-engine" ? { ...r, destination: { ...r.destination, domain: host, port } } : r));
  return { ...plan, routes };
}

/**
 * The Kubernetes plan with the TMS filter's pods (in the gateway's namespace) admitted on the engine
 * port by the engine's NetworkPolicy, when the gateway's model routes go through the filter (TMS with
 * `checkResponse`: the filter proxies the engine's answers); unchanged otherwise.
 */
export function withModerationFilterPeer(kube: KubernetesPlan, gateway: Pick<GatewayPlan, "moderation" | "routes" | "inferencePool"> | undefined): KubernetesPlan {
  if (gateway?.inferencePool) kube = withEndpointPickerPeer(kube);
  if (!gateway || !routesThroughTmsFilter(gateway)) return kube;
  const peer = { who: "moderation-filter" as const, namespace: HIGRESS_NAMESPACE, podLabels: { ...TMS_FILTER_POD_LABELS } };
  return { ...kube, networkPolicy: { ...kube.networkPolicy, fromPods: [...(kube.networkPolicy.fromPods ?? []), peer] } };
}

/** The Kubernetes plan with the endpoint picker's pods (engine namespace) admitted on the engine port: with `gateway.inferencePool` they read the engine's /metrics. */
export function withEndpointPickerPeer(kube: KubernetesPlan): KubernetesPlan {
  const peer = { who: "endpoint-picker" as const, namespace: kube.namespace, podLabels: { ...endpointPickerPodLabels(kube.workload.name) } };
  return { ...kube, networkPolicy: { ...kube.networkPolicy, fromPods: [...(kube.networkPolicy.fromPods ?? []), peer] } };
}
