/**
 * Tencent Cloud adapter and its thin provider bindings (pulumi-tencentcloud v0.2.3).
 */
export { tencentcloudAdapter, TencentcloudVmTarget } from "./target";
export { TencentcloudProvider, tencentcloudCredentials, type TencentcloudProviderArgs } from "./resources/provider";
export * as resources from "./resources/all";
