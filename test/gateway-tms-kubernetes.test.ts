/**
 * Tencent TMS moderation on `runtime: kubernetes`, end to end through the offline run: the k8s
 * reference stack (EKS us-east-1, internal NLB for 10.0.0.0/8) with a gateway, `tencent-tms` and a
 * registryMirror holding the filter image. The plan lists, in higress-system, the filter's Secret
 * (values only as Pulumi secrets), its hardened Deployment (2 replicas beside the 2 gateway replicas,
 * probes on /healthz), the ClusterIP Service the rendered Higress config calls, a PDB and its
 * NetworkPolicy (gateway pods in; DNS, HTTPS to TMS and the engine out); the engine's NetworkPolicy
 * admits the filter's pods. Every object validates against the Kubernetes schema; the deployability
 * checks pass, and fail on tampered recordings.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { get, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import { parse } from "yaml";
import { Deployment } from "kubernetes-models/apps/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Secret, Service } from "kubernetes-models/v1";
import { loadCatalog } from "../catalog";
import { runOffline } from "../cli/offline/run";
import { ruleFor } from "../cost/price";
import { OFFLINE_SECRET_PLACEHOLDER } from "../cli/offline/stack-file";
import type { RecordedResource } from "../cli/offline/recorder";
import { createFilter } from "../components/gateway/tms-filter/filter.js";
import { TMS_FILTER_KUBERNETES_DEPLOYED } from "../components/gateway/tms";
import { engineNetworkPolicy } from "../components/kubernetes/manifests";
import { renderTmsFilterObjects } from "../components/kubernetes/tms-filter";
import { planDeployment } from "../components/plan";
import type { DeploymentPlan } from "../components/plan/types";
import { ConfigError, parseDeploymentSpec } from "../components/spec";
import { runDeployability } from "../deployability";
import { check, contextOf } from "./policy-harness";

const MIRROR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme";
let resources: RecordedResource[];
let plan: DeploymentPlan;

/** The shipped k8s stack with a gateway moderated by TMS: no engine key, one consumer, the filter image's registry. */
function stackYaml(): string {
  let yaml = readFileSync(path.join(__dirname, "..", "stacks", "Pulumi.k8s.yaml"), "utf8");
  yaml = yaml.replace(/\n\s*# pulumi config set --secret engineApiKey[^\n]*\n\s*apiKeySecret: engineApiKey/, "");
  yaml = yaml.replace("        runtime: kubernetes\n", `        runtime: kubernetes\n        registryMirror: ${MIRROR}\n`);
  yaml = yaml.replace(
    "    compliance:\n      dataClassification: internal",
    ["    gateway:", "      consumers:", "        - name: search-team", "    compliance:", "      dataClassification: internal", "      moderation: { provider: tencent-tms, bizType: gpukit_llm }"].join("\n"),
  );
  if (!yaml.includes("tencent-tms") || !yaml.includes(MIRROR) || yaml.includes("apiKeySecret")) throw new Error("the k8s stack changed shape; update this test's edit");
  return yaml;
}
const specOf = () => structuredClone(parse(stackYaml()).config["gpu-inference:deployment"]);
const catalog = loadCatalog();
function planOf(spec: unknown): DeploymentPlan {
  return planDeployment(parseDeploymentSpec(spec, catalog), "k8stms", catalog);
}

let stackFile: string;
beforeAll(async () => {
  stackFile = path.join(mkdtempSync(path.join(tmpdir(), "gpukit-tms-k8s-")), "Pulumi.k8stms.yaml");
  writeFileSync(stackFile, stackYaml());
  const run = await runOffline({ stackFile, loadProgram: freshProgram });
  resources = run.resources;
  plan = run.plan;
}, 120_000);

const byName = (name: string): RecordedResource & { inputs: Record<string, any> } => {
  const r = resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}`);
  return r as RecordedResource & { inputs: Record<string, any> };
};
const FILTER_PODS = { app: "gpukit-tms-filter" };
const GATEWAY_PEER = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "higress-system" } }, podSelector: { matchLabels: { app: "higress-gateway", higress: "higress-system-higress-gateway" } } };
const FILTER_PEER = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "higress-system" } }, podSelector: { matchLabels: FILTER_PODS } };

describe("the offline plan of a Kubernetes stack with tencent-tms", () => {
  it("is planned, no longer refused, and the rendered config calls the filter's Service", () => {
    expect(TMS_FILTER_KUBERNETES_DEPLOYED).toBe(true);
    const gw = plan.targets[0].gateway!;
    expect(gw.moderation).toMatchObject({ provider: "tencent-tms", bizType: "gpukit_llm", region: "ap-singapore", failOpen: false });
    const bridge = gw.kubernetes!.objects.find((o) => o.kind === "McpBridge")!;
    expect((bridge.spec.registries as any[]).find((r) => r.name === "gpukit-tms-filter")).toEqual({ name: "gpukit-tms-filter", type: "dns", domain: "gpukit-tms-filter.higress-system.svc.cluster.local", port: 8090, protocol: "http" });
    expect(gw.routes.find((r) => r.name === "gpukit-model-0")!.destination).toMatchObject({ kind: "moderation-filter", domain: "gpukit-tms-filter.higress-system.svc.cluster.local", port: 8090 });
  });

  it("keeps the TMS SecretId / SecretKey in a Secret as Pulumi secrets, and no secret value in any plain input", () => {
    const secret = byName("useast-tms-filter-secret");
    expect(secret.type).toBe("kubernetes:core/v1:Secret");
    expect(secret.inputs).toMatchObject({ metadata: { name: "gpukit-tms-filter-credentials", namespace: "higress-system" }, type: "Opaque", stringData: "[secret]" });
    const plain = JSON.stringify(resources.map((r) => r.inputs));
    expect(plain).not.toContain(OFFLINE_SECRET_PLACEHOLDER);
    expect(plain).not.toMatch(/@@[A-Z0-9_]+@@/);
    // the gateway's own Secret does not carry them (the filter reads its own)
    expect(plan.targets[0].gateway!.kubernetes!.secret.keys).toEqual(["gatewayKey-search-team"]);
  });

  it("runs the filter image from the registryMirror, non-root, read-only, probed on /healthz, 2 replicas off the GPU pool", () => {
    const d = byName("useast-tms-filter");
    expect(d.type).toBe("kubernetes:apps/v1:Deployment");
    expect(d.inputs.metadata).toMatchObject({ name: "gpukit-tms-filter", namespace: "higress-system" });
    expect(d.inputs.spec.replicas).toBe(2);
    const pod = d.inputs.spec.template.spec;
    const c = pod.containers[0];
    expect(c.image).toMatch(new RegExp(`^${MIRROR.replace(/\./g, "\\.")}/gpukit-tms-filter:1-[0-9a-f]{12}$`));
    // the tag is the hash of the image's build context, as the operator builds it
    const dir = path.join(__dirname, "..", "components", "gateway", "tms-filter");
    const hash = createHash("sha256").update(readFileSync(path.join(dir, "Dockerfile"))).update(readFileSync(path.join(dir, "filter.js"))).digest("hex");
    expect(c.image).toBe(`${MIRROR}/gpukit-tms-filter:1-${hash.slice(0, 12)}`);
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(c.resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } });
    expect(c.readinessProbe.httpGet).toEqual({ path: "/healthz", port: 8090 });
    expect(c.livenessProbe.httpGet).toEqual({ path: "/healthz", port: 8090 });
    // no GPU toleration: the scheduler keeps the pods off the tainted GPU nodes (system pool)
    expect(pod.tolerations).toBeUndefined();
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toMatchObject({
      GPUKIT_TMS_REGION: "ap-singapore",
      GPUKIT_TMS_BIZTYPE: "gpukit_llm",
      GPUKIT_TMS_ENDPOINT: "https://tms.tencentcloudapi.com",
      GPUKIT_TMS_FAIL_OPEN: "false",
      GPUKIT_TMS_UPSTREAM: "http://useast-engine.inference.svc.cluster.local:8000",
      GPUKIT_TMS_PORT: "8090",
      TENCENTCLOUD_SECRET_ID: { secretKeyRef: { name: "gpukit-tms-filter-credentials", key: "TENCENTCLOUD_SECRET_ID" } },
      TENCENTCLOUD_SECRET_KEY: { secretKeyRef: { name: "gpukit-tms-filter-credentials", key: "TENCENTCLOUD_SECRET_KEY" } },
    });
  });

  it("serves it as the ClusterIP Service gpukit-tms-filter:8090 with a PDB", () => {
    const svc = byName("useast-tms-filter-service").inputs;
    expect(svc.metadata).toMatchObject({ name: "gpukit-tms-filter", namespace: "higress-system" });
    expect(svc.spec).toEqual({ type: "ClusterIP", selector: FILTER_PODS, ports: [{ name: "http", port: 8090, targetPort: 8090, protocol: "TCP" }] });
    expect(byName("useast-tms-filter-pdb").inputs.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: FILTER_PODS } });
  });

  it("admits the gateway pods only; lets the filter reach DNS, TMS over HTTPS and the engine; the engine admits the filter", () => {
    const np = byName("useast-tms-filter-netpol").inputs;
    expect(np.spec.ingress).toEqual([{ from: [GATEWAY_PEER], ports: [{ protocol: "TCP", port: 8090 }] }]);
    expect(np.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(np.spec.egress).toEqual([
      { ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] },
      { ports: [{ protocol: "TCP", port: 443 }] },
      { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "inference" } }, podSelector: { matchLabels: plan.targets[0].kubernetes!.workload.labels } }], ports: [{ protocol: "TCP", port: 8000 }] },
    ]);
    const engine = byName("useast-engine-netpol").inputs;
    expect(engine.spec.ingress).toContainEqual({ from: [FILTER_PEER], ports: [{ protocol: "TCP", port: 8000 }] });
    expect(engine.spec.ingress).toContainEqual({ from: [GATEWAY_PEER], ports: [{ protocol: "TCP", port: 8000 }] });
  });

  it("validates every new object against the Kubernetes schema (and the validator can fail)", () => {
    new Secret({ ...byName("useast-tms-filter-secret").inputs, stringData: { TENCENTCLOUD_SECRET_ID: "x" } } as never).validate();
    new Deployment(byName("useast-tms-filter").inputs as never).validate();
    new Service(byName("useast-tms-filter-service").inputs as never).validate();
    new PodDisruptionBudget(byName("useast-tms-filter-pdb").inputs as never).validate();
    new NetworkPolicy(byName("useast-tms-filter-netpol").inputs as never).validate();
    new NetworkPolicy(byName("useast-engine-netpol").inputs as never).validate();
    const d = byName("useast-tms-filter").inputs;
    expect(() => new Deployment({ ...d, spec: { ...d.spec, replicas: "two" } } as never).validate()).toThrow();
  });

  it("prices every new object: in-cluster, free with the reason (the filter's pods run on the priced node pools)", () => {
    for (const name of ["useast-tms-filter-secret", "useast-tms-filter", "useast-tms-filter-service", "useast-tms-filter-pdb", "useast-tms-filter-netpol"]) {
      const result = ruleFor(byName(name).type)!(byName(name) as never, {} as never, "aws");
      expect(result, name).toMatchObject({ kind: "free" });
      expect((result as { reason: string }).reason, name).toMatch(/node pools/);
    }
    expect((ruleFor("kubernetes:apps/v1:Deployment")!(byName("useast-tms-filter") as never, {} as never, "aws") as { reason: string }).reason).toMatch(/TMS moderation filter on the system pool/);
  });

  it("is seen by the policy pack: no secret in the filter's container env (and a SecretKey inlined there is caught)", async () => {
    const d = byName("useast-tms-filter");
    const ctx = contextOf(stackFile);
    expect(await check("sec-no-plaintext-secrets", [d as never], ctx)).toEqual([]);
    const leaked = structuredClone(d);
    leaked.inputs.spec.template.spec.containers[0].env.push({ name: "TENCENTCLOUD_SECRET_KEY", value: "Zx9TmsSecretValue42" });
    expect((await check("sec-no-plaintext-secrets", [leaked as never], ctx)).map((v) => v.message).join("\n")).toMatch(/useast-tms-filter carries a password in container env/);
  });

  it("passes every deployability check", () => {
    expect(runDeployability({ plan, resources }).findings).toEqual([]);
  });
});

describe("the filter answers the probe the Deployment uses", () => {
  it("GET /healthz is 200 {ok: true} on the filter itself (no TMS call)", async () => {
    const probe = byName("useast-tms-filter").inputs.spec.template.spec.containers[0].readinessProbe.httpGet.path;
    const cfg = { secretId: "AKIDtest", secretKey: "k", bizType: "gpukit_llm", region: "ap-singapore", endpoint: "http://127.0.0.1:9", mode: "block" as const, failOpen: false, checkResponse: true, upstream: null, windowChars: 300, timeoutMs: 500, port: 0 };
    const server: Server = createFilter(cfg, () => {});
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        get({ host: "127.0.0.1", port, path: probe }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        }).on("error", reject);
      });
      expect(answer).toEqual({ status: 200, body: '{"ok":true}' });
    } finally {
      server.close();
    }
  });
});

describe("planning variants", () => {
  it("requires registryMirror on a Kubernetes target, naming the path and the image to build", () => {
    const spec = specOf();
    delete spec.targets[0].registryMirror;
    let issues: { path: string; message: string }[] = [];
    try {
      planOf(spec);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues = e.issues;
    }
    expect(issues.find((i) => i.path === "targets[0].registryMirror")?.message).toMatch(/gpukit-tms-filter:1-[0-9a-f]{12}.*docker build/);
    expect(issues.some((i) => i.path === "targets[0].runtime")).toBe(false);
  });

  it("checkResponse false: the engine admits no filter pods and the filter gets no way to the engine", () => {
    const spec = specOf();
    spec.compliance.moderation.checkResponse = false;
    const t = planOf(spec).targets[0];
    expect(t.kubernetes!.networkPolicy.fromPods!.map((p) => p.who)).toEqual(["gateway"]);
    expect(JSON.stringify(engineNetworkPolicy(t.kubernetes!))).not.toContain("gpukit-tms-filter");
    const o = renderTmsFilterObjects(t)!;
    expect((o.networkPolicy.spec as any).egress).toEqual([{ ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }, { ports: [{ protocol: "TCP", port: 443 }] }]);
  });

  it("one gateway replica: one filter replica, no PDB; no tencent-tms: no filter objects", () => {
    const t = planOf(specOf()).targets[0];
    const values = t.gateway!.kubernetes!.helmRelease.values as any;
    const single = { ...t, gateway: { ...t.gateway!, kubernetes: { ...t.gateway!.kubernetes!, helmRelease: { ...t.gateway!.kubernetes!.helmRelease, values: { ...values, "higress-core": { gateway: { ...values["higress-core"].gateway, replicas: 1 } } } } } } };
    const o = renderTmsFilterObjects(single)!;
    expect((o.deployment.spec as any).replicas).toBe(1);
    expect(o.podDisruptionBudget).toBeNull();
    const spec = specOf();
    spec.compliance.moderation = { provider: "alicloud-content-moderation", region: "cn-shanghai" };
    expect(renderTmsFilterObjects(planOf(spec).targets[0])).toBeNull();
  });
});

describe("tampered recordings fail gateway-port", () => {
  const mutate = (rs: RecordedResource[], name: string, change: (inputs: any) => void) =>
    rs.map((r) => {
      if (r.name !== name) return r;
      const c = structuredClone(r);
      change(c.inputs);
      return c;
    });
  const messages = (rs: RecordedResource[]) => runDeployability({ plan, resources: rs }, ["gateway-port", "kubernetes-workload"]).findings.map((f) => `${f.check}: ${f.message}`);

  it("the filter Service missing", () => {
    const m = messages(resources.filter((r) => r.name !== "useast-tms-filter-service"));
    expect(m).toEqual(["gateway-port: no Service higress-system/gpukit-tms-filter was recorded: the gateway calls gpukit-tms-filter.higress-system.svc.cluster.local:8090 for every prompt, so every model call is refused (failOpen false) or passes unmoderated (failOpen true)"]);
  });

  it("the filter Secret not a Pulumi secret (stringData or data in clear)", () => {
    const m1 = messages(mutate(resources, "useast-tms-filter-secret", (i) => (i.stringData = { TENCENTCLOUD_SECRET_ID: "AKIDexample", TENCENTCLOUD_SECRET_KEY: "[secret]" })));
    expect(m1).toEqual(["gateway-port: useast-tms-filter-secret holds the TMS SecretId / SecretKey not as Pulumi secrets: they would be stored in clear in the state"]);
    const m2 = messages(mutate(resources, "useast-tms-filter-secret", (i) => (i.data = { TENCENTCLOUD_SECRET_KEY: "c2VjcmV0" })));
    expect(m2).toHaveLength(1);
    expect(messages(resources.filter((r) => r.name !== "useast-tms-filter-secret"))[0]).toMatch(/no Secret higress-system\/gpukit-tms-filter-credentials/);
  });

  it("the engine NetworkPolicy not admitting the filter while the routes go through it", () => {
    const m = messages(mutate(resources, "useast-engine-netpol", (i) => (i.spec.ingress = i.spec.ingress.filter((r: any) => JSON.stringify(r.from) !== JSON.stringify([FILTER_PEER])))));
    expect(m).toEqual(["gateway-port: the engine NetworkPolicy does not admit the TMS filter's pods on port 8000, but the model routes go through the filter: every answer fails"]);
  });

  it("the filter open to every pod, without HTTPS egress, writable, another image, or missing", () => {
    let rs = mutate(resources, "useast-tms-filter-netpol", (i) => {
      i.spec.ingress.push({ from: [{ namespaceSelector: {} }] });
      i.spec.egress = i.spec.egress.filter((r: any) => r.ports[0].port !== 443);
    });
    rs = mutate(rs, "useast-tms-filter", (i) => {
      i.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
      i.spec.template.spec.containers[0].image = "docker.io/library/node:22";
    });
    const m = messages(rs).join("\n");
    expect(m).toMatch(/the filter's NetworkPolicy admits \{"namespaceSelector":\{\}\}: only the gateway's pods may call the filter/);
    expect(m).toMatch(/does not allow HTTPS \(443\) out: the filter cannot reach TMS/);
    expect(m).toMatch(/the filter's root filesystem is writable/);
    expect(m).toMatch(/the filter runs docker\.io\/library\/node:22, not the planned/);
    const gone = messages(resources.filter((r) => !["useast-tms-filter", "useast-tms-filter-netpol"].includes(r.name))).join("\n");
    expect(gone).toMatch(/no Deployment higress-system\/gpukit-tms-filter[\s\S]*no NetworkPolicy higress-system\/gpukit-tms-filter/);
  });
});
