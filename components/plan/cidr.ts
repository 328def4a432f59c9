/**
 * IPv4 CIDR arithmetic for the network plan: the one helper every cloud's layout uses. Pure.
 */

/** An IPv4 CIDR split into its network address (as a 32-bit number) and prefix length. */
export interface ParsedCidr {
  /** Network address as an unsigned 32-bit number (host bits cleared). */
  base: number;
  /** Prefix length, 0–32. */
  prefix: number;
}

/** Parses `a.b.c.d/n`; throws on anything else. Host bits are cleared. */
export function parseCidr(cidr: string): ParsedCidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) throw new Error(`Not an IPv4 CIDR: ${cidr}`);
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`Not an IPv4 CIDR: ${cidr}`);
  const addr = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (addr & mask) >>> 0, prefix };
}

/** Formats a network address and prefix as `a.b.c.d/n`. */
export function formatCidr(base: number, prefix: number): string {
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

/** True when `inner` lies entirely inside `outer` (both IPv4 CIDRs). */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (i.prefix < o.prefix) return false;
  const mask = o.prefix === 0 ? 0 : (0xffffffff << (32 - o.prefix)) >>> 0;
  return ((i.base & mask) >>> 0) === o.base;
}

/** True when the two IPv4 CIDRs share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}
