/**
 * How clients reach a `runtime: kubernetes` target (`targets[i].kubernetes.expose`): the cloud load
 * balancer of a Service (default) or an Ingress of a controller already on the cluster, in front of
 * the engine's Service or, with a gateway, of the gateway's. Decides the engine Service's type, who
 * the engine's NetworkPolicy admits, and the Ingress (class, host, TLS Secret, client source ranges
 * as the controller's annotation), and refuses what the kit cannot secure. Pure: no Pulumi.
 */
import { HIGRESS_CHART_FOOTPRINT, HIGRESS_GATEWAY, INGRESS_SOURCE_RANGE, type IngressController } from "../gateway/higress-kubernetes";
import type { ConfigIssue } from "../spec/issues";
import type { TargetSpec } from "../spec/schema";
import type { NetworkPolicyPlan, ServicePlan } from "./kubernetes-types";
import type { LoadBalancerPlan } from "./types";

/** An Ingress the kit renders (networking.k8s.io/v1). */
export interface IngressPlan {
  name: string;
  /** The backend Service's namespace: the engine's, or the gateway's (`higress-system`). */
  namespace: string;
  className: string;
  /** Controller whose source-range annotation is set, or null (unknown controller: only allowed open to everyone). */
  controller: IngressController | null;
  /** Namespace of the controller's pods (admitted by the engine NetworkPolicy without a gateway). */
  controllerNamespace: string;
  host: string;
  /** kubernetes.io/tls Secret in `namespace`, or null for plain HTTP. */
  tlsSecret: string | null;
  service: { name: string; port: number };
  /** Client CIDRs (`loadBalancer.allowedCidrs` or its default) the controller enforces through `annotations`. */
  sourceRanges: string[];
  annotations: Record<string, string>;
  /** How the source ranges are enforced, with the controller fact's source. */
  enforcement: string;
}

/** How a Kubernetes target is reached. */
export interface ExposePlan {
  via: "loadBalancer" | "ingress";
  /** What the cloud load balancer or the Ingress sends requests to. */
  backend: "engine" | "gateway";
  ingress: IngressPlan | null;
  /**
   * The gateway's Service (Higress chart `gateway.service`) when there is a gateway: `LoadBalancer`
   * with the listener port, client CIDRs, cloud annotations and TLS the engine's Service would have had
   * (`via: loadBalancer`), or `ClusterIP` behind an Ingress. Null without a gateway.
   */
  gatewayService: { type: "LoadBalancer" | "ClusterIP"; port: number; targetPort: number; sourceRanges: string[]; annotations: Record<string, string>; tls: boolean } | null;
}

/** Inputs of {@link planExpose}. */
export interface ExposeInput {
  target: TargetSpec;
  /** `targets[i]`, for issue paths. */
  path: string;
  loadBalancer: LoadBalancerPlan;
  /** The target has a gateway (spec `gateway`). */
  gateway: boolean;
  namespace: string;
  /** Engine Service name and port (the workload's). */
  engineService: { name: string; port: number };
}

const ANYWHERE = "0.0.0.0/0";

function controllerOf(className: string | undefined, given: IngressController | undefined): IngressController | null {
  if (given) return given;
  for (const [controller, fact] of Object.entries(INGRESS_SOURCE_RANGE)) if (fact.className === className) return controller as IngressController;
  return null;
}

/** Plans `kubernetes.expose`; every problem is an issue naming its path and the allowed values. */
export function planExpose(input: ExposeInput): { plan?: ExposePlan; issues: ConfigIssue[]; warnings: string[] } {
  const e = input.target.kubernetes?.expose ?? { via: "loadBalancer" as const };
  const at = `${input.path}.kubernetes.expose`;
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const backend = input.gateway ? "gateway" : "engine";
  const lb = input.loadBalancer;
  if (input.gateway) {
    const f = HIGRESS_CHART_FOOTPRINT;
    warnings.push(`target ${input.target.name}: the Higress gateway pods request ${f.gatewayRequests.cpu} CPU and ${f.gatewayRequests.memoryGi} GiB each (${f.gatewayReplicas} replicas) besides the chart's controller, Redis and console; they run on the untainted CPU nodes (the system pool), which must have room for them`);
  }
  if (e.via === "loadBalancer") {
    for (const field of ["ingressClassName", "controller", "controllerNamespace", "host", "tlsSecret"] as const) {
      if (e[field] !== undefined) issues.push({ path: `${at}.${field}`, message: `${field} is for an Ingress: set ${at}.via to ingress, or remove it`, allowed: ["ingress"] });
    }
    return issues.length ? { issues, warnings } : { plan: { via: "loadBalancer", backend, ingress: null, gatewayService: null }, issues, warnings };
  }

  if (!e.ingressClassName) issues.push({ path: `${at}.ingressClassName`, message: "via ingress needs the IngressClass of a controller on the cluster (e.g. nginx)" });
  if (!e.host) issues.push({ path: `${at}.host`, message: "via ingress needs the host name clients call (e.g. llm.example.com)" });
  const controller = controllerOf(e.ingressClassName, e.controller);
  const open = lb.clientCidrs.length === 1 && lb.clientCidrs[0] === ANYWHERE;
  if (e.ingressClassName && !controller && !open) {
    issues.push({
      path: `${at}.ingressClassName`,
      message: `loadBalancer.allowedCidrs (${lb.clientCidrs.join(", ")}) cannot be enforced on IngressClass ${e.ingressClassName}: the kit knows the source-range annotation of ingress-nginx and Higress only; use one of them (or set ${at}.controller), or via loadBalancer`,
      given: JSON.stringify(e.ingressClassName),
      allowed: Object.values(INGRESS_SOURCE_RANGE).map((f) => f.className),
    });
  }
  if (lb.tls && !e.tlsSecret) {
    issues.push({
      path: `${at}.tlsSecret`,
      message: `loadBalancer.tls names a cloud certificate (${lb.tls.certificateId}), which an Ingress controller cannot use: name the kubernetes.io/tls Secret it terminates HTTPS with, or expose via loadBalancer`,
    });
  }
  if (input.gateway && controller === "higress") {
    issues.push({
      path: `${at}.controller`,
      message: "the target's gateway is itself a Higress release watching IngressClass higress: a second Higress controller in front would read the gateway's own routes; expose the gateway via loadBalancer, or through another controller (ingress-nginx)",
      given: JSON.stringify("higress"),
      allowed: ["ingress-nginx"],
    });
  }
  if (issues.length) return { issues, warnings };

  const fact = controller ? INGRESS_SOURCE_RANGE[controller] : null;
  const controllerNamespace = e.controllerNamespace ?? fact?.defaultNamespace;
  if (!controllerNamespace) {
    issues.push({ path: `${at}.controllerNamespace`, message: `the engine's NetworkPolicy admits the Ingress controller's pods only: name their namespace (IngressClass ${e.ingressClassName} is not a controller the kit knows the namespace of)` });
    return { issues, warnings };
  }
  const service = input.gateway ? { name: HIGRESS_GATEWAY.serviceName, port: HIGRESS_GATEWAY.httpPort } : input.engineService;
  const annotations: Record<string, string> = fact ? { [fact.annotation]: lb.clientCidrs.join(",") } : {};
  if (!lb.public) {
    warnings.push(`target ${input.target.name}: loadBalancer.public is false but the Ingress controller's own Service decides whether it is internet-facing; the kit restricts clients to ${lb.clientCidrs.join(", ")} through the Ingress only`);
  }
  if (fact) warnings.push(`target ${input.target.name}: ${fact.annotation} compares the client address the ${controller} controller sees: its Service needs externalTrafficPolicy: Local (or proxy protocol), or every client appears as the load balancer`);
  return {
    plan: {
      via: "ingress",
      backend,
      ingress: {
        name: input.gateway ? "gpukit-gateway" : input.engineService.name,
        namespace: input.gateway ? HIGRESS_GATEWAY.namespace : input.namespace,
        className: e.ingressClassName!,
        controller,
        controllerNamespace,
        host: e.host!,
        tlsSecret: e.tlsSecret ?? null,
        service,
        sourceRanges: [...lb.clientCidrs],
        annotations,
        enforcement: fact ? `${fact.annotation}: ${fact.source}` : `none: IngressClass ${e.ingressClassName} is open to everyone (loadBalancer.allowedCidrs is 0.0.0.0/0)`,
      },
      gatewayService: null,
    },
    issues,
    warnings,
  };
}

/**
 * The engine's Service and NetworkPolicy once `expose` is decided: behind the gateway or an Ingress
 * the Service is `ClusterIP` on the engine port (no cloud annotations or source ranges) and the
 * NetworkPolicy admits the engine port from the gateway's pods or the controller's namespace only,
 * never from client CIDRs; with the load balancer in front of the engine both stay as planned.
 */
export function applyExpose(expose: ExposePlan, service: ServicePlan, policy: NetworkPolicyPlan): { service: ServicePlan; networkPolicy: NetworkPolicyPlan; expose: ExposePlan } {
  if (expose.backend === "engine" && expose.via === "loadBalancer") return { service, networkPolicy: policy, expose };
  const internal: ServicePlan = { ...service, type: "ClusterIP", port: service.targetPort, sourceRanges: [], annotations: {}, tls: false };
  const fromPods: NetworkPolicyPlan["fromPods"] & unknown[] =
    expose.backend === "gateway"
      ? [{ who: "gateway", namespace: HIGRESS_GATEWAY.namespace, podLabels: { ...HIGRESS_GATEWAY.podLabels } }]
      : [{ who: "ingress-controller", namespace: expose.ingress!.controllerNamespace, podLabels: null }];
  const gatewayService: ExposePlan["gatewayService"] =
    expose.backend !== "gateway"
      ? null
      : expose.via === "loadBalancer"
        ? { type: "LoadBalancer", port: service.port, targetPort: HIGRESS_GATEWAY.httpPort, sourceRanges: [...service.sourceRanges], annotations: { ...service.annotations }, tls: service.tls }
        : { type: "ClusterIP", port: HIGRESS_GATEWAY.httpPort, targetPort: HIGRESS_GATEWAY.httpPort, sourceRanges: [], annotations: {}, tls: false };
  return { service: internal, networkPolicy: { ...policy, engineFromCidrs: [], fromPods }, expose: { ...expose, gatewayService } };
}

/** The Ingress object of `ingress` (networking.k8s.io/v1), labelled `labels`. */
export function renderIngress(ingress: IngressPlan, labels: Record<string, string>): { apiVersion: string; kind: string; metadata: { name: string; namespace: string; labels: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> } {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: ingress.name, namespace: ingress.namespace, labels: { ...labels }, ...(Object.keys(ingress.annotations).length ? { annotations: { ...ingress.annotations } } : {}) },
    spec: {
      ingressClassName: ingress.className,
      ...(ingress.tlsSecret ? { tls: [{ hosts: [ingress.host], secretName: ingress.tlsSecret }] } : {}),
      rules: [{ host: ingress.host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: ingress.service.name, port: { number: ingress.service.port } } } }] } }],
    },
  };
}
