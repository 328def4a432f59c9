/**
 * The explicit Tencent Cloud provider of a target and the options every child resource gets.
 */
import * as pulumi from "@pulumi/pulumi";
import { TencentcloudProvider, tencentcloudCredentials } from "./resources/provider";

/** What every building block needs: naming prefix, parent, explicit provider, tags. */
export interface TencentContext {
  /** Prefix of child names: children are `${name}-<role>`. */
  name: string;
  /** The target component. */
  parent: pulumi.Resource;
  /** Explicit `tencentcloud` provider for the target's region. */
  provider: pulumi.ProviderResource;
  /** Tags on every taggable resource. */
  tags: Record<string, string>;
}

/** Options of a child resource: parent and explicit provider, plus `extra`. */
export function childOptions(ctx: TencentContext, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return { ...extra, parent: ctx.parent, provider: ctx.provider };
}

/**
 * Returns `existing` when the caller passed a provider, else a new provider `${name}-provider`
 * (child of `parent`) for `region`, with credentials from stack config `tencentcloud:secretId` /
 * `tencentcloud:secretKey` or, when those are absent, the plugin's env vars.
 */
export function targetProvider(name: string, region: string, parent: pulumi.Resource, existing?: pulumi.ProviderResource): pulumi.ProviderResource {
  if (existing) return existing;
  return new TencentcloudProvider(`${name}-provider`, { region, ...tencentcloudCredentials() }, { parent });
}
