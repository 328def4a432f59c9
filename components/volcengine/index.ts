/**
 * Volcano Engine adapter and its thin provider bindings (pulumi-volcengine v0.0.47).
 */
export { volcengineAdapter, VolcengineVmTarget, VOLCENGINE_VM_TARGET_TYPE } from "./target";
export { createVolcengineProvider } from "./provider";
export { createVolcengineNetwork, type VolcengineNetwork, type VolcengineNetworkArgs } from "./network";
export { createVolcengineSecurity, type VolcengineSecurityArgs } from "./security";
export { createVolcengineLoadBalancer, type VolcengineLoadBalancer, type VolcengineLoadBalancerArgs } from "./load-balancer";
export { createVolcengineHostGroup, type VolcengineHostGroupArgs } from "./host-group";
export { createVolcengineSecrets, type VolcengineSecrets, type VolcengineSecretsArgs } from "./secrets";
export { lookupVolcengineImage } from "./image";
export { verifyVolcengineInstanceType } from "./instance-type";
export { isVolcengineDescription, volcengineDescription, VOLCENGINE_DESCRIPTION_DOC } from "./description";
export { VolcengineProvider, volcengineCredentials, type VolcengineProviderArgs } from "./resources/provider";
export * as resources from "./resources/all";
