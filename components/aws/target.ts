/**
 * The AWS VM target: one component per target composing network, security groups, secret store,
 * image, load balancer and GPU host group.
 */
import * as pulumi from "@pulumi/pulumi";
import { type CloudTarget, type CloudTargetArgs, assertVmTargetFor } from "../adapter";
import { createAwsHostGroup } from "./host-group";
import { resolveAwsImage } from "./image";
import { awsListenerPorts, createAwsLoadBalancer } from "./load-balancer";
import { createAwsNetwork } from "./network";
import { createAwsSecrets } from "./secrets";
import { createAwsSecurityGroups } from "./security";

/** Type token of {@link AwsVmTarget}. */
export const AWS_VM_TARGET_TYPE = "gpu-inference:aws:VmTarget";

/**
 * A GPU inference target on AWS EC2 (runtime `vm`): private GPU hosts in an Auto Scaling group
 * behind an application load balancer. Every child is named `<name>-<role>` and parented here.
 * Defaults are the kit's security posture: no public IPs or SSH on hosts, IMDSv2 only, encrypted
 * root volumes, the engine port open only to the load balancer's security group, secrets in SSM
 * SecureString parameters readable only by the hosts' role.
 */
export class AwsVmTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `https://<alb dns>` with TLS, `http://<alb dns>` otherwise. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** Name (= id) of the Auto Scaling group. */
  declare public readonly hostGroupId: pulumi.Output<string>;
  /** Id of the VPC the target runs in. */
  declare public readonly vpcId: pulumi.Output<string>;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(AWS_VM_TARGET_TYPE, name, {}, opts);
    const { plan } = args;
    assertVmTargetFor("aws", plan, this);
    const provider = args.provider;
    const tls = args.loadBalancer.tls;

    const network = createAwsNetwork(
      name,
      { zones: plan.placement.zones, network: args.network, publicLoadBalancer: args.loadBalancer.public, tags: args.tags },
      this,
      provider,
    );
    const allowedCidrs: pulumi.Input<string>[] =
      args.loadBalancer.allowedCidrs ?? (args.loadBalancer.public ? ["0.0.0.0/0"] : [network.vpcCidr]);
    const security = createAwsSecurityGroups(
      name,
      { vpcId: network.vpcId, enginePort: plan.engine.port, listenerPorts: awsListenerPorts(Boolean(tls)), allowedCidrs, tags: args.tags },
      this,
      provider,
    );
    const secrets = createAwsSecrets(name, { region: plan.placement.region, secrets: args.secrets, tags: args.tags }, this, provider);
    const lb = createAwsLoadBalancer(
      name,
      {
        plan,
        vpcId: network.vpcId,
        subnetIds: network.lbSubnetIds,
        securityGroupId: security.lbSecurityGroupId,
        public: args.loadBalancer.public,
        certificateArn: tls?.certificateId,
        tags: args.tags,
      },
      this,
      provider,
    );
    const hosts = createAwsHostGroup(
      name,
      {
        plan,
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

    this.endpoint = pulumi.interpolate`${lb.scheme}://${lb.dnsName}`;
    this.hostGroupId = hosts.groupName;
    this.vpcId = network.vpcId;
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId, vpcId: this.vpcId });
  }
}
