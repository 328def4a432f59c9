/**
 * The hosts' user-data as the cloud API receives it: base64 of the text, or of its gzip when only
 * compression makes it fit the cloud's limit (cloud-init decompresses it). Pure and deterministic
 * (Node's gzip writes no timestamp), so the plan and the adapters encode the same text the same way.
 */
import { gzipSync } from "node:zlib";
import type { Cloud } from "../../catalog/schema";
import { USER_DATA_LIMITS } from "../../catalog/facts/user-data";

/** How user-data goes to the cloud: as is, or gzip-compressed. */
export type UserDataEncoding = "plain" | "gzip";

/** Size of `bytes` as `cloud` counts it (raw, or its base64 text). */
export function userDataSize(cloud: Cloud, bytes: Buffer): number {
  return USER_DATA_LIMITS[cloud].measured === "raw" ? bytes.length : Buffer.from(bytes).toString("base64").length;
}

/** `text` compressed with gzip at the highest level, deterministic. */
export function gzipUserData(text: string): Buffer {
  return gzipSync(Buffer.from(text, "utf8"), { level: 9 });
}

/**
 * The encoding `cloud` needs for `text`: plain when it fits the limit, gzip otherwise; with the size
 * as the cloud counts it and whether it fits even then.
 */
export function chooseUserDataEncoding(cloud: Cloud, text: string): { encoding: UserDataEncoding; size: number; limit: number; fits: boolean; plainSize: number } {
  const limit = USER_DATA_LIMITS[cloud].limitBytes;
  const plainSize = userDataSize(cloud, Buffer.from(text, "utf8"));
  if (plainSize <= limit) return { encoding: "plain", size: plainSize, limit, fits: true, plainSize };
  const size = userDataSize(cloud, gzipUserData(text));
  return { encoding: "gzip", size, limit, fits: size <= limit, plainSize };
}

/** Base64 of `text` in `encoding` (the `userData` input every cloud takes). */
export function userDataBase64(text: string, encoding: UserDataEncoding): string {
  return (encoding === "gzip" ? gzipUserData(text) : Buffer.from(text, "utf8")).toString("base64");
}
