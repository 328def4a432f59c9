/**
 * Shared helpers for "thin" provider bindings: hand-written `pulumi.CustomResource` classes for
 * providers whose generated SDK is not on the npm registry (Tencent Cloud, Volcano Engine). They
 * do what the generated SDKs do (reference/providers-and-catalog.md §0): the official type token,
 * the official input names, and `version` + `pluginDownloadURL` on every resource, invoke and
 * explicit provider, so that a real `pulumi up` downloads and loads the real plugin.
 */
import * as pulumi from "@pulumi/pulumi";

/** A resource plugin as the engine needs it to find and download the binary. */
export interface ThinPlugin {
  /** Package name: first segment of every token and the provider type `pulumi:providers:<name>`. */
  readonly name: "tencentcloud" | "volcengine";
  /** Plugin version (semver without `v`). */
  readonly version: string;
  /** Plugin server the engine downloads the release asset from. */
  readonly pluginDownloadURL: string;
}

/** `tencentcloudstack/pulumi-tencentcloud` v0.2.3 (bridges terraform-provider-tencentcloud v1.82.42). */
export const TENCENTCLOUD_PLUGIN: ThinPlugin = Object.freeze({
  name: "tencentcloud",
  version: "0.2.3",
  pluginDownloadURL: "github://api.github.com/tencentcloudstack",
});

/** `volcengine/pulumi-volcengine` v0.0.47 (bridges terraform-provider-volcengine v0.0.194). */
export const VOLCENGINE_PLUGIN: ThinPlugin = Object.freeze({
  name: "volcengine",
  version: "0.0.47",
  pluginDownloadURL: "github://api.github.com/volcengine",
});

/**
 * Resource options the generated SDKs merge into every resource: the plugin's `version` and
 * `pluginDownloadURL`, plus `additionalSecretOutputs` when given. Caller options win.
 */
export function thinOptions<T extends pulumi.ResourceOptions>(plugin: ThinPlugin, opts?: T, secretOutputs?: string[]): T {
  const defaults: pulumi.CustomResourceOptions = { version: plugin.version, pluginDownloadURL: plugin.pluginDownloadURL };
  if (secretOutputs?.length) defaults.additionalSecretOutputs = secretOutputs;
  return pulumi.mergeOptions(defaults, opts ?? {}) as T;
}

/**
 * Base class of every thin resource. Subclasses declare a static `__pulumiType` (so that policy
 * `isType()` works), their output fields with `declare public readonly` (class fields would wipe the
 * outputs, see offline-pulumi.md pitfall 1) and pass the names of output-only properties, which
 * must be present as `undefined` for Pulumi to create their output slots.
 */
export abstract class ThinResource extends pulumi.CustomResource {
  protected constructor(
    type: string,
    name: string,
    args: object,
    outputNames: readonly string[],
    plugin: ThinPlugin,
    opts?: pulumi.CustomResourceOptions,
    secretOutputs?: string[],
  ) {
    const props: pulumi.Inputs = { ...(args as pulumi.Inputs) };
    for (const output of outputNames) if (!(output in props)) props[output] = undefined;
    super(type, name, props, thinOptions(plugin, opts, secretOutputs));
  }
}

/**
 * Calls a provider function (data source) with the plugin's version and download URL, like the
 * generated SDKs' `getXxxOutput`. Pass the explicit provider and the parent in `opts`.
 */
export function thinInvoke<T>(plugin: ThinPlugin, token: string, args: pulumi.Inputs, opts: pulumi.InvokeOutputOptions = {}): pulumi.Output<T> {
  return pulumi.runtime.invokeOutput<T>(token, args, { ...opts, version: plugin.version, pluginDownloadURL: plugin.pluginDownloadURL });
}

/**
 * Provider arguments as the generated `provider.ts` passes them: objects and booleans are
 * JSON-stringified, strings (and Outputs of strings) are passed as they are, `undefined` is dropped.
 */
export function providerInputs(args: Record<string, unknown>, jsonKeys: readonly string[]): pulumi.Inputs {
  const inputs: pulumi.Inputs = {};
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    inputs[key] = jsonKeys.includes(key) ? pulumi.output(value).apply((v) => JSON.stringify(v)) : value;
  }
  return inputs;
}
