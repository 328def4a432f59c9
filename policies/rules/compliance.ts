/**
 * Compliance rules: required tags, the data-classification tag, data residency, export control
 * per GPU (gated per environment), the mainland-China filing number and content moderation for
 * public services, and request/response log retention for them.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { kitCatalog, NO_CONTEXT, stackContext } from "./context";
import { EXPORT_STATUSES, exportStatus, gpuFleet, HOST_TYPES, residencyOf, SCALING_GROUP_MAX, type StackResource } from "./fleet";
import { cloudOf, LOAD_BALANCER_PUBLIC, str, tagsOf, userDataOf, USER_DATA_TYPES } from "./read";
import { configOf, type KitRule } from "./types";

/** Resources that must carry tags whatever their props say (hosts, scaling groups, load balancers). */
export const MUST_TAG: readonly string[] = [...Object.keys(HOST_TYPES), ...Object.keys(SCALING_GROUP_MAX), ...Object.keys(LOAD_BALANCER_PUBLIC)];

function tagsArg(args: { props: Record<string, unknown>; provider?: { props: Record<string, unknown> } }): Record<string, string> | undefined {
  // AWS launch templates tag instances through tagSpecifications; the template's own tags count for the template.
  return tagsOf(args.props, args.provider?.props);
}

const tagSchema: PolicyConfigSchema = { properties: { tags: { type: "array", items: { type: "string" }, default: ["environment", "owner", "cost-center"], description: "Tag keys every taggable resource carries." } } };
export const requiredTags: KitRule = {
  meta: { category: "compliance", controls: ["Pulumi AWS Organizations Tag Policies", "Infracost tagging policy"], types: [...MUST_TAG] },
  policy: {
    name: "comp-required-tags",
    description: "Every resource with tags (and every host, scaling group and load balancer) carries environment, owner and cost-center.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set environment, owner and costCenter in the spec (the kit tags every resource with them); add missing tags to hand-written resources.",
    configSchema: tagSchema,
    validateResource: (args, report) => {
      const cfg = configOf<{ tags: string[] }>(tagSchema, args.getConfig);
      const tags = tagsArg(args);
      if (!tags) {
        if (MUST_TAG.includes(args.type)) report(`${args.name} has no tags (needs ${cfg.tags.join(", ")})`);
        else args.notApplicable("the type takes no tags");
        return;
      }
      const missing = cfg.tags.filter((t) => !tags[t]);
      if (missing.length) report(`${args.name} is missing tag(s) ${missing.join(", ")}`);
    },
  },
};

export const dataClassificationTag: KitRule = {
  meta: { category: "compliance", controls: [], types: [...MUST_TAG] },
  policy: {
    name: "comp-data-classification-tag",
    description: "Where the spec has compliance.dataClassification, hosts, scaling groups and load balancers carry a data-classification tag with that value.",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps: "Tag the resources with data-classification: <spec value> (the kit's deploymentTags does not add it yet).",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
      if (!MUST_TAG.includes(args.type)) return args.notApplicable("not a host, scaling group or load balancer");
      const ctx = stackContext();
      if (!ctx) return report(NO_CONTEXT);
      const want = ctx.spec.compliance?.dataClassification;
      if (!want) return;
      const got = tagsArg(args)?.["data-classification"];
      if (got !== want) report(`${args.name} has data-classification ${got === undefined ? "unset" : JSON.stringify(got)}; the spec says ${want}`);
    },
  },
};

/** Object-storage regions a boot script syncs weights from (`aws s3 sync --region X`, `oss-X-internal`, `cos.X.`, `tos-X`). */
export function weightRegions(text: string): { cloud: string; region: string }[] {
  const out: { cloud: string; region: string }[] = [];
  for (const m of text.matchAll(/aws s3 (?:sync|cp)[^\n]*--region '?([a-z0-9-]+)'?/g)) out.push({ cloud: "aws", region: m[1]! });
  for (const m of text.matchAll(/oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com/g)) out.push({ cloud: "alicloud", region: m[1]! });
  for (const m of text.matchAll(/cos\.([a-z0-9-]+)\.myqcloud\.com/g)) out.push({ cloud: "tencentcloud", region: m[1]! });
  for (const m of text.matchAll(/tos-([a-z0-9-]+?)\.(?:ivolces|volces)\.com/g)) out.push({ cloud: "volcengine", region: m[1]! });
  return out;
}

export const dataResidency: KitRule = {
  meta: { category: "compliance", controls: ["MLPS 2.0 level 3 (data localisation)", "PIPL art. 40"], types: [...USER_DATA_TYPES] },
  policy: {
    name: "comp-data-residency",
    description: "A stack with compliance.dataResidency cn runs only in mainland-China regions and pulls no weights from object storage outside them.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Move the target to a mainland region (cn-*, ap-guangzhou, ap-shanghai, ap-beijing…) and serve weights from a bucket in it (or ModelScope).",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
      const ctx = stackContext();
      if (!ctx) return report(NO_CONTEXT);
      if (ctx.spec.compliance?.dataResidency !== "cn") return;
      const catalog = kitCatalog();
      for (const r of args.resources as readonly StackResource[]) {
        if (r.type.startsWith("pulumi:providers:")) {
          // A Kubernetes provider has no region: its cluster's location is that of the cloud resources checked here.
          if (r.type === "pulumi:providers:kubernetes") continue;
          const region = str(r.props.region);
          const residency = residencyOf(catalog, cloudOf(r.type), region);
          if (residency !== "cn") report(`provider ${r.name} is in ${region ?? "an unset region"} (${residency ?? "not in the catalog"}), outside mainland China`, r.urn);
          continue;
        }
        for (const text of userDataOf(r.type, r.props)) {
          for (const w of weightRegions(text)) {
            if (residencyOf(catalog, w.cloud, w.region) !== "cn") report(`${r.name} pulls weights from ${w.cloud} object storage in ${w.region}, outside mainland China`, r.urn);
          }
        }
      }
      if (/^s3:\/\//.test(ctx.spec.model.source)) report(`model.source ${ctx.spec.model.source} is an S3 bucket; a cn stack must keep weights in a mainland bucket (oss://, cos://, tos://) or use modelscope`);
    },
  },
};

const exportSchema: PolicyConfigSchema = {
  properties: {
    blockedStatuses: { type: "array", items: { type: "string", enum: [...EXPORT_STATUSES] }, default: ["barred"], description: "Export-control statuses refused in this environment (per GPU, as of the catalog date)." },
  },
};
export const exportControl: KitRule = {
  meta: { category: "compliance", controls: ["US EAR 3A090 / 4A090 (advanced computing)"], types: Object.keys(HOST_TYPES) },
  policy: {
    name: "comp-export-control",
    description: "Every GPU in a mainland-China region has an export-control status (catalog gpus.json exportControl: licence required, case by case, barred, with its date) this environment allows.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Use a China-market GPU (H20, L20, A800, H800) in mainland regions, or a region where the GPU is not restricted; ask legal before changing blockedStatuses.",
    configSchema: exportSchema,
    validateStack: (args, report) => {
      const cfg = configOf<{ blockedStatuses: string[] }>(exportSchema, args.getConfig);
      const catalog = kitCatalog();
      const ctx = stackContext();
      for (const h of gpuFleet(args.resources, catalog, ctx?.plan)) {
        const region = h.region ?? providerRegion(args.resources as readonly StackResource[], h.cloud);
        const mainland = residencyOf(catalog, h.cloud, region) === "cn";
        const s = h.gpu ? exportStatus(catalog, h.gpu, mainland) : { status: "unknown", since: null, source: `instance type ${h.instanceType ?? "unset"} not in the catalog` };
        if (cfg.blockedStatuses.includes(s.status)) report(`${h.name} runs ${h.gpu ?? "an unknown GPU"} in ${region ?? "an unknown region"}: export-control status ${s.status}${s.since ? ` (since ${s.since})` : ""} (${s.source}) is blocked here`, h.urn);
      }
    },
  },
};

function providerRegion(rs: readonly StackResource[], cloud: string): string | undefined {
  return str(rs.find((r) => r.type === `pulumi:providers:${cloud}`)?.props.region);
}

/** Public load balancers in mainland-China regions. */
function mainlandPublicLbs(rs: readonly StackResource[]): StackResource[] {
  const ctx = stackContext();
  const catalog = kitCatalog();
  return rs.filter((r) => {
    if (!LOAD_BALANCER_PUBLIC[r.type]?.(r.props)) return false;
    const target = ctx?.plan.targets.find((t) => r.name.startsWith(`${t.name}-`));
    const region = target?.placement.region ?? providerRegion(rs, cloudOf(r.type));
    return residencyOf(catalog, cloudOf(r.type), region) === "cn";
  });
}

export const cnFilingAndModeration: KitRule = {
  meta: { category: "compliance", controls: ["CAC Interim Measures for Generative AI Services art. 17 (filing)", "art. 14 (content moderation)"], types: Object.keys(LOAD_BALANCER_PUBLIC) },
  policy: {
    name: "comp-cn-filing-moderation",
    description: "A public service in mainland China carries its generative-AI filing number (备案号, compliance.filingNumber) and a content-moderation configuration (compliance.moderation).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Set compliance.filingNumber and compliance.moderation.provider in the spec, or keep the load balancer internal.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
      const lbs = mainlandPublicLbs(args.resources as readonly StackResource[]);
      if (!lbs.length) return;
      const ctx = stackContext();
      if (!ctx) return report(NO_CONTEXT);
      const missing = [!ctx.spec.compliance?.filingNumber && "compliance.filingNumber (备案号)", !ctx.spec.compliance?.moderation && "compliance.moderation"].filter(Boolean);
      if (missing.length) report(`${lbs.map((l) => l.name).join(", ")} serve(s) the public in mainland China without ${missing.join(" and ")}`, lbs[0]!.urn);
    },
  },
};

/** Log-store types and their retention field (days). */
const LOG_STORES: Record<string, string> = {
  "aws:cloudwatch/logGroup:LogGroup": "retentionInDays",
  "alicloud:log/store:Store": "retentionPeriod",
  "tencentcloud:Cls/topic:Topic": "period",
  "volcengine:tls/topic:Topic": "ttl",
};
const logSchema: PolicyConfigSchema = { properties: { minDays: { type: "integer", minimum: 1, default: 180, description: "Days request/response logs are kept." } } };
export const cnLogRetention: KitRule = {
  meta: { category: "compliance", controls: ["Cybersecurity Law art. 21 (logs ≥ 6 months)"], types: [...Object.keys(LOG_STORES), ...Object.keys(LOAD_BALANCER_PUBLIC)] },
  policy: {
    name: "comp-cn-log-retention",
    description: "Public services in mainland China keep request/response logs at least minDays (180).",
    severity: "high",
    enforcementLevel: "advisory",
    remediationSteps: "Add a log store with retention ≥ 180 days and ship the gateway's request/response logs to it (the observability work adds it).",
    configSchema: logSchema,
    validateStack: (args, report) => {
      const lbs = mainlandPublicLbs(args.resources as readonly StackResource[]);
      if (!lbs.length) return;
      const cfg = configOf<{ minDays: number }>(logSchema, args.getConfig);
      const stores = args.resources.filter((r) => LOG_STORES[r.type]);
      if (!stores.length) return report(`${lbs.map((l) => l.name).join(", ")} serve(s) the public in mainland China and the stack has no log store yet: request/response logs are not retained ${cfg.minDays} days`, lbs[0]!.urn);
      for (const s of stores) {
        const days = Number(s.props[LOG_STORES[s.type]!]);
        if (!(days >= cfg.minDays) && !(days === 0 && s.type === "aws:cloudwatch/logGroup:LogGroup")) report(`${s.name} keeps logs ${Number.isFinite(days) ? days : "an unset number of"} days, below ${cfg.minDays}`, s.urn);
      }
    },
  },
};

/** The compliance rules. */
export const COMPLIANCE_RULES: readonly KitRule[] = [requiredTags, dataClassificationTag, dataResidency, exportControl, cnFilingAndModeration, cnLogRetention];
