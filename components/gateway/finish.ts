/**
 * Completes a target's {@link GatewayPlan} once the runtime is planned: on Kubernetes the engine is
 * reached through its Service and the Helm release is rendered; on both runtimes the Higress
 * resources are attached (`rendered`) so `gpukit plan` shows exactly what the gateway receives.
 * Pure: no Pulumi.
 */
import type { GatewayPlan } from "../plan/gateway";
import { withKubernetesEngine } from "../plan/gateway";
import type { KubernetesPlan } from "../plan/kubernetes-types";
import { renderHigressResources } from "./render";
import { renderKubernetesGateway } from "./render-kubernetes";

/** The finished gateway plan of a target (`kube`: the target's Kubernetes plan, absent on VMs). */
export function finishGateway(plan: GatewayPlan, secrets: readonly { name: string }[], kube?: KubernetesPlan): GatewayPlan {
  if (!kube) return { ...plan, rendered: renderHigressResources(plan) };
  const inCluster = withKubernetesEngine(plan, `${kube.workload.name}.${kube.namespace}.svc.cluster.local`, kube.service.port);
  return { ...inCluster, rendered: renderHigressResources(inCluster), kubernetes: renderKubernetesGateway(inCluster, kube.service, secrets) };
}
