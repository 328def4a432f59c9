/**
 * Tencent Cloud adapter and its thin provider bindings (pulumi-tencentcloud v0.2.3).
 */
export { TENCENTCLOUD_VM_TARGET_TYPE, tencentcloudAdapter, TencentcloudVmTarget } from "./target";
export { createTencentcloudProvider } from "./provider";
export { createTencentcloudNetwork, TENCENTCLOUD_NAT, type TencentcloudNetwork, type TencentcloudNetworkArgs } from "./network";
export { createTencentcloudSecurity, type TencentcloudSecurity, type TencentcloudSecurityArgs } from "./security";
export { createTencentcloudLoadBalancer, listenerInputs, type TencentcloudLoadBalancer, type TencentcloudLoadBalancerArgs } from "./load-balancer";
export { createTencentcloudHostGroup, spotMaxPrice, type TencentcloudHostGroupArgs } from "./host-group";
export { lookupTencentcloudImageId, type TencentcloudImageArgs } from "./image";
export { verifyTencentcloudInstanceType, type TencentcloudInstanceTypeArgs } from "./instance-type";
export { checkHealthCheckPara, type ClbProtocol, type HealthApplyType, type HealthCheckInputs } from "./health-check";
export { TencentcloudProvider, tencentcloudCredentials, type TencentcloudProviderArgs } from "./resources/provider";
export * as resources from "./resources/all";
