/**
 * The Alibaba Cloud adapter: builds {@link AlicloudVmTarget}s (ESS scaling group behind an ALB).
 */
export { AlicloudVmTarget, ALICLOUD_VM_TARGET_TYPE, alicloudAdapter } from "./target";
export { createAlicloudProvider } from "./provider";
export { createAlicloudNetwork, ALICLOUD_NAT_EIP_BANDWIDTH_MBPS, type AlicloudNetwork, type AlicloudSwitchRef } from "./network";
export { createAlicloudSecurityGroup } from "./security";
export { createAlicloudSecrets, ALICLOUD_SECRETS_KEY_PENDING_DAYS } from "./secrets";
export { createAlicloudLoadBalancer, admitsEveryone, ALICLOUD_TLS_POLICY, ALICLOUD_ALB_TIMEOUT_SECONDS } from "./load-balancer";
export { createAlicloudHostGroup, ALICLOUD_SYSTEM_DISK_CATEGORY, ALICLOUD_ESS_HEALTH_CHECK_TYPES } from "./host-group";
export { resolveAlicloudImage } from "./image";
export { verifyAlbZones, verifyInstanceTypeZones, missingZones, ALB_ZONES_TOKEN, ECS_ZONES_TOKEN } from "./zones";
