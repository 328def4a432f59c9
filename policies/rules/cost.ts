/**
 * Cost rules: the monthly budget (through the one price function, cost/price.ts via the cost
 * report), GPUs per stack, allowed GPU models, spot in dev, top-tier GPUs, scaling maxima and
 * unpriced resources. GPU facts come from the resources (instance types → catalog), with the plan
 * recomputed from the stack config as fallback for types the catalog does not list.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { CURRENCIES } from "../../catalog/schema";
import { loadComponentPrices } from "../../catalog/prices/load";
import { convertCurrency } from "../../catalog/price";
import { buildCostReport } from "../../cost/report";
import { kitCatalog, NO_CONTEXT, stackContext } from "./context";
import { gpuFleet, HOST_TYPES, SCALING_GROUP_MAX, type StackResource } from "./fleet";
import { num } from "./read";
import { configOf, type KitRule } from "./types";

/** GPUs the pack treats as top tier by default. */
export const TOP_TIER_GPUS = ["H100-SXM", "H100-PCIe", "H200", "H800", "H20", "B200"] as const;

const asPriceable = (rs: readonly StackResource[]) => rs.map((r) => ({ type: r.type, name: r.name, urn: r.urn, parent: r.parent?.urn, inputs: r.props }));

const budgetSchema: PolicyConfigSchema = {
  properties: {
    maxMonthly: { type: "number", minimum: 0, description: "Ceiling in `currency`; default: the spec's budget.monthly." },
    currency: { type: "string", enum: [...CURRENCIES], description: "Currency of maxMonthly; default: the spec's budget currency." },
  },
};
export const monthlyBudget: KitRule = {
  meta: { category: "cost", controls: [], types: [] },
  policy: {
    name: "cost-monthly-budget",
    description: "The stack's monthly cost, priced resource by resource with the kit's one price function, stays within the budget.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Lower replicas.max or the GPU size, move non-prod to spot or a schedule (budget.usage.schedule), or raise budget.monthly / maxMonthly with finance's approval. `gpukit cost --stack <name>` shows the breakdown.",
    configSchema: budgetSchema,
    validateStack: (args, report) => {
      const ctx = stackContext();
      if (!ctx) return report(NO_CONTEXT);
      const cfg = configOf<{ maxMonthly?: number; currency?: (typeof CURRENCIES)[number] }>(budgetSchema, args.getConfig);
      const currency = cfg.currency ?? ctx.spec.budget.currency;
      const limit = cfg.maxMonthly ?? convertCurrency(ctx.spec.budget.monthly, ctx.spec.budget.currency, currency, kitCatalog().fx);
      const cost = buildCostReport({ stack: ctx.stack, spec: ctx.spec, plan: ctx.plan, resources: asPriceable(args.resources) }, { catalog: kitCatalog(), prices: loadComponentPrices(), currency, timeGenerated: "policy" });
      const unpriced = cost.unpriced.length;
      if (cost.totalMonthlyCost > limit) {
        report(`estimated ${cost.totalMonthlyCost.toFixed(2)} ${currency}/month exceeds the budget of ${limit.toFixed(2)} ${currency}${unpriced ? ` (and ${unpriced} line(s) are unpriced, so the estimate is a lower bound)` : ""}`);
      }
    },
  },
};

const maxGpusSchema: PolicyConfigSchema = { properties: { maxGpus: { type: "integer", minimum: 0, default: 64, description: "Most GPUs the stack may run at its scaling maxima." } } };
export const maxGpus: KitRule = {
  meta: { category: "cost", controls: [], types: Object.keys(HOST_TYPES) },
  policy: {
    name: "cost-max-gpus",
    description: "GPUs per stack at every scaling group's maximum stay within maxGpus.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Lower targets[].replicas.max or gpusPerReplica, or raise maxGpus in the environment's policy config.",
    configSchema: maxGpusSchema,
    validateStack: (args, report) => {
      const cfg = configOf<{ maxGpus: number }>(maxGpusSchema, args.getConfig);
      const fleet = gpuFleet(args.resources, kitCatalog(), stackContext()?.plan);
      let total = 0;
      for (const h of fleet) {
        if (h.gpusPerHost === undefined || h.maxHosts === undefined) {
          report(`${h.name}: cannot count its GPUs (${h.gpusPerHost === undefined ? `instance type ${h.instanceType ?? "unset"} is not in the catalog` : "its scaling group has no maximum"})`, h.urn);
          continue;
        }
        total += h.gpusPerHost * h.maxHosts;
      }
      if (total > cfg.maxGpus) report(`the stack can run ${total} GPUs at its scaling maxima (${fleet.map((h) => `${h.name}: ${h.gpusPerHost ?? "?"}×${h.maxHosts ?? "?"}`).join(", ")}), above maxGpus ${cfg.maxGpus}`);
    },
  },
};

const modelsSchema: PolicyConfigSchema = { properties: { allowedModels: { type: "array", items: { type: "string" }, default: [], description: "GPU catalog keys allowed; empty = any." } } };
export const allowedGpuModels: KitRule = {
  meta: { category: "cost", controls: [], types: Object.keys(HOST_TYPES) },
  policy: {
    name: "cost-allowed-gpu-models",
    description: "Every GPU host uses a GPU model the environment allows.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Pick an allowed GPU (targets[].gpu) or add the model to allowedModels in the environment's policy config.",
    configSchema: modelsSchema,
    validateStack: (args, report) => {
      const cfg = configOf<{ allowedModels: string[] }>(modelsSchema, args.getConfig);
      if (!cfg.allowedModels.length) return;
      for (const h of gpuFleet(args.resources, kitCatalog(), stackContext()?.plan)) {
        if (!h.gpu) report(`${h.name}: GPU of ${h.instanceType ?? "an unset instance type"} unknown; allowed: ${cfg.allowedModels.join(", ")}`, h.urn);
        else if (!cfg.allowedModels.includes(h.gpu)) report(`${h.name} runs ${h.gpu} (${h.instanceType}); allowed in this environment: ${cfg.allowedModels.join(", ")}`, h.urn);
      }
    },
  },
};

const spotSchema: PolicyConfigSchema = { properties: { requireSpot: { type: "boolean", default: false, description: "GPU hosts must be spot/preemptible." } } };
export const spotInDev: KitRule = {
  meta: { category: "cost", controls: [], types: Object.keys(HOST_TYPES) },
  policy: {
    name: "cost-spot-required",
    description: "GPU hosts use spot/preemptible capacity where the environment requires it (dev).",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps: "Set targets[].spot: true (interruptions are acceptable in dev).",
    configSchema: spotSchema,
    validateStack: (args, report) => {
      const cfg = configOf<{ requireSpot: boolean }>(spotSchema, args.getConfig);
      if (!cfg.requireSpot) return;
      for (const h of gpuFleet(args.resources, kitCatalog(), stackContext()?.plan)) {
        if (h.spot !== true) report(`${h.name} (${h.instanceType}) is on-demand; this environment expects spot capacity`, h.urn);
      }
    },
  },
};

const topSchema: PolicyConfigSchema = {
  properties: {
    allowTopTier: { type: "boolean", default: false, description: "Top-tier GPUs and 8-GPU boards are allowed." },
    topTierModels: { type: "array", items: { type: "string" }, default: [...TOP_TIER_GPUS], description: "GPU keys counted as top tier." },
    maxGpusPerHost: { type: "integer", minimum: 1, default: 7, description: "Hosts with more GPUs (8-GPU boards) count as top tier." },
  },
};
export const topTierGpus: KitRule = {
  meta: { category: "cost", controls: [], types: Object.keys(HOST_TYPES) },
  policy: {
    name: "cost-top-tier-gpus",
    description: "Top-tier GPUs (H100, H200, H800, H20, B200) and 8-GPU boards run only where the config allows them.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Use a smaller GPU (A10, L20, L40S, A800) or fewer GPUs per host, or set allowTopTier: true for this environment with approval.",
    configSchema: topSchema,
    validateStack: (args, report) => {
      const cfg = configOf<{ allowTopTier: boolean; topTierModels: string[]; maxGpusPerHost: number }>(topSchema, args.getConfig);
      if (cfg.allowTopTier) return;
      for (const h of gpuFleet(args.resources, kitCatalog(), stackContext()?.plan)) {
        if (h.gpu && cfg.topTierModels.includes(h.gpu)) report(`${h.name} runs top-tier GPU ${h.gpu} (${h.instanceType}); not allowed in this environment`, h.urn);
        else if ((h.gpusPerHost ?? 0) > cfg.maxGpusPerHost) report(`${h.name} is a ${h.gpusPerHost}-GPU board (${h.instanceType}); boards above ${cfg.maxGpusPerHost} GPUs are not allowed in this environment`, h.urn);
      }
    },
  },
};

const scaleSchema: PolicyConfigSchema = { properties: { maxReplicas: { type: "integer", minimum: 1, default: 8, description: "Largest scaling-group maximum." } } };
export const autoscalingMax: KitRule = {
  meta: { category: "cost", controls: [], types: Object.keys(SCALING_GROUP_MAX) },
  policy: {
    name: "cost-autoscaling-max",
    description: "Every scaling group has a maximum size, at most maxReplicas.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set targets[].replicas.max within maxReplicas.",
    configSchema: scaleSchema,
    validateResource: (args, report) => {
      const field = SCALING_GROUP_MAX[args.type];
      if (!field) return args.notApplicable(`not a scaling group`);
      const cfg = configOf<{ maxReplicas: number }>(scaleSchema, args.getConfig);
      const max = num(args.props[field]);
      if (max === undefined) report(`${args.name} has no ${field}: the group can grow without bound`);
      else if (max > cfg.maxReplicas) report(`${args.name} ${field} ${max} is above maxReplicas ${cfg.maxReplicas}`);
    },
  },
};

const unpricedSchema: PolicyConfigSchema = { properties: {} };
export const unpricedResources: KitRule = {
  meta: { category: "cost", controls: [], types: [] },
  policy: {
    name: "cost-unpriced-resources",
    description: "Every resource the stack creates is priced, free on purpose, or reported here (never counted as zero).",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps: "Add a price rule (cost/rules/<cloud>.ts) or a catalog price row for the type, or a price-book line for the region.",
    configSchema: unpricedSchema,
    validateStack: (args, report) => {
      const ctx = stackContext();
      if (!ctx) return report(NO_CONTEXT);
      const cost = buildCostReport({ stack: ctx.stack, spec: ctx.spec, plan: ctx.plan, resources: asPriceable(args.resources) }, { catalog: kitCatalog(), prices: loadComponentPrices(), timeGenerated: "policy" });
      const urns = new Map(args.resources.map((r) => [r.name, r.urn]));
      for (const u of cost.unpriced) report(`${u.name} (${u.resourceType})${u.component ? ` ${u.component}` : ""} is unpriced: ${u.reason}`, urns.get(u.name));
    },
  },
};

/** The cost rules, in report order. */
export const COST_RULES: readonly KitRule[] = [monthlyBudget, maxGpus, allowedGpuModels, spotInDev, topTierGpus, autoscalingMax, unpricedResources];
