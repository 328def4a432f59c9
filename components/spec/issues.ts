/**
 * Configuration problems as the kit reports them: a config path (`targets[1].gpu`), what was given,
 * what is allowed and a "did you mean" for near misses. Every stage (schema, catalog checks,
 * planning) collects all of its problems before failing, so a user fixes a stack file in one pass.
 */
import type * as pulumi from "@pulumi/pulumi";
import { distance } from "fastest-levenshtein";

/** One problem with the configuration. */
export interface ConfigIssue {
  /** Path inside the deployment spec, e.g. `targets[1].gpu`; empty for the root. */
  path: string;
  /** What is wrong, in one sentence. */
  message: string;
  /** The offending value, rendered as JSON, when there is one. */
  given?: string;
  /** The values allowed at this path, when they form a small set. */
  allowed?: string[];
  /** Nearest allowed value for a misspelling. */
  didYouMean?: string;
}

/** Thrown when the configuration is invalid; carries every problem found. */
export class ConfigError extends Error {
  /** Every problem, in spec order. */
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[], configKey = "gpu-inference:deployment") {
    super(`Invalid configuration ${configKey}:\n${issues.map((i) => `  - ${formatIssue(i)}`).join("\n")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }

  /** The same problems as Pulumi's `InputPropertiesError`, for the real `pulumi up` path. */
  toInputPropertiesError(): pulumi.InputPropertiesError {
    // Loaded on use: the CLI's pure commands (size) must not pay for loading the Pulumi SDK.
    const { InputPropertiesError } = require("@pulumi/pulumi") as typeof pulumi;
    return new InputPropertiesError({
      message: "Invalid gpu-inference:deployment configuration",
      errors: this.issues.map((i) => ({ propertyPath: i.path || "deployment", reason: formatIssue(i, false) })),
    });
  }
}

/** Renders a path array (`["targets", 1, "gpu"]`) as `targets[1].gpu`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** One line per issue: `path: message (given X; allowed: a, b; did you mean "c"?)`. */
export function formatIssue(issue: ConfigIssue, withPath = true): string {
  const details: string[] = [];
  if (issue.given !== undefined) details.push(`given ${issue.given}`);
  if (issue.allowed?.length) details.push(`allowed: ${issue.allowed.join(", ")}`);
  if (issue.didYouMean) details.push(`did you mean "${issue.didYouMean}"?`);
  const head = withPath && issue.path ? `${issue.path}: ` : "";
  return `${head}${issue.message}${details.length ? ` (${details.join("; ")})` : ""}`;
}

/**
 * The closest candidate to `value`: one that extends it (`A100` → `A100-40G`), else the nearest by
 * edit distance, case-insensitive, when close enough to be a plausible typo (distance ≤
 * max(2, length / 3)); otherwise undefined.
 */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const v = value.toLowerCase();
  const extended = candidates.find((c) => c.toLowerCase().startsWith(v) && c.length > v.length);
  if (v.length >= 3 && extended) return extended;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(v, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(value.length / 3));
  return bestDistance <= limit && bestDistance > 0 ? best : undefined;
}

/** Renders a value for the `given` field: JSON, cut to 80 characters. */
export function renderGiven(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
