/**
 * `kubernetes-workload`: a `runtime: kubernetes` target is built through its Kubernetes target
 * component; every cloud resource goes through a provider in the planned region and every Kubernetes
 * object through the target's own `kubernetes` provider (never the runner's default kubeconfig); the
 * engine pods request the planned GPUs, tolerate the GPU taint, mount a memory `/dev/shm`, and
 * their startup probe covers the engine's start budget; the Service admits only the planned client
 * CIDRs on the engine port (behind the gateway or an Ingress it is ClusterIP), and a NetworkPolicy
 * admits nothing but the peers the plan names; GPU node pools launch with
 * encrypted volumes and IMDSv2.
 */
import { PROVIDER_FACTS } from "../facts";
import { asNumber, asStrings, handle, isCloudResource, readPath, RunIndex } from "../scope";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note, RecordedResourceLike } from "../types";
import type { TargetPlan } from "../../components/plan/types";
import { engineNetworkPolicy } from "../../components/kubernetes/manifests";

const ID = "kubernetes-workload" as const;

/** Component types of Kubernetes targets (frozen tokens). */
export const KUBERNETES_TARGET_TYPES: readonly string[] = [
  "gpu-inference:aws:KubernetesTarget",
  "gpu-inference:alicloud:KubernetesTarget",
  "gpu-inference:tencentcloud:KubernetesTarget",
  "gpu-inference:volcengine:KubernetesTarget",
  "gpu-inference:kubernetes:KubeconfigTarget",
];

/** The Kubernetes target component of `plan` and its descendants. */
export function kubernetesScope(index: RunIndex, plan: TargetPlan): { component?: RecordedResourceLike; resources: RecordedResourceLike[] } {
  const component = index.resources.find((r) => KUBERNETES_TARGET_TYPES.includes(r.type) && r.name === plan.names.logical);
  return { component, resources: component ? index.descendants(component.urn) : [] };
}

/** JSON with object keys sorted, so recorded and rendered peers compare whatever order the keys arrived in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(value);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export const kubernetesWorkload: DeployabilityCheck = {
  id: ID,
  description: "Kubernetes targets: regional cloud providers, an explicit kubernetes provider, GPU limits, taint tolerations, /dev/shm, a startup probe covering the start budget, the Service and NetworkPolicy admitting only the planned client CIDRs (behind the gateway or an Ingress: a ClusterIP Service and only the planned pods), encrypted IMDSv2 nodes.",
  remediation: "Build runtime kubernetes targets through the adapter's createTarget (components/aws/kubernetes-target.ts, components/kubernetes/target.ts) from the plan, without editing the rendered objects.",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    const notes: Note[] = [];
    for (const plan of run.plan.targets) {
      const kube = plan.kubernetes;
      if (!kube) continue;
      const target = plan.name;
      const add = (r: RecordedResourceLike | string, message: string, fix: string) => findings.push({ check: ID, target, resource: typeof r === "string" ? r : handle(r), message, fix });
      const scope = kubernetesScope(index, plan);
      if (!scope.component) {
        add(plan.names.logical, `no Kubernetes target component (${KUBERNETES_TARGET_TYPES.join(" or ")}) named "${plan.names.logical}" was recorded`, `create the target through ADAPTERS.${plan.placement.cloud}.createTarget(plan.names.logical, ...)`);
        continue;
      }
      const fact = PROVIDER_FACTS[plan.placement.cloud];
      for (const r of scope.resources) {
        if (r.type.startsWith("kubernetes:")) {
          const p = index.provider(r.provider);
          if (!p || p.type !== "pulumi:providers:kubernetes") add(r, `${r.name} is not created through the target's kubernetes provider: it would go to whatever cluster the runner's kubeconfig points at`, `pass { provider: <target>-k8s } to ${r.name}`);
        } else if (isCloudResource(r, plan.placement.cloud)) {
          const p = index.provider(r.provider);
          const region = p?.inputs[fact.regionInput];
          if (!p || region !== plan.placement.region) add(r, `${r.name} goes through ${p ? `a provider for ${String(region)}` : "the default provider"}, not ${plan.placement.region}`, `pass { provider: <target>-provider } to ${r.name}`);
        }
      }
      const w = kube.workload;
      const workload = scope.resources.find((r) => (r.type === "kubernetes:apps/v1:Deployment" || r.inputs.kind === "LeaderWorkerSet") && readPath(r.inputs, "metadata.name") === w.name);
      if (!workload) {
        add(`${plan.names.logical}-engine`, `no ${w.kind} ${w.name} was recorded`, "build the workload through createClusterRuntime");
      } else {
        const pod = w.kind === "Deployment" ? readPath(workload.inputs, "spec.template") : readPath(workload.inputs, "spec.leaderWorkerTemplate.leaderTemplate");
        const container = readPath(pod, "spec.containers[0]");
        const gpus = readPath(container, "resources.limits") as Record<string, unknown> | undefined;
        if (String(gpus?.["nvidia.com/gpu"]) !== String(w.gpusPerPod)) add(workload, `the engine container limits nvidia.com/gpu to ${String(gpus?.["nvidia.com/gpu"])}, the plan needs ${w.gpusPerPod}`, "render the workload from plan.kubernetes.workload.gpusPerPod");
        const tolerations = asStrings(readPath(pod, "spec.tolerations[].key"));
        for (const taint of kube.nodePools.flatMap((p) => p.taints)) {
          if (!tolerations.includes(taint.key)) add(workload, `the engine pods do not tolerate the GPU node taint ${taint.key}: they never schedule on the GPU pool`, `add a toleration for ${taint.key}`);
        }
        const mounts = asStrings(readPath(container, "volumeMounts[].mountPath"));
        const shm = (readPath(pod, "spec.volumes") as Record<string, unknown>[] | undefined)?.find((v) => v.name === "shm");
        if (!mounts.includes("/dev/shm") || readPath(shm, "emptyDir.medium") !== "Memory") add(workload, "the engine has no memory emptyDir at /dev/shm: NCCL and PyTorch fall back to the container's 64 MB", "mount an emptyDir { medium: Memory } at /dev/shm");
        const period = asNumber(readPath(container, "startupProbe.periodSeconds")) ?? 10;
        const failures = asNumber(readPath(container, "startupProbe.failureThreshold"));
        const budget = plan.bootstrap.startBudgetSec;
        if (failures === undefined || period * failures < budget) {
          add(workload, `the startup probe allows ${failures === undefined ? "no" : period * failures} s, shorter than the engine's start budget of ${budget} s: pods loading the model are restarted in a loop`, `set startupProbe.failureThreshold ≥ ${Math.ceil(budget / period)}`);
        }
        if (readPath(container, "readinessProbe.httpGet.path") !== plan.engine.readinessPath) add(workload, `the readiness probe does not call ${plan.engine.readinessPath}`, "probe the engine's readiness path");
      }
      const service = scope.resources.find((r) => r.type === "kubernetes:core/v1:Service" && readPath(r.inputs, "metadata.name") === w.name);
      if (!service) add(`${plan.names.logical}-service`, `no Service ${w.name} was recorded`, "build the Service through createClusterRuntime");
      else if (plan.gateway || kube.expose?.via === "ingress") {
        // behind the gateway or an Ingress the engine's Service must not get a load balancer of its own
        const type = readPath(service.inputs, "spec.type") ?? "ClusterIP";
        if (type !== "ClusterIP") add(service, `the engine Service is ${String(type)}, but ${plan.gateway ? "the gateway" : "the Ingress"} fronts the engine: a load balancer on it lets clients bypass ${plan.gateway ? "keys, limits and moderation" : "the Ingress's source ranges and TLS"}`, "render the engine Service as ClusterIP (plan.kubernetes.service.type)");
        if (asNumber(readPath(service.inputs, "spec.ports[0].targetPort")) !== plan.engine.port) add(service, `the Service does not target the engine port ${plan.engine.port}`, "set targetPort to plan.engine.port");
      } else {
        const ranges = asStrings(readPath(service.inputs, "spec.loadBalancerSourceRanges"));
        if (!sameSet(ranges, plan.loadBalancer.clientCidrs)) add(service, `the Service admits ${ranges.join(", ") || "everyone"}, the plan's client CIDRs are ${plan.loadBalancer.clientCidrs.join(", ")}`, "set loadBalancerSourceRanges to plan.loadBalancer.clientCidrs");
        if (asNumber(readPath(service.inputs, "spec.ports[0].targetPort")) !== plan.engine.port) add(service, `the Service does not target the engine port ${plan.engine.port}`, "set targetPort to plan.engine.port");
      }
      const policy = scope.resources.find((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && readPath(r.inputs, "metadata.name") === `${w.name}-ingress`);
      if (!policy) add(`${plan.names.logical}-engine-netpol`, `no NetworkPolicy ${w.name}-ingress: every pod in the cluster reaches the engine port`, "build the engine NetworkPolicy through createClusterRuntime");
      else {
        const rules = (readPath(policy.inputs, "spec.ingress") as Record<string, unknown>[] | undefined) ?? [];
        if (rules.some((rule) => !Array.isArray(rule.from) || rule.from.length === 0)) add(policy, "an ingress rule of the engine NetworkPolicy has no `from`: it admits every source", "give every rule a from list");
        const cidrs = asStrings(readPath(policy.inputs, "spec.ingress[].from[].ipBlock.cidr"));
        const extra = cidrs.filter((c) => !kube.networkPolicy.engineFromCidrs.includes(c));
        if (extra.length) add(policy, `the engine NetworkPolicy admits ${extra.join(", ")}, outside the load balancer's sources`, "admit only plan.kubernetes.networkPolicy.engineFromCidrs");
        // every peer must be one the plan names (client CIDRs, or the gateway's pods / the controller's namespace, the scraper, the replica group)
        const planned = new Set(((engineNetworkPolicy(kube).spec as { ingress: { from: unknown[] }[] }).ingress).flatMap((rule) => rule.from.map((peer) => canonical(peer))));
        for (const peer of rules.flatMap((rule) => (Array.isArray(rule.from) ? rule.from : []))) {
          if (!planned.has(canonical(peer))) add(policy, `the engine NetworkPolicy admits ${JSON.stringify(peer)}, a source the plan does not name${plan.gateway ? " (behind the gateway only its pods may reach the engine)" : ""}`, "admit only the peers of plan.kubernetes.networkPolicy");
        }
      }
      if (kube.autoscaler && !scope.resources.some((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")) add(`${plan.names.logical}-hpa`, "the plan autoscales but no HorizontalPodAutoscaler was recorded", "build the HPA through createClusterRuntime");
      for (const np of scope.resources.filter((r) => r.type === "alicloud:cs/nodePool:NodePool")) {
        if (readPath(np.inputs, "instanceMetadataOptions.httpTokens") !== "required") add(np, `${np.name} does not require metadata tokens`, "set instanceMetadataOptions.httpTokens: required");
        if (np.inputs.systemDiskEncrypted !== true) add(np, `${np.name} launches unencrypted system disks`, "set systemDiskEncrypted: true");
      }
      for (const np of scope.resources.filter((r) => r.type === "tencentcloud:Kubernetes/nodePool:NodePool")) {
        if (readPath(np.inputs, "autoScalingConfig.publicIpAssigned") !== false) add(np, `${np.name} does not rule out public IPs on its nodes`, "set autoScalingConfig.publicIpAssigned: false");
        const disks = (readPath(np.inputs, "autoScalingConfig.dataDisks") as Record<string, unknown>[] | undefined) ?? [];
        if (!disks.length || disks.some((d) => d.encrypt !== true)) add(np, `${np.name} launches no encrypted data disk for the model cache`, "add autoScalingConfig.dataDisks with encrypt: true");
      }
      const gpuPool = kube.nodePools.find((p) => p.role === "gpu");
      for (const np of scope.resources.filter((r) => (r.type === "tencentcloud:Kubernetes/nodePool:NodePool" || r.type === "volcengine:vke/nodePool:NodePool") && r.name.endsWith("-gpu-pool"))) {
        const bounds = np.type.startsWith("tencentcloud:") ? [readPath(np.inputs, "minSize"), readPath(np.inputs, "maxSize")] : [readPath(np.inputs, "autoScaling.minReplicas"), readPath(np.inputs, "autoScaling.maxReplicas")];
        if (gpuPool && (bounds[0] !== gpuPool.minNodes || bounds[1] !== Math.max(1, gpuPool.maxNodes))) add(np, `${np.name} scales between ${String(bounds[0])} and ${String(bounds[1])} nodes, the plan needs ${gpuPool.minNodes} to ${gpuPool.maxNodes}`, "map the node pool's bounds from plan.kubernetes.nodePools");
      }
      for (const lt of scope.resources.filter((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate")) {
        if (readPath(lt.inputs, "metadataOptions.httpTokens") !== "required") add(lt, `${lt.name} does not require IMDSv2 tokens`, "set metadataOptions.httpTokens: required");
        if (asStrings(readPath(lt.inputs, "blockDeviceMappings[].ebs.encrypted")).some((e) => String(e) !== "true")) add(lt, `${lt.name} launches unencrypted volumes`, "set ebs.encrypted: true");
      }
      if (kube.cluster.mode === "kubeconfig") notes.push({ check: ID, target, message: "kubeconfig cluster: node pools, GPU stack and CNI network-policy enforcement are the cluster owner's; the kit checked only its own objects" });
    }
    return { findings, notes };
  },
};
