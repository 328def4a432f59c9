/**
 * Thin bindings for Volcano Engine IAM (a role, a custom policy, the attachment of one to the other)
 * and the ECS binding of a role to an instance. Tokens and input names from
 * volcengine/pulumi-volcengine v0.0.47 `sdk/nodejs/iam/role.ts`, `iam/policy.ts`,
 * `iam/rolePolicyAttachment.ts` and `ecs/iamRoleAttachment.ts`. The pinned SDK has no role input on
 * `ecs/instance` nor on `autoscaling/scalingConfiguration`: a role reaches an ECS instance only
 * through `ecs/iamRoleAttachment`, after the instance exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { VOLCENGINE_PLUGIN, ThinResource } from "../../providers/thin";
import type { VolcengineTags } from "./vpc";

/** Inputs of `volcengine:iam/role:Role` (required: `roleName`). */
export interface IamRoleArgs {
  roleName: pulumi.Input<string>;
  /** Trust policy (JSON: `Statement[].Effect/Action/Principal`). */
  trustPolicyDocument?: pulumi.Input<string>;
  displayName?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Seconds. */
  maxSessionDuration?: pulumi.Input<number>;
  tags?: VolcengineTags;
}

/** An IAM role. */
export class IamRole extends ThinResource {
  public static readonly __pulumiType = "volcengine:iam/role:Role";
  declare public readonly roleName: pulumi.Output<string>;
  declare public readonly trn: pulumi.Output<string>;

  constructor(name: string, args: IamRoleArgs, opts?: pulumi.CustomResourceOptions) {
    super(IamRole.__pulumiType, name, args, ["isServiceLinkedRole", "roleId", "trn"], VOLCENGINE_PLUGIN, opts);
  }
}

/** Inputs of `volcengine:iam/policy:Policy` (required: `policyName`, `policyDocument`). */
export interface IamPolicyArgs {
  policyName: pulumi.Input<string>;
  /** JSON: `Statement[].Effect/Action/Resource`. */
  policyDocument: pulumi.Input<string>;
  description?: pulumi.Input<string>;
}

/** A custom IAM policy (`policyType` output `Custom`). */
export class IamPolicy extends ThinResource {
  public static readonly __pulumiType = "volcengine:iam/policy:Policy";
  declare public readonly policyName: pulumi.Output<string>;
  declare public readonly policyType: pulumi.Output<string>;

  constructor(name: string, args: IamPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(IamPolicy.__pulumiType, name, args, ["attachmentCount", "category", "createDate", "isServiceRolePolicy", "policyTrn", "policyType", "updateDate"], VOLCENGINE_PLUGIN, opts);
  }
}

/** Inputs of `volcengine:iam/rolePolicyAttachment:RolePolicyAttachment` (all required). */
export interface IamRolePolicyAttachmentArgs {
  roleName: pulumi.Input<string>;
  policyName: pulumi.Input<string>;
  /** `Custom` or `System`. */
  policyType: pulumi.Input<"Custom" | "System">;
}

/** Attaches a policy to a role. */
export class IamRolePolicyAttachment extends ThinResource {
  public static readonly __pulumiType = "volcengine:iam/rolePolicyAttachment:RolePolicyAttachment";

  constructor(name: string, args: IamRolePolicyAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(IamRolePolicyAttachment.__pulumiType, name, args, [], VOLCENGINE_PLUGIN, opts);
  }
}

/** Inputs of `volcengine:ecs/iamRoleAttachment:IamRoleAttachment` (both required). */
export interface EcsIamRoleAttachmentArgs {
  iamRoleName: pulumi.Input<string>;
  instanceId: pulumi.Input<string>;
}

/** Binds an IAM role to an existing ECS instance (its metadata service then serves the role's credentials). */
export class EcsIamRoleAttachment extends ThinResource {
  public static readonly __pulumiType = "volcengine:ecs/iamRoleAttachment:IamRoleAttachment";

  constructor(name: string, args: EcsIamRoleAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(EcsIamRoleAttachment.__pulumiType, name, args, [], VOLCENGINE_PLUGIN, opts);
  }
}
