/**
 * VKE building blocks (`createX(name, args, parent, provider)`, every child and invoke through the
 * regional `volcengine` provider): a cluster in the plan's host subnets (VPC-CNI, no public API
 * endpoint, nodes without public access) or an existing one adopted by id; a node security group;
 * node pools from the plan (GPU from the instance type, labels and taints, built-in auto scaling
 * between the plan's node bounds); and a private kubeconfig for the Kubernetes provider.
 *
 * Disks: pulumi-volcengine v0.0.47 `vke.NodePoolNodeConfigSystemVolume` / `DataVolume` have no
 * encryption input, so VKE node volumes are not encrypted by the kit (the policy pack reports it,
 * `sec-disk-encryption-unavailable`); the model cache sits on a separate data volume.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import { MANAGED_CLUSTER_FACTS } from "../plan/kubernetes-facts";
import { NODE_MODEL_CACHE } from "../plan/kubernetes";
import type { NodePoolPlan } from "../plan/kubernetes-types";
import type { TargetPlan } from "../plan/types";
import { VOLCENGINE_PLUGIN, thinInvoke } from "../providers/thin";
import { VKE_KUBECONFIGS_TOKEN, VkeCluster, VkeKubeconfig, VkeNodePool } from "./resources/kubernetes";
import { SecurityGroup, SecurityGroupRule, volcengineTags } from "./resources/vpc";
import { volcengineDescription } from "./description";

/** System volume of VKE nodes (OS and container images). */
export const VKE_SYSTEM_VOLUME = { type: "ESSD_PL0", size: 100 } as const;

/** Directory the data volume is mounted on: the parent of the node-local model cache. */
export const VKE_DATA_MOUNT = NODE_MODEL_CACHE.slice(0, NODE_MODEL_CACHE.lastIndexOf("/"));

/** NodePort range of Services (Kubernetes default). */
const NODE_PORT_RANGE = { start: 30000, end: 32767 } as const;

/** What the cluster block hands to the node pools and the Kubernetes provider. */
export interface VolcengineCluster {
  clusterId: pulumi.Output<string>;
  ready: pulumi.Resource[];
  /** Kubeconfig (a secret) of the private endpoint. */
  kubeconfig: pulumi.Output<string>;
}

/**
 * Creates `<name>-cluster` (VPC-CNI pods in the host subnets, the fact's service CIDR, no public API
 * endpoint, deletion protection and `protect` when the plan protects it) or adopts
 * `plan.kubernetes.cluster.name`; then `<name>-kubeconfig` (type Private) read through
 * {@link VKE_KUBECONFIGS_TOKEN} (BASE64, decoded here).
 */
export function createVolcengineCluster(
  name: string,
  args: { plan: TargetPlan; vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<string>[]; tags: Record<string, string> },
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): VolcengineCluster {
  const { plan } = args;
  const kube = plan.kubernetes!;
  const fact = MANAGED_CLUSTER_FACTS.volcengine;
  const opts = { parent, provider };
  const cluster =
    kube.cluster.mode === "create"
      ? new VkeCluster(
          `${name}-cluster`,
          {
            name: kube.cluster.name!,
            description: volcengineDescription(plan, parent, `GPU inference ${plan.names.physical}`),
            clusterConfig: { subnetIds: args.subnetIds, apiServerPublicAccessEnabled: false, resourcePublicAccessDefaultEnabled: false },
            podsConfig: { podNetworkMode: fact.podNetworkMode, vpcCniConfig: { subnetIds: args.subnetIds } },
            servicesConfig: { serviceCidrsv4s: [kube.cluster.networks!.serviceCidr] },
            deleteProtectionEnabled: kube.cluster.protect,
            tags: volcengineTags(args.tags),
          },
          { ...opts, protect: kube.cluster.protect },
        )
      : undefined;
  const clusterId = cluster ? cluster.id : pulumi.output(kube.cluster.name!);
  const issued = new VkeKubeconfig(`${name}-kubeconfig`, { clusterId, type: "Private", validDuration: fact.kubeconfigHours! }, opts);
  const found = thinInvoke<{ kubeconfigs?: { kubeconfig?: string }[] }>(VOLCENGINE_PLUGIN, VKE_KUBECONFIGS_TOKEN, { ids: [issued.id], types: ["Private"] }, opts);
  const kubeconfig = pulumi.secret(
    found.apply((r) => {
      // The provider always answers with a `kubeconfigs` array; without one (an offline mock) there is nothing to decode.
      if (r.kubeconfigs === undefined) return "";
      const encoded = r.kubeconfigs[0]?.kubeconfig;
      if (!encoded) throw targetError(plan, parent, `no private kubeconfig for VKE cluster ${kube.cluster.name} (${VKE_KUBECONFIGS_TOKEN})`);
      return Buffer.from(encoded, "base64").toString("utf8");
    }),
  );
  return { clusterId, ready: cluster ? [cluster] : [], kubeconfig };
}

/**
 * Creates `<name>-node-sg` in the VPC: ingress on every port from the VPC CIDR (nodes, VPC-CNI pods,
 * control plane), the NodePort range from the client CIDRs and the load balancer's fixed ranges.
 * Volcano Engine adds egress to everything and ingress from the group itself to every new group.
 */
export function createVolcengineNodeSecurity(name: string, args: { plan: TargetPlan; vpcId: pulumi.Input<string>; tags: Record<string, string> }, parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string> {
  const { plan } = args;
  const vpcCidr = plan.network.vpcCidr;
  if (!vpcCidr) throw targetError(plan, parent, "the node security group needs the VPC CIDR (network.vpcCidr)");
  const opts = { parent, provider };
  const group = new SecurityGroup(
    `${name}-node-sg`,
    { vpcId: args.vpcId, securityGroupName: `${plan.names.physical}-nodes`, description: volcengineDescription(plan, parent, `VKE nodes of ${plan.names.physical}`), tags: volcengineTags(args.tags) },
    opts,
  );
  new SecurityGroupRule(
    `${name}-node-from-vpc`,
    { securityGroupId: group.id, direction: "ingress", protocol: "all", portStart: -1, portEnd: -1, cidrIp: vpcCidr, policy: "accept", priority: 1, description: volcengineDescription(plan, parent, "cluster traffic inside the VPC") },
    opts,
  );
  const sources = [...new Set([...plan.loadBalancer.clientCidrs, ...(plan.loadBalancer.backendAccess.cidrs ?? [])])].filter((c) => c !== vpcCidr);
  sources.forEach(
    (cidr, i) =>
      new SecurityGroupRule(
        `${name}-node-ports-${i}`,
        {
          securityGroupId: group.id,
          direction: "ingress",
          protocol: "tcp",
          portStart: NODE_PORT_RANGE.start,
          portEnd: NODE_PORT_RANGE.end,
          cidrIp: cidr,
          policy: "accept",
          priority: 1,
          description: volcengineDescription(plan, parent, "clients and load balancer to Service node ports"),
        },
        opts,
      ),
  );
  return group.id;
}

/**
 * Creates the node pool `<name>-<role>-pool` (`args.instanceType`: the deploy-time checked type, else the plan's): the plan's instance type in the host subnets, the node
 * security group, an ESSD system volume and a data volume of `pool.diskGb` at {@link VKE_DATA_MOUNT},
 * labels and taints, auto scaling between `minNodes` and `maxNodes` (a fixed size when equal).
 */
export function createVolcengineNodePool(
  name: string,
  args: { plan: TargetPlan; pool: NodePoolPlan; instanceType?: pulumi.Input<string>; clusterId: pulumi.Input<string>; subnetIds: pulumi.Input<string>[]; securityGroupId: pulumi.Input<string>; tags: Record<string, string>; dependsOn?: pulumi.Resource[] },
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): VkeNodePool {
  const { plan, pool } = args;
  if (pool.spot) throw targetError(plan, parent, "spot node pools are not built on VKE (vke.NodePoolNodeConfig has no spot input in pulumi-volcengine v0.0.47); set spot: false");
  return new VkeNodePool(
    `${name}-${pool.role}-pool`,
    {
      clusterId: args.clusterId,
      name: `${plan.names.physical}-${pool.role}`,
      nodeConfig: {
        instanceTypeIds: [args.instanceType ?? pool.instanceType],
        subnetIds: args.subnetIds,
        security: { securityGroupIds: [args.securityGroupId] },
        systemVolume: { ...VKE_SYSTEM_VOLUME },
        dataVolumes: [{ type: "ESSD_PL0", size: Math.max(20, pool.diskGb), mountPoint: VKE_DATA_MOUNT }],
        instanceChargeType: "PostPaid",
        namePrefix: `${plan.names.physical}-${pool.role}`.slice(0, 28),
        ecsTags: volcengineTags(args.tags),
      },
      kubernetesConfig: {
        cordon: false,
        labels: Object.entries(pool.labels).map(([key, value]) => ({ key, value })),
        taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      },
      autoScaling: { enabled: true, minReplicas: pool.minNodes, maxReplicas: Math.max(1, pool.maxNodes), desiredReplicas: pool.minNodes, subnetPolicy: "ZoneBalance" },
      tags: volcengineTags(args.tags),
    },
    { parent, provider, dependsOn: args.dependsOn },
  );
}
