/**
 * EKS building blocks (pulumi-eks style, `createX(name, args, parent, provider)`): the cluster with
 * its IAM role, KMS-encrypted secrets, control-plane logs, the VPC CNI with network-policy
 * enforcement and the EBS CSI driver; managed node groups from the plan's node pools (private host
 * subnets, encrypted gp3 root volumes and IMDSv2 through a launch template, GPU label and taint, the
 * NVIDIA AMI type); and the kubeconfig (exec `aws eks get-token`, no static credentials).
 */
import * as pulumi from "@pulumi/pulumi";
import { Addon, Cluster, getClusterOutput, NodeGroup } from "@pulumi/aws/eks";
import { LaunchTemplate } from "@pulumi/aws/ec2";
import { Role, RolePolicyAttachment } from "@pulumi/aws/iam";
import { Key } from "@pulumi/aws/kms";
import type { NodePoolPlan } from "../plan/kubernetes-types";
import type { TargetPlan } from "../plan/types";
import { awsTags } from "../tags";

/** AWS managed policies of the node role: worker, CNI, ECR pull, EBS CSI (vector database volumes). */
export const EKS_NODE_POLICIES = [
  "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
  "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
  "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
] as const;

/** AMI type of the system (CPU) node group. */
export const EKS_SYSTEM_AMI_TYPE = "AL2023_x86_64_STANDARD";

/** What the cluster block hands to the node pools and the Kubernetes provider. */
export interface AwsCluster {
  /** EKS cluster name. */
  clusterName: pulumi.Output<string>;
  /** Kubeconfig (exec auth through `aws eks get-token` for the target's region). */
  kubeconfig: pulumi.Output<string>;
  /** Role every node group uses. */
  nodeRoleArn: pulumi.Output<string>;
  /** Resources the workload must wait for (the cluster and its add-ons). */
  ready: pulumi.Resource[];
  /** The cluster security group EKS creates (control plane ↔ nodes); the nodes' network interface carries it. */
  clusterSecurityGroupId: pulumi.Output<string>;
  /** Subnets of an adopted cluster (its node groups go there); undefined for a created one (the plan's host subnets). */
  subnetIds?: pulumi.Output<string[]>;
}

function assumeRole(service: string): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
}

/** Kubeconfig of an EKS cluster with exec authentication (the runner's AWS credentials). */
export function eksKubeconfig(clusterName: pulumi.Input<string>, endpoint: pulumi.Input<string>, caData: pulumi.Input<string>, region: string): pulumi.Output<string> {
  return pulumi.all([clusterName, endpoint, caData]).apply(([n, e, ca]) =>
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: n, cluster: { server: e, "certificate-authority-data": ca } }],
      contexts: [{ name: n, context: { cluster: n, user: n } }],
      "current-context": n,
      users: [{ name: n, user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", n, "--region", region] } } }],
    }),
  );
}

/** The node role shared by the node groups: `<name>-node-role` with {@link EKS_NODE_POLICIES}. */
function createNodeRole(name: string, plan: TargetPlan, tags: Record<string, string>, parent: pulumi.Resource, provider: pulumi.ProviderResource): Role {
  const opts = { parent, provider };
  const role = new Role(`${name}-node-role`, { assumeRolePolicy: assumeRole("ec2.amazonaws.com"), tags: awsTags(tags, plan.names.physical, "node-role") }, opts);
  EKS_NODE_POLICIES.forEach((arn, i) => new RolePolicyAttachment(`${name}-node-policy-${i}`, { role: role.name, policyArn: arn }, opts));
  return role;
}

/**
 * Creates the cluster `<name>-cluster` (plan.kubernetes.cluster: name, version, protect) in the host
 * subnets, or adopts an existing one by name (`mode: existing`: looked up, not managed), plus the
 * node role and — for a created cluster — the VPC CNI (network policies enforced) and EBS CSI add-ons.
 */
export function createAwsCluster(
  name: string,
  args: { plan: TargetPlan; subnetIds: pulumi.Input<string>[]; tags: Record<string, string> },
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): AwsCluster {
  const { plan } = args;
  const kube = plan.kubernetes!;
  const region = plan.placement.region;
  const opts = { parent, provider };
  const nodeRole = createNodeRole(name, plan, args.tags, parent, provider);
  if (kube.cluster.mode === "existing") {
    const found = getClusterOutput({ name: kube.cluster.name! }, opts);
    return {
      clusterName: found.name,
      kubeconfig: eksKubeconfig(found.name, found.endpoint, found.certificateAuthorities[0].data, region),
      nodeRoleArn: nodeRole.arn,
      ready: [],
      subnetIds: found.vpcConfig.subnetIds,
      clusterSecurityGroupId: found.vpcConfig.clusterSecurityGroupId,
    };
  }
  const role = new Role(`${name}-cluster-role`, { assumeRolePolicy: assumeRole("eks.amazonaws.com"), tags: awsTags(args.tags, plan.names.physical, "cluster-role") }, opts);
  const policy = new RolePolicyAttachment(`${name}-cluster-policy`, { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" }, opts);
  const key = new Key(`${name}-cluster-kms`, { description: `${plan.names.physical} EKS secrets`, enableKeyRotation: true, deletionWindowInDays: 30, tags: awsTags(args.tags, plan.names.physical, "cluster-kms") }, opts);
  const cluster = new Cluster(
    `${name}-cluster`,
    {
      name: kube.cluster.name!,
      version: kube.cluster.version!,
      roleArn: role.arn,
      // Private by default; public only for the plan's client CIDRs (never 0.0.0.0/0, which AWS assumes when the list is empty).
      vpcConfig: {
        subnetIds: args.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: kube.cluster.publicApiCidrs.length > 0,
        ...(kube.cluster.publicApiCidrs.length ? { publicAccessCidrs: kube.cluster.publicApiCidrs } : {}),
      },
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      encryptionConfig: { provider: { keyArn: key.arn }, resources: ["secrets"] },
      enabledClusterLogTypes: ["api", "audit", "authenticator"],
      tags: awsTags(args.tags, plan.names.physical, "cluster"),
    },
    { ...opts, dependsOn: [policy], protect: kube.cluster.protect },
  );
  const cni = new Addon(
    `${name}-vpc-cni`,
    { clusterName: cluster.name, addonName: "vpc-cni", configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }), resolveConflictsOnCreate: "OVERWRITE", tags: args.tags },
    opts,
  );
  const ebs = new Addon(`${name}-ebs-csi`, { clusterName: cluster.name, addonName: "aws-ebs-csi-driver", resolveConflictsOnCreate: "OVERWRITE", tags: args.tags }, opts);
  return {
    clusterName: cluster.name,
    kubeconfig: eksKubeconfig(cluster.name, cluster.endpoint, cluster.certificateAuthority.data, region),
    nodeRoleArn: nodeRole.arn,
    ready: [cluster, cni, ebs],
    clusterSecurityGroupId: cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId ?? ""),
  };
}

/**
 * Creates the managed node group `<name>-<role>-pool` of `pool` with its launch template
 * `<name>-<role>-lt` (encrypted gp3 root volume of `pool.diskGb`, IMDSv2 with hop limit 2 for pods),
 * in the private host subnets, labelled and tainted as planned; `desiredSize` starts at `minNodes`
 * and is left to autoscalers afterwards.
 */
export function createAwsNodePool(
  name: string,
  args: {
    plan: TargetPlan;
    pool: NodePoolPlan;
    clusterName: pulumi.Input<string>;
    nodeRoleArn: pulumi.Input<string>;
    subnetIds: pulumi.Input<string>[];
    /** Security group of the nodes' network interface: the cluster security group. */
    clusterSecurityGroupId: pulumi.Input<string>;
    tags: Record<string, string>;
    dependsOn?: pulumi.Resource[];
  },
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): NodeGroup {
  const { plan, pool } = args;
  const opts = { parent, provider };
  const role = `${pool.role}-pool`;
  const template = new LaunchTemplate(
    `${name}-${pool.role}-lt`,
    {
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: pool.diskGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 },
      // No public IP whatever the subnet's mapPublicIpOnLaunch says. EKS forbids a subnet here (the node
      // group's subnets apply) and, once an interface is given, its security groups replace the ones EKS
      // would add: the interface carries the cluster security group EKS itself would attach.
      networkInterfaces: [{ associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: [args.clusterSecurityGroupId] }],
      tagSpecifications: [
        { resourceType: "instance", tags: awsTags(args.tags, plan.names.physical, role) },
        { resourceType: "volume", tags: awsTags(args.tags, plan.names.physical, role) },
      ],
      tags: awsTags(args.tags, plan.names.physical, `${pool.role}-lt`),
    },
    opts,
  );
  return new NodeGroup(
    `${name}-${role}`,
    {
      clusterName: args.clusterName,
      nodeGroupName: `${plan.names.physical}-${pool.role}`,
      nodeRoleArn: args.nodeRoleArn,
      subnetIds: args.subnetIds,
      instanceTypes: [pool.instanceType],
      amiType: pool.image ?? EKS_SYSTEM_AMI_TYPE,
      capacityType: pool.spot ? "SPOT" : "ON_DEMAND",
      scalingConfig: { minSize: pool.minNodes, maxSize: Math.max(1, pool.maxNodes), desiredSize: pool.minNodes },
      launchTemplate: { id: template.id, version: pulumi.interpolate`${template.latestVersion}` },
      labels: pool.labels,
      taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: "NO_SCHEDULE" })),
      updateConfig: { maxUnavailable: 1 },
      tags: awsTags(args.tags, plan.names.physical, role),
    },
    { ...opts, dependsOn: args.dependsOn, ignoreChanges: ["scalingConfig.desiredSize"] },
  );
}
