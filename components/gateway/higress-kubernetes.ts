/**
 * Facts about the Higress Helm chart (2.2.1) the Kubernetes runtime relies on, each with the public
 * source it was read from: the gateway's Service and pod labels, the controller's `${secret.…}`
 * references in WasmPlugin config, the Ingress annotation that restricts client addresses, and
 * what the chart offers for the Gateway API Inference Extension. Pure data: no Pulumi, no I/O.
 */
import { HIGRESS_NAMESPACE } from "./higress";

const AT = "https://github.com/alibaba/higress/blob/v2.2.1";

/**
 * The gateway Service and pods of a release named `higress` in {@link HIGRESS_NAMESPACE}: Service
 * `higress-gateway` (`gateway.name`), pods labelled `app: higress-gateway` and
 * `higress: <namespace>-higress-gateway` (`gateway.selectorLabels`), HTTP on container port 80
 * (`gateway.httpPort`).
 */
export const HIGRESS_GATEWAY = {
  serviceName: "higress-gateway",
  namespace: HIGRESS_NAMESPACE,
  /** Container port the gateway's HTTP listener binds (Service targetPort). */
  httpPort: 80,
  podLabels: { app: "higress-gateway", higress: `${HIGRESS_NAMESPACE}-higress-gateway` },
  source: `${AT}/helm/core/templates/_helpers.tpl (gateway.name, gateway.selectorLabels); ${AT}/helm/core/values.yaml (gateway.httpPort, gateway.service)`,
} as const;

/**
 * Secret references in Higress configuration: the controller replaces `${secret.<namespace>/<name>.<key>}`
 * in every WasmPlugin (and other Istio-converted config) with the key of that Kubernetes Secret and
 * re-pushes the config when the Secret changes (added in alibaba/higress#1877, in v2.2.1). The
 * controller's ClusterRole reads Secrets. So consumer keys and AccessKeys stay in a Kubernetes Secret
 * and never appear in the WasmPlugin objects.
 */
export const HIGRESS_SECRET_REFERENCE = {
  format: "${secret.<namespace>/<name>.<key>}",
  source: `${AT}/pkg/ingress/config/ingress_template.go (TemplateProcessor.ProcessConfig); ${AT}/helm/core/templates/controller-clusterrole.yaml (secrets: get, watch, list)`,
} as const;

/** Name of the Kubernetes Secret (in {@link HIGRESS_NAMESPACE}) holding the gateway's consumer keys and AccessKeys. */
export const GATEWAY_SECRET_NAME = "gpukit-gateway-secrets";

/** `${secret.…}` reference of key `key` in the gateway's Secret. */
export function gatewaySecretReference(key: string): string {
  return `\${secret.${HIGRESS_NAMESPACE}/${GATEWAY_SECRET_NAME}.${key}}`;
}

/**
 * Gateway API Inference Extension in Higress 2.2.1: supported behind `global.enableInferenceExtension`
 * (default false): the controller reads `InferencePool` (inference.networking.k8s.io/v1) as a backend
 * of Gateway API `HTTPRoute`s, and every pool names an endpoint picker (`endpointPickerRef`) — a
 * separate EPP deployment. The kit uses it only with `gateway.inferencePool: true`
 * (components/gateway/inference-pool.ts): the model routes become HTTPRoutes named like the Ingresses
 * they replace (Higress names HTTPRoute rules by the route's name in its namespace, so the key-auth,
 * limit and moderation WasmPlugins' `matchRules.ingress` still match) and the kit runs the pinned EPP;
 * otherwise the engine Service stays the backend.
 */
export const HIGRESS_INFERENCE_EXTENSION = {
  supported: true,
  used: "opt-in: gateway.inferencePool",
  apiVersion: "inference.networking.k8s.io/v1",
  chartValue: "global.enableInferenceExtension",
  source: `${AT}/pkg/ingress/kube/gateway/istio/inferencepool_collection.go; ${AT}/helm/core/values.yaml (enableInferenceExtension: false)`,
} as const;

/** Ingress controllers whose source-range annotation the kit sets (by controller). */
export type IngressController = "ingress-nginx" | "higress";

/**
 * The Ingress annotation each controller reads to admit only some client CIDRs (comma-separated),
 * and the namespace the controller's own chart installs into by default.
 */
export const INGRESS_SOURCE_RANGE: Readonly<Record<IngressController, { annotation: string; defaultNamespace: string; className: string; source: string; status: "documented" | "inferred" }>> = {
  "ingress-nginx": {
    annotation: "nginx.ingress.kubernetes.io/whitelist-source-range",
    defaultNamespace: "ingress-nginx",
    className: "nginx",
    source: "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#whitelist-source-range (the controller must see client addresses: externalTrafficPolicy Local or proxy protocol on its Service)",
    status: "documented",
  },
  higress: {
    annotation: "higress.io/whitelist-source-range",
    defaultNamespace: HIGRESS_NAMESPACE,
    className: "higress",
    source: `${AT}/pkg/ingress/kube/annotations/ip_access_control.go (whitelist-source-range, higress.io or nginx prefix, comma-separated)`,
    status: "documented",
  },
};

/**
 * What else the chart runs beside the gateway, for sizing and exposure: gateway pods request 2 CPU
 * and 2 GiB each (`gateway.resources`, 2 replicas), the controller and, with `global.enableRedis`,
 * one redis-stack-server; the `higress-console` dependency (no `condition`: always installed) has a
 * ClusterIP Service and its Ingress off by default (`ingress.enabled: false` at console tag v2.2.1;
 * that the umbrella's console 2.2.1 chart is this tag is inferred).
 */
export const HIGRESS_CHART_FOOTPRINT = {
  gatewayRequests: { cpu: 2, memoryGi: 2 },
  gatewayReplicas: 2,
  console: { serviceType: "ClusterIP", ingressEnabled: false },
  source: `${AT}/helm/core/values.yaml (gateway.resources); ${AT}/helm/higress/Chart.yaml (dependencies); https://github.com/higress-group/higress-console/blob/v2.2.1/helm/values.yaml (service, ingress)`,
  status: "inferred" as const,
};
