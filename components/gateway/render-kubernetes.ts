/**
 * The gateway of a `runtime: kubernetes` target as data the Kubernetes runtime deploys: one Helm
 * release of the Higress chart (pinned; the gateway Service with the target's listener port, client
 * CIDRs, cloud annotations and TLS — `LoadBalancer`, or `ClusterIP` behind an Ingress — and the
 * chart's Redis for the limits shared by every gateway replica), a Kubernetes Secret with the consumer
 * keys and moderation AccessKeys, and the Higress resources (`WasmPlugin`, `Ingress`, `McpBridge` in
 * `higress-system`) rendered exactly as on VM hosts, with the engine reached through its ClusterIP
 * Service. Secret values never appear in the objects: WasmPlugins carry `${secret.…}` references the
 * Higress controller resolves from that Secret; placeholders left elsewhere (the McpBridge's upstream
 * hosts) are filled by the runtime from the target's secrets. Pure: no Pulumi.
 */
import type { GatewayPlan } from "../plan/gateway";
import type { ExposePlan } from "../plan/kubernetes-expose";
import type { KubernetesPlan, ServicePlan } from "../plan/kubernetes-types";
import { renderInferencePool, type InferencePoolRender } from "./inference-pool";
import { HIGRESS_HELM_CHART, HIGRESS_NAMESPACE, HIGRESS_REGISTRY } from "./higress";
import { GATEWAY_SECRET_NAME, gatewaySecretReference, HIGRESS_GATEWAY } from "./higress-kubernetes";
import { secretPlaceholder } from "./placeholders";
import { placeholdersIn, renderHigressResources, type HigressResource } from "./render";

/** What the Kubernetes runtime creates for the gateway. */
export interface KubernetesGatewayRender {
  /** `kubernetes.helm.v3.Release` inputs: chart, version, repository, namespace and values. */
  helmRelease: { name: string; chart: string; version: string; repository: string; namespace: string; createNamespace: boolean; values: Record<string, unknown> };
  /** Higress resources to create after the release (its CRDs must exist first); WasmPlugins hold `${secret.…}` references, never values. */
  objects: HigressResource[];
  /** Placeholders in the VM rendering and the `TargetPlan.secrets` entry each one is filled from. */
  secretPlaceholders: { placeholder: string; secret: string }[];
  /** The Kubernetes Secret (`higress-system/gpukit-gateway-secrets`) and the target secrets it holds, one key each (key = secret name). */
  secret: { name: string; namespace: string; keys: string[] };
  /** Placeholders still in `objects` (McpBridge upstream hosts), filled by the runtime with the host of the secret's value. */
  fills: { placeholder: string; secret: string }[];
  /** Port of the gateway Service (the listener port when the cloud load balancer fronts it). */
  servicePort: number;
  /** Labels of the gateway pods, the only ones the engine's NetworkPolicy admits. */
  podLabels: Record<string, string>;
  /** `gateway.inferencePool`: CRDs, Gateway and HTTPRoutes (which replace the model Ingresses), pool and endpoint picker; null without it. */
  inferencePool: InferencePoolRender | null;
}

/** The gateway Service of {@link renderKubernetesGateway}: `ExposePlan.gatewayService`, or (older callers) the engine Service's CIDRs and annotations. */
export type GatewayServiceInput = Pick<ServicePlan, "sourceRanges" | "annotations"> & Partial<NonNullable<ExposePlan["gatewayService"]>>;

/** Replaces `@@NAME@@` placeholders of target secrets in the WasmPlugins by `${secret.…}` references to the gateway's Secret. */
function withSecretReferences(objects: HigressResource[], secrets: { placeholder: string; secret: string }[]): HigressResource[] {
  return objects.map((o) => {
    if (o.kind !== "WasmPlugin") return o;
    let text = JSON.stringify(o);
    for (const s of secrets) text = text.split(s.placeholder).join(gatewaySecretReference(s.secret));
    return JSON.parse(text) as HigressResource;
  });
}

/**
 * Renders the gateway for Kubernetes. `service` is the gateway's Service as the plan decided it
 * (`ExposePlan.gatewayService`): the client CIDRs, cloud annotations and TLS listener move from the
 * engine's Service to the gateway's, and the engine's Service is ClusterIP.
 */
export function renderKubernetesGateway(plan: GatewayPlan, service: GatewayServiceInput, secrets: readonly { name: string }[], replicas = 2, poolOf?: KubernetesPlan): KubernetesGatewayRender {
  const pool = poolOf ? renderInferencePool(poolOf, plan.routes, { "app.kubernetes.io/managed-by": "gpu-inference-kit" }) : null;
  // the model routes to the pool are HTTPRoutes of the same names: their Ingresses are not rendered
  const rendered = renderHigressResources(plan).filter((o) => !(pool && o.kind === "Ingress" && pool.routes.includes(o.metadata.name)));
  const byPlaceholder = new Map(secrets.map((s) => [secretPlaceholder(s.name), s.name]));
  const secretPlaceholders = placeholdersIn(rendered).map((placeholder) => {
    const secret = byPlaceholder.get(placeholder);
    if (!secret) throw new Error(`gateway placeholder ${placeholder} has no secret in the target's plan`);
    return { placeholder, secret };
  });
  const inPlugins = new Set(placeholdersIn(rendered.filter((o) => o.kind === "WasmPlugin")));
  const referenced = secretPlaceholders.filter((p) => inPlugins.has(p.placeholder));
  const objects = withSecretReferences(rendered, referenced);
  const fills = secretPlaceholders.filter((p) => placeholdersIn(objects).includes(p.placeholder));
  const type = service.type ?? "LoadBalancer";
  const port = service.port ?? plan.port;
  const svc: Record<string, unknown> = {
    type,
    ports: [{ name: service.tls ? "https" : "http2", port, protocol: "TCP", targetPort: service.targetPort ?? HIGRESS_GATEWAY.httpPort }],
  };
  if (type === "LoadBalancer") {
    svc.annotations = { ...service.annotations };
    svc.loadBalancerSourceRanges = [...service.sourceRanges];
    // client addresses reach the gateway unchanged (the source ranges and the audit log see them)
    svc.externalTrafficPolicy = "Local";
  }
  return {
    helmRelease: {
      name: "higress",
      chart: HIGRESS_HELM_CHART.chart,
      version: HIGRESS_HELM_CHART.version,
      repository: HIGRESS_HELM_CHART.repo,
      namespace: HIGRESS_NAMESPACE,
      createNamespace: true,
      values: {
        global: {
          hub: `${HIGRESS_REGISTRY}/higress`,
          // the chart's redis-stack-server: one store for every gateway replica's limit counters
          enableRedis: plan.rateLimitStore.kind === "in-cluster",
          enableGatewayAPI: true,
          ...(pool ? { enableInferenceExtension: true } : {}),
        },
        "higress-core": { gateway: { replicas, service: svc } },
      },
    },
    objects,
    secretPlaceholders,
    secret: { name: GATEWAY_SECRET_NAME, namespace: HIGRESS_NAMESPACE, keys: referenced.map((r) => r.secret) },
    fills,
    servicePort: port,
    podLabels: { ...HIGRESS_GATEWAY.podLabels },
    inferencePool: pool,
  };
}
