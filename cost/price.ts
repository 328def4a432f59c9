/**
 * The one price function: `price(resource, context)` → priced (cost lines with source, date and
 * status), free (zero on purpose, with the reason) or unpriced (with the reason). Used by
 * `gpukit cost`, and by policies over recorded resources. Imports no Pulumi module.
 */
import { CLOUDS, type Cloud } from "../catalog/schema";
import { ALICLOUD_RULES } from "./rules/alicloud";
import { AWS_RULES } from "./rules/aws";
import { TENCENTCLOUD_RULES } from "./rules/tencentcloud";
import { VOLCENGINE_RULES } from "./rules/volcengine";
import { KUBERNETES_RULES } from "./rules/kubernetes";
import type { PriceContext, PriceResult, PriceRule, PriceableResource } from "./types";

/** Every per-type rule, by type token. */
export const PRICE_RULES: Readonly<Record<string, PriceRule>> = { ...AWS_RULES, ...ALICLOUD_RULES, ...TENCENTCLOUD_RULES, ...VOLCENGINE_RULES, ...KUBERNETES_RULES };

/** Cloud of a type token (`aws:ec2/vpc:Vpc` → `aws`; provider tokens too); undefined for components. */
export function cloudOfType(type: string): Cloud | undefined {
  const pkg = type.startsWith("pulumi:providers:") ? type.slice("pulumi:providers:".length) : type.split(":")[0];
  return (CLOUDS as readonly string[]).includes(pkg) ? (pkg as Cloud) : undefined;
}

/**
 * The rule for a type token: a per-type rule, or the generic ones — providers and the kit's own
 * components are free; anything else has no rule (undefined).
 */
export function ruleFor(type: string): PriceRule | undefined {
  const rule = PRICE_RULES[type];
  if (rule) return rule;
  if (type.startsWith("pulumi:providers:")) return () => ({ kind: "free", category: "other", reason: "providers are not cloud resources" });
  if (type.startsWith("gpu-inference:")) return () => ({ kind: "free", category: "other", reason: "component resources group children; their children are priced" });
  return undefined;
}

/** Prices one recorded resource. A type without a rule is unpriced with that reason, never zero. */
export function price(resource: PriceableResource, ctx: PriceContext): PriceResult {
  const rule = ruleFor(resource.type);
  if (!rule) return { kind: "unpriced", category: "other", reason: `no price rule for ${resource.type}` };
  const cloud = cloudOfType(resource.type);
  return rule(resource, ctx, cloud ?? "aws");
}
