/**
 * The gateway in the spec and the plan: China public services refused without a filing number or
 * moderation (naming the path), consumers and their keys as generated secrets, limits, the load
 * balancer's target port, clouds without a secret store refused, limits across several VM hosts
 * refused until a shared Redis exists. Expected values are written by hand.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { planDeployment, type DeploymentPlan } from "../components/plan";
import { ConfigError, parseDeploymentSpec, type DeploymentSpecInput } from "../components/spec";
import { clone, devSpec, stagingSpec } from "./fixtures/specs";

const catalog = loadCatalog();

/** dev spec made a public cn service with a gateway, moderation and filing number. */
function cnPublic(): DeploymentSpecInput {
  const s = clone(devSpec()) as DeploymentSpecInput & Record<string, unknown>;
  s.loadBalancer = { public: true, tls: { certificateId: "cert-1" } };
  s.compliance = { dataResidency: "cn", dataClassification: "public", filingNumber: "Zhejiang-001", moderation: { provider: "alicloud-content-moderation" } };
  s.gateway = {
    consumers: [
      { name: "team-a", limits: { requestsPerMinute: 60, tokensPerMinute: 10000, monthlyTokens: 3_000_000 } },
      { name: "team-b", keyVersion: 3 },
    ],
  };
  return s;
}

function plan(spec: unknown, stack = "dev"): DeploymentPlan {
  return planDeployment(parseDeploymentSpec(spec, catalog), stack, catalog);
}

function issues(spec: unknown): { path: string; message: string }[] {
  try {
    plan(spec);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("spec: compliance.moderation and gateway", () => {
  it("keeps the old moderation shape valid and fills the new fields' defaults", () => {
    const spec = parseDeploymentSpec(cnPublic(), catalog);
    expect(spec.compliance?.moderation).toEqual({
      provider: "alicloud-content-moderation",
      checkRequest: true,
      checkResponse: true,
      mode: "block",
      failOpen: false,
      accessKeyIdSecret: "moderationAccessKeyId",
      accessKeySecretSecret: "moderationAccessKeySecret",
    });
    expect(spec.gateway?.consumers[0]).toEqual({ name: "team-a", keyVersion: 1, limits: { requestsPerMinute: 60, tokensPerMinute: 10000, monthlyTokens: 3_000_000 } });
  });

  it("rejects an unknown moderation mode and a bad consumer name with their paths", () => {
    const s = cnPublic() as Record<string, any>;
    s.compliance.moderation.mode = "warn";
    s.gateway.consumers[1].name = "Team B";
    try {
      parseDeploymentSpec(s, catalog);
      throw new Error("expected a ConfigError");
    } catch (error) {
      const paths = (error as ConfigError).issues.map((i) => i.path);
      expect(paths).toContain("compliance.moderation.mode");
      expect(paths).toContain("gateway.consumers[1].name");
    }
  });
});

describe("China public services", () => {
  it("refuses a cn public stack without filing number and moderation, naming each path", () => {
    const s = cnPublic() as Record<string, any>;
    delete s.compliance.filingNumber;
    delete s.compliance.moderation;
    const found = issues(s);
    const filing = found.find((i) => i.path === "compliance.filingNumber");
    const moderation = found.find((i) => i.path === "compliance.moderation");
    expect(filing?.message).toMatch(/filing number/);
    expect(moderation?.message).toMatch(/moderated/);
  });

  it("refuses a cn public stack without a gateway (moderation runs in it)", () => {
    const s = cnPublic() as Record<string, any>;
    delete s.gateway;
    expect(issues(s).map((i) => i.path)).toEqual(expect.arrayContaining(["gateway", "compliance.moderation"]));
  });

  it("accepts the same stack internal (loadBalancer.public false) without filing number or moderation", () => {
    const s = cnPublic() as Record<string, any>;
    s.loadBalancer = { public: false };
    delete s.compliance.filingNumber;
    delete s.compliance.moderation;
    expect(plan(s).targets[0].gateway?.moderation).toBeNull();
  });

  it("accepts tencent-tms (filter service, test/gateway-tms-plan.test.ts) but asks for its BizType at compliance.moderation.bizType", () => {
    const s = cnPublic() as Record<string, any>;
    s.compliance.moderation.provider = "tencent-tms";
    expect(issues(s).find((i) => i.path === "compliance.moderation.provider")).toBeUndefined();
    expect(issues(s).find((i) => i.path === "compliance.moderation.bizType")?.message).toMatch(/BizType/);
  });
});

describe("the gateway plan", () => {
  const p = plan(cnPublic());
  const t = p.targets[0];
  const gw = t.gateway!;

  it("puts the load balancer on the gateway's port and the engine behind it", () => {
    expect(t.engine.port).toBe(8000);
    expect(t.loadBalancer.targetPort).toBe(8088);
    expect(t.loadBalancer.gatewayPort).toBe(8088);
    expect(gw.port).toBe(8088);
    expect(gw.containerPort).toBe(8080);
    expect(gw.image).toBe("higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/all-in-one:2.2.1");
  });

  it("adds one generated key per consumer (rotated by keyVersion) and the moderation AccessKeys from config", () => {
    const gatewaySecrets = t.secrets.filter((s) => s.name.startsWith("gateway") || s.name.startsWith("moderation"));
    expect(gatewaySecrets).toEqual([
      { name: "gatewayKey-team-a", envVar: "GPUKIT_GATEWAY_KEY_0", storeName: "gpu-inference/dev/hangzhou/gatewayKey-team-a", configKey: "", generated: { kind: "random", length: 48, keepers: { keyVersion: "1", consumer: "team-a" } } },
      { name: "gatewayKey-team-b", envVar: "GPUKIT_GATEWAY_KEY_1", storeName: "gpu-inference/dev/hangzhou/gatewayKey-team-b", configKey: "", generated: { kind: "random", length: 48, keepers: { keyVersion: "3", consumer: "team-b" } } },
      { name: "moderationAccessKeyId", envVar: "GPUKIT_MODERATION_AK", storeName: "gpu-inference/dev/hangzhou/moderationAccessKeyId", configKey: "moderationAccessKeyId" },
      { name: "moderationAccessKeySecret", envVar: "GPUKIT_MODERATION_SK", storeName: "gpu-inference/dev/hangzhou/moderationAccessKeySecret", configKey: "moderationAccessKeySecret" },
    ]);
  });

  it("plans each consumer's limits, monthly tokens as a daily limit of monthly / 30", () => {
    expect(gw.consumers.map((c) => [c.name, c.limits])).toEqual([
      ["team-a", { requestsPerMinute: 60, tokensPerMinute: 10000, monthlyTokens: 3_000_000, tokensPerDay: 100_000 }],
      ["team-b", { requestsPerMinute: null, tokensPerMinute: null, monthlyTokens: null, tokensPerDay: null }],
    ]);
    expect(gw.rateLimitStore).toEqual({ kind: "host-container", serviceName: "gpukit-redis.dns", port: 6379, image: "higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/redis-stack-server:7.4.0-v3" });
  });

  it("routes by model to the local engine, requires consumers on every route but the health probe", () => {
    expect(gw.routes.map((r) => [r.name, r.purpose, r.model, r.destination.registry, r.destination.port, r.consumers])).toEqual([
      ["gpukit-model-0", "model", "Qwen/Qwen2.5-7B-Instruct-AWQ", "gpukit-engine", 8000, ["team-a", "team-b"]],
      ["gpukit-models", "models", null, "gpukit-engine", 8000, ["team-a", "team-b"]],
      ["gpukit-health", "health", null, "gpukit-engine", 8000, []],
    ]);
    expect(gw.routes[2].path).toEqual({ type: "Exact", value: t.engine.readinessPath });
    expect(gw.routes[2].methods).toEqual(["GET"]);
  });

  it("labels responses with the filing number and the implicit AIGC label, and keeps an audit log 180 days", () => {
    expect(gw.responseHeaders).toEqual([
      { name: "x-aigc-filing-number", value: "Zhejiang-001" },
      { name: "x-aigc-label", value: "AIGC" },
      { name: "x-aigc-provider", value: "platform-team" },
    ]);
    expect(gw.auditLog.retentionDays).toBe(180);
    expect(gw.auditLog.fields).toEqual(["consumer", "model", "question", "answer", "input_token", "output_token"]);
  });

  it("moderates prompts and responses with Alibaba Cloud Content Moderation and says the plugin fails open", () => {
    expect(gw.moderation).toMatchObject({
      provider: "alicloud-content-moderation",
      action: "TextModerationPlus",
      serviceHost: "green-cip.cn-hangzhou.aliyuncs.com",
      requestCheckService: "llm_query_moderation",
      responseCheckService: "llm_response_moderation",
      checkRequest: true,
      checkResponse: true,
      mode: "block",
      failOpen: false,
      failClosedEnforced: false,
    });
    expect(t.warnings.some((w) => /failOpen is false.*passes a request when Content Moderation errors/.test(w))).toBe(true);
  });

  it("does not warn that anyone can call the model (the gateway checks keys), but warns about keys over plain HTTP", () => {
    expect(p.warnings.join("\n")).not.toMatch(/anyone allowed by allowedCidrs can call the model/);
    const s = cnPublic() as Record<string, any>;
    s.loadBalancer = { public: true };
    expect(plan(s).warnings.join("\n")).toMatch(/gateway consumer keys cross the internet in cleartext/);
  });

  it("leaves a stack without gateway unchanged: the load balancer targets the engine port", () => {
    const t0 = plan(devSpec()).targets[0];
    expect(t0.gateway).toBeUndefined();
    expect(t0.loadBalancer.targetPort).toBe(8000);
    expect(t0.loadBalancer.gatewayPort).toBeNull();
    expect(t0.bootstrap.userData).not.toContain("gpukit-gateway");
  });
});

describe("what the gateway refuses", () => {
  it("gives several VM hosts with limits one managed Redis (Alibaba: Tair whitelisted to the host vSwitches)", () => {
    const s = cnPublic() as Record<string, any>;
    s.targets[0].replicas = { min: 1, max: 2 };
    const t = plan(s).targets[0];
    expect(t.gateway?.rateLimitStore).toEqual({
      kind: "managed-redis",
      serviceName: "gpukit-redis.dns",
      port: 6379,
      image: null,
      managed: {
        product: "Tair (Redis OSS-compatible) standard master-replica, 1 GB",
        resourceType: "alicloud:kvstore/instance:Instance",
        size: "redis.master.small.default",
        engineVersion: "7.0",
        endpointSecret: "gatewayRedis",
        clientCidrs: ["10.42.0.0/20", "10.42.16.0/20"],
        source: "https://www.alibabacloud.com/help/doc-detail/26350.htm",
      },
    });
    expect(t.secrets.find((x) => x.name === "gatewayRedis")).toEqual({ name: "gatewayRedis", envVar: "GPUKIT_GATEWAY_REDIS", storeName: "gpu-inference/dev/hangzhou/gatewayRedis", configKey: "", generated: { kind: "adapter", value: "redis-endpoint" } });
    expect(t.bootstrap.userData).not.toContain("gpukit-redis.service");
  });

  it("refuses limits on several hosts of an existing Alibaba network whose CIDRs are unknown, naming replicas.max", () => {
    const s = cnPublic() as Record<string, any>;
    s.targets[0].replicas = { min: 1, max: 2 };
    s.targets[0].network = { existing: { vpcId: "vpc-1", subnetIds: ["vsw-1", "vsw-2"], lbSubnetIds: ["vsw-3", "vsw-4"] } };
    const found = issues(s).find((i) => i.path === "targets[0].replicas.max");
    expect(found?.message).toMatch(/needs a Redis they share.*network\.vpcCidr/);
  });

  it("allows several hosts when no consumer has a limit", () => {
    const s = cnPublic() as Record<string, any>;
    s.targets[0].replicas = { min: 1, max: 2 };
    s.gateway.consumers = [{ name: "team-a" }];
    expect(plan(s).targets[0].gateway?.consumers).toHaveLength(1);
  });

  it("plans a gateway on a Tencent Cloud VM target (user-data gzip-compressed to fit 16 KB), and on a fixed-size Volcano Engine VM target (KMS secret store)", () => {
    const s = clone(stagingSpec()) as Record<string, any>;
    s.targets = [{ name: "gz", cloud: "tencentcloud", region: "ap-guangzhou", gpu: "auto", replicas: { min: 1, max: 1 }, runtime: "vm", registryMirror: "ccr.ccs.tencentyun.com/acme" }];
    s.gateway = { consumers: [{ name: "team-a" }] };
    const planned = plan(s).targets[0];
    expect(planned.gateway?.consumers.map((c) => c.name)).toEqual(["team-a"]);
    expect(planned.bootstrap.userDataEncoding).toBe("gzip");
    s.model = { id: "Qwen/Qwen2.5-7B-Instruct-AWQ", source: "modelscope", quantization: "awq", maxContextTokens: 8192 };
    s.targets = [{ name: "bj", cloud: "volcengine", region: "cn-beijing", instanceType: "ecs.gni2.3xlarge", gpu: "A10", gpusPerReplica: 1, replicas: { min: 1, max: 1 }, runtime: "vm", registryMirror: "acme-cn-beijing.cr.volces.com/acme" }];
    const volc = plan(s).targets[0];
    expect(volc.gateway?.consumers.map((c) => c.name)).toEqual(["team-a"]);
    // the consumer key is a target secret the volcengine adapter stores in KMS
    expect(volc.secrets.map((x) => x.name)).toContain("gatewayKey-team-a");
    s.targets[0].replicas = { min: 1, max: 2 };
    expect(issues(s).map((i) => i.path)).toContain("targets[0].replicas");
  });

  it("refuses duplicate consumers and an upstream for the stack's own model", () => {
    const s = cnPublic() as Record<string, any>;
    s.gateway.consumers.push({ name: "team-a" });
    s.gateway.upstreams = [{ model: "Qwen/Qwen2.5-7B-Instruct-AWQ", stack: "prod" }];
    const paths = issues(s).map((i) => i.path);
    expect(paths).toContain("gateway.consumers[2].name");
    expect(paths).toContain("gateway.upstreams[0].model");
  });
});

describe("runtime kubernetes", () => {
  it("plans the gateway in front of the engine now that the Kubernetes runtime deploys it (test/gateway-kubernetes.test.ts)", () => {
    const s = clone(stagingSpec()) as Record<string, any>;
    s.targets[0].runtime = "kubernetes";
    s.gateway = { consumers: [{ name: "team-a" }] };
    const t = plan(s, "staging").targets[0];
    expect(t.gateway?.kubernetes?.helmRelease).toMatchObject({ chart: "higress", version: "2.2.1", namespace: "higress-system" });
    expect(t.kubernetes?.service.type).toBe("ClusterIP");
  });
});
