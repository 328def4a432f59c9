/**
 * The Tencent Cloud VM target: network, security groups, CLB and GPU host group, composed from the
 * building blocks of this folder under one `gpu-inference:tencentcloud:VmTarget` component.
 */
import * as pulumi from "@pulumi/pulumi";
import { type CloudAdapter, type CloudTarget, type CloudTargetArgs, assertVmTargetFor } from "../adapter";
import { networkOptionsOf } from "../providers/thin";
import { createHostGroup } from "./host-group";
import { lookupImageId } from "./image";
import { verifyInstanceType } from "./instance-type";
import { createLoadBalancer } from "./load-balancer";
import { createNetwork } from "./network";
import { targetProvider, type TencentContext } from "./provider";
import { createSecurity } from "./security";

/** Private ranges allowed to an INTERNAL CLB when neither `allowedCidrs` nor the VPC CIDR is known. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/**
 * One target on Tencent Cloud CVM. Children are named `${name}-<role>`, parented to this component
 * and created with the explicit `tencentcloud` provider (`args.provider`, or `${name}-provider` for
 * the target's region). Only `runtime: vm` is supported here.
 */
export class TencentcloudVmTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `http(s)://<CLB VIP>` (listener on 80, or 443 with TLS). */
  public readonly endpoint: pulumi.Output<string>;
  /** Scaling group id, or the CVM instance ids joined by `,`. */
  public readonly hostGroupId: pulumi.Output<string>;
  /** The provider every child uses. */
  public readonly provider: pulumi.ProviderResource;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("gpu-inference:tencentcloud:VmTarget", name, {}, opts);
    const { plan, loadBalancer } = args;
    assertVmTargetFor("tencentcloud", plan, this);
    if (args.secrets.length > 0) {
      pulumi.log.warn(`tencentcloud target ${plan.name}: secrets (${args.secrets.map((s) => s.name).join(", ")}) are not stored by the Tencent adapter yet; see docs/clouds.md`, this);
    }
    this.provider = targetProvider(name, plan.placement.region, this, args.provider);
    const ctx: TencentContext = { name, parent: this, provider: this.provider, tags: args.tags };

    const network = createNetwork(ctx, plan.placement.zones, networkOptionsOf(args));
    const tls = loadBalancer.tls?.certificateId;
    const allowedCidrs = loadBalancer.allowedCidrs ?? (loadBalancer.public ? ["0.0.0.0/0"] : network.vpcCidr ? [network.vpcCidr] : PRIVATE_RANGES);
    const security = createSecurity(ctx, { enginePort: plan.engine.port, listenerPort: tls ? 443 : 80, allowedCidrs });
    const lb = createLoadBalancer(ctx, {
      public: loadBalancer.public,
      certificateId: tls,
      vpcId: network.vpcId,
      subnetId: network.subnetIds[0],
      securityGroupId: security.lbSecurityGroupId,
      enginePort: plan.engine.port,
      readinessPath: plan.engine.readinessPath,
    });
    // Deploy-time checks: the instance type exists (and, on Volcano Engine, carries the planned
    // GPUs); the image look-up and the hosts wait on it.
    const instanceType = verifyInstanceType(ctx, plan);
    this.hostGroupId = createHostGroup(ctx, {
      plan,
      instanceType,
      imageId: lookupImageId(ctx, plan, instanceType),
      vpcId: network.vpcId,
      subnetIds: network.subnetIds,
      securityGroupId: security.hostSecurityGroupId,
      clbId: lb.clbId,
      listenerId: lb.listenerId,
    });
    this.endpoint = lb.endpoint;
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId });
  }
}

/** The Tencent Cloud adapter (`cloud: "tencentcloud"`). */
export const tencentcloudAdapter: CloudAdapter = {
  cloud: "tencentcloud",
  createTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
    return new TencentcloudVmTarget(name, args, opts);
  },
};
