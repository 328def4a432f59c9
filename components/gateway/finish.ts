/**
 * Completes a target's {@link GatewayPlan} once the runtime is planned: on Kubernetes the engine is
 * reached through its Service and the Helm release is rendered; on both runtimes the Higress
 * resources are attached (`rendered`) so `gpukit plan` shows exactly what the gateway receives.
 * Pure: no Pulumi.
 */
import type { GatewayPlan } from "../plan/gateway";
import { withKubernetesEngine } from "../plan/gateway";
import type { KubernetesPlan } from "../plan/kubernetes-types";
import { HIGRESS_NAMESPACE } from "./higress";
import { renderHigressResources } from "./render";
import { withKubernetesTmsFilter } from "./tms";
import { renderKubernetesGateway } from "./render-kubernetes";

/** The finished gateway plan of a target (`kube`: the target's Kubernetes plan, absent on VMs). */
export function finishGateway(plan: GatewayPlan, secrets: readonly { name: string }[], kube?: KubernetesPlan): GatewayPlan {
  if (!kube) return { ...plan, rendered: renderHigressResources(plan) };
  const engineHost = `${kube.workload.name}.${kube.namespace}.svc.cluster.local`;
  // the TMS filter (if any) runs as a Service beside the gateway and proxies the engine's Service
  const inCluster = withKubernetesTmsFilter(withKubernetesEngine(plan, engineHost, kube.service.port), HIGRESS_NAMESPACE, engineHost, kube.service.port);
  // the gateway's Service takes the listener, client CIDRs, annotations and TLS the engine's Service gave up (plan/kubernetes-expose.ts)
  const service = kube.expose?.gatewayService ?? kube.service;
  return { ...inCluster, rendered: renderHigressResources(inCluster), kubernetes: renderKubernetesGateway(inCluster, service, secrets, undefined, plan.inferencePool ? kube : undefined) };
}
