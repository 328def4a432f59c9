/**
 * Thin bindings for Tencent Cloud Secrets Manager (SSM): a secret and one version of its value.
 * Tokens and input names from pulumi-tencentcloud v0.2.3 `sdk/nodejs/ssm/secret.ts` and
 * `sdk/nodejs/ssm/secretVersion.ts` (TF `tencentcloud_ssm_secret`, `tencentcloud_ssm_secret_version`,
 * terraform-provider-tencentcloud v1.82.42). Provider behaviour (read in the newest stored TF source,
 * not at the v1.82.42 tag): `Ssm/secret` creates the secret with a placeholder `default` version and
 * deletes it; a version's `secretString` is updated in place (UpdateSecret); `secretName` and
 * `versionId` are ForceNew.
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, ThinResource } from "../../providers/thin";
import type { TencentTags } from "./vpc";

/** Inputs of `tencentcloud:Ssm/secret:Secret` (required: `secretName`). */
export interface SsmSecretArgs {
  /** Unique in the region; ≤ 128 bytes of letters, digits, `_` and `-`, starting with a letter or digit. */
  secretName: pulumi.Input<string>;
  /** ≤ 2048 bytes. */
  description?: pulumi.Input<string>;
  /** KMS key id; empty = the CMK SSM creates for the account (free, per SSM's billing page). */
  kmsKeyId?: pulumi.Input<string>;
  /** Default `true`. */
  isEnabled?: pulumi.Input<boolean>;
  /** Days the secret stays recoverable after delete; default `0` (deleted at once), 1–30. */
  recoveryWindowInDays?: pulumi.Input<number>;
  /** `0` user-defined (default), `4` Redis. */
  secretType?: pulumi.Input<number>;
  additionalConfig?: pulumi.Input<string>;
  tags?: TencentTags;
}

/** An SSM secret (its value lives in {@link SsmSecretVersion}). */
export class SsmSecret extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Ssm/secret:Secret";
  declare public readonly secretName: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: SsmSecretArgs, opts?: pulumi.CustomResourceOptions) {
    super(SsmSecret.__pulumiType, name, args, ["status"], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** Inputs of `tencentcloud:Ssm/secretVersion:SecretVersion` (required: `secretName`, `versionId`; exactly one of `secretString`/`secretBinary`). */
export interface SsmSecretVersionArgs {
  /** ForceNew. */
  secretName: pulumi.Input<string>;
  /** ForceNew; ≤ 64 bytes of letters, digits, `_` and `-`. */
  versionId: pulumi.Input<string>;
  /** ≤ 4096 bytes; updated in place (UpdateSecret). Always sent as a Pulumi secret. */
  secretString?: pulumi.Input<string>;
  /** Base64, ≤ 4096 bytes. Always sent as a Pulumi secret. */
  secretBinary?: pulumi.Input<string>;
}

/**
 * One version of an SSM secret's value. The generated SDK does not mark `secretString` secret, so
 * this binding wraps both value inputs in `pulumi.secret` and lists them as secret outputs.
 */
export class SsmSecretVersion extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Ssm/secretVersion:SecretVersion";

  constructor(name: string, args: SsmSecretVersionArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = {
      ...args,
      secretString: args.secretString === undefined ? undefined : pulumi.secret(args.secretString),
      secretBinary: args.secretBinary === undefined ? undefined : pulumi.secret(args.secretBinary),
    };
    super(SsmSecretVersion.__pulumiType, name, inputs, [], TENCENTCLOUD_PLUGIN, opts, ["secretString", "secretBinary"]);
  }
}
