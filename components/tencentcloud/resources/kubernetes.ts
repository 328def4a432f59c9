/**
 * Thin bindings for TKE (pulumi-tencentcloud v0.2.3, read from `sdk/nodejs/kubernetes/cluster.ts`,
 * `clusterEndpoint.ts`, `nodePool.ts` and the `Kubernetes.*` input types in `sdk/nodejs/types/input.ts`):
 * the managed cluster, its API endpoint (opened after the node pools, as the SDK recommends) and the
 * AS-backed node pool with GPU driver arguments. Only the inputs the kit sets are typed; every name is
 * the SDK's.
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, ThinResource } from "../../providers/thin";
import type { TencentTags } from "./vpc";

/** Inputs of `tencentcloud:Kubernetes/cluster:Cluster` we use. */
export interface KubernetesClusterArgs {
  /** VPC id (required). */
  vpcId: pulumi.Input<string>;
  clusterName?: pulumi.Input<string>;
  clusterDesc?: pulumi.Input<string>;
  /** `MANAGED_CLUSTER` (default) or `INDEPENDENT_CLUSTER`. */
  clusterDeployType?: pulumi.Input<string>;
  /** e.g. `1.32.2`; TKE's default when absent. */
  clusterVersion?: pulumi.Input<string>;
  /** `GR` (default), `VPC-CNI`, `CiliumOverlay`. */
  networkType?: pulumi.Input<string>;
  /** Pod CIDR (GR): outside the VPC, in 10./192.168/172.[16-31]. */
  clusterCidr?: pulumi.Input<string>;
  serviceCidr?: pulumi.Input<string>;
  /** Default 256. */
  clusterMaxServiceNum?: pulumi.Input<number>;
  /** Default 256 (power of 2). */
  clusterMaxPodNum?: pulumi.Input<number>;
  /** `docker` or `containerd` (default from 1.24). */
  containerRuntime?: pulumi.Input<string>;
  /** Internet API endpoint (needs worker configs; the kit keeps it off). */
  clusterInternet?: pulumi.Input<boolean>;
  /** Intranet API endpoint (needs worker configs; the kit opens it with ClusterEndpoint instead). */
  clusterIntranet?: pulumi.Input<boolean>;
  deletionProtection?: pulumi.Input<boolean>;
  /** `terminate` (default) or `retain`. */
  instanceDeleteMode?: pulumi.Input<string>;
  tags?: TencentTags;
}

/** A TKE cluster (control plane only: nodes come from node pools). */
export class KubernetesCluster extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Kubernetes/cluster:Cluster";
  declare public readonly kubeConfigIntranet: pulumi.Output<string>;
  declare public readonly pgwEndpoint: pulumi.Output<string>;

  constructor(name: string, args: KubernetesClusterArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["certificationAuthority", "clusterAsEnabled", "clusterExternalEndpoint", "clusterNodeNum", "domain", "kubeConfig", "kubeConfigIntranet", "password", "pgwEndpoint", "securityPolicies", "userName", "workerInstancesLists"];
    super(KubernetesCluster.__pulumiType, name, args, outputs, TENCENTCLOUD_PLUGIN, opts, ["kubeConfig", "kubeConfigIntranet"]);
  }
}

/** Inputs of `tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint` we use. */
export interface KubernetesClusterEndpointArgs {
  /** Cluster id (required). */
  clusterId: pulumi.Input<string>;
  clusterIntranet?: pulumi.Input<boolean>;
  /** Subnet of the intranet endpoint; cannot change once set. */
  clusterIntranetSubnetId?: pulumi.Input<string>;
  clusterInternet?: pulumi.Input<boolean>;
}

/** The cluster's API endpoint; create it after the node pools (SDK note). */
export class KubernetesClusterEndpoint extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint";
  /** Kubeconfig of the intranet endpoint (secret). */
  declare public readonly kubeConfigIntranet: pulumi.Output<string>;

  constructor(name: string, args: KubernetesClusterEndpointArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["certificationAuthority", "clusterDeployType", "clusterExternalEndpoint", "domain", "kubeConfig", "kubeConfigIntranet", "password", "pgwEndpoint", "userName"];
    super(KubernetesClusterEndpoint.__pulumiType, name, args, outputs, TENCENTCLOUD_PLUGIN, opts, ["kubeConfig", "kubeConfigIntranet", "password"]);
  }
}

/** A CBS data disk of the node pool's launch configuration (`NodePoolAutoScalingConfigDataDisk`). */
export interface NodePoolAutoScalingConfigDataDisk {
  /** `CLOUD_PREMIUM`, `CLOUD_SSD`, `CLOUD_HSSD`, … */
  diskType?: pulumi.Input<string>;
  /** GB. */
  diskSize?: pulumi.Input<number>;
  /** Encrypt the disk (KMS must be active in the region). */
  encrypt?: pulumi.Input<boolean>;
  deleteWithInstance?: pulumi.Input<boolean>;
}

/** Launch configuration of the pool's nodes (`NodePoolAutoScalingConfig`). */
export interface NodePoolAutoScalingConfig {
  /** CVM instance type (required). */
  instanceType: pulumi.Input<string>;
  /** `CLOUD_PREMIUM`, `CLOUD_SSD`, … */
  systemDiskType?: pulumi.Input<string>;
  /** GB, default 50. */
  systemDiskSize?: pulumi.Input<number>;
  dataDisks?: pulumi.Input<pulumi.Input<NodePoolAutoScalingConfigDataDisk>[]>;
  /** `POSTPAID_BY_HOUR` (default), `SPOTPAID`, `PREPAID`, `CDCPAID`. */
  instanceChargeType?: pulumi.Input<string>;
  /** `one-time` only, with `SPOTPAID`. */
  spotInstanceType?: pulumi.Input<string>;
  spotMaxPrice?: pulumi.Input<string>;
  orderlySecurityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  publicIpAssigned?: pulumi.Input<boolean>;
  /** Mbps, default 0. */
  internetMaxBandwidthOut?: pulumi.Input<number>;
  enhancedMonitorService?: pulumi.Input<boolean>;
  enhancedSecurityService?: pulumi.Input<boolean>;
}

/** Data disk mounting on the node (`NodePoolNodeConfigDataDisk`). */
export interface NodePoolNodeConfigDataDisk {
  diskType?: pulumi.Input<string>;
  diskSize?: pulumi.Input<number>;
  autoFormatAndMount?: pulumi.Input<boolean>;
  fileSystem?: pulumi.Input<string>;
  mountTarget?: pulumi.Input<string>;
}

/** GPU driver arguments (`NodePoolNodeConfigGpuArgs`): maps of `{version, name}`; TKE's default driver when absent. */
export interface NodePoolNodeConfigGpuArgs {
  driver?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  cuda?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  cudnn?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  customDriver?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  migEnable?: pulumi.Input<boolean>;
}

/** Node settings (`NodePoolNodeConfig`). */
export interface NodePoolNodeConfig {
  dataDisks?: pulumi.Input<pulumi.Input<NodePoolNodeConfigDataDisk>[]>;
  gpuArgs?: pulumi.Input<NodePoolNodeConfigGpuArgs>;
  isSchedule?: pulumi.Input<boolean>;
}

/** A node taint (`NodePoolTaint`, all fields required). */
export interface NodePoolTaint {
  key: pulumi.Input<string>;
  value: pulumi.Input<string>;
  /** `NoSchedule`, `PreferNoSchedule`, `NoExecute`. */
  effect: pulumi.Input<string>;
}

/** Inputs of `tencentcloud:Kubernetes/nodePool:NodePool` we use. */
export interface KubernetesNodePoolArgs {
  clusterId: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  autoScalingConfig: pulumi.Input<NodePoolAutoScalingConfig>;
  /** Nodes, 0–2000. */
  minSize: pulumi.Input<number>;
  maxSize: pulumi.Input<number>;
  /** Computed by the autoscaler when `enableAutoScale` is true. */
  desiredCapacity?: pulumi.Input<number>;
  enableAutoScale?: pulumi.Input<boolean>;
  /** Max 25 characters. */
  name?: pulumi.Input<string>;
  subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** `PRIORITY` (default) or `EQUALITY`. */
  multiZoneSubnetPolicy?: pulumi.Input<string>;
  /** `IMMEDIATE_RETRY` or `INCREMENTAL_INTERVALS`. */
  retryPolicy?: pulumi.Input<string>;
  nodeConfig?: pulumi.Input<NodePoolNodeConfig>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  taints?: pulumi.Input<pulumi.Input<NodePoolTaint>[]>;
  /** Keep the CVMs when the pool is deleted (default true). */
  deleteKeepInstance?: pulumi.Input<boolean>;
  deletionProtection?: pulumi.Input<boolean>;
  /** Passed through to the scaling instances. */
  tags?: TencentTags;
}

/** A TKE node pool (an AS group under the hood). */
export class KubernetesNodePool extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Kubernetes/nodePool:NodePool";
  declare public readonly autoScalingGroupId: pulumi.Output<string>;
  declare public readonly nodeCount: pulumi.Output<number>;

  constructor(name: string, args: KubernetesNodePoolArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["autoScalingGroupId", "autoscalingAddedTotal", "launchConfigId", "manuallyAddedTotal", "nodeCount", "status"];
    super(KubernetesNodePool.__pulumiType, name, args, outputs, TENCENTCLOUD_PLUGIN, opts);
  }
}
