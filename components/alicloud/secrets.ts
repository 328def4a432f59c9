/**
 * Alibaba Cloud secret-store building block: one OOS encrypted (secret) parameter per secret and a
 * RAM role for the hosts allowed to read exactly those parameters.
 */
import * as pulumi from "@pulumi/pulumi";
import { SecretParameter } from "@pulumi/alicloud/oos/secretParameter";
import { Policy } from "@pulumi/alicloud/ram/policy";
import { Role } from "@pulumi/alicloud/ram/role";
import { RolePolicyAttachment } from "@pulumi/alicloud/ram/rolePolicyAttachment";
import type { TargetSecret } from "../adapter";
import { alicloudTags } from "../tags";

/** Inputs of {@link createAlicloudSecrets}. */
export interface AlicloudSecretsArgs {
  region: string;
  secrets: TargetSecret[];
  tags: Record<string, string>;
}

/** What the host group needs: the RAM role name, absent when there are no secrets. */
export interface AlicloudSecrets {
  ramRoleName?: pulumi.Output<string>;
  /** Names of the OOS secret parameters, in the order of `secrets`. */
  parameterNames: pulumi.Output<string>[];
}

/**
 * A RAM name (role, policy) for this stack and target: letters, digits and `-`, at most 64
 * characters, unique per project, stack and target.
 */
export function ramName(name: string, role: string): string {
  const raw = `${pulumi.getProject()}-${pulumi.getStack()}-${name}-${role}`.replace(/[^A-Za-z0-9-]/g, "-");
  return raw.length <= 64 ? raw : `${raw.slice(0, 55)}-${hash(raw)}`;
}

function hash(s: string): string {
  let h = 0;
  for (const c of s) h = (Math.imul(31, h) + c.charCodeAt(0)) | 0;
  return (h >>> 0).toString(36).padStart(8, "0").slice(0, 8);
}

/**
 * Creates, when there are secrets (nothing otherwise: hosts then have no RAM role at all):
 * - `<name>-secret-<secret>`: `alicloud.oos.SecretParameter` named `storeName`, type `Secret`
 *   (encrypted with the OOS default KMS key), value kept a Pulumi secret, never in user-data;
 * - `<name>-host-role`: RAM role trusted by `ecs.aliyuncs.com` only;
 * - `<name>-host-secrets`: custom policy allowing `oos:GetSecretParameter(s)` on exactly those
 *   parameters in this region and `kms:Decrypt` in this region (OOS decrypts with KMS on the
 *   caller's behalf), attached by `<name>-host-secrets-attach`.
 */
export function createAlicloudSecrets(
  name: string,
  args: AlicloudSecretsArgs,
  parent: pulumi.Resource,
  provider?: pulumi.ProviderResource,
): AlicloudSecrets {
  if (args.secrets.length === 0) return { parameterNames: [] };
  const opts: pulumi.CustomResourceOptions = { parent, ...(provider ? { provider } : {}) };
  const tags = alicloudTags(args.tags);
  const parameters = args.secrets.map(
    (secret) =>
      new SecretParameter(
        `${name}-secret-${secret.name}`,
        {
          secretParameterName: secret.storeName,
          type: "Secret",
          value: pulumi.secret(secret.value),
          description: `${secret.envVar} for ${name} (read at boot by the GPU hosts)`,
          tags,
        },
        opts,
      ),
  );
  const role = new Role(
    `${name}-host-role`,
    {
      roleName: ramName(name, "host"),
      description: `GPU hosts of ${name}`,
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
      policyName: ramName(name, "secrets"),
      description: `Read the secrets of ${name}`,
      policyDocument: JSON.stringify({
        Version: "1",
        Statement: [
          {
            Effect: "Allow",
            Action: ["oos:GetSecretParameter", "oos:GetSecretParameters"],
            Resource: args.secrets.map((s) => `acs:oos:${args.region}:*:secretparameter/${s.storeName}`),
          },
          { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [`acs:kms:${args.region}:*:key/*`] },
        ],
      }),
      tags,
    },
    opts,
  );
  new RolePolicyAttachment(`${name}-host-secrets-attach`, { roleName: role.roleName, policyName: policy.policyName, policyType: "Custom" }, opts);
  return { ramRoleName: role.roleName, parameterNames: parameters.map((p) => p.secretParameterName) };
}
