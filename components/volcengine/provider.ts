/**
 * The explicit Volcano Engine provider of a target and the options every child resource gets.
 */
import * as pulumi from "@pulumi/pulumi";
import { VolcengineProvider, volcengineCredentials } from "./resources/provider";
import { volcengineTags, type VolcengineTag } from "./resources/vpc";

/** What every building block needs: naming prefix, parent, explicit provider, tags. */
export interface VolcengineContext {
  /** Prefix of child names: children are `${name}-<role>`. */
  name: string;
  /** The target component. */
  parent: pulumi.Resource;
  /** Explicit `volcengine` provider for the target's region. */
  provider: pulumi.ProviderResource;
  /** Tags on every taggable resource, in Volcengine's `[{key, value}]` form. */
  tags: VolcengineTag[];
}

/** Builds the context from the target's tag map. */
export function volcengineContext(name: string, parent: pulumi.Resource, provider: pulumi.ProviderResource, tags: Record<string, string>): VolcengineContext {
  return { name, parent, provider, tags: volcengineTags(tags) };
}

/** Options of a child resource: parent and explicit provider, plus `extra`. */
export function childOptions(ctx: VolcengineContext, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return { ...extra, parent: ctx.parent, provider: ctx.provider };
}

/**
 * Returns `existing` when the caller passed a provider, else a new provider `${name}-provider`
 * (child of `parent`) for `region`, with credentials from stack config `volcengine:accessKey` /
 * `volcengine:secretKey` or, when those are absent, the plugin's env vars.
 */
export function targetProvider(name: string, region: string, parent: pulumi.Resource, existing?: pulumi.ProviderResource): pulumi.ProviderResource {
  if (existing) return existing;
  return new VolcengineProvider(`${name}-provider`, { region, ...volcengineCredentials() }, { parent });
}
