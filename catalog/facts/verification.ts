/**
 * How sure the kit is of a cloud fact in `catalog/facts/` (host bootstrap facts: metadata modes,
 * image sizes, registry reachability).
 *
 * - `verified`: read in the vendor's own documentation or source code (the `source` URL says where).
 * - `unverified`: from third-party reports, estimates, or the vendor's docs read only in part; a
 *   deployability check may rely on it but should say it is unverified.
 *
 * Nothing in these modules was measured on a live account.
 */
export type VerificationStatus = "verified" | "unverified";

/** A fact's provenance: where it comes from and how sure the kit is. */
export interface Provenance {
  /** URL (or `file:line` of the kit) the fact was read from. */
  source: string;
  status: VerificationStatus;
}
