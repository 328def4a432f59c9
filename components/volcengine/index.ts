/**
 * Volcano Engine adapter and its thin provider bindings (pulumi-volcengine v0.0.47).
 */
export { volcengineAdapter, VolcengineVmTarget, checkAllowedCidrs } from "./target";
export { VolcengineProvider, volcengineCredentials, type VolcengineProviderArgs } from "./resources/provider";
export * as resources from "./resources/all";
