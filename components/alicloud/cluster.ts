/**
 * ACK building blocks (`createX(name, args, parent, provider)`): a managed Pro cluster in the plan's
 * host vSwitches with Terway (NetworkPolicy enforcement) and the disk CSI plugins, or an existing one
 * adopted by id; node pools from the plan (encrypted ESSD system disks, metadata tokens required, no
 * public IPs, GPU label and taint); and the kubeconfig from `cs.getClusterCredential`.
 */
import * as pulumi from "@pulumi/pulumi";
import { getClusterCredentialOutput, ManagedKubernetes, NodePool } from "@pulumi/alicloud/cs";
import type { NodePoolPlan } from "../plan/kubernetes-types";
import type { TargetPlan } from "../plan/types";
import { resourceTags } from "../tags";

/** Cluster spec of created clusters: ACK Pro (SLA-backed control plane). */
export const ACK_CLUSTER_SPEC = "ack.pro.small";
/** Service CIDR of created clusters (outside the kit's VPC layout 10.x, per ACK's planning rules). */
export const ACK_SERVICE_CIDR = "172.21.0.0/20";
/**
 * Add-ons of created clusters: Terway ENI-IP with NetworkPolicy on (inferred from the
 * terraform-provider-alicloud `alicloud_cs_managed_kubernetes` examples), the disk CSI plugin and
 * provisioner (vector database volumes); the default ingress controller off.
 */
export const ACK_ADDONS = [
  { name: "terway-eniip", config: JSON.stringify({ NetworkPolicy: "true" }) },
  { name: "csi-plugin" },
  { name: "csi-provisioner" },
  { name: "nginx-ingress-controller", disabled: true },
] as const;

/** What the cluster block hands to the node pools and the Kubernetes provider. */
export interface AlicloudCluster {
  clusterId: pulumi.Output<string>;
  /** Kubeconfig (a secret) from `cs.getClusterCredential`. */
  kubeconfig: pulumi.Output<string>;
  ready: pulumi.Resource[];
}

/** Creates `<name>-cluster` (or adopts `plan.kubernetes.cluster.name` by id) and reads its kubeconfig. */
export function createAlicloudCluster(
  name: string,
  args: { plan: TargetPlan; vswitchIds: pulumi.Input<string>[]; tags: Record<string, string> },
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): AlicloudCluster {
  const kube = args.plan.kubernetes!;
  const opts = { parent, provider };
  const credential = (clusterId: pulumi.Input<string>) => pulumi.secret(getClusterCredentialOutput({ clusterId }, opts).kubeConfig);
  if (kube.cluster.mode === "existing") {
    const id = pulumi.output(kube.cluster.name!);
    return { clusterId: id, kubeconfig: credential(id), ready: [] };
  }
  const cluster = new ManagedKubernetes(
    `${name}-cluster`,
    {
      name: kube.cluster.name!,
      clusterSpec: ACK_CLUSTER_SPEC,
      vswitchIds: args.vswitchIds,
      podVswitchIds: args.vswitchIds,
      serviceCidr: ACK_SERVICE_CIDR,
      newNatGateway: false,
      // The API server stays private (plan warning): an internet SLB would expose it to everyone.
      slbInternetEnabled: false,
      deletionProtection: kube.cluster.protect,
      addons: ACK_ADDONS.map((a) => ({ ...a })),
      tags: resourceTags(args.tags, { Name: `${args.plan.names.physical}-cluster` }),
    },
    { ...opts, protect: kube.cluster.protect },
  );
  return { clusterId: cluster.id, kubeconfig: credential(cluster.id), ready: [cluster] };
}

/**
 * Creates the node pool `<name>-<role>-pool`: the plan's instance type in the host vSwitches, an
 * encrypted ESSD system disk of `pool.diskGb`, metadata tokens required, labels and taints; a fixed
 * size when min = max, node-pool autoscaling between them otherwise.
 */
export function createAlicloudNodePool(
  name: string,
  args: { plan: TargetPlan; pool: NodePoolPlan; clusterId: pulumi.Input<string>; vswitchIds: pulumi.Input<string>[]; tags: Record<string, string>; dependsOn?: pulumi.Resource[] },
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): NodePool {
  const { plan, pool } = args;
  const fixed = pool.minNodes === pool.maxNodes;
  return new NodePool(
    `${name}-${pool.role}-pool`,
    {
      clusterId: args.clusterId,
      nodePoolName: `${plan.names.physical}-${pool.role}`,
      vswitchIds: args.vswitchIds,
      instanceTypes: [pool.instanceType],
      systemDiskCategory: "cloud_essd",
      systemDiskSize: pool.diskGb,
      systemDiskEncrypted: true,
      instanceMetadataOptions: { httpTokens: "required" },
      internetMaxBandwidthOut: 0,
      installCloudMonitor: false,
      ...(pool.spot ? { spotStrategy: "SpotAsPriceGo" } : {}),
      labels: Object.entries(pool.labels).map(([key, value]) => ({ key, value })),
      taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      ...(fixed ? { desiredSize: String(pool.minNodes) } : { scalingConfig: { enable: true, minSize: pool.minNodes, maxSize: pool.maxNodes } }),
      tags: resourceTags(args.tags, { Name: `${plan.names.physical}-${pool.role}` }),
    },
    { parent, provider, dependsOn: args.dependsOn },
  );
}
