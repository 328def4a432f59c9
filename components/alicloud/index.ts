/**
 * The Alibaba Cloud adapter: builds {@link AlicloudVmTarget}s (ESS scaling group behind an ALB).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CloudAdapter, CloudTarget, CloudTargetArgs } from "../adapter";
import { AlicloudVmTarget } from "./target";

export { AlicloudVmTarget, ALICLOUD_VM_TARGET_TYPE } from "./target";
export { createAlicloudNetwork, ALICLOUD_NAT_EIP_BANDWIDTH_MBPS } from "./network";
export { ALICLOUD_SYSTEM_DISK_CATEGORY } from "./host-group";
export { ALICLOUD_TLS_POLICY, ALICLOUD_ALB_TIMEOUT_SECONDS } from "./load-balancer";

/** The Alibaba Cloud adapter: `createTarget` returns a `gpu-inference:alicloud:VmTarget` component. */
export const alicloudAdapter: CloudAdapter = {
  cloud: "alicloud",
  createTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
    return new AlicloudVmTarget(name, args, opts);
  },
};
