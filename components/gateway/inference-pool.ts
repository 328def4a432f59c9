/**
 * `gateway.inferencePool` on a Kubernetes target: the model routes become Gateway API `HTTPRoute`s
 * (named like the Ingresses they replace, so the key-auth, limit, statistics and moderation
 * WasmPlugins' `matchRules.ingress` still match: Higress names HTTPRoute rules by the route's name in
 * its own namespace) whose backend is an `InferencePool` of the engine pods, scored by the upstream
 * endpoint picker (EPP) as the v1.1.0 `config/charts/inferencepool` chart runs it. Also the pinned
 * CRD manifests the Higress chart does not install, and the issues that refuse the option.
 * Pure data: no Pulumi, no I/O.
 */
import type { ConfigIssue } from "../spec/issues";
import type { DeploymentSpec } from "../spec/schema";
import type { GatewayRoutePlan } from "../plan/gateway-types";
import type { KubernetesPlan } from "../plan/kubernetes-types";
import { HIGRESS_NAMESPACE, MODEL_HEADER } from "./higress";
import { HIGRESS_GATEWAY } from "./higress-kubernetes";

const GIE = "https://github.com/kubernetes-sigs/gateway-api-inference-extension/blob/v1.1.0";

/** A plain Kubernetes object (the runtime registers it as is). */
export interface PoolObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/**
 * The endpoint picker as upstream's chart runs it (v1.1.0): image, ports (gRPC ext-proc 9002, gRPC
 * health 9003, metrics 9090), the default scorer plugins, and what it reads from model servers (vLLM
 * metric names, so only `engine.name: vllm` is supported).
 */
export const ENDPOINT_PICKER = {
  image: "registry.k8s.io/gateway-api-inference-extension/epp:v1.1.0",
  grpcPort: 9002,
  healthPort: 9003,
  metricsPort: 9090,
  healthService: "inference-extension",
  terminationGracePeriodSeconds: 130,
  /** `default-plugins.yaml` of the chart's ConfigMap, verbatim. */
  defaultPlugins: [
    "apiVersion: inference.networking.x-k8s.io/v1alpha1",
    "kind: EndpointPickerConfig",
    "plugins:",
    "- type: queue-scorer",
    "- type: kv-cache-utilization-scorer",
    "- type: prefix-cache-scorer",
    "schedulingProfiles:",
    "- name: default",
    "  plugins:",
    "  - pluginRef: queue-scorer",
    "  - pluginRef: kv-cache-utilization-scorer",
    "  - pluginRef: prefix-cache-scorer",
    "",
  ].join("\n"),
  engines: ["vllm"] as const,
  source: `${GIE}/config/charts/inferencepool/templates/{epp-deployment,epp-config,epp-service,rbac}.yaml; ${GIE}/config/charts/inferencepool/values.yaml (image, flags v=1); ${GIE}/pkg/epp/server/runserver.go lines 80-82 (vllm:num_requests_waiting, vllm:gpu_cache_usage_perc, vllm:lora_requests_info)`,
} as const;

/**
 * CRD manifests applied before the gateway's objects (the Higress chart installs neither): the
 * Gateway API standard channel v1.4.0 and the Inference Extension v1.1.0 CRDs (InferencePool v1 and
 * the x-k8s.io kinds; EPP v1.1.0 watches InferenceObjectives, runserver.go line 124, so their CRD
 * must exist too). The release assets are not fetched offline; their URLs are recorded.
 */
export const INFERENCE_POOL_CRDS = [
  { name: "gateway-api-crds", version: "v1.4.0", url: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml", source: "https://github.com/kubernetes-sigs/gateway-api/blob/v1.4.0/site-src/guides/index.md" },
  { name: "inference-extension-crds", version: "v1.1.0", url: "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.1.0/manifests.yaml", source: `${GIE}/Makefile line 376 (kustomize build config/crd -o artifacts/manifests.yaml)` },
] as const;

/** Name of the Gateway (class `higress`) the HTTPRoutes attach to, in {@link HIGRESS_NAMESPACE}. */
export const POOL_GATEWAY_NAME = "gpukit-inference";

/** What the Kubernetes runtime creates for `gateway.inferencePool`. */
export interface InferencePoolRender {
  crds: { name: string; version: string; url: string }[];
  /** Gateway and HTTPRoutes in {@link HIGRESS_NAMESPACE}, created after the Higress release. */
  gatewayObjects: PoolObject[];
  /** ReferenceGrant, InferencePool and the endpoint picker (ConfigMap, ServiceAccount, RBAC, Service, Deployment) in the engine namespace. */
  engineObjects: PoolObject[];
  /** Labels of the endpoint picker's pods (admitted on the engine port: they read /metrics there). */
  pickerPodLabels: Record<string, string>;
  /** Names of the routes now HTTPRoutes (no Ingress is rendered for them). */
  routes: string[];
}

/** Spec-level refusals of `gateway.inferencePool` (engine, residency, moderation through the TMS filter). */
export function inferencePoolIssues(spec: DeploymentSpec): ConfigIssue[] {
  if (!spec.gateway?.inferencePool) return [];
  const issues: ConfigIssue[] = [];
  const path = "gateway.inferencePool";
  if (!(ENDPOINT_PICKER.engines as readonly string[]).includes(spec.engine.name)) {
    issues.push({ path, message: `the endpoint picker reads vLLM metric names (runserver.go lines 80-82); engine.name is ${spec.engine.name}: use engine vllm or drop gateway.inferencePool`, given: JSON.stringify(spec.engine.name), allowed: ["vllm"] });
  }
  if (spec.compliance?.dataResidency === "cn") {
    issues.push({ path, message: "compliance.dataResidency is cn: the endpoint picker image is on registry.k8s.io, which is not reachable from mainland China, and no mirror is verified; drop gateway.inferencePool" });
  }
  if (spec.compliance?.moderation?.provider === "tencent-tms") {
    issues.push({ path, message: "tencent-tms moderation routes the model calls through the TMS filter, which an InferencePool backend would bypass; drop gateway.inferencePool or use alicloud-content-moderation" });
  }
  return issues;
}

/** Per-target refusal: the pool needs `runtime: kubernetes` (`targetPath`: `targets[i]`). */
export function inferencePoolTargetIssues(spec: DeploymentSpec, runtime: string, targetPath: string): ConfigIssue[] {
  if (!spec.gateway?.inferencePool || runtime === "kubernetes") return [];
  return [{ path: "gateway.inferencePool", message: `${targetPath} runs on runtime ${runtime}: an InferencePool needs runtime kubernetes (set ${targetPath}.runtime kubernetes or drop gateway.inferencePool)`, given: JSON.stringify(runtime), allowed: ["kubernetes"] }];
}

/** The routes an InferencePool serves: model routes to this target's own engine. */
export function poolRoutes(routes: readonly GatewayRoutePlan[]): GatewayRoutePlan[] {
  return routes.filter((r) => r.purpose === "model" && r.destination.kind === "local-engine");
}

function httpRoute(route: GatewayRoutePlan, pool: string, namespace: string): PoolObject {
  const path = { type: route.path.type === "Prefix" ? "PathPrefix" : "Exact", value: route.path.value };
  const headers = route.model ? [{ type: "Exact", name: MODEL_HEADER, value: route.model }] : undefined;
  const base = { path, ...(headers ? { headers } : {}) };
  const matches = route.methods.length ? route.methods.map((method) => ({ ...base, method })) : [base];
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: route.name, namespace: HIGRESS_NAMESPACE, labels: { "gpukit.io/route-purpose": route.purpose } },
    spec: {
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: POOL_GATEWAY_NAME }],
      rules: [{ matches, backendRefs: [{ group: "inference.networking.k8s.io", kind: "InferencePool", name: pool, namespace }] }],
    },
  };
}

/** Labels of the endpoint picker's pods for the engine workload `workload` (upstream's selectorLabels: `inferencepool: <name>`). */
export function endpointPickerPodLabels(workload: string): Record<string, string> {
  return { inferencepool: `${workload}-epp` };
}

/** Renders the pool, its picker and the routes for the engine of `kube`; `routes`: the gateway's routes. */
export function renderInferencePool(kube: KubernetesPlan, routes: readonly GatewayRoutePlan[], labels: Record<string, string>): InferencePoolRender {
  const w = kube.workload;
  const ns = kube.namespace;
  const pool = `${w.name}-pool`;
  const epp = `${w.name}-epp`;
  const pickerPodLabels = endpointPickerPodLabels(w.name);
  const meta = (name: string, extra: Record<string, string> = {}) => ({ name, namespace: ns, labels: { ...labels, ...extra } });
  const served = poolRoutes(routes);
  const gatewayObjects: PoolObject[] = [
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: POOL_GATEWAY_NAME, namespace: HIGRESS_NAMESPACE, labels: { ...labels } },
      spec: { gatewayClassName: "higress", listeners: [{ name: "http", protocol: "HTTP", port: HIGRESS_GATEWAY.httpPort, allowedRoutes: { namespaces: { from: "Same" } } }] },
    },
    ...served.map((r) => httpRoute(r, pool, ns)),
  ];
  const sa = { kind: "ServiceAccount", name: epp, namespace: ns };
  const engineObjects: PoolObject[] = [
    {
      apiVersion: "gateway.networking.k8s.io/v1beta1",
      kind: "ReferenceGrant",
      metadata: meta(`${pool}-from-gateway`),
      spec: { from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: HIGRESS_NAMESPACE }], to: [{ group: "inference.networking.k8s.io", kind: "InferencePool", name: pool }] },
    },
    {
      apiVersion: "inference.networking.k8s.io/v1",
      kind: "InferencePool",
      metadata: meta(pool),
      spec: {
        // the engine Service's selector: the engine pods (a LeaderWorkerSet's leaders only, which serve the API)
        selector: { matchLabels: { ...kube.service.selector } },
        targetPorts: [{ number: w.port }],
        endpointPickerRef: { name: epp, port: { number: ENDPOINT_PICKER.grpcPort }, failureMode: "FailClose" },
      },
    },
    { apiVersion: "v1", kind: "ConfigMap", metadata: meta(epp), data: { "default-plugins.yaml": ENDPOINT_PICKER.defaultPlugins } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(epp) },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(epp),
      rules: [
        { apiGroups: ["inference.networking.x-k8s.io"], resources: ["inferenceobjectives"], verbs: ["get", "watch", "list"] },
        { apiGroups: ["inference.networking.k8s.io"], resources: ["inferencepools"], verbs: ["get", "watch", "list"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["get", "watch", "list"] },
      ],
    },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: meta(epp), subjects: [sa], roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: epp } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: `${ns}-${epp}`, labels: { ...labels } },
      rules: [
        { apiGroups: ["authentication.k8s.io"], resources: ["tokenreviews"], verbs: ["create"] },
        { apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] },
      ],
    },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: `${ns}-${epp}`, labels: { ...labels } }, subjects: [sa], roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `${ns}-${epp}` } },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(epp),
      spec: {
        type: "ClusterIP",
        selector: { ...pickerPodLabels },
        ports: [
          { name: "grpc-ext-proc", protocol: "TCP", port: ENDPOINT_PICKER.grpcPort },
          { name: "http-metrics", protocol: "TCP", port: ENDPOINT_PICKER.metricsPort },
        ],
      },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(epp),
      spec: {
        replicas: 1,
        strategy: { type: "Recreate" },
        selector: { matchLabels: { ...pickerPodLabels } },
        template: {
          metadata: { labels: { ...pickerPodLabels } },
          spec: {
            serviceAccountName: epp,
            terminationGracePeriodSeconds: ENDPOINT_PICKER.terminationGracePeriodSeconds,
            volumes: [{ name: "plugins-config-volume", configMap: { name: epp } }],
            containers: [
              {
                name: "epp",
                image: ENDPOINT_PICKER.image,
                imagePullPolicy: "IfNotPresent",
                args: ["--pool-name", pool, "--pool-namespace", ns, "--zap-encoder", "json", "--config-file", "/config/default-plugins.yaml", "--v", "1", "--tracing", "false", "--metrics-endpoint-auth=false"],
                ports: [
                  { name: "grpc", containerPort: ENDPOINT_PICKER.grpcPort },
                  { name: "grpc-health", containerPort: ENDPOINT_PICKER.healthPort },
                  { name: "metrics", containerPort: ENDPOINT_PICKER.metricsPort },
                ],
                livenessProbe: { grpc: { port: ENDPOINT_PICKER.healthPort, service: ENDPOINT_PICKER.healthService }, initialDelaySeconds: 5, periodSeconds: 10 },
                readinessProbe: { grpc: { port: ENDPOINT_PICKER.healthPort, service: ENDPOINT_PICKER.healthService }, periodSeconds: 2 },
                env: [{ name: "NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } }],
                volumeMounts: [{ name: "plugins-config-volume", mountPath: "/config" }],
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
              },
            ],
          },
        },
      },
    },
  ];
  return { crds: INFERENCE_POOL_CRDS.map((c) => ({ name: c.name, version: c.version, url: c.url })), gatewayObjects, engineObjects, pickerPodLabels, routes: served.map((r) => r.name) };
}
