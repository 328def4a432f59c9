/**
 * The AWS Kubernetes target (runtime `kubernetes`): an EKS cluster the kit creates in the plan's
 * network (or adopts by name), its GPU and system node groups, a Kubernetes provider from the
 * cluster's kubeconfig, and the shared runtime (GPU stack, engine workload, HPA, Service with an
 * internal or internet-facing NLB in the plan's load-balancer subnets) plus the vector database.
 * Every AWS child goes through the explicit regional provider; every Kubernetes child through
 * `<name>-k8s`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CloudTarget, CloudTargetArgs } from "../adapter";
import { createClusterRuntime } from "../kubernetes/runtime";
import { createKubernetesProvider } from "../kubernetes/target";
import type { VectorDatabaseOutputs } from "../vector-database/helm";
import { clusterVectorDatabase, managedClusterPlan, systemPoolOf } from "../kubernetes/cluster-target";
import { createAwsCluster, createAwsNodePool } from "./cluster";
import { createAwsClusterAutoscaler } from "./cluster-autoscaler";
import { createAwsNetwork } from "./network";
import { createAwsProvider } from "./provider";
import { createAwsPgvector } from "./vector-database";
import { getClusterOutput } from "@pulumi/aws/eks";

/** Type token of {@link AwsKubernetesTarget} (frozen). */
export const AWS_KUBERNETES_TARGET_TYPE = "gpu-inference:aws:KubernetesTarget";

/** Service annotation naming the NLB's subnets (AWS Load Balancer Controller and cloud-provider-aws). */
export const AWS_LB_SUBNETS_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-subnets";

/** GPU inference on EKS. */
export class AwsKubernetesTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `http(s)://<NLB DNS name>`. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** Name of the GPU node group. */
  declare public readonly hostGroupId: pulumi.Output<string>;
  /** The regional `aws` provider. */
  declare public readonly provider: pulumi.ProviderResource;
  /** EKS cluster name. */
  declare public readonly clusterName: pulumi.Output<string>;
  /** The vector database beside this target, when the plan puts it here. */
  declare public readonly vectorDatabase: VectorDatabaseOutputs | undefined;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(AWS_KUBERNETES_TARGET_TYPE, name, {}, opts);
    const { plan } = args;
    const kube = managedClusterPlan(plan, "aws", "EKS", this);
    const provider = args.provider ?? createAwsProvider(name, plan.placement.region, this);
    const network = kube.cluster.mode === "create" ? createAwsNetwork(name, { plan, tags: args.tags }, this, provider) : undefined;
    const cluster = createAwsCluster(name, { plan, subnetIds: network?.hostSubnetIds ?? [], tags: args.tags }, this, provider);
    const subnetIds = cluster.subnetIds ?? network!.hostSubnetIds;
    const pools = kube.nodePools.map((pool) =>
      createAwsNodePool(name, { plan, pool, clusterName: cluster.clusterName, nodeRoleArn: cluster.nodeRoleArn, subnetIds: subnetIds as pulumi.Input<string>[], clusterSecurityGroupId: cluster.clusterSecurityGroupId, tags: args.tags, dependsOn: cluster.ready }, this, provider),
    );
    const k8sProvider = createKubernetesProvider(name, cluster.kubeconfig, this, cluster.ready);
    // Node autoscaling: the Cluster Autoscaler moves each node group between its scalingConfig bounds.
    createAwsClusterAutoscaler(name, { plan, clusterName: cluster.clusterName, tags: args.tags, k8sProvider, dependsOn: [...cluster.ready, ...pools] }, this, provider);
    const lbSubnets = network ? pulumi.all(network.lbSubnetIds).apply((ids) => ids.join(",")) : undefined;
    const runtime = createClusterRuntime(
      name,
      { plan, secrets: args.secrets, serviceAnnotations: lbSubnets ? { [AWS_LB_SUBNETS_ANNOTATION]: lbSubnets } : undefined, dependsOn: pools },
      this,
      k8sProvider,
    );
    // The database needs the system pool and the EBS CSI driver only — never the GPU pool or the engine.
    this.vectorDatabase = clusterVectorDatabase(plan, this, k8sProvider, systemPoolOf(kube, pools), () =>
      createAwsPgvector(
        { db: plan.vectorDatabase!, vpcId: network?.vpcId ?? getClusterOutput({ name: kube.cluster.name! }, { parent: this, provider }).vpcConfig.vpcId, subnetIds: subnetIds as pulumi.Input<string>[], tags: args.tags, jobNamespace: kube.namespace, k8sProvider, dependsOn: [runtime.namespace] },
        this,
        provider,
      ),
    );

    this.provider = provider;
    this.clusterName = cluster.clusterName;
    this.endpoint = runtime.endpoint;
    this.hostGroupId = pools[0]?.nodeGroupName ?? pulumi.output("");
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId, clusterName: this.clusterName });
  }
}

/** Builds the Kubernetes target of an AWS plan. */
export function createAwsKubernetesTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
  return new AwsKubernetesTarget(name, args, opts);
}
