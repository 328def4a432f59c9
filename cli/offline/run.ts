/**
 * The offline run: the very program `pulumi up` runs (`stacks/index.ts`), in-process under
 * Pulumi's runtime mocks, with the stack file's config. Validation and planning happen first, so
 * an invalid config registers nothing. One run per process (Pulumi's runtime state is global).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { loadCatalog } from "../../catalog";
import { planDeployment, type DeploymentPlan } from "../../components/plan";
import { ConfigError, DEPLOYMENT_CONFIG_KEY, parseDeploymentSpec, PROJECT_NAME, type DeploymentSpec } from "../../components/spec";
import { mockCalls, mockOutputs } from "./mocks";
import { installRecorder, settle, type RecordedResource } from "./recorder";
import { OFFLINE_SECRET_PLACEHOLDER, readStackConfig, toRuntimeConfig } from "./stack-file";

/** Result of {@link runOffline}. */
export interface OfflineRunResult {
  stack: string;
  spec: DeploymentSpec;
  plan: DeploymentPlan;
  resources: RecordedResource[];
  /** Notes about the offline run itself (placeholder secrets). */
  notes: string[];
}

/** The program failed while registering resources (exit code 3). */
export class OfflineRunError extends Error {
  constructor(readonly errors: string[]) {
    super(`The program failed under mocks:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
    this.name = "OfflineRunError";
  }
}

/** Options of {@link runOffline}. */
export interface OfflineRunOptions {
  stack?: string;
  stackFile?: string;
  /** Loads the program module; defaults to requiring `stacks/index.ts` (needs a TypeScript loader such as tsx). */
  loadProgram?: () => Promise<unknown>;
}

/** Full config key of the spec. */
const SPEC_KEY = `${PROJECT_NAME}:${DEPLOYMENT_CONFIG_KEY}`;

/** Validates and plans a stack without registering anything; throws ConfigError with every problem. */
export function planStack(options: Pick<OfflineRunOptions, "stack" | "stackFile">): { stack: string; spec: DeploymentSpec; plan: DeploymentPlan; config: ReturnType<typeof readStackConfig> } {
  const config = readStackConfig(options);
  const raw = config.values[SPEC_KEY];
  if (raw === undefined) {
    throw new ConfigError([{ path: "", message: `${config.file} has no ${SPEC_KEY} key` }]);
  }
  const catalog = loadCatalog();
  const spec = parseDeploymentSpec(raw, catalog);
  return { stack: config.stack, spec, plan: planDeployment(spec, config.stack, catalog), config };
}

/** Runs the program for a stack under mocks and records every resource it registers. */
export async function runOffline(options: OfflineRunOptions): Promise<OfflineRunResult> {
  const { stack, spec, plan, config } = planStack(options);
  const notes: string[] = [];
  const values = { ...config.values };
  const secretKeys = [...config.secretKeys];
  for (const name of [spec.model.hubTokenSecret, spec.engine.apiKeySecret]) {
    if (!name) continue;
    const key = `${PROJECT_NAME}:${name}`;
    if (!(key in values)) {
      values[key] = OFFLINE_SECRET_PLACEHOLDER;
      secretKeys.push(key);
      notes.push(`${key} is not set in ${path.basename(config.file)}; a placeholder was used. Before \`pulumi up\`: pulumi config set --secret ${name} <value> --stack ${stack}`);
    }
  }

  const errors: string[] = [];
  const onRejection = (reason: unknown) => errors.push(reason instanceof Error ? reason.message : String(reason));
  process.on("unhandledRejection", onRejection);
  try {
    const resources = await installRecorder({ project: PROJECT_NAME, stack, outputs: mockOutputs, calls: mockCalls });
    pulumi.runtime.setAllConfig(toRuntimeConfig(values), secretKeys);
    const load = options.loadProgram ?? (async () => require(path.resolve(__dirname, "..", "..", "stacks", "index.ts")));
    try {
      await load();
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    await settle(resources);
    if (errors.length) throw new OfflineRunError(errors);
    return { stack, spec, plan, resources, notes };
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}
