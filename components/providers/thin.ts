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

/**
 * Splits an IPv4 CIDR into consecutive blocks of `/prefix`: block `i` starts at network + i × 2^(32−prefix).
 * Throws when the CIDR is malformed, wider than `prefix` allows, or too small for `count` blocks.
 * @param cidr e.g. `10.42.0.0/16`
 * @param count number of blocks
 * @param prefix block size, default 20 (4,096 addresses)
 */
export function splitCidr(cidr: string, count: number, prefix = 20): string[] {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) throw new Error(`invalid IPv4 CIDR "${cidr}"`);
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) throw new Error(`invalid IPv4 CIDR "${cidr}"`);
  if (bits > prefix) throw new Error(`CIDR ${cidr} is smaller than one /${prefix} block`);
  const available = 2 ** (prefix - bits);
  if (count > available) throw new Error(`CIDR ${cidr} holds ${available} /${prefix} blocks, ${count} needed`);
  const base = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const network = base - (base % 2 ** (32 - bits));
  return Array.from({ length: count }, (_, i) => {
    const start = network + i * 2 ** (32 - prefix);
    return `${[24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256).join(".")}/${prefix}`;
  });
}

/** Size in bytes of `text` (UTF-8) once base64-encoded. */
export function base64Bytes(text: string): number {
  return Buffer.from(text, "utf8").toString("base64").length;
}

/**
 * Network placement a target may ask for (the optional `network` field of `CloudTargetArgs`):
 * a CIDR for a new VPC, or an existing VPC and its subnets (one per zone, in zone order).
 */
export interface TargetNetworkOptions {
  /** CIDR of the VPC the adapter creates. Default `10.42.0.0/16`. */
  vpcCidr?: string;
  /** Use this VPC and these subnets instead of creating them. */
  existing?: { vpcId: string; subnetIds: string[] };
}

/** Default CIDR of a target's VPC. */
export const DEFAULT_VPC_CIDR = "10.42.0.0/16";

/** Reads `args.network` whether or not the adapter contract declares it yet. */
export function networkOptionsOf(args: object): TargetNetworkOptions {
  return (args as { network?: TargetNetworkOptions }).network ?? {};
}

/** What the clouds' image look-ups return that the kit reads. */
export interface ImageListResult {
  images?: { imageId: string; imageName?: string }[];
}

/**
 * Id of the first image `query(primary)` returns; when it returns none, of the first that
 * `query(fallback)` returns (a GPU image first, plain Ubuntu after). Throws `none()` when nothing
 * matches.
 */
export function firstImageId(
  query: (regex: string) => pulumi.Output<ImageListResult>,
  primary: string,
  fallback: string | undefined,
  none: () => Error,
): pulumi.Output<string> {
  return query(primary).apply((r): pulumi.Output<string> => {
    const id = r.images?.[0]?.imageId;
    if (id) return pulumi.output(id);
    if (!fallback) throw none();
    return query(fallback).apply((f) => {
      const fallbackId = f.images?.[0]?.imageId;
      if (!fallbackId) throw none();
      return fallbackId;
    });
  });
}
