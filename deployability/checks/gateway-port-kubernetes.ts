/**
 * The Kubernetes half of `gateway-port`: a target with `plan.gateway.runtime === "kubernetes"`
 * installs the pinned Higress chart in `higress-system` whose gateway Service is the one the cloud
 * load balancer gets (the target's client CIDRs) — or ClusterIP behind an Ingress; the recorded
 * Higress objects match Higress's published schemas with a key on every route but the health probe;
 * consumer keys and AccessKeys live in the gateway's Secret (a Pulumi secret) and the WasmPlugins
 * only reference them. With tencent-tms the filter's Service (the host the gateway calls), its
 * credentials Secret (Pulumi secrets), its hardened Deployment and NetworkPolicy are recorded, and the
 * engine's NetworkPolicy admits the filter's pods when the model routes go through it. The engine's
 * Service and NetworkPolicy are otherwise checked by `kubernetes-workload`.
 */
import { HIGRESS_HELM_CHART, HIGRESS_NAMESPACE } from "../../components/gateway/higress";
import { GATEWAY_SECRET_NAME, HIGRESS_GATEWAY } from "../../components/gateway/higress-kubernetes";
import type { HigressResource } from "../../components/gateway/render";
import { validateHigressResources } from "../../components/gateway/schema";
import { routesThroughTmsFilter, tmsFilterKubernetes, type TmsModerationPlan } from "../../components/gateway/tms";
import type { TargetPlan } from "../../components/plan/types";
import { asNumber, asStrings, readPath } from "../scope";
import type { RecordedResourceLike } from "../types";

/** Type tokens of the recorded Higress objects. */
const HIGRESS_TYPES = ["kubernetes:extensions.higress.io/v1alpha1:WasmPlugin", "kubernetes:networking.higress.io/v1:McpBridge", "kubernetes:networking.k8s.io/v1:Ingress"];

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** JSON with object keys sorted (recorded and planned selectors compare whatever order the keys arrived in). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(value);
}

/** Whether a recorded Secret carries a value that is not a Pulumi secret (`stringData` or `data` not recorded as `[secret]`). */
function clearSecretValues(inputs: Record<string, unknown>): boolean {
  return (["stringData", "data"] as const).some((field) => {
    const v = inputs[field];
    return v !== undefined && v !== "[secret]" && (typeof v !== "object" || v === null || Object.values(v).some((x) => x !== "[secret]"));
  });
}

/** `namespace`'s pods labelled `labels`, as a NetworkPolicy peer. */
function podPeer(namespace: string, labels: Record<string, string>): string {
  return canonical({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } }, podSelector: { matchLabels: labels } });
}

/** The TMS filter of a tencent-tms gateway on Kubernetes (components/kubernetes/tms-filter.ts). */
function checkTmsFilter(plan: TargetPlan, resources: readonly RecordedResourceLike[], add: (resource: RecordedResourceLike | string, message: string, fix: string) => void): void {
  const gw = plan.gateway!;
  if ((gw.moderation as { provider?: string } | null)?.provider !== "tencent-tms") return;
  const f = tmsFilterKubernetes(gw.moderation as TmsModerationPlan, HIGRESS_NAMESPACE);
  const where = `${plan.names.logical}-tms-filter`;
  const fix = "create the filter through createKubernetesTmsFilter (components/kubernetes/tms-filter.ts)";
  const named = (kind: string, name: string, namespace: string) => resources.find((r) => r.type === `kubernetes:${kind}` && readPath(r.inputs, "metadata.name") === name && readPath(r.inputs, "metadata.namespace") === namespace);
  const svc = named("core/v1:Service", f.name, f.namespace);
  if (!svc) add(where, `no Service ${f.namespace}/${f.name} was recorded: the gateway calls ${f.serviceHost}:${f.port} for every prompt, so every model call is refused (failOpen false) or passes unmoderated (failOpen true)`, fix);
  else {
    const type = readPath(svc.inputs, "spec.type") ?? "ClusterIP";
    if (type !== "ClusterIP") add(svc, `the filter Service is ${String(type)}: clients could reach the filter (and through it the engine) around the gateway`, "make the filter Service ClusterIP");
    if (asNumber(readPath(svc.inputs, "spec.ports[0].port")) !== f.port) add(svc, `the filter Service does not listen on ${f.port}, the port the gateway calls`, `set spec.ports[0].port ${f.port}`);
    if (canonical(readPath(svc.inputs, "spec.selector")) !== canonical(f.podLabels)) add(svc, `the filter Service does not select the filter's pods (${JSON.stringify(f.podLabels)})`, "select the filter's pod labels (tmsFilterKubernetes().podLabels)");
  }
  const secret = named("core/v1:Secret", f.secretName, f.namespace);
  if (!secret) add(where, `no Secret ${f.namespace}/${f.secretName} was recorded: the filter's pods cannot start without their TMS SecretId / SecretKey`, fix);
  else if (clearSecretValues(secret.inputs)) add(secret, `${secret.name} holds the TMS SecretId / SecretKey not as Pulumi secrets: they would be stored in clear in the state`, "wrap the Secret's stringData in pulumi.secret");
  const deployment = named("apps/v1:Deployment", f.name, f.namespace);
  if (!deployment) add(where, `no Deployment ${f.namespace}/${f.name} was recorded: nothing answers the gateway's moderation calls`, fix);
  else {
    const pod = readPath(deployment.inputs, "spec.template.spec");
    const container = readPath(pod, "containers[0]");
    if (readPath(container, "image") !== f.image) add(deployment, `the filter runs ${String(readPath(container, "image"))}, not the planned ${f.image} (the tag is the hash of the filter's sources)`, `run ${f.image}`);
    if (readPath(container, "securityContext.readOnlyRootFilesystem") !== true) add(deployment, "the filter's root filesystem is writable", "set securityContext.readOnlyRootFilesystem: true");
    if (readPath(container, "securityContext.runAsNonRoot") !== true && readPath(pod, "securityContext.runAsNonRoot") !== true) add(deployment, "the filter may run as root", "set securityContext.runAsNonRoot: true");
  }
  const policy = named("networking.k8s.io/v1:NetworkPolicy", f.name, f.namespace);
  const gatewayPeer = podPeer(HIGRESS_NAMESPACE, HIGRESS_GATEWAY.podLabels);
  if (!policy) add(where, `no NetworkPolicy ${f.namespace}/${f.name} was recorded: every pod in the cluster reaches the filter, and through it the engine`, fix);
  else {
    const rules = (readPath(policy.inputs, "spec.ingress") as { from?: unknown[] }[] | undefined) ?? [];
    const peers = rules.flatMap((r) => (Array.isArray(r.from) && r.from.length ? r.from.map(canonical) : ["every source"]));
    const others = peers.filter((p) => p !== gatewayPeer);
    if (others.length) add(policy, `the filter's NetworkPolicy admits ${others.join(", ")}: only the gateway's pods may call the filter`, "admit the gateway pods only");
    const egress = (readPath(policy.inputs, "spec.egress") as { to?: unknown[]; ports?: { port?: unknown }[] }[] | undefined) ?? [];
    const restricted = asStrings(readPath(policy.inputs, "spec.policyTypes")).includes("Egress");
    if (restricted && !egress.some((r) => !r.to?.length && (!r.ports?.length || r.ports.some((p) => p.port === 443)))) add(policy, "the filter's NetworkPolicy restricts egress but does not allow HTTPS (443) out: the filter cannot reach TMS", "allow TCP 443 egress");
  }
  const w = plan.kubernetes?.workload;
  if (!routesThroughTmsFilter(gw) || !w) return;
  const engine = named("networking.k8s.io/v1:NetworkPolicy", `${w.name}-ingress`, plan.kubernetes!.namespace);
  const admits = ((readPath(engine?.inputs, "spec.ingress") as { from?: unknown[]; ports?: { port?: unknown }[] }[] | undefined) ?? []).some(
    (r) => (r.from ?? []).some((p) => canonical(p) === podPeer(HIGRESS_NAMESPACE, f.podLabels)) && (!r.ports?.length || r.ports.some((p) => p.port === w.port)),
  );
  if (engine && !admits) add(engine, `the engine NetworkPolicy does not admit the TMS filter's pods on port ${w.port}, but the model routes go through the filter: every answer fails`, "admit plan.kubernetes.networkPolicy.fromPods (who: moderation-filter)");
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
  else if (secret && clearSecretValues(secret.inputs)) {
    add(secret, `${secret.name} holds consumer keys or AccessKeys that are not Pulumi secrets: they would be stored in clear in the state`, "wrap the Secret's stringData in pulumi.secret");
  }
  checkTmsFilter(plan, resources, add);

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
  // gateway.inferencePool: the model routes are HTTPRoutes of the same names (key-auth matches them by name)
  const httpRoutes = resources
    .filter((r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute" && readPath(r.inputs, "metadata.namespace") === HIGRESS_NAMESPACE)
    .map((r) => ({ name: String(readPath(r.inputs, "metadata.name")), purpose: readPath(r.inputs, "metadata.labels") ? String((readPath(r.inputs, "metadata.labels") as Record<string, string>)["gpukit.io/route-purpose"]) : undefined }));
  for (const problem of validateHigressResources(objects, httpRoutes)) add(where, `recorded gateway config: ${problem}`, "create the Higress objects exactly as plan.gateway.kubernetes.objects renders them");
  const routes = new Set([...objects.filter((o) => o.kind === "Ingress").map((o) => o.metadata.name), ...httpRoutes.map((r) => r.name)]);
  for (const route of gw.routes) if (!routes.has(route.name)) add(where, `the gateway route ${route.name} (${route.purpose}) was not recorded`, "create every Ingress of plan.gateway.kubernetes.objects");
  const auth = objects.find((o) => o.kind === "WasmPlugin" && o.metadata.labels?.["higress.io/wasm-plugin-name"] === "key-auth");
  for (const credential of asStrings(readPath(auth?.spec, "defaultConfig.consumers[].credential"))) {
    if (!/\$\{secret\.[^}]+\}/.test(credential)) add(where, "a consumer key is written into the key-auth WasmPlugin instead of referenced from the gateway's Secret: anyone who can read WasmPlugins reads it", "reference keys as ${secret.higress-system/gpukit-gateway-secrets.<key>}");
  }
}
