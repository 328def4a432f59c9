/**
 * The Kubernetes half of `gateway-port`: a target with `plan.gateway.runtime === "kubernetes"`
 * installs the pinned Higress chart in `higress-system` whose gateway Service is the one the cloud
 * load balancer gets (the target's client CIDRs) — or ClusterIP behind an Ingress; the recorded
 * Higress objects match Higress's published schemas with a key on every route but the health probe;
 * consumer keys and AccessKeys live in the gateway's Secret (a Pulumi secret) and the WasmPlugins
 * only reference them. The engine's Service and NetworkPolicy are checked by `kubernetes-workload`.
 */
import { HIGRESS_HELM_CHART, HIGRESS_NAMESPACE } from "../../components/gateway/higress";
import { GATEWAY_SECRET_NAME } from "../../components/gateway/higress-kubernetes";
import type { HigressResource } from "../../components/gateway/render";
import { validateHigressResources } from "../../components/gateway/schema";
import type { TargetPlan } from "../../components/plan/types";
import { asStrings, readPath } from "../scope";
import type { RecordedResourceLike } from "../types";

/** Type tokens of the recorded Higress objects. */
const HIGRESS_TYPES = ["kubernetes:extensions.higress.io/v1alpha1:WasmPlugin", "kubernetes:networking.higress.io/v1:McpBridge", "kubernetes:networking.k8s.io/v1:Ingress"];

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * Findings (through `add`) and notes about the Kubernetes gateway of `plan` among `resources` (the
 * target component's descendants).
 */
export function checkKubernetesGateway(
  plan: TargetPlan,
  resources: readonly RecordedResourceLike[],
  add: (resource: RecordedResourceLike | string, message: string, fix: string) => void,
  note: (message: string) => void,
): void {
  const gw = plan.gateway!;
  const k = gw.kubernetes;
  const where = `${plan.names.logical}-gateway`;
  if (!k) {
    add(where, "the gateway plan has no Kubernetes rendering (plan.gateway.kubernetes)", "finish the gateway with the target's Kubernetes plan (components/gateway/finish.ts)");
    return;
  }
  const release = resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === HIGRESS_HELM_CHART.chart);
  if (!release) add(where, `no Helm release of the ${HIGRESS_HELM_CHART.chart} chart was recorded: the engine would serve without keys, limits or moderation`, "create the gateway through createKubernetesGateway (components/kubernetes/gateway.ts)");
  else {
    if (release.inputs.version !== HIGRESS_HELM_CHART.version) add(release, `${release.name} installs chart version ${String(release.inputs.version)}, not the pinned ${HIGRESS_HELM_CHART.version} the config was validated for`, `pin version ${HIGRESS_HELM_CHART.version}`);
    if (release.inputs.namespace !== HIGRESS_NAMESPACE) add(release, `${release.name} installs into ${String(release.inputs.namespace)}, not ${HIGRESS_NAMESPACE} where the gateway's objects and Secret are`, `install into ${HIGRESS_NAMESPACE}`);
    const svc = readPath(release.inputs, "values.higress-core.gateway.service") as Record<string, unknown> | undefined;
    const expected = plan.kubernetes?.expose?.gatewayService;
    const type = svc?.type ?? "LoadBalancer";
    if (expected?.type === "ClusterIP" && type !== "ClusterIP") add(release, `the gateway Service is ${String(type)} although an Ingress fronts it: clients could bypass the Ingress's source ranges and TLS`, "set higress-core.gateway.service.type ClusterIP");
    if (expected?.type !== "ClusterIP") {
      const ranges = asStrings(svc?.loadBalancerSourceRanges);
      if (type !== "LoadBalancer") add(release, `the gateway Service is ${String(type)}, not the LoadBalancer the plan puts in front of the gateway`, "set higress-core.gateway.service.type LoadBalancer");
      if (!sameSet(ranges, plan.loadBalancer.clientCidrs)) add(release, `the gateway Service admits ${ranges.join(", ") || "everyone"}, the plan's client CIDRs are ${plan.loadBalancer.clientCidrs.join(", ")}`, "set loadBalancerSourceRanges to plan.loadBalancer.clientCidrs");
    }
  }

  const secret = resources.find((r) => r.type === "kubernetes:core/v1:Secret" && readPath(r.inputs, "metadata.name") === GATEWAY_SECRET_NAME);
  if (k.secret.keys.length && !secret) add(where, `no Secret ${HIGRESS_NAMESPACE}/${GATEWAY_SECRET_NAME} was recorded: the WasmPlugins' \${secret.…} references resolve to nothing and every key is refused`, "create the gateway Secret from the target's secrets");
  else if (secret && secret.inputs.stringData !== "[secret]" && Object.values((secret.inputs.stringData as Record<string, unknown>) ?? {}).some((v) => v !== "[secret]")) {
    add(secret, `${secret.name} holds consumer keys or AccessKeys that are not Pulumi secrets: they would be stored in clear in the state`, "wrap the Secret's stringData in pulumi.secret");
  }

  // the gateway's routes are Ingresses of class higress; an Ingress of another controller in front of the gateway (expose) is not one
  const recorded = resources.filter(
    (r) => HIGRESS_TYPES.includes(r.type) && readPath(r.inputs, "metadata.namespace") === HIGRESS_NAMESPACE && (r.inputs.kind !== "Ingress" || readPath(r.inputs, "spec.ingressClassName") === "higress"),
  );
  if (!recorded.length) {
    add(where, `no Higress objects (WasmPlugin, McpBridge, Ingress) were recorded in ${HIGRESS_NAMESPACE}: the gateway has no routes and no key-auth`, "create plan.gateway.kubernetes.objects");
    return;
  }
  const objects: HigressResource[] = recorded.map((r) => {
    const spec = r.inputs.spec;
    // a spec filled from secrets at deploy time (upstream hosts) is recorded as [secret]: check the planned one
    const planned = k.objects.find((o) => o.kind === r.inputs.kind && o.metadata.name === readPath(r.inputs, "metadata.name"));
    if (spec === "[secret]" && planned) note(`${r.name}: spec filled from secrets at deploy time; its planned rendering was validated instead`);
    return { apiVersion: String(r.inputs.apiVersion), kind: r.inputs.kind as HigressResource["kind"], metadata: r.inputs.metadata as HigressResource["metadata"], spec: (spec === "[secret]" && planned ? planned.spec : spec) as Record<string, unknown> };
  });
  for (const problem of validateHigressResources(objects)) add(where, `recorded gateway config: ${problem}`, "create the Higress objects exactly as plan.gateway.kubernetes.objects renders them");
  const routes = new Set(objects.filter((o) => o.kind === "Ingress").map((o) => o.metadata.name));
  for (const route of gw.routes) if (!routes.has(route.name)) add(where, `the gateway route ${route.name} (${route.purpose}) was not recorded`, "create every Ingress of plan.gateway.kubernetes.objects");
  const auth = objects.find((o) => o.kind === "WasmPlugin" && o.metadata.labels?.["higress.io/wasm-plugin-name"] === "key-auth");
  for (const credential of asStrings(readPath(auth?.spec, "defaultConfig.consumers[].credential"))) {
    if (!/\$\{secret\.[^}]+\}/.test(credential)) add(where, "a consumer key is written into the key-auth WasmPlugin instead of referenced from the gateway's Secret: anyone who can read WasmPlugins reads it", "reference keys as ${secret.higress-system/gpukit-gateway-secrets.<key>}");
  }
}
