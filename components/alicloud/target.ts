/**
 * The Alibaba Cloud VM target: one component per target composing network, security group, secret
 * store, image, ALB and ESS host group.
 */
import * as pulumi from "@pulumi/pulumi";
import { type CloudTarget, type CloudTargetArgs, assertVmTargetFor } from "../adapter";
import { createAlicloudHostGroup } from "./host-group";
import { resolveAlicloudImage } from "./image";
import { createAlicloudLoadBalancer } from "./load-balancer";
import { createAlicloudNetwork } from "./network";
import { createAlicloudSecrets } from "./secrets";
import { createAlicloudSecurityGroup } from "./security";

/** Type token of {@link AlicloudVmTarget}. */
export const ALICLOUD_VM_TARGET_TYPE = "gpu-inference:alicloud:VmTarget";

/**
 * A GPU inference target on Alibaba Cloud ECS (runtime `vm`): private GPU hosts in an ESS scaling
 * group behind an ALB. Every child is named `<name>-<role>` and parented here. Defaults are the
 * kit's security posture: no public IPs or SSH on hosts, metadata hardened mode only, encrypted
 * system disks, the engine port open only to the ALB's vSwitches, secrets in OOS secret parameters
 * readable only by the hosts' RAM role. Listener clients: `allowedCidrs`, else everyone for a
 * public ALB and the VPC CIDR for an internal one (whitelist ACL).
 */
export class AlicloudVmTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `https://<alb dns>` with TLS, `http://<alb dns>` otherwise. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** Id of the ESS scaling group. */
  declare public readonly hostGroupId: pulumi.Output<string>;
  /** Id of the VPC the target runs in. */
  declare public readonly vpcId: pulumi.Output<string>;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(ALICLOUD_VM_TARGET_TYPE, name, {}, opts);
    const { plan } = args;
    assertVmTargetFor("alicloud", plan, this);
    const provider = args.provider;
    const network = createAlicloudNetwork(name, { zones: plan.placement.zones, network: args.network, tags: args.tags }, this, provider);
    const security = createAlicloudSecurityGroup(
      name,
      { vpcId: network.vpcId, enginePort: plan.engine.port, lbCidrs: network.lbSwitches.map((s) => s.cidrBlock), tags: args.tags },
      this,
      provider,
    );
    const secrets = createAlicloudSecrets(name, { region: plan.placement.region, secrets: args.secrets, tags: args.tags }, this, provider);
    const allowedCidrs = args.loadBalancer.allowedCidrs ?? (args.loadBalancer.public ? undefined : [network.vpcCidr]);
    const lb = createAlicloudLoadBalancer(
      name,
      {
        plan,
        vpcId: network.vpcId,
        switches: network.lbSwitches,
        public: args.loadBalancer.public,
        certificateId: args.loadBalancer.tls?.certificateId,
        allowedCidrs,
        tags: args.tags,
      },
      this,
      provider,
    );
    const hosts = createAlicloudHostGroup(
      name,
      {
        plan,
        imageId: resolveAlicloudImage(plan.bootstrap.image, plan.offering.instanceType, this, provider),
        securityGroupId: security.hostSecurityGroupId,
        vswitchIds: network.hostSwitches.map((s) => s.id),
        ramRoleName: secrets.ramRoleName,
        serverGroupId: lb.serverGroupId,
        dependsOn: [lb.listener],
        tags: args.tags,
      },
      this,
      provider,
    );
    this.endpoint = pulumi.interpolate`${lb.scheme}://${lb.dnsName}`;
    this.hostGroupId = hosts.scalingGroupId;
    this.vpcId = network.vpcId;
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId, vpcId: this.vpcId });
  }
}
