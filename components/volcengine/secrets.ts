/**
 * Volcano Engine secret-store building block: one KMS secret (`kms/secret`, type `Generic`) per
 * planned secret holding its value, and an IAM role for the ECS hosts allowed to read exactly those
 * secrets (`kms:GetSecretValue` on each secret's TRN) and nothing else.
 *
 * Encryption: no `encryptionKey`, so KMS encrypts with the key it manages for the account.
 * Policy syntax (`Statement[].Effect/Action/Resource`) and the trust document
 * (`Principal.Service`) follow terraform-provider-volcengine's `example/iamRolePolicyAttachment`;
 * the ECS service principal `ecs` and the action name `kms:GetSecretValue` are UNVERIFIED against a
 * Volcano Engine documentation page. The policy names each secret by the `trn` output KMS returns,
 * so no account look-up is needed.
 */
import * as pulumi from "@pulumi/pulumi";
import { type TargetSecret, targetError } from "../adapter";
import { volcengineSecretName, volcengineSecretNameProblems } from "../bootstrap/volcengine-secrets";
import type { TargetPlan } from "../plan/types";
import { IamPolicy, IamRole, IamRolePolicyAttachment } from "./resources/iam";
import { KmsSecret } from "./resources/kms";
import { volcengineTags } from "./resources/vpc";

/** Service principal ECS instances assume roles through (unverified, see the module comment). */
export const ECS_ROLE_PRINCIPAL = "ecs";
/** The one action the hosts' policy allows. */
export const VOLC_SECRET_READ_ACTION = "kms:GetSecretValue";

/** Inputs of {@link createVolcengineSecrets}. */
export interface VolcengineSecretsArgs {
  /** The plan: `secrets` (names and store names), names. */
  plan: TargetPlan;
  /** Values of `plan.secrets` (matched by name), Pulumi secrets. */
  secrets: TargetSecret[];
  tags: Record<string, string>;
}

/** What the host group needs: the IAM role name, absent when there are no secrets. */
export interface VolcengineSecrets {
  iamRoleName?: pulumi.Output<string>;
  /** KMS names of the secrets, in the order of `plan.secrets`. */
  secretNames: string[];
}

/** Trust policy of the hosts' role: only ECS may assume it. */
export function ecsTrustDocument(): string {
  return JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole"], Principal: { Service: [ECS_ROLE_PRINCIPAL] } }] });
}

/** The hosts' policy: `kms:GetSecretValue` on exactly `trns`. */
export function secretReadDocument(trns: readonly string[]): string {
  return JSON.stringify({ Statement: [{ Effect: "Allow", Action: [VOLC_SECRET_READ_ACTION], Resource: [...trns] }] });
}

/**
 * Creates, when the plan has secrets (nothing otherwise: hosts then get no IAM role), all through
 * `provider`:
 * - `<name>-secret-<secret>`: `kms/secret` named {@link volcengineSecretName} of the plan's
 *   `storeName`, type `Generic`, the value a Pulumi secret (updated in place), deleted at once on
 *   destroy (`forceDelete`, so a re-deploy can reuse the name), `deleteBeforeReplace`;
 * - `<name>-host-role` (`<physical>-host`): IAM role trusted by {@link ECS_ROLE_PRINCIPAL} only;
 * - `<name>-host-secrets` (`<physical>-secrets`): custom policy allowing
 *   {@link VOLC_SECRET_READ_ACTION} on exactly those secrets' TRNs, attached by `<name>-host-secrets-attach`.
 * A planned secret without a value, a value for an unplanned secret, clashing KMS names or secrets
 * on a scaling group (`replicas.min != max`) fail with one target error before any resource is registered.
 */
export function createVolcengineSecrets(name: string, args: VolcengineSecretsArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): VolcengineSecrets {
  const { plan } = args;
  const problems: string[] = [];
  const unplanned = args.secrets.filter((s) => !plan.secrets.some((p) => p.name === s.name));
  if (unplanned.length) problems.push(`secret values given for ${unplanned.map((s) => s.name).join(", ")}, which the plan does not have`);
  const missing = plan.secrets.filter((p) => !args.secrets.some((s) => s.name === p.name));
  if (missing.length) problems.push(`secrets ${missing.map((p) => `${p.name} (${p.envVar})`).join(", ")} have no value; set them in the stack's secrets`);
  problems.push(...volcengineSecretNameProblems(plan.secrets.map((p) => p.storeName)));
  if (plan.secrets.length && plan.replicas.min !== plan.replicas.max) {
    problems.push(`the hosts read their secrets through an IAM role, which a Volcano Engine scaling group cannot attach (no role input on volcengine:autoscaling/scalingConfiguration in pulumi-volcengine 0.0.47); set replicas.min equal to replicas.max (got ${plan.replicas.min}..${plan.replicas.max})`);
  }
  if (problems.length) throw targetError(plan, parent, problems.join("; "));
  if (plan.secrets.length === 0) return { secretNames: [] };

  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const physical = plan.names.physical;
  const names = plan.secrets.map((p) => volcengineSecretName(p.storeName));
  const secrets = plan.secrets.map((p, i) => {
    const value = args.secrets.find((s) => s.name === p.name)!.value;
    return new KmsSecret(
      `${name}-secret-${p.name}`,
      { secretName: names[i]!, secretType: "Generic", secretValue: pulumi.secret(value), description: `${p.envVar} of ${physical} (${p.storeName}), read at boot by the GPU hosts`, forceDelete: true },
      // the name is fixed by the plan: a replacement must free it first
      { ...opts, deleteBeforeReplace: true },
    );
  });
  const role = new IamRole(
    `${name}-host-role`,
    { roleName: `${physical}-host`, displayName: `${physical}-host`, description: `GPU hosts of ${physical}`, trustPolicyDocument: ecsTrustDocument(), tags: volcengineTags(args.tags) },
    opts,
  );
  const policy = new IamPolicy(
    `${name}-host-secrets`,
    { policyName: `${physical}-secrets`, description: `Read the secrets of ${physical}`, policyDocument: pulumi.all(secrets.map((s) => s.trn)).apply((trns) => secretReadDocument(trns)) },
    opts,
  );
  new IamRolePolicyAttachment(`${name}-host-secrets-attach`, { roleName: role.roleName, policyName: policy.policyName, policyType: "Custom" }, opts);
  return { iamRoleName: role.roleName, secretNames: names };
}
