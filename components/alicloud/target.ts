/**
 * The Alibaba Cloud VM target: one component per target composing its regional provider, network,
 * security group, secret store, image, ALB and ESS host group, all mapped from the plan.
 */
import * as pulumi from "@pulumi/pulumi";
import { type CloudAdapter, type CloudTarget, type CloudTargetArgs, assertVmTargetFor } from "../adapter";
import { createKubeconfigTarget } from "../kubernetes/target";
import { createAlicloudKubernetesTarget } from "./kubernetes-target";
import { createAlicloudHostGroup } from "./host-group";
import { resolveAlicloudImage } from "./image";
import { createAlicloudLoadBalancer } from "./load-balancer";
import { createAlicloudNetwork } from "./network";
import { createAlicloudProvider } from "./provider";
import { createAlicloudSecrets } from "./secrets";
import { createAlicloudGatewayRedis } from "../gateway/alicloud-redis";
import { createAlicloudSecurityGroup } from "./security";
import { verifyInstanceTypeZones } from "./zones";
import { createAlicloudVmVectorDatabase } from "./vm-vector-database";
import type { VectorDatabaseOutputs } from "../vector-database/helm";

/** Type token of {@link AlicloudVmTarget} (frozen). */
export const ALICLOUD_VM_TARGET_TYPE = "gpu-inference:alicloud:VmTarget";

/**
 * A GPU inference target on Alibaba Cloud ECS (runtime `vm`): private GPU hosts in an ESS scaling
 * group behind an ALB. Every child is named `<name>-<role>`, parented here and built through one
 * explicit provider for `plan.placement.region` (`args.provider`, else `<name>-provider`), so
 * nothing goes through the default provider. Defaults are the kit's security posture: no public IPs
 * or SSH on hosts, metadata hardened mode only, encrypted system disks, the engine port open only to
 * the ALB's vSwitches, secrets in OOS secret parameters under a target KMS key readable only by the
 * hosts' RAM role, listener clients restricted to `plan.loadBalancer.clientCidrs`.
 */
export class AlicloudVmTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `https://<alb dns>` with TLS, `http://<alb dns>` otherwise. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** Id of the ESS scaling group. */
  declare public readonly hostGroupId: pulumi.Output<string>;
  /** Id of the VPC the target runs in. */
  declare public readonly vpcId: pulumi.Output<string>;
  /** The regional `alicloud` provider every child uses. */
  declare public readonly provider: pulumi.ProviderResource;
  /** The Qdrant host or RDS PostgreSQL beside this target, when the plan puts it here. */
  declare public readonly vectorDatabase: VectorDatabaseOutputs | undefined;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(ALICLOUD_VM_TARGET_TYPE, name, {}, opts);
    const { plan, tags } = args;
    assertVmTargetFor("alicloud", plan, this);
    const provider = args.provider ?? createAlicloudProvider(name, plan.placement.region, this);
    const network = createAlicloudNetwork(name, { plan, tags }, this, provider);
    const security = createAlicloudSecurityGroup(name, { plan, vpcId: network.vpcId, backendCidrs: network.backendCidrs, tags }, this, provider);
    // the gateway's shared limit store (several hosts with limited consumers): its endpoint joins the hosts' secrets
    const redis = plan.gateway?.rateLimitStore.kind === "managed-redis" ? [createAlicloudGatewayRedis(name, { plan, vswitch: network.hostSwitches[0]!, tags }, this, provider)] : [];
    const secrets = createAlicloudSecrets(name, { plan, secrets: [...args.secrets, ...redis], tags }, this, provider);
    const lb = createAlicloudLoadBalancer(name, { plan, vpcId: network.vpcId, switches: network.lbSwitches, tags }, this, provider);
    const instanceType = verifyInstanceTypeZones(plan, this, provider);
    const hosts = createAlicloudHostGroup(
      name,
      {
        plan,
        instanceType,
        imageId: resolveAlicloudImage(plan, instanceType, this, provider),
        securityGroupId: security.hostSecurityGroupId,
        vswitchIds: network.hostSwitches.map((s) => s.id),
        ramRoleName: secrets.ramRoleName,
        serverGroupId: lb.serverGroupId,
        dependsOn: [lb.listener],
        tags,
      },
      this,
      provider,
    );
    this.provider = provider;
    this.vectorDatabase = createAlicloudVmVectorDatabase({ plan, vpcId: network.vpcId, hostSwitches: network.hostSwitches, tags }, this, provider);
    this.endpoint = pulumi.interpolate`${lb.scheme}://${lb.dnsName}`;
    this.hostGroupId = hosts.scalingGroupId;
    this.vpcId = network.vpcId;
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId, vpcId: this.vpcId });
  }
}

/** The Alibaba Cloud adapter: `createTarget` returns a `gpu-inference:alicloud:VmTarget` component. */
export const alicloudAdapter: CloudAdapter = {
  cloud: "alicloud",
  createTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
    // runtime kubernetes: an ACK cluster the kit creates or adopts, or any cluster by kubeconfig.
    if (args.plan.placement.runtime === "kubernetes") {
      return args.plan.kubernetes?.cluster.mode === "kubeconfig" ? createKubeconfigTarget(name, args, opts) : createAlicloudKubernetesTarget(name, args, opts);
    }
    return new AlicloudVmTarget(name, args, opts);
  },
};
