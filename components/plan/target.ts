/**
 * Plans one target: placement, offering, parallelism, memory budget, engine command, host
 * bootstrap and cost. Collects every problem as a {@link ConfigIssue} with its config path.
 */
import type { Catalog } from "../../catalog";
import { findRegion } from "../../catalog";
import { renderBootstrap, type BootSecret } from "../bootstrap";
import { chooseUserDataEncoding } from "../bootstrap/user-data-encoding";
import { USER_DATA_LIMITS } from "../../catalog/facts/user-data";
import { renderEngine } from "../engines";
import type { ConfigIssue } from "../spec/issues";
import type { DeploymentSpec, TargetSpec } from "../spec/schema";
import { targetCost } from "./cost";
import { exportControlPlan } from "./export-control";
import { planModelSource, type ResolvedModel } from "./model";
import { networkWarnings, planNetwork } from "./network";
import { checkImageRegistry } from "./registry";
import { physicalNamePrefix, planSecrets, type SecretNeed } from "./secrets";
import { checkWeightsAccess } from "./weights-access";
import { REGISTRY_PASSWORD_ENV, REGISTRY_USERNAME_ENV } from "../bootstrap/registry-login";
import type { Workload } from "./offering";
import { offeringPlan, performanceFields, selectOffering } from "./selection";
import type { TargetPlan } from "./types";
import { planKubernetes } from "./kubernetes";
import { isGatewaySecret, planGateway, withModerationFilterPeer } from "./gateway";
import { finishGateway } from "../gateway/finish";
import { replicaShape } from "./kubernetes-multinode";
import { checkAdapterAccess, engineLora, planAdapters, sizeWithAdapters } from "./adapters";
import { servedModelNames } from "../engines/lora";
import { round2 } from "./sizing";

/**
 * Largest system disk per cloud in GB, where the host keeps OS, image and weights: Alibaba Cloud
 * launch templates 500 (SDK doc), Volcano Engine ESSD_PL0 2048 (provider reference), AWS gp3 16384.
 * Tencent Cloud puts weights on a separate data disk.
 */
const SYSTEM_DISK_MAX_GB: Partial<Record<TargetSpec["cloud"], number>> = { alicloud: 500, volcengine: 2048, aws: 16384 };


/** What every target plan shares. */
export interface PlanContext {
  spec: DeploymentSpec;
  stack: string;
  catalog: Catalog;
  model: ResolvedModel;
  workload: Workload;
}

/** Plans target `index` of the spec. */
export function planTarget(index: number, ctx: PlanContext): { plan?: TargetPlan; issues: ConfigIssue[] } {
  const target = ctx.spec.targets[index];
  const path = `targets[${index}]`;
  const region = findRegion(ctx.catalog, target.cloud, target.region);
  if (!region) return { issues: [] }; // reported by spec validation
  const zones = target.zones ?? region.zones.slice(0, 2);
  const networked = planNetwork({ target, path, zones, regionZones: region.zones, loadBalancer: ctx.spec.loadBalancer });
  if (!networked.network || !networked.loadBalancer) return { issues: networked.issues };
  // One node per replica, or (runtime kubernetes) the fewest nodes that hold the model: components/plan/kubernetes-multinode.ts.
  const selection = replicaShape({ target, path, region, catalog: ctx.catalog, workload: ctx.workload, single: selectOffering(target, path, region, ctx) });
  if (!selection.candidate || selection.issues.length) return { issues: selection.issues };
  const { candidate, nodesPerReplica } = selection;
  const issues = [...selection.issues];
  const warnings = [...selection.warnings];

  const modelSource = planModelSource(ctx.spec);
  issues.push(...checkWeightsAccess({ target, index, source: modelSource }));
  // LoRA adapters: deployment-wide issues are reported once (with targets[0]), access per target.
  // Refused adapters leave the rest of the target planned so that its other problems show too.
  const adapters = planAdapters(ctx.spec, ctx.model.shape);
  const lora = adapters.lora;
  if (index === 0) {
    issues.push(...adapters.issues);
    warnings.push(...adapters.warnings);
  }
  // Adapters the hosts may not or cannot read are reported here and kept out of the boot script.
  let stageAdapters = Boolean(lora) && target.runtime === "vm";
  if (lora) {
    const access = checkAdapterAccess({ target, index, region, dataResidency: ctx.spec.compliance?.dataResidency, adapters: lora.adapters });
    issues.push(...access.issues);
    warnings.push(...access.warnings);
    if (access.issues.length) stageAdapters = false;
  }
  // The offering search already counted the adapters (memory.loraGb set); multi-node replicas were sized without them.
  const sizing = lora && candidate.sizing.memory.loraGb === undefined
    ? sizeWithAdapters({ lora, engine: ctx.spec.engine.name, shape: ctx.model.shape, kvCacheDtype: ctx.spec.engine.kvCacheDtype, maxContextTokens: ctx.spec.model.maxContextTokens, sizing: candidate.sizing, tensorParallel: candidate.tensorParallel, instanceType: candidate.offering.instanceType })
    : { sizing: candidate.sizing };
  if (sizing.issue) issues.push(sizing.issue);
  let engine;
  try {
    engine = renderEngine({
      engine: {
        name: ctx.spec.engine.name,
        version: ctx.spec.engine.version,
        image: ctx.spec.engine.image,
        extraArgs: ctx.spec.engine.extraArgs,
        gpuMemoryUtilization: ctx.spec.engine.gpuMemoryUtilization,
        kvCacheDtype: ctx.spec.engine.kvCacheDtype,
        apiKey: Boolean(ctx.spec.engine.apiKeySecret),
      },
      model: {
        id: ctx.spec.model.id,
        servedModelName: ctx.spec.model.id,
        quantization: ctx.spec.model.quantization,
        maxContextTokens: ctx.spec.model.maxContextTokens,
        source: modelSource,
        hubToken: Boolean(ctx.spec.model.hubTokenSecret),
      },
      parallel: { tensor: candidate.tensorParallel, pipeline: nodesPerReplica, data: candidate.dataParallel },
      maxConcurrentRequests: candidate.performance && ctx.workload.serving ? candidate.performance.point.concurrency : ctx.spec.engine.maxConcurrentRequests,
      gpu: candidate.gpu,
      gpuCount: candidate.offering.gpuCount,
      registryMirror: target.registryMirror ?? null,
      ...(lora ? { lora: engineLora(lora) } : {}),
    });
  } catch (error) {
    issues.push({ path: "engine.name", message: (error as Error).message });
    return { issues };
  }

  issues.push(...checkImageRegistry({ target, index, region, image: engine.image, imageFromSpec: Boolean(ctx.spec.engine.image), stack: ctx.stack }));
  if (target.registryLogin && !target.registryMirror) {
    issues.push({ path: `${path}.registryLogin`, message: "registryLogin is for the target's registryMirror: set registryMirror too" });
  }

  const offering = offeringPlan(candidate, selection.userDeclared);
  const gateway = planGateway({ spec: ctx.spec, target, path, stack: ctx.stack, residency: region.residency, region: region.region, engine, maxHosts: target.replicas.max, kubernetesEngineHost: null, servedModels: servedModelNames(ctx.spec.engine.name, ctx.spec.model.id, lora?.adapters.map((a) => a.name) ?? []), hostCidrs: networked.network.hostSubnets.map((s) => s.cidr ?? networked.network!.vpcCidr) });
  issues.push(...gateway.issues);
  const secrets = [...planSecrets(ctx.stack, target.name, secretNeeds(ctx.spec, target, engine.secretEnv)), ...gateway.secrets];
  // Volcano Engine: the hosts' IAM role is bound per instance (ecs/iamRoleAttachment); the pinned SDK's scaling configuration has none
  const hostSecrets = secrets.filter((s) => s.name !== "kubeconfig");
  if (target.cloud === "volcengine" && target.runtime === "vm" && hostSecrets.length && target.replicas.min !== target.replicas.max) {
    issues.push({
      path: `${path}.replicas`,
      message: `the hosts read ${hostSecrets.map((s) => s.name).join(", ")} from KMS through an IAM role, which Volcano Engine can bind only to fixed instances (no role input on volcengine:autoscaling/scalingConfiguration in pulumi-volcengine 0.0.47); set replicas.min equal to replicas.max, or remove the secrets`,
      given: JSON.stringify(target.replicas),
    });
  }
  let bootstrap;
  try {
    bootstrap = renderBootstrap({
      cloud: target.cloud,
      region: region.region,
      residency: region.residency,
      stack: ctx.stack,
      target: target.name,
      offering,
      engine,
      modelSource,
      // On runtime kubernetes the secrets become a Kubernetes Secret, never part of a boot script.
      // Gateway secrets (consumer keys, moderation AccessKeys) are fetched by the gateway's own unit, never given to the engine.
      secrets: target.runtime === "vm" ? secrets.flatMap((s) => (s.name === "kubeconfig" || isGatewaySecret(s.name) ? [] : [{ envVar: s.envVar, secret: s.name as BootSecret["secret"], storeName: s.storeName }])) : [],
      gateway: target.runtime === "vm" && gateway.plan ? { plan: gateway.plan, secrets: gateway.secrets } : null,
      registryLogin:
        target.registryLogin && target.registryMirror
          ? { registry: target.registryMirror, usernameEnv: REGISTRY_USERNAME_ENV, passwordEnv: REGISTRY_PASSWORD_ENV }
          : null,
      weightsGb: candidate.sizing.memory.weightsGb,
      diskGb: target.diskGb,
      // On runtime kubernetes adapters are staged by the workload, never by a boot script.
      ...(lora && stageAdapters ? { adapters: lora.adapters.map((a) => a.source) } : {}),
      ...(lora ? { adaptersGb: round2(lora.adapters.reduce((s, a) => s + a.weightsMb, 0) / 1000) } : {}),
    });
  } catch (error) {
    issues.push({ path, message: (error as Error).message });
    return { issues };
  }
  if (target.runtime === "vm") {
    // The cloud refuses a launch whose user-data is over its limit: measure it here, compress when that fits.
    const size = chooseUserDataEncoding(target.cloud, bootstrap.userData);
    if (!size.fits) {
      const limit = USER_DATA_LIMITS[target.cloud];
      issues.push({
        path,
        message: `the hosts' user-data is ${size.plainSize} bytes${limit.measured === "base64" ? " after base64" : ""} (${size.size} gzip-compressed), over ${target.cloud}'s ${size.limit}-byte limit; drop gateway consumers, adapters or registry login from this target, or use runtime kubernetes`,
      });
    } else bootstrap = { ...bootstrap, userDataEncoding: size.encoding };
  }
  const diskLimit = SYSTEM_DISK_MAX_GB[target.cloud];
  // A kubeconfig cluster's nodes are not the kit's: their disks are the owner's (docs/kubernetes.md).
  const ownsNodes = !(target.runtime === "kubernetes" && target.kubernetes && "kubeconfigSecret" in target.kubernetes.cluster);
  if (ownsNodes && diskLimit !== undefined && bootstrap.rootVolumeGb > diskLimit) {
    issues.push({
      path: target.diskGb ? `${path}.diskGb` : path,
      message: `the system disk would be ${bootstrap.rootVolumeGb} GB (OS, image and ${candidate.sizing.memory.weightsGb} GB of weights) but ${target.cloud} system disks hold at most ${diskLimit} GB; serve a smaller or quantized model, or lower diskGb`,
    });
  }
  const perf = candidate.performance;
  const replicas = { ...target.replicas };
  if (perf?.instancesForLoad != null) {
    if (perf.instancesForLoad > target.replicas.max) {
      issues.push({
        path: `${path}.replicas.max`,
        message: `the load (serving.load) needs ${perf.instancesForLoad} × ${candidate.offering.instanceType} within the SLO (${perf.point.concurrency} requests in flight per engine replica, ${candidate.dataParallel} per instance), above replicas.max ${target.replicas.max}; raise replicas.max or relax serving.slo`,
        given: String(target.replicas.max),
      });
    } else if (perf.instancesForLoad > target.replicas.min) {
      warnings.push(`replicas.min raised from ${target.replicas.min} to ${perf.instancesForLoad} to carry serving.load within serving.slo`);
      replicas.min = perf.instancesForLoad;
    }
  }
  const exportControl = exportControlPlan(candidate.gpu, region);
  const kube =
    target.runtime === "kubernetes"
      ? planKubernetes({
          target,
          path,
          cloud: target.cloud,
          environment: ctx.spec.environment,
          physicalName: physicalNamePrefix(ctx.stack, target.name),
          engine,
          offering,
          tensorParallel: candidate.tensorParallel,
          dataParallel: candidate.dataParallel,
          nodesPerReplica,
          replicas,
          spot: target.spot,
          loadBalancer: networked.loadBalancer,
          modelSource,
          secrets,
          startBudgetSec: bootstrap.startBudgetSec,
          nodeDiskGb: bootstrap.rootVolumeGb,
          maxConcurrentRequests: ctx.spec.engine.maxConcurrentRequests,
          residency: region.residency,
          region: region.region,
          adapters: lora ? lora.adapters.map((a) => a.source) : [],
          gateway: Boolean(ctx.spec.gateway),
          holdsVectorDatabase: Boolean(ctx.spec.vectorDatabase) && (ctx.spec.vectorDatabase?.target ?? ctx.spec.targets[0].name) === target.name,
        })
      : undefined;
  if (kube) issues.push(...kube.issues);
  if (issues.length) return { issues };

  const plan: TargetPlan = {
    name: target.name,
    names: { logical: target.name, physical: physicalNamePrefix(ctx.stack, target.name) },
    placement: {
      cloud: target.cloud,
      region: region.region,
      country: region.country,
      residency: region.residency,
      zones,
      runtime: target.runtime,
    },
    network: networked.network,
    // With a gateway the load balancer forwards to (and health-checks) the gateway's port; the engine listens on loopback.
    loadBalancer: { ...networked.loadBalancer, targetPort: gateway.plan && target.runtime === "vm" ? gateway.plan.port : engine.port, gatewayPort: gateway.plan?.port ?? null },
    secrets,
    offering,
    tensorParallel: candidate.tensorParallel,
    dataParallel: candidate.dataParallel,
    replicas,
    spot: target.spot,
    quantization: ctx.spec.model.quantization,
    kvCacheDtype: ctx.spec.engine.kvCacheDtype,
    maxContextTokens: ctx.spec.model.maxContextTokens,
    maxConcurrentRequests: ctx.spec.engine.maxConcurrentRequests,
    memory: sizing.sizing.memory,
    maxConcurrentSequences: sizing.sizing.maxConcurrentSequences,
    latencyBoundMsPerToken: candidate.sizing.latencyBoundMsPerToken,
    modelSource,
    servedModels: servedModelNames(ctx.spec.engine.name, ctx.spec.model.id, lora?.adapters.map((a) => a.name) ?? []),
    ...(lora ? { adapters: lora } : {}),
    engine,
    bootstrap,
    registryMirror: target.registryMirror ?? null,
    cost: targetCost(offering.price, { min: replicas.min * nodesPerReplica }, ctx.spec.budget.hoursPerMonth),
    alternatives: selection.alternatives,
    ...(perf ? performanceFields(perf, candidate.dataParallel, replicas.min) : {}),
    ...(exportControl ? { exportControl } : {}),
    warnings: [
      ...(exportControl?.advisory ? [exportControl.advisory] : []),
      ...warnings,
      ...engine.warnings,
      ...ctx.model.warnings,
      ...networkWarnings(target.name, networked.network, networked.loadBalancer, ctx.spec.loadBalancer.allowedCidrs),
      // Boot-script notes concern VM hosts only.
      ...(target.runtime === "vm" ? bootstrap.warnings : []),
      ...(kube?.warnings ?? []),
    ],
    // the TMS filter proxies the engine's answers: the engine's NetworkPolicy admits its pods too
    ...(kube?.plan ? { kubernetes: withModerationFilterPeer(kube.plan, gateway.plan) } : {}),
    ...(gateway.plan ? { gateway: finishGateway(gateway.plan, secrets, kube?.plan) } : {}),
  };
  if (gateway.plan) plan.warnings.push(...gateway.plan.warnings);
  if (candidate.offering.restrictedAvailability) {
    plan.warnings.push(`${candidate.offering.instanceType} is sold on request only (invite-only or sales contact)${candidate.offering.notes ? `: ${candidate.offering.notes}` : ""}; pin instanceType or gpu to choose another`);
  }
  if (target.cloud === "volcengine") {
    plan.warnings.push("the volcengine provider (0.0.47) exposes no disk-encryption input on ECS instances or volumes: disks are encrypted only if the account enables default EBS encryption");
  }
  if (target.runtime === "vm" && target.cloud === "tencentcloud" && target.replicas.min !== target.replicas.max) {
    plan.warnings.push("Tencent Cloud scaling groups (replicas.min < replicas.max) cannot encrypt disks through the provider's inputs; set replicas.min = replicas.max for CVM instances with an encrypted data disk");
  }
  if (target.spot) {
    plan.warnings.push("spot capacity is priced at the on-demand rate (an upper bound); spot instances can be reclaimed at any time");
  }
  return { plan, issues: [] };
}

/** The secrets a target needs and the config keys that hold them: the engine's, then the registry login's. */
function secretNeeds(spec: DeploymentSpec, target: TargetSpec, engineSecrets: readonly { envVar: string; secret: "hubToken" | "apiKey" }[]): SecretNeed[] {
  const keyOf = { hubToken: spec.model.hubTokenSecret, apiKey: spec.engine.apiKeySecret };
  const needs: SecretNeed[] = engineSecrets.map((s) => ({ name: s.secret, envVar: s.envVar, configKey: keyOf[s.secret] ?? s.secret }));
  const cluster = target.runtime === "kubernetes" ? target.kubernetes?.cluster : undefined;
  if (cluster && "kubeconfigSecret" in cluster) needs.push({ name: "kubeconfig", envVar: "KUBECONFIG", configKey: cluster.kubeconfigSecret });
  if (target.registryLogin && target.registryMirror) {
    needs.push({ name: "registryUsername", envVar: REGISTRY_USERNAME_ENV, configKey: target.registryLogin.usernameSecret });
    needs.push({ name: "registryPassword", envVar: REGISTRY_PASSWORD_ENV, configKey: target.registryLogin.passwordSecret });
  }
  return needs;
}
