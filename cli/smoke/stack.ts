/**
 * What `gpukit smoke --stack <name>` learns from the stack: the endpoint from the stack's outputs
 * (`pulumi stack output --json`, which needs the Pulumi CLI), and from the stack file's spec and
 * plan (`planStack`, offline) the served model name (the spec's model id), the engine's readiness
 * path and the plan's bounds for the first target (the one the `endpoint` output points at).
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { UsageError } from "../command";
import type { DeploymentPlan } from "../../components/plan/types";
import type { PlanBounds } from "./run";
import { endpointBase } from "./options";

/** Directory of Pulumi.yaml, where `pulumi stack output` must run. */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** Reads a stack's outputs; resolves to the parsed JSON object. Throws {@link UsageError} with the way out. */
export type StackOutputReader = (stack: string) => Promise<Record<string, unknown>>;

/**
 * Reads outputs with `<pulumi> stack output --json --stack <stack>` in {@link PROJECT_DIR}
 * (timeout 60 s). `pulumi` is the CLI binary (default `pulumi`, found on PATH).
 */
export function pulumiStackOutputs(pulumi = "pulumi"): StackOutputReader {
  return (stack) =>
    new Promise((resolve, reject) => {
      execFile(pulumi, ["stack", "output", "--json", "--stack", stack], { cwd: PROJECT_DIR, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) {
          if ((error as NodeJS.ErrnoException).code === "ENOENT") {
            reject(
              new UsageError(
                `The Pulumi CLI (${pulumi}) is not on PATH, so the outputs of stack ${stack} cannot be read. ` +
                  `Pass --endpoint <url> (the stack's \`endpoint\` output); with --stack too, the model and the plan's bounds still come from the stack file.`,
              ),
            );
            return;
          }
          const said = String(stderr || error.message).trim().split("\n")[0];
          reject(new UsageError(`\`${pulumi} stack output --json --stack ${stack}\` failed: ${said}. Pass --endpoint <url> to smoke an endpoint directly.`));
          return;
        }
        try {
          const parsed = JSON.parse(stdout) as unknown;
          if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not a JSON object");
          resolve(parsed as Record<string, unknown>);
        } catch (e) {
          reject(new UsageError(`\`${pulumi} stack output --json --stack ${stack}\` did not print a JSON object (${(e as Error).message})`));
        }
      });
    });
}

/** The endpoint URL in a stack's outputs (`endpoint`), as a base URL; throws when it has none. */
export function endpointFromOutputs(stack: string, outputs: Record<string, unknown>): string {
  const endpoint = outputs.endpoint;
  if (typeof endpoint !== "string" || endpoint.trim() === "") {
    throw new UsageError(`Stack ${stack} has no \`endpoint\` output (has \`pulumi up\` run for it?). Pass --endpoint <url> to smoke an endpoint directly.`);
  }
  return endpointBase(endpoint.trim());
}

/** Readiness path and bounds of the plan's first target; notes when the stack has several targets. */
export function planFacts(plan: DeploymentPlan): { readinessPath: string; bounds: PlanBounds; notes: string[] } {
  const [first, ...others] = plan.targets;
  const notes = others.length
    ? [`stack ${plan.stack} has ${plan.targets.length} targets; smoking the first, ${first.name} (the \`endpoint\` output). Others: ${others.map((t) => t.name).join(", ")} (their URLs are in the \`endpoints\` output; pass one with --endpoint).`]
    : [];
  return {
    readinessPath: first.engine.readinessPath,
    bounds: {
      target: first.name,
      latencyBoundMsPerToken: first.latencyBoundMsPerToken,
      maxConcurrentSequences: first.maxConcurrentSequences,
      engines: first.replicas.min * first.dataParallel,
    },
    notes,
  };
}
