/**
 * Alibaba Cloud secret-store building block: one OOS encrypted (secret) parameter per planned secret,
 * encrypted with a KMS key the kit creates for the target, and a RAM role for the hosts allowed to
 * read exactly those parameters and decrypt with exactly that key.
 */
import * as pulumi from "@pulumi/pulumi";
import { Key } from "@pulumi/alicloud/kms/key";
import { SecretParameter } from "@pulumi/alicloud/oos/secretParameter";
import { Policy } from "@pulumi/alicloud/ram/policy";
import { Role } from "@pulumi/alicloud/ram/role";
import { RolePolicyAttachment } from "@pulumi/alicloud/ram/rolePolicyAttachment";
import { type TargetSecret, targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { alicloudTags } from "../tags";

/** Days a deleted secrets key stays recoverable (KMS allows 7 to 366). */
export const ALICLOUD_SECRETS_KEY_PENDING_DAYS = 7;

/** Inputs of {@link createAlicloudSecrets}. */
export interface AlicloudSecretsArgs {
  /** The plan: `secrets` (names and OOS store names), region, names. */
  plan: TargetPlan;
  /** Values of `plan.secrets` (matched by name), Pulumi secrets. */
  secrets: TargetSecret[];
  tags: Record<string, string>;
}

/** What the host group needs: the RAM role name, absent when there are no secrets. */
export interface AlicloudSecrets {
  ramRoleName?: pulumi.Output<string>;
  /** Names of the OOS secret parameters, in the order of `plan.secrets`. */
  parameterNames: pulumi.Output<string>[];
  /** Id of the KMS key that encrypts them, absent when there are no secrets. */
  keyId?: pulumi.Output<string>;
}

/**
 * Creates, when the plan has secrets (nothing otherwise: hosts then have no RAM role at all), all
 * through `provider`:
 * - `<name>-secrets-key`: `alicloud.kms.Key`, a symmetric KMS default key (no KMS instance needed)
 *   for this target's parameters only;
 * - `<name>-secret-<secret>`: `alicloud.oos.SecretParameter` named the plan's `storeName`, type
 *   `Secret`, `keyId` the key above, value kept a Pulumi secret, never in user-data;
 *   `deleteBeforeReplace` (name and key are ForceNew and the name cannot change);
 * - `<name>-host-role` (`<physical>-host`): RAM role trusted by `ecs.aliyuncs.com` only;
 * - `<name>-host-secrets` (`<physical>-secrets`): custom policy allowing `oos:GetSecretParameter(s)`
 *   on exactly those parameters in the plan's region, and `kms:Decrypt` on exactly that key (OOS
 *   decrypts with the parameter's key on the caller's behalf, so the caller needs Decrypt on it; with
 *   the OOS service key the grant could only be scoped to every key of the region), attached by
 *   `<name>-host-secrets-attach`.
 * A planned secret without a value in `secrets` fails with a target error.
 */
export function createAlicloudSecrets(name: string, args: AlicloudSecretsArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): AlicloudSecrets {
  const { plan } = args;
  const unplanned = args.secrets.filter((s) => !plan.secrets.some((p) => p.name === s.name));
  if (unplanned.length) throw targetError(plan, parent, `secret values given for ${unplanned.map((s) => s.name).join(", ")}, which the plan does not have`);
  if (plan.secrets.length === 0) return { parameterNames: [] };
  const values = plan.secrets.map((p) => {
    const given = args.secrets.find((s) => s.name === p.name);
    if (!given) throw targetError(plan, parent, `secret ${p.name} (${p.envVar}) has no value; set it in the stack's secrets`);
    return { ...p, value: given.value };
  });
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const tags = alicloudTags(args.tags);
  const region = plan.placement.region;
  const physical = plan.names.physical;
  const key = new Key(
    `${name}-secrets-key`,
    {
      description: `Encrypts the OOS secret parameters of ${physical}`,
      keySpec: "Aliyun_AES_256",
      keyUsage: "ENCRYPT/DECRYPT",
      pendingWindowInDays: ALICLOUD_SECRETS_KEY_PENDING_DAYS,
      tags,
    },
    opts,
  );
  const parameters = values.map(
    (secret) =>
      new SecretParameter(
        `${name}-secret-${secret.name}`,
        {
          secretParameterName: secret.storeName,
          type: "Secret",
          keyId: key.id,
          value: pulumi.secret(secret.value),
          description: `${secret.envVar} for ${plan.name} (read at boot by the GPU hosts)`,
          tags,
        },
        // name (the id) and keyId are ForceNew and the name is fixed by the plan: a replacement (e.g.
        // moving an existing parameter under the target key) must free the name first
        { ...opts, deleteBeforeReplace: true },
      ),
  );
  const role = new Role(
    `${name}-host-role`,
    {
      roleName: `${physical}-host`,
      description: `GPU hosts of ${physical}`,
      assumeRolePolicyDocument: JSON.stringify({
        Version: "1",
        Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["ecs.aliyuncs.com"] } }],
      }),
      tags,
    },
    opts,
  );
  const policy = new Policy(
    `${name}-host-secrets`,
    {
      policyName: `${physical}-secrets`,
      description: `Read the secrets of ${physical}`,
      policyDocument: pulumi.jsonStringify({
        Version: "1",
        Statement: [
          {
            Effect: "Allow",
            Action: ["oos:GetSecretParameter", "oos:GetSecretParameters"],
            Resource: values.map((s) => `acs:oos:${region}:*:secretparameter/${s.storeName}`),
          },
          { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [pulumi.interpolate`acs:kms:${region}:*:key/${key.id}`] },
        ],
      }),
      tags,
    },
    opts,
  );
  new RolePolicyAttachment(`${name}-host-secrets-attach`, { roleName: role.roleName, policyName: policy.policyName, policyType: "Custom" }, opts);
  return { ramRoleName: role.roleName, parameterNames: parameters.map((p) => p.secretParameterName), keyId: key.id };
}
