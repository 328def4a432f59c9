/**
 * `targets[].kubernetes.expose: { via: ingress }`: the plain plan decides a networking.k8s.io/v1
 * Ingress of an existing controller in front of the engine (or of the gateway), with the client CIDRs
 * as the controller's source-range annotation (ingress-nginx `whitelist-source-range`, Higress
 * `higress.io/whitelist-source-range`), the engine Service ClusterIP and its NetworkPolicy admitting
 * the controller's namespace only. Combinations the kit cannot secure are refused, every issue with
 * its config path at once. One offline run of the k8s stack behind nginx passes the deployability
 * checks, and the same run with the engine Service left a LoadBalancer fails them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { Service } from "kubernetes-models/v1";
import { loadCatalog } from "../catalog";
import { runOffline } from "../cli/offline/run";
import type { RecordedResource } from "../cli/offline/recorder";
import { renderWorkloadManifests } from "../components/kubernetes/manifests";
import { planDeployment, type DeploymentPlan } from "../components/plan";
import { renderIngress } from "../components/plan/kubernetes-expose";
import { ConfigError, parseDeploymentSpec } from "../components/spec";
import { runDeployability } from "../deployability";
import { clone, stagingSpec } from "./fixtures/specs";

const catalog = loadCatalog();

/** The staging fixture on runtime kubernetes (EKS), internal, clients 10.0.0.0/8, exposed as `expose`. */
function k8sSpec(expose: Record<string, unknown>, extra: (s: Record<string, any>) => void = () => undefined): Record<string, any> {
  const s = clone(stagingSpec()) as Record<string, any>;
  s.targets[0].runtime = "kubernetes";
  s.targets[0].kubernetes = { cluster: { create: true }, expose };
  s.loadBalancer = { public: false, allowedCidrs: ["10.0.0.0/8"] };
  extra(s);
  return s;
}

function plan(spec: unknown): DeploymentPlan {
  return planDeployment(parseDeploymentSpec(spec, catalog), "staging", catalog);
}

function issues(spec: unknown): { path: string; message: string; allowed?: string[] }[] {
  try {
    plan(spec);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const NGINX = { via: "ingress", ingressClassName: "nginx", host: "llm.example.com", tlsSecret: "llm-tls" };

describe("expose via ingress in the plain plan", () => {
  it("defaults to the load balancer and renders no Ingress", () => {
    const t = plan(k8sSpec({})).targets[0];
    expect(t.kubernetes?.expose).toEqual({ via: "loadBalancer", backend: "engine", ingress: null, gatewayService: null });
    expect(t.kubernetes?.service.type).toBe("LoadBalancer");
    expect(renderWorkloadManifests(t).map((o) => o.kind)).not.toContain("Ingress");
  });

  it("ingress-nginx: the client CIDRs as whitelist-source-range, TLS from the Secret, to the engine's ClusterIP Service", () => {
    const t = plan(k8sSpec(NGINX)).targets[0];
    const kube = t.kubernetes!;
    expect(kube.expose.ingress).toMatchObject({
      name: "use1-engine",
      namespace: "gpu-inference",
      className: "nginx",
      controller: "ingress-nginx",
      controllerNamespace: "ingress-nginx",
      host: "llm.example.com",
      tlsSecret: "llm-tls",
      service: { name: "use1-engine", port: 8000 },
      sourceRanges: ["10.0.0.0/8"],
    });
    const ingress = renderIngress(kube.expose.ingress!, { "app.kubernetes.io/managed-by": "gpu-inference-kit" });
    expect(ingress.metadata.annotations).toEqual({ "nginx.ingress.kubernetes.io/whitelist-source-range": "10.0.0.0/8" });
    expect(ingress.spec).toEqual({
      ingressClassName: "nginx",
      tls: [{ hosts: ["llm.example.com"], secretName: "llm-tls" }],
      rules: [{ host: "llm.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "use1-engine", port: { number: 8000 } } } }] } }],
    });
    new Ingress(ingress as never).validate();
    expect(() => new Ingress({ ...ingress, spec: { ...ingress.spec, rules: [{ host: "llm.example.com", http: { paths: [{ path: "/", backend: {} }] } }] } } as never).validate()).toThrow();

    // the engine's Service has no load balancer; only the controller's namespace reaches the engine port
    const objects = renderWorkloadManifests(t);
    const svc = objects.find((o) => o.kind === "Service")!;
    expect(svc.spec).toEqual({ type: "ClusterIP", selector: kube.workload.labels, ports: [{ name: "http", port: 8000, targetPort: 8000, protocol: "TCP" }] });
    new Service(svc as never).validate();
    const np = objects.find((o) => o.kind === "NetworkPolicy")!;
    expect((np.spec as any).ingress[0]).toEqual({ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }], ports: [{ protocol: "TCP", port: 8000 }] });
    expect(JSON.stringify(np)).not.toContain("ipBlock");
    new NetworkPolicy(np as never).validate();
  });

  it("Higress as the controller: its own annotation, several CIDRs comma-separated, a named controller namespace", () => {
    const t = plan(
      k8sSpec({ via: "ingress", ingressClassName: "internal", controller: "higress", controllerNamespace: "edge", host: "llm.corp.example.com" }, (s) => (s.loadBalancer.allowedCidrs = ["10.0.0.0/8", "192.168.0.0/16"])),
    ).targets[0];
    const ingress = renderIngress(t.kubernetes!.expose.ingress!, {});
    expect(ingress.metadata.annotations).toEqual({ "higress.io/whitelist-source-range": "10.0.0.0/8,192.168.0.0/16" });
    expect(ingress.spec.tls).toBeUndefined();
    expect(t.kubernetes!.networkPolicy.fromPods).toEqual([{ who: "ingress-controller", namespace: "edge", podLabels: null }]);
    new Ingress(ingress as never).validate();
  });

  it("with a gateway: the Ingress sends to the gateway's ClusterIP Service in higress-system; the engine admits the gateway pods only", () => {
    const t = plan(k8sSpec(NGINX, (s) => (s.gateway = { consumers: [{ name: "team-a" }] }))).targets[0];
    const ingress = renderIngress(t.kubernetes!.expose.ingress!, {});
    expect(ingress.metadata).toMatchObject({ name: "gpukit-gateway", namespace: "higress-system" });
    expect((ingress.spec.rules as any)[0].http.paths[0].backend).toEqual({ service: { name: "higress-gateway", port: { number: 80 } } });
    new Ingress(ingress as never).validate();
    const svc = (t.gateway!.kubernetes!.helmRelease.values["higress-core"] as any).gateway.service;
    expect(svc).toEqual({ type: "ClusterIP", ports: [{ name: "http2", port: 80, protocol: "TCP", targetPort: 80 }] });
    expect(t.kubernetes!.networkPolicy.fromPods).toEqual([{ who: "gateway", namespace: "higress-system", podLabels: { app: "higress-gateway", higress: "higress-system-higress-gateway" } }]);
  });

  it("an unknown controller is allowed only when clients are everyone, and then needs its namespace", () => {
    const open = (s: Record<string, any>) => (s.loadBalancer = { public: true });
    const found = issues(k8sSpec({ via: "ingress", ingressClassName: "traefik", host: "llm.example.com" }, open));
    expect(found.map((i) => i.path)).toEqual(["targets[0].kubernetes.expose.controllerNamespace"]);
    const t = plan(k8sSpec({ via: "ingress", ingressClassName: "traefik", host: "llm.example.com", controllerNamespace: "traefik" }, open)).targets[0];
    expect(t.kubernetes!.expose.ingress).toMatchObject({ controller: null, annotations: {}, sourceRanges: ["0.0.0.0/0"] });
    expect(t.kubernetes!.expose.ingress!.enforcement).toMatch(/^none: IngressClass traefik is open to everyone/);
  });
});

describe("combinations the kit cannot secure are refused with their paths", () => {
  it("restricted clients on an unknown controller, a cloud certificate without a TLS Secret, no host: every issue at once", () => {
    const found = issues(k8sSpec({ via: "ingress", ingressClassName: "traefik" }, (s) => (s.loadBalancer.tls = { certificateId: "arn:aws:acm:us-east-1:123456789012:certificate/abc" })));
    const byPath = Object.fromEntries(found.map((i) => [i.path, i]));
    expect(Object.keys(byPath).sort()).toEqual(["targets[0].kubernetes.expose.host", "targets[0].kubernetes.expose.ingressClassName", "targets[0].kubernetes.expose.tlsSecret"]);
    expect(byPath["targets[0].kubernetes.expose.ingressClassName"].message).toMatch(/loadBalancer\.allowedCidrs \(10\.0\.0\.0\/8\) cannot be enforced on IngressClass traefik/);
    expect(byPath["targets[0].kubernetes.expose.ingressClassName"].allowed).toEqual(["nginx", "higress"]);
    expect(byPath["targets[0].kubernetes.expose.tlsSecret"].message).toMatch(/cloud certificate/);
  });

  it("a Higress controller in front of the kit's own Higress gateway", () => {
    const found = issues(k8sSpec({ via: "ingress", ingressClassName: "higress", host: "llm.example.com" }, (s) => (s.gateway = { consumers: [{ name: "team-a" }] })));
    expect(found.map((i) => [i.path, i.allowed])).toEqual([["targets[0].kubernetes.expose.controller", ["ingress-nginx"]]]);
  });

  it("Ingress settings on the load balancer, and a bad host at the schema", () => {
    expect(issues(k8sSpec({ via: "loadBalancer", host: "llm.example.com" })).map((i) => i.path)).toEqual(["targets[0].kubernetes.expose.host"]);
    expect(() => parseDeploymentSpec(k8sSpec({ via: "ingress", ingressClassName: "nginx", host: "not a host" }), catalog)).toThrow(/targets\[0\]\.kubernetes\.expose\.host/);
    expect(() => parseDeploymentSpec(k8sSpec({ via: "nodePort" }), catalog)).toThrow(/targets\[0\]\.kubernetes\.expose\.via/);
  });
});

describe("the k8s stack behind ingress-nginx, offline", () => {
  let resources: RecordedResource[];
  let deployment: DeploymentPlan;
  beforeAll(async () => {
    let yaml = readFileSync(path.join(__dirname, "..", "stacks", "Pulumi.k8s.yaml"), "utf8");
    yaml = yaml.replace("          gpuStack: auto\n", "          gpuStack: auto\n          expose: { via: ingress, ingressClassName: nginx, host: llm.example.com }\n");
    if (!yaml.includes("via: ingress")) throw new Error("the k8s stack changed shape; update this test's edit");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "gpukit-ingress-")), "Pulumi.k8sing.yaml");
    writeFileSync(file, yaml);
    const run = await runOffline({ stackFile: file, loadProgram: freshProgram });
    resources = run.resources;
    deployment = run.plan;
  }, 120_000);

  it("records the Ingress with the source range, a ClusterIP engine Service, and passes the deployability checks", () => {
    const ingress = resources.find((r) => r.name === "useast-ingress")!;
    expect(ingress.type).toBe("kubernetes:networking.k8s.io/v1:Ingress");
    expect((ingress.inputs as any).metadata).toMatchObject({ namespace: "inference", annotations: { "nginx.ingress.kubernetes.io/whitelist-source-range": "10.0.0.0/8" } });
    new Ingress(ingress.inputs as never).validate();
    const svc = resources.find((r) => r.name === "useast-service")!;
    expect((svc.inputs as any).spec.type).toBe("ClusterIP");
    // no annotation of the cloud's load balancer on a Service that has none
    expect((svc.inputs as any).metadata.annotations).toBeUndefined();
    expect(runDeployability({ plan: deployment, resources }).findings).toEqual([]);
  });

  it("fails kubernetes-workload when the engine Service is left a LoadBalancer", () => {
    const rs = resources.map((r) => (r.name === "useast-service" ? { ...r, inputs: { ...r.inputs, spec: { ...(r.inputs as any).spec, type: "LoadBalancer" } } } : r));
    const found = runDeployability({ plan: deployment, resources: rs }, ["kubernetes-workload"]).findings;
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/the engine Service is LoadBalancer, but the Ingress fronts the engine/)]);
  });
});
