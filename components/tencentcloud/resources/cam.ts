/**
 * Thin bindings for Tencent Cloud CAM: a role, a custom policy and the attachment of one to the
 * other, plus the `User/getInfo` invoke (account uin) the policy's resource names need. Tokens and
 * input names from pulumi-tencentcloud v0.2.3 `sdk/nodejs/cam/role.ts`, `cam/policy.ts`,
 * `cam/rolePolicyAttachment.ts` and `user/getInfo.ts` (terraform-provider-tencentcloud v1.82.42).
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, ThinResource, thinInvoke } from "../../providers/thin";
import type { TencentTags } from "./vpc";

/** Inputs of `tencentcloud:Cam/role:Role` (required: `document`). */
export interface CamRoleArgs {
  /** Trust policy (JSON, CAM policy syntax version `2.0`). */
  document: pulumi.Input<string>;
  /** Role name (what CVM `camRoleName` and the AS launch configuration take). */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  consoleLogin?: pulumi.Input<boolean>;
  /** Seconds. */
  sessionDuration?: pulumi.Input<number>;
  tags?: TencentTags;
}

/** A CAM role; its id is what `Cam/rolePolicyAttachment` `roleId` takes. */
export class CamRole extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Cam/role:Role";
  declare public readonly name: pulumi.Output<string>;
  declare public readonly createTime: pulumi.Output<string>;
  declare public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: CamRoleArgs, opts?: pulumi.CustomResourceOptions) {
    super(CamRole.__pulumiType, name, args, ["createTime", "updateTime", "roleArn"], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** Inputs of `tencentcloud:Cam/policy:Policy` (required: `document`). */
export interface CamPolicyArgs {
  /** Policy document (JSON, version `2.0`: `statement[].effect/action/resource`). */
  document: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
}

/** A custom CAM policy. */
export class CamPolicy extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Cam/policy:Policy";
  declare public readonly name: pulumi.Output<string>;

  constructor(name: string, args: CamPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(CamPolicy.__pulumiType, name, args, ["createTime", "type", "updateTime"], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** Inputs of `tencentcloud:Cam/rolePolicyAttachment:RolePolicyAttachment` (both required). */
export interface CamRolePolicyAttachmentArgs {
  roleId: pulumi.Input<string>;
  policyId: pulumi.Input<string>;
}

/** Attaches a policy to a role. */
export class CamRolePolicyAttachment extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Cam/rolePolicyAttachment:RolePolicyAttachment";

  constructor(name: string, args: CamRolePolicyAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(CamRolePolicyAttachment.__pulumiType, name, args, ["createMode", "createTime", "policyName", "policyType"], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** Token of the account look-up. */
export const USER_INFO_TOKEN = "tencentcloud:User/getInfo:getInfo";

/** Result of {@link USER_INFO_TOKEN}: `ownerUin` the root account, `uin` the caller (who creates the secrets). */
export interface UserInfo {
  appId: string;
  ownerUin: string;
  uin: string;
}

/** The account of the provider's credentials (`tencentcloud:User/getInfo:getInfo`, no inputs). */
export function userInfo(opts: pulumi.InvokeOutputOptions): pulumi.Output<UserInfo> {
  return thinInvoke<UserInfo>(TENCENTCLOUD_PLUGIN, USER_INFO_TOKEN, {}, opts);
}
