/**
 * AWS secret-store building block: one SSM SecureString parameter per secret of the plan (named from
 * the plan's `storeName`), and the hosts' IAM role that may read exactly those parameters (plus
 * Session Manager instead of SSH).
 */
import * as pulumi from "@pulumi/pulumi";
import { InstanceProfile } from "@pulumi/aws/iam/instanceProfile";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import { Parameter } from "@pulumi/aws/ssm/parameter";
import { targetError, type TargetSecret } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { awsTags } from "../tags";

/** Inputs of {@link createAwsSecrets}. */
export interface AwsSecretsArgs {
  /**
   * The target's plan: `secrets` (names and store names), `placement.region` (the ARN partition and
   * the KMS `ViaService` condition; the provider is in the same region).
   */
  plan: TargetPlan;
  /** Values of `plan.secrets` (`CloudTargetArgs.secrets`), as Pulumi secrets. */
  secrets: TargetSecret[];
  tags: Record<string, string>;
}

/** What the host group needs from the secret store. */
export interface AwsSecrets {
  /** Name of the instance profile the launch template uses. */
  instanceProfileName: pulumi.Output<string>;
  /** ARN of the hosts' role. */
  roleArn: pulumi.Output<string>;
  /** ARNs of the SSM parameters, in the order of `secrets`. */
  parameterArns: pulumi.Output<string>[];
}

/** ARN partition of a region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, `aws` otherwise. */
export function awsPartition(region: string): { partition: string; dnsSuffix: string } {
  if (region.startsWith("cn-")) return { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" };
  if (region.startsWith("us-gov-")) return { partition: "aws-us-gov", dnsSuffix: "amazonaws.com" };
  return { partition: "aws", dnsSuffix: "amazonaws.com" };
}

/**
 * Creates, all through `provider` (the target's region):
 * - `<name>-secret-<secret>`: `aws.ssm.Parameter` per `plan.secrets` entry, type `SecureString`
 *   (encrypted with the AWS-managed `aws/ssm` key), named `/<storeName>` so the planner's boot
 *   script finds it; the value (from `args.secrets`, matched by name) stays a Pulumi secret end to
 *   end and never enters user-data;
 * - `<name>-host-role`: IAM role trusted by `ec2.amazonaws.com` only;
 * - `<name>-host-ssm-core`: `AmazonSSMManagedInstanceCore`, for Session Manager shells instead of SSH;
 * - `<name>-host-secrets` (only when there are secrets): inline policy allowing `ssm:GetParameter(s)`
 *   on exactly these parameter ARNs and `kms:Decrypt` only through SSM in this region;
 * - `<name>-host-profile`: the instance profile.
 */
export function createAwsSecrets(name: string, args: AwsSecretsArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): AwsSecrets {
  const { plan } = args;
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const region = plan.placement.region;
  const physical = plan.names.physical;
  const tags = (role: string) => awsTags(args.tags, physical, role);
  const { partition, dnsSuffix } = awsPartition(region);
  const extra = args.secrets.filter((v) => !plan.secrets.some((s) => s.name === v.name));
  if (extra.length) throw targetError(plan, parent, `secret values given for ${extra.map((s) => s.name).join(", ")}, which the plan does not use`);
  const parameters = plan.secrets.map((secret) => {
    const given = args.secrets.find((v) => v.name === secret.name);
    if (!given) throw targetError(plan, parent, `secret ${secret.name} (${secret.envVar}) is in the plan but has no value`);
    return new Parameter(
      `${name}-secret-${secret.name}`,
      {
        name: `/${secret.storeName}`,
        type: "SecureString",
        value: pulumi.secret(given.value),
        description: `${secret.envVar} for ${physical} (read at boot by the GPU hosts)`,
        tags: tags(`secret-${secret.name}`),
      },
      opts,
    );
  });

  const role = new Role(
    `${name}-host-role`,
    {
      description: `GPU hosts of ${physical}`,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: `ec2.${dnsSuffix}` }, Action: "sts:AssumeRole" }],
      }),
      tags: tags("host-role"),
    },
    opts,
  );
  new RolePolicyAttachment(
    `${name}-host-ssm-core`,
    { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore` },
    opts,
  );
  if (parameters.length > 0) {
    new RolePolicy(
      `${name}-host-secrets`,
      {
        role: role.name,
        policy: pulumi.all(parameters.map((p) => p.arn)).apply((arns) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Sid: "ReadTargetSecrets", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: arns },
              {
                Sid: "DecryptViaSsm",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": `ssm.${region}.${dnsSuffix}` } },
              },
            ],
          }),
        ),
      },
      opts,
    );
  }
  const profile = new InstanceProfile(`${name}-host-profile`, { role: role.name, tags: tags("host-profile") }, opts);
  return { instanceProfileName: profile.name, roleArn: role.arn, parameterArns: parameters.map((p) => p.arn) };
}
