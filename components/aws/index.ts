/**
 * The AWS cloud adapter: builds {@link AwsVmTarget}s (EC2 Auto Scaling group behind an ALB).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CloudAdapter, CloudTarget, CloudTargetArgs } from "../adapter";
import { AwsVmTarget } from "./target";

export { AwsVmTarget, AWS_VM_TARGET_TYPE } from "./target";
export { createAwsNetwork, type TargetNetworkSpec } from "./network";
export { AWS_HEALTH_CHECK_GRACE_SECONDS } from "./host-group";
export { AWS_TLS_POLICY, AWS_ALB_IDLE_TIMEOUT_SECONDS } from "./load-balancer";

/** The AWS adapter: `createTarget` returns a `gpu-inference:aws:VmTarget` component. */
export const awsAdapter: CloudAdapter = {
  cloud: "aws",
  createTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
    return new AwsVmTarget(name, args, opts);
  },
};
