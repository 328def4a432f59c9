/**
 * The offline run: the very program `pulumi up` runs (`stacks/index.ts`), in-process under
 * Pulumi's runtime mocks, with the stack file's config. Validation and planning happen first, so
 * an invalid config registers nothing. One run per process (Pulumi's runtime state is global):
 * use cli/offline/session.ts to share it between readers.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { loadCatalog } from "../../catalog";
import { planDeployment, type DeploymentPlan } from "../../components/plan";
import { ConfigError, DEPLOYMENT_CONFIG_KEY, parseDeploymentSpec, PROJECT_NAME, type DeploymentSpec } from "../../components/spec";
import { setProgramPlan } from "../../components/program-plan";
import { mockOutputs, planAwareMockCalls } from "./mocks";
import { installRecorder, settle, type MockCalls, type MockOutputs, type RecordedResource } from "./recorder";
import { ProviderRegions, resolveComponentRegions } from "./regions";
import { disableStackCapture } from "./stack-capture";
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
    // First line of each error (stack frames belong to the debug log), without repeats.
    const lines = [...new Set(errors.map((e) => e.split("\n")[0]))];
    super(`The program failed under mocks:\n${lines.map((e) => `  - ${e}`).join("\n")}`);
    this.name = "OfflineRunError";
  }
}

/** Options of {@link runOffline}. */
export interface OfflineRunOptions {
  stack?: string;
  stackFile?: string;
  /** Loads the program module; defaults to requiring `stacks/index.ts` (needs a TypeScript loader such as tsx). */
  loadProgram?: () => Promise<unknown>;
  /**
   * Keep the SDK's call-stack capture on (source positions of each resource). Defaults to false:
   * an offline run never shows them, and capturing costs most of its time (see stack-capture.ts).
   */
  stackTraces?: boolean;
  /** Sees every answer the mocks give (resource outputs and invoke results), e.g. for tests. */
  observeMocks?: (answer: MockAnswer) => void;
  /** Let the program compute its `costEstimate` output as under `pulumi up` (see ProgramPlan.costEstimate). Defaults to false. */
  costEstimate?: boolean;
}

/** One answer of the offline mocks: outputs of a resource type or the result of an invoke. */
export interface MockAnswer {
  kind: "resource" | "invoke";
  /** Resource type or invoke token. */
  token: string;
  /** Region the answer was made for; undefined when unknown. */
  region?: string;
  answer: Record<string, unknown>;
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
  const moderation = spec.gateway ? spec.compliance?.moderation : undefined;
  for (const name of [spec.model.hubTokenSecret, spec.engine.apiKeySecret, moderation?.accessKeyIdSecret, moderation?.accessKeySecretSecret]) {
    if (!name) continue;
    const key = `${PROJECT_NAME}:${name}`;
    if (!(key in values)) {
      values[key] = OFFLINE_SECRET_PLACEHOLDER;
      secretKeys.push(key);
      notes.push(`${key} is not set in ${path.basename(config.file)}; a placeholder was used. Before \`pulumi up\`: pulumi config set --secret ${name} <value> --stack ${stack}`);
    }
  }

  const errors: string[] = [];
  const failed = failureSignal(errors);
  const restoreStacks = options.stackTraces ? () => undefined : disableStackCapture();
  try {
    const regions = new ProviderRegions();
    const { outputs, calls } = observedMocks(planAwareMockCalls(plan), options.observeMocks);
    const resources = await installRecorder({ project: PROJECT_NAME, stack, outputs, calls, regions });
    pulumi.runtime.setAllConfig(toRuntimeConfig(values), secretKeys);
    const load = options.loadProgram ?? (async () => require(defaultProgramPath()));
    // The program uses this plan instead of validating and planning the spec a second time.
    setProgramPlan({ stack, spec, plan, costEstimate: options.costEstimate });
    try {
      await load();
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    } finally {
      setProgramPlan(undefined);
    }
    // A failed output or invoke leaves registrations pending forever: stop at the first reported
    // error (or when the event loop drains with work still pending) instead of waiting on them.
    await Promise.race([settle(resources), failed.promise]);
    if (errors.length) throw new OfflineRunError(errors);
    return { stack, spec, plan, resources: resolveComponentRegions(resources), notes };
  } finally {
    restoreStacks();
    failed.dispose();
  }
}

/** The run's mock outputs and invoke results, each answer also passed to `observe` when given. */
function observedMocks(calls: MockCalls, observe?: (answer: MockAnswer) => void): { outputs: MockOutputs; calls: MockCalls } {
  if (!observe) return { outputs: mockOutputs, calls };
  return {
    outputs: (type, name, inputs, region) => {
      const answer = mockOutputs(type, name, inputs, region);
      observe({ kind: "resource", token: type, region, answer });
      return answer;
    },
    calls: (token, inputs, region) => {
      const answer = calls(token, inputs, region);
      observe({ kind: "invoke", token, region, answer });
      return answer;
    },
  };
}

/**
 * The program module: `stacks/index.ts` (needs a TypeScript loader such as tsx), or `stacks/index.js`
 * when this file itself runs compiled to JavaScript (`tsc --outDir`).
 */
export function defaultProgramPath(): string {
  const root = path.resolve(__dirname, "..", "..");
  return path.join(root, "stacks", __filename.endsWith(".js") ? "index.js" : "index.ts");
}

/**
 * Collects what makes an offline run fail — unhandled rejections, errors the Pulumi runtime logs
 * (a throwing `apply`, a failed invoke), a program that stalls until the event loop drains — and
 * resolves `promise` shortly after the first one, once related errors had a chance to arrive.
 */
export function failureSignal(errors: string[]): { promise: Promise<void>; dispose(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const log = require("@pulumi/pulumi/log") as { error: (msg: string, ...rest: unknown[]) => Promise<void> };
  const originalError = log.error;
  let signal: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    signal = () => setTimeout(resolve, 50);
  });
  const record = (message: string) => {
    errors.push(message);
    if (errors.length === 1) signal();
  };
  const onRejection = (reason: unknown) => record(reason instanceof Error ? reason.message : String(reason));
  const onBeforeExit = () => record("the program stopped with resources still pending (a failed output or invoke; see the errors above)");
  log.error = async (msg: string) => record(msg);
  process.on("unhandledRejection", onRejection);
  process.on("beforeExit", onBeforeExit);
  return {
    promise,
    dispose() {
      log.error = originalError;
      process.off("unhandledRejection", onRejection);
      process.off("beforeExit", onBeforeExit);
    },
  };
}
