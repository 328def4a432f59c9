/**
 * The GPU fleet of a stack, derived from its resources (what the policy host sees): every host
 * template or instance with its instance type, GPU model and count (catalog, else the plan target
 * the resource belongs to), spot setting and the most hosts it can run (the scaling group's
 * maximum beside it, or 1 for a plain instance). Used by the cost and export-control rules.
 */
import type { Catalog } from "../../catalog";
import { findGpu, findOffering, findRegion } from "../../catalog";
import type { Cloud } from "../../catalog/schema";
import type { DeploymentPlan, TargetPlan } from "../../components/plan/types";
import { bool, cloudOf, num, str, type Props } from "./read";

/** A resource as stack rules see it (`PolicyResource` fields they read). */
export interface StackResource {
  type: string;
  name: string;
  urn: string;
  props: Props;
  parent?: { urn: string; type?: string; name?: string; parent?: unknown };
}

/** Host templates / instances: type → how to read instance type and spot. */
export const HOST_TYPES: Readonly<Record<string, { instanceType: string; spot: (p: Props) => boolean | undefined }>> = {
  "aws:ec2/launchTemplate:LaunchTemplate": { instanceType: "instanceType", spot: (p) => ((p.instanceMarketOptions as Props | undefined)?.marketType === "spot" ? true : p.instanceMarketOptions === undefined ? false : undefined) },
  "aws:ec2/instance:Instance": { instanceType: "instanceType", spot: (p) => (p.instanceMarketOptions as Props | undefined)?.marketType === "spot" },
  "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate": { instanceType: "instanceType", spot: (p) => spotStrategy(p.spotStrategy) },
  "alicloud:ecs/instance:Instance": { instanceType: "instanceType", spot: (p) => spotStrategy(p.spotStrategy) },
  "tencentcloud:Instance/instance:Instance": { instanceType: "instanceType", spot: (p) => String(p.instanceChargeType ?? "") === "SPOTPAID" },
  "tencentcloud:As/scalingConfig:ScalingConfig": { instanceType: "instanceTypes", spot: (p) => String(p.instanceChargeType ?? "") === "SPOTPAID" },
  "volcengine:ecs/instance:Instance": { instanceType: "instanceType", spot: (p) => spotStrategy(p.spotStrategy) },
  "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration": { instanceType: "instanceTypes", spot: (p) => spotStrategy(p.spotStrategy) },
};

/** Tag the vector database's private CPU host carries (components/aws|alicloud/qdrant-host.ts): not counted as a GPU host. */
export const VECTOR_DB_ROLE_TAG = { key: "gpu-inference-role", value: "vector-database" } as const;

/** Scaling-group types and the field of their maximum size. */
export const SCALING_GROUP_MAX: Readonly<Record<string, string>> = {
  "aws:autoscaling/group:Group": "maxSize",
  "alicloud:ess/scalingGroup:ScalingGroup": "maxSize",
  "tencentcloud:As/scalingGroup:ScalingGroup": "maxSize",
  "volcengine:autoscaling/scalingGroup:ScalingGroup": "maxInstanceNumber",
};

function spotStrategy(v: unknown): boolean | undefined {
  if (v === undefined) return false;
  const s = String(v);
  return s !== "NoSpot";
}

/** One host template or instance. */
export interface FleetHost {
  urn: string;
  name: string;
  type: string;
  cloud: string;
  instanceType: string | undefined;
  /** GPU catalog key, or undefined when neither catalog nor plan knows the type. */
  gpu: string | undefined;
  gpusPerHost: number | undefined;
  /** Most hosts this template/instance can run: its scaling group's max, else 1; undefined when the group has no max. */
  maxHosts: number | undefined;
  spot: boolean | undefined;
  /** Region of the plan target the host belongs to. */
  region: string | undefined;
  target: TargetPlan | undefined;
}

/** Plan target of a resource: named by its `<target>-` name prefix. */
export function targetOf(name: string, plan: DeploymentPlan | undefined): TargetPlan | undefined {
  return plan?.targets.find((t) => name === t.name || name.startsWith(`${t.name}-`));
}

/** Parent urn of a stack resource. */
function parentUrn(r: StackResource): string | undefined {
  return r.parent?.urn;
}

/** The GPU hosts of a stack. */
export function gpuFleet(resources: readonly StackResource[], catalog: Catalog, plan: DeploymentPlan | undefined): FleetHost[] {
  const groups = resources.filter((r) => SCALING_GROUP_MAX[r.type]);
  const out: FleetHost[] = [];
  for (const r of resources) {
    const how = HOST_TYPES[r.type];
    if (!how) continue;
    const cloud = cloudOf(r.type);
    const raw = r.props[how.instanceType];
    const instanceType = Array.isArray(raw) ? str(raw[0]) : str(raw);
    const target = targetOf(r.name, plan);
    const offering = instanceType ? findOffering(catalog, cloud as Cloud, instanceType) : undefined;
    // the vector database's CPU host (tagged by components/*/qdrant-host.ts) is no GPU host, unless its type is a GPU offering
    if (!offering && (r.props.tags as Props | undefined)?.[VECTOR_DB_ROLE_TAG.key] === VECTOR_DB_ROLE_TAG.value) continue;
    const fromPlan = target && (!instanceType || target.offering.instanceType.toLowerCase() === instanceType.toLowerCase()) ? target.offering.gpu : undefined;
    const gpu = offering?.gpu ?? fromPlan?.model;
    const gpusPerHost = offering?.gpuCount ?? fromPlan?.count;
    const isTemplate = /LaunchTemplate|scalingConfig|ScalingConfig|scalingConfiguration/i.test(r.type);
    let maxHosts: number | undefined = 1;
    if (isTemplate) {
      const group = groups.find((g) => parentUrn(g) !== undefined && parentUrn(g) === parentUrn(r) && cloudOf(g.type) === cloud);
      maxHosts = group ? num(group.props[SCALING_GROUP_MAX[group.type]!]) : target?.replicas.max;
    }
    out.push({ urn: r.urn, name: r.name, type: r.type, cloud, instanceType, gpu, gpusPerHost, maxHosts, spot: how.spot(r.props), region: target?.placement.region, target });
  }
  return out;
}

/** Residency (`cn` = mainland China) of a region per the catalog; undefined when unknown. */
export function residencyOf(catalog: Catalog, cloud: string, region: string | undefined): string | undefined {
  if (!region) return undefined;
  return findRegion(catalog, cloud as Cloud, region)?.residency;
}

/** Export-control statuses of the catalog (`gpus.json` `exportControl.status`, exports to China). */
export const EXPORT_STATUSES = ["unrestricted", "licence-required", "case-by-case", "barred", "unknown"] as const;

/**
 * Export-control status of a GPU for a host: US controls on exports to China apply to mainland
 * regions only (`unrestricted` elsewhere). In mainland regions: the catalog's dated
 * `exportControl.status` (with `since`), else — for catalogs without it — `barred` when
 * `restrictedInMainlandChina`, `unrestricted` otherwise; `unknown` for a GPU not in the catalog.
 */
export function exportStatus(catalog: Catalog, gpuKey: string, mainland: boolean): { status: string; since: string | null; source: string } {
  if (!mainland) return { status: "unrestricted", since: null, source: "region outside mainland China" };
  const gpu = findGpu(catalog, gpuKey) as (ReturnType<typeof findGpu> & { exportControl?: { status?: string; since?: string | null; source?: string }; restrictedInMainlandChina?: boolean }) | undefined;
  if (!gpu) return { status: "unknown", since: null, source: "GPU not in the catalog" };
  const dated = gpu.exportControl;
  if (dated?.status) return { status: dated.status, since: dated.since ?? null, source: `catalog exportControl (${dated.source ?? "no source"})` };
  return { status: gpu.restrictedInMainlandChina ? "barred" : "unrestricted", since: null, source: "catalog restrictedInMainlandChina" };
}

export { bool };
