/**
 * Explicit `tencentcloud` provider (type `pulumi:providers:tencentcloud`) with the plugin's version
 * and download URL, as `@tencentcloud_iac/pulumi`'s generated `Provider` class registers it.
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, providerInputs, thinOptions } from "../../providers/thin";

/** Provider arguments we set (names from `config/vars.ts` of pulumi-tencentcloud v0.2.3, §1.1). */
export interface TencentcloudProviderArgs {
  /** Region, e.g. `ap-guangzhou`. Env fallback `TENCENTCLOUD_REGION`. */
  region: pulumi.Input<string>;
  /** API secret id. Env fallback `TENCENTCLOUD_SECRET_ID` when undefined. */
  secretId?: pulumi.Input<string>;
  /** API secret key; always wrapped as a Pulumi secret. Env fallback `TENCENTCLOUD_SECRET_KEY`. */
  secretKey?: pulumi.Input<string>;
  /** STS token for temporary credentials (secret). Env fallback `TENCENTCLOUD_SECURITY_TOKEN`. */
  securityToken?: pulumi.Input<string>;
  /** tccli profile name. */
  profile?: pulumi.Input<string>;
  /** Assume-role block; JSON-stringified as the generated SDK does. */
  assumeRole?: pulumi.Input<Record<string, unknown>>;
}

/** Object/boolean provider args the generated SDK passes JSON-stringified. */
const JSON_ARGS = ["allowedAccountIds", "assumeRole", "assumeRoleWithSaml", "assumeRoleWithWebIdentity", "enablePodOidc", "forbiddenAccountIds", "mfaCertification"];

/** The explicit Tencent Cloud provider. */
export class TencentcloudProvider extends pulumi.ProviderResource {
  /** Provider type as policies see it (`pulumi:providers:tencentcloud`). */
  public static readonly __pulumiType = "tencentcloud";

  constructor(name: string, args: TencentcloudProviderArgs, opts?: pulumi.ResourceOptions) {
    const inputs = providerInputs(
      {
        ...args,
        secretKey: args.secretKey === undefined ? undefined : pulumi.secret(args.secretKey),
        securityToken: args.securityToken === undefined ? undefined : pulumi.secret(args.securityToken),
      },
      JSON_ARGS,
    );
    super(TencentcloudProvider.__pulumiType, name, inputs, thinOptions(TENCENTCLOUD_PLUGIN, opts));
  }
}

/**
 * Reads credentials from stack config `tencentcloud:secretId` / `tencentcloud:secretKey` (secret);
 * each is undefined when absent so that the plugin falls back to `TENCENTCLOUD_SECRET_ID` /
 * `TENCENTCLOUD_SECRET_KEY`.
 */
export function tencentcloudCredentials(): Pick<TencentcloudProviderArgs, "secretId" | "secretKey"> {
  const config = new pulumi.Config("tencentcloud");
  return { secretId: config.get("secretId"), secretKey: config.getSecret("secretKey") };
}
