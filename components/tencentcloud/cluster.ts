/**
 * TKE building blocks (`createX(name, args, parent, provider)`, every child through the regional
 * `tencentcloud` provider): a managed cluster in the plan's VPC (GR pod network outside the VPC
 * layout, containerd, no internet endpoint) or an existing one adopted by id; a node security group;
 * node pools from the plan (private nodes, an encrypted CBS data disk holding the model cache, GPU
 * label, taint and driver arguments, built-in auto scaling between the plan's node bounds); and the
 * intranet API endpoint, opened after the node pools as the SDK asks, whose kubeconfig the
 * Kubernetes provider uses.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import { MANAGED_CLUSTER_FACTS } from "../plan/kubernetes-facts";
import { NODE_MODEL_CACHE } from "../plan/kubernetes";
import type { NodePoolPlan } from "../plan/kubernetes-types";
import type { TargetPlan } from "../plan/types";
import { TENCENTCLOUD_PLUGIN, thinInvoke } from "../providers/thin";
import { resourceTags } from "../tags";
import { KubernetesCluster, KubernetesClusterEndpoint, KubernetesNodePool } from "./resources/kubernetes";
import { GroupRuleSet, SecurityGroup, type GroupRuleSetRule } from "./resources/security";
import { ALLOW_ALL_EGRESS, DROP_ALL_INGRESS } from "./security";

/** Token of the cluster look-up of an adopted cluster (`lists[].kubeConfigIntranet`, `vpcId`). */
export const TKE_CLUSTERS_TOKEN = "tencentcloud:Kubernetes/getClusters:getClusters";

/** Disk of TKE nodes: CLOUD_SSD system disk (the node pool has no system-disk encryption input). */
export const TKE_SYSTEM_DISK = { type: "CLOUD_SSD", sizeGb: 100 } as const;

/** NodePort range of Services (Kubernetes default): client traffic of a LoadBalancer Service reaches nodes there. */
export const NODE_PORTS = "30000-32767";

/** Directory the encrypted data disk is mounted on: the parent of the node-local model cache. */
export const TKE_DATA_MOUNT = NODE_MODEL_CACHE.slice(0, NODE_MODEL_CACHE.lastIndexOf("/"));

/** What the cluster block hands to the node pools and the Kubernetes provider. */
export interface TencentcloudCluster {
  clusterId: pulumi.Output<string>;
  /** VPC of the nodes. */
  vpcId: pulumi.Input<string>;
  /** Resources the node pools wait for. */
  ready: pulumi.Resource[];
  /** Opens the intranet endpoint once `pools` exist and returns its kubeconfig (a secret). */
  kubeconfig(pools: pulumi.Resource[]): pulumi.Output<string>;
}

/**
 * Creates `<name>-cluster` (managed, GR network with the fact's pod and service CIDRs, containerd,
 * no internet endpoint, deletion protection and `protect` when the plan protects it) or adopts
 * `plan.kubernetes.cluster.name` by id through {@link TKE_CLUSTERS_TOKEN}.
 */
export function createTencentcloudCluster(
  name: string,
  args: { plan: TargetPlan; vpcId: pulumi.Input<string>; endpointSubnetId: pulumi.Input<string>; tags: Record<string, string> },
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): TencentcloudCluster {
  const { plan } = args;
  const kube = plan.kubernetes!;
  const fact = MANAGED_CLUSTER_FACTS.tencentcloud;
  const opts = { parent, provider };
  if (kube.cluster.mode === "existing") {
    const id = kube.cluster.name!;
    const found = thinInvoke<{ lists?: { kubeConfigIntranet?: string; vpcId?: string }[] }>(TENCENTCLOUD_PLUGIN, TKE_CLUSTERS_TOKEN, { clusterId: id }, opts);
    return {
      clusterId: pulumi.output(id),
      vpcId: args.vpcId,
      ready: [],
      kubeconfig: () =>
        pulumi.secret(
          found.apply((r) => {
            // The provider always answers with a `lists` array; without one (an offline mock) there is nothing to check.
            if (r.lists === undefined) return "";
            const kc = r.lists[0]?.kubeConfigIntranet;
            if (!kc) throw targetError(plan, parent, `TKE cluster ${id} was not found or has no intranet endpoint (${TKE_CLUSTERS_TOKEN}): open its intranet access first`);
            return kc;
          }),
        ),
    };
  }
  const cluster = new KubernetesCluster(
    `${name}-cluster`,
    {
      vpcId: args.vpcId,
      clusterName: kube.cluster.name!,
      clusterDesc: `GPU inference ${plan.names.physical}`,
      clusterDeployType: "MANAGED_CLUSTER",
      networkType: fact.podNetworkMode,
      clusterCidr: kube.cluster.networks!.podCidr!,
      serviceCidr: kube.cluster.networks!.serviceCidr,
      containerRuntime: "containerd",
      clusterInternet: false,
      clusterIntranet: false,
      deletionProtection: kube.cluster.protect,
      tags: resourceTags(args.tags, { Name: `${plan.names.physical}-cluster` }),
    },
    { ...opts, protect: kube.cluster.protect },
  );
  return {
    clusterId: cluster.id,
    vpcId: args.vpcId,
    ready: [cluster],
    kubeconfig: (pools) =>
      pulumi.secret(
        new KubernetesClusterEndpoint(`${name}-endpoint`, { clusterId: cluster.id, clusterIntranet: true, clusterIntranetSubnetId: args.endpointSubnetId, clusterInternet: false }, { ...opts, dependsOn: pools })
          .kubeConfigIntranet,
      ),
  };
}

/**
 * Creates `<name>-node-sg`: ingress from the VPC and the pod CIDR on every port (kubelet, pods,
 * control plane), from the client CIDRs on the NodePort range only, everything else dropped;
 * egress open (image and weight pulls through the NAT gateway).
 */
export function createTencentcloudNodeSecurity(name: string, args: { plan: TargetPlan; tags: Record<string, string> }, parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string> {
  const { plan } = args;
  const vpcCidr = plan.network.vpcCidr;
  if (!vpcCidr) throw targetError(plan, parent, "the node security group needs the VPC CIDR (network.vpcCidr)");
  const opts = { parent, provider };
  const group = new SecurityGroup(`${name}-node-sg`, { name: `${plan.names.physical}-nodes`, description: `TKE nodes of ${plan.names.physical}`, tags: args.tags }, opts);
  // An adopted cluster's pod CIDR is not known to the plan (a plan warning says so): the VPC only.
  const podCidr = plan.kubernetes?.cluster.networks?.podCidr;
  const inside = [vpcCidr, ...(podCidr ? [podCidr] : [])].map((cidr): GroupRuleSetRule => ({ action: "ACCEPT", protocol: "ALL", port: "ALL", cidrBlock: cidr, description: "cluster traffic" }));
  const clients = plan.loadBalancer.clientCidrs.map((cidr): GroupRuleSetRule => ({ action: "ACCEPT", protocol: "TCP", port: NODE_PORTS, cidrBlock: cidr, description: "clients to Service node ports" }));
  new GroupRuleSet(`${name}-node-rules`, { securityGroupId: group.id, ingresses: [...inside, ...clients, DROP_ALL_INGRESS], egresses: [ALLOW_ALL_EGRESS] }, opts);
  return group.id;
}

/**
 * Creates the node pool `<name>-<role>-pool` (`args.instanceType`: the deploy-time checked type, else the plan's): the plan's instance type in the host subnets, no public
 * IP, a CLOUD_SSD system disk and an encrypted CLOUD_SSD data disk of `pool.diskGb` mounted at
 * {@link TKE_DATA_MOUNT} (model cache), labels and taints, GPU driver arguments on the GPU pool
 * (TKE's default driver for the type), auto scaling between `minNodes` and `maxNodes` (a fixed size
 * when they are equal).
 */
export function createTencentcloudNodePool(
  name: string,
  args: { plan: TargetPlan; pool: NodePoolPlan; instanceType?: pulumi.Input<string>; clusterId: pulumi.Input<string>; vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<string>[]; securityGroupId: pulumi.Input<string>; tags: Record<string, string>; dependsOn?: pulumi.Resource[] },
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): KubernetesNodePool {
  const { plan, pool } = args;
  const autoscale = pool.minNodes < pool.maxNodes;
  const spot = pool.spot && pool.role === "gpu";
  return new KubernetesNodePool(
    `${name}-${pool.role}-pool`,
    {
      clusterId: args.clusterId,
      vpcId: args.vpcId,
      name: `${plan.names.physical.slice(0, 20)}-${pool.role === "gpu" ? "gpu" : "sys"}`,
      subnetIds: args.subnetIds,
      multiZoneSubnetPolicy: "EQUALITY",
      retryPolicy: "INCREMENTAL_INTERVALS",
      minSize: pool.minNodes,
      maxSize: Math.max(1, pool.maxNodes),
      enableAutoScale: autoscale,
      ...(autoscale ? {} : { desiredCapacity: pool.minNodes }),
      autoScalingConfig: {
        instanceType: args.instanceType ?? pool.instanceType,
        systemDiskType: TKE_SYSTEM_DISK.type,
        systemDiskSize: TKE_SYSTEM_DISK.sizeGb,
        dataDisks: [{ diskType: "CLOUD_SSD", diskSize: pool.diskGb, encrypt: true, deleteWithInstance: true }],
        instanceChargeType: spot ? "SPOTPAID" : "POSTPAID_BY_HOUR",
        ...(spot ? { spotInstanceType: "one-time" } : {}),
        orderlySecurityGroupIds: [args.securityGroupId],
        publicIpAssigned: false,
        internetMaxBandwidthOut: 0,
      },
      nodeConfig: {
        dataDisks: [{ diskType: "CLOUD_SSD", diskSize: pool.diskGb, autoFormatAndMount: true, fileSystem: "ext4", mountTarget: TKE_DATA_MOUNT }],
        ...(pool.role === "gpu" ? { gpuArgs: { migEnable: false } } : {}),
      },
      labels: pool.labels,
      taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      deleteKeepInstance: false,
      tags: resourceTags(args.tags, { Name: `${plan.names.physical}-${pool.role}` }),
    },
    { parent, provider, dependsOn: args.dependsOn },
  );
}
