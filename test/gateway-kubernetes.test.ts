/**
 * The gateway on `runtime: kubernetes`, end to end through the offline run (`gpukit plan` of a stack
 * file): the k8s reference stack (EKS, internal NLB for 10.0.0.0/8) with two consumers and Alibaba
 * Content Moderation. The plan lists the pinned Higress release in `higress-system` whose gateway
 * Service is the LoadBalancer (the target's CIDRs and NLB annotations), the consumers' Secret (values
 * only as Pulumi secrets; WasmPlugins reference it), key-auth on every route, the token limit on the
 * chart's Redis, ai-statistics and moderation; the engine Service is ClusterIP and its NetworkPolicy
 * admits the engine port from the gateway pods only. Every object validates against the Kubernetes
 * schema (kubernetes-models) or Higress's CRDs; tampered recordings fail the deployability checks.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import { parse } from "yaml";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { Namespace, Secret, Service } from "kubernetes-models/v1";
import { loadCatalog } from "../catalog";
import { runOffline } from "../cli/offline/run";
import { OFFLINE_SECRET_PLACEHOLDER } from "../cli/offline/stack-file";
import type { RecordedResource } from "../cli/offline/recorder";
import { validateHigressResources } from "../components/gateway/schema";
import { endpointHost } from "../components/kubernetes/gateway";
import type { HigressResource } from "../components/gateway/render";
import { planDeployment } from "../components/plan";
import type { DeploymentPlan } from "../components/plan/types";
import { parseDeploymentSpec } from "../components/spec";
import { runDeployability } from "../deployability";

let resources: RecordedResource[];
let plan: DeploymentPlan;

/** The shipped k8s stack with a gateway: no engine key (the gateway checks keys), two consumers, moderation. */
function stackFile(): string {
  let yaml = readFileSync(path.join(__dirname, "..", "stacks", "Pulumi.k8s.yaml"), "utf8");
  yaml = yaml.replace(/\n\s*# pulumi config set --secret engineApiKey[^\n]*\n\s*apiKeySecret: engineApiKey/, "");
  yaml = yaml.replace(
    "    compliance:\n      dataClassification: internal",
    [
      "    gateway:",
      "      consumers:",
      "        - name: search-team",
      "          limits: { requestsPerMinute: 60, tokensPerMinute: 20000 }",
      "        - name: chat-team",
      "    compliance:",
      "      dataClassification: internal",
      "      moderation: { provider: alicloud-content-moderation, region: cn-shanghai }",
    ].join("\n"),
  );
  if (!yaml.includes("search-team") || yaml.includes("apiKeySecret")) throw new Error("the k8s stack changed shape; update this test's edit");
  const dir = mkdtempSync(path.join(tmpdir(), "gpukit-gw-k8s-"));
  const file = path.join(dir, "Pulumi.k8sgw.yaml");
  writeFileSync(file, yaml);
  return file;
}

beforeAll(async () => {
  const run = await runOffline({ stackFile: stackFile(), loadProgram: freshProgram });
  resources = run.resources;
  plan = run.plan;
}, 120_000);

const byName = (name: string): RecordedResource & { inputs: Record<string, any> } => {
  const r = resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}`);
  return r as RecordedResource & { inputs: Record<string, any> };
};
const higress = (): HigressResource[] =>
  resources
    .filter((r) => (r.inputs as any).metadata?.namespace === "higress-system" && ["WasmPlugin", "McpBridge", "Ingress"].includes((r.inputs as any).kind))
    .map((r) => ({ apiVersion: (r.inputs as any).apiVersion, kind: (r.inputs as any).kind, metadata: (r.inputs as any).metadata, spec: (r.inputs as any).spec }));
const plugin = (name: string) => higress().find((o) => o.kind === "WasmPlugin" && o.metadata.labels?.["higress.io/wasm-plugin-name"] === name);

describe("the offline plan of a Kubernetes stack with a gateway", () => {
  it("is planned (no longer refused) with the gateway in front of a ClusterIP engine", () => {
    const t = plan.targets[0];
    expect(t.placement.runtime).toBe("kubernetes");
    expect(t.kubernetes?.expose).toMatchObject({ via: "loadBalancer", backend: "gateway", ingress: null });
    expect(t.kubernetes?.service).toMatchObject({ type: "ClusterIP", port: 8000, targetPort: 8000, sourceRanges: [], annotations: {} });
  });

  it("installs the pinned Higress chart in higress-system, its gateway Service the internal NLB for 10.0.0.0/8 with the chart's Redis", () => {
    const release = byName("useast-gateway");
    expect(release.type).toBe("kubernetes:helm.sh/v3:Release");
    expect(release.inputs).toMatchObject({ chart: "higress", version: "2.2.1", namespace: "higress-system", repositoryOpts: { repo: "https://higress.io/helm-charts" } });
    expect(release.inputs.values.global).toMatchObject({ enableRedis: true });
    const svc = release.inputs.values["higress-core"].gateway.service;
    expect(svc).toMatchObject({ type: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/8"], externalTrafficPolicy: "Local", ports: [{ name: "http2", port: 80, protocol: "TCP", targetPort: 80 }] });
    // the NLB annotations the engine's Service had, plus the LB subnets the adapter knows at deploy time
    expect(svc.annotations).toMatchObject({ "service.beta.kubernetes.io/aws-load-balancer-type": "nlb", "service.beta.kubernetes.io/aws-load-balancer-internal": "true" });
    expect(Object.keys(svc.annotations)).toContain("service.beta.kubernetes.io/aws-load-balancer-subnets");
    // the objects need the chart's CRDs: created after the release
    for (const r of resources.filter((x) => x.type.includes("higress.io"))) expect(r.name).toMatch(/^useast-gateway-(wasmplugin|mcpbridge)-/);
  });

  it("keeps consumer keys and AccessKeys in a Secret as Pulumi secrets; the WasmPlugins only reference it", () => {
    const secret = byName("useast-gateway-secrets");
    expect(secret.inputs).toMatchObject({ metadata: { name: "gpukit-gateway-secrets", namespace: "higress-system" }, type: "Opaque", stringData: "[secret]" });
    const auth = plugin("key-auth")!;
    expect((auth.spec.defaultConfig as any).consumers).toEqual([
      { name: "search-team", credential: "Bearer ${secret.higress-system/gpukit-gateway-secrets.gatewayKey-search-team}" },
      { name: "chat-team", credential: "Bearer ${secret.higress-system/gpukit-gateway-secrets.gatewayKey-chat-team}" },
    ]);
    const guard = plugin("ai-security-guard")!;
    expect((guard.spec.matchRules as any)[0].config).toMatchObject({
      accessKey: "${secret.higress-system/gpukit-gateway-secrets.moderationAccessKeyId}",
      secretKey: "${secret.higress-system/gpukit-gateway-secrets.moderationAccessKeySecret}",
    });
    // the offline run's AccessKey value and the VM path's boot placeholders appear in no plain input
    const plain = JSON.stringify(resources.map((r) => r.inputs));
    expect(plain).not.toContain(OFFLINE_SECRET_PLACEHOLDER);
    expect(plain).not.toMatch(/@@[A-Z0-9_]+@@/);
  });

  it("requires a key on every route but the health probe, limits tokens in the chart's Redis, counts usage and moderates", () => {
    const objects = higress();
    expect(validateHigressResources(objects)).toEqual([]);
    const routes = objects.filter((o) => o.kind === "Ingress").map((o) => o.metadata.name).sort();
    expect(routes).toEqual(["gpukit-health", "gpukit-model-0", "gpukit-models"]);
    const allowed = (plugin("key-auth")!.spec.matchRules as any[]).map((m) => [m.ingress[0], m.config.allow]);
    expect(allowed).toEqual([
      ["gpukit-model-0", ["search-team", "chat-team"]],
      ["gpukit-models", ["search-team", "chat-team"]],
    ]);
    const tokens = (plugin("ai-token-ratelimit")!.spec.matchRules as any[])[0].config;
    expect(tokens.redis).toEqual({ service_name: "redis-stack-server.higress-system.svc.cluster.local", service_port: 6379, timeout: 1000 });
    expect(tokens.rule_items).toEqual([{ limit_by_consumer: "", limit_keys: [{ key: "search-team", token_per_minute: 20000 }] }]);
    expect(plugin("ai-statistics")).toBeDefined();
    expect(plugin("ai-security-guard")).toBeDefined();
    // routes by model to the engine's ClusterIP Service
    const bridge = objects.find((o) => o.kind === "McpBridge")!;
    expect((bridge.spec.registries as any[])[0]).toEqual({ name: "gpukit-engine", type: "dns", domain: "useast-engine.inference.svc.cluster.local", port: 8000, protocol: "http" });
    const model = objects.find((o) => o.metadata.name === "gpukit-model-0")!;
    expect(model.metadata.annotations?.["higress.io/exact-match-header-x-higress-llm-model"]).toBe("Qwen/Qwen2.5-7B-Instruct-AWQ");
  });

  it("makes the engine Service ClusterIP and admits the engine port from the gateway pods (and Prometheus) only", () => {
    const svc = byName("useast-service").inputs;
    expect(svc.spec.type).toBe("ClusterIP");
    expect(svc.spec.loadBalancerSourceRanges).toBeUndefined();
    expect(svc.metadata.annotations).toBeUndefined();
    const np = byName("useast-engine-netpol").inputs;
    expect(np.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "higress-system" } }, podSelector: { matchLabels: { app: "higress-gateway", higress: "higress-system-higress-gateway" } } }],
        ports: [{ protocol: "TCP", port: 8000 }],
      },
      { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gpu-inference-metrics" } } }], ports: [{ protocol: "TCP", port: 8000 }] },
    ]);
    expect(JSON.stringify(np)).not.toContain("ipBlock");
  });

  it("validates every Kubernetes object it renders against the Kubernetes schema", () => {
    new Service(byName("useast-service").inputs as never).validate();
    new NetworkPolicy(byName("useast-engine-netpol").inputs as never).validate();
    new Namespace(byName("useast-gateway-namespace").inputs as never).validate();
    new Secret({ ...byName("useast-gateway-secrets").inputs, stringData: { key: "value" } } as never).validate();
    const ingresses = higress().filter((o) => o.kind === "Ingress");
    expect(ingresses).toHaveLength(3);
    for (const i of ingresses) new Ingress(i as never).validate();
    // and a broken one is caught (the validator can fail)
    expect(() => new Service({ ...byName("useast-service").inputs, spec: { ...byName("useast-service").inputs.spec, type: "Cluster" } } as never).validate()).toThrow();
  });

  it("passes every deployability check", () => {
    expect(runDeployability({ plan, resources }).findings).toEqual([]);
  });
});

describe("the gateway's Service takes the engine's listener", () => {
  it("a public TLS endpoint: the gateway Service listens on 443 with the ACM certificate and forwards to the gateway's port 80", () => {
    const yaml = readFileSync(stackFile(), "utf8");
    const spec = parse(yaml).config["gpu-inference:deployment"];
    spec.loadBalancer = { public: true, allowedCidrs: ["203.0.113.0/24"], tls: { certificateId: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } };
    const catalog = loadCatalog();
    const t = planDeployment(parseDeploymentSpec(spec, catalog), "k8sgw", catalog).targets[0];
    const svc = (t.gateway!.kubernetes!.helmRelease.values["higress-core"] as any).gateway.service;
    expect(svc.ports).toEqual([{ name: "https", port: 443, protocol: "TCP", targetPort: 80 }]);
    expect(svc.loadBalancerSourceRanges).toEqual(["203.0.113.0/24"]);
    expect(svc.annotations).toEqual({
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
    });
    // the engine keeps no listener of its own
    expect(t.kubernetes!.service).toMatchObject({ type: "ClusterIP", port: 8000, tls: false, annotations: {} });
  });

  it("upstream stacks: their hosts are filled into the McpBridge at deploy time, not put in the Secret", () => {
    const spec = parse(readFileSync(stackFile(), "utf8")).config["gpu-inference:deployment"];
    spec.gateway.upstreams = [{ model: "deepseek-ai/DeepSeek-R1", stack: "acme/llm/prod" }];
    const catalog = loadCatalog();
    const k = planDeployment(parseDeploymentSpec(spec, catalog), "k8sgw", catalog).targets[0].gateway!.kubernetes!;
    expect(k.fills).toEqual([{ placeholder: "@@GATEWAYUPSTREAM_0@@", secret: "gatewayUpstream-0" }]);
    expect(k.secret.keys).toEqual(["gatewayKey-chat-team", "gatewayKey-search-team", "moderationAccessKeyId", "moderationAccessKeySecret"]);
    expect(JSON.stringify(k.objects.filter((o) => o.kind === "WasmPlugin"))).not.toMatch(/@@/);
    expect(endpointHost("https://llm.example.com:8443/v1")).toBe("llm.example.com");
    expect(endpointHost("http://10.1.2.3")).toBe("10.1.2.3");
  });
});

describe("tampered recordings fail gateway-port and kubernetes-workload", () => {
  const mutate = (rs: RecordedResource[], name: string, change: (inputs: any) => void) =>
    rs.map((r) => {
      if (r.name !== name) return r;
      const c = structuredClone(r);
      change(c.inputs);
      return c;
    });
  const found = (rs: RecordedResource[]) => runDeployability({ plan, resources: rs }, ["gateway-port", "kubernetes-workload"]).findings;

  it("the engine Service left a LoadBalancer", () => {
    const f = found(mutate(resources, "useast-service", (i) => (i.spec.type = "LoadBalancer")));
    expect(f.map((x) => x.check)).toEqual(["kubernetes-workload"]);
    expect(f[0].message).toMatch(/the engine Service is LoadBalancer, but the gateway fronts the engine/);
  });

  it("a NetworkPolicy admitting everyone (all namespaces, or an open IP block)", () => {
    const f1 = found(mutate(resources, "useast-engine-netpol", (i) => (i.spec.ingress[0].from = [{ namespaceSelector: {} }])));
    expect(f1.map((x) => x.message).join("\n")).toMatch(/admits \{"namespaceSelector":\{\}\}, a source the plan does not name \(behind the gateway only its pods/);
    const f2 = found(mutate(resources, "useast-engine-netpol", (i) => i.spec.ingress.push({ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 8000 }] })));
    expect(f2.map((x) => x.message).join("\n")).toMatch(/admits 0\.0\.0\.0\/0, outside the load balancer's sources/);
  });

  it("a route without key-auth, a key in clear, the gateway open to the world, no release", () => {
    const auth = resources.find((r) => (r.inputs as any).metadata?.labels?.["higress.io/wasm-plugin-name"] === "key-auth")!.name;
    let rs = mutate(resources, auth, (i) => {
      i.spec.matchRules.pop();
      i.spec.defaultConfig.consumers[0].credential = "Bearer abc123";
    });
    rs = mutate(rs, "useast-gateway", (i) => (i.values["higress-core"].gateway.service.loadBalancerSourceRanges = ["0.0.0.0/0"]));
    const messages = found(rs).map((x) => `${x.check}: ${x.message}`).join("\n");
    expect(messages).toMatch(/gateway-port: recorded gateway config: Ingress\/gpukit-models: no key-auth rule allows consumers on this route/);
    expect(messages).toMatch(/gateway-port: a consumer key is written into the key-auth WasmPlugin/);
    expect(messages).toMatch(/gateway-port: the gateway Service admits 0\.0\.0\.0\/0, the plan's client CIDRs are 10\.0\.0\.0\/8/);
    const none = found(resources.filter((r) => r.name !== "useast-gateway" && r.name !== "useast-gateway-secrets"));
    expect(none.map((x) => x.message).join("\n")).toMatch(/no Helm release of the higress chart[\s\S]*no Secret higress-system\/gpukit-gateway-secrets/);
  });
});
