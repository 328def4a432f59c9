/**
 * Tencent Cloud secret-store building block: one Secrets Manager (SSM) secret per planned secret,
 * its value in one SSM secret version, and a CAM role for the CVM hosts allowed to read exactly
 * those secrets (`ssm:GetSecretValue`) and nothing else.
 *
 * Encryption: no `kmsKeyId`, so SSM encrypts with the CMK it creates for the account in KMS (free,
 * https://www.tencentcloud.com/document/product/1078/38595). Whether reading a secret under that key
 * needs a KMS grant for the caller is not stated on the pages found (unverified): the kit grants
 * none, as SSM's own access-control page lists only `ssm:*` actions for `GetSecretValue`.
 * Resource names follow SSM's access-control page
 * (https://www.tencentcloud.com/document/product/1078/38612):
 * `qcs::ssm:<region>:uin/<ownerUin>:secret/creatorUin/<creatorUin>/<secretName>`, the uins from
 * `tencentcloud:User/getInfo:getInfo` through the target's provider (the caller creates the secrets).
 */
import * as pulumi from "@pulumi/pulumi";
import { type TargetSecret, targetError } from "../adapter";
import { TENCENT_SSM_VERSION_ID, tencentSsmNameProblems, tencentSsmSecretName } from "../bootstrap/tencent-ssm";
import type { TargetPlan } from "../plan/types";
import { CamPolicy, CamRole, CamRolePolicyAttachment, userInfo } from "./resources/cam";
import { SsmSecret, SsmSecretVersion } from "./resources/ssm";

/** Service principal CVM instances assume roles through (CVM's instance-role page: roles must carry `cvm.qcloud.com`). */
export const CVM_ROLE_PRINCIPAL = "cvm.qcloud.com";

/** Inputs of {@link createTencentcloudSecrets}. */
export interface TencentcloudSecretsArgs {
  /** The plan: `secrets` (names and store names), region, names. */
  plan: TargetPlan;
  /** Values of `plan.secrets` (matched by name), Pulumi secrets. */
  secrets: TargetSecret[];
  tags: Record<string, string>;
}

/** What the host group needs: the CAM role name, absent when there are no secrets. */
export interface TencentcloudSecrets {
  camRoleName?: pulumi.Output<string>;
  /** SSM names of the secrets, in the order of `plan.secrets`. */
  secretNames: string[];
}

/** The CAM resource name of SSM secret `secretName`. */
export function ssmSecretResource(region: string, ownerUin: string, creatorUin: string, secretName: string): string {
  return `qcs::ssm:${region}:uin/${ownerUin}:secret/creatorUin/${creatorUin}/${secretName}`;
}

/** Trust policy of the hosts' role: only CVM may assume it. */
export function cvmTrustDocument(): string {
  return JSON.stringify({ version: "2.0", statement: [{ action: "name/sts:AssumeRole", effect: "allow", principal: { service: [CVM_ROLE_PRINCIPAL] } }] });
}

/**
 * Creates, when the plan has secrets (nothing otherwise: hosts then get no CAM role), all through
 * `provider`:
 * - `<name>-secret-<secret>`: `Ssm/secret` named {@link tencentSsmSecretName} of the plan's
 *   `storeName`, deleted at once on destroy (`recoveryWindowInDays: 0`, so a re-deploy can reuse the
 *   name), `deleteBeforeReplace`;
 * - `<name>-secret-<secret>-value`: `Ssm/secretVersion` {@link TENCENT_SSM_VERSION_ID} holding the
 *   value as a Pulumi secret (updated in place when the value changes), never in user-data;
 * - `<name>-host-role` (`<physical>-host`): CAM role trusted by {@link CVM_ROLE_PRINCIPAL} only;
 * - `<name>-host-secrets` (`<physical>-secrets`): custom policy allowing `ssm:GetSecretValue` on
 *   exactly those secrets, attached by `<name>-host-secrets-attach`.
 * A planned secret without a value, a value for an unplanned secret, or unusable SSM names fail with
 * a target error before any resource is registered.
 */
export function createTencentcloudSecrets(name: string, args: TencentcloudSecretsArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): TencentcloudSecrets {
  const { plan } = args;
  const problems: string[] = [];
  const unplanned = args.secrets.filter((s) => !plan.secrets.some((p) => p.name === s.name));
  if (unplanned.length) problems.push(`secret values given for ${unplanned.map((s) => s.name).join(", ")}, which the plan does not have`);
  const missing = plan.secrets.filter((p) => !args.secrets.some((s) => s.name === p.name));
  if (missing.length) problems.push(`secrets ${missing.map((p) => `${p.name} (${p.envVar})`).join(", ")} have no value; set them in the stack's secrets`);
  problems.push(...tencentSsmNameProblems(plan.secrets.map((p) => p.storeName)));
  if (problems.length) throw targetError(plan, parent, problems.join("; "));
  if (plan.secrets.length === 0) return { secretNames: [] };

  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const region = plan.placement.region;
  const physical = plan.names.physical;
  const tags = args.tags;
  const names = plan.secrets.map((p) => tencentSsmSecretName(p.storeName));
  plan.secrets.forEach((p, i) => {
    const value = args.secrets.find((s) => s.name === p.name)!.value;
    const secret = new SsmSecret(
      `${name}-secret-${p.name}`,
      { secretName: names[i]!, description: `${p.envVar} for ${physical} (read at boot by the GPU hosts)`, recoveryWindowInDays: 0, isEnabled: true, tags },
      // the name is fixed by the plan: a replacement must free it first
      { ...opts, deleteBeforeReplace: true },
    );
    new SsmSecretVersion(`${name}-secret-${p.name}-value`, { secretName: secret.secretName, versionId: TENCENT_SSM_VERSION_ID, secretString: pulumi.secret(value) }, { ...opts, deleteBeforeReplace: true });
  });
  const role = new CamRole(
    `${name}-host-role`,
    { name: `${physical}-host`, description: `GPU hosts of ${physical}`, document: cvmTrustDocument(), consoleLogin: false, tags },
    opts,
  );
  const account = userInfo({ parent, provider });
  const policy = new CamPolicy(
    `${name}-host-secrets`,
    {
      name: `${physical}-secrets`,
      description: `Read the secrets of ${physical}`,
      document: account.apply((a) =>
        JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: ["ssm:GetSecretValue"], resource: names.map((n) => ssmSecretResource(region, a.ownerUin, a.uin, n)) }] }),
      ),
    },
    opts,
  );
  new CamRolePolicyAttachment(`${name}-host-secrets-attach`, { roleId: role.id, policyId: policy.id }, opts);
  return { camRoleName: role.name, secretNames: names };
}
