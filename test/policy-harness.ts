/**
 * Harness of the policy tests: recorded-resource builders, a pinned stack context from a real stack
 * file (spec + plan through the planner), and `check()` running rules through the same offline
 * runner as `gpukit check` (props in `unknownCheckingProxy`, levels from a config).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PolicyPackConfig } from "@pulumi/policy";
import { planStack } from "../cli/offline/run";
import { runPolicies, type CheckResource, type Violation } from "../cli/format/check-run";
import { PACK_NAME, ruleNamed, setStackContext, type StackContext } from "../policies/rules";

/** `@pulumi/policy`'s sentinel of an unknown string (a value not known at preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A recorded resource of `type` named `name` (URN, parent and provider as the offline run writes them). */
export function res(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<CheckResource> = {}): CheckResource {
  return { type, name, urn: `urn:pulumi:test::gpu-inference::${type}::${name}`, custom: true, id: `${name}-id`, inputs, ...extra };
}

/** The spec and plan of a stack file (`stacks/Pulumi.<stack>.yaml` or a path). */
export function contextOf(stackOrFile: string): StackContext {
  const options = stackOrFile.includes("/") ? { stackFile: path.resolve(__dirname, stackOrFile) } : { stack: stackOrFile };
  const { stack, spec, plan } = planStack(options);
  return { stack, spec, plan };
}

/** Runs rule `name` (mandatory unless `config` says otherwise) over `resources` with `ctx` pinned. */
export async function check(name: string, resources: CheckResource[], ctx: StackContext | null, config: Record<string, unknown> = {}): Promise<Violation[]> {
  const rule = ruleNamed(name);
  if (!rule) throw new Error(`no rule ${name}`);
  setStackContext(ctx);
  try {
    const pack: PolicyPackConfig = { [name]: { enforcementLevel: "mandatory", ...config } };
    return (await runPolicies([rule.policy], resources, pack, { name: PACK_NAME, version: "0.1.0" })).violations;
  } finally {
    setStackContext(undefined);
  }
}

/** base64 of UTF-8 text (user-data). */
export const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

/** The required tags. */
export const TAGS = { environment: "dev", owner: "platform-team", "cost-center": "ml-platform" };

/** A config file: `env`'s config with every rule mandatory, plus `overrides`. */
export function strictConfig(env: string, overrides: Record<string, unknown> = {}): string {
  const base = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "policies", "config", `${env}.json`), "utf8")) as Record<string, unknown>;
  const strict: Record<string, unknown> = { all: "mandatory" };
  for (const [k, v] of Object.entries(base)) if (k !== "all") strict[k] = typeof v === "string" ? "mandatory" : { ...(v as object), enforcementLevel: "mandatory" };
  Object.assign(strict, overrides);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gpukit-policy-")), `${env}-strict.json`);
  fs.writeFileSync(file, JSON.stringify(strict));
  return file;
}

