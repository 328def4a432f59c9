/**
 * The Tencent Cloud Kubernetes target (runtime `kubernetes`): a TKE cluster the kit creates in the
 * plan's network (or adopts by id in `network.existing`), a node security group, GPU and system node
 * pools, the intranet API endpoint whose kubeconfig feeds the Kubernetes provider, and the shared
 * runtime (engine workload, HPA, Service on an internal CLB in the plan's load-balancer subnet) plus
 * the vector database. Every Tencent Cloud child and invoke goes through the explicit regional
 * provider; every Kubernetes child through `<name>-k8s`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CloudTarget, CloudTargetArgs } from "../adapter";
import { createClusterRuntime } from "../kubernetes/runtime";
import { createKubernetesProvider } from "../kubernetes/target";
import type { VectorDatabaseOutputs } from "../vector-database/helm";
import { clusterVectorDatabase, managedClusterPlan, systemPoolOf } from "../kubernetes/cluster-target";
import { createTencentcloudCluster, createTencentcloudNodePool, createTencentcloudNodeSecurity } from "./cluster";
import { verifyTencentcloudInstanceType } from "./instance-type";
import { createTencentcloudNetwork } from "./network";
import { createTencentcloudPgvector } from "./pgvector";
import { createTencentcloudProvider } from "./provider";

/** Type token of {@link TencentcloudKubernetesTarget} (frozen). */
export const TENCENTCLOUD_KUBERNETES_TARGET_TYPE = "gpu-inference:tencentcloud:KubernetesTarget";

/**
 * TKE Service annotation placing the CLB of a LoadBalancer Service in a subnet as an internal CLB
 * (inferred from TKE's Service annotation docs; not verified on a live cluster).
 */
export const TKE_INTERNAL_SUBNET_ANNOTATION = "service.kubernetes.io/qcloud-loadbalancer-internal-subnetid";

/** GPU inference on TKE. */
export class TencentcloudKubernetesTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `http(s)://<CLB VIP>`. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** Id of the GPU node pool. */
  declare public readonly hostGroupId: pulumi.Output<string>;
  /** The regional `tencentcloud` provider. */
  declare public readonly provider: pulumi.ProviderResource;
  /** TKE cluster id. */
  declare public readonly clusterId: pulumi.Output<string>;
  /** The vector database beside this target, when the plan puts it here. */
  declare public readonly vectorDatabase: VectorDatabaseOutputs | undefined;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(TENCENTCLOUD_KUBERNETES_TARGET_TYPE, name, {}, opts);
    const { plan } = args;
    const kube = managedClusterPlan(plan, "tencentcloud", "TKE", this, "its VPC and subnets");
    const provider = args.provider ?? createTencentcloudProvider(name, plan.placement.region, this);
    const network = createTencentcloudNetwork(name, { plan, tags: args.tags }, this, provider);
    const cluster = createTencentcloudCluster(name, { plan, vpcId: network.vpcId, endpointSubnetId: network.hostSubnetIds[0], tags: args.tags }, this, provider);
    const securityGroupId = createTencentcloudNodeSecurity(name, { plan, tags: args.tags }, this, provider);
    // Nodes need the NAT route before they boot (image and weight pulls).
    // Deploy-time check: the GPU type is sold in every zone of the target (the VM path's look-up); the GPU pool waits on it.
    const gpuType = verifyTencentcloudInstanceType(name, { plan }, this, provider);
    const pools = kube.nodePools.map((pool) =>
      createTencentcloudNodePool(
        name,
        { plan, pool, instanceType: pool.role === "gpu" ? gpuType : undefined, clusterId: cluster.clusterId, vpcId: cluster.vpcId, subnetIds: network.hostSubnetIds, securityGroupId, tags: args.tags, dependsOn: [...cluster.ready, ...network.egress] },
        this,
        provider,
      ),
    );
    const k8sProvider = createKubernetesProvider(name, cluster.kubeconfig(pools), this, pools);
    const serviceAnnotations = plan.loadBalancer.public ? undefined : { [TKE_INTERNAL_SUBNET_ANNOTATION]: network.lbSubnetId };
    const runtime = createClusterRuntime(name, { plan, secrets: args.secrets, serviceAnnotations, dependsOn: pools }, this, k8sProvider);
    this.vectorDatabase = clusterVectorDatabase(plan, this, k8sProvider, systemPoolOf(kube, pools), () =>
      createTencentcloudPgvector({ plan, vpcId: network.vpcId, hostSubnetIds: network.hostSubnetIds, tags: args.tags }, this, provider),
    );

    this.provider = provider;
    this.clusterId = cluster.clusterId;
    this.endpoint = runtime.endpoint;
    this.hostGroupId = pools[0]?.id ?? pulumi.output("");
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId, clusterId: this.clusterId });
  }
}

/** Builds the Kubernetes target of a Tencent Cloud plan. */
export function createTencentcloudKubernetesTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
  return new TencentcloudKubernetesTarget(name, args, opts);
}
