/**
 * The inference gateway on a Kubernetes target (`plan.gateway.kubernetes`, rendered by
 * components/gateway/render-kubernetes.ts): the `higress-system` namespace, a Secret with the
 * consumer keys and moderation AccessKeys (from the target's Pulumi secrets; the WasmPlugins
 * reference it as `${secret.…}`), the pinned Higress Helm release (`helm.sh/v3` Release, as the
 * vector database and add-ons use) whose gateway Service is the cloud load balancer's (or an
 * Ingress's) backend, the rendered Higress objects (McpBridge, Ingress routes, WasmPlugins) and, with
 * tencent-tms moderation, the TMS filter (./tms-filter.ts); with `gateway.inferencePool`, the pinned
 * CRD manifests, Gateway, HTTPRoutes, InferencePool and endpoint picker (../gateway/inference-pool.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { TargetSecret } from "../adapter";
import { HIGRESS_GATEWAY } from "../gateway/higress-kubernetes";
import type { InferencePoolRender } from "../gateway/inference-pool";
import type { TargetPlan } from "../plan/types";
import { MANAGED_LABELS, type K8sObject } from "./manifests";
import { createObject, createRelease } from "./objects";
import { createKubernetesTmsFilter } from "./tms-filter";

/** Inputs of {@link createKubernetesGateway}. */
export interface KubernetesGatewayArgs {
  plan: TargetPlan;
  /** The target's secrets (Pulumi secrets); the gateway's go into its Secret. */
  secrets: TargetSecret[];
  /** Load-balancer annotations known only at deploy time (AWS LB subnets, Alibaba vSwitch), for the gateway's Service. */
  serviceAnnotations?: Record<string, pulumi.Input<string>>;
  /** Resources that must exist first (node pools, the engine's namespace). */
  dependsOn?: pulumi.Resource[];
}

/** What the gateway hands back to the runtime. */
export interface KubernetesGateway {
  release: k8s.helm.v3.Release;
  /** The chart's gateway Service, read after the release (its status carries the load balancer's address). */
  service: k8s.core.v1.Service;
  namespace: pulumi.CustomResource;
}

/** Host of an upstream stack's endpoint (`https://host[:port]/…` → `host`). */
export function endpointHost(endpoint: string): string {
  return endpoint.replace(/^[a-z]+:\/\//i, "").replace(/[:/].*$/, "");
}

/** Pulumi name role of a Higress object: `<name>-gateway-<kind>-<object name>`. */
function role(obj: { kind: string; metadata: { name: string } }): string {
  return `gateway-${obj.kind.toLowerCase()}-${obj.metadata.name}`;
}

/** Builds the gateway of `args.plan` on the cluster behind `provider`; children are named `<name>-gateway-*`. */
export function createKubernetesGateway(name: string, args: KubernetesGatewayArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): KubernetesGateway {
  const k = args.plan.gateway?.kubernetes;
  if (!k) throw new pulumi.ResourceError(`target ${args.plan.name}: the plan has no Kubernetes gateway`, parent);
  const base = { parent, provider };
  const valueOf = (secret: string): pulumi.Output<string> => {
    const s = args.secrets.find((x) => x.name === secret);
    if (!s) throw new pulumi.ResourceError(`target ${args.plan.name}: no value for the gateway secret ${secret}`, parent);
    return s.value;
  };
  const namespace = createObject(`${name}-gateway-namespace`, { apiVersion: "v1", kind: "Namespace", metadata: { name: k.secret.namespace, labels: { ...MANAGED_LABELS } } }, { ...base, dependsOn: args.dependsOn });
  const values = k.secret.keys.map(valueOf);
  const secret = new k8s.core.v1.Secret(
    `${name}-gateway-secrets`,
    {
      metadata: { name: k.secret.name, namespace: k.secret.namespace, labels: { ...MANAGED_LABELS } },
      type: "Opaque",
      stringData: pulumi.secret(pulumi.all(values).apply((v) => Object.fromEntries(k.secret.keys.map((key, i) => [key, v[i]])))),
    },
    { parent, provider, dependsOn: [namespace] },
  );
  // the TMS moderation filter (tencent-tms only) beside the gateway, reached by ext-auth and the model routes
  createKubernetesTmsFilter(name, { plan: args.plan, secrets: args.secrets, dependsOn: [namespace] }, parent, provider);
  const hr = k.helmRelease;
  const gatewayValues = hr.values["higress-core"] as { gateway: { service: Record<string, unknown> } };
  const serviceValues = gatewayValues.gateway.service;
  const annotated =
    args.serviceAnnotations && serviceValues.type === "LoadBalancer"
      ? { ...hr.values, "higress-core": { ...gatewayValues, gateway: { ...gatewayValues.gateway, service: { ...serviceValues, annotations: { ...(serviceValues.annotations as Record<string, string>), ...args.serviceAnnotations } } } } }
      : hr.values;
  const release = createRelease(
    `${name}-gateway`,
    { release: hr.name, namespace: hr.namespace, chart: { repo: hr.repository, chart: hr.chart, version: hr.version }, values: annotated, timeoutSec: 900 },
    { ...base, dependsOn: [...(args.dependsOn ?? []), namespace, secret] },
  );
  // the chart installs the CRDs (WasmPlugin, McpBridge) and the controller that reads these objects
  for (const obj of k.objects) {
    const fills = k.fills.filter((f) => JSON.stringify(obj).includes(f.placeholder));
    let rendered: K8sObject = obj as unknown as K8sObject;
    if (fills.length) {
      const spec = pulumi.all(fills.map((f) => valueOf(f.secret))).apply((hosts) => {
        let text = JSON.stringify(obj.spec);
        fills.forEach((f, i) => (text = text.split(f.placeholder).join(endpointHost(hosts[i]))));
        return JSON.parse(text) as Record<string, unknown>;
      });
      rendered = { ...(obj as unknown as K8sObject), spec: pulumi.secret(spec) };
    }
    createObject(`${name}-${role(obj)}`, rendered, { ...base, dependsOn: [release] });
  }
  if (k.inferencePool) createInferencePool(name, k.inferencePool, release, args.dependsOn ?? [], parent, provider);
  const service = k8s.core.v1.Service.get(`${name}-gateway-service`, `${HIGRESS_GATEWAY.namespace}/${HIGRESS_GATEWAY.serviceName}`, { parent, provider, dependsOn: [release] });
  return { release, service, namespace };
}

/**
 * `gateway.inferencePool`: the pinned CRD manifests (`yaml/v2` ConfigFile from the release URLs), then
 * the Gateway and HTTPRoutes in the gateway's namespace (after the release, whose controller reads
 * them) and the ReferenceGrant, InferencePool and endpoint picker in the engine namespace.
 */
function createInferencePool(name: string, pool: InferencePoolRender, release: pulumi.Resource, dependsOn: pulumi.Resource[], parent: pulumi.Resource, provider: pulumi.ProviderResource): void {
  const crds = pool.crds.map((c) => new k8s.yaml.v2.ConfigFile(`${name}-gateway-${c.name}`, { file: c.url }, { parent, provider, dependsOn }));
  for (const obj of pool.gatewayObjects) createObject(`${name}-${role(obj)}`, obj as K8sObject, { parent, provider, dependsOn: [release, ...crds] });
  for (const obj of pool.engineObjects) createObject(`${name}-inference-${obj.kind.toLowerCase()}-${obj.metadata.name}`, obj as K8sObject, { parent, provider, dependsOn: [...dependsOn, ...crds] });
}
