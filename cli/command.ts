/**
 * The shape of a `gpukit` sub-command. Each command declares its options once ({@link CliOptions}:
 * type, value name, description, default); `cli/main.ts` turns them into a `commander` command, so
 * the help is generated from the declarations and cannot drift from what is parsed.
 */

/** Exit codes of every command: 0 done, 2 invalid input or config, 3 internal error. */
export const EXIT = { ok: 0, invalid: 2, internal: 3 } as const;

/** Where a command writes. Tests pass collectors; the CLI passes process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Thrown by a command for bad user input: printed to stderr with a pointer to the help, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * One option, declared once. The shape is also a valid `util.parseArgs` option (extra fields are
 * ignored there), so a command can be driven without `cli/main.ts` (bench/size-bench.ts does).
 */
export interface CliOption {
  /** `string` takes a value (`--stack <name>`); `boolean` is a flag (`--all`). */
  type: "string" | "boolean";
  /** Placeholder of the value in the help, e.g. `name` → `--stack <name>`; default `value`. */
  valueName?: string;
  /** One or two lines for the help: what it does, allowed values, default when computed. */
  description: string;
  /** Value when the option is absent; shown as `(default: …)` in the help. */
  default?: string;
}

/** Long option name (without `--`) → declaration, in help order. */
export type CliOptions = Readonly<Record<string, CliOption>>;

/** Parsed option values, keyed by long option name (`"stack-file"`); absent options are undefined. */
export type CliValues = Record<string, string | boolean | undefined>;

/** One sub-command. */
export interface CliCommand {
  /** Sub-command name, e.g. `plan`. */
  name: string;
  /** One line for `gpukit --help`. */
  summary: string;
  /** Text under the usage line of `gpukit <name> --help`, wrapped by the help (`\n` separates paragraphs); default {@link summary}. */
  description?: string;
  /** Positional arguments in commander syntax with their help, e.g. `[view]`; default none (extra positionals are an error). */
  arguments?: ReadonlyArray<{ syntax: string; description: string }>;
  options: CliOptions;
  /** Text after the generated options: figures, exit codes, examples. */
  helpAfter?: string;
  /** Runs the command; resolves to the exit code. Throw {@link UsageError} for bad input. */
  run(values: CliValues, positionals: string[], io: CliIo): Promise<number>;
}

/** The exit-code paragraph of a command's help. */
export const EXIT_CODES_HELP = "Exit codes: 0 done, 2 invalid input or config (every problem on stderr), 3 internal error.";

/** `Examples:` followed by one indented command per line. */
export function examplesHelp(examples: readonly string[]): string {
  return ["Examples:", ...examples.map((e) => `  ${e}`)].join("\n");
}

/** The string value of option `name`, trimmed; undefined when absent or given as a flag. */
export function stringValue(values: CliValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v.trim() : undefined;
}
