/**
 * The registry of cloud adapters, one per cloud. Adapters never import each other; only this file
 * knows all four.
 */
import type { Cloud } from "../catalog/schema";
import type { CloudAdapter } from "./adapter";
import { awsAdapter } from "./aws";
import { alicloudAdapter } from "./alicloud";
import { tencentcloudAdapter } from "./tencentcloud";
import { volcengineAdapter } from "./volcengine";

/** Adapter for each cloud. */
export const ADAPTERS: Readonly<Record<Cloud, CloudAdapter>> = {
  aws: awsAdapter,
  alicloud: alicloudAdapter,
  tencentcloud: tencentcloudAdapter,
  volcengine: volcengineAdapter,
};
