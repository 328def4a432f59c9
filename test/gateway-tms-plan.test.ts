/**
 * Tencent TMS moderation in the plan and the rendered gateway: validation (BizType, region, the
 * filter image's registry) with paths, prompts sent to the filter by ext-auth with
 * failure_mode_allow = failOpen (so failOpen false is enforced, without the Alibaba plugin's
 * warning), answers of this target's engine routed through the filter, the filter's unit and env on
 * VM hosts, its Kubernetes Service name, and a `cn` public stack that plans with 0 findings, whose
 * deployment fails without the credentials, naming the config key. Expected values by hand.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { renderGatewayBoot, renderGatewayConfigScript } from "../components/bootstrap/gateway";
import { InferenceDeployment } from "../components/deployment";
import { renderHigressResources } from "../components/gateway/render";
import { pluginOf, validateHigressResources } from "../components/gateway/schema";
import { TMS_FILTER_KUBERNETES_DEPLOYED, tmsFilterKubernetes, withKubernetesTmsFilter, type TmsModerationPlan } from "../components/gateway/tms";
import { tmsEnvLines, TMS_FILTER_ENV_FILE } from "../components/gateway/tms-boot";
import { planDeployment } from "../components/plan";
import { ConfigError, parseDeploymentSpec, type DeploymentSpecInput } from "../components/spec";
import { planStack } from "../cli/offline/run";
import { runDeployability } from "../deployability";
import { runCli } from "./helpers/cli";
import { record } from "./helpers/recording";
import { clone, devSpec } from "./fixtures/specs";
import { check, contextOf, res } from "./policy-harness";
import { cloudInitSchema, hasTool, shellcheck } from "./helpers/tools";

const catalog = loadCatalog();
const STACK = "test/fixtures/stacks/Pulumi.gateway-cn-tms.yaml";

function cnTms(moderation: Record<string, unknown> = {}): DeploymentSpecInput {
  const s = clone(devSpec()) as Record<string, any>;
  s.loadBalancer = { public: true, tls: { certificateId: "cert-1" } };
  s.compliance = { dataResidency: "cn", dataClassification: "public", filingNumber: "Zhejiang-001", moderation: { provider: "tencent-tms", bizType: "gpukit_llm", ...moderation } };
  s.gateway = { consumers: [{ name: "team-a", limits: { requestsPerMinute: 60 } }] };
  return s as DeploymentSpecInput;
}
const planOf = (spec: DeploymentSpecInput) => planDeployment(parseDeploymentSpec(spec, catalog), "dev", catalog);
function issues(spec: DeploymentSpecInput): { path: string; message: string }[] {
  try {
    planOf(spec);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe("validation", () => {
  it("needs the TMS BizType, a TMS region and a registry for the filter image, naming each path", () => {
    const s = cnTms({ bizType: undefined, region: "cn-hangzhou" }) as Record<string, any>;
    delete s.targets[0].registryMirror;
    s.engine.image = "registry.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.10.0";
    const found = issues(s as DeploymentSpecInput);
    expect(found.find((i) => i.path === "compliance.moderation.bizType")?.message).toMatch(/BizType/);
    expect(found.find((i) => i.path === "compliance.moderation.region")?.message).toMatch(/not a TMS region/);
    const again = cnTms() as Record<string, any>;
    delete again.targets[0].registryMirror;
    again.engine.image = "registry.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.10.0";
    const mirror = issues(again as DeploymentSpecInput).find((i) => i.path === "targets[0].registryMirror");
    expect(mirror?.message).toMatch(/gpukit-tms-filter:1-[0-9a-f]{12}.*docker build/);
  });

  it("no longer refuses tencent-tms on runtime kubernetes: the runtime creates the filter (test/gateway-tms-kubernetes.test.ts)", () => {
    expect(TMS_FILTER_KUBERNETES_DEPLOYED).toBe(true);
    const s = cnTms() as Record<string, any>;
    s.targets[0].runtime = "kubernetes";
    expect(issues(s as DeploymentSpecInput).filter((i) => /filter service/.test(i.message))).toEqual([]);
  });

  it("rejects a BizType of the wrong shape at parse time and a BizType with the Alibaba provider", () => {
    expect(issues(cnTms({ bizType: "a b" })).map((i) => i.path)).toContain("compliance.moderation.bizType");
    expect(issues(cnTms({ provider: "alicloud-content-moderation" })).find((i) => i.path === "compliance.moderation.bizType")?.message).toMatch(/only with provider tencent-tms/);
  });
});

describe("plan and rendered gateway", () => {
  const target = planOf(cnTms()).targets[0];
  const gw = target.gateway!;
  const m = gw.moderation as TmsModerationPlan;
  const rs = renderHigressResources(gw);

  it("plans TMS through the filter, fail-closed enforced and without the fails-open warning", () => {
    expect(m).toMatchObject({ provider: "tencent-tms", plugin: "ext-auth", action: "TextModeration", apiVersion: "2020-12-29", region: "ap-guangzhou", bizType: "gpukit_llm", failOpen: false, failClosedEnforced: true });
    expect(m.filter).toMatchObject({ name: "gpukit-tms-filter", port: 8090, domain: "gpukit-tms-filter", upstream: "http://gpukit-engine:8000" });
    expect(m.filter.image).toMatch(/^registry-vpc\.cn-hangzhou\.aliyuncs\.com\/acme\/gpukit-tms-filter:1-[0-9a-f]{12}$/);
    expect(target.warnings.join("\n")).not.toMatch(/passes a request when/);
    expect(target.secrets.filter((s) => s.name.startsWith("moderation")).map((s) => [s.name, s.configKey, s.storeName])).toEqual([
      ["moderationSecretId", "moderationAccessKeyId", "gpu-inference/dev/hangzhou/moderationSecretId"],
      ["moderationSecretKey", "moderationAccessKeySecret", "gpu-inference/dev/hangzhou/moderationSecretKey"],
    ]);
  });

  it("sends prompts to the filter with ext-auth (failure_mode_allow false, 503 on error), after key-auth and the limits", () => {
    const p = rs.find((r) => r.metadata.name === "gpukit-moderation")!;
    expect(pluginOf(p)).toBe("ext-auth");
    expect(p.spec.url).toBe("oci://higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins/ext-auth:2.0.3");
    expect([p.spec.phase, p.spec.priority, p.spec.failStrategy]).toEqual(["UNSPECIFIED_PHASE", 10, "FAIL_CLOSE"]);
    const rules = p.spec.matchRules as { ingress: string[]; config: Record<string, any> }[];
    expect(rules.map((r) => r.ingress)).toEqual([["gpukit-model-0"]]);
    expect(rules[0].config).toEqual({
      http_service: {
        endpoint_mode: "forward_auth",
        endpoint: { service_name: "gpukit-tms-filter.dns", service_port: 8090, path: "/check/request", request_method: "POST" },
        timeout: 2500,
        authorization_request: { with_request_body: true, max_request_body_bytes: 10485760 },
        authorization_response: { allowed_client_headers: [{ exact: "content-type" }] },
      },
      failure_mode_allow: false,
      status_on_error: 503,
    });
    const open = renderHigressResources(planOf(cnTms({ failOpen: true })).targets[0].gateway!).find((r) => r.metadata.name === "gpukit-moderation")!;
    expect((open.spec.matchRules as { config: { failure_mode_allow: boolean } }[])[0].config.failure_mode_allow).toBe(true);
  });

  it("routes model calls through the filter (answers checked), /v1/models and health straight to the engine", () => {
    const dest = (name: string) => rs.find((r) => r.kind === "Ingress" && r.metadata.name === name)!.metadata.annotations!["higress.io/destination"];
    expect([dest("gpukit-model-0"), dest("gpukit-models"), dest("gpukit-health")]).toEqual(["gpukit-tms-filter.dns:8090", "gpukit-engine.dns:8000", "gpukit-engine.dns:8000"]);
    const registries = (rs.find((r) => r.kind === "McpBridge")!.spec.registries as { name: string; domain: string; port: number }[]).map((r) => `${r.name}=${r.domain}:${r.port}`);
    expect(registries).toEqual(["gpukit-tms-filter=gpukit-tms-filter:8090", "gpukit-engine=gpukit-engine:8000", "gpukit-redis=gpukit-redis:6379"]);
    expect(rs.some((r) => pluginOf(r) === "ai-security-guard")).toBe(false);
    expect(validateHigressResources(rs)).toEqual([]);
  });

  it("checkResponse false: prompts only, model calls straight to the engine, the filter still registered for ext-auth", () => {
    const r2 = renderHigressResources(planOf(cnTms({ checkResponse: false })).targets[0].gateway!);
    expect(r2.find((r) => r.metadata.name === "gpukit-model-0")!.metadata.annotations!["higress.io/destination"]).toBe("gpukit-engine.dns:8000");
    expect((r2.find((r) => r.kind === "McpBridge")!.spec.registries as { name: string }[]).map((r) => r.name)).toContain("gpukit-tms-filter");
    expect(validateHigressResources(r2)).toEqual([]);
  });

  it("on Kubernetes reaches the filter as a Service in higress-system, proxying the engine's Service", () => {
    const k = withKubernetesTmsFilter(gw, "higress-system", "qwen.models.svc.cluster.local", 8000);
    expect((k.moderation as TmsModerationPlan).filter).toMatchObject({ domain: "gpukit-tms-filter.higress-system.svc.cluster.local", upstream: "http://qwen.models.svc.cluster.local:8000" });
    expect(k.routes.find((r) => r.name === "gpukit-model-0")!.destination.domain).toBe("gpukit-tms-filter.higress-system.svc.cluster.local");
    const spec = tmsFilterKubernetes(k.moderation as TmsModerationPlan, "higress-system");
    expect(spec.secretEnv).toEqual([{ env: "TENCENTCLOUD_SECRET_ID", secret: "moderationSecretId" }, { env: "TENCENTCLOUD_SECRET_KEY", secret: "moderationSecretKey" }]);
    expect(spec.env.GPUKIT_TMS_FAIL_OPEN).toBe("false");
    expect(JSON.stringify(spec)).not.toMatch(/SECRET_KEY=|tms-secret/);
  });
});

describe("VM hosts", () => {
  const target = planOf(cnTms()).targets[0];
  const input = { plan: target.gateway!, secrets: target.secrets.filter((s) => s.name.startsWith("gateway") || s.name.startsWith("moderation")) };

  it("runs the filter container on the gateway network with no published port, after the gateway's config", () => {
    const boot = renderGatewayBoot("alicloud", "cn-hangzhou", input);
    expect(boot.units).toEqual(["gpukit-redis.service", "gpukit-gateway.service", "gpukit-tms-filter.service", "gpukit-gateway-refresh.timer"]);
    const file = boot.files.find((f) => f.path === "/etc/systemd/system/gpukit-tms-filter.service")!;
    const unit = gunzipSync(Buffer.from(file.content, "base64")).toString();
    expect(unit).toMatch(/^After=docker.service gpukit-gateway.service$/m);
    const run = unit.split("\n").find((l) => l.startsWith("ExecStart="))!;
    expect(run).toMatch(/--network gpukit --env-file \/run\/gpukit\/tms-filter.env --read-only registry-vpc/);
    expect(run).not.toMatch(/ -p /);
  });

  it("gateway-config.sh fetches the TMS credentials from the secret store and writes the env file (0600 via umask)", () => {
    const script = renderGatewayConfigScript("alicloud", "cn-hangzhou", input);
    expect(script).toMatch(/^MODERATIONSECRETID moderationSecretId gpu-inference\/dev\/hangzhou\/moderationSecretId value$/m);
    expect(script).toMatch(/^MODERATIONSECRETKEY moderationSecretKey gpu-inference\/dev\/hangzhou\/moderationSecretKey value$/m);
    expect(script).toContain("umask 077");
    // the env lines, run by bash with the fetched values exported as gateway-config.sh's loop does
    const dir = mkdtempSync(join(tmpdir(), "tms-env-"));
    try {
      const lines = tmsEnvLines(input.plan.moderation as TmsModerationPlan).map((l) => l.replaceAll("/run/gpukit", dir));
      const r = spawnSync("bash", ["-euc", lines.join("\n")], { env: { PATH: process.env.PATH, GPUKIT_PH_MODERATIONSECRETID: "AKIDx", GPUKIT_PH_MODERATIONSECRETKEY: "k$y'1" }, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const env = readFileSync(join(dir, TMS_FILTER_ENV_FILE.split("/").pop()!), "utf8").trim().split("\n");
      expect(env).toEqual([
        "GPUKIT_TMS_REGION=ap-guangzhou",
        "GPUKIT_TMS_BIZTYPE=gpukit_llm",
        "GPUKIT_TMS_ENDPOINT=https://tms.tencentcloudapi.com",
        "GPUKIT_TMS_MODE=block",
        "GPUKIT_TMS_FAIL_OPEN=false",
        "GPUKIT_TMS_CHECK_RESPONSE=true",
        "GPUKIT_TMS_UPSTREAM=http://gpukit-engine:8000",
        "GPUKIT_TMS_WINDOW=300",
        "GPUKIT_TMS_TIMEOUT_MS=2000",
        "GPUKIT_TMS_PORT=8090",
        "TENCENTCLOUD_SECRET_ID=AKIDx",
        "TENCENTCLOUD_SECRET_KEY=k$y'1",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // user-data carries no credential value
    expect(target.bootstrap.userData).not.toMatch(/TENCENTCLOUD_SECRET_KEY=\S/);
  });

  it("the user-data is valid cloud-config and gateway-config.sh with the TMS lines passes shellcheck", () => {
    // both tools are installed on this workplace; a missing one fails the test rather than skipping it
    expect([hasTool("cloud-init"), hasTool("shellcheck")]).toEqual([true, true]);
    const dir = mkdtempSync(join(tmpdir(), "tms-ud-"));
    try {
      writeFileSync(join(dir, "user-data.yaml"), target.bootstrap.userData);
      const schema = cloudInitSchema(join(dir, "user-data.yaml"));
      expect(schema.status, schema.output).toBe(0);
      writeFileSync(join(dir, "gateway-config.sh"), renderGatewayConfigScript("alicloud", "cn-hangzhou", input));
      const sc = shellcheck([join(dir, "gateway-config.sh")]);
      expect(sc.status, sc.output).toBe(0);
      expect(target.bootstrap.userDataBytes).toBeLessThan(16384);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("gpukit plan of a cn public stack with tencent-tms and a filing number", async () => {
  const result = await runCli(["plan", "--stack-file", STACK, "--format", "json"]);

  it("plans with exit 0 (a deployability finding exits 2) and every check finds nothing", async () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Not deployable/);
    const report = JSON.parse(result.stdout) as { targets: { gateway: { moderation: { provider: string } } }[] };
    expect(report.targets[0].gateway.moderation.provider).toBe("tencent-tms");
    // the report leaves out ids; the offline mocks give every resource the id `<name>-id`
    const resources = (JSON.parse(result.stdout) as { resources: { name: string }[] }).resources.map((r) => ({ ...r, id: `${r.name}-id` }));
    expect(runDeployability({ plan: planStack({ stackFile: STACK }).plan, resources: resources as never }).findings).toEqual([]);
  });

  it("passes the policy rule comp-cn-filing-moderation with tencent-tms, which still fires without moderation", async () => {
    const alb = res("alicloud:alb/loadBalancer:LoadBalancer", "hangzhou-alb", { addressType: "Internet" });
    const ctx = contextOf(`../${STACK}`);
    expect(await check("comp-cn-filing-moderation", [alb], ctx)).toEqual([]);
    const without = { ...ctx, spec: { ...ctx.spec, compliance: { ...ctx.spec.compliance!, moderation: undefined } } };
    expect((await check("comp-cn-filing-moderation", [alb], without)).map((v) => v.message)).toEqual(["hangzhou-alb serve(s) the public in mainland China without compliance.moderation"]);
  });

  it("fails the deployment without the TMS credentials, naming the config key", async () => {
    const plan = planStack({ stackFile: STACK }).plan;
    let message = "";
    await record(() => {
      try {
        new InferenceDeployment("gpu-inference", { plan, secrets: {} });
      } catch (e) {
        message = (e as Error).message;
      }
    });
    expect(message).toMatch(/secret moderationSecretId needs a value for config key moderationAccessKeyId \(pulumi config set --secret moderationAccessKeyId/);
  });
});
