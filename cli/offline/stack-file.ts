/**
 * Reads a Pulumi stack file (`stacks/Pulumi.<stack>.yaml`) without the Pulumi CLI: the `config:`
 * map, with `secure:` values replaced by a placeholder (they cannot be decrypted offline) and kept
 * marked as secret.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { UsageError } from "../command";

/** Placeholder value for secrets in offline runs; never a real credential. */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-placeholder-secret";

/** The config of one stack as the runtime sees it. */
export interface StackConfig {
  /** Stack name (from `--stack`, or the file name `Pulumi.<name>.yaml`). */
  stack: string;
  /** Absolute path of the stack file. */
  file: string;
  /** `namespace:key` → raw value (objects kept as objects). */
  values: Record<string, unknown>;
  /** Keys whose value is `secure:` in the file. */
  secretKeys: string[];
}

/** Directory that holds the stack files (`stackConfigDir` of Pulumi.yaml). */
export const STACKS_DIR = path.resolve(__dirname, "..", "..", "stacks");

/** Resolves `--stack <name>` or `--stack-file <path>` to a file and a stack name. */
export function resolveStackFile(options: { stack?: string; stackFile?: string }): { stack: string; file: string } {
  if (options.stack && options.stackFile) throw new UsageError("Use either --stack or --stack-file, not both");
  if (options.stackFile) {
    const file = path.resolve(options.stackFile);
    const match = /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file));
    return { stack: options.stack ?? (match ? match[1] : path.basename(file).replace(/\.ya?ml$/, "")), file };
  }
  if (!options.stack) throw new UsageError("Missing --stack <name> (or --stack-file <path>)");
  return { stack: options.stack, file: path.join(STACKS_DIR, `Pulumi.${options.stack}.yaml`) };
}

/** Reads and parses a stack file. Throws {@link UsageError} for a missing file or bad YAML. */
export function readStackConfig(options: { stack?: string; stackFile?: string }): StackConfig {
  const { stack, file } = resolveStackFile(options);
  if (!fs.existsSync(file)) {
    const known = fs.existsSync(STACKS_DIR)
      ? fs.readdirSync(STACKS_DIR).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => Boolean(s))
      : [];
    throw new UsageError(`Stack file not found: ${file}${known.length ? ` (stacks: ${known.join(", ")})` : ""}`);
  }
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  const config = (doc as { config?: unknown } | null)?.config;
  if (!config || typeof config !== "object" || Array.isArray(config)) {
    throw new UsageError(`${file} has no config: map`);
  }
  const values: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value) {
      values[key] = OFFLINE_SECRET_PLACEHOLDER;
      secretKeys.push(key);
    } else {
      values[key] = value;
    }
  }
  return { stack, file, values, secretKeys };
}

/** Config as `pulumi.runtime.setAllConfig` wants it: string values (objects as JSON). */
export function toRuntimeConfig(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}
