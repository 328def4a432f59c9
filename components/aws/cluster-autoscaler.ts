/**
 * Node autoscaling on EKS (`plan.kubernetes.nodeAutoscaler.mechanism: cluster-autoscaler`): the
 * Cluster Autoscaler as a pinned Helm release in `kube-system`, finding the cluster's managed node
 * groups by their auto-discovery tags (EKS tags every managed node group's Auto Scaling group with
 * `k8s.io/cluster-autoscaler/enabled` and `k8s.io/cluster-autoscaler/<cluster>`), and scaling each
 * between the node group's `scalingConfig` min and max — the GPU group between replicas.min and
 * replicas.max × nodesPerReplica. Its IAM role reaches the pod through EKS Pod Identity (the
 * `eks-pod-identity-agent` add-on and a pod identity association), with the minimal policy of the
 * Cluster Autoscaler's AWS README: describe calls on `*`, and SetDesiredCapacity /
 * TerminateInstanceInAutoScalingGroup only on groups tagged for this cluster.
 */
import * as pulumi from "@pulumi/pulumi";
import { Addon, PodIdentityAssociation } from "@pulumi/aws/eks";
import { Role, RolePolicy } from "@pulumi/aws/iam";
import type { TargetPlan } from "../plan/types";
import { createRelease } from "../kubernetes/objects";
import { awsTags } from "../tags";

/** Read-only calls the Cluster Autoscaler makes (kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md). */
export const CLUSTER_AUTOSCALER_DESCRIBE_ACTIONS = [
  "autoscaling:DescribeAutoScalingGroups",
  "autoscaling:DescribeAutoScalingInstances",
  "autoscaling:DescribeLaunchConfigurations",
  "autoscaling:DescribeScalingActivities",
  "autoscaling:DescribeTags",
  "ec2:DescribeImages",
  "ec2:DescribeInstanceTypes",
  "ec2:DescribeLaunchTemplateVersions",
  "ec2:GetInstanceTypesFromInstanceRequirements",
  "eks:DescribeNodegroup",
] as const;

/** Calls that change capacity, allowed only on this cluster's tagged groups. */
export const CLUSTER_AUTOSCALER_WRITE_ACTIONS = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"] as const;

/** The IAM policy of the Cluster Autoscaler of `clusterName`. */
export function clusterAutoscalerPolicy(clusterName: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: [...CLUSTER_AUTOSCALER_DESCRIBE_ACTIONS], Resource: "*" },
      {
        Effect: "Allow",
        Action: [...CLUSTER_AUTOSCALER_WRITE_ACTIONS],
        Resource: "*",
        Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned", "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true" } },
      },
    ],
  });
}

/**
 * Creates `<name>-pod-identity` (add-on), `<name>-autoscaler-role` with `<name>-autoscaler-policy`,
 * `<name>-autoscaler-identity` (association to kube-system/cluster-autoscaler) through the `aws`
 * provider, and `<name>-cluster-autoscaler` (Helm release) through `k8sProvider`. Returns nothing
 * when the plan has no Cluster Autoscaler.
 */
export function createAwsClusterAutoscaler(
  name: string,
  args: { plan: TargetPlan; clusterName: pulumi.Output<string>; tags: Record<string, string>; k8sProvider: pulumi.ProviderResource; dependsOn: pulumi.Resource[] },
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): pulumi.Resource[] {
  const ca = args.plan.kubernetes?.nodeAutoscaler?.clusterAutoscaler;
  if (!ca) return [];
  const { plan } = args;
  const opts = { parent, provider };
  const agent = new Addon(`${name}-pod-identity`, { clusterName: args.clusterName, addonName: "eks-pod-identity-agent", resolveConflictsOnCreate: "OVERWRITE", tags: args.tags }, { ...opts, dependsOn: args.dependsOn });
  const role = new Role(
    `${name}-autoscaler-role`,
    {
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }] }),
      tags: awsTags(args.tags, plan.names.physical, "autoscaler-role"),
    },
    opts,
  );
  new RolePolicy(`${name}-autoscaler-policy`, { role: role.name, policy: args.clusterName.apply(clusterAutoscalerPolicy) }, opts);
  const identity = new PodIdentityAssociation(`${name}-autoscaler-identity`, { clusterName: args.clusterName, namespace: ca.namespace, serviceAccount: ca.serviceAccount, roleArn: role.arn, tags: args.tags }, { ...opts, dependsOn: [agent] });
  const release = createRelease(
    `${name}-cluster-autoscaler`,
    {
      release: "cluster-autoscaler",
      namespace: ca.namespace,
      chart: ca.chart,
      values: {
        cloudProvider: "aws",
        awsRegion: plan.placement.region,
        autoDiscovery: { clusterName: plan.kubernetes!.cluster.name },
        rbac: { serviceAccount: { create: true, name: ca.serviceAccount } },
        ...(ca.imageTag ? { image: { tag: ca.imageTag } } : {}),
        // Never scale a GPU node down while an engine pod loads weights; balance node groups of one shape.
        extraArgs: { "balance-similar-node-groups": true, "skip-nodes-with-system-pods": false, "scale-down-unneeded-time": "10m" },
      },
    },
    { parent, provider: args.k8sProvider, dependsOn: [identity, ...args.dependsOn] },
  );
  return [agent, role, identity, release];
}
