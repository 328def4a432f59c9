/**
 * The explicit Alibaba Cloud provider of a target. Without it every resource and invoke would go
 * through the default provider, whose region is `alicloud:region` / `ALICLOUD_REGION` or, when both
 * are empty, the Terraform provider's `cn-beijing` fallback — never the plan's region.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/alicloud/provider";

/**
 * `${name}-provider`: an `alicloud` provider for `region`, child of `parent`. Credentials come from
 * the provider's usual sources (stack config `alicloud:accessKey` / `alicloud:secretKey`, the
 * `ALICLOUD_ACCESS_KEY` / `ALICLOUD_SECRET_KEY` environment, a profile or an ECS RAM role); only the
 * region is set here.
 */
export function createAlicloudProvider(name: string, region: string, parent: pulumi.Resource): Provider {
  return new Provider(`${name}-provider`, { region }, { parent });
}
