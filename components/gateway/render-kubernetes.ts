/**
 * The gateway of a `runtime: kubernetes` target as data the Kubernetes runtime deploys: one Helm
 * release of the Higress chart (pinned; gateway Service of type LoadBalancer with the target's
 * client CIDRs and cloud annotations, the chart's Redis for the limits shared by every gateway
 * replica) and the Higress resources (`WasmPlugin`, `Ingress`, `McpBridge` in `higress-system`)
 * rendered exactly as on VM hosts, with the engine reached through its ClusterIP Service. The
 * consumer keys and moderation AccessKeys are `@@NAME@@` placeholders: the runtime fills them from
 * the target's secrets (Pulumi secrets) when it creates the objects, as the VM host does at boot.
 * Pure: no Pulumi.
 */
import type { GatewayPlan } from "../plan/gateway";
import type { ServicePlan } from "../plan/kubernetes-types";
import { HIGRESS_HELM_CHART, HIGRESS_NAMESPACE, HIGRESS_REGISTRY } from "./higress";
import { secretPlaceholder } from "./placeholders";
import { placeholdersIn, renderHigressResources, type HigressResource } from "./render";

/** What the Kubernetes runtime creates for the gateway. */
export interface KubernetesGatewayRender {
  /** `kubernetes.helm.v3.Release` inputs: chart, version, repository, namespace and values. */
  helmRelease: { name: string; chart: string; version: string; repository: string; namespace: string; createNamespace: boolean; values: Record<string, unknown> };
  /** Higress resources to create after the release (its CRDs must exist first). */
  objects: HigressResource[];
  /** Placeholders in `objects` and the `TargetPlan.secrets` entry each one is filled from. */
  secretPlaceholders: { placeholder: string; secret: string }[];
  /** Port of the gateway Service the cloud load balancer exposes. */
  servicePort: number;
}

/**
 * Renders the gateway for Kubernetes. `service` is the engine Service plan of the target: its client
 * CIDRs and cloud annotations move to the gateway's Service, and the engine's Service becomes
 * internal (ClusterIP), which the Kubernetes runtime must apply.
 */
export function renderKubernetesGateway(plan: GatewayPlan, service: Pick<ServicePlan, "sourceRanges" | "annotations">, secrets: readonly { name: string }[], replicas = 2): KubernetesGatewayRender {
  const objects = renderHigressResources(plan);
  const byPlaceholder = new Map(secrets.map((s) => [secretPlaceholder(s.name), s.name]));
  const secretPlaceholders = placeholdersIn(objects).map((placeholder) => {
    const secret = byPlaceholder.get(placeholder);
    if (!secret) throw new Error(`gateway placeholder ${placeholder} has no secret in the target's plan`);
    return { placeholder, secret };
  });
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
        },
        "higress-core": {
          gateway: {
            replicas,
            service: {
              type: "LoadBalancer",
              ports: [{ name: "http2", port: plan.port, protocol: "TCP", targetPort: 80 }],
              annotations: { ...service.annotations },
              loadBalancerSourceRanges: [...service.sourceRanges],
              externalTrafficPolicy: "Local",
            },
          },
        },
      },
    },
    objects,
    secretPlaceholders,
    servicePort: plan.port,
  };
}
