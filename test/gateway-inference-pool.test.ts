/**
 * `gateway.inferencePool` on the k8s reference stack (EKS, vLLM) through the offline run: the model
 * route becomes a Gateway API HTTPRoute (named like the Ingress it replaces, so the key-auth rule still
 * matches it) to an InferencePool of the engine pods, scored by the upstream endpoint picker (EPP
 * v1.1.0) with its ConfigMap, RBAC and Service; the pinned CRD manifests; the engine NetworkPolicy
 * admits the picker. Kubernetes kinds validate with kubernetes-models, the Gateway API and
 * InferencePool objects against their CRD schemas (test/fixtures/inference-pool-crd-schemas.json);
 * refusals name their paths; tampered recordings fail.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Ajv from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import { parse } from "yaml";
import { Deployment } from "kubernetes-models/apps/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { ConfigMap, Service, ServiceAccount } from "kubernetes-models/v1";
import { loadCatalog } from "../catalog";
import { runOffline } from "../cli/offline/run";
import type { RecordedResource } from "../cli/offline/recorder";
import { planDeployment } from "../components/plan";
import type { DeploymentPlan } from "../components/plan/types";
import { ConfigError, parseDeploymentSpec } from "../components/spec";
import { runDeployability } from "../deployability";
import schemas from "./fixtures/inference-pool-crd-schemas.json";

type Inputs = Record<string, any>;
let resources: RecordedResource[];
let plan: DeploymentPlan;

/** The shipped k8s stack with a gateway (two consumers, Alibaba moderation) and `inferencePool: true`. */
function stackYaml(): string {
  let yaml = readFileSync(path.join(__dirname, "..", "stacks", "Pulumi.k8s.yaml"), "utf8");
  yaml = yaml.replace(/\n\s*# pulumi config set --secret engineApiKey[^\n]*\n\s*apiKeySecret: engineApiKey/, "");
  yaml = yaml.replace(
    "    compliance:\n      dataClassification: internal",
    [
      "    gateway:",
      "      inferencePool: true",
      "      consumers:",
      "        - name: search-team",
      "          limits: { requestsPerMinute: 60, tokensPerMinute: 20000 }",
      "        - name: chat-team",
      "    compliance:",
      "      dataClassification: internal",
      "      moderation: { provider: alicloud-content-moderation, region: cn-shanghai }",
    ].join("\n"),
  );
  if (!yaml.includes("inferencePool: true") || yaml.includes("apiKeySecret")) throw new Error("the k8s stack changed shape; update this test's edit");
  return yaml;
}

beforeAll(async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "gpukit-pool-")), "Pulumi.k8spool.yaml");
  writeFileSync(file, stackYaml());
  const run = await runOffline({ stackFile: file, loadProgram: freshProgram });
  resources = run.resources;
  plan = run.plan;
}, 120_000);

const byName = (name: string): RecordedResource & { inputs: Inputs } => {
  const r = resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}; have ${resources.map((x) => x.name).join(", ")}`);
  return r as RecordedResource & { inputs: Inputs };
};

const pool = () => byName("useast-inference-inferencepool-useast-engine-pool").inputs;
const picker = () => byName("useast-inference-deployment-useast-engine-epp").inputs;
const route = () => byName("useast-gateway-httproute-gpukit-model-0").inputs;
const keyAuth = () => resources.find((r) => (r.inputs as Inputs).metadata?.labels?.["higress.io/wasm-plugin-name"] === "key-auth")!;

describe("the offline plan of the k8s stack with gateway.inferencePool", () => {
  it("installs the pinned CRD manifests and turns on the chart's inference extension", () => {
    expect(byName("useast-gateway-gateway-api-crds")).toMatchObject({ type: "kubernetes:yaml/v2:ConfigFile", inputs: { file: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml" } });
    expect(byName("useast-gateway-inference-extension-crds")).toMatchObject({ type: "kubernetes:yaml/v2:ConfigFile", inputs: { file: "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.1.0/manifests.yaml" } });
    expect(byName("useast-gateway").inputs.values.global).toMatchObject({ enableGatewayAPI: true, enableInferenceExtension: true });
  });

  it("routes the model through a Gateway of class higress and an HTTPRoute named like the Ingress it replaces", () => {
    expect(byName("useast-gateway-gateway-gpukit-inference").inputs).toMatchObject({
      metadata: { name: "gpukit-inference", namespace: "higress-system" },
      spec: { gatewayClassName: "higress", listeners: [{ name: "http", protocol: "HTTP", port: 80 }] },
    });
    expect(route().metadata).toMatchObject({ name: "gpukit-model-0", namespace: "higress-system" });
    expect(route().spec.rules).toEqual([
      {
        matches: [{ path: { type: "PathPrefix", value: "/v1/" }, headers: [{ type: "Exact", name: "x-higress-llm-model", value: "Qwen/Qwen2.5-7B-Instruct-AWQ" }], method: "POST" }],
        backendRefs: [{ group: "inference.networking.k8s.io", kind: "InferencePool", name: "useast-engine-pool", namespace: "inference" }],
      },
    ]);
    // no Ingress for the model route any more; the models list and the health probe stay Ingresses
    const ingresses = resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:Ingress").map((r) => (r.inputs as Inputs).metadata.name).sort();
    expect(ingresses).toEqual(["gpukit-health", "gpukit-models"]);
    // the key-auth rule names the HTTPRoute exactly (Higress names HTTPRoute rules by the route's name)
    const rules = (keyAuth().inputs as Inputs).spec.matchRules.map((m: Inputs) => m.ingress[0]);
    expect(rules).toContain(route().metadata.name);
    expect(rules).toEqual(["gpukit-model-0", "gpukit-models"]);
  });

  it("admits the routes from higress-system to the pool with a ReferenceGrant in the engine namespace", () => {
    expect(byName("useast-inference-referencegrant-useast-engine-pool-from-gateway").inputs).toMatchObject({
      apiVersion: "gateway.networking.k8s.io/v1beta1",
      metadata: { namespace: "inference" },
      spec: { from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "higress-system" }], to: [{ group: "inference.networking.k8s.io", kind: "InferencePool", name: "useast-engine-pool" }] },
    });
  });

  it("pools the engine pods on the engine port, picked by the EPP over gRPC 9002, closed on failure", () => {
    const enginePodLabels = byName("useast-engine").inputs.spec.template.metadata.labels;
    expect(pool()).toMatchObject({
      apiVersion: "inference.networking.k8s.io/v1",
      metadata: { name: "useast-engine-pool", namespace: "inference" },
      spec: { selector: { matchLabels: enginePodLabels }, targetPorts: [{ number: 8000 }], endpointPickerRef: { name: "useast-engine-epp", port: { number: 9002 }, failureMode: "FailClose" } },
    });
  });

  it("runs the endpoint picker as upstream's v1.1.0 chart does", () => {
    const d = picker();
    expect(d.spec).toMatchObject({ replicas: 1, strategy: { type: "Recreate" } });
    const pod = d.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(130);
    expect(pod.serviceAccountName).toBe("useast-engine-epp");
    const c = pod.containers[0];
    expect(c.image).toBe("registry.k8s.io/gateway-api-inference-extension/epp:v1.1.0");
    expect(c.args).toEqual(["--pool-name", "useast-engine-pool", "--pool-namespace", "inference", "--zap-encoder", "json", "--config-file", "/config/default-plugins.yaml", "--v", "1", "--tracing", "false", "--metrics-endpoint-auth=false"]);
    expect(c.ports.map((p: Inputs) => [p.name, p.containerPort])).toEqual([["grpc", 9002], ["grpc-health", 9003], ["metrics", 9090]]);
    expect(c.livenessProbe.grpc).toEqual({ port: 9003, service: "inference-extension" });
    expect(c.readinessProbe.grpc).toEqual({ port: 9003, service: "inference-extension" });
    const plugins = parse(byName("useast-inference-configmap-useast-engine-epp").inputs.data["default-plugins.yaml"]);
    expect(plugins.plugins.map((p: Inputs) => p.type)).toEqual(["queue-scorer", "kv-cache-utilization-scorer", "prefix-cache-scorer"]);
    expect(plugins.schedulingProfiles[0].plugins.map((p: Inputs) => p.pluginRef)).toEqual(["queue-scorer", "kv-cache-utilization-scorer", "prefix-cache-scorer"]);
    const svc = byName("useast-inference-service-useast-engine-epp").inputs.spec;
    expect(svc.type).toBe("ClusterIP");
    expect(svc.ports.map((p: Inputs) => p.port)).toEqual([9002, 9090]);
    expect(byName("useast-inference-role-useast-engine-epp").inputs.rules.map((r: Inputs) => r.resources[0])).toEqual(["inferenceobjectives", "inferencepools", "pods"]);
    expect(byName("useast-inference-clusterrole-inference-useast-engine-epp").inputs.rules.map((r: Inputs) => [r.resources[0], r.verbs])).toEqual([["tokenreviews", ["create"]], ["subjectaccessreviews", ["create"]]]);
  });

  it("admits the picker's pods on the engine port (it reads /metrics there)", () => {
    const peers = byName("useast-engine-netpol").inputs.spec.ingress.map((r: Inputs) => r.from[0]);
    expect(peers).toContainEqual({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "inference" } }, podSelector: { matchLabels: { inferencepool: "useast-engine-epp" } } });
  });

  it("has 0 deployability findings", () => {
    expect(runDeployability({ plan, resources }).findings).toEqual([]);
  });
});

describe("schema validation", () => {
  it("validates the Kubernetes kinds with kubernetes-models (and catches a broken one)", () => {
    new Deployment(picker() as never).validate();
    new Service(byName("useast-inference-service-useast-engine-epp").inputs as never).validate();
    new ConfigMap(byName("useast-inference-configmap-useast-engine-epp").inputs as never).validate();
    new ServiceAccount(byName("useast-inference-serviceaccount-useast-engine-epp").inputs as never).validate();
    new Role(byName("useast-inference-role-useast-engine-epp").inputs as never).validate();
    new RoleBinding(byName("useast-inference-rolebinding-useast-engine-epp").inputs as never).validate();
    new ClusterRole(byName("useast-inference-clusterrole-inference-useast-engine-epp").inputs as never).validate();
    new ClusterRoleBinding(byName("useast-inference-clusterrolebinding-inference-useast-engine-epp").inputs as never).validate();
    new NetworkPolicy(byName("useast-engine-netpol").inputs as never).validate();
    expect(() => new Deployment({ ...picker(), spec: { ...picker().spec, replicas: "one" } } as never).validate()).toThrow();
  });

  const ajv = new Ajv({ allErrors: true, strict: false, formats: { int32: true, int64: true, ipv4: true, ipv6: true, "date-time": true } });
  const validate = (obj: Inputs) => {
    const key = `${obj.apiVersion}/${obj.kind}` as keyof typeof schemas;
    const entry = schemas[key] as { schema: object } | undefined;
    if (!entry) throw new Error(`no schema for ${key}`);
    const check = ajv.compile(entry.schema);
    return check(obj) ? [] : check.errors!.map((e) => `${e.instancePath} ${e.message}`);
  };

  it("validates the Gateway API and InferencePool objects against their CRD schemas (gateway-api v1.4.0, inference extension v1.1.0)", () => {
    expect(schemas["inference.networking.k8s.io/v1/InferencePool"].source).toMatch(/gateway-api-inference-extension\/blob\/v1\.1\.0\//);
    expect(schemas["gateway.networking.k8s.io/v1/HTTPRoute"].source).toMatch(/gateway-api\/blob\/v1\.4\.0\//);
    const objects = resources.filter((r) => /gateway\.networking\.k8s\.io|inference\.networking\.k8s\.io/.test(r.type)).map((r) => r.inputs as Inputs);
    expect(objects.map((o) => o.kind).sort()).toEqual(["Gateway", "HTTPRoute", "InferencePool", "ReferenceGrant"]);
    for (const o of objects) expect({ kind: o.kind, errors: validate(o) }).toEqual({ kind: o.kind, errors: [] });
  });

  it("rejects objects that break the schemas", () => {
    expect(validate({ ...pool(), spec: { ...pool().spec, endpointPickerRef: { ...pool().spec.endpointPickerRef, failureMode: "Open" } } }).join()).toMatch(/allowed values/);
    expect(validate({ ...pool(), spec: { ...pool().spec, targetPorts: [] } }).join()).toMatch(/fewer than 1/);
    const badRef = structuredClone(route());
    badRef.spec.rules[0].matches[0].path.type = "Prefix";
    expect(validate(badRef).join()).toMatch(/allowed values/);
  });
});

describe("refusals name their paths", () => {
  const catalog = loadCatalog();
  /** Issues at `gateway.inferencePool`; `after` edits the parsed spec (checks parsing would stop at first). */
  const issues = (edit: (spec: Inputs) => void, after: (spec: Inputs) => void = () => undefined): { path: string; message: string }[] => {
    const spec = parse(stackYaml()).config["gpu-inference:deployment"];
    edit(spec);
    try {
      const parsed = parseDeploymentSpec(spec, catalog) as Inputs;
      after(parsed);
      planDeployment(parsed as never, "k8spool", catalog);
    } catch (error) {
      if (error instanceof ConfigError) return error.issues.filter((i) => i.path === "gateway.inferencePool");
      throw error;
    }
    return [];
  };

  it("plans without issues as shipped", () => {
    expect(issues(() => undefined)).toEqual([]);
  });
  it("an engine other than vllm", () => {
    expect(issues((s) => (s.engine.name = "sglang")).map((i) => i.message).join()).toMatch(/reads vLLM metric names.*engine.name is sglang/);
  });
  it("dataResidency cn (set after parsing: parsing already refuses a us-east-1 target under cn)", () => {
    expect(issues(() => undefined, (s) => (s.compliance = { ...s.compliance, dataResidency: "cn" })).map((i) => i.message).join()).toMatch(/registry\.k8s\.io, which is not reachable from mainland China/);
  });
  it("a target on runtime vm", () => {
    expect(issues((s) => {
          s.targets[0].runtime = "vm";
          delete s.targets[0].kubernetes;
        }).map((i) => i.message).join()).toMatch(/targets\[0\] runs on runtime vm: an InferencePool needs runtime kubernetes/);
  });
});

describe("tampered recordings fail gateway-port", () => {
  const mutate = (name: string, change: (inputs: Inputs) => void) =>
    resources.map((r) => {
      if (r.name !== name) return r;
      const c = structuredClone(r);
      change(c.inputs as Inputs);
      return c;
    });
  const found = (rs: RecordedResource[]) => runDeployability({ plan, resources: rs }, ["gateway-port"]).findings.map((f) => f.message).join("\n");

  it("an HTTPRoute whose name no key-auth rule covers", () => {
    const messages = found(mutate("useast-gateway-httproute-gpukit-model-0", (i) => (i.metadata.name = "open-model")));
    expect(messages).toMatch(/HTTPRoute\/open-model: no key-auth rule allows consumers on this route/);
    expect(messages).toMatch(/the gateway route gpukit-model-0 \(model\) was not recorded/);
  });

  it("the key-auth rule of the pool's route removed", () => {
    const messages = found(mutate(keyAuth().name, (i) => i.spec.matchRules.shift()));
    expect(messages).toMatch(/HTTPRoute\/gpukit-model-0: no key-auth rule allows consumers on this route/);
  });
});
