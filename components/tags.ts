/**
 * Shared helpers of the cloud adapters: the tag map every resource carries, and the IPv4 subnet
 * arithmetic both adapters use to split a VPC CIDR. Pure functions, no cloud SDK imports.
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

/** An IPv4 CIDR split into its network address (as a 32-bit number) and prefix length. */
interface ParsedCidr {
  base: number;
  prefix: number;
}

function parseCidr(cidr: string): ParsedCidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) throw new Error(`Not an IPv4 CIDR: ${cidr}`);
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`Not an IPv4 CIDR: ${cidr}`);
  const addr = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (addr & mask) >>> 0, prefix };
}

function formatCidr(base: number, prefix: number): string {
  return `${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${base & 255}/${prefix}`;
}

/**
 * The `index`-th subnet of `cidr` that is `newBits` longer, like Terraform's `cidrsubnet`:
 * `subnetCidr("10.42.0.0/16", 4, 1)` is `10.42.16.0/20`. Throws when the subnet does not exist.
 */
export function subnetCidr(cidr: string, newBits: number, index: number): string {
  const { base, prefix } = parseCidr(cidr);
  const size = prefix + newBits;
  if (size > 32) throw new Error(`${cidr} cannot be split into /${size} subnets`);
  if (index < 0 || index >= 2 ** newBits) throw new Error(`${cidr} has no subnet #${index} of /${size}`);
  return formatCidr((base + index * 2 ** (32 - size)) >>> 0, size);
}

/**
 * The subnet plan of a created VPC: one host subnet per zone (`newBits` 4: a /20 of a /16), and
 * load-balancer subnets from the top of the range (`newBits` 8: a /24 of a /16), so the two never
 * overlap for up to 14 zones. The VPC prefix must be /8 to /19 (load-balancer subnets stay ≥ /27,
 * the smallest an ALB accepts on either cloud).
 */
export function planSubnets(vpcCidr: string, zoneCount: number, lbCount: number): { hosts: string[]; lb: string[] } {
  const { prefix } = parseCidr(vpcCidr);
  if (prefix < 8 || prefix > 19) throw new Error(`network.vpcCidr ${vpcCidr}: the prefix must be between /8 and /19`);
  if (zoneCount > 14 || lbCount > 14) throw new Error("At most 14 zones per target");
  return {
    hosts: Array.from({ length: zoneCount }, (_, i) => subnetCidr(vpcCidr, 4, i)),
    lb: Array.from({ length: lbCount }, (_, i) => subnetCidr(vpcCidr, 8, 2 ** 8 - 16 + i)),
  };
}

/** Default VPC CIDR of a created network. */
export const DEFAULT_VPC_CIDR = "10.42.0.0/16";
