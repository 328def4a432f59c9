/**
 * The AWS VM target: one component per target composing the regional provider, network, security
 * groups, secret store, image, instance-type check, load balancer and GPU host group, and the AWS
 * adapter that builds it.
 */
import * as pulumi from "@pulumi/pulumi";
import { type CloudAdapter, type CloudTarget, type CloudTargetArgs, assertVmTargetFor } from "../adapter";
import { createAwsHostGroup } from "./host-group";
import { resolveAwsImage } from "./image";
import { verifyAwsInstanceType } from "./instance-type";
import { createAwsLoadBalancer } from "./load-balancer";
import { createAwsNetwork } from "./network";
import { createAwsProvider } from "./provider";
import { createAwsSecrets } from "./secrets";
import { createAwsSecurityGroups } from "./security";
import { createAwsGatewayRedis } from "../gateway/aws-redis";
import { createKubeconfigTarget } from "../kubernetes/target";
import { createAwsKubernetesTarget } from "./kubernetes-target";
import { createAwsQdrantHost } from "./qdrant-host";
import type { VectorDatabaseOutputs } from "../vector-database/helm";

/** Type token of {@link AwsVmTarget} (frozen). */
export const AWS_VM_TARGET_TYPE = "gpu-inference:aws:VmTarget";

/**
 * A GPU inference target on AWS EC2 (runtime `vm`): private GPU hosts in an Auto Scaling group
 * behind an application load balancer, exactly as the plan lays them out. Every child is named
 * `<name>-<role>`, parented here and created (or looked up) through one explicit `aws` provider for
 * `plan.placement.region` (`args.provider`, or `<name>-provider`). Defaults are the kit's security
 * posture: no public IPs or SSH on hosts, IMDSv2 only, encrypted root volumes, the engine port open
 * only to the load balancer's security group, secrets in SSM SecureString parameters readable only
 * by the hosts' role.
 */
export class AwsVmTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `https://<alb dns>` with TLS, `http://<alb dns>` otherwise. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** Name (= id) of the Auto Scaling group. */
  declare public readonly hostGroupId: pulumi.Output<string>;
  /** Id of the VPC the target runs in. */
  declare public readonly vpcId: pulumi.Output<string>;
  /** The regional `aws` provider every child uses. */
  declare public readonly provider: pulumi.ProviderResource;
  /** The Qdrant host beside this target, when the plan puts it here. */
  declare public readonly vectorDatabase: VectorDatabaseOutputs | undefined;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(AWS_VM_TARGET_TYPE, name, {}, opts);
    const { plan } = args;
    assertVmTargetFor("aws", plan, this);
    const provider = args.provider ?? createAwsProvider(name, plan.placement.region, this);

    const network = createAwsNetwork(name, { plan, tags: args.tags }, this, provider);
    const security = createAwsSecurityGroups(name, { plan, vpcId: network.vpcId, tags: args.tags }, this, provider);
    // the gateway's shared limit store (several hosts with limited consumers): its endpoint joins the hosts' secrets
    const redis =
      plan.gateway?.rateLimitStore.kind === "managed-redis"
        ? [createAwsGatewayRedis(name, { plan, vpcId: network.vpcId, subnetIds: network.hostSubnetIds, hostSecurityGroupId: security.hostSecurityGroupId, tags: args.tags }, this, provider)]
        : [];
    const secrets = createAwsSecrets(name, { plan, secrets: [...args.secrets, ...redis], tags: args.tags }, this, provider);
    const lb = createAwsLoadBalancer(
      name,
      { plan, vpcId: network.vpcId, subnetIds: network.lbSubnetIds, securityGroupId: security.lbSecurityGroupId, tags: args.tags },
      this,
      provider,
    );
    const hosts = createAwsHostGroup(
      name,
      {
        plan,
        instanceType: verifyAwsInstanceType(plan, this, provider),
        imageId: resolveAwsImage(plan.bootstrap.image, this, provider),
        instanceProfileName: secrets.instanceProfileName,
        hostSecurityGroupId: security.hostSecurityGroupId,
        subnetIds: network.hostSubnetIds,
        targetGroupArns: [lb.targetGroupArn],
        tags: args.tags,
      },
      this,
      provider,
    );

    this.provider = provider;
    this.vectorDatabase = plan.vectorDatabase?.host ? createAwsQdrantHost({ plan, vpcId: network.vpcId, hostSubnetIds: network.hostSubnetIds, tags: args.tags }, this, provider) : undefined;
    this.endpoint = pulumi.interpolate`${lb.scheme}://${lb.dnsName}`;
    this.hostGroupId = hosts.groupName;
    this.vpcId = network.vpcId;
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId, vpcId: this.vpcId });
  }
}

/** The AWS adapter: `createTarget` returns a `gpu-inference:aws:VmTarget` component. */
export const awsAdapter: CloudAdapter = {
  cloud: "aws",
  createTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
    return createAwsTargetFor(name, args, opts);
  },
};

/** The target of the plan's runtime: VM (unchanged), EKS (created or adopted cluster), or any cluster by kubeconfig. */
function createAwsTargetFor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
  if (args.plan.placement.runtime !== "kubernetes") return new AwsVmTarget(name, args, opts);
  return args.plan.kubernetes?.cluster.mode === "kubeconfig" ? createKubeconfigTarget(name, args, opts) : createAwsKubernetesTarget(name, args, opts);
}
