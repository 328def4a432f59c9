/**
 * The tag map every resource carries, in each cloud's shape. Pure functions, no cloud SDK imports.
 * (Subnet arithmetic lives in the planner: components/plan/cidr.ts.)
 */

/** Tag keys every resource must carry (the cost and policy tooling reads them). */
export const REQUIRED_TAG_KEYS = ["environment", "owner", "cost-center", "stack", "managed-by"] as const;

/**
 * The tag map for one resource: the target's tags (`args.tags`) plus resource-specific extras
 * (e.g. AWS `Name`). Extras never override a required tag. Returns a fresh object.
 */
export function resourceTags(tags: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { ...extra, ...tags };
  return out;
}

/**
 * AWS `Name` tag plus the target's tags. `role` is appended to `name` (`<name>-<role>`), the same
 * convention as the logical resource names.
 */
export function awsTags(tags: Record<string, string>, name: string, role: string): Record<string, string> {
  return resourceTags(tags, { Name: `${name}-${role}` });
}

/**
 * The target's tags as an AWS Auto Scaling group `tags` list, each with `propagateAtLaunch: true`
 * so instances and their volumes inherit them (plus `Name` = `<name>-host`).
 */
export function awsAsgTags(tags: Record<string, string>, name: string): { key: string; value: string; propagateAtLaunch: boolean }[] {
  return Object.entries(awsTags(tags, name, "host")).map(([key, value]) => ({ key, value, propagateAtLaunch: true }));
}

/**
 * The target's tags for Alibaba Cloud: keys may not start with `aliyun`/`acs:` and are at most 64
 * characters, values at most 128; offending entries are dropped rather than failing the deployment.
 */
export function alicloudTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags).filter(
      ([k, v]) => k.length > 0 && k.length <= 64 && v.length <= 128 && !/^(aliyun|acs:|https?:\/\/)/i.test(k),
    ),
  );
}
