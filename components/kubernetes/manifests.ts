/**
 * Renders the Kubernetes objects of a target's engine workload from its plan, as plain objects (no
 * Pulumi): Namespace, Deployment or LeaderWorkerSet, Volcano PodGroup, Service, PodDisruptionBudget,
 * HorizontalPodAutoscaler (autoscaling/v2) and NetworkPolicy. The runtime registers exactly these;
 * tests validate them against the Kubernetes OpenAPI schema (`KUBERNETES_SCHEMA_VERSION`).
 *
 * The container runs the VM path's engine command (`plan.engine.command`, from `renderEngine`) as its
 * args, so `docker run <image> <command>` on a VM and this pod start the same process.
 */
import type { KubernetesPlan, TargetPlan } from "../plan/types";
import type { ProbePlan, WorkloadPlan } from "../plan/kubernetes-types";
import { ADAPTER_CONTAINER_DIR } from "../engines/lora";

/** A Kubernetes object as the kit renders it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** Labels on every object the kit renders. */
export const MANAGED_LABELS = { "app.kubernetes.io/managed-by": "gpu-inference-kit" } as const;

function httpProbe(p: ProbePlan): Record<string, unknown> {
  return { httpGet: { path: p.path, port: p.port }, periodSeconds: p.periodSeconds, timeoutSeconds: p.timeoutSeconds, failureThreshold: p.failureThreshold };
}

/** The engine container's environment: plain values, then the secrets from the target's Secret. */
function containerEnv(kube: KubernetesPlan): Record<string, unknown>[] {
  const w = kube.workload;
  const plain = Object.entries(w.env).map(([name, value]) => ({ name, value }));
  const secret = kube.secretName ? w.secretEnv.map((name) => ({ name, valueFrom: { secretKeyRef: { name: kube.secretName!, key: name } } })) : [];
  return [...plain, ...secret];
}

/** Volume the LoRA adapters are downloaded into (an `emptyDir`, per pod). */
export const ADAPTERS_VOLUME = "adapters";

/**
 * One init container per LoRA adapter: the hub download of `planAdapterStaging` run in the engine
 * image, writing into the shared adapters volume before the engine starts. Names are DNS labels
 * (`adapter-<index>`); the hub token comes from the target's Secret when the engine has one.
 */
function adapterInitContainers(kube: KubernetesPlan): Record<string, unknown>[] {
  return kube.workload.adapterDownloads.map((d, index) => ({
    name: `adapter-${index}`,
    image: d.image,
    command: d.command,
    args: d.args,
    ...(d.tokenEnv && kube.secretName ? { env: [{ name: d.tokenEnv, valueFrom: { secretKeyRef: { name: kube.secretName, key: d.tokenEnv } } }] } : {}),
    volumeMounts: [{ name: ADAPTERS_VOLUME, mountPath: ADAPTER_CONTAINER_DIR }],
    securityContext: { allowPrivilegeEscalation: false },
  }));
}

/** A pod template of the engine (role `leader`/`single` gets probes and the HTTP port; `worker` only the GPUs). */
export function podTemplate(kube: KubernetesPlan, role: "single" | "leader" | "worker"): Record<string, unknown> {
  const w: WorkloadPlan = kube.workload;
  const serving = role !== "worker";
  const annotations: Record<string, string> = {};
  if (serving && w.metricsPath) {
    annotations["prometheus.io/scrape"] = "true";
    annotations["prometheus.io/port"] = String(w.port);
    annotations["prometheus.io/path"] = w.metricsPath;
  }
  if (kube.scheduler.name === "volcano") {
    annotations["scheduling.volcano.sh/queue-name"] = kube.scheduler.queue ?? "default";
    if (w.kind === "Deployment") annotations["scheduling.k8s.io/group-name"] = `${w.name}-gang`;
  }
  const command = role === "worker" ? w.worker?.command ?? null : w.command;
  const args = role === "worker" ? w.worker?.args ?? [] : w.args;
  const resources: Record<string, unknown> = { limits: { "nvidia.com/gpu": String(w.gpusPerPod) } };
  if (w.requests) resources.requests = { cpu: String(w.requests.cpu), memory: `${w.requests.memoryGi}Gi`, "nvidia.com/gpu": String(w.gpusPerPod) };
  const container: Record<string, unknown> = {
    name: "engine",
    image: w.image,
    ...(command ? { command } : {}),
    ...(args.length ? { args } : {}),
    env: containerEnv(kube),
    resources,
    volumeMounts: [
      { name: "shm", mountPath: "/dev/shm" },
      { name: "model-cache", mountPath: w.modelCache.containerPath },
      ...(w.adapterDownloads.length ? [{ name: ADAPTERS_VOLUME, mountPath: ADAPTER_CONTAINER_DIR, readOnly: true }] : []),
    ],
    securityContext: { allowPrivilegeEscalation: false },
  };
  if (serving) {
    container.ports = [{ name: "http", containerPort: w.port, protocol: "TCP" }];
    container.startupProbe = httpProbe(w.startupProbe);
    container.readinessProbe = httpProbe(w.readinessProbe);
    container.livenessProbe = httpProbe(w.livenessProbe);
  }
  return {
    metadata: { labels: { ...w.labels }, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      ...(kube.scheduler.name === "volcano" ? { schedulerName: "volcano" } : {}),
      terminationGracePeriodSeconds: w.terminationGracePeriodSeconds,
      automountServiceAccountToken: false,
      nodeSelector: { ...w.nodeSelector },
      tolerations: w.tolerations.map((t) => ({ ...t })),
      ...(w.adapterDownloads.length ? { initContainers: adapterInitContainers(kube) } : {}),
      containers: [container],
      volumes: [
        { name: "shm", emptyDir: { medium: "Memory", sizeLimit: `${w.shmSizeGi}Gi` } },
        { name: "model-cache", hostPath: { path: w.modelCache.hostPath, type: "DirectoryOrCreate" } },
        ...(w.adapterDownloads.length ? [{ name: ADAPTERS_VOLUME, emptyDir: {} }] : []),
      ],
    },
  };
}

function meta(kube: KubernetesPlan, name: string, extra: Record<string, string> = {}): K8sObject["metadata"] {
  return { name, namespace: kube.namespace, labels: { ...kube.workload.labels, ...MANAGED_LABELS, ...extra } };
}

/** The workload object: a Deployment (one node per replica) or a LeaderWorkerSet (a replica spans nodes). */
export function workloadObject(kube: KubernetesPlan): K8sObject {
  const w = kube.workload;
  if (w.kind === "LeaderWorkerSet") {
    return {
      apiVersion: "leaderworkerset.x-k8s.io/v1",
      kind: "LeaderWorkerSet",
      metadata: meta(kube, w.name),
      spec: {
        replicas: w.replicas,
        startupPolicy: "LeaderCreated",
        leaderWorkerTemplate: {
          size: w.nodesPerReplica,
          restartPolicy: "RecreateGroupOnPodRestart",
          leaderTemplate: podTemplate(kube, "leader"),
          workerTemplate: podTemplate(kube, "worker"),
        },
      },
    };
  }
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(kube, w.name),
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { ...w.labels } },
      // No surge: a new pod needs a whole free GPU node; replace one pod at a time instead.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      template: podTemplate(kube, "single"),
    },
  };
}

/** Every object of the engine workload, in apply order. */
export function renderWorkloadManifests(plan: TargetPlan): K8sObject[] {
  const kube = plan.kubernetes;
  if (!kube) throw new Error(`target ${plan.name}: runtime ${plan.placement.runtime} has no Kubernetes plan`);
  const w = kube.workload;
  const out: K8sObject[] = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: kube.namespace, labels: { ...MANAGED_LABELS } } }];
  if (kube.scheduler.name === "volcano" && w.kind === "Deployment") {
    out.push({
      apiVersion: "scheduling.volcano.sh/v1beta1",
      kind: "PodGroup",
      metadata: meta(kube, `${w.name}-gang`),
      spec: { minMember: kube.scheduler.gang?.minMember ?? 1, queue: kube.scheduler.queue ?? "default", minResources: { "nvidia.com/gpu": String(w.gpusPerPod) } },
    });
  }
  out.push(workloadObject(kube));
  const s = kube.service;
  out.push({
    apiVersion: "v1",
    kind: "Service",
    metadata: { ...meta(kube, w.name), ...(Object.keys(s.annotations).length ? { annotations: { ...s.annotations } } : {}) },
    spec: {
      type: s.type,
      selector: { ...s.selector },
      ports: [{ name: s.tls ? "https" : "http", port: s.port, targetPort: s.targetPort, protocol: "TCP" }],
      // Client source addresses reach the pod unchanged, so the NetworkPolicy can admit exactly them.
      // Behind the gateway or an Ingress the Service is ClusterIP: no load balancer, no source ranges.
      ...(s.type === "LoadBalancer" ? { loadBalancerSourceRanges: [...s.sourceRanges], externalTrafficPolicy: "Local" } : {}),
    },
  });
  out.push({
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: meta(kube, w.name),
    spec: { maxUnavailable: kube.podDisruptionBudget.maxUnavailable, selector: { matchLabels: { ...w.labels } } },
  });
  if (kube.autoscaler) {
    const a = kube.autoscaler;
    out.push({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: meta(kube, w.name),
      spec: {
        scaleTargetRef: w.kind === "Deployment" ? { apiVersion: "apps/v1", kind: "Deployment", name: w.name } : { apiVersion: "leaderworkerset.x-k8s.io/v1", kind: "LeaderWorkerSet", name: w.name },
        minReplicas: a.minReplicas,
        maxReplicas: a.maxReplicas,
        metrics: [{ type: "Pods", pods: { metric: { name: a.metric }, target: { type: "AverageValue", averageValue: String(a.averageValue) } } }],
        // Scale in slowly: a new GPU replica takes minutes to load the model.
        behavior: { scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: "Pods", value: 1, periodSeconds: 300 }] } },
      },
    });
  }
  out.push(engineNetworkPolicy(kube));
  return out;
}

/**
 * Only the load balancer's sources (client CIDRs) — or, behind the gateway or an Ingress, only the
 * gateway's pods or the controller's namespace — the metrics scraper and the replica's own pods
 * reach the engine pods. A rule is never rendered with an empty `from` (that would admit everyone).
 */
export function engineNetworkPolicy(kube: KubernetesPlan): K8sObject {
  const w = kube.workload;
  const np = kube.networkPolicy;
  const port = [{ protocol: "TCP", port: w.port }];
  const ingress: Record<string, unknown>[] = [];
  if (np.engineFromCidrs.length) ingress.push({ from: np.engineFromCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: port });
  for (const p of np.fromPods ?? []) {
    const peer: Record<string, unknown> = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.namespace } } };
    if (p.podLabels) peer.podSelector = { matchLabels: { ...p.podLabels } };
    ingress.push({ from: [peer], ports: port });
  }
  if (np.scrapeNamespace) ingress.push({ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": np.scrapeNamespace } } }], ports: port });
  if (np.intraGroup) ingress.push({ from: [{ podSelector: { matchLabels: { ...w.labels } } }] });
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta(kube, `${w.name}-ingress`),
    spec: { podSelector: { matchLabels: { ...w.labels } }, policyTypes: ["Ingress"], ingress },
  };
}
