/**
 * The Alibaba Cloud Kubernetes target (runtime `kubernetes`): an ACK Pro cluster the kit creates in
 * the plan's network (or adopts by id), its GPU and system node pools, a Kubernetes provider from the
 * cluster credential, and the shared runtime (engine workload, HPA, Service on a CLB in the plan's
 * load-balancer vSwitch) plus the vector database. Every Alibaba Cloud child and invoke goes through
 * the explicit regional provider; every Kubernetes child through `<name>-k8s`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CloudTarget, CloudTargetArgs } from "../adapter";
import { createClusterRuntime } from "../kubernetes/runtime";
import { createKubernetesProvider } from "../kubernetes/target";
import type { VectorDatabaseOutputs } from "../vector-database/helm";
import { clusterVectorDatabase, managedClusterPlan, systemPoolOf } from "../kubernetes/cluster-target";
import { createAlicloudCluster, createAlicloudNodePool } from "./cluster";
import { createAlicloudNetwork } from "./network";
import { createAlicloudPgvector } from "./pgvector";
import { createAlicloudProvider } from "./provider";

/** Type token of {@link AlicloudKubernetesTarget} (frozen). */
export const ALICLOUD_KUBERNETES_TARGET_TYPE = "gpu-inference:alicloud:KubernetesTarget";

/** CCM annotation placing an internal CLB in a vSwitch (Alibaba Cloud ACK Service annotations). */
export const ALICLOUD_LB_VSWITCH_ANNOTATION = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-vswitch-id";

/** GPU inference on ACK. */
export class AlicloudKubernetesTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `http(s)://<CLB address>`. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** Id of the GPU node pool. */
  declare public readonly hostGroupId: pulumi.Output<string>;
  /** The regional `alicloud` provider. */
  declare public readonly provider: pulumi.ProviderResource;
  /** ACK cluster id. */
  declare public readonly clusterId: pulumi.Output<string>;
  /** The vector database beside this target, when the plan puts it here. */
  declare public readonly vectorDatabase: VectorDatabaseOutputs | undefined;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(ALICLOUD_KUBERNETES_TARGET_TYPE, name, {}, opts);
    const { plan } = args;
    const kube = managedClusterPlan(plan, "alicloud", "ACK", this, "its VPC and vSwitches");
    const provider = args.provider ?? createAlicloudProvider(name, plan.placement.region, this);
    const network = createAlicloudNetwork(name, { plan, tags: args.tags }, this, provider);
    const hostSwitches = network.hostSwitches.map((s) => s.id);
    const cluster = createAlicloudCluster(name, { plan, vswitchIds: hostSwitches, tags: args.tags }, this, provider);
    const pools = kube.nodePools.map((pool) =>
      createAlicloudNodePool(name, { plan, pool, clusterId: cluster.clusterId, vswitchIds: hostSwitches, tags: args.tags, dependsOn: cluster.ready }, this, provider),
    );
    const k8sProvider = createKubernetesProvider(name, cluster.kubeconfig, this, cluster.ready);
    const serviceAnnotations = plan.loadBalancer.public ? undefined : { [ALICLOUD_LB_VSWITCH_ANNOTATION]: network.lbSwitches[0].id };
    const runtime = createClusterRuntime(name, { plan, secrets: args.secrets, serviceAnnotations, dependsOn: pools }, this, k8sProvider);
    this.vectorDatabase = clusterVectorDatabase(plan, this, k8sProvider, systemPoolOf(kube, pools), () =>
      createAlicloudPgvector({ plan, vpcId: network.vpcId, hostSwitches: network.hostSwitches, tags: args.tags }, this, provider),
    );

    this.provider = provider;
    this.clusterId = cluster.clusterId;
    this.endpoint = runtime.endpoint;
    this.hostGroupId = pools[0]?.id ?? pulumi.output("");
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId, clusterId: this.clusterId });
  }
}

/** Builds the Kubernetes target of an Alibaba Cloud plan. */
export function createAlicloudKubernetesTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
  return new AlicloudKubernetesTarget(name, args, opts);
}
