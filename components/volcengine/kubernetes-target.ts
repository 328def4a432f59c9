/**
 * The Volcano Engine Kubernetes target (runtime `kubernetes`): a VKE cluster the kit creates in the
 * plan's network (or adopts by id in `network.existing`), a node security group, GPU and system node
 * pools, a private kubeconfig for the Kubernetes provider, and the shared runtime (engine workload,
 * HPA, Service on a CLB in the plan's load-balancer subnet) plus the vector database. Every Volcano
 * Engine child and invoke goes through the explicit regional provider; every Kubernetes child
 * through `<name>-k8s`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CloudTarget, CloudTargetArgs } from "../adapter";
import { createClusterRuntime } from "../kubernetes/runtime";
import { createKubernetesProvider } from "../kubernetes/target";
import type { VectorDatabaseOutputs } from "../vector-database/helm";
import { clusterVectorDatabase, managedClusterPlan, systemPoolOf } from "../kubernetes/cluster-target";
import { createVolcengineCluster, createVolcengineNodePool, createVolcengineNodeSecurity } from "./cluster";
import { verifyVolcengineInstanceType } from "./instance-type";
import { createVolcengineNetwork } from "./network";
import { createVolcengineProvider } from "./provider";

/** Type token of {@link VolcengineKubernetesTarget} (frozen). */
export const VOLCENGINE_KUBERNETES_TARGET_TYPE = "gpu-inference:volcengine:KubernetesTarget";

/**
 * VKE Service annotation placing the CLB of a LoadBalancer Service in a subnet (UNVERIFIED: taken
 * from VKE's cloud-controller naming pattern, not read in VKE's docs; check on a live cluster).
 */
export const VKE_LB_SUBNET_ANNOTATION = "service.beta.kubernetes.io/volcengine-loadbalancer-subnet-id";

/** GPU inference on VKE. */
export class VolcengineKubernetesTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `http(s)://<CLB address>`. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** Id of the GPU node pool. */
  declare public readonly hostGroupId: pulumi.Output<string>;
  /** The regional `volcengine` provider. */
  declare public readonly provider: pulumi.ProviderResource;
  /** VKE cluster id. */
  declare public readonly clusterId: pulumi.Output<string>;
  /** The vector database beside this target, when the plan puts it here. */
  declare public readonly vectorDatabase: VectorDatabaseOutputs | undefined;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(VOLCENGINE_KUBERNETES_TARGET_TYPE, name, {}, opts);
    const { plan } = args;
    const kube = managedClusterPlan(plan, "volcengine", "VKE", this, "its VPC and subnets");
    const provider = args.provider ?? createVolcengineProvider(name, plan.placement.region, this);
    const network = createVolcengineNetwork(name, { plan, tags: args.tags }, this, provider);
    const subnetIds = network.hostSubnets.map((s) => s.id);
    const cluster = createVolcengineCluster(name, { plan, vpcId: network.vpcId, subnetIds, tags: args.tags }, this, provider);
    const securityGroupId = createVolcengineNodeSecurity(name, { plan, vpcId: network.vpcId, tags: args.tags }, this, provider);
    // Deploy-time check: the GPU type is sold in every zone of the target (the VM path's look-up); the GPU pool waits on it.
    const gpuType = verifyVolcengineInstanceType(name, { plan }, this, provider);
    const pools = kube.nodePools.map((pool) =>
      createVolcengineNodePool(name, { plan, pool, instanceType: pool.role === "gpu" ? gpuType : undefined, clusterId: cluster.clusterId, subnetIds, securityGroupId, tags: args.tags, dependsOn: cluster.ready }, this, provider),
    );
    const k8sProvider = createKubernetesProvider(name, cluster.kubeconfig, this, [...cluster.ready, ...pools]);
    const serviceAnnotations = { [VKE_LB_SUBNET_ANNOTATION]: network.lbSubnetId };
    const runtime = createClusterRuntime(name, { plan, secrets: args.secrets, serviceAnnotations, dependsOn: pools }, this, k8sProvider);
    this.vectorDatabase = clusterVectorDatabase(plan, this, k8sProvider, systemPoolOf(kube, pools));

    this.provider = provider;
    this.clusterId = cluster.clusterId;
    this.endpoint = runtime.endpoint;
    this.hostGroupId = pools[0]?.id ?? pulumi.output("");
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId, clusterId: this.clusterId });
  }
}

/** Builds the Kubernetes target of a Volcano Engine plan. */
export function createVolcengineKubernetesTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
  return new VolcengineKubernetesTarget(name, args, opts);
}
