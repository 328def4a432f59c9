/** Types of filter.js (the TMS filter service shipped to the hosts as one file). */
import type { Server } from "node:http";

export interface TmsFilterConfig {
  secretId: string;
  secretKey: string;
  bizType: string;
  region: string;
  /** TMS API base URL; default `https://tms.tencentcloudapi.com`. */
  endpoint: string;
  mode: "block" | "audit";
  failOpen: boolean;
  checkResponse: boolean;
  /** Engine base URL the filter proxies answers from, or null (request checks only). */
  upstream: string | null;
  /** Characters of streamed text per TMS check. */
  windowChars: number;
  timeoutMs: number;
  port: number;
  /** Clock in ms (tests); default Date.now. */
  now?: () => number;
}
export const DENY_MESSAGE: string;
export const UNAVAILABLE_MESSAGE: string;
export function signTc3(r: { host: string; service: string; action: string; version: string; region?: string; body: string; secretId: string; secretKey: string; timestamp: number }): Record<string, string>;
export function textOfRequest(body: string): string;
export function textOfResponse(json: unknown): string;
export function textOfChunk(json: unknown): string;
export function configFromEnv(env: Record<string, string | undefined>): TmsFilterConfig;
export function createFilter(cfg: TmsFilterConfig, log?: (message: string) => void): Server;
