/**
 * The Kubernetes runtime on any cluster: cluster add-ons the plan asks for (GPU stack, LeaderWorkerSet
 * controller, Prometheus and prometheus-adapter, all pinned Helm releases), the engine's secrets as a
 * Kubernetes Secret from Pulumi secrets, and the rendered workload objects (`manifests.ts`). Shared by
 * every cluster mode: the EKS target and the kubeconfig target call {@link createClusterRuntime}.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { TargetSecret } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { renderIngress } from "../plan/kubernetes-expose";
import { createKubernetesGateway } from "./gateway";
import { MANAGED_LABELS, renderWorkloadManifests, type K8sObject } from "./manifests";
import { createObject, createRelease } from "./objects";

/** Inputs of {@link createClusterRuntime}. */
export interface ClusterRuntimeArgs {
  plan: TargetPlan;
  /** The target's secrets (Pulumi secrets); the engine's go into `<target>-engine-secrets`, the kubeconfig never. */
  secrets: TargetSecret[];
  /** Service annotations known only at deploy time (e.g. the AWS LB subnet ids); they go to the gateway's Service when it fronts the engine, and nowhere behind an Ingress. */
  serviceAnnotations?: Record<string, pulumi.Input<string>>;
  /** What the cluster's nodes must have before anything is scheduled (node pools, add-ons). */
  dependsOn?: pulumi.Resource[];
}

/** What the runtime hands back to the target. */
export interface ClusterRuntime {
  service: k8s.core.v1.Service;
  /** `https://<lb>` with TLS, `http://<lb>` otherwise (empty host until the cloud assigns one). */
  endpoint: pulumi.Output<string>;
  /** Namespace of the engine workload (created by the kit). */
  namespace: k8s.core.v1.Namespace;
}

/** Role of each rendered kind in Pulumi names (`<name>-<role>`). */
const ROLE: Record<string, string> = {
  Namespace: "namespace",
  Deployment: "engine",
  LeaderWorkerSet: "engine",
  PodGroup: "podgroup",
  Service: "service",
  PodDisruptionBudget: "pdb",
  HorizontalPodAutoscaler: "hpa",
  NetworkPolicy: "engine-netpol",
};

/** Builds the add-ons, the secret and the workload of `args.plan` on the cluster behind `provider`. */
export function createClusterRuntime(name: string, args: ClusterRuntimeArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): ClusterRuntime {
  const { plan } = args;
  const kube = plan.kubernetes;
  if (!kube) throw new pulumi.ResourceError(`target ${plan.name}: the plan has no Kubernetes runtime`, parent);
  const base = { parent, provider, dependsOn: args.dependsOn };
  const addons = createAddons(name, plan, base);

  const manifests = renderWorkloadManifests(plan);
  const namespace = createObject(`${name}-namespace`, manifests[0], base) as k8s.core.v1.Namespace;
  const inNamespace = { ...base, dependsOn: [...(args.dependsOn ?? []), namespace, ...addons] };
  if (kube.secretName) {
    const wanted = new Set(kube.workload.secretEnv);
    const values = args.secrets.filter((s) => s.name !== "kubeconfig" && wanted.has(s.envVar));
    new k8s.core.v1.Secret(
      `${name}-engine-secrets`,
      {
        metadata: { name: kube.secretName, namespace: kube.namespace },
        type: "Opaque",
        stringData: pulumi.secret(pulumi.all(values.map((s) => s.value)).apply((v) => Object.fromEntries(values.map((s, i) => [s.envVar, v[i]])))),
      },
      { parent, provider, dependsOn: [namespace] },
    );
  }
  // The engine may take the whole start budget (image pull, weights, load) to become ready.
  const timeout = `${Math.ceil(plan.bootstrap.startBudgetSec / 60) + 10}m`;
  let service: k8s.core.v1.Service | undefined;
  for (const obj of manifests.slice(1)) {
    const role = ROLE[obj.kind] ?? obj.kind.toLowerCase();
    const withAnnotations: K8sObject =
      obj.kind === "Service" && args.serviceAnnotations && kube.service.type === "LoadBalancer"
        ? { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), ...(args.serviceAnnotations as Record<string, string>) } } }
        : obj;
    const created = createObject(`${name}-${role}`, withAnnotations, {
      ...inNamespace,
      customTimeouts: role === "engine" ? { create: timeout, update: timeout } : undefined,
    });
    if (obj.kind === "Service") service = created as k8s.core.v1.Service;
  }
  const gateway = plan.gateway?.kubernetes
    ? createKubernetesGateway(name, { plan, secrets: args.secrets, serviceAnnotations: args.serviceAnnotations, dependsOn: [...(args.dependsOn ?? []), service!] }, parent, provider)
    : undefined;
  const ingress = kube.expose?.ingress;
  if (ingress) {
    // the Ingress lives beside its backend Service: the engine's namespace, or the gateway's
    createObject(`${name}-ingress`, renderIngress(ingress, { ...kube.workload.labels, ...MANAGED_LABELS }), { ...base, dependsOn: [gateway?.release ?? namespace] });
    const scheme = ingress.tlsSecret ? "https" : "http";
    return { service: service!, endpoint: pulumi.output(`${scheme}://${ingress.host}`), namespace };
  }
  const front = gateway?.service ?? service!;
  // the load balancer terminates TLS on the gateway's Service when it fronts the engine
  const scheme = (gateway ? Boolean(kube.expose?.gatewayService?.tls) : kube.service.tls) ? "https" : "http";
  const endpoint = front.status.apply((s) => {
    const ingress = s?.loadBalancer?.ingress?.[0];
    return `${scheme}://${ingress?.hostname ?? ingress?.ip ?? ""}`;
  });
  return { service: service!, endpoint, namespace };
}

/** Pinned Helm releases the plan needs on the cluster: GPU stack, LeaderWorkerSet controller, Prometheus + adapter. */
function createAddons(name: string, plan: TargetPlan, base: { parent: pulumi.Resource; provider: pulumi.ProviderResource; dependsOn?: pulumi.Resource[] }): pulumi.Resource[] {
  const kube = plan.kubernetes!;
  const out: pulumi.Resource[] = [];
  if (kube.gpuStack.chart) {
    out.push(
      createRelease(
        `${name}-gpu-stack`,
        { release: kube.gpuStack.owner === "gpu-operator" ? "gpu-operator" : "nvidia-device-plugin", namespace: "gpu-operator", chart: kube.gpuStack.chart, values: kube.gpuStack.values },
        base,
      ),
    );
  }
  if (kube.leaderWorkerSet) {
    const values = kube.scheduler.name === "volcano" ? { gangSchedulingManagement: { schedulerProvider: "volcano" } } : {};
    out.push(createRelease(`${name}-lws`, { release: "lws", namespace: "lws-system", chart: kube.leaderWorkerSet, values }, base));
  }
  if (kube.metrics) {
    const m = kube.metrics;
    const deps: pulumi.Resource[] = [];
    if (m.prometheus.install) {
      deps.push(
        createRelease(
          `${name}-prometheus`,
          {
            release: "gpu-inference-prometheus",
            namespace: m.namespace,
            chart: m.prometheusChart,
            values: {
              alertmanager: { enabled: false },
              "prometheus-pushgateway": { enabled: false },
              "prometheus-node-exporter": { enabled: false },
              "kube-state-metrics": { enabled: false },
              server: { retention: "7d", persistentVolume: { size: "20Gi" } },
            },
          },
          base,
        ),
      );
    }
    const url = new URL(m.prometheus.url);
    out.push(
      createRelease(
        `${name}-metrics-adapter`,
        {
          release: "gpu-inference-metrics-adapter",
          namespace: m.namespace,
          chart: m.adapterChart,
          values: { prometheus: { url: `${url.protocol}//${url.hostname}`, port: Number(url.port || (url.protocol === "https:" ? 443 : 80)) }, rules: { default: false, custom: m.rules } },
        },
        { ...base, dependsOn: [...(base.dependsOn ?? []), ...deps] },
      ),
      ...deps,
    );
  }
  return out;
}
