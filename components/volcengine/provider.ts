/**
 * The explicit Volcano Engine provider of a target: every resource and invoke of the adapter goes
 * through it, never through the default provider (whose region is whatever the environment says).
 */
import type * as pulumi from "@pulumi/pulumi";
import { VolcengineProvider, volcengineCredentials } from "./resources/provider";

/**
 * Creates `${name}-provider` (child of `parent`) for `region`, with credentials from stack config
 * `volcengine:accessKey` / `volcengine:secretKey` or, when those are absent, the plugin's env vars
 * (`VOLCENGINE_ACCESS_KEY` / `VOLCENGINE_SECRET_KEY`).
 */
export function createVolcengineProvider(name: string, region: string, parent: pulumi.Resource): VolcengineProvider {
  return new VolcengineProvider(`${name}-provider`, { region, ...volcengineCredentials() }, { parent });
}
