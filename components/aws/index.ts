/**
 * The AWS cloud adapter: builds {@link AwsVmTarget}s (EC2 Auto Scaling group behind an ALB), one
 * explicit regional provider per target.
 */
export { AwsVmTarget, AWS_VM_TARGET_TYPE, awsAdapter } from "./target";
export { createAwsProvider } from "./provider";
export { createAwsNetwork, type AwsNetwork, type AwsNetworkArgs } from "./network";
export { createAwsSecurityGroups, awsListenerPorts, type AwsSecurityGroups, type AwsSecurityArgs } from "./security";
export { createAwsSecrets, awsPartition, type AwsSecrets, type AwsSecretsArgs } from "./secrets";
export { createAwsLoadBalancer, AWS_TLS_POLICY, AWS_ALB_IDLE_TIMEOUT_SECONDS, type AwsLoadBalancer, type AwsLoadBalancerArgs } from "./load-balancer";
export {
  createAwsHostGroup,
  awsHealthCheckGraceSeconds,
  awsRefreshMaxHealthyPercentage,
  AWS_BOOT_MARGIN_SECONDS,
  AWS_ROOT_VOLUME_IOPS,
  AWS_ROOT_VOLUME_THROUGHPUT_MIBS,
  type AwsHostGroup,
  type AwsHostGroupArgs,
} from "./host-group";
export { verifyAwsInstanceType } from "./instance-type";
export { resolveAwsImage, awsRootDeviceName } from "./image";
