/**
 * Price rules of the Kubernetes runtime and its neighbours: in-cluster objects (free on purpose: they
 * run on nodes that are priced as node pools), node pools (instances × desired nodes), managed
 * control planes, managed databases and caches, and generated secrets. Where the catalog has no
 * price the resource is unpriced with the reason, never zero.
 */
import { free, num, priceHosts, str, unpriced } from "./common";
import type { PriceRule } from "../types";

const IN_CLUSTER = "in-cluster object: runs on the node pools, which are priced";

/** A Service of type LoadBalancer makes the cloud create a load balancer, billed by the cloud. */
const service: PriceRule = (r) =>
  (r.inputs.spec as { type?: string } | undefined)?.type === "LoadBalancer"
    ? { kind: "unpriced", category: "load-balancer", reason: "the cloud load balancer this Service of type LoadBalancer creates is billed by the cloud; the kit does not price it yet" }
    : { kind: "free", category: "other", reason: IN_CLUSTER };

const chartRelease = unpriced("in-cluster software is free, but persistent volumes its chart requests are billed as cloud disks; the kit does not price them yet", "storage");

/**
 * A Helm release: the Higress gateway's release creates the cloud load balancer in front of the
 * gateway (its Service of type LoadBalancer, the chart's default), billed by the cloud like the
 * engine Service's; the gateway and Redis pods run on the priced node pools. Other charts: their volumes.
 */
const release: PriceRule = (r, ctx, cloud) => {
  const svc = (r.inputs.values as { "higress-core"?: { gateway?: { service?: { type?: string } } } } | undefined)?.["higress-core"]?.gateway?.service;
  if (r.inputs.chart === "higress" && (svc?.type ?? "LoadBalancer") === "LoadBalancer") {
    return { kind: "unpriced", category: "load-balancer", reason: "the cloud load balancer of the Higress gateway's Service (type LoadBalancer) is billed by the cloud; the kit does not price it yet (gateway and Redis pods run on the priced node pools)" };
  }
  return chartRelease(r, ctx, cloud);
};

/** EKS managed node group: instances × desired size (the GPU pool's desired size is replicas × nodes per replica). */
const eksNodeGroup: PriceRule = (r, ctx, cloud) => {
  const types = r.inputs.instanceTypes as string[] | undefined;
  const scaling = r.inputs.scalingConfig as { desiredSize?: unknown } | undefined;
  return priceHosts(r, ctx, cloud, {
    instanceType: types?.[0],
    billing: str(r.inputs.capacityType) === "SPOT" ? "spot" : "on-demand",
    perReplica: false,
    count: num(scaling?.desiredSize) ?? 1,
    disks: [],
  });
};

/** ACK node pool: instances × desired size (or the autoscaler's minimum). */
const ackNodePool: PriceRule = (r, ctx, cloud) => {
  const types = r.inputs.instanceTypes as string[] | undefined;
  const scaling = r.inputs.scalingConfig as { minSize?: unknown } | undefined;
  return priceHosts(r, ctx, cloud, {
    instanceType: types?.[0],
    billing: str(r.inputs.spotStrategy) && str(r.inputs.spotStrategy) !== "NoSpot" ? "spot" : "on-demand",
    perReplica: false,
    count: num(r.inputs.desiredSize) ?? num(scaling?.minSize) ?? 1,
    disks: [],
  });
};

/** Rules of the Kubernetes, cluster, database and cache types, by type token. */
export const KUBERNETES_RULES: Readonly<Record<string, PriceRule>> = {
  "kubernetes:core/v1:Namespace": free(IN_CLUSTER, "other"),
  "kubernetes:core/v1:Secret": free(IN_CLUSTER, "other"),
  "kubernetes:core/v1:ConfigMap": free(IN_CLUSTER, "other"),
  "kubernetes:core/v1:Service": service,
  // the engine's pods on the GPU pool; the TMS moderation filter's (components/kubernetes/tms-filter.ts) on the system pool
  "kubernetes:apps/v1:Deployment": free("the pods run on the cluster's node pools, which are priced (the engine on the GPU pool, the TMS moderation filter on the system pool)", "compute"),
  "kubernetes:leaderworkerset.x-k8s.io/v1:LeaderWorkerSet": free("the pods run on the GPU node pool, which is priced", "compute"),
  "kubernetes:scheduling.volcano.sh/v1beta1:PodGroup": free(IN_CLUSTER, "other"),
  "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": free(IN_CLUSTER, "other"),
  "kubernetes:policy/v1:PodDisruptionBudget": free(IN_CLUSTER, "other"),
  "kubernetes:networking.k8s.io/v1:NetworkPolicy": free(IN_CLUSTER, "other"),
  "kubernetes:networking.k8s.io/v1:Ingress": free(IN_CLUSTER, "other"),
  "kubernetes:batch/v1:CronJob": free(IN_CLUSTER, "other"),
  "kubernetes:batch/v1:Job": free(IN_CLUSTER, "other"),
  "kubernetes:storage.k8s.io/v1:StorageClass": free("a storage class is a template; the volumes it provisions are billed as cloud disks", "storage"),
  "kubernetes:helm.sh/v3:Release": release,
  "kubernetes:apiextensions.k8s.io:CustomResource": free(IN_CLUSTER, "other"),
  // the gateway's Higress objects (routes, plugins, registry): configuration the gateway pods read.
  // The Tencent TMS filter (components/gateway/tms.ts) adds no billable resource: a container on the
  // priced GPU host (VM) or a Deployment/Service on the priced node pools; TMS calls are billed by
  // Tencent Cloud per call, outside this preview.
  "kubernetes:extensions.higress.io/v1alpha1:WasmPlugin": free(IN_CLUSTER, "other"),
  "kubernetes:networking.higress.io/v1:McpBridge": free(IN_CLUSTER, "other"),
  // gateway.inferencePool (components/gateway/inference-pool.ts): routing objects and the endpoint picker's
  // identity; the picker's pod runs on the priced node pools, the CRD manifests are cluster configuration.
  "kubernetes:yaml/v2:ConfigFile": free("CRD manifests applied to the cluster: configuration, no billable resource", "other"),
  "kubernetes:gateway.networking.k8s.io/v1:Gateway": free(`${IN_CLUSTER}; the Higress gateway Service that serves it is priced`, "other"),
  "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute": free(IN_CLUSTER, "other"),
  "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant": free(IN_CLUSTER, "other"),
  "kubernetes:inference.networking.k8s.io/v1:InferencePool": free(IN_CLUSTER, "other"),
  "kubernetes:core/v1:ServiceAccount": free(IN_CLUSTER, "other"),
  "kubernetes:rbac.authorization.k8s.io/v1:Role": free(IN_CLUSTER, "other"),
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": free(IN_CLUSTER, "other"),
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": free(IN_CLUSTER, "other"),
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": free(IN_CLUSTER, "other"),
  "pulumi:providers:kubernetes": free("providers are not cloud resources", "other"),
  "aws:eks/cluster:Cluster": unpriced("the EKS control plane is billed per cluster-hour; no catalog price", "other"),
  "aws:eks/nodeGroup:NodeGroup": eksNodeGroup,
  "aws:eks/addon:Addon": free("EKS add-ons have no charge of their own (their pods run on the node pools)", "other"),
  "aws:eks/podIdentityAssociation:PodIdentityAssociation": free("EKS Pod Identity associations have no charge", "other"),
  "aws:rds/instance:Instance": unpriced("RDS PostgreSQL is billed per instance-hour and GB-month; no catalog price", "database"),
  "aws:rds/subnetGroup:SubnetGroup": free("DB subnet groups have no charge", "database"),
  "aws:elasticache/replicationGroup:ReplicationGroup": unpriced("ElastiCache is billed per node-hour; no catalog price", "database"),
  "aws:elasticache/subnetGroup:SubnetGroup": free("cache subnet groups have no charge", "database"),
  "alicloud:cs/managedKubernetes:ManagedKubernetes": unpriced("the ACK Pro control plane is billed per cluster-hour; no catalog price", "other"),
  "alicloud:cs/nodePool:NodePool": ackNodePool,
  "alicloud:kvstore/instance:Instance": unpriced("Tair (Redis) is billed per instance-hour; no catalog price", "database"),
  "random:index/randomPassword:RandomPassword": free("generated locally by Pulumi, not a cloud resource", "other"),
  "pulumi:pulumi:StackReference": free("reads another stack's outputs, not a cloud resource", "other"),
};
