/**
 * AWS provider building block: the explicit regional provider of a target. Every resource and
 * invoke of the target goes through it, so nothing depends on `aws:region`, `AWS_REGION` or the
 * operator's profile (the default provider's region sources).
 */
import type * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/aws/provider";

/**
 * Creates `<name>-provider`: an `aws` provider for `region` (the plan's `placement.region`), child of
 * `parent`. Credentials come from the provider's usual chain (environment, profile, instance role).
 */
export function createAwsProvider(name: string, region: string, parent: pulumi.Resource): Provider {
  return new Provider(`${name}-provider`, { region }, { parent });
}
