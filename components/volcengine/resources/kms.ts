/**
 * Thin binding for Volcano Engine KMS secrets (Secrets Manager in KMS): `volcengine:kms/secret:Secret`.
 * Token and input names from volcengine/pulumi-volcengine v0.0.47 `sdk/nodejs/kms/secret.ts`
 * (required: `secretName`, `secretType`, `secretValue`). The generated SDK does not mark
 * `secretValue` secret; this binding always wraps it in `pulumi.secret` and lists it as a secret output.
 */
import * as pulumi from "@pulumi/pulumi";
import { VOLCENGINE_PLUGIN, ThinResource } from "../../providers/thin";

/** Inputs of `volcengine:kms/secret:Secret`. */
export interface KmsSecretArgs {
  /**
   * Secret name. The KMS `GetSecretValue` API accepts 2–31 characters (volcengine-go-sdk
   * `service/kms/api_get_secret_value.go` validation).
   */
  secretName: pulumi.Input<string>;
  /** `Generic` (user-defined, value updatable in place), `IAM`, `RDS`, `Redis`, `ECS`. */
  secretType: pulumi.Input<"Generic" | "IAM" | "RDS" | "Redis" | "ECS">;
  /** The value; only `Generic` secrets accept changes. Always sent as a Pulumi secret. */
  secretValue: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** TRN of a KMS key; absent = the key KMS manages for the account. */
  encryptionKey?: pulumi.Input<string>;
  /** Delete at once on destroy (`true`) instead of a pending-deletion window. */
  forceDelete?: pulumi.Input<boolean>;
  /** Days of the pending-deletion window when `forceDelete` is false, 7–30. */
  pendingWindowInDays?: pulumi.Input<number>;
  projectName?: pulumi.Input<string>;
  /** Alias of the stored version (Generic only). */
  versionName?: pulumi.Input<string>;
  automaticRotation?: pulumi.Input<boolean>;
  rotationInterval?: pulumi.Input<string>;
  extendedConfig?: pulumi.Input<string>;
}

/** A KMS secret and its current value; `trn` is what an IAM policy's `Resource` names. */
export class KmsSecret extends ThinResource {
  public static readonly __pulumiType = "volcengine:kms/secret:Secret";
  declare public readonly secretName: pulumi.Output<string>;
  declare public readonly trn: pulumi.Output<string>;
  declare public readonly uuid: pulumi.Output<string>;

  constructor(name: string, args: KmsSecretArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = { ...args, secretValue: pulumi.secret(args.secretValue) };
    const outputs = ["creationDate", "lastRotationTime", "managed", "owningService", "rotationIntervalSecond", "rotationState", "scheduleDeleteTime", "scheduleRotationTime", "state", "trn", "uid", "updateDate", "uuid"];
    super(KmsSecret.__pulumiType, name, inputs, outputs, VOLCENGINE_PLUGIN, opts, ["secretValue"]);
  }
}
