/**
 * The Volcano Engine VM target: network (with NAT egress), security group, CLB (with a client ACL)
 * and GPU host group, composed from the building blocks of this folder under one
 * `gpu-inference:volcengine:VmTarget` component.
 */
import * as pulumi from "@pulumi/pulumi";
import { type CloudAdapter, type CloudTarget, type CloudTargetArgs, assertVmTargetFor } from "../adapter";
import { createKubeconfigTarget } from "../kubernetes/target";
import { createVolcengineHostGroup } from "./host-group";
import { createVolcengineKubernetesTarget } from "./kubernetes-target";
import { lookupVolcengineImage } from "./image";
import { verifyVolcengineInstanceType } from "./instance-type";
import { createVolcengineLoadBalancer } from "./load-balancer";
import { createVolcengineNetwork } from "./network";
import { createVolcengineProvider } from "./provider";
import { createVolcengineSecrets } from "./secrets";
import { createVolcengineSecurity } from "./security";

/** Type token of {@link VolcengineVmTarget} (frozen). */
export const VOLCENGINE_VM_TARGET_TYPE = "gpu-inference:volcengine:VmTarget";

/**
 * One target on Volcano Engine ECS (runtime `vm`). Children are named `${name}-<role>`, parented to
 * this component and created with the explicit `volcengine` provider (`args.provider`, or
 * `${name}-provider` for the plan's region). Everything the plan decides (subnets, CIDRs, zones,
 * client CIDRs, the CLB's source range, names) is taken from it. Planned secrets go to KMS and
 * are read at boot through the hosts' IAM role (`secrets.ts`); without secrets the hosts get no role.
 */
export class VolcengineVmTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `http(s)://<CLB EIP>` (public) or `http(s)://<CLB private address>` (listener on 80, or 443 with TLS). */
  declare public readonly endpoint: pulumi.Output<string>;
  /** Scaling group id, or the ECS instance ids joined by `,`. */
  declare public readonly hostGroupId: pulumi.Output<string>;
  /** The provider every child uses. */
  declare public readonly provider: pulumi.ProviderResource;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(VOLCENGINE_VM_TARGET_TYPE, name, {}, opts);
    const { plan, tags } = args;
    assertVmTargetFor("volcengine", plan, this);
    const provider = args.provider ?? createVolcengineProvider(name, plan.placement.region, this);
    // secrets first: a missing value fails before any resource is registered
    const secrets = createVolcengineSecrets(name, { plan, secrets: args.secrets, tags }, this, provider);

    const network = createVolcengineNetwork(name, { plan, tags }, this, provider);
    const { securityGroupId } = createVolcengineSecurity(name, { plan, vpcId: network.vpcId, tags }, this, provider);
    const lb = createVolcengineLoadBalancer(name, { plan, vpcId: network.vpcId, subnetId: network.lbSubnetId, tags }, this, provider);
    // Deploy-time checks: the instance type exists, carries the planned GPUs and is on sale in every
    // zone of the plan; the image look-up and the hosts wait on it.
    const instanceType = verifyVolcengineInstanceType(name, { plan }, this, provider);
    const hosts = createVolcengineHostGroup(
      name,
      {
        plan,
        instanceType,
        imageId: lookupVolcengineImage(name, { plan, instanceType }, this, provider),
        subnets: network.hostSubnets,
        securityGroupId,
        serverGroupId: lb.serverGroupId,
        iamRoleName: secrets.iamRoleName,
        tags,
      },
      this,
      provider,
    );
    this.provider = provider;
    this.hostGroupId = hosts.hostGroupId;
    this.endpoint = lb.endpoint;
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId });
  }
}

/** The Volcano Engine adapter (`cloud: "volcengine"`). */
export const volcengineAdapter: CloudAdapter = {
  cloud: "volcengine",
  createTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
    // runtime kubernetes: a VKE cluster the kit creates or adopts, or any cluster by kubeconfig.
    if (args.plan.placement.runtime === "kubernetes") {
      return args.plan.kubernetes?.cluster.mode === "kubeconfig" ? createKubeconfigTarget(name, args, opts) : createVolcengineKubernetesTarget(name, args, opts);
    }
    return new VolcengineVmTarget(name, args, opts);
  },
};
