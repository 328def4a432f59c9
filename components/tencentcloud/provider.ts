/**
 * The explicit Tencent Cloud provider of a target: every child resource and every invoke of the
 * target goes through it, never through the default provider (whose region is whatever the
 * operator's environment says).
 */
import * as pulumi from "@pulumi/pulumi";
import { TencentcloudProvider, tencentcloudCredentials } from "./resources/provider";

/**
 * Creates `${name}-provider` (child of `parent`) for `region`, with credentials from stack config
 * `tencentcloud:secretId` / `tencentcloud:secretKey` or, when those are absent, the plugin's env
 * vars (`TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY`).
 */
export function createTencentcloudProvider(name: string, region: string, parent: pulumi.Resource): pulumi.ProviderResource {
  return new TencentcloudProvider(`${name}-provider`, { region, ...tencentcloudCredentials() }, { parent });
}
