/**
 * Thin bindings for VKE (pulumi-volcengine v0.0.47, read from `sdk/nodejs/vke/cluster.ts`,
 * `vke/nodePool.ts`, `vke/kubeconfig.ts`, `vke/getKubeconfigs.ts` and the `vke.*` input types in
 * `sdk/nodejs/types/input.ts`): the cluster, its node pool (GPU from the instance type; the SDK has
 * no GPU or disk-encryption field) and a private kubeconfig. Only the inputs the kit sets are typed.
 */
import * as pulumi from "@pulumi/pulumi";
import { VOLCENGINE_PLUGIN, ThinResource } from "../../providers/thin";
import type { VolcengineTags } from "./vpc";

/** Token of the kubeconfig data source (its `kubeconfigs[].kubeconfig` is BASE64). */
export const VKE_KUBECONFIGS_TOKEN = "volcengine:vke/getKubeconfigs:getKubeconfigs";

/** Control-plane network (`ClusterClusterConfig`). */
export interface VkeClusterConfig {
  /** Subnets of the control plane's private endpoint (required). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  apiServerPublicAccessEnabled?: pulumi.Input<boolean>;
  /** Public access of nodes by default. */
  resourcePublicAccessDefaultEnabled?: pulumi.Input<boolean>;
}

/** Pod network (`ClusterPodsConfig`). */
export interface VkePodsConfig {
  /** `Flannel` or `VpcCniShared` (required). */
  podNetworkMode: pulumi.Input<string>;
  vpcCniConfig?: pulumi.Input<{ subnetIds?: pulumi.Input<pulumi.Input<string>[]>; vpcId?: pulumi.Input<string> }>;
}

/** Inputs of `volcengine:vke/cluster:Cluster` we use. */
export interface VkeClusterArgs {
  clusterConfig: pulumi.Input<VkeClusterConfig>;
  podsConfig: pulumi.Input<VkePodsConfig>;
  servicesConfig: pulumi.Input<{ serviceCidrsv4s: pulumi.Input<pulumi.Input<string>[]> }>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** e.g. `v1.30`; VKE's default when absent. */
  kubernetesVersion?: pulumi.Input<string>;
  deleteProtectionEnabled?: pulumi.Input<boolean>;
  tags?: VolcengineTags;
}

/** A VKE cluster. */
export class VkeCluster extends ThinResource {
  public static readonly __pulumiType = "volcengine:vke/cluster:Cluster";
  /** BASE64 kubeconfig of the private endpoint. */
  declare public readonly kubeconfigPrivate: pulumi.Output<string>;

  constructor(name: string, args: VkeClusterArgs, opts?: pulumi.CustomResourceOptions) {
    // The generated SDK marks no secret outputs; the kubeconfigs are credentials, so they are secret here.
    super(VkeCluster.__pulumiType, name, args, ["eipAllocationId", "irsaConfigs", "kubeconfigPrivate", "kubeconfigPublic"], VOLCENGINE_PLUGIN, opts, ["kubeconfigPrivate", "kubeconfigPublic"]);
  }
}

/** Inputs of `volcengine:vke/kubeconfig:Kubeconfig`. */
export interface VkeKubeconfigArgs {
  clusterId: pulumi.Input<string>;
  /** `Public` or `Private` (required). */
  type: pulumi.Input<"Public" | "Private">;
  /** Hours, 1–43800. */
  validDuration?: pulumi.Input<number>;
}

/** A kubeconfig issued for the cluster; its content is read through {@link VKE_KUBECONFIGS_TOKEN}. */
export class VkeKubeconfig extends ThinResource {
  public static readonly __pulumiType = "volcengine:vke/kubeconfig:Kubeconfig";

  constructor(name: string, args: VkeKubeconfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(VkeKubeconfig.__pulumiType, name, args, [], VOLCENGINE_PLUGIN, opts);
  }
}

/** Node pool auto scaling (`NodePoolAutoScaling`). */
export interface VkeNodePoolAutoScaling {
  enabled?: pulumi.Input<boolean>;
  /** Default 0. */
  minReplicas?: pulumi.Input<number>;
  /** Default 10, 1–2000. */
  maxReplicas?: pulumi.Input<number>;
  desiredReplicas?: pulumi.Input<number>;
  /** `ZoneBalance` or `Priority`. */
  subnetPolicy?: pulumi.Input<string>;
}

/** Kubernetes settings of the nodes (`NodePoolKubernetesConfig`). */
export interface VkeNodePoolKubernetesConfig {
  /** Required. */
  cordon: pulumi.Input<boolean>;
  labels?: pulumi.Input<pulumi.Input<{ key?: pulumi.Input<string>; value?: pulumi.Input<string> }>[]>;
  taints?: pulumi.Input<pulumi.Input<{ key?: pulumi.Input<string>; value?: pulumi.Input<string>; effect?: pulumi.Input<string> }>[]>;
}

/** A volume of the nodes (`NodePoolNodeConfigSystemVolume` / `NodePoolNodeConfigDataVolume`). */
export interface VkeNodeVolume {
  /** `PTSSD`, `ESSD_PL0`, `ESSD_FlexPL`. */
  type?: pulumi.Input<string>;
  /** GB: system 20–2048, data 20–32768. */
  size?: pulumi.Input<number>;
  /** Data volumes only. */
  mountPoint?: pulumi.Input<string>;
}

/** ECS settings of the nodes (`NodePoolNodeConfig`). */
export interface VkeNodePoolNodeConfig {
  instanceTypeIds: pulumi.Input<pulumi.Input<string>[]>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  security: pulumi.Input<{ securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>; securityStrategies?: pulumi.Input<pulumi.Input<string>[]> }>;
  systemVolume?: pulumi.Input<VkeNodeVolume>;
  dataVolumes?: pulumi.Input<pulumi.Input<VkeNodeVolume>[]>;
  /** `PostPaid` (default) or `PrePaid`. */
  instanceChargeType?: pulumi.Input<string>;
  namePrefix?: pulumi.Input<string>;
  ecsTags?: VolcengineTags;
}

/** Inputs of `volcengine:vke/nodePool:NodePool` we use. */
export interface VkeNodePoolArgs {
  clusterId: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  nodeConfig: pulumi.Input<VkeNodePoolNodeConfig>;
  kubernetesConfig: pulumi.Input<VkeNodePoolKubernetesConfig>;
  autoScaling?: pulumi.Input<VkeNodePoolAutoScaling>;
  tags?: VolcengineTags;
}

/** A VKE node pool. */
export class VkeNodePool extends ThinResource {
  public static readonly __pulumiType = "volcengine:vke/nodePool:NodePool";

  constructor(name: string, args: VkeNodePoolArgs, opts?: pulumi.CustomResourceOptions) {
    super(VkeNodePool.__pulumiType, name, args, ["nodeStatistics"], VOLCENGINE_PLUGIN, opts);
  }
}
