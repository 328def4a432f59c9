/**
 * Which region each resource and invoke of an offline run belongs to. Provider registrations
 * (`pulumi:providers:<pkg>`) are noted with their `region` input; a resource or invoke that names a
 * provider (`urn::id`) gets that provider's region; without one, the project's `<pkg>:region`
 * config (what a default provider would read); otherwise the region is unknown (undefined).
 */
import * as pulumi from "@pulumi/pulumi";

/** Prefix of provider resource types, e.g. `pulumi:providers:aws`. */
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/** URN part of a provider reference `urn::id` (ids never contain `::`). */
export function providerUrn(ref: string): string {
  const at = ref.lastIndexOf("::");
  return at > 0 ? ref.slice(0, at) : ref;
}

/** Package of a type or invoke token: `aws:ec2/vpc:Vpc` → `aws`, `pulumi:providers:aws` → `aws`. */
export function packageOf(token: string): string {
  return token.startsWith(PROVIDER_TYPE_PREFIX) ? token.slice(PROVIDER_TYPE_PREFIX.length) : token.split(":")[0];
}

/** Provider URN → region, filled as providers register. */
export class ProviderRegions {
  private readonly byUrn = new Map<string, string | undefined>();
  /** `<pkg>:region` config values read so far (the SDK re-parses all config on every read). */
  private readonly configured = new Map<string, string | undefined>();

  /** Region of the project's config for a package (`aws:region`), undefined when not set; read once per package. */
  configRegion(pkg: string): string | undefined {
    if (!this.configured.has(pkg)) this.configured.set(pkg, pulumi.runtime.getConfig(`${pkg}:region`) || undefined);
    return this.configured.get(pkg);
  }

  /** Region of an explicit provider reference (`urn::id`); undefined for an unknown provider. */
  ofProvider(ref: string): string | undefined {
    return this.byUrn.get(providerUrn(ref));
  }

  /**
   * Region of a resource being registered; notes provider registrations. Components get undefined
   * here (see {@link resolveComponentRegions}).
   */
  forResource(resource: { type: string; urn: string; provider?: string; custom: boolean }, inputs: Record<string, unknown>): string | undefined {
    const own = typeof inputs.region === "string" && inputs.region ? inputs.region : undefined;
    if (resource.type.startsWith(PROVIDER_TYPE_PREFIX)) {
      const region = own ?? this.configRegion(packageOf(resource.type));
      this.byUrn.set(resource.urn, region);
      return region;
    }
    if (!resource.custom) return undefined;
    if (own) return own;
    if (resource.provider) return this.ofProvider(resource.provider);
    return this.configRegion(packageOf(resource.type));
  }

  /** Region of an invoke: its provider's, else the config's for the token's package. */
  forCall(token: string, provider?: string): string | undefined {
    if (provider) return this.ofProvider(provider);
    return this.configRegion(packageOf(token));
  }
}

/**
 * Gives each component the one region all of its cloud (custom) descendants share; leaves it
 * undefined when they span several regions or none is known. Mutates and returns `records`.
 */
export function resolveComponentRegions<R extends { urn: string; parent?: string; custom: boolean; region?: string; type: string }>(records: R[]): R[] {
  const byUrn = new Map(records.map((r) => [r.urn, r]));
  const seen = new Map<string, Set<string | undefined>>();
  for (const r of records) {
    if (!r.custom || r.type.startsWith(PROVIDER_TYPE_PREFIX)) continue;
    for (let p = r.parent ? byUrn.get(r.parent) : undefined; p; p = p.parent ? byUrn.get(p.parent) : undefined) {
      if (p.custom) continue;
      let set = seen.get(p.urn);
      if (!set) seen.set(p.urn, (set = new Set()));
      set.add(r.region);
    }
  }
  for (const [urn, set] of seen) {
    const [only] = set;
    if (set.size === 1 && only) byUrn.get(urn)!.region = only;
  }
  return records;
}
