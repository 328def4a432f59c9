/**
 * `secret-access`: on Tencent Cloud, GPU hosts whose boot script reads Secrets Manager (SSM) can do
 * so, and can read nothing else. Checked over the recording of every `runtime: vm` Tencent target
 * with planned secrets:
 * - each planned secret has an `Ssm/secret` under its SSM name and an `Ssm/secretVersion` whose
 *   `secretString` is a Pulumi secret (`[secret]` in the recording), never a plain value;
 * - the hosts' CAM role exists and is trusted by `cvm.qcloud.com` only;
 * - every host template (CVM instance, AS scaling config) whose user-data calls `GetSecretValue`
 *   carries that role (`camRoleName`): without it the metadata service has no credentials and the
 *   boot script stops (https://www.tencentcloud.com/document/product/213/47668: only roles whose
 *   carrier includes `cvm.qcloud.com` can be bound to an instance);
 * - the policies attached to the role allow `ssm:GetSecretValue` only, on exactly the target's
 *   secrets (`qcs::ssm:<region>:uin/<uin>:secret/creatorUin/<uin>/<name>`, SSM's access-control page
 *   https://www.tencentcloud.com/document/product/1078/38612), no wildcard, no other secret.
 * On Volcano Engine (`runtime: vm`, planned secrets) the same over KMS and IAM
 * ({@link volcengineFindings}): a `kms/secret` per secret under its KMS name with a `[secret]` value;
 * the hosts' IAM role trusted by `ecs` only; every ECS instance whose user-data calls
 * `GetSecretValue` bound to that role by an `ecs/iamRoleAttachment` (a scaling configuration cannot
 * carry one in pulumi-volcengine 0.0.47); the attached policies allow `kms:GetSecretValue` only, on
 * exactly the target's secrets (`trn:kms:<region>:<account>:secrets/<name>`, TRN shape unverified).
 */
import { tencentSsmSecretName } from "../../components/bootstrap/tencent-ssm";
import { volcengineSecretName } from "../../components/bootstrap/volcengine-secrets";
import { hostTemplates } from "../hosts";
import { handle, RunIndex, targetScopes } from "../scope";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, RecordedResourceLike, TargetScope } from "../types";

const ID = "secret-access" as const;

/** Tencent types the check reads. */
export const TENCENT_SECRET_TYPES = {
  secret: "tencentcloud:Ssm/secret:Secret",
  version: "tencentcloud:Ssm/secretVersion:SecretVersion",
  role: "tencentcloud:Cam/role:Role",
  policy: "tencentcloud:Cam/policy:Policy",
  attachment: "tencentcloud:Cam/rolePolicyAttachment:RolePolicyAttachment",
} as const;

/** Volcano Engine types the check reads. */
export const VOLCENGINE_SECRET_TYPES = {
  secret: "volcengine:kms/secret:Secret",
  role: "volcengine:iam/role:Role",
  policy: "volcengine:iam/policy:Policy",
  attachment: "volcengine:iam/rolePolicyAttachment:RolePolicyAttachment",
  instanceRole: "volcengine:ecs/iamRoleAttachment:IamRoleAttachment",
  instance: "volcengine:ecs/instance:Instance",
} as const;

/** How the recorder shows a Pulumi secret input. */
const SECRET_MARK = "[secret]";

interface Statement {
  effect?: unknown;
  action?: unknown;
  resource?: unknown;
  principal?: unknown;
}

function statements(document: unknown): Statement[] | undefined {
  if (typeof document !== "string") return undefined;
  try {
    const parsed = JSON.parse(document) as { statement?: unknown };
    return Array.isArray(parsed.statement) ? (parsed.statement as Statement[]) : undefined;
  } catch {
    return undefined;
  }
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

export const secretAccess: DeployabilityCheck = {
  id: ID,
  description: "Tencent Cloud / Volcano Engine hosts that read their secret store at boot carry a role trusted by the compute service whose policy allows GetSecretValue on exactly the target's secrets, and the secret values are Pulumi secrets.",
  remediation: "Create the secrets, role and policy through components/tencentcloud/secrets.ts (camRoleName on every host template) or components/volcengine/secrets.ts (an ecs/iamRoleAttachment per instance).",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    for (const scope of targetScopes(run, index)) {
      const plan = scope.plan;
      if (!scope.component || plan.placement.runtime !== "vm" || plan.secrets.length === 0) continue;
      const target = plan.name;
      const add = (r: RecordedResourceLike | string, message: string, fix: string) => findings.push({ check: ID, target, resource: typeof r === "string" ? r : handle(r), message, fix });
      if (plan.placement.cloud === "volcengine") {
        volcengineFindings(scope, add);
        continue;
      }
      if (plan.placement.cloud !== "tencentcloud") continue;
      const mine = (type: string) => scope.resources.filter((r) => r.type === type);
      const names = plan.secrets.map((s) => tencentSsmSecretName(s.storeName));
      for (const n of names) {
        if (!mine(TENCENT_SECRET_TYPES.secret).some((r) => r.inputs.secretName === n)) add(n, `no SSM secret ${n} was recorded, yet the hosts read it at boot`, "create it with createTencentcloudSecrets");
        const version = mine(TENCENT_SECRET_TYPES.version).find((r) => r.inputs.secretName === n);
        if (!version) add(n, `SSM secret ${n} has no version holding its value`, "create its Ssm/secretVersion");
        else if (version.inputs.secretString !== SECRET_MARK) add(version, `${version.name} stores its value as a plain input, visible in the state and previews`, "pass secretString through pulumi.secret");
      }
      const roles = mine(TENCENT_SECRET_TYPES.role);
      const role = roles[0];
      if (!role) add(`${target}-host-role`, "no CAM role was recorded for the hosts, so the boot script cannot get credentials for SSM", "create the role with createTencentcloudSecrets");
      else {
        const principals = (statements(role.inputs.document) ?? []).flatMap((s) => list((s.principal as { service?: unknown } | undefined)?.service));
        if (principals.length === 0 || principals.some((p) => p !== "cvm.qcloud.com")) add(role, `${role.name} is trusted by ${principals.join(", ") || "nobody"}, not by cvm.qcloud.com only`, 'trust principal.service ["cvm.qcloud.com"] only');
      }
      for (const t of hostTemplates(scope)) {
        if (!t.userData?.includes("GetSecretValue")) continue;
        const r = t.resource;
        const given = r.inputs.camRoleName;
        if (given === undefined) add(r, `${r.name}'s user-data reads SSM but the host has no CAM role (camRoleName), so the metadata service has no credentials and the boot script stops`, `set camRoleName to ${String(role?.inputs.name ?? "the hosts' role")}`);
        else if (role && given !== role.inputs.name) add(r, `${r.name} runs with CAM role ${String(given)}, not the target's ${String(role.inputs.name)}`, `set camRoleName to ${String(role.inputs.name)}`);
      }
      if (!role) continue;
      const policies = mine(TENCENT_SECRET_TYPES.attachment)
        .filter((a) => index.resolve(a.inputs.roleId, [TENCENT_SECRET_TYPES.role])?.urn === role.urn)
        .map((a) => index.resolve(a.inputs.policyId, [TENCENT_SECRET_TYPES.policy]))
        .filter((p): p is RecordedResourceLike => p !== undefined);
      if (policies.length === 0) add(role, `${role.name} has no policy attached, so the hosts cannot read their secrets`, "attach the secrets policy with Cam/rolePolicyAttachment");
      const covered = new Set<string>();
      const shape = new RegExp(`^qcs::ssm:${plan.placement.region}:uin/\\d+:secret/creatorUin/\\d+/([A-Za-z0-9_-]+)$`);
      for (const p of policies) {
        const stmts = statements(p.inputs.document);
        if (!stmts) {
          add(p, `${p.name}'s document is not a CAM policy (no statement list)`, "write a version 2.0 document");
          continue;
        }
        for (const s of stmts) {
          if (String(s.effect).toLowerCase() !== "allow") continue;
          const extra = list(s.action).filter((a) => a !== "ssm:GetSecretValue");
          if (extra.length) add(p, `${p.name} allows ${extra.join(", ")} besides ssm:GetSecretValue`, "allow ssm:GetSecretValue only");
          for (const res of list(s.resource)) {
            const m = shape.exec(res);
            if (!m) add(p, `${p.name} grants ${res}, not one named secret of this target in ${plan.placement.region}`, "list each secret's resource name; never *");
            else if (!names.includes(m[1]!)) add(p, `${p.name} grants SSM secret ${m[1]}, which is not one of this target's`, "grant only the target's secrets");
            else covered.add(m[1]!);
          }
        }
      }
      for (const n of names) if (policies.length && !covered.has(n)) add(policies[0]!, `${policies[0]!.name} does not allow reading ${n}, which the hosts read at boot`, `add its resource name to the policy`);
    }
    return { findings, notes: [] };
  },
};

type Add = (r: RecordedResourceLike | string, message: string, fix: string) => void;

/** The Volcano Engine half of the check (see the module comment); statement keys are capitalised there. */
function volcengineFindings(scope: TargetScope, add: Add): void {
  const { plan } = scope;
  const T = VOLCENGINE_SECRET_TYPES;
  const mine = (type: string) => scope.resources.filter((r) => r.type === type);
  const names = plan.secrets.map((s) => volcengineSecretName(s.storeName));
  for (const n of names) {
    const secret = mine(T.secret).find((r) => r.inputs.secretName === n);
    if (!secret) add(n, `no KMS secret ${n} was recorded, yet the hosts read it at boot`, "create it with createVolcengineSecrets");
    else if (secret.inputs.secretValue !== SECRET_MARK) add(secret, `${secret.name} stores its value as a plain input, visible in the state and previews`, "pass secretValue through pulumi.secret");
  }
  const role = mine(T.role)[0];
  const roleName = role?.inputs.roleName;
  if (!role) add(`${plan.name}-host-role`, "no IAM role was recorded for the hosts, so the boot script cannot get credentials for KMS", "create the role with createVolcengineSecrets");
  else {
    const doc = upperStatements(role.inputs.trustPolicyDocument) ?? [];
    const principals = doc.flatMap((s) => list((s.Principal as { Service?: unknown } | undefined)?.Service));
    if (principals.length === 0 || principals.some((p) => p !== "ecs")) add(role, `${role.name} is trusted by ${principals.join(", ") || "nobody"}, not by ecs only`, 'trust Principal.Service ["ecs"] only');
  }
  const bindings = mine(T.instanceRole);
  for (const t of hostTemplates(scope)) {
    if (!t.userData?.includes("GetSecretValue")) continue;
    const r = t.resource;
    if (r.type !== T.instance) {
      add(r, `${r.name}'s user-data reads KMS but a scaling configuration cannot carry an IAM role (pulumi-volcengine 0.0.47), so its instances get no credentials`, "use fixed instances (replicas.min == replicas.max) for a target with secrets");
      continue;
    }
    const bound = bindings.filter((b) => b.inputs.instanceId !== undefined && b.inputs.instanceId === r.id);
    if (bound.length === 0) add(r, `${r.name}'s user-data reads KMS but no ecs/iamRoleAttachment binds a role to it, so the metadata service has no credentials and the boot script stops`, `bind ${String(roleName ?? "the hosts' role")} with ecs/iamRoleAttachment`);
    else if (role && !bound.some((b) => b.inputs.iamRoleName === roleName)) add(r, `${r.name} is bound to IAM role ${bound.map((b) => String(b.inputs.iamRoleName)).join(", ")}, not the target's ${String(roleName)}`, `bind ${String(roleName)}`);
  }
  if (!role) return;
  const policies = mine(T.attachment)
    .filter((a) => a.inputs.roleName === roleName)
    .map((a) => mine(T.policy).find((p) => p.inputs.policyName === a.inputs.policyName))
    .filter((p): p is RecordedResourceLike => p !== undefined);
  if (policies.length === 0) add(role, `${role.name} has no policy attached, so the hosts cannot read their secrets`, "attach the secrets policy with iam/rolePolicyAttachment");
  const covered = new Set<string>();
  const shape = new RegExp(`^trn:kms:${plan.placement.region}:\\d+:secrets?/([A-Za-z0-9_-]+)$`);
  for (const p of policies) {
    const stmts = upperStatements(p.inputs.policyDocument);
    if (!stmts) {
      add(p, `${p.name}'s document is not an IAM policy (no Statement list)`, "write a Statement list");
      continue;
    }
    for (const s of stmts) {
      if (String(s.Effect).toLowerCase() !== "allow") continue;
      const extra = list(s.Action).filter((a) => a !== "kms:GetSecretValue");
      if (extra.length) add(p, `${p.name} allows ${extra.join(", ")} besides kms:GetSecretValue`, "allow kms:GetSecretValue only");
      for (const res of list(s.Resource)) {
        const m = shape.exec(res);
        if (!m) add(p, `${p.name} grants ${res}, not one named secret of this target in ${plan.placement.region}`, "list each secret's TRN; never *");
        else if (!names.includes(m[1]!)) add(p, `${p.name} grants KMS secret ${m[1]}, which is not one of this target's`, "grant only the target's secrets");
        else covered.add(m[1]!);
      }
    }
  }
  for (const n of names) if (policies.length && !covered.has(n)) add(policies[0]!, `${policies[0]!.name} does not allow reading ${n}, which the hosts read at boot`, "add its TRN to the policy");
}

interface UpperStatement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Principal?: unknown;
}

function upperStatements(document: unknown): UpperStatement[] | undefined {
  if (typeof document !== "string") return undefined;
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    return Array.isArray(parsed.Statement) ? (parsed.Statement as UpperStatement[]) : undefined;
  } catch {
    return undefined;
  }
}
