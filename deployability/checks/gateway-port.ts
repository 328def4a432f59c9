/**
 * `gateway-port`: with a gateway (plan.gateway, runtime vm) the load balancer forwards to and
 * health-checks the gateway's port, not the engine's; the hosts' security rules never admit the
 * engine port (the engine publishes on 127.0.0.1 only); the user-data runs the gateway container on
 * its port and the engine on loopback; and the rendered Higress config matches Higress's published
 * CRD schemas and the plugins' documented fields with a key on every route but the health probe.
 * Kubernetes targets: gateway-port-kubernetes.ts.
 */
import { placeholdersIn, renderHigressResources } from "../../components/gateway/render";
import { validateHigressResources } from "../../components/gateway/schema";
import { secretPlaceholder } from "../../components/gateway/placeholders";
import { hostSecurityGroups, hostTemplates } from "../hosts";
import { coversPort } from "../net";
import { ingressRules } from "../rules";
import { asNumber, asStrings, handle, ofTypes, readPath, RunIndex, targetScopes } from "../scope";
import { TOKENS } from "../facts";
import { checkKubernetesGateway } from "./gateway-port-kubernetes";
import { kubernetesScope } from "./kubernetes-workload";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note, RecordedResourceLike } from "../types";

const ID = "gateway-port" as const;

/** Resource types and input paths that carry the port the load balancer sends traffic and health checks to. */
const LB_PORT_INPUTS: Record<string, string[]> = {
  "aws:lb/targetGroup:TargetGroup": ["port"],
  "alicloud:alb/serverGroup:ServerGroup": ["healthCheckConfig.healthCheckConnectPort"],
  "alicloud:ess/scalingGroup:ScalingGroup": ["albServerGroups[0].port"],
};

export const gatewayPort: DeployabilityCheck = {
  id: ID,
  description: "With a gateway, the load balancer reaches the gateway's port only, the engine port is published on loopback and admitted by no security rule, and the rendered gateway config matches Higress's published schemas with a key on every route; on Kubernetes the pinned Higress release's gateway Service carries the client CIDRs, the keys stay in its Secret and every recorded route is behind key-auth.",
  remediation: "Forward the load balancer to plan.loadBalancer.targetPort (the gateway), open only that port on the hosts, run the engine with -p 127.0.0.1:<port>, and fix the rendered Higress resources the message names; on Kubernetes create the gateway through createKubernetesGateway from plan.gateway.kubernetes.",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    const notes: Note[] = [];
    for (const plan of run.plan.targets) {
      // runtime kubernetes: the Higress release, its Secret and objects (gateway-port-kubernetes.ts)
      if (plan.gateway?.runtime !== "kubernetes") continue;
      const scope = kubernetesScope(index, plan);
      if (!scope.component) continue; // kubernetes-workload reports the missing component
      const target = plan.name;
      checkKubernetesGateway(
        plan,
        scope.resources,
        (resource, message, fix) => findings.push({ check: ID, target, resource: typeof resource === "string" ? resource : handle(resource), message, fix }),
        (message) => notes.push({ check: ID, target, message }),
      );
    }
    for (const scope of targetScopes(run, index)) {
      const { plan } = scope;
      const gw = plan.gateway;
      if (!gw || gw.runtime !== "vm" || !scope.component) continue;
      const target = plan.name;
      const enginePort = plan.engine.port;
      const add = (resource: RecordedResourceLike | string, message: string, fix: string) =>
        findings.push({ check: ID, target, resource: typeof resource === "string" ? resource : handle(resource), message, fix });

      for (const problem of validateHigressResources(renderHigressResources(gw))) {
        add(`${plan.names.logical}-gateway`, `rendered gateway config: ${problem}`, "fix the gateway plan/renderer so every object matches Higress's CRD and plugin fields");
      }
      const secretNames = new Set(plan.secrets.map((s) => secretPlaceholder(s.name)));
      for (const ph of placeholdersIn(renderHigressResources(gw))) {
        if (!secretNames.has(ph)) add(`${plan.names.logical}-gateway`, `placeholder ${ph} in the gateway config has no secret in plan.secrets, so the host cannot fill it`, "add the secret to the target's plan");
      }
      if (plan.loadBalancer.targetPort !== gw.port) {
        add(`${plan.names.logical}-lb`, `plan.loadBalancer.targetPort is ${plan.loadBalancer.targetPort ?? enginePort}, not the gateway's port ${gw.port}`, "set targetPort to the gateway port in the planner");
      }
      for (const r of scope.resources) {
        for (const path of LB_PORT_INPUTS[r.type] ?? []) {
          const port = asNumber(readPath(r.inputs, path));
          if (port !== undefined && port !== gw.port) {
            add(r, `${r.name} sends load-balancer traffic to port ${port} (${path}); with a gateway it must be the gateway's port ${gw.port}, or requests bypass keys, limits and moderation`, `set ${path} to lbTargetPort(plan) (${gw.port})`);
          }
        }
      }
      if (enginePort !== gw.port) {
        const cloud = plan.placement.cloud;
        const lbGroupIds = cloud === "aws" ? ofTypes(scope, TOKENS.aws.loadBalancers).flatMap((lb) => asStrings(lb.inputs.securityGroups)) : [];
        const hostIds = new Set(hostSecurityGroups(scope, index, lbGroupIds).map((g) => g.id).filter((id): id is string => Boolean(id)));
        for (const rule of ingressRules(cloud, scope)) {
          if (!rule.accept || rule.groupId === undefined || !hostIds.has(rule.groupId)) continue;
          if ((rule.protocol === "tcp" || rule.protocol === "all") && rule.ports.some((p) => coversPort(p, enginePort))) {
            add(rule.resource, `${rule.resource.name} admits the engine port ${enginePort} on the GPU hosts; behind a gateway nothing outside the host may reach the engine`, `remove the engine-port ingress from ${rule.resource.name}; admit only the gateway port ${gw.port}`);
          }
        }
      }
      const templates = hostTemplates(scope);
      if (!templates.length) notes.push({ check: ID, target, message: "no host template was recorded; the gateway's user-data was not checked" });
      for (const t of templates) {
        if (t.userData === undefined) {
          notes.push({ check: ID, target, message: `the user-data of ${t.resource.name} could not be read offline; the gateway unit was not checked` });
          continue;
        }
        if (!t.userData.includes("gpukit-gateway.service") || !t.userData.includes(`-p ${gw.port}:${gw.containerPort}`)) {
          add(t.resource, `the user-data of ${t.resource.name} does not run the gateway container on port ${gw.port}`, "render the bootstrap with the target's gateway");
        }
        if (!t.userData.includes(`127.0.0.1:${enginePort}:${enginePort}`) || new RegExp(`-p ${enginePort}:${enginePort}\\b`).test(t.userData)) {
          add(t.resource, `the engine in the user-data of ${t.resource.name} is not published on 127.0.0.1 only`, `publish the engine with -p 127.0.0.1:${enginePort}:${enginePort} on the gateway's network`);
        }
      }
    }
    return { findings, notes };
  },
};
