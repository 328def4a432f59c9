/**
 * IPv4 CIDR helpers for the checks (containment and equality), and port-range parsing for the
 * clouds' rule shapes. Pure.
 */

/** `[first, last]` address of an IPv4 CIDR as unsigned numbers, or undefined when not IPv4 CIDR. */
export function cidrRange(cidr: string): [number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!m) return undefined;
  const o = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (o.some((x) => x > 255) || prefix > 32) return undefined;
  const addr = ((o[0] << 24) >>> 0) + (o[1] << 16) + (o[2] << 8) + o[3];
  const size = 2 ** (32 - prefix);
  const base = addr - (addr % size);
  return [base, base + size - 1];
}

/** Whether `outer` contains all of `inner` (both IPv4 CIDRs). */
export function cidrContains(outer: string, inner: string): boolean {
  const a = cidrRange(outer);
  const b = cidrRange(inner);
  return Boolean(a && b && a[0] <= b[0] && b[1] <= a[1]);
}

/** Whether two CIDRs denote the same block. */
export function sameCidr(a: string, b: string): boolean {
  const x = cidrRange(a);
  const y = cidrRange(b);
  return Boolean(x && y && x[0] === y[0] && x[1] === y[1]);
}

/** The whole internet, IPv4 or IPv6. */
export function isAnywhere(cidr: string): boolean {
  const c = cidr.trim();
  return c === "0.0.0.0/0" || c === "::/0";
}

/** An inclusive port range; `[0, 65535]` for "all ports". */
export type PortRange = [number, number];

export const ALL_PORTS: PortRange = [0, 65535];

/** Whether `range` includes `port`. */
export function coversPort(range: PortRange, port: number): boolean {
  return range[0] <= port && port <= range[1];
}

/**
 * Parses the port notations of the four clouds: numbers (`8000`), `8000-8010`, `8000/8000`
 * (Alibaba `portRange`), `-1/-1` / `-1` / `all` / `ALL` / empty (all ports), and Tencent's
 * comma lists (`80,8000`, returned as the list's span only when contiguous, else each).
 */
export function parsePorts(value: unknown): PortRange[] {
  if (value === undefined || value === null || value === "") return [ALL_PORTS];
  if (typeof value === "number") return value < 0 ? [ALL_PORTS] : [[value, value]];
  if (typeof value !== "string") return [ALL_PORTS];
  const s = value.trim();
  if (/^(all|-1|-1\/-1|-1--1)$/i.test(s)) return [ALL_PORTS];
  return s.split(",").map((part) => {
    const m = /^(\d+)\s*(?:[-/]\s*(\d+))?$/.exec(part.trim());
    if (!m) return ALL_PORTS;
    return [Number(m[1]), Number(m[2] ?? m[1])] as PortRange;
  });
}
