/**
 * The Volcano Engine VM target: network, security group, CLB and GPU host group, composed from the
 * building blocks of this folder under one `gpu-inference:volcengine:VmTarget` component.
 */
import * as pulumi from "@pulumi/pulumi";
import { type CloudAdapter, type CloudTarget, type CloudTargetArgs, assertVmTargetFor } from "../adapter";
import { networkOptionsOf } from "../providers/thin";
import { createHostGroup } from "./host-group";
import { lookupImageId } from "./image";
import { verifyInstanceType } from "./instance-type";
import { createLoadBalancer } from "./load-balancer";
import { createNetwork } from "./network";
import { targetProvider, volcengineContext } from "./provider";
import { createSecurity } from "./security";

/**
 * Throws when `allowedCidrs` asks for a restriction the Volcengine adapter cannot enforce: a CLB
 * ACL (`volcengine:clb/acl:Acl`) is not among the declared resources, and the hosts only ever see
 * the CLB's addresses on a layer-7 listener. The defaults (public: `0.0.0.0/0`; private: the VPC
 * CIDR) pass.
 */
export function checkAllowedCidrs(target: string, isPublic: boolean, allowedCidrs: string[] | undefined, vpcCidr: string): void {
  if (!allowedCidrs) return;
  const defaults = isPublic ? ["0.0.0.0/0"] : [vpcCidr];
  if (allowedCidrs.length === defaults.length && allowedCidrs.every((c, i) => c === defaults[i])) return;
  throw new Error(
    `volcengine target ${target}: loadBalancer.allowedCidrs ${JSON.stringify(allowedCidrs)} cannot be enforced yet (needs a CLB ACL); ` +
      `remove it, or use a private load balancer (reachable from the VPC only)`,
  );
}

/**
 * One target on Volcano Engine ECS. Children are named `${name}-<role>`, parented to this
 * component and created with the explicit `volcengine` provider (`args.provider`, or
 * `${name}-provider` for the target's region). Only `runtime: vm` is supported here.
 */
export class VolcengineVmTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `http(s)://<CLB EIP>` (public) or `http(s)://<CLB private address>` (listener on 80, or 443 with TLS). */
  public readonly endpoint: pulumi.Output<string>;
  /** Scaling group id, or the ECS instance ids joined by `,`. */
  public readonly hostGroupId: pulumi.Output<string>;
  /** The provider every child uses. */
  public readonly provider: pulumi.ProviderResource;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("gpu-inference:volcengine:VmTarget", name, {}, opts);
    const { plan, loadBalancer } = args;
    assertVmTargetFor("volcengine", plan, this);
    if (args.secrets.length > 0) {
      pulumi.log.warn(`volcengine target ${plan.name}: secrets (${args.secrets.map((s) => s.name).join(", ")}) are not stored by the Volcano Engine adapter yet; see docs/clouds.md`, this);
    }
    this.provider = targetProvider(name, plan.placement.region, this, args.provider);
    const ctx = volcengineContext(name, this, this.provider, args.tags);

    const network = createNetwork(ctx, plan.placement.zones, networkOptionsOf(args));
    checkAllowedCidrs(plan.name, loadBalancer.public, loadBalancer.allowedCidrs, network.vpcCidr);
    const securityGroupId = createSecurity(ctx, network.vpcId, plan.engine.port, network.lbSourceCidr);
    const lb = createLoadBalancer(ctx, {
      public: loadBalancer.public,
      certificateId: loadBalancer.tls?.certificateId,
      vpcId: network.vpcId,
      subnetId: network.lbSubnetId,
      readinessPath: plan.engine.readinessPath,
    });
    // Deploy-time checks: the instance type exists (and, on Volcano Engine, carries the planned
    // GPUs); the image look-up and the hosts wait on it.
    const instanceType = verifyInstanceType(ctx, plan);
    this.hostGroupId = createHostGroup(ctx, {
      plan,
      instanceType,
      imageId: lookupImageId(ctx, plan, instanceType),
      subnetIds: network.subnetIds,
      securityGroupId,
      clbId: lb.clbId,
      serverGroupId: lb.serverGroupId,
    });
    this.endpoint = lb.endpoint;
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId });
  }
}

/** The Volcano Engine adapter (`cloud: "volcengine"`). */
export const volcengineAdapter: CloudAdapter = {
  cloud: "volcengine",
  createTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
    return new VolcengineVmTarget(name, args, opts);
  },
};
