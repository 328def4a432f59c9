/**
 * Explicit `volcengine` provider (type `pulumi:providers:volcengine`) with the plugin's version and
 * download URL, as `@volcengine/pulumi`'s generated `Provider` class registers it.
 */
import * as pulumi from "@pulumi/pulumi";
import { VOLCENGINE_PLUGIN, providerInputs, thinOptions } from "../../providers/thin";

/** Provider arguments we set (§2.1 of the reference). */
export interface VolcengineProviderArgs {
  /** Region, e.g. `cn-beijing`. Env fallback `VOLCENGINE_REGION`. */
  region: pulumi.Input<string>;
  /** Access key. Env fallback `VOLCENGINE_ACCESS_KEY` when undefined. */
  accessKey?: pulumi.Input<string>;
  /** Secret key; wrapped as a Pulumi secret here (the generated SDK does not). Env fallback `VOLCENGINE_SECRET_KEY`. */
  secretKey?: pulumi.Input<string>;
  /** STS session token (secret). */
  sessionToken?: pulumi.Input<string>;
  /** Custom API endpoint. Env fallback `VOLCENGINE_ENDPOINT`. */
  endpoint?: pulumi.Input<string>;
  /** Boolean; JSON-stringified as the generated SDK does. */
  disableSsl?: pulumi.Input<boolean>;
  /** Assume-role block; JSON-stringified as the generated SDK does. */
  assumeRole?: pulumi.Input<Record<string, unknown>>;
}

/** Object/boolean provider args the generated SDK passes JSON-stringified. */
const JSON_ARGS = ["assumeRole", "assumeRoleWithOidc", "disableSsl", "enableStandardEndpoint"];

/** The explicit Volcano Engine provider. */
export class VolcengineProvider extends pulumi.ProviderResource {
  /** Provider type as policies see it (`pulumi:providers:volcengine`). */
  public static readonly __pulumiType = "volcengine";

  constructor(name: string, args: VolcengineProviderArgs, opts?: pulumi.ResourceOptions) {
    const inputs = providerInputs(
      {
        ...args,
        secretKey: args.secretKey === undefined ? undefined : pulumi.secret(args.secretKey),
        sessionToken: args.sessionToken === undefined ? undefined : pulumi.secret(args.sessionToken),
      },
      JSON_ARGS,
    );
    super(VolcengineProvider.__pulumiType, name, inputs, thinOptions(VOLCENGINE_PLUGIN, opts));
  }
}

/**
 * Reads credentials from stack config `volcengine:accessKey` / `volcengine:secretKey` (secret); each
 * is undefined when absent so that the plugin falls back to `VOLCENGINE_ACCESS_KEY` / `VOLCENGINE_SECRET_KEY`.
 */
export function volcengineCredentials(): Pick<VolcengineProviderArgs, "accessKey" | "secretKey"> {
  const config = new pulumi.Config("volcengine");
  return { accessKey: config.get("accessKey"), secretKey: config.getSecret("secretKey") };
}
