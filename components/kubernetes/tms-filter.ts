/**
 * The Tencent TMS moderation filter on a Kubernetes target (`compliance.moderation.provider:
 * tencent-tms`; components/gateway/tms.ts): in the gateway's namespace (`higress-system`) a Secret with
 * the TMS SecretId / SecretKey (from the target's Pulumi secrets), a Deployment of the filter image
 * (non-root, read-only root filesystem, probes on `/healthz`, requests and limits; pods run on the
 * system pool: they tolerate no GPU taint), a ClusterIP Service `gpukit-tms-filter` on 8090 (the host
 * the rendered Higress config calls), a PodDisruptionBudget when it runs 2 replicas, and a
 * NetworkPolicy that admits the gateway's pods only and lets the filter reach DNS, TMS (HTTPS, 443)
 * and, when it proxies answers, the engine's pods. {@link renderTmsFilterObjects} is pure;
 * {@link createKubernetesTmsFilter} registers its output.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { TargetSecret } from "../adapter";
import { HIGRESS_GATEWAY } from "../gateway/higress-kubernetes";
import { routesThroughTmsFilter, tmsFilterKubernetes, type TmsModerationPlan } from "../gateway/tms";
import type { TargetPlan } from "../plan/types";
import { MANAGED_LABELS, type K8sObject } from "./manifests";
import { createObject } from "./objects";

/** CPU and memory of each filter container (Kubernetes quantities): requests (scheduling, on the system pool) and limits. The filter buffers request bodies up to 10 MiB and non-streamed answers whole. */
export const TMS_FILTER_RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } } as const;

/** Port TMS is called on (`https://tms.tencentcloudapi.com`); its addresses are not fixed, so egress to it is by port. */
export const TMS_EGRESS_PORT = 443;

/** What the Kubernetes runtime creates for the filter (plain objects, validated against the Kubernetes schema in tests). */
export interface TmsFilterObjects {
  /** Secret name and the target secrets it holds: key = env var name of the filter. */
  secret: { name: string; namespace: string; keys: { key: string; secret: string }[] };
  deployment: K8sObject;
  service: K8sObject;
  /** Only with 2 replicas (the gateway runs more than one). */
  podDisruptionBudget: K8sObject | null;
  networkPolicy: K8sObject;
}

const nsPeer = (namespace: string, podLabels: Record<string, string>) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } },
  podSelector: { matchLabels: { ...podLabels } },
});

/** Gateway replicas in the Higress release values (`higress-core.gateway.replicas`), 2 if unset (the chart's default). */
export function gatewayReplicas(plan: TargetPlan): number {
  const values = plan.gateway?.kubernetes?.helmRelease.values as { "higress-core"?: { gateway?: { replicas?: number } } } | undefined;
  return values?.["higress-core"]?.gateway?.replicas ?? 2;
}

/** The filter's objects for `plan`, or null when the target's gateway does not use tencent-tms on Kubernetes. */
export function renderTmsFilterObjects(plan: TargetPlan): TmsFilterObjects | null {
  const gw = plan.gateway;
  const kube = plan.kubernetes;
  const m = gw?.moderation as TmsModerationPlan | { provider: string } | null | undefined;
  if (!gw?.kubernetes || !kube || m?.provider !== "tencent-tms") return null;
  const f = tmsFilterKubernetes(m as TmsModerationPlan, gw.kubernetes.secret.namespace);
  // one replica beside a single gateway; two (and a PDB) when the gateway has more, so a drain never stops every model call
  const replicas = gatewayReplicas(plan) > 1 ? 2 : 1;
  const labels = { ...f.podLabels, ...MANAGED_LABELS };
  const meta = (name: string) => ({ name, namespace: f.namespace, labels: { ...labels } });
  const probe = { httpGet: { path: f.healthPath, port: f.port }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 };
  const env = [
    ...Object.entries(f.env).map(([name, value]) => ({ name, value })),
    ...f.secretEnv.map((s) => ({ name: s.env, valueFrom: { secretKeyRef: { name: f.secretName, key: s.env } } })),
  ];
  const deployment: K8sObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(f.name),
    spec: {
      replicas,
      selector: { matchLabels: { ...f.podLabels } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: f.runAsUser, runAsGroup: f.runAsUser, seccompProfile: { type: "RuntimeDefault" } },
          ...(replicas > 1 ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { ...f.podLabels } } }] } : {}),
          containers: [
            {
              name: "filter",
              image: f.image,
              ports: [{ name: "http", containerPort: f.port, protocol: "TCP" }],
              env,
              resources: { requests: { ...TMS_FILTER_RESOURCES.requests }, limits: { ...TMS_FILTER_RESOURCES.limits } },
              readinessProbe: { ...probe, periodSeconds: 5 },
              livenessProbe: { ...probe, initialDelaySeconds: 10 },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: f.readOnlyRootFilesystem, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  };
  const service: K8sObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(f.name),
    spec: { type: "ClusterIP", selector: { ...f.podLabels }, ports: [{ name: "http", port: f.port, targetPort: f.port, protocol: "TCP" }] },
  };
  const podDisruptionBudget: K8sObject | null =
    replicas > 1 ? { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta(f.name), spec: { maxUnavailable: 1, selector: { matchLabels: { ...f.podLabels } } } } : null;
  const egress: Record<string, unknown>[] = [
    // cluster DNS (the TMS host and the engine Service's name)
    { ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] },
    // TMS's public API: HTTPS to addresses Tencent does not publish as fixed ranges
    { ports: [{ protocol: "TCP", port: TMS_EGRESS_PORT }] },
  ];
  if (routesThroughTmsFilter(gw)) egress.push({ to: [nsPeer(kube.namespace, kube.workload.labels)], ports: [{ protocol: "TCP", port: kube.workload.port }] });
  const networkPolicy: K8sObject = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta(f.name),
    spec: {
      podSelector: { matchLabels: { ...f.podLabels } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [nsPeer(HIGRESS_GATEWAY.namespace, HIGRESS_GATEWAY.podLabels)], ports: [{ protocol: "TCP", port: f.port }] }],
      egress,
    },
  };
  return {
    secret: { name: f.secretName, namespace: f.namespace, keys: f.secretEnv.map((s) => ({ key: s.env, secret: s.secret })) },
    deployment,
    service,
    podDisruptionBudget,
    networkPolicy,
  };
}

/**
 * Creates the filter of `plan` (if any) on the cluster behind `provider`; children are named
 * `<name>-tms-filter-*`. `dependsOn`: the gateway's namespace. Returns the created resources (empty without TMS).
 */
export function createKubernetesTmsFilter(name: string, args: { plan: TargetPlan; secrets: TargetSecret[]; dependsOn: pulumi.Resource[] }, parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Resource[] {
  const objects = renderTmsFilterObjects(args.plan);
  if (!objects) return [];
  const s = objects.secret;
  const values = s.keys.map((k) => {
    const found = args.secrets.find((x) => x.name === k.secret);
    if (!found) throw new pulumi.ResourceError(`target ${args.plan.name}: no value for the TMS filter secret ${k.secret}`, parent);
    return found.value;
  });
  const secret = new k8s.core.v1.Secret(
    `${name}-tms-filter-secret`,
    {
      metadata: { name: s.name, namespace: s.namespace, labels: { ...MANAGED_LABELS } },
      type: "Opaque",
      stringData: pulumi.secret(pulumi.all(values).apply((v) => Object.fromEntries(s.keys.map((k, i) => [k.key, v[i]])))),
    },
    { parent, provider, dependsOn: args.dependsOn },
  );
  const base = { parent, provider, dependsOn: [...args.dependsOn, secret] };
  const out: pulumi.Resource[] = [secret];
  out.push(createObject(`${name}-tms-filter`, objects.deployment, base));
  out.push(createObject(`${name}-tms-filter-service`, objects.service, base));
  if (objects.podDisruptionBudget) out.push(createObject(`${name}-tms-filter-pdb`, objects.podDisruptionBudget, base));
  out.push(createObject(`${name}-tms-filter-netpol`, objects.networkPolicy, base));
  return out;
}
